"""iCalendar files: parsed back, their rules give the same dates as the site, across DST."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from dateutil.rrule import rrulestr
from icalendar import Calendar

from generator.catalog import Catalog
from generator.exports.calendar import group_calendars
from generator.recurrence import next_occurrences
from test_exports_catalog import SETTINGS, catalog  # noqa: F401

COUNT = 12


@pytest.fixture(scope="module")
def files(catalog: Catalog) -> dict[str, bytes]:  # noqa: F811
    return group_calendars(catalog, SETTINGS)


def _events(content: bytes) -> list:
    return Calendar.from_ical(content).walk("VEVENT")


def _expand(event, after: dt.datetime, count: int) -> list[dt.datetime]:
    start = event.decoded("dtstart")
    rule = rrulestr(event["rrule"].to_ical().decode(), dtstart=start)
    found = []
    for moment in rule:
        # A wall-clock time keeps its zone; normalise through UTC as a calendar app would.
        moment = moment.astimezone(dt.timezone.utc)
        if moment >= after:
            found.append(moment)
            if len(found) == count:
                break
    return found


def test_one_file_per_group_with_meetings(files: dict[str, bytes]) -> None:
    groups = {path for path in files if path.startswith("groups/")}
    assert groups == {
        "groups/fictional-closed-group.ics", "groups/fictional-evening-circle.ics",
        "groups/fictional-online-peers.ics", "groups/fictional-paused-group.ics",
    }  # fictional-no-times has no meetings, so no calendar


def test_events_match_next_occurrences_across_dst(files: dict[str, bytes], catalog: Catalog) -> None:  # noqa: F811
    checked = 0
    for group in catalog.groups:
        if group.status != "active" or not group.meetings:
            continue
        events = {str(e["uid"]): e for e in _events(files[f"groups/{group.id}.ics"])}
        assert len(events) == len(group.meetings)
        for index, meeting in enumerate(group.meetings):
            event = events[f"{group.id}-{index + 1}@peer-support-directory"]
            start = event.decoded("dtstart")
            assert start.tzinfo is not None and str(event["dtstart"].params["TZID"]) == meeting.timezone
            expected = [m.astimezone(dt.timezone.utc) for m in next_occurrences(meeting, SETTINGS.now, COUNT)]
            assert _expand(event, SETTINGS.now, COUNT) == expected, (group.id, index)
            duration = event.decoded("dtend") - start
            assert duration == dt.timedelta(minutes=meeting.minutes)
            checked += 1
    assert checked == 5


def test_the_range_really_crosses_a_clock_change(catalog: Catalog) -> None:  # noqa: F811
    circle = next(g for g in catalog.groups if g.id == "fictional-evening-circle")
    utc_hours = {m.astimezone(dt.timezone.utc).hour for m in next_occurrences(circle.meetings[0], SETTINGS.now, COUNT)}
    assert utc_hours == {18, 17}  # 18:30 GMT, then 18:30 BST
    peers = next(g for g in catalog.groups if g.id == "fictional-online-peers")
    utc_hours = {m.astimezone(dt.timezone.utc).hour for m in next_occurrences(peers.meetings[0], SETTINGS.now, COUNT)}
    assert utc_hours == {1, 0}  # 20:00 EST, then 20:00 EDT


def test_first_occurrence_and_rules(files: dict[str, bytes]) -> None:
    events = {str(e["uid"]): e for e in _events(files["groups/fictional-evening-circle.ics"])}
    weekly = events["fictional-evening-circle-1@peer-support-directory"]
    assert weekly.decoded("dtstart") == dt.datetime(2026, 3, 3, 18, 30, tzinfo=ZoneInfo("Europe/London"))
    assert weekly["rrule"].to_ical() == b"FREQ=WEEKLY;BYDAY=TU,TH;WKST=MO"
    fortnightly = events["fictional-evening-circle-3@peer-support-directory"]
    assert fortnightly.decoded("dtstart").date() == dt.date(2026, 1, 7)  # starts_on anchors the fortnight
    monthly = events["fictional-evening-circle-2@peer-support-directory"]
    assert monthly["rrule"].to_ical() == b"FREQ=MONTHLY;BYDAY=1SA,-1SA"
    assert str(weekly["location"]) == "1 Fictional Street, Unit 2, London, EC1A 1AA, GB"
    assert str(weekly["url"]) == "https://example.org/groups/fictional-evening-circle/"
    assert weekly.decoded("dtstamp") == SETTINGS.now
    assert "https://example.org/groups/fictional-evening-circle/" in str(weekly["description"])
    assert "https://meet.example.org/fictional-circle" in str(fortnightly["description"])


def test_every_zone_has_a_vtimezone(files: dict[str, bytes]) -> None:
    for path, content in files.items():
        calendar = Calendar.from_ical(content)
        zones = {str(tz["tzid"]) for tz in calendar.walk("VTIMEZONE")}
        used = {str(e["dtstart"].params["TZID"]) for e in calendar.walk("VEVENT")}
        assert zones == used, path
        assert content.startswith(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")


def test_no_link_when_given_on_request(files: dict[str, bytes]) -> None:
    content = files["groups/fictional-online-peers.ics"].decode()
    assert "given on request" in content
    assert "meet.example.org" not in content
    late = next(e for e in _events(files["groups/fictional-online-peers.ics"]) if "Late night" in str(e["summary"]))
    assert b"UNTIL=20261221T045959Z" in late["rrule"].to_ical()  # 23:59:59 New York time on ends_on


def test_paused_and_closed_groups_have_no_events(files: dict[str, bytes]) -> None:
    for group_id in ("fictional-paused-group", "fictional-closed-group"):
        assert _events(files[f"groups/{group_id}.ics"]) == []


def test_topic_and_country_bundles(files: dict[str, bytes], catalog: Catalog) -> None:  # noqa: F811
    topics = {p for p in files if p.startswith("api/v1/calendars/topics/")}
    assert topics == {f"api/v1/calendars/topics/{t}.ics" for t in catalog.vocabularies["topics"].terms}
    grief = {str(e["uid"]) for e in _events(files["api/v1/calendars/topics/grief.ics"])}
    assert grief == {f"fictional-evening-circle-{i}@peer-support-directory" for i in (1, 2, 3)}  # not the closed group
    assert _events(files["api/v1/calendars/topics/loneliness.ics"]) == []  # the paused group
    countries = {p for p in files if p.startswith("api/v1/calendars/countries/")}
    assert countries == {f"api/v1/calendars/countries/{c}.ics" for c in ("gb", "ie", "us")}
    us = {str(e["uid"]) for e in _events(files["api/v1/calendars/countries/us.ics"])}
    assert us == {"fictional-online-peers-1@peer-support-directory", "fictional-online-peers-2@peer-support-directory"}
    zones = {str(tz["tzid"]) for tz in Calendar.from_ical(files["api/v1/calendars/countries/us.ics"]).walk("VTIMEZONE")}
    assert zones == {"America/New_York"}


def test_hostile_text_is_escaped(files: dict[str, bytes]) -> None:
    event = _events(files["groups/fictional-evening-circle.ics"])[0]
    assert str(event["summary"]) == 'Fictional Evening Circle </script> "quoted", comma: Evening group'
    assert b'SUMMARY:Fictional Evening Circle </script> "quoted"\\, comma' in files["groups/fictional-evening-circle.ics"]

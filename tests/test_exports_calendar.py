"""iCalendar files: parsed back, their rules give the same dates as the site, across DST."""

from __future__ import annotations

import dataclasses
import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from dateutil.rrule import rrulestr
from hypothesis import given, settings, strategies as st
from icalendar import Calendar, Event, vRecur, vText
from icalendar.parser import Contentline

from generator.contract.catalog import Catalog
from generator.exports.calendar import (
    PRODID, _calendar, _description, _location_text, event_uid, folded, group_calendars, meeting_event,
)
from generator.exports.common import is_online, is_physical, meeting_attendance, page_url
from generator.contract.recurrence import first_occurrence, has_calendar
from generator.contract.recurrence import next_occurrences, rrule_string
from fictional import SETTINGS

COUNT = 12


@pytest.fixture(scope="module")
def files(fictional_catalog: Catalog) -> dict[str, bytes]:
    return {path: bytes(content) for path, content in group_calendars(fictional_catalog, SETTINGS).items()}


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


def test_one_file_per_active_group_with_meetings(files: dict[str, bytes], fictional_catalog: Catalog) -> None:
    groups = {path for path in files if path.startswith("groups/")}
    # fictional-no-times lists no meetings; the paused and closed groups have no events to publish
    assert groups == {f"groups/fictional-{name}.ics" for name in (
        "evening-circle", "online-peers", "grief-circle-leeds", "online-anxiety-es", "hostile-text-group", "riverside-circle")}
    assert {f"groups/{g.id}.ics" for g in fictional_catalog.groups if has_calendar(g, SETTINGS.now)} == groups


def test_every_calendar_holds_an_event(files: dict[str, bytes]) -> None:
    # RFC 5545: a VCALENDAR holds at least one component; time zones alone show nothing.
    for path, content in files.items():
        calendar = Calendar.from_ical(content)
        assert [c.name for c in calendar.subcomponents if c.name != "VTIMEZONE"], path
        assert calendar.walk("VEVENT"), path


def test_a_group_whose_meetings_have_all_ended_has_no_calendar(fictional_catalog: Catalog) -> None:
    group = next(g for g in fictional_catalog.groups if g.id == "fictional-online-peers")
    ended = group.model_copy(update={"meetings": [m.model_copy(update={"starts_on": None, "ends_on": SETTINGS.now.date() - dt.timedelta(days=30)}) for m in group.meetings]})
    assert not has_calendar(ended, SETTINGS.now)
    assert group_calendars(dataclasses.replace(fictional_catalog, groups=[ended]), SETTINGS) == {}


def test_events_match_next_occurrences_across_dst(files: dict[str, bytes], fictional_catalog: Catalog) -> None:
    checked = 0
    for group in fictional_catalog.groups:
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
    assert checked == 9  # every meeting of the six groups with a calendar


def test_the_range_really_crosses_a_clock_change(fictional_catalog: Catalog) -> None:
    circle = next(g for g in fictional_catalog.groups if g.id == "fictional-evening-circle")
    utc_hours = {m.astimezone(dt.timezone.utc).hour for m in next_occurrences(circle.meetings[0], SETTINGS.now, COUNT)}
    assert utc_hours == {18, 17}  # 18:30 GMT, then 18:30 BST
    peers = next(g for g in fictional_catalog.groups if g.id == "fictional-online-peers")
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


def test_paused_and_closed_groups_have_no_calendar(files: dict[str, bytes], fictional_catalog: Catalog) -> None:
    for group_id in ("fictional-winter-break-group", "fictional-former-monday-group"):
        assert f"groups/{group_id}.ics" not in files
        group = next(g for g in fictional_catalog.groups if g.id == group_id)
        assert group.meetings and not has_calendar(group, SETTINGS.now)


def test_topic_and_country_bundles(files: dict[str, bytes], fictional_catalog: Catalog) -> None:
    topics = {p for p in files if p.startswith("api/v1/calendars/topics/")}
    active = [g for g in fictional_catalog.groups if has_calendar(g, SETTINGS.now)]
    # A topic's calendar holds the meetings one can join online (online or hybrid), from anywhere.
    online = [g for g in active if any(is_online(meeting_attendance(g, m)) for m in g.meetings)]
    assert topics == {f"api/v1/calendars/topics/{t}.ics" for g in online for t in g.topics}
    assert len(topics) < len(fictional_catalog.vocabularies["topics"].terms)  # topics without meetings have none
    grief = {str(e["uid"]) for e in _events(files["api/v1/calendars/topics/grief.ics"])}
    # The evening circle's online fortnightly meeting (its others are in person); not the closed
    # groups; not the Leeds circle, which meets in person only (it is in GB's calendar).
    assert grief == {"fictional-evening-circle-3@peer-support-directory"}
    assert "fictional-grief-circle-leeds-1@peer-support-directory" in {str(e["uid"]) for e in _events(files["api/v1/calendars/countries/gb.ics"])}
    assert "api/v1/calendars/topics/loneliness.ics" not in files  # its only group meets in person
    assert "api/v1/calendars/topics/perinatal.ics" not in files  # only a paused group
    countries = {p for p in files if p.startswith("api/v1/calendars/countries/")}
    assert countries == {f"api/v1/calendars/countries/{c}.ics" for c in ("gb", "us", "es", "mx")}  # IE: only paused and closed groups
    us = {str(e["uid"]) for e in _events(files["api/v1/calendars/countries/us.ics"])}
    assert us == {"fictional-online-peers-1@peer-support-directory", "fictional-online-peers-2@peer-support-directory",
                  "fictional-hostile-text-group-1@peer-support-directory"}
    zones = {str(tz["tzid"]) for tz in Calendar.from_ical(files["api/v1/calendars/countries/us.ics"]).walk("VTIMEZONE")}
    assert zones == {"America/New_York", "America/Chicago"}


def test_bundles_carry_each_event_with_a_brief_description(files: dict[str, bytes], fictional_catalog: Catalog) -> None:
    circle = next(g for g in fictional_catalog.groups if g.id == "fictional-evening-circle")
    own = {str(e["uid"]): e for e in _events(files["groups/fictional-evening-circle.ics"])}
    bundled = {str(e["uid"]): e for e in _events(files["api/v1/calendars/countries/gb.ics"]) if str(e["uid"]) in own}
    assert set(bundled) == set(own)
    online = {str(e["uid"]): e for e in _events(files["api/v1/calendars/topics/grief.ics"]) if str(e["uid"]) in own}
    assert online and all(online[uid].to_ical() == bundled[uid].to_ical() for uid in online)  # the same brief event
    for uid, event in bundled.items():
        full, brief = str(own[uid]["description"]), str(event["description"])
        assert circle.summary in full and circle.summary not in brief
        assert brief.startswith("How to join: ") and brief.endswith("Listing: https://example.org/groups/fictional-evening-circle/")
        assert len(brief) < len(full)
        # Everything else about the event is the same.
        for prop in ("summary", "dtstart", "dtend", "rrule", "location", "url"):
            assert own[uid][prop].to_ical() == event[prop].to_ical(), prop
    # An online meeting's link stays (the fortnightly meeting is online).
    assert any("Join online: https://meet.example.org/fictional-circle" in str(e["description"]) for e in bundled.values())


def test_hostile_text_is_escaped(files: dict[str, bytes]) -> None:
    event = _events(files["groups/fictional-evening-circle.ics"])[0]
    assert str(event["summary"]) == 'Fictional Evening Circle </script> "quoted", comma: Evening group'
    assert b'SUMMARY:Fictional Evening Circle </script> "quoted"\\, comma' in files["groups/fictional-evening-circle.ics"]


# --- the files are what icalendar itself writes ------------------------------------------------
# group_calendars() writes content lines itself, for speed; these build the same events and
# calendar heads through icalendar's components, as the exporter used to, and compare bytes.


def _library_event(fictional_catalog: Catalog, group, index: int) -> bytes | None:
    meeting = group.meetings[index]
    start = first_occurrence(meeting, SETTINGS.now)
    if start is None:
        return None
    end = (start.astimezone(dt.timezone.utc) + dt.timedelta(minutes=meeting.minutes)).astimezone(ZoneInfo(meeting.timezone))
    modes = meeting_attendance(group, meeting)
    event = Event()
    event.add("uid", event_uid(group, index))
    event.add("dtstamp", SETTINGS.now.astimezone(dt.timezone.utc))
    event.add("dtstart", start)
    event.add("dtend", end)
    event.add("rrule", vRecur.from_ical(rrule_string(meeting)))
    event.add("summary", f"{group.name}: {meeting.title}" if meeting.title else group.name)
    event.add("description", _description(fictional_catalog, group, meeting, SETTINGS, modes))
    event.add("url", page_url(SETTINGS, group))
    if is_physical(modes) and group.location is not None:
        event.add("location", _location_text(group))
        if group.location.latitude is not None and group.location.longitude is not None:
            event.add("geo", (group.location.latitude, group.location.longitude))
    elif is_online(modes):
        event.add("location", "Online")
    elif "phone" in modes:
        event.add("location", "By phone")
    return event.to_ical()


def _library_head(name: str, description: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    for prop, value in (("name", name), ("x-wr-calname", name), ("description", description), ("x-wr-caldesc", description)):
        calendar.add(prop, vText(value))
    calendar.add("refresh-interval", dt.timedelta(days=1), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "P1D")
    return calendar.to_ical()


def _awkward_texts() -> list[str]:
    """Texts that fold at every length around 75 octets, with multi-byte characters, TEXT escapes
    (\\ ; , newline) and RFC 6868 carets falling on the fold."""
    texts = ["Fictional", 'Fictional; "quoted", back\\slash\nnew line']
    for filler in ("x", "é", "中", "😀", "\\", ",", "^", ";"):
        for length in [*range(55, 95), *range(95, 170, 5)]:
            texts.append("Fictional " + (("ab" + filler) * length)[:length])
    return texts


def test_events_are_what_icalendar_writes(fictional_catalog: Catalog) -> None:
    checked = 0
    for group in fictional_catalog.groups:
        variants = [group] + [
            group.model_copy(update={"name": text, "summary": text}) for text in _awkward_texts()
        ]
        for variant in variants:
            for index in range(len(variant.meetings)):
                assert meeting_event(fictional_catalog, variant, index, SETTINGS) == _library_event(fictional_catalog, variant, index), (variant.name, index)
                checked += 1
    assert checked > 500


def test_calendar_heads_are_what_icalendar_writes() -> None:
    for text in _awkward_texts():
        ours = _calendar(text, f"{text} description", [])
        assert ours == _library_head(text, f"{text} description"), text


def test_a_calendar_names_its_group_once_and_credits_the_data(files: dict[str, bytes]) -> None:
    """NAME and X-WR-CALNAME are the group's name; the description is the CC BY credit alone (the
    events carry the group's name and page again); no event says TRANSP:OPAQUE, its default."""
    from fictional import QUOTED_NAME

    credit = "Data: Peer Support Directory contributors, CC BY 4.0."
    calendar = Calendar.from_ical(files["groups/fictional-evening-circle.ics"])
    def escaped(text: str) -> str:  # icalendar leaves the TEXT escapes of NAME and X- properties in place
        return vText(text).to_ical().decode("utf-8")

    assert str(calendar["name"]) == str(calendar["x-wr-calname"]) == escaped(QUOTED_NAME)
    assert str(calendar["description"]) == credit and str(calendar["x-wr-caldesc"]) == escaped(credit)
    for path, content in files.items():
        parsed = Calendar.from_ical(content)
        assert str(parsed["x-wr-caldesc"]).endswith(escaped(credit)), path
        assert all("TRANSP" not in event for event in parsed.walk("VEVENT")), path


# Characters of every UTF-8 length, and the escape characters the library keeps with what follows.
_LINE_CHARACTERS = st.sampled_from(["a", " ", "\\", "^", ";", ",", "é", "·", "€", "中", "𝄞", "🙂", "\u200b"])


@settings(max_examples=400, deadline=None)
@given(st.lists(_LINE_CHARACTERS, max_size=400).map("".join), st.integers(min_value=0, max_value=80))
def test_folding_is_the_librarys(text: str, pad: int) -> None:
    """calendar.folded() on the octets gives exactly icalendar's Contentline.to_ical() (which
    the calendars used before it, at most of their cost), at every length and alignment."""
    line = "DESCRIPTION:" + "x" * pad + text
    assert folded(line.encode()) == Contentline(line).to_ical()


def test_folding_keeps_escapes_and_characters_whole() -> None:
    line = "DESCRIPTION:" + "a" * 61 + "\\n" + "é" * 40
    result = folded(line.encode())
    assert result == Contentline(line).to_ical()
    pieces = result.split(b"\r\n ")
    assert all(len(piece) <= 74 for piece in pieces) and len(pieces) > 1
    assert pieces[1].startswith(b"\\n")  # the escape went with its letter
    assert b"".join(pieces).decode() == line

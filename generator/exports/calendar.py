"""iCalendar files: one per group with meetings, and bundles per topic and per country.

groups/<id>.ics                         the group's meetings, one VEVENT each
api/v1/calendars/countries/<cc>.ics     meetings of the active groups in a country (lower-case code)
api/v1/calendars/topics/<term>.ics      the online and hybrid meetings of the active groups on a
                                        topic: those anyone can join from anywhere

The topic and country calendars carry each event with a brief description (how to join, the
meeting link, the listing's address), not the group's summary and notes again. A topic calendar
holds only what can be joined online: one of the whole world's in-person meetings on a topic is
of use to few of its subscribers, who find those near them in their country's calendar. (At
50,000 listings the topic calendars of every meeting were 52 MB, each meeting in two or three;
of online ones, about a fifth of that.)

Each VEVENT starts (DTSTART with the meeting's TZID) at its first occurrence: the first at or after
`starts_on` when it has one, otherwise the first after the build time; it repeats by the RRULE of
`generator.contract.recurrence.rrule_string`, so clients compute the same dates as the site across
daylight-saving changes. VTIMEZONEs are built from the IANA database: the zone's current rule as
RRULEs where it holds from the year before the calendar's earliest event (`vtimezone.py`). A meeting link appears only
when the group publishes it (never with `link_on_request`).

A calendar always holds at least one event: RFC 5545 requires a VCALENDAR to hold a component,
and a calendar of time zones alone shows nothing. So a calendar with no event is not published:
no file for a paused or closed group, nor for a group whose meetings have all ended, nor for a
topic or country without an active group's meeting. `has_calendar` says whether a group has
one, so that nothing links to a calendar that is not there.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from functools import cache

from icalendar import vDatetime, vDuration, vGeo, vRecur, vText, vUri
from icalendar.parser import Parameters

from generator.contract.catalog import Catalog
from generator.exports.vtimezone import vtimezone
from generator.exports.common import (
    API, ATTRIBUTION, LICENSE, calendar_path, is_online, is_physical, meeting_attendance, page_url, public_meeting_link,
)
from generator.contract.models import Group
from generator.contract.models.meeting import Meeting
from generator.contract.recurrence import first_occurrence, rrule_string, zone
from generator.build.products import BuildSettings, FileContent, Streamed, per_record

PRODID = "-//Peer Support Directory//Open data//EN"
UID_DOMAIN = "peer-support-directory"


def event_uid(group: Group, index: int) -> str:
    """Stable across builds: the group id and the meeting's position (1-based)."""
    return f"{group.id}-{index + 1}@{UID_DOMAIN}"


# --- content lines --------------------------------------------------------------------------
# Files are written line by line rather than through icalendar's Calendar and Event: building
# and serialising components costs far more than the files' content (a few seconds for 10,000
# listings). The library still writes every value (TEXT escaping, dates, rules, parameters) and
# builds the VTIMEZONEs; long lines are folded as it folds them (`folded`); the properties come in
# the order its components use (canonical ones first, then alphabetical), which tests check
# against the library itself.

_FOLD_AT = 75  # octets; icalendar folds a line that reaches it and leaves shorter ones as they are
_ESCAPES = (ord("\\"), ord("^"))  # TEXT and parameter escapes, kept with what they escape


def folded(data: bytes) -> bytes:
    """A UTF-8 content line folded exactly as icalendar's Contentline.to_ical() folds it (RFC 5545
    3.1): pieces of at most 74 octets, never inside a character, and a piece never ends with an
    escape character (it moves to the next piece). Done on the octets: the library's per-character
    loop was most of the calendars' cost. tests/test_exports_calendar.py compares the two."""
    pieces = []
    start, size = 0, len(data)
    while size - start >= _FOLD_AT:
        end = start + _FOLD_AT - 1
        while data[end] & 0xC0 == 0x80:  # a continuation octet: fold before its character
            end -= 1
        if end - start > 1 and data[end - 1] in _ESCAPES:
            end -= 1
        pieces.append(data[start:end])
        start = end
    pieces.append(data[start:])
    return b"\r\n ".join(pieces)


def _line(name: str, value: bytes, params: str = "") -> bytes:
    """One content line with its CRLF, folded when it is too long."""
    data = name.encode() + params.encode() + b":" + value
    if len(data) < _FOLD_AT:
        return data + b"\r\n"
    return folded(data) + b"\r\n"


def _text(name: str, value: str) -> bytes:
    return _line(name, vText(value).to_ical())


@cache
def _tzid(tzid: str) -> str:
    return ";" + Parameters({"TZID": tzid}).to_ical().decode()


def _zoned(name: str, moment: dt.datetime) -> bytes:
    """A DATE-TIME with the TZID of its zone."""
    return _line(name, vDatetime(moment).to_ical(), _tzid(moment.tzinfo.key))  # type: ignore[union-attr]


@cache
def _rrule(rule: str) -> bytes:
    # The library orders the rule's parts its own way (UNTIL after FREQ); few rules are distinct.
    return _line("RRULE", vRecur.from_ical(rule).to_ical())


def _location_text(group: Group) -> str | None:
    location = group.location
    if location is None:
        return None
    parts = [location.address, location.locality, location.postal_code, location.country]
    return ", ".join(part for part in parts if part)


def _description(catalog: Catalog, group: Group, meeting: Meeting, settings: BuildSettings, modes: list[str],
                 brief: bool = False) -> str:
    """The event's description. `brief` (in the topic and country calendars, which carry every
    meeting again) leaves out the group's summary, the meeting's notes, the joining instructions
    and the venue notes: how to join, the meeting link and the listing's address stay."""
    lines = [] if brief else [group.summary]
    if meeting.notes and not brief:
        lines.append(meeting.notes)
    joining = f"How to join: {catalog.label('joining', group.joining.method)}."
    if group.joining.instructions and not brief:
        joining += " " + group.joining.instructions
    lines.append(joining)
    if is_online(modes):
        link = public_meeting_link(group)
        if link:
            lines.append(f"Join online: {link}")
        elif group.joining.link_on_request:
            lines.append("The meeting link is given on request; see the listing.")
    if is_physical(modes) and group.location and group.location.venue_notes and not brief:
        lines.append(group.location.venue_notes)
    lines.append(f"Listing: {page_url(settings, group)}")
    return "\n\n".join(lines)


def meeting_event(catalog: Catalog, group: Group, index: int, settings: BuildSettings) -> bytes | None:
    """The meeting's VEVENT, serialised; None when it has ended."""
    events = meeting_events(catalog, group, index, settings)
    return events[0] if events else None


def meeting_events(catalog: Catalog, group: Group, index: int, settings: BuildSettings) -> tuple[bytes, bytes] | None:
    """The meeting's VEVENT serialised in full (its group's calendar) and brief (the topic and
    country calendars: a brief description); None when it has ended."""
    meeting = group.meetings[index]
    start = first_occurrence(meeting, settings.now)
    if start is None:
        return None
    end = (start.astimezone(dt.timezone.utc) + dt.timedelta(minutes=meeting.minutes)).astimezone(zone(meeting.timezone))
    modes = meeting_attendance(group, meeting)
    url = page_url(settings, group)
    lines = [
        b"BEGIN:VEVENT\r\n",
        _text("SUMMARY", f"{group.name}: {meeting.title}" if meeting.title else group.name),
        _zoned("DTSTART", start),
        _zoned("DTEND", end),
        _stamp(settings.now),
        _text("UID", event_uid(group, index)),
        _rrule(rrule_string(meeting)),
    ]
    full = _text("DESCRIPTION", _description(catalog, group, meeting, settings, modes))
    brief = _text("DESCRIPTION", _description(catalog, group, meeting, settings, modes, brief=True))
    tail: list[bytes] = []
    location = group.location
    if is_physical(modes) and location is not None:
        if location.latitude is not None and location.longitude is not None:
            tail.append(_line("GEO", vGeo((location.latitude, location.longitude)).to_ical().encode()))
        tail.append(_text("LOCATION", _location_text(group) or ""))
    elif is_online(modes):
        tail.append(_text("LOCATION", "Online"))
    elif "phone" in modes:
        tail.append(_text("LOCATION", "By phone"))
    # No TRANSP: OPAQUE (busy) is its default (RFC 5545 3.8.2.7), and was written in every event.
    tail += [_line("URL", vUri(url).to_ical()), b"END:VEVENT\r\n"]
    head = b"".join(lines)
    rest = b"".join(tail)
    return head + full + rest, head + brief + rest


@cache
def _stamp(now: dt.datetime) -> bytes:
    return _line("DTSTAMP", vDatetime(now.astimezone(dt.timezone.utc)).to_ical())


_END = b"END:VCALENDAR\r\n"


@cache
def _calendar_lines() -> tuple[bytes, bytes]:
    """The properties every calendar has, before and after its name and description."""
    before = b"".join([
        b"BEGIN:VCALENDAR\r\n", _text("VERSION", "2.0"), _text("PRODID", PRODID),
        _text("CALSCALE", "GREGORIAN"), _text("METHOD", "PUBLISH"),
    ])
    after = _line("REFRESH-INTERVAL", vDuration(dt.timedelta(days=1)).to_ical(), ";VALUE=DURATION") + _text("X-PUBLISHED-TTL", "P1D")
    return before, after


# An event: its serialised VEVENT, its zone and the year of its first occurrence.
Event = tuple[bytes, str, int]


def _calendar(name: str, description: str, events: list[Event]) -> bytes:
    return b"".join(_calendar_pieces(name, description, events))


def _streamed(name: str, description: str, events: list[Event] | tuple[Event, ...]) -> Streamed:
    """The calendar as pieces written one after the other: the events' bytes are shared with
    the other calendars that carry them, never copied into one file's bytes in memory."""
    pieces = _calendar_pieces(name, description, events)
    return Streamed(lambda: pieces)


def _calendar_pieces(name: str, description: str, events: list[Event] | tuple[Event, ...]) -> list[bytes]:
    """A VCALENDAR around already serialised events: each event is serialised once, however
    many calendars (its group's, its topics', its country's) carry it."""
    before, after = _calendar_lines()
    # TEXT values escape commas and semicolons (RFC 5545 3.3.11), X- properties included.
    head = [
        before, _text("DESCRIPTION", description), _text("X-WR-CALDESC", description),
        _text("NAME", name), _text("X-WR-CALNAME", name), after,
    ]
    # Each zone from the year before the calendar's earliest event in it (generator/exports/vtimezone.py).
    first_years: dict[str, int] = {}
    for _, tzid, year in events:
        first_years[tzid] = min(first_years.get(tzid, year), year)
    zones = [vtimezone(tzid, first_years[tzid] - 1) for tzid in sorted(first_years)]
    return head + zones + [event for event, _, _ in events] + [_END]


def _events(catalog: Catalog, group: Group, settings: BuildSettings) -> tuple[tuple[Event, ...], tuple[Event, ...], tuple[Event, ...]]:
    """The group's events in full, brief, and brief for the meetings one can join online."""
    if group.status != "active":
        return (), (), ()
    full, brief, online = [], [], []
    for index, meeting in enumerate(group.meetings):
        events = meeting_events(catalog, group, index, settings)
        start = first_occurrence(meeting, settings.now)
        if events is not None and start is not None:
            full.append((events[0], meeting.timezone, start.year))
            brief.append((events[1], meeting.timezone, start.year))
            if is_online(meeting_attendance(group, meeting)):
                online.append(brief[-1])
    return tuple(full), tuple(brief), tuple(online)


def _credit() -> str:
    return f"Data: {ATTRIBUTION}, {LICENSE}."


def group_calendars(catalog: Catalog, settings: BuildSettings) -> dict[str, FileContent]:
    files: dict[str, FileContent] = {}
    by_topic: dict[str, list[Event]] = defaultdict(list)
    by_country: dict[str, list[Event]] = defaultdict(list)
    for group in catalog.groups:
        # While serving, a group's events and calendar are kept until the group changes.
        events, brief, online = per_record("calendar.events", group, lambda group=group: _events(catalog, group, settings))
        if not events:
            continue  # paused, closed, no meetings listed, or all ended: see has_calendar
        # The calendar's description is the credit alone: its name (NAME, X-WR-CALNAME) is the
        # group's, and every event carries the group's name and page address again.
        files[calendar_path(group)] = per_record("calendar.group", group, lambda group=group, events=events: _streamed(
            group.name, _credit(), events))
        for topic in group.topics if online else []:  # a topic without online meetings has no calendar
            by_topic[topic].extend(online)
        for country in group.countries:
            by_country[country].extend(brief)
    topics = catalog.vocabularies["topics"]
    for term in sorted(by_topic):
        label = topics.terms[term].label
        files[f"{API}calendars/topics/{term}.ics"] = _streamed(
            f"Online peer support meetings: {label}", f"Online and hybrid meetings of active groups on {label}. {_credit()}",
            by_topic[term])
    for country in sorted(by_country):
        files[f"{API}calendars/countries/{country.lower()}.ics"] = _streamed(
            f"Peer support meetings: {country}", f"Meetings of active groups in {country}. {_credit()}", by_country[country])
    return files

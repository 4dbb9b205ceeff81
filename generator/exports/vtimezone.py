"""Compact VTIMEZONEs: the zone's current rule as RRULEs, instead of every change from 1970 to 2038.

icalendar's `Timezone.from_tzid` lists every transition of the zone one by one (2.6 KB for
Europe/London, more for American zones): in every group's calendar, a third of the file. Today's
rule of a zone is the POSIX TZ string at the end of its IANA file (`GMT0BST,M3.5.0/1,M10.5.0`),
which says the same in two yearly RRULEs (RFC 5545 3.6.5), as calendar clients expect.

A calendar needs its zones to be right from its earliest event on: the VTIMEZONE's rule starts
the year before. It is used only where it is checked right: every transition it gives (and the
second before), and the offset at noon every seventh day up to 2038, are compared with Python's
zoneinfo (which computes the events' own times); a zone whose rules changed since the
calendar's earliest event (or a rule form other than `Mm.w.d`) keeps icalendar's full list of
transitions from that year on.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from functools import cache
from importlib import resources
from zoneinfo import ZoneInfo

from icalendar import Timezone

_LAST_CHECKED_YEAR = 2037  # as far as icalendar's own VTIMEZONEs go (to 2038-01-01)
_NAME = r"(<[^>]+>|[A-Za-z]{3,})"
_OFFSET = r"([+-]?\d{1,2}(?::\d{2}){0,2})"
_RULE = r"M(\d{1,2})\.(\d)\.(\d)(?:/([+-]?\d{1,3}(?::\d{2}){0,2}))?"
_POSIX = re.compile(rf"^{_NAME}{_OFFSET}(?:{_NAME}{_OFFSET}?,{_RULE},{_RULE})?$")
_BYDAY = ("SU", "MO", "TU", "WE", "TH", "FR", "SA")


def _seconds(text: str) -> int:
    sign = -1 if text.startswith("-") else 1
    parts = [int(p) for p in text.lstrip("+-").split(":")] + [0, 0]
    return sign * (parts[0] * 3600 + parts[1] * 60 + parts[2])


def _offset(seconds: int) -> str:
    sign = "-" if seconds < 0 else "+"
    hours, rest = divmod(abs(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    return f"{sign}{hours:02d}{minutes:02d}" + (f"{secs:02d}" if secs else "")


def _name(text: str) -> str:
    return text.strip("<>")


def _posix_rule(tzid: str) -> str | None:
    """The TZ string at the end of the zone's TZif file (tzdata), or None."""
    try:
        data = resources.files("tzdata.zoneinfo").joinpath(*tzid.split("/")).read_bytes()
    except (OSError, ValueError):
        return None
    footer = data.rstrip(b"\n").rsplit(b"\n", 1)[-1]
    return footer.decode("ascii", "replace") if data.startswith(b"TZif") else None


def _onset(year: int, month: int, week: int, weekday: int, at: int) -> dt.datetime:
    """Local wall time of `Mm.w.d/at` in `year` (week 5: the last such weekday of the month)."""
    first = dt.date(year, month, 1)
    day = first + dt.timedelta(days=(weekday - (first.weekday() + 1) % 7) % 7 + 7 * (week - 1))
    while day.month != month:
        day -= dt.timedelta(days=7)
    return dt.datetime.combine(day, dt.time()) + dt.timedelta(seconds=at)


def _byday(week: int, weekday: int) -> str:
    return f"{-1 if week == 5 else week}{_BYDAY[weekday]}"


def _component(kind: str, start: dt.datetime, name: str, before: int, after: int, rrule: str | None) -> str:
    lines = [f"BEGIN:{kind}", f"DTSTART:{start:%Y%m%dT%H%M%S}"]
    if rrule:
        lines.append(f"RRULE:{rrule}")
    lines += [f"TZNAME:{name}", f"TZOFFSETFROM:{_offset(before)}", f"TZOFFSETTO:{_offset(after)}", f"END:{kind}"]
    return "\r\n".join(lines) + "\r\n"


def _year_holds(zone: ZoneInfo, year: int, offset_at: Callable[[dt.datetime], int], onsets: list[dt.datetime]) -> bool:
    """Whether zoneinfo agrees with the rule in `year`: at each of the rule's onsets (and a second
    before), and at noon UTC every seventh day (a change of the zone's own that the rule does not
    have, such as Morocco's for Ramadan, lasts weeks)."""
    for onset in onsets:
        for moment in (onset - dt.timedelta(seconds=1), onset):
            actual = moment.astimezone(zone).utcoffset()
            if actual is None or actual.total_seconds() != offset_at(moment):
                return False
    day = dt.datetime(year, 1, 1, 12, tzinfo=dt.timezone.utc)
    while day.year == year:
        actual = day.astimezone(zone).utcoffset()
        if actual is None or actual.total_seconds() != offset_at(day):
            return False
        day += dt.timedelta(days=7)
    return True


# Per zone: the earliest year from which the rule is checked to hold to _LAST_CHECKED_YEAR, and
# the latest year where it was found not to. Each year of a zone is checked once per process.
_HOLDS_FROM: dict[str, int] = {}
_FAILS_IN: dict[str, int] = {}


def _holds_from(tzid: str, first_year: int, offset_at: Callable[[dt.datetime], int],
                onsets: Callable[[int], list[dt.datetime]]) -> bool:
    if _FAILS_IN.get(tzid, first_year - 1) >= first_year:
        return False
    zone = ZoneInfo(tzid)
    for year in range(_HOLDS_FROM.get(tzid, _LAST_CHECKED_YEAR + 1) - 1, first_year - 1, -1):
        if not _year_holds(zone, year, offset_at, onsets(year)):
            _FAILS_IN[tzid] = year
            return False
        _HOLDS_FROM[tzid] = year
    return True


def _compact(tzid: str, first_year: int) -> str | None:
    """The RRULE-based VTIMEZONE from `first_year` on, or None where it is not proven right."""
    rule = _posix_rule(tzid)
    found = _POSIX.match(rule or "")
    if found is None:
        return None
    std_name, std = _name(found.group(1)), -_seconds(found.group(2))  # POSIX counts west as positive
    head = f"BEGIN:VTIMEZONE\r\nTZID:{tzid}\r\n"
    if found.group(3) is None:
        if not _holds_from(tzid, first_year, lambda _: std, lambda _: []):
            return None
        start = dt.datetime(first_year, 1, 1)
        return head + _component("STANDARD", start, std_name, std, std, None) + "END:VTIMEZONE\r\n"
    dst_name = _name(found.group(3))
    dst = -_seconds(found.group(4)) if found.group(4) else std + 3600
    rules = []
    for month, week, weekday, at in ((found.group(5), found.group(6), found.group(7), found.group(8)),
                                     (found.group(9), found.group(10), found.group(11), found.group(12))):
        rules.append((int(month), int(week), int(weekday), _seconds(at) if at else 7200))
    (m1, w1, d1, t1), (m2, w2, d2, t2) = rules

    def utc_onsets(year: int) -> tuple[dt.datetime, dt.datetime]:
        # The onset's wall time is in the offset before it.
        into_dst = _onset(year, m1, w1, d1, t1) - dt.timedelta(seconds=std)
        into_std = _onset(year, m2, w2, d2, t2) - dt.timedelta(seconds=dst)
        return into_dst.replace(tzinfo=dt.timezone.utc), into_std.replace(tzinfo=dt.timezone.utc)

    def offset_at(moment: dt.datetime) -> int:
        into_dst, into_std = utc_onsets(moment.year)
        if into_dst < into_std:  # northern hemisphere: summer inside the year
            return dst if into_dst <= moment < into_std else std
        return std if into_std <= moment < into_dst else dst

    if not _holds_from(tzid, first_year, offset_at, lambda year: list(utc_onsets(year))):
        return None
    daylight = _component("DAYLIGHT", _onset(first_year, m1, w1, d1, t1), dst_name, std, dst,
                          f"FREQ=YEARLY;BYMONTH={m1};BYDAY={_byday(w1, d1)}")
    standard = _component("STANDARD", _onset(first_year, m2, w2, d2, t2), std_name, dst, std,
                          f"FREQ=YEARLY;BYMONTH={m2};BYDAY={_byday(w2, d2)}")
    return head + daylight + standard + "END:VTIMEZONE\r\n"


@cache
def vtimezone(tzid: str, first_year: int) -> bytes:
    """The VTIMEZONE of `tzid`, right for every moment from the start of `first_year` on."""
    compact = _compact(tzid, first_year)
    if compact is not None:
        return compact.encode("ascii")
    return Timezone.from_tzid(tzid, first_date=dt.date(first_year, 1, 1)).to_ical()

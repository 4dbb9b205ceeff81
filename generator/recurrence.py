"""Occurrences and RFC 5545 rules of meetings, correct across daylight-saving changes.

Recurrence is computed in the meeting's wall-clock time and only then placed in its zone, so a
meeting at 18:30 stays at 18:30 local time on both sides of a clock change.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from dateutil import rrule

from generator.models.meeting import WEEKDAYS, Meeting

_RRULE_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_DATEUTIL_DAYS = (rrule.MO, rrule.TU, rrule.WE, rrule.TH, rrule.FR, rrule.SA, rrule.SU)


def _day_indexes(meeting: Meeting) -> list[int]:
    return sorted(WEEKDAYS.index(day) for day in meeting.days)


def _until_utc(meeting: Meeting) -> dt.datetime | None:
    if meeting.ends_on is None:
        return None
    last = dt.datetime.combine(meeting.ends_on, dt.time(23, 59, 59), ZoneInfo(meeting.timezone))
    return last.astimezone(dt.timezone.utc)


def rrule_string(meeting: Meeting) -> str:
    """The RRULE value (without 'RRULE:') for a DTSTART given in the meeting's zone."""
    days = _day_indexes(meeting)
    if meeting.frequency == "weekly":
        parts = ["FREQ=WEEKLY"]
        if meeting.interval > 1:
            parts.append(f"INTERVAL={meeting.interval}")
        parts.append("BYDAY=" + ",".join(_RRULE_DAYS[d] for d in days))
        parts.append("WKST=MO")
    else:
        weeks = sorted(meeting.weeks_of_month or [], key=lambda w: (w < 0, w))
        parts = ["FREQ=MONTHLY", "BYDAY=" + ",".join(f"{w}{_RRULE_DAYS[d]}" for w in weeks for d in days)]
    until = _until_utc(meeting)
    if until is not None:
        parts.append("UNTIL=" + until.strftime("%Y%m%dT%H%M%SZ"))
    return ";".join(parts)


def _rule(meeting: Meeting, anchor: dt.date) -> rrule.rrule:
    start = dt.datetime.combine(meeting.starts_on or anchor, meeting.start_time)
    until = None
    if meeting.ends_on is not None:
        until = dt.datetime.combine(meeting.ends_on, dt.time(23, 59, 59))
    days = _day_indexes(meeting)
    if meeting.frequency == "weekly":
        return rrule.rrule(
            rrule.WEEKLY, dtstart=start, interval=meeting.interval, wkst=rrule.MO,
            byweekday=[_DATEUTIL_DAYS[d] for d in days], until=until,
        )
    weekdays = [_DATEUTIL_DAYS[d](w) for w in meeting.weeks_of_month or [] for d in days]
    return rrule.rrule(rrule.MONTHLY, dtstart=start, byweekday=weekdays, until=until)


def first_start(meeting: Meeting, after: dt.datetime) -> dt.datetime | None:
    found = next_occurrences(meeting, after, 1)
    return found[0] if found else None


def next_occurrences(meeting: Meeting, after: dt.datetime, count: int) -> list[dt.datetime]:
    """The next `count` start times at or after the aware instant `after`, in the meeting's zone."""
    if after.tzinfo is None:
        raise ValueError("'after' must be timezone-aware")
    zone = ZoneInfo(meeting.timezone)
    local_after = after.astimezone(zone).replace(tzinfo=None)
    rule = _rule(meeting, local_after.date() - dt.timedelta(days=1))
    found: list[dt.datetime] = []
    # Look from a day early: a wall-clock time and its instant can differ by the zone's offset.
    for local in rule.xafter(local_after - dt.timedelta(days=1), inc=True):
        # A time skipped by a clock change (02:30 on a spring-forward night) moves to the
        # instant it denotes, as calendar apps do.
        aware = local.replace(tzinfo=zone).astimezone(dt.timezone.utc).astimezone(zone)
        if aware >= after:
            found.append(aware)
            if len(found) == count:
                break
    return found

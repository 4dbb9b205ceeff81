"""Occurrences and RFC 5545 rules of meetings, correct across daylight-saving changes.

Recurrence is computed in the meeting's wall-clock time and only then placed in its zone, so a
meeting at 18:30 stays at 18:30 local time on both sides of a clock change.
"""

from __future__ import annotations

import datetime as dt
from functools import cache, lru_cache
from typing import TYPE_CHECKING, NamedTuple
from zoneinfo import ZoneInfo

from dateutil import rrule

from generator.contract.models.meeting import WEEKDAYS, Meeting

if TYPE_CHECKING:
    from generator.contract.models import Group

_RRULE_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_DATEUTIL_DAYS = (rrule.MO, rrule.TU, rrule.WE, rrule.TH, rrule.FR, rrule.SA, rrule.SU)


def _day_indexes(meeting: Meeting) -> list[int]:
    return sorted(WEEKDAYS.index(day) for day in meeting.days)


@cache
def zone(name: str) -> ZoneInfo:
    """The zone, kept alive: ZoneInfo's own cache holds only 8 zones strongly and reads an evicted
    one from disk again (a large directory has dozens). Always the same object for a name."""
    return ZoneInfo(name)


def _until_utc(meeting: Meeting) -> dt.datetime | None:
    if meeting.ends_on is None:
        return None
    last = dt.datetime.combine(meeting.ends_on, dt.time(23, 59, 59), zone(meeting.timezone))
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


class _Dates(NamedTuple):
    """What decides the dates of a meeting: its rule without the time of day and the zone.

    Many meetings share it (a few hundred patterns for thousands of meetings), so dates are
    computed once for all of them; the start time, the same for every date, does not change them.
    """

    frequency: str
    days: tuple[int, ...]
    interval: int
    weeks: tuple[int, ...]
    ends_on: dt.date | None


class _Rule(NamedTuple):
    """Everything of a meeting that its occurrences depend on (not its title, length or notes)."""

    dates: _Dates
    starts_on: dt.date | None
    start_time: dt.time
    timezone: str


def _rule_of(meeting: Meeting) -> _Rule:
    dates = _Dates(meeting.frequency, tuple(_day_indexes(meeting)), meeting.interval,
                   tuple(meeting.weeks_of_month or ()), meeting.ends_on)
    return _Rule(dates, meeting.starts_on, meeting.start_time, meeting.timezone)


def _date_rule(dates: _Dates, first: dt.date) -> rrule.rrule:
    # At midnight: every occurrence has the same time of day, so the dates do not depend on it,
    # and UNTIL (23:59:59 of the last day) cuts the same dates at any start time.
    start = dt.datetime.combine(first, dt.time())
    until = None if dates.ends_on is None else dt.datetime.combine(dates.ends_on, dt.time(23, 59, 59))
    if dates.frequency == "weekly":
        return rrule.rrule(
            rrule.WEEKLY, dtstart=start, interval=dates.interval, wkst=rrule.MO,
            byweekday=[_DATEUTIL_DAYS[d] for d in dates.days], until=until,
        )
    weekdays = [_DATEUTIL_DAYS[d](w) for w in dates.weeks for d in dates.days]
    return rrule.rrule(rrule.MONTHLY, dtstart=start, byweekday=weekdays, until=until)


@lru_cache(maxsize=8192)
def _meeting_dates(dates: _Dates, first: dt.date, since: dt.date, count: int) -> tuple[dt.date, ...]:
    """The first `count` meeting dates on or after `since`, for a rule starting on `first`."""
    found = _date_rule(dates, first).xafter(dt.datetime.combine(since, dt.time()), count=count, inc=True)
    return tuple(moment.date() for moment in found)


def _instants(days: tuple[dt.date, ...], rule: _Rule, since: dt.datetime, after: dt.datetime, count: int) -> list[dt.datetime]:
    place = zone(rule.timezone)
    found: list[dt.datetime] = []
    for day in days:
        local = dt.datetime.combine(day, rule.start_time)
        if local < since:
            continue  # before the window, as the rule itself at this time of day would give
        # A time skipped by a clock change (02:30 on a spring-forward night) moves to the
        # instant it denotes, as calendar apps do.
        aware = local.replace(tzinfo=place).astimezone(dt.timezone.utc).astimezone(place)
        if aware >= after:
            found.append(aware)
            if len(found) == count:
                break
    return found


@lru_cache(maxsize=32768)
def _occurrences(rule: _Rule, after: dt.datetime, tzinfo: dt.tzinfo, fold: int, count: int) -> tuple[dt.datetime, ...]:
    # `tzinfo` and `fold` only complete the cache key: two datetimes in one zone with the same wall
    # time compare and hash equal whatever their fold, an hour apart on a clock-change night; and
    # `after` is compared by wall time when in the meeting's zone, by instant otherwise.
    local_after = after.astimezone(zone(rule.timezone)).replace(tzinfo=None)
    # Look from a day early: a wall-clock time and its instant can differ by the zone's offset.
    since = local_after - dt.timedelta(days=1)
    first = rule.starts_on or since.date()
    wanted = count + 2  # the dates before `after` (its day and the day before) are skipped
    while True:
        days = _meeting_dates(rule.dates, first, since.date(), wanted)
        found = _instants(days, rule, since, after, count)
        if len(found) == count or len(days) < wanted:
            return tuple(found)
        wanted *= 2


def browser_rule(meeting: Meeting) -> list[object]:
    """The rule as theme/assets/occurrences.js reads it (compact JSON; its comment has the format):
    pages and finder records carry rules, not dates, so the browser's dates never go stale."""
    return [
        meeting.timezone,
        meeting.start_time.hour * 60 + meeting.start_time.minute,
        meeting.minutes,
        _day_indexes(meeting),
        meeting.interval,
        sorted(meeting.weeks_of_month or [], key=lambda w: (w < 0, w)),
        meeting.starts_on.isoformat() if meeting.starts_on else "",
        meeting.ends_on.isoformat() if meeting.ends_on else "",
    ]


def first_start(meeting: Meeting, after: dt.datetime) -> dt.datetime | None:
    found = next_occurrences(meeting, after, 1)
    return found[0] if found else None


def first_occurrence(meeting: Meeting, now: dt.datetime) -> dt.datetime | None:
    """A calendar's DTSTART: the nominal wall-clock start of the first meeting, in its zone: the
    first at or after `starts_on` when it has one, otherwise the first after `now`."""
    place = zone(meeting.timezone)
    if meeting.starts_on is not None:
        found = first_start(meeting, dt.datetime.combine(meeting.starts_on, dt.time(0, 0), place))
    else:
        found = first_start(meeting, now)
    if found is None:
        return None
    # Keep the listed wall time even if the first date is a clock-change night: clients apply the gap.
    return dt.datetime.combine(found.date(), meeting.start_time, place)


def has_calendar(group: Group, now: dt.datetime) -> bool:
    """Whether `groups/<id>.ics` is published: an active group with a meeting that has not ended.
    The listing page links to the calendar only then, so it never links to a missing file."""
    return group.status == "active" and any(first_occurrence(meeting, now) is not None for meeting in group.meetings)


def next_occurrences(meeting: Meeting, after: dt.datetime, count: int) -> list[dt.datetime]:
    """The next `count` start times at or after the aware instant `after`, in the meeting's zone.

    Cached by rule and instant: pages, calendars and HSDS ask for the same meetings, and meetings
    with the same rule (in the same zone) have the same occurrences.
    """
    if after.tzinfo is None:
        raise ValueError("'after' must be timezone-aware")
    return list(_occurrences(_rule_of(meeting), after, after.tzinfo, after.fold, count))

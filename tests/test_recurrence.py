"""Meeting occurrences across daylight-saving changes, and RRULEs that agree with them."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from dateutil import rrule
from dateutil.rrule import rrulestr

from generator.contract.models.meeting import WEEKDAYS, Meeting
from generator.contract.recurrence import next_occurrences, rrule_string, zone

UTC = dt.timezone.utc


def meeting(**fields) -> Meeting:
    base = {"frequency": "weekly", "days": ["tuesday"], "start_time": "18:30", "end_time": "20:00", "timezone": "Europe/London"}
    return Meeting.model_validate({**base, **fields})


def test_london_wall_clock_time_stays_across_the_autumn_change() -> None:
    found = next_occurrences(meeting(days=["sunday"]), dt.datetime(2026, 10, 18, tzinfo=UTC), 3)
    assert [o.date() for o in found] == [dt.date(2026, 10, 18), dt.date(2026, 10, 25), dt.date(2026, 11, 1)]
    assert all((o.hour, o.minute) == (18, 30) for o in found)
    assert [o.utcoffset() for o in found] == [dt.timedelta(hours=1), dt.timedelta(0), dt.timedelta(0)]
    assert [o.astimezone(UTC).hour for o in found] == [17, 18, 18]


def test_new_york_across_the_spring_change() -> None:
    m = meeting(days=["saturday", "sunday"], start_time="09:00", end_time="10:00", timezone="America/New_York")
    found = next_occurrences(m, dt.datetime(2026, 3, 7, 0, 0, tzinfo=UTC), 4)
    assert [o.date() for o in found] == [dt.date(2026, 3, 7), dt.date(2026, 3, 8), dt.date(2026, 3, 14), dt.date(2026, 3, 15)]
    assert [o.astimezone(UTC).hour for o in found] == [14, 13, 13, 13]  # EST then EDT from 8 March
    assert all(o.tzinfo == ZoneInfo("America/New_York") and o.hour == 9 for o in found)


def test_a_time_skipped_by_spring_forward_moves_to_the_instant_it_denotes() -> None:
    m = meeting(days=["sunday"], start_time="02:30", end_time="03:30", timezone="America/New_York")
    found = next_occurrences(m, dt.datetime(2026, 3, 8, 0, 0, tzinfo=UTC), 1)
    assert found[0].astimezone(UTC) == dt.datetime(2026, 3, 8, 7, 30, tzinfo=UTC)


def test_from_an_instant_excludes_earlier_starts_and_includes_equal() -> None:
    m = meeting()
    start = dt.datetime(2026, 11, 24, 18, 30, tzinfo=ZoneInfo("Europe/London"))
    assert next_occurrences(m, start, 1)[0] == start
    assert next_occurrences(m, start + dt.timedelta(seconds=1), 1)[0] == start + dt.timedelta(days=7)
    with pytest.raises(ValueError):
        next_occurrences(m, dt.datetime(2026, 1, 1), 1)


def test_every_two_weeks_from_starts_on() -> None:
    m = meeting(days=["thursday"], interval=2, starts_on="2026-01-08")
    found = next_occurrences(m, dt.datetime(2026, 1, 9, tzinfo=UTC), 3)
    assert [o.date() for o in found] == [dt.date(2026, 1, 22), dt.date(2026, 2, 5), dt.date(2026, 2, 19)]
    assert next_occurrences(m, dt.datetime(2025, 12, 1, tzinfo=UTC), 1)[0].date() == dt.date(2026, 1, 8)


def test_first_and_third_tuesday() -> None:
    m = meeting(frequency="monthly", weeks_of_month=[1, 3])
    found = next_occurrences(m, dt.datetime(2026, 9, 1, tzinfo=UTC), 4)
    assert [o.date() for o in found] == [dt.date(2026, 9, 1), dt.date(2026, 9, 15), dt.date(2026, 10, 6), dt.date(2026, 10, 20)]


def test_last_friday_of_the_month() -> None:
    m = meeting(frequency="monthly", weeks_of_month=[-1], days=["friday"], timezone="America/New_York")
    found = next_occurrences(m, dt.datetime(2026, 1, 1, tzinfo=UTC), 3)
    assert [o.date() for o in found] == [dt.date(2026, 1, 30), dt.date(2026, 2, 27), dt.date(2026, 3, 27)]


def test_ends_on_is_the_last_day() -> None:
    m = meeting(days=["monday"], ends_on="2026-12-14")
    found = next_occurrences(m, dt.datetime(2026, 12, 1, tzinfo=UTC), 10)
    assert [o.date() for o in found] == [dt.date(2026, 12, 7), dt.date(2026, 12, 14)]


def test_rrule_string_form() -> None:
    assert rrule_string(meeting(days=["thursday", "monday"], interval=2, starts_on="2026-01-08")) == "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH;WKST=MO"
    assert rrule_string(meeting(frequency="monthly", weeks_of_month=[-1, 1])) == "FREQ=MONTHLY;BYDAY=1TU,-1TU"
    assert rrule_string(meeting(ends_on="2026-07-01")).endswith(";UNTIL=20260701T225959Z")


CASES = [
    meeting(days=["sunday"]),
    meeting(days=["saturday", "sunday"], start_time="09:00", end_time="10:00", timezone="America/New_York"),
    meeting(days=["thursday"], interval=2, starts_on="2026-01-08"),
    meeting(days=["wednesday"], interval=3, starts_on="2026-02-04", timezone="America/New_York"),
    meeting(frequency="monthly", weeks_of_month=[1, 3]),
    meeting(frequency="monthly", weeks_of_month=[-1], days=["friday"], timezone="America/New_York"),
    meeting(frequency="monthly", weeks_of_month=[2, 4], days=["monday", "thursday"], timezone="Australia/Sydney"),
    meeting(days=["monday"], starts_on="2026-01-05", ends_on="2026-12-14"),
]


@pytest.mark.parametrize("case", CASES, ids=range(len(CASES)))
def test_rrule_agrees_with_next_occurrences(case: Meeting) -> None:
    zone = ZoneInfo(case.timezone)
    after = dt.datetime(2026, 1, 1, tzinfo=UTC)
    ours = next_occurrences(case, after, 60)
    dtstart = ours[0].replace(tzinfo=zone) if case.starts_on is None else dt.datetime.combine(case.starts_on, case.start_time, zone)
    rule = rrulestr(rrule_string(case), dtstart=dtstart)
    theirs = [o for o in rule.xafter(after, count=200, inc=True)][: len(ours)]
    assert [o.astimezone(UTC) for o in theirs] == [o.astimezone(UTC) for o in ours]
    if case.ends_on:
        assert 0 < len(ours) < 60 and all(o.date() <= case.ends_on for o in ours)
    else:
        assert len(ours) == 60


# --- the cache -----------------------------------------------------------------------------------
# next_occurrences() caches by rule and instant, and computes dates once per date pattern; these
# compare it with the direct computation (dateutil at the meeting's own start time, uncached).


def _direct(m: Meeting, after: dt.datetime, count: int) -> list[dt.datetime]:
    zone = ZoneInfo(m.timezone)
    local_after = after.astimezone(zone).replace(tzinfo=None)
    start = dt.datetime.combine(m.starts_on or local_after.date() - dt.timedelta(days=1), m.start_time)
    until = dt.datetime.combine(m.ends_on, dt.time(23, 59, 59)) if m.ends_on else None
    days = sorted(WEEKDAYS.index(d) for d in m.days)
    if m.frequency == "weekly":
        rule = rrule.rrule(rrule.WEEKLY, dtstart=start, interval=m.interval, wkst=rrule.MO,
                           byweekday=[rrule.weekdays[d] for d in days], until=until)
    else:
        weekdays = [rrule.weekdays[d](w) for w in m.weeks_of_month for d in days]
        rule = rrule.rrule(rrule.MONTHLY, dtstart=start, byweekday=weekdays, until=until)
    found = []
    for local in rule.xafter(local_after - dt.timedelta(days=1), inc=True):
        aware = local.replace(tzinfo=zone).astimezone(UTC).astimezone(zone)
        if aware >= after:
            found.append(aware)
            if len(found) == count:
                break
    return found


def _exact(found: list[dt.datetime]) -> list[tuple]:
    """Everything of each datetime: wall time, fold, offset and zone (== only compares instants)."""
    return [(o.replace(tzinfo=None), o.fold, o.utcoffset(), o.tzinfo) for o in found]


def test_identical_rules_in_other_zones_and_from_other_times() -> None:
    rule = {"days": ["sunday", "wednesday"], "start_time": "01:30", "end_time": "02:30"}
    meetings = [
        meeting(**rule, timezone="Europe/London"),
        meeting(**rule, timezone="America/New_York"),
        meeting(**rule, timezone="Australia/Sydney"),
        meeting(**rule, timezone="Europe/London", title="Same rule, another meeting"),
        meeting(**{**rule, "start_time": "02:30", "end_time": "03:30"}, timezone="Europe/London"),
        meeting(**rule, timezone="Europe/London", starts_on="2026-03-29"),
        meeting(**rule, timezone="Europe/London", ends_on="2026-04-05"),
        meeting(**rule, frequency="monthly", weeks_of_month=[1, -1], timezone="Europe/London"),
    ]
    base = dt.datetime(2026, 3, 28, 23, 0, tzinfo=UTC)
    afters = [base, base + dt.timedelta(hours=1), base + dt.timedelta(days=1), base + dt.timedelta(days=200),
              base.astimezone(ZoneInfo("Asia/Tokyo")), base + dt.timedelta(days=1, minutes=30)]
    for _ in range(2):  # the second round comes from the cache
        for m in meetings:
            for after in afters:
                for count in (1, 12):
                    assert _exact(next_occurrences(m, after, count)) == _exact(_direct(m, after, count)), (m, after, count)


def test_the_two_passes_of_a_repeated_hour_are_two_instants() -> None:
    # 01:30 happens twice in London on 25 October 2026; the two datetimes differ only by `fold`,
    # which equality and hashing ignore, yet they are an hour apart.
    m = meeting(days=["sunday"], start_time="01:00", end_time="02:00", timezone="Africa/Abidjan")  # UTC all year
    first = dt.datetime(2026, 10, 25, 1, 30, tzinfo=ZoneInfo("Europe/London"))
    second = first.replace(fold=1)
    assert first == second and hash(first) == hash(second)
    found = {}
    for after in (first, second, first, second):
        assert _exact(next_occurrences(m, after, 1)) == _exact(_direct(m, after, 1))
        found[after.fold] = next_occurrences(m, after, 1)[0].date()
    assert found == {0: dt.date(2026, 10, 25), 1: dt.date(2026, 11, 1)}


def test_a_returned_list_is_the_callers_own() -> None:
    m = meeting(days=["friday"])
    after = dt.datetime(2026, 5, 1, tzinfo=UTC)
    found = next_occurrences(m, after, 3)
    found.clear()
    assert len(next_occurrences(m, after, 3)) == 3


def test_the_directory_zones_are_kept_alive() -> None:
    # One object per zone name, whatever ZoneInfo's own cache has dropped.
    assert zone("Europe/London") is zone("Europe/London") is ZoneInfo("Europe/London")

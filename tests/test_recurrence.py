"""Meeting occurrences across daylight-saving changes, and RRULEs that agree with them."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from dateutil.rrule import rrulestr

from generator.models.meeting import Meeting
from generator.recurrence import next_occurrences, rrule_string

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

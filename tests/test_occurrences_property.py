"""The browser's meeting occurrences (theme/assets/occurrences.js, run in Chromium) equal
generator/recurrence.py's, for many rules and zones over two years, clock-change nights included.

Hypothesis draws rules (derandomized: the same examples on every run, so CI is reproducible);
explicit cases cover every clock change of 2026-2028 in the zones people asked about, and a few
with unusual offsets, at every quarter hour around the change, from instants around it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.contract.models.meeting import WEEKDAYS, Meeting
from generator.contract.recurrence import browser_rule, next_occurrences, zone

MODULE = Path(__file__).resolve().parent.parent / "theme" / "assets" / "occurrences.js"
UTC = dt.timezone.utc
WINDOW = dt.timedelta(days=731)  # two years
DST_ZONES = ("Europe/London", "America/New_York", "Australia/Sydney", "Pacific/Auckland")
# Zones with stable rules (the browser's and Python's copies of the IANA database agree on them):
# half-hour and 45-minute offsets, a 30-minute clock change (Lord Howe), none at all.
OTHER_ZONES = ("America/Chicago", "Europe/Berlin", "America/St_Johns", "Australia/Lord_Howe", "Pacific/Chatham",
               "Asia/Kolkata", "Asia/Tokyo", "America/Sao_Paulo", "UTC")
ZONES = DST_ZONES + OTHER_ZONES
# How many (rule, zone, occurrence) triples were compared: the report prints it.
COMPARED = {"rules": 0, "dates": 0}


@pytest.fixture(scope="module")
def page(browser: object) -> Iterator[object]:
    context = browser.new_context()  # type: ignore[attr-defined]
    page = context.new_page()
    page.set_content("<!doctype html><title>occurrences</title>")
    page.add_script_tag(path=str(MODULE))
    yield page
    context.close()
    print(f"\noccurrences compared with recurrence.py: {COMPARED['rules']} rules, {COMPARED['dates']} dates")


def millis(moment: dt.datetime) -> int:
    return round(moment.timestamp() * 1000)


def browser_next(page: object, cases: list[tuple[list, int, int]]) -> list[list[int]]:
    """occurrences.js `next(rule, after, count)` for each case, in one round trip."""
    return page.evaluate(  # type: ignore[attr-defined]
        "cases => cases.map(c => window.PeerOccurrences.next(c[0], c[1], c[2]))", [list(c) for c in cases])


def occurrences_past(meeting: Meeting, after: dt.datetime, until: dt.datetime, most: int = 800) -> list[int]:
    """The first occurrences from `after` (at most `most`), at least one past `until` if there is
    one: a prefix of `next_occurrences(meeting, after, most)`, asked for in growing steps because a
    60-day window needs about 60 dates, not 800."""
    count = 16
    while True:
        found = [millis(o) for o in next_occurrences(meeting, after, count)]
        if len(found) < count or found[-1] >= millis(until) or count == most:
            return found
        count = min(count * 4, most)


def compare(page: object, checks: list[tuple[Meeting, dt.datetime, dt.datetime]]) -> None:
    """Every occurrence from `after` to `until` (and the first one after it) agrees."""
    cases, expected = [], []
    for meeting, after, until in checks:
        found = occurrences_past(meeting, after, until)
        inside = [o for o in found if o < millis(until)]
        wanted = found[: len(inside) + 1]
        cases.append((browser_rule(meeting), millis(after), len(wanted)))
        expected.append(wanted)
    got = browser_next(page, cases)
    for (meeting, after, _), want, have in zip(checks, expected, got):
        assert have == want, (meeting.model_dump(mode="json"), after.isoformat(),
                              [dt.datetime.fromtimestamp(x / 1000, zone(meeting.timezone)).isoformat() for x in have[:5]],
                              [dt.datetime.fromtimestamp(x / 1000, zone(meeting.timezone)).isoformat() for x in want[:5]])
        COMPARED["rules"] += 1
        COMPARED["dates"] += len(want)


# ---- drawn rules ----------------------------------------------------------------------------

QUARTERS = [f"{h:02d}:{m:02d}" for h in range(24) for m in (0, 15, 30, 45)]
FIRST_DAY = dt.date(2025, 9, 1)


@st.composite
def meetings(draw: st.DrawFn) -> Meeting:
    days = draw(st.lists(st.sampled_from(WEEKDAYS), min_size=1, max_size=7, unique=True))
    fields: dict = {
        "days": days,
        "timezone": draw(st.sampled_from(ZONES)),
        # Early-morning times often fall in a clock change's gap or overlap.
        "start_time": draw(st.one_of(st.sampled_from(["00:30", "01:00", "01:30", "02:00", "02:30", "03:00"]), st.sampled_from(QUARTERS))),
        "duration_minutes": draw(st.integers(10, 720)),
    }
    if draw(st.booleans()):
        fields.update(frequency="weekly", interval=draw(st.sampled_from([1, 1, 2, 3, 4, 8])))
    else:
        fields.update(frequency="monthly", weeks_of_month=draw(st.lists(st.sampled_from([1, 2, 3, 4, 5, -1]), min_size=1, max_size=5, unique=True)))
    starts = None
    if fields.get("interval", 1) > 1 or draw(st.booleans()):
        starts = FIRST_DAY + dt.timedelta(days=draw(st.integers(0, 900)))
        while WEEKDAYS[starts.weekday()] not in days:
            starts += dt.timedelta(days=1)
        fields["starts_on"] = starts.isoformat()
    if draw(st.booleans()):
        ends = (starts or FIRST_DAY) + dt.timedelta(days=draw(st.integers(0, 900)))
        fields["ends_on"] = ends.isoformat()
    return Meeting.model_validate(fields)


afters = st.datetimes(min_value=dt.datetime(2026, 1, 1), max_value=dt.datetime(2027, 12, 31), timezones=st.just(UTC))


@settings(max_examples=400, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(meeting=meetings(), after=afters)
def test_drawn_rules_agree_with_recurrence_py_over_two_years(page: object, meeting: Meeting, after: dt.datetime) -> None:
    after = after.replace(microsecond=after.microsecond // 1000 * 1000)  # the browser counts milliseconds
    compare(page, [(meeting, after, after + WINDOW)])


# ---- every clock change -----------------------------------------------------------------------

def transitions(name: str, start: dt.datetime, end: dt.datetime) -> list[dt.datetime]:
    """The instants (to the minute) at which the zone's offset changes between start and end."""
    place, found = zone(name), []
    moment, offset = start, start.astimezone(place).utcoffset()
    while moment < end:
        later = moment + dt.timedelta(hours=1)
        if later.astimezone(place).utcoffset() != offset:
            low, high = moment, later
            while high - low > dt.timedelta(minutes=1):
                middle = low + (high - low) / 2
                middle = middle.replace(second=0, microsecond=0)
                if middle.astimezone(place).utcoffset() == offset:
                    low = middle
                else:
                    high = middle
            found.append(high)
            offset = later.astimezone(place).utcoffset()
        moment = later
    return found


START = dt.datetime(2026, 1, 1, tzinfo=UTC)
END = START + WINDOW


def daily(name: str, start_time: str, **fields: object) -> Meeting:
    return Meeting.model_validate({"frequency": "weekly", "days": list(WEEKDAYS), "start_time": start_time,
                                   "duration_minutes": 60, "timezone": name, **fields})


@pytest.mark.parametrize("name", ZONES)
def test_every_day_at_every_early_hour_for_two_years(page: object, name: str) -> None:
    """A meeting every day at each quarter hour from 00:00 to 03:45 and at 23:30: every clock
    change night of 2026-2027 (gaps and repeated hours) at every time it can touch."""
    times = QUARTERS[:16] + ["12:00", "23:30"]
    compare(page, [(daily(name, t), START, END) for t in times])


@pytest.mark.parametrize("name", DST_ZONES + ("Australia/Lord_Howe", "Pacific/Chatham", "America/St_Johns"))
def test_from_instants_around_each_clock_change(page: object, name: str) -> None:
    """From just before, at and after each change, the next few meetings (weekly on the change's
    weekday, monthly on its week) agree: the day-early look-back and the fold=0 choice."""
    changes = transitions(name, START, END)
    assert len(changes) >= 3 or name not in DST_ZONES
    checks = []
    for change in changes:
        local = change.astimezone(zone(name))
        day = WEEKDAYS[local.weekday()]
        week = (local.day - 1) // 7 + 1
        for delta in (-25 * 60, -90, -61, -1, 0, 1, 30, 59, 61, 24 * 60):
            after = change + dt.timedelta(minutes=delta)
            for start_time in ("00:30", "01:00", "01:30", "02:00", "02:30", "03:00"):
                checks.append((daily(name, start_time, days=[day]), after, after + dt.timedelta(days=60)))
                monthly = {"frequency": "monthly", "weeks_of_month": [week], "days": [day], "start_time": start_time,
                           "duration_minutes": 90, "timezone": name}
                checks.append((Meeting.model_validate(monthly), after, after + dt.timedelta(days=120)))
    compare(page, checks)

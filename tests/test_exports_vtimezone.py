"""Compact VTIMEZONEs (generator/exports/vtimezone.py) say the same as the IANA database.

Each VTIMEZONE is read back by icalendar (as a calendar client would) into a tzinfo, and its
offset compared with zoneinfo's every few hours from the start of the year it is made for to
2040: across every daylight-saving change, in both hemispheres, with negative DST (Dublin),
half-hour zones and zones without DST.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from generator.exports.vtimezone import _compact, vtimezone

ZONES = [
    "Europe/London", "Europe/Dublin", "Europe/Berlin", "America/New_York", "America/Chicago", "America/Denver",
    "America/Los_Angeles", "America/Toronto", "America/Sao_Paulo", "America/Mexico_City", "America/Santiago",
    "Australia/Sydney", "Australia/Lord_Howe", "Pacific/Auckland", "Pacific/Chatham", "Asia/Kolkata", "Asia/Tehran",
    "Africa/Johannesburg", "Africa/Casablanca", "America/St_Johns", "UTC",
]


def _tz(tzid: str, first_year: int) -> dt.tzinfo:
    data = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n" + vtimezone(tzid, first_year) + b"END:VCALENDAR\r\n"
    zones = Calendar.from_ical(data).walk("VTIMEZONE")
    assert [str(z["tzid"]) for z in zones] == [tzid]
    return zones[0].to_tz()


@pytest.mark.parametrize("tzid", ZONES)
@pytest.mark.parametrize("first_year", [2024, 2026])
def test_a_vtimezone_gives_the_offsets_of_the_iana_database(tzid: str, first_year: int) -> None:
    ours, truth = _tz(tzid, first_year), ZoneInfo(tzid)
    moment = dt.datetime(first_year, 1, 1, 0, 30)
    wrong = []
    while moment.year < 2040:
        if moment.replace(tzinfo=ours).utcoffset() != moment.replace(tzinfo=truth).utcoffset():
            wrong.append(moment)
        moment += dt.timedelta(hours=5)
    assert not wrong, (tzid, wrong[:5])


def test_current_rules_are_written_as_rrules_not_as_every_transition() -> None:
    london = vtimezone("Europe/London", 2025).decode()
    assert "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU" in london and "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU" in london
    assert "RDATE" not in london and len(london) < 400
    assert "RRULE" not in vtimezone("Asia/Kolkata", 2025).decode()


def test_a_zone_whose_rules_changed_since_the_first_event_keeps_every_transition() -> None:
    # The United States moved their DST dates in 2007: a calendar from 2005 cannot use today's rule.
    assert _compact("America/New_York", 2005) is None
    old = _tz("America/New_York", 2005)
    assert dt.datetime(2006, 4, 10, 12).replace(tzinfo=old).utcoffset() == dt.timedelta(hours=-4)
    assert dt.datetime(2006, 3, 20, 12).replace(tzinfo=old).utcoffset() == dt.timedelta(hours=-5)
    # Morocco's Ramadan changes follow no yearly rule.
    assert _compact("Africa/Casablanca", 2025) is None

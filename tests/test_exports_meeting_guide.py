"""meeting-guide.json (at the site root) against the Meeting Guide spec (code4recovery/spec README)."""

from __future__ import annotations

import dataclasses
import json
import re
import zoneinfo

import pytest

from generator.contract.catalog import Catalog
from generator.exports.meeting_guide import AUDIENCE_TYPES, LANGUAGE_TYPES, meeting_guide_feed, slug
from fictional import SETTINGS

# The reserved type codes of the spec (types.json of code4recovery/spec, MIT licence).
SPEC_TYPES = {
    "11", "12x12", "A", "ABSI", "AF", "AL", "AL-AN", "AM", "AR", "ASL", "B", "BA", "BE", "BG", "BI", "BRK", "C", "CAN",
    "CF", "D", "DA", "DB", "DD", "DE", "DR", "EL", "EN", "FA", "FF", "FI", "FR", "G", "GR", "H", "HE", "HI", "HR", "HU",
    "IS", "ITA", "JA", "KA", "KOR", "L", "LGBTQ", "LIT", "LS", "LT", "M", "MED", "ML", "MT", "N", "NB", "NDG", "NE",
    "NL", "NO", "O", "OUT", "P", "POA", "POC", "POL", "POR", "PUN", "RUS", "S", "SEN", "SK", "SL", "SM", "SP", "ST",
    "SV", "T", "TC", "TH", "TL", "TR", "TUR", "UK", "W", "X", "XB", "XT", "Y",
}
HHMM = re.compile(r"^([01][0-9]|2[0-3]):[0-5][0-9]$")
UPDATED = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$")
SLUG = re.compile(r"^[a-z0-9-]{1,64}$")


@pytest.fixture(scope="module")
def meetings(fictional_catalog: Catalog) -> list[dict]:
    files = meeting_guide_feed(fictional_catalog, SETTINGS)
    assert sorted(files) == ["meeting-guide.json"]  # one copy: api/v1/meeting-guide.json is no longer written
    data = json.loads(files["meeting-guide.json"])
    assert isinstance(data, list)  # "a simple array of meetings"
    return data


def test_fields_follow_the_spec(meetings: list[dict]) -> None:
    assert meetings
    for meeting in meetings:
        assert isinstance(meeting["name"], str) and 0 < len(meeting["name"]) <= 255
        assert SLUG.match(meeting["slug"])
        assert type(meeting["day"]) is int and 0 <= meeting["day"] <= 6
        assert HHMM.match(meeting["time"])
        if "end_time" in meeting:
            assert HHMM.match(meeting["end_time"])
        assert meeting["timezone"] in zoneinfo.available_timezones()
        assert set(meeting["types"]) <= SPEC_TYPES
        assert UPDATED.match(meeting["updated"])
        assert meeting["url"].startswith("https://example.org/groups/")
        if "approximate" in meeting:
            assert meeting["approximate"] in ("yes", "no")
        if "latitude" in meeting:
            assert isinstance(meeting["latitude"], float) and isinstance(meeting["longitude"], float)
    slugs = [m["slug"] for m in meetings]
    assert len(slugs) == len(set(slugs))


def test_days_count_from_sunday(meetings: list[dict]) -> None:
    by_slug = {m["slug"]: m for m in meetings}
    assert by_slug["fictional-evening-circle-1-tue"]["day"] == 2
    assert by_slug["fictional-evening-circle-1-thu"]["day"] == 4
    assert by_slug["fictional-online-peers-1-mon"]["day"] == 1
    assert by_slug["fictional-online-peers-2-sun"]["day"] == 0


def test_only_weekly_meetings_of_active_groups(meetings: list[dict]) -> None:
    assert sorted(m["slug"] for m in meetings) == [
        "fictional-evening-circle-1-thu", "fictional-evening-circle-1-tue",  # monthly (2) and fortnightly (3) left out
        "fictional-grief-circle-leeds-1-tue",
        "fictional-online-peers-1-mon", "fictional-online-peers-2-sun",
        "fictional-riverside-circle-1-tue",
    ]  # no paused or closed group; the Spanish group (monthly) and the hostile one (fortnightly) left out


def test_in_person_meeting(meetings: list[dict]) -> None:
    tue = next(m for m in meetings if m["slug"] == "fictional-evening-circle-1-tue")
    assert (tue["time"], tue["end_time"], tue["timezone"]) == ("18:30", "20:00", "Europe/London")
    assert tue["address"] == "1 Fictional Street, Unit 2" and tue["city"] == "London"
    assert tue["postal_code"] == "EC1A 1AA" and tue["country"] == "GB" and tue["approximate"] == "no"
    assert tue["location_notes"] == "Ring the bell, then take the lift to floor 2"
    assert tue["types"] == ["EN", "S", "W"]  # English, Spanish, women
    assert "conference_url" not in tue  # an in-person meeting of a hybrid group
    assert tue["entity"] == "Fictional Evening Trust"
    assert tue["edit_url"].startswith("https://github.com/example/peer-support-directory/edit/main/")
    assert tue["edit_url"].endswith("/groups/fictional-evening-circle.yml")


def test_online_meeting_without_public_link(meetings: list[dict]) -> None:
    mon = next(m for m in meetings if m["slug"] == "fictional-online-peers-1-mon")
    assert "conference_url" not in mon and "given on request" in mon["notes"]
    assert mon["country"] == "US" and mon["state"] == "NY" and mon["approximate"] == "yes"
    assert "address" not in mon
    assert mon["types"] == ["EN", "LGBTQ", "Y"]
    sun = next(m for m in meetings if m["slug"] == "fictional-online-peers-2-sun")
    assert "end_time" not in sun and "00:30 the next day" in sun["notes"]  # passes midnight


def test_conference_url_only_when_published(fictional_catalog: Catalog) -> None:
    circle = next(g for g in fictional_catalog.groups if g.id == "fictional-evening-circle")
    online = circle.model_copy(update={"meetings": [circle.meetings[2].model_copy(update={"interval": 1, "starts_on": None})]})
    data = json.loads(meeting_guide_feed(dataclasses.replace(fictional_catalog, groups=[online]), SETTINGS)["meeting-guide.json"])
    assert [m["conference_url"] for m in data] == ["https://meet.example.org/fictional-circle"]
    assert "address" not in data[0]  # online: no venue


def test_long_ids_give_short_unique_slugs(fictional_catalog: Catalog) -> None:
    base = next(g for g in fictional_catalog.groups if g.id == "fictional-online-peers")
    a = base.model_copy(update={"id": "fictional-" + "a" * 70})
    b = base.model_copy(update={"id": "fictional-" + "a" * 69 + "b"})
    slugs = {slug(g, 0, "monday") for g in (a, b)}
    assert len(slugs) == 2 and all(SLUG.match(s) for s in slugs)


def test_mapped_codes_are_spec_codes() -> None:
    assert set(LANGUAGE_TYPES.values()) <= SPEC_TYPES
    assert set(AUDIENCE_TYPES.values()) <= SPEC_TYPES

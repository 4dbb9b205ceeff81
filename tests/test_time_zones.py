"""A meeting's zone is a place's zone; suggestions come from the listing's country (zone.tab/zone1970.tab)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.contract import time_zones

REPO = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(("value", "countries", "expected"), [
    ("BST", ["GB"], "write 'Europe/London', the time zone of the listing's country (GB)"),
    ("GMT", ["GB"], "write 'Europe/London'"),
    ("GMT", ["IE"], "write 'Europe/Dublin'"),
    ("IST", ["IN"], "write 'Asia/Kolkata'"),
    ("IST", ["IE"], "write 'Europe/Dublin'"),
    ("PST", ["US"], "write 'America/Los_Angeles'"),
    ("EST", ["US"], "'America/New_York' (Eastern (most areas))"),
    ("CET", ["DE"], "'Europe/Berlin' (most of Germany)"),
    ("Etc/GMT-1", ["DE"], "'Europe/Berlin'"),
    ("UTC+1", ["GB"], "write 'Europe/London'"),
    ("US/Eastern", ["US"], "write 'America/New_York', its current name"),
    ("Asia/Calcutta", ["IN"], "write 'Asia/Kolkata', its current name"),
])
def test_suggestions_come_from_the_country(value: str, countries: list[str], expected: str) -> None:
    message = time_zones.zone_message(value, countries)
    assert expected in message, message


def test_bst_never_suggests_a_look_alike() -> None:
    # String likeness would say MST; the country says Europe/London, and without a country nothing is guessed.
    assert "MST" not in time_zones.zone_message("BST", ["GB"])
    assert "MST" not in time_zones.zone_message("BST", [])
    assert "such as 'Europe/London' or 'America/New_York'" in time_zones.zone_message("BST", [])


def test_which_names_are_allowed() -> None:
    for zone in ("Europe/London", "Europe/Oslo", "America/Indiana/Knox", "UTC"):
        assert time_zones.is_allowed(zone), zone
        assert time_zones.zone_message(zone, []) == ""
    for name, kind in (("EST", "abbreviation"), ("EST5EDT", "abbreviation"), ("GMT", "abbreviation"), ("Etc/GMT-1", "offset"),
                       ("+05:30", "offset"), ("GB", "alias"), ("US/Eastern", "alias"), ("Etc/UTC", "utc-alias"), ("Europe/Londn", "unknown")):
        assert not time_zones.is_allowed(name)
        assert time_zones.kind_of_name(name) == kind, name


def test_every_country_zone_is_a_real_zone() -> None:
    from zoneinfo import ZoneInfo

    assert {"GB", "US", "DE", "NO"} <= set(time_zones.zones_of_country())
    assert time_zones.zones_of_country()["NO"][0] == "Europe/Oslo"  # zone.tab's own name first
    for zone in time_zones.allowed_zones():
        ZoneInfo(zone)


def test_zone_outside_the_country() -> None:
    assert time_zones.zone_outside_countries("America/New_York", ["GB"])
    assert not time_zones.zone_outside_countries("Europe/London", ["GB"])
    assert not time_zones.zone_outside_countries("UTC", ["GB"])
    assert not time_zones.zone_outside_countries("America/New_York", [])


def test_the_schema_lists_the_zones_for_editors() -> None:
    schema = json.loads((REPO / "schemas" / "group.schema.json").read_text(encoding="utf-8"))
    text = json.dumps(schema)
    assert '"Europe/London"' in text and '"UTC"' in text
    zone_lists = [node["enum"] for node in _nodes(schema) if isinstance(node, dict) and "Europe/London" in node.get("enum", [])]
    assert zone_lists and all(z == list(time_zones.allowed_zones()) for z in zone_lists)
    assert "EST" not in zone_lists[0] and "Etc/GMT-1" not in zone_lists[0]


def _nodes(value: object):
    yield value
    if isinstance(value, dict):
        for child in value.values():
            yield from _nodes(child)
    elif isinstance(value, list):
        for child in value:
            yield from _nodes(child)

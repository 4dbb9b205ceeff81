"""The crisis page's data: lines for every country a listing serves, sections, the zone table."""

from __future__ import annotations

from pathlib import Path

from generator.contract.catalog import load_catalog
from generator.pages.crisis import chooser_countries, crisis_sections
from generator.pages.zone_countries import shipped_zone_countries, zone_countries

REPO = Path(__file__).resolve().parent.parent


def shipped_catalog():
    result = load_catalog(REPO / "directory")
    assert result.ok, result.problems
    return result.catalog


def test_every_country_a_listing_serves_has_an_emergency_number_and_a_crisis_line() -> None:
    catalog = shipped_catalog()
    served = {country for listing in catalog.listings for country in listing.countries}
    assert {"US", "GB", "AU", "CA", "PR", "GU"} <= served
    for country in sorted(served):
        lines = [line for line in catalog.crisis_lines if country in line.countries]
        assert any(line.emergency and line.phone for line in lines), f"no emergency number for {country}"
        assert any(not line.emergency for line in lines), f"no crisis line for {country}"


def test_countries_with_the_same_lines_share_one_section_and_each_keeps_its_own_choice() -> None:
    sections = crisis_sections(shipped_catalog().crisis_lines)
    by_code = {code: section for section in sections for code in section["codes"]}
    assert by_code["DE"] is by_code["FR"] and len(by_code["DE"]["codes"]) == 26  # the EU's 112, Ireland apart
    assert by_code["IE"]["codes"] == ["IE"] and by_code["US"]["heading"] == "United States"
    assert [line.id for line in by_code["GB"]["lines"]][0] == "gb-emergency", "the emergency number first"
    assert by_code["DE"]["crisis_line_listed"] is False and by_code["GB"]["crisis_line_listed"] is True
    choices = chooser_countries(sections)
    assert len(choices) == len(by_code) and [c["name"] for c in choices] == sorted((c["name"] for c in choices), key=str.casefold)
    assert {c["code"]: c["section"] for c in choices}["DE"] == by_code["DE"]["id"]


ZONE_TAB = "# comment\nGB\t+513030-0000731\tEurope/London\nDE\t+5230+01322\tEurope/Berlin\nNO\t+5955+01045\tEurope/Oslo\nIN\t+2232+08822\tAsia/Kolkata\n"
ZONE1970 = "GB,GG,IM,JE\t+513030-0000731\tEurope/London\nDE,DK,NO,SE,SJ\t+5230+01322\tEurope/Berlin\nIN\t+2232+08822\tAsia/Kolkata\n"
LINKS = "Z Europe/London 0 - GMT\nL Asia/Kolkata Asia/Calcutta\nL Europe/Berlin Europe/Oslo\nL Europe/Berlin Atlantic/Jan_Mayen\nL Europe/London GB\n"


def test_zone_table_follows_links_only_to_a_single_country() -> None:
    table = zone_countries(ZONE_TAB, ZONE1970, LINKS)
    assert table == {"Asia/Calcutta": "IN", "Asia/Kolkata": "IN", "Europe/Berlin": "DE", "Europe/London": "GB", "Europe/Oslo": "NO"}
    assert "Atlantic/Jan_Mayen" not in table, "a link to a zone of several countries guesses nothing"


def test_shipped_zone_table() -> None:
    table = shipped_zone_countries()
    expected = {"America/New_York": "US", "Europe/London": "GB", "Australia/Sydney": "AU", "Asia/Tokyo": "JP",
                "America/Puerto_Rico": "PR", "Pacific/Guam": "GU", "Asia/Calcutta": "IN", "US/Eastern": "US", "Europe/Dublin": "IE"}
    assert {zone: table.get(zone) for zone in expected} == expected
    assert "UTC" not in table and "Etc/GMT+5" not in table
    assert list(table) == sorted(table)

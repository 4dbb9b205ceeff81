"""The crisis page: national crisis lines and emergency numbers, from directory/crisis-lines/.

The page lists every country's lines, server-rendered, so it works without JavaScript. In the
browser, `crisis.js` guesses the visitor's country from its time zone and languages (with the
zone table below, on the page itself: nothing is sent anywhere) and moves that country's
section to the top, next to a chooser that corrects the guess.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from generator.contract.catalog import Catalog
from generator.contract.models import CrisisLine
from generator.pages.presentation import country_name
from generator.pages.zone_countries import shipped_zone_countries
from generator.build.products import BuildSettings, GeneratedPage

# A link only: the page makes no request to it until the visitor follows it.
HELPLINE_DIRECTORY = {"name": "Find A Helpline", "url": "https://findahelpline.com/"}


def line_order(line: CrisisLine) -> tuple[bool, bool, str]:
    """Emergency numbers first, then lines one can call, then the rest, by name."""
    return (not line.emergency, line.phone is None, line.name.casefold())


def crisis_sections(lines: list[CrisisLine]) -> list[dict[str, Any]]:
    """One section per set of countries served by the same lines, in order of the first name.

    Countries with exactly the same lines (the EU countries that only have 112) share a section,
    so the page does not repeat one card two dozen times.
    """
    by_country: dict[str, list[CrisisLine]] = defaultdict(list)
    for line in lines:
        for country in line.countries:
            by_country[country].append(line)
    groups: dict[tuple[str, ...], list[str]] = defaultdict(list)
    for country, served in by_country.items():
        groups[tuple(sorted(line.id for line in served))].append(country)
    sections = []
    for countries in groups.values():
        codes = sorted(countries, key=lambda code: country_name(code).casefold())
        served = sorted(by_country[codes[0]], key=line_order)
        names = [country_name(code) for code in codes]
        sections.append({
            "id": codes[0].lower() if len(codes) == 1 else "countries-" + "-".join(code.lower() for code in codes[:2]),
            "codes": codes,
            "names": names,
            "heading": names[0] if len(codes) == 1 else f"Lines for {len(codes)} countries",
            "lines": served,
            "crisis_line_listed": any(not line.emergency for line in served),
        })
    return sorted(sections, key=lambda section: section["names"][0].casefold())


def chooser_countries(sections: list[dict[str, Any]]) -> list[dict[str, str]]:
    """Every country on the page, by name, with the id of its section: the chooser's options."""
    options = [{"code": code, "name": name, "section": section["id"]}
               for section in sections for code, name in zip(section["codes"], section["names"])]
    return sorted(options, key=lambda option: option["name"].casefold())


def crisis_pages(catalog: Catalog, settings: BuildSettings) -> list[GeneratedPage]:
    sections = crisis_sections(catalog.crisis_lines)
    return [GeneratedPage(
        src_uri="crisis.md",
        title="Crisis help",
        template="directory/crisis.html",
        context={
            "crisis_sections": sections,
            "crisis_choices": chooser_countries(sections),
            "crisis_zones": shipped_zone_countries(),
            "helpline_directory": HELPLINE_DIRECTORY,
        },
        description="If you are in danger or cannot keep yourself safe, get crisis help now: emergency numbers and crisis lines by country.",
        searchable=True,
    )]

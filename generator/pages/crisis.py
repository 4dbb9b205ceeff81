"""The crisis page: national crisis lines and emergency numbers, from directory/crisis-lines/."""

from __future__ import annotations

from collections import defaultdict

from generator.contract.catalog import Catalog
from generator.contract.models import CrisisLine
from generator.pages.presentation import country_name
from generator.build.products import BuildSettings, GeneratedPage


def crisis_pages(catalog: Catalog, settings: BuildSettings) -> list[GeneratedPage]:
    by_country: dict[str, list[CrisisLine]] = defaultdict(list)
    for line in catalog.crisis_lines:
        for country in line.countries:
            by_country[country].append(line)
    countries = [
        {"code": code, "name": country_name(code),
         "lines": sorted(by_country[code], key=lambda line: (not line.emergency, line.name.casefold()))}
        for code in sorted(by_country, key=lambda c: country_name(c).casefold())
    ]
    return [GeneratedPage(
        src_uri="crisis.md",
        title="Crisis help",
        template="directory/crisis.html",
        context={"crisis_countries": countries},
        description="If you are in danger or cannot keep yourself safe, get crisis help now: emergency numbers and crisis lines by country.",
        searchable=True,
    )]

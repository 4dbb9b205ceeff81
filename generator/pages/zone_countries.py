"""Which country an IANA time zone name points to, from IANA's own tables (shipped in `tzdata`).

The crisis page guesses the visitor's country in the browser from the zone the browser reports
(`Intl.DateTimeFormat().resolvedOptions().timeZone`), so nothing about the visitor leaves their
device. The browser reports either a zone of `zone.tab` (one country per zone) or an older name
that is now a link (`Asia/Calcutta`, `US/Eastern`): links are followed only when their target
serves a single country in `zone1970.tab`, so `Europe/Berlin`'s links (Germany, Denmark,
Norway, Sweden...) guess nothing rather than guess wrong.
"""

from __future__ import annotations

from importlib import resources


def _tab_rows(text: str) -> list[list[str]]:
    return [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]


def zone_countries(zone_tab: str, zone1970_tab: str, tzdata_zi: str) -> dict[str, str]:
    """{zone name: ISO 3166 alpha-2 code} for every zone and usable link, sorted by name."""
    countries = {row[2]: row[0] for row in _tab_rows(zone_tab) if len(row) >= 3}
    single = {row[2]: row[0] for row in _tab_rows(zone1970_tab) if len(row) >= 3 and "," not in row[0]}
    for line in tzdata_zi.splitlines():
        if line.startswith("L "):
            _, target, name = line.split()[:3]
            if name not in countries and target in single:
                countries[name] = single[target]
    return dict(sorted(countries.items()))


def shipped_zone_countries() -> dict[str, str]:
    """zone_countries() over the tables of the installed `tzdata` package."""
    folder = resources.files("tzdata") / "zoneinfo"
    return zone_countries(*((folder / name).read_text("utf-8") for name in ("zone.tab", "zone1970.tab", "tzdata.zi")))


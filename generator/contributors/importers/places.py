"""Names of countries and regions, as other directories write them, back to the ISO codes the
contract accepts (pycountry knows them; no table of our own). Only exact names and codes are
read: a name that is not one is left for the person importing, never guessed."""

from __future__ import annotations

import re
from functools import cache

import pycountry

# Codes of subdivisions written as postal abbreviations (US states, Canadian provinces, Australian states).
ABBREVIATED = ("US", "CA", "AU")
_ALSO = re.compile(r"\s*\[[^\]]*\]|\s*\(.*\)$")  # "Wales [Cymru GB-CYM]", "Dublin (Baile Átha Cliath)"


@cache
def country_code(value: str) -> str | None:
    """'GB', 'GBR', 'United Kingdom', 'USA' -> the ISO 3166-1 alpha-2 code, or None."""
    text = value.strip()
    if text.upper() in ("USA", "U.S.A.", "US"):
        return "US"
    if text.upper() in ("UK", "U.K."):
        return "GB"
    try:
        return pycountry.countries.lookup(text).alpha_2
    except LookupError:
        return None


@cache
def _subdivisions(country: str) -> dict[str, str]:
    """Folded names (and codes without the country) of a country's subdivisions -> ISO 3166-2 code."""
    names: dict[str, str] = {}
    for subdivision in pycountry.subdivisions.get(country_code=country) or []:
        code = subdivision.code
        names.setdefault(code.casefold(), code)
        names.setdefault(code.split("-", 1)[1].casefold(), code)
        names.setdefault(subdivision.name.casefold(), code)
        names.setdefault(_ALSO.sub("", subdivision.name).casefold(), code)
    return names


def region_code(value: str, country: str) -> str | None:
    """'NY' (with US), 'England' (with GB), 'GB-ENG' -> the ISO 3166-2 code, or None."""
    return _subdivisions(country).get(value.strip().casefold())

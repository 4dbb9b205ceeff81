"""Which time zones a meeting may be in, and what to suggest instead of an abbreviation or offset.

A meeting happens in a place, so its zone must be a place's zone: one named in IANA's
`zone.tab` or `zone1970.tab`, which map countries to their zones. Abbreviations (BST, EST,
CET), fixed offsets (Etc/GMT-1, UTC+1) and old aliases are refused: they are wrong half the
year, or ambiguous. What to write instead comes from the listing's country, never from how
alike the strings are (BST is not MST). 'UTC' is a zone for online meetings only.

The tables are read from the pinned `tzdata` package, not the system's zoneinfo, so the
accepted names (and the JSON Schema that lists them) are the same on every machine.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache
from importlib import resources
from zoneinfo import ZoneInfo

from generator.contract.suggest import closest

UTC_NAME = "UTC"
# Two instants of a fixed year: a zone's winter and summer names and offsets.
_SAMPLES = (dt.datetime(2026, 1, 15, 12, tzinfo=dt.timezone.utc), dt.datetime(2026, 7, 15, 12, tzinfo=dt.timezone.utc))
_OFFSET = re.compile(r"(?i)(?:utc|gmt)?\s*([+-])\s*(\d{1,2})(?::?([0-5]\d))?")
_ABBREVIATION = re.compile(r"[A-Za-z]{2,5}")
_CAPITALS = re.compile(r"[A-Z]{2,5}[0-9]?(?:[A-Z]{2,4})?")
# Old single-word names that are a country's own zone, not an abbreviation.
_COUNTRY_LINKS = frozenset({"GB", "NZ", "PRC", "ROC", "ROK", "UCT"})
_SHOWN = 3


def _table(name: str) -> list[list[str]]:
    text = resources.files("tzdata.zoneinfo").joinpath(name).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]


@cache
def zones_of_country() -> dict[str, tuple[str, ...]]:
    """Country code -> its zones: zone.tab's first (a country's own names, such as
    Europe/Oslo), then zone1970.tab's (zones shared since 1970, such as Europe/Berlin for NO)."""
    found: dict[str, list[str]] = {}
    for name in ("zone.tab", "zone1970.tab"):
        for row in _table(name):
            for country in row[0].split(","):
                zones = found.setdefault(country, [])
                if row[2] not in zones:
                    zones.append(row[2])
    return {country: tuple(zones) for country, zones in sorted(found.items())}


@cache
def _comments() -> dict[str, str]:
    """zone.tab's note on which part of a country a zone covers, e.g. 'most of Germany'."""
    return {row[2]: row[3] for row in _table("zone.tab") if len(row) > 3}


@cache
def place_zones() -> frozenset[str]:
    return frozenset(zone for zones in zones_of_country().values() for zone in zones)


@cache
def allowed_zones() -> tuple[str, ...]:
    """Every name a meeting's `timezone` may have, sorted: the place zones and 'UTC'."""
    return tuple(sorted(place_zones() | {UTC_NAME}))


@cache
def _links() -> dict[str, str]:
    """Old names and aliases -> the zone they stand for (tzdata.zi's 'L target alias' lines)."""
    text = resources.files("tzdata.zoneinfo").joinpath("tzdata.zi").read_text(encoding="utf-8")
    return {parts[2]: parts[1] for parts in (line.split() for line in text.splitlines() if line.startswith("L "))}


@cache
def _known_names() -> frozenset[str]:
    """Every name tzdata knows (zones, links, abbreviations such as EST and CET)."""
    text = resources.files("tzdata.zoneinfo").joinpath("tzdata.zi").read_text(encoding="utf-8")
    return frozenset(line.split()[1] for line in text.splitlines() if line.startswith("Z ")) | frozenset(_links())


def is_allowed(zone: str) -> bool:
    return zone == UTC_NAME or zone in place_zones()


def _offset_of(value: str) -> dt.timedelta | None:
    match = _OFFSET.fullmatch(value.strip())
    if match:
        minutes = int(match[2]) * 60 + int(match[3] or 0)
        return dt.timedelta(minutes=minutes if match[1] == "+" else -minutes)
    if value.startswith("Etc/GMT") and value[7:] and value in _known_names():
        return _SAMPLES[0].astimezone(ZoneInfo(value)).utcoffset()  # Etc/GMT-1 is UTC+1
    return None


def kind_of_name(value: str) -> str:
    """'allowed', 'offset', 'abbreviation', 'utc-alias', 'alias' (an old name of a place zone) or 'unknown'."""
    if is_allowed(value):
        return "allowed"
    if _offset_of(value) is not None:
        return "offset"
    if _CAPITALS.fullmatch(value) and value not in _COUNTRY_LINKS:
        return "abbreviation"  # EST, CET, MST7MDT: tzdata keeps them as links, but they name no place
    target = _links().get(value)
    while target in _links():
        target = _links()[target]
    if target in (UTC_NAME, "Etc/UTC") or value in ("Etc/UTC", "Etc/UCT", "Etc/Universal", "Etc/Zulu"):
        return "utc-alias"
    if target and target in place_zones() and value not in ("GMT", "Etc/GMT", "Greenwich", "Etc/Greenwich"):
        return "alias"
    if value in _known_names() or _ABBREVIATION.fullmatch(value):
        return "abbreviation"
    return "unknown"


def _matching(zones: tuple[str, ...], value: str) -> list[str]:
    """The zones among `zones` that go by the abbreviation or offset `value` at some time of year."""
    offset = _offset_of(value)
    wanted_name = value.upper()
    if wanted_name in ("GMT", "UTC", "ETC/GMT", "GREENWICH"):
        offset = dt.timedelta(0)
    elif offset is None and value in _known_names():
        offset_names = {(s.astimezone(ZoneInfo(value)).tzname() or "").upper() for s in _SAMPLES}
        wanted = {s.astimezone(ZoneInfo(value)).utcoffset() for s in _SAMPLES}
        found = [z for z in zones if {(s.astimezone(ZoneInfo(z)).tzname() or "").upper() for s in _SAMPLES} & (offset_names | {wanted_name})]
        return found or [z for z in zones if {s.astimezone(ZoneInfo(z)).utcoffset() for s in _SAMPLES} & wanted]
    found = []
    for zone in zones:
        info = ZoneInfo(zone)
        if offset is not None and any(s.astimezone(info).utcoffset() == offset for s in _SAMPLES):
            found.append(zone)
        elif offset is None and any((s.astimezone(info).tzname() or "").upper() == wanted_name for s in _SAMPLES):
            found.append(zone)
    return found


def _quoted(zones: list[str]) -> str:
    shown = [f"'{zone}'" + (f" ({_comments()[zone]})" if zone in _comments() else "") for zone in zones[:_SHOWN]]
    if len(zones) > _SHOWN:
        return ", ".join(shown) + f" or another of these {len(zones)} zones"
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " or " + shown[-1]


def suggestion(value: str, countries: list[str]) -> str:
    """What to write instead of `value`, from the listing's countries: a clause starting 'write'."""
    countries = [c for c in countries if c in zones_of_country()]
    target = _links().get(value) if kind_of_name(value) == "alias" else None
    if target in place_zones() and (not countries or any(target in zones_of_country()[c] for c in countries)):
        return f"write '{target}', its current name"
    if not countries:
        return "write the zone of the place where it meets, such as 'Europe/London' or 'America/New_York'"
    zones = tuple(z for c in countries for z in zones_of_country()[c])
    zones = tuple(dict.fromkeys(zones))
    matching = _matching(zones, value) or list(zones)
    where = "/".join(countries)
    if len(matching) == 1:
        return f"write '{matching[0]}', the time zone of the listing's country ({where})"
    return f"write the zone of the place in {where} where it meets: {_quoted(matching)}"


def zone_message(value: str, countries: list[str]) -> str:
    """The sentence for a `timezone` that is not allowed, or '' if it is."""
    kind = kind_of_name(value)
    if kind == "allowed":
        return ""
    if kind == "offset":
        return f"'{value}' is a fixed offset from UTC, not a place's time zone, so daylight saving would be wrong; {suggestion(value, countries)}"
    if kind == "abbreviation":
        return f"'{value}' is an abbreviation, not a place's time zone (abbreviations are ambiguous and wrong for half the year); {suggestion(value, countries)}"
    if kind == "utc-alias":
        return f"write '{UTC_NAME}' (for an online meeting) or the zone of the place where it meets, not '{value}'"
    if kind == "alias":
        return f"'{value}' is an old name of a time zone; {suggestion(value, countries)}"
    near = closest(value, allowed_zones())
    hint = f"; did you mean '{near}'?" if near else (f"; {suggestion(value, countries)}" if countries else "")
    return f"'{value}' is not an IANA time zone{hint}"


def zone_outside_countries(zone: str, countries: list[str]) -> bool:
    """Whether a place zone belongs to none of the listing's countries (UTC belongs to none, and is fine)."""
    known = [c for c in countries if c in zones_of_country()]
    return bool(known) and zone != UTC_NAME and not any(zone in zones_of_country()[c] for c in known)


def zones_going_by(value: str, country: str) -> list[str]:
    """The zones of `country` that go by the abbreviation or offset `value` at some time of year."""
    return _matching(zones_of_country().get(country, ()), value)


def current_name(value: str) -> str | None:
    """The place zone an old name (an 'alias') stands for, or None."""
    target = _links().get(value)
    return target if target in place_zones() else None

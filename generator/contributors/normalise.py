"""Everyday answers -> the directory's formats, without guessing.

Pure functions: each takes what a person wrote (and, where it matters, the listing's country) and
returns the value the data model stores, or raises `Unreadable` with a plain sentence saying what
to write instead. An answer that could mean two things is `Unreadable`, never a guess. The
libraries know the names: pycountry (countries, regions), langcodes (languages), phonenumbers,
tzdata (through `contract.time_zones`).

Used by the issue forms (`forms/answers.py`); usable by any importer of hand-written data.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from urllib.parse import urlsplit

import langcodes
import phonenumbers
import pycountry

from generator.contract import time_zones


class Unreadable(ValueError):
    """An answer that cannot be read unambiguously; `str(error)` says what to write instead."""


def _fold(text: str) -> str:
    """Case, accents, dots and extra spaces removed: 'U.K.' -> 'uk', ' Côte  d'Ivoire' -> "cote d'ivoire"."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join(text.replace(".", "").casefold().split())


# ISO 3166's "exceptionally reserved" codes people write for a country: ISO keeps them for the
# country named, so they are not guesses (pycountry does not carry them).
_RESERVED = {"uk": "GB", "el": "GR"}
_ENGLISH_SHORT = {"usa": "US", "great britain": "GB", "britain": "GB"}


@cache
def _countries_by_name() -> dict[str, str]:
    names: dict[str, str] = {}
    for country in pycountry.countries:
        for attribute in ("name", "official_name", "common_name", "alpha_3"):
            value = getattr(country, attribute, None)
            if value:
                names[_fold(value)] = country.alpha_2
    return {**names, **_RESERVED, **_ENGLISH_SHORT}


@cache
def _subdivisions_by_name() -> dict[str, tuple[str, ...]]:
    """Folded subdivision name -> every ISO 3166-2 code with that name (several countries may share one)."""
    names: dict[str, list[str]] = {}
    for subdivision in pycountry.subdivisions:
        # 'Wales [Cymru GB-CYM]': the name, and the other name in brackets without its code.
        main, _, other = subdivision.name.partition("[")
        for name in (main, re.sub(r"\b[A-Z]{2}-[A-Z0-9]{1,3}\b|\]", "", other)):
            if name.strip() and subdivision.code not in names.get(_fold(name), []):
                names.setdefault(_fold(name), []).append(subdivision.code)
    return {name: tuple(sorted(codes)) for name, codes in names.items()}


def place(text: str) -> tuple[str, str | None]:
    """A country as people write it -> (ISO 3166-1 code, ISO 3166-2 region or None).

    'GB', 'UK', 'United Kingdom' -> ('GB', None); 'England' -> ('GB', 'GB-ENG'). A name that is
    both a country and a region ('Georgia') is Unreadable."""
    value = text.strip()
    folded = _fold(value)
    if re.fullmatch(r"[A-Za-z]{2}", value) and pycountry.countries.get(alpha_2=value.upper()):
        return value.upper(), None
    if re.fullmatch(r"[A-Za-z]{2}-[A-Za-z0-9]{1,3}", value) and pycountry.subdivisions.get(code=value.upper()):
        return value[:2].upper(), value.upper()
    country = _countries_by_name().get(folded)
    regions = _subdivisions_by_name().get(folded, ())
    if country and regions:
        choices = " or ".join([f"{country} (the country)"] + [f"{code} (a region)" for code in regions])
        raise Unreadable(f"'{value}' could be {choices}; write the code you mean")
    if country:
        return country, None
    if len(regions) == 1:
        return regions[0][:2], regions[0]
    if regions:
        raise Unreadable(f"'{value}' is the name of places in several countries ({', '.join(regions)}); write the code you mean")
    raise Unreadable(f"'{value}' is not a country we know; write its name in English or its two-letter code, like GB, IE or US")


def country(text: str) -> str:
    """Just the country of `place()`: 'England' -> 'GB'."""
    return place(text)[0]


def region(text: str, country_code: str | None = None) -> str:
    """A region code or name -> its ISO 3166-2 code: 'gb-eng', 'England' -> 'GB-ENG'; 'Georgia' with US -> 'US-GA'."""
    value = text.strip()
    if re.fullmatch(r"[A-Za-z]{2}-[A-Za-z0-9]{1,3}", value) and pycountry.subdivisions.get(code=value.upper()):
        return value.upper()
    codes = _subdivisions_by_name().get(_fold(value), ())
    if country_code:
        codes = tuple(code for code in codes if code.startswith(country_code + "-")) or codes
    if len(codes) == 1:
        return codes[0]
    if codes:
        raise Unreadable(f"'{value}' is the name of places in several countries ({', '.join(codes)}); write the code you mean")
    raise Unreadable(f"'{value}' is not a region we know; write its code, like GB-ENG, US-GA or CA-ON")


def language(text: str) -> str:
    """A language tag or name -> a standard BCP 47 tag: 'en', 'English', 'Español', 'pt-br' -> 'pt-BR'."""
    value = text.strip()
    if re.fullmatch(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*", value) and langcodes.tag_is_valid(value.replace("_", "-")):
        tag = langcodes.standardize_tag(value.replace("_", "-"))
        if langcodes.Language.get(tag).is_valid():
            return tag
    try:
        return langcodes.find(value).to_tag()  # names in English and in the language itself
    except LookupError:
        raise Unreadable(f"'{value}' is not a language we know; write its name, like English or Español, or its code, like en") from None


def languages(text: str) -> list[str]:
    """'English, Español and Welsh' -> ['en', 'es', 'cy']; errors for every unreadable name at once."""
    parts = [p for p in re.split(r"\s*(?:[,;/\n]|\band\b|&)\s*", text.strip()) if p.strip()]
    found, problems = [], []
    for part in parts:
        try:
            tag = language(part)
        except Unreadable as error:
            problems.append(str(error))
            continue
        if tag not in found:
            found.append(tag)
    if problems:
        raise Unreadable("; ".join(problems))
    return found


_TIME = re.compile(r"(?P<hour>\d{1,2})(?:\s*[:.h]\s*(?P<minute>\d{2}))?\s*(?P<half>[ap])?\.?\s*(?:m\.?)?")
_NAMED_TIMES = {"noon": "12:00", "midday": "12:00", "midnight": "00:00"}
TIME_EXAMPLE = "write it like 18:30 or 6:30pm"


def time(text: str) -> str:
    """A clock time -> 'HH:MM': '6:30pm', '6.30 PM', '18.30', '18h30' -> '18:30'; '8pm' -> '20:00'.

    '6:30' (no am/pm, no leading zero) could be morning or evening: Unreadable."""
    value = text.strip()
    folded = value.casefold()
    if folded in _NAMED_TIMES:
        return _NAMED_TIMES[folded]
    match = _TIME.fullmatch(folded)
    if re.fullmatch(r"\d{4}", folded):  # '1830': a 24-hour time without its colon
        match = _TIME.fullmatch(f"{folded[:2]}:{folded[2:]}")
    if not match:
        raise Unreadable(f"'{value}' is not a time we can read; {TIME_EXAMPLE}")
    hour, minute, half = int(match["hour"]), int(match["minute"] or 0), match["half"]
    if minute > 59 or hour > 23 or (half and not 1 <= hour <= 12):
        raise Unreadable(f"'{value}' is not a time of day; {TIME_EXAMPLE}")
    if half:
        hour = hour % 12 + (12 if half == "p" else 0)
    elif match["minute"] is None:
        raise Unreadable(f"'{value}' has no minutes and no am or pm; {TIME_EXAMPLE}")
    elif 1 <= hour <= 11 and not match["hour"].startswith("0"):
        raise Unreadable(f"'{value}' could be morning or evening; write {hour:02d}:{minute:02d} or {hour + 12}:{minute:02d} (or add am or pm)")
    return f"{hour:02d}:{minute:02d}"


_HOST = re.compile(r"(?i)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}\.?")


def web_address(text: str) -> str:
    """'www.example.org' -> 'https://www.example.org'; an address with http(s):// is kept as written."""
    value = text.strip().strip("<>")
    if re.match(r"(?i)https?://", value):
        parts = urlsplit(value)
        if parts.hostname and " " not in value:
            return value
        raise Unreadable(f"'{value}' is not a web address we can read; write it like https://www.example.org/page")
    host = value.split("/", 1)[0]
    if " " not in value and _HOST.fullmatch(host) and "@" not in value:
        return "https://" + value
    raise Unreadable(f"'{value}' is not a web address we can read; write it like https://www.example.org/page")


def phone(text: str, country_code: str | None) -> str:
    """A phone number -> E.164: '+44 113 496 0000', or '0113 496 0000' with the listing's country GB."""
    value = text.strip()
    region_code = None if value.startswith(("+", "00")) else country_code
    if region_code is None and not value.startswith(("+", "00")):
        raise Unreadable(f"'{value}' has no country code and the listing names no country; write it like +44 20 7946 0000")
    try:
        number = phonenumbers.parse(value, region_code or "ZZ")
    except phonenumbers.NumberParseException:
        raise Unreadable(f"'{value}' is not a phone number we can read; write it like +44 20 7946 0000") from None
    if not phonenumbers.is_valid_number(number):
        where = f" in {country_code}" if region_code else ""
        raise Unreadable(f"'{value}' is not a valid phone number{where}; check the digits, or write it with the country code like +44 20 7946 0000")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


_AGE = re.compile(r"(?i)(?:aged?\s+)?(\d{1,3})\s*(?:\+|(?:years?)?\s*(?:and|or)\s+(?:over|older|above|up))?(?:\s*years?(?:\s*old)?)?")


def age(text: str) -> int:
    """'18', '18+', '18 and over', 'aged 18+' -> 18. 'over 18' (is 18 welcome?) is Unreadable."""
    value = text.strip()
    match = _AGE.fullmatch(value)
    if not match or not 0 < int(match[1]) < 130:
        raise Unreadable(f"'{value}' is not an age we can read; write a number of years, like 18")
    return int(match[1])


def whole_number(text: str) -> int:
    value = text.strip()
    if not re.fullmatch(r"\d{1,6}", value):
        raise Unreadable(f"'{value}' is not a whole number; write digits only, like 12")
    return int(value)


def time_zone(text: str, country_code: str | None) -> str:
    """A time zone -> its IANA name: 'europe/london' -> 'Europe/London'; 'GMT' with GB -> 'Europe/London'.

    An abbreviation or offset becomes the country's zone only when the country has exactly one
    that goes by it; otherwise Unreadable, naming the country's zones to choose from."""
    value = text.strip()
    by_fold = {zone.casefold(): zone for zone in time_zones.allowed_zones()}
    if value.casefold() in by_fold:
        return by_fold[value.casefold()]
    by_city = _zones_by_city().get(value.casefold().replace(" ", "_"), ())
    if len(by_city) == 1:  # 'London', 'new york': the one zone named after that place
        return by_city[0]
    kind = time_zones.kind_of_name(value) if value else "unknown"
    if kind == "unknown" and value.upper() != value:
        kind = time_zones.kind_of_name(value.upper())
        value = value.upper() if kind != "unknown" else value
    countries = [country_code] if country_code else []
    if kind in ("abbreviation", "offset") and country_code in time_zones.zones_of_country():
        candidates = time_zones.zones_going_by(value, country_code)
        if len(candidates) == 1:
            return candidates[0]
    if kind == "alias":
        target = time_zones.current_name(value)
        if target:
            return target
    message = time_zones.zone_message(value, countries) or f"'{value}' is not a time zone we know"
    if not country_code and kind in ("abbreviation", "offset"):
        message += " (the form's country tells us which zone you mean)"
    raise Unreadable(message)


@cache
def _zones_by_city() -> dict[str, tuple[str, ...]]:
    found: dict[str, list[str]] = {}
    for zone in time_zones.place_zones():
        found.setdefault(zone.rsplit("/", 1)[-1].casefold(), []).append(zone)
    return {city: tuple(sorted(zones)) for city, zones in found.items()}


_YES = {"yes", "y", "true"}
_NO = {"no", "n", "false"}


def yes_no(text: str) -> bool:
    folded = text.strip().casefold()
    if folded in _YES:
        return True
    if folded in _NO:
        return False
    raise Unreadable(f"'{text.strip()}' is not yes or no")

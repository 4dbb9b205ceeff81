"""Field types of the data contract, each validated by a well-kept library.

Every type is strict about its input: the strict YAML loader hands over text, and a type that
wants a date, a time or a country code reads it from text only, so a number never becomes one.
Errors are `PydanticCustomError`s whose message is already the plain sentence a contributor sees.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
import re
import unicodedata
import zoneinfo
from functools import cache
from typing import Annotated, Any
from urllib.parse import urlsplit

from pydantic import AfterValidator, BeforeValidator, Field, PlainSerializer, Strict, StringConstraints, ValidationInfo, WithJsonSchema
from pydantic_core import PydanticCustomError

from generator.contract import time_zones
from generator.contract.suggest import did_you_mean

# The libraries behind e-mail, phone, country and language fields are imported when a value of
# that kind is first checked: together they are about a third of `peerdir validate FILE`'s
# start-up, and a file without phone numbers or e-mail addresses need not pay for them.


def _email_validator() -> Any:
    import email_validator

    return email_validator


def _phonenumbers() -> Any:
    import phonenumbers

    return phonenumbers


def _pycountry() -> Any:
    import pycountry

    return pycountry


def _langcodes() -> Any:
    import langcodes

    return langcodes


def _fail(message: str, **context: Any) -> PydanticCustomError:
    return PydanticCustomError("peerdir", message, context)


def _cached_for_text(check: Any) -> Any:
    """Remember a pure check's result per text value: codes, zones and times repeat across
    thousands of listings. Other inputs (numbers, lists...) go straight to the check."""
    remembered = functools.lru_cache(maxsize=4096)(check)

    @functools.wraps(check)
    def wrapper(value: Any) -> Any:
        return remembered(value) if isinstance(value, str) else check(value)

    return wrapper


def _needs_text(value: Any, what: str) -> str:
    if not isinstance(value, str):
        raise _fail(f"should be {what} written as text, not {type_name(value)}")
    return value


def type_name(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a set of fields"
    if value is None:
        return "empty"
    return "text"


# The one rule for characters, applied to every text value of every model (models/base.py) and
# to field names: what XML 1.0 (feed.xml, sitemaps), RFC 5545 (calendars), JSON consumers and a
# terminal cannot all take safely. C0 and C1 controls (tab and newline stay: text may span
# lines), lone surrogates (half of a UTF-16 pair, which no UTF-8 output can carry), the 66
# Unicode noncharacters (U+FDD0-U+FDEF and U+xFFFE/U+xFFFF of every plane, not allowed in XML)
# and the bidirectional overrides and isolates, which can make a link or a name read as
# something else.
_NONCHARACTERS = "\ufdd0-\ufdef" + "".join(f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(17))
UNSAFE_CHARACTER = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff{_NONCHARACTERS}]")


def _character_kind(char: str) -> str:
    point = ord(char)
    if 0xD800 <= point <= 0xDFFF:
        return "half of a character pair (a lone surrogate): the text was cut or mis-encoded"
    if 0x202A <= point <= 0x202E or 0x2066 <= point <= 0x2069:
        return "an invisible text-direction control character, which can make text read as something else"
    if point < 0x20 or 0x7F <= point <= 0x9F:
        return "an invisible control character"
    return "a noncharacter, which is not a letter or sign of any language"


def unsafe_character(value: str) -> str | None:
    """The plain sentence about the first character of `value` that the rule above refuses, or None."""
    # Every refused character is a control, format, surrogate or unassigned one, none of which
    # is printable: most text is settled by this one C-speed test, without the expression.
    if value.isprintable():
        return None
    match = UNSAFE_CHARACTER.search(value)
    if match is None:
        return None
    char = match.group()
    return f"contains U+{ord(char):04X} at character {match.start() + 1}, {_character_kind(char)}; retype the text without it"


def _clean_text(value: str) -> str:
    # Every text is checked by the models' shared rule (models/base.py) before it gets here;
    # this keeps the field types safe on their own too.
    if (problem := unsafe_character(value)) is not None:
        raise _fail(problem)
    return value


# Plain text of one line or a few sentences. Strict: a YAML number or boolean is not text.
Text = Annotated[str, Strict(), StringConstraints(strip_whitespace=True, min_length=1, max_length=200), AfterValidator(_clean_text)]
LongText = Annotated[str, Strict(), StringConstraints(strip_whitespace=True, min_length=1, max_length=1000), AfterValidator(_clean_text)]

SUMMARY_MAX = 280


def _summary(value: str) -> str:
    _clean_text(value)
    if "<" in value and re.search(r"<[A-Za-z/!?]", value):
        raise _fail("is plain text: remove the HTML tags")
    return " ".join(value.split())


Summary = Annotated[
    str,
    Strict(),
    StringConstraints(strip_whitespace=True, min_length=20, max_length=SUMMARY_MAX),
    AfterValidator(_summary),
    Field(description=f"One or two plain sentences, 20 to {SUMMARY_MAX} characters."),
]

_MD_LINK = re.compile(r"\]\(\s*<?([^)\s>]*)")
_HTML_TAG = re.compile(r"<\s*/?\s*[A-Za-z!?]")


def _markdown(value: str) -> str:
    _clean_text(value)
    if _HTML_TAG.search(value):
        raise _fail("may not contain HTML; write Markdown instead (for a link: [text](https://...))")
    for target in _MD_LINK.findall(value):
        if not re.match(r"(?i)(https?:|mailto:|tel:|#)", target):
            raise _fail(f"links may only go to https, http, mailto or tel addresses, not '{target[:60]}'")
    return value


Markdown = Annotated[
    str,
    Strict(),
    StringConstraints(strip_whitespace=True, min_length=1, max_length=5000),
    AfterValidator(_markdown),
    Field(description="Markdown (no HTML), up to 5,000 characters."),
]


_WEB_SCHEME = re.compile(r"(?i)https?://")
_SPACE = re.compile(r"\s")
_HOST_NAME = re.compile(r"(?i)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{1,62}")


def _web_url(value: Any) -> str:
    value = _needs_text(value, "a web address").strip()
    if not _WEB_SCHEME.match(value):
        raise _fail("should be a web address starting with https:// (or http://)")
    if _SPACE.search(value) or len(value) > 2000:
        raise _fail("is not a valid web address (it contains spaces or is too long)")
    # Invisible formatting characters (zero-width spaces, direction marks, soft hyphens) are
    # allowed in text, but in an address they only hide what the link really is. (None is ASCII.)
    hidden = None if value.isascii() else next((char for char in value if unicodedata.category(char) == "Cf"), None)
    if hidden is not None:
        raise _fail(f"contains the invisible character U+{ord(hidden):04X}; retype the address")
    parts = urlsplit(value)
    host = parts.hostname or ""
    if not _HOST_NAME.fullmatch(host):
        raise _fail("is not a valid web address: it needs a domain name such as example.org")
    if parts.username or parts.password:
        raise _fail("may not contain a user name or password")
    return value


WebUrl = Annotated[str, BeforeValidator(_web_url), WithJsonSchema({"type": "string", "format": "uri", "pattern": "^[Hh][Tt][Tt][Pp][Ss]?://"})]


def _email(value: Any) -> str:
    value = _needs_text(value, "an e-mail address").strip()
    email_validator = _email_validator()
    try:
        return email_validator.validate_email(value, check_deliverability=False).normalized
    except email_validator.EmailNotValidError as error:
        raise _fail(f"is not a valid e-mail address: {error}") from None


Email = Annotated[str, BeforeValidator(_email), WithJsonSchema({"type": "string", "format": "email"})]


def _phone(value: Any) -> str:
    value = _needs_text(value, "a phone number (in quotes)").strip()
    if not value.startswith("+"):
        raise _fail("should be written in international form with the country code, e.g. '+44 20 7946 0000'")
    phonenumbers = _phonenumbers()
    try:
        number = phonenumbers.parse(value, None)
    except phonenumbers.NumberParseException:
        raise _fail(f"'{value}' is not a phone number") from None
    if not phonenumbers.is_valid_number(number):
        raise _fail(f"'{value}' is not a valid phone number for its country code")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


Phone = Annotated[
    str,
    BeforeValidator(_phone),
    WithJsonSchema({"type": "string", "pattern": r"^\+[0-9 ()-]+$", "description": "International phone number, e.g. '+44 20 7946 0000'; stored as E.164."}),
]


def _dialled_number(value: Any) -> str:
    # Crisis lines are short codes (988, 116 123) dialled locally, so no country code is required.
    value = _needs_text(value, "a phone number (in quotes)").strip()
    if not re.fullmatch(r"\+?[0-9][0-9 ]{1,18}[0-9]", value):
        raise _fail("should contain only digits and spaces, e.g. '116 123'")
    return value


DialledNumber = Annotated[str, BeforeValidator(_dialled_number), WithJsonSchema({"type": "string", "pattern": r"^\+?[0-9][0-9 ]{1,18}[0-9]$"})]


@_cached_for_text
def _country(value: Any) -> str:
    value = _needs_text(value, "a two-letter country code (ISO 3166-1)")
    if value == "UK":
        raise _fail("'UK' is not an ISO 3166-1 code; the United Kingdom is 'GB'")
    pycountry = _pycountry()
    if not re.fullmatch(r"[A-Z]{2}", value) or pycountry.countries.get(alpha_2=value) is None:
        hint = ""
        if len(value) == 2 and pycountry.countries.get(alpha_2=value.upper()):
            hint = f"; did you mean '{value.upper()}'?"
        else:
            try:
                hint = f"; did you mean '{pycountry.countries.search_fuzzy(value)[0].alpha_2}'?"
            except LookupError:
                pass
        raise _fail(f"'{value}' is not a two-letter ISO 3166-1 country code{hint}")
    return value


CountryCode = Annotated[str, BeforeValidator(_country), WithJsonSchema({"type": "string", "pattern": "^[A-Z]{2}$"})]


@cache
def region_codes() -> frozenset[str]:
    """Every ISO 3166-2 code, read from pycountry's own database file: `subdivisions.get` makes an
    object of each of 5,000 subdivisions first, a fifth of `peerdir validate FILE`'s checks."""
    with open(os.path.join(_pycountry().DATABASE_DIR, "iso3166-2.json"), encoding="utf-8") as handle:
        return frozenset(entry["code"] for entry in json.load(handle)["3166-2"])


@_cached_for_text
def _region(value: Any) -> str:
    value = _needs_text(value, "an ISO 3166-2 region code such as 'GB-ENG' or 'US-GA'")
    # The code is stored as written, so it must be upper-case (as every code in the set is).
    if not re.fullmatch(r"[A-Z]{2}-[A-Z0-9]{1,3}", value) or value not in region_codes():
        hint = ""
        if value.upper() in region_codes():
            hint = f"; did you mean '{value.upper()}'?"
        raise _fail(f"'{value}' is not an ISO 3166-2 region code (such as 'GB-ENG' or 'US-GA'){hint}")
    return value


RegionCode = Annotated[str, BeforeValidator(_region), WithJsonSchema({"type": "string", "pattern": "^[A-Z]{2}-[A-Z0-9]{1,3}$"})]


@_cached_for_text
def _language(value: Any) -> str:
    value = _needs_text(value, "a language tag such as 'en' or 'es-MX'")
    langcodes = _langcodes()
    if not langcodes.tag_is_valid(value) or not langcodes.Language.get(value).is_valid():
        raise _fail(f"'{value}' is not a BCP 47 language tag (such as 'en', 'es' or 'pt-BR')")
    standard = langcodes.standardize_tag(value)
    if standard != value:
        raise _fail(f"write the language tag as '{standard}'")
    return value


LanguageTag = Annotated[str, BeforeValidator(_language), WithJsonSchema({"type": "string", "pattern": "^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$"})]


@_cached_for_text
def _time_zone(value: Any) -> str:
    value = _needs_text(value, "an IANA time zone such as 'Europe/London'")
    if not time_zones.is_allowed(value):
        # The message depends on the listing's country, which this field cannot see: the
        # message builder words it from the zone and the listing's data (error_messages.py).
        raise PydanticCustomError("peerdir_zone", time_zones.zone_message(value, []), {"zone": value})
    return value


TimeZoneName = Annotated[
    str,
    BeforeValidator(_time_zone),
    WithJsonSchema({"type": "string", "enum": list(time_zones.allowed_zones()),
                    "description": "IANA time zone of a place, e.g. 'Europe/London' ('UTC' only for online meetings)"}),
]


# The dates a listing can give. Far enough for any real meeting or review; near enough that a
# date placed in any time zone, plus a meeting's length, stays within what datetime, calendars
# and browsers can hold (9999-12-31 west of UTC overflowed when put in UTC).
EARLIEST_DATE = dt.date(1900, 1, 1)
LATEST_DATE = dt.date(2999, 12, 31)


@_cached_for_text
def _iso_date(value: Any) -> dt.date:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        value = value.isoformat()  # checked as text: the same rules, the same messages
    value = _needs_text(value, "a date such as 2026-01-31")
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            raise ValueError
        date = dt.date.fromisoformat(value)
    except ValueError:
        raise _fail(f"'{value}' is not a date in the form YYYY-MM-DD (such as 2026-01-31)") from None
    if not EARLIEST_DATE <= date <= LATEST_DATE:
        raise _fail(f"'{value}' is outside the dates a listing can give: from {EARLIEST_DATE} to {LATEST_DATE}")
    return date


IsoDate = Annotated[dt.date, BeforeValidator(_iso_date), WithJsonSchema({"type": "string", "format": "date"})]


@_cached_for_text
def _local_time(value: Any) -> dt.time:
    if isinstance(value, dt.time):
        return value
    value = _needs_text(value, "a time such as '18:30'")
    match = re.fullmatch(r"([01]\d|2[0-3]):([0-5]\d)", value)
    if not match:
        raise _fail(f"'{value}' is not a 24-hour time in the form HH:MM (such as '18:30')")
    return dt.time(int(match[1]), int(match[2]))


# Dumped as 'HH:MM' (not isoformat's 'HH:MM:SS'), so a dumped listing validates again.
LocalTime = Annotated[dt.time, BeforeValidator(_local_time), PlainSerializer(lambda t: t.strftime("%H:%M"), return_type=str, when_used="json"), WithJsonSchema({"type": "string", "pattern": "^([01][0-9]|2[0-3]):[0-5][0-9]$"})]

KEBAB_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

ListingId = Annotated[str, Strict(), StringConstraints(pattern=KEBAB_ID.pattern, max_length=80)]


def _term_check(vocabulary: str):
    def check(value: str, info: ValidationInfo) -> str:
        vocabularies = (info.context or {}).get("vocabularies")
        if vocabularies is None:
            return value
        terms = vocabularies[vocabulary].terms
        if value not in terms:
            noun = vocabularies[vocabulary].noun
            raise _fail(f"'{value}' is not a known {noun}{did_you_mean(value, terms)}")
        return value

    return check


def Term(vocabulary: str) -> Any:
    """A term of a controlled vocabulary under `directory/vocabularies/`."""
    return Annotated[
        str,
        Strict(),
        AfterValidator(_term_check(vocabulary)),
        Field(json_schema_extra={"x-vocabulary": vocabulary}),
    ]

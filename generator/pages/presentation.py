"""Plain-language formatting of listing facts, registered as Jinja filters for theme/ templates.

Pure functions: codes in, human words out. Contributed Markdown is rendered here and then
sanitised with nh3 (the Markdown is already HTML-free by validation; this is the second lock).
"""

from __future__ import annotations

import base64
import datetime as dt
import re
import zlib
from functools import cache
from typing import Any
from urllib.parse import quote, urlencode

import langcodes
import markdown as markdown_lib
import nh3
import phonenumbers
import pycountry
from jinja2.utils import htmlsafe_json_dumps
from markupsafe import Markup

from generator.contract.fields import UNSAFE_CHARACTER
from generator.contract.models.meeting import WEEKDAYS, Meeting
from generator.pages.whitespace import compact_whitespace

_ORDINALS = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth", -1: "last"}
_ALLOWED_TAGS = {"p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "a", "blockquote", "code", "pre", "h3", "h4", "hr"}
_ALLOWED_SCHEMES = {"http", "https", "mailto", "tel"}


@cache
def country_name(code: str) -> str:
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return code
    return getattr(country, "common_name", None) or country.name


# pycountry writes a region's other official names after its English one, with a code of its
# own: "Wales [Cymru GB-CYM]". The label is the part before the bracket.
_REGION_ALSO = re.compile(r"\s*\[([^\]]*)\]\s*$")


@cache
def region_name(code: str) -> str:
    region = pycountry.subdivisions.get(code=code)
    return _REGION_ALSO.sub("", region.name) if region else code


@cache
def region_other_names(code: str) -> list[str]:
    """A region's other official names ("Cymru" for GB-WLS), without their codes."""
    region = pycountry.subdivisions.get(code=code)
    found = _REGION_ALSO.search(region.name) if region else None
    if not found:
        return []
    return [" ".join(w for w in part.split() if not re.fullmatch(r"[A-Z]{2}-[A-Z0-9]{1,3}", w))
            for part in found.group(1).split(";") if part.strip()]


@cache
def language_name(tag: str) -> str:
    try:
        return langcodes.Language.get(tag).display_name("en")
    except (LookupError, ValueError, ModuleNotFoundError):
        return tag


def phone_display(e164: str) -> str:
    try:
        return phonenumbers.format_number(phonenumbers.parse(e164, None), phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    except phonenumbers.NumberParseException:
        return e164


def tel_href(number: str) -> str:
    return "tel:" + "".join(ch for ch in number if ch.isdigit() or ch == "+")


def sms_href(number: str, keyword: str | None = None) -> str:
    digits = "".join(ch for ch in number if ch.isdigit() or ch == "+")
    return f"sms:{digits}" + (f"?&body={quote(keyword)}" if keyword else "")


@cache
def _markdown() -> markdown_lib.Markdown:
    # One converter, reset before each text: building one costs more than converting a description.
    return markdown_lib.Markdown(extensions=["sane_lists"], output_format="html")


def markdown_html(text: str | None) -> Markup:
    if not text:
        return Markup("")
    html = _markdown().reset().convert(text)
    clean = nh3.clean(
        html,
        tags=_ALLOWED_TAGS,
        attributes={"a": {"href", "title"}},
        url_schemes=_ALLOWED_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )
    # A character reference ('&#xFFFF;', '&#x202E;') decodes to a character that the contract
    # refuses when typed: it becomes U+FFFD, as a browser shows what it cannot use.
    return Markup(UNSAFE_CHARACTER.sub("\ufffd", clean))


def long_date(value: dt.date) -> str:
    return f"{value.day} {value.strftime('%B %Y')}"


def clock(value: dt.time | dt.datetime) -> str:
    return value.strftime("%H:%M")


def meeting_when(start: dt.datetime, end: dt.datetime) -> str:
    """'Tuesday 24 November 2026, 18:30–20:00 GMT', in the meeting's own zone."""
    return f"{start:%A} {long_date(start)}, {clock(start)}–{clock(end)} {start.tzname() or ''}"


def _join_words(words: list[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def meeting_pattern(meeting: Meeting) -> str:
    """'Every Tuesday', 'Every 2 weeks on Monday', 'First and third Tuesday of the month'."""
    days = [d.capitalize() for d in sorted(meeting.days, key=WEEKDAYS.index)]
    if meeting.frequency == "weekly":
        if meeting.interval == 1:
            return f"Every {_join_words(days)}"
        return f"Every {meeting.interval} weeks on {_join_words(days)}"
    weeks = sorted(meeting.weeks_of_month or [], key=lambda w: (w < 0, w))
    return f"{_join_words([_ORDINALS[w] for w in weeks]).capitalize()} {_join_words(days)} of the month"


def meeting_times(meeting: Meeting) -> str:
    start = dt.datetime.combine(dt.date(2000, 1, 1), meeting.start_time)
    end = start + dt.timedelta(minutes=meeting.minutes)
    return f"{clock(start)}–{clock(end)}"


@cache
def zone_place(zone: str) -> str:
    """An IANA zone as the place it is named after, as people say "Auckland time":
    "Pacific/Auckland" -> "Auckland", "America/Argentina/Buenos_Aires" -> "Buenos Aires"."""
    return zone.rsplit("/", 1)[-1].replace("_", " ")


def osm_url(location: Any) -> str:
    if location.latitude is not None and location.longitude is not None:
        lat, lon = location.latitude, location.longitude
        return f"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=17/{lat}/{lon}"
    parts = [location.address, location.locality, location.postal_code, country_name(location.country)]
    return "https://www.openstreetmap.org/search?" + urlencode({"query": ", ".join(p for p in parts if p)})


def deflated(text: str) -> str:
    """`text` as UTF-8, deflated (zlib, RFC 1950) and base64-encoded, for an attribute that only
    scripts read: a listing's file on its page, which directory.js inflates (DecompressionStream
    "deflate") when it completes the suggest links; about 30 % smaller than the escaped text, on
    every listing page, and nothing in it to escape."""
    return base64.b64encode(zlib.compress(text.encode("utf-8"), 9)).decode("ascii")


def compact_json(value: Any) -> Markup:
    """Jinja's `tojson` (its escaping of `<`, `>`, `&` and `'`, safe in an HTML attribute with
    either quote) without the spaces after commas and colons."""
    return htmlsafe_json_dumps(value, separators=(",", ":"), ensure_ascii=False)


def register(env: Any) -> None:
    env.filters.update(
        country_name=country_name,
        region_name=region_name,
        language_name=language_name,
        phone_display=phone_display,
        tel_href=tel_href,
        sms_href=sms_href,
        markdown_html=markdown_html,
        long_date=long_date,
        clock=clock,
        meeting_pattern=meeting_pattern,
        meeting_times=meeting_times,
        osm_url=osm_url,
        zone_place=zone_place,
        compact_whitespace=compact_whitespace,
        deflated=deflated,
        compact_json=compact_json,
    )

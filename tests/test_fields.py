"""Field types: strict about text, plain sentences on failure."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import TypeAdapter, ValidationError

from generator.contract import fields


def check(kind, value):
    return TypeAdapter(kind).validate_python(value)


def message(kind, value) -> str:
    with pytest.raises(ValidationError) as caught:
        check(kind, value)
    return caught.value.errors()[0]["msg"]


def test_country() -> None:
    assert check(fields.CountryCode, "NO") == "NO"
    assert "not true/false" in message(fields.CountryCode, False)
    assert "the United Kingdom is 'GB'" in message(fields.CountryCode, "UK")
    assert "did you mean 'IE'?" in message(fields.CountryCode, "ie")


def test_region() -> None:
    assert check(fields.RegionCode, "US-GA") == "US-GA"
    assert "did you mean 'GB-ENG'?" in message(fields.RegionCode, "gb-eng")
    assert "not an ISO 3166-2 region code" in message(fields.RegionCode, "GB-ZZZ")


def test_region_codes_are_pycountrys_subdivisions() -> None:
    """The region check reads pycountry's database file itself (for speed): it must know exactly
    the subdivisions pycountry's own lookup knows, and each must pass the field's pattern."""
    import re

    import pycountry

    assert fields.region_codes() == {subdivision.code for subdivision in pycountry.subdivisions}
    assert all(re.fullmatch(r"[A-Z]{2}-[A-Z0-9]{1,3}", code) for code in fields.region_codes())


def test_time_and_date_read_only_text() -> None:
    assert check(fields.LocalTime, "18:30") == dt.time(18, 30)
    assert "not a number" in message(fields.LocalTime, 1110)
    assert "HH:MM" in message(fields.LocalTime, "24:00")
    assert TypeAdapter(fields.LocalTime).dump_python(dt.time(9, 5), mode="json") == "09:05"
    assert check(fields.IsoDate, "2026-01-31") == dt.date(2026, 1, 31)
    assert "YYYY-MM-DD" in message(fields.IsoDate, "2026-1-31")
    assert "not a number" in message(fields.IsoDate, 20260131)


def test_phone_email_url() -> None:
    assert check(fields.Phone, "+44 20 7946 0123") == "+442079460123"
    assert "international form" in message(fields.Phone, "020 7946 0123")
    assert check(fields.Email, "Hello@Example.org") == "Hello@example.org"
    assert "not a valid e-mail" in message(fields.Email, "nobody@")
    assert check(fields.WebUrl, "https://example.org/x") == "https://example.org/x"
    for bad in ("javascript:alert(1)", "ftp://example.org/", "https://user:pw@example.org/", "https://exa mple.org/", "https://localhost/"):
        message(fields.WebUrl, bad)


def test_language_and_time_zone() -> None:
    assert check(fields.LanguageTag, "pt-BR") == "pt-BR"
    assert "write the language tag as 'en-GB'" in message(fields.LanguageTag, "en-gb")
    assert "not a BCP 47" in message(fields.LanguageTag, "english")
    assert check(fields.TimeZoneName, "America/New_York") == "America/New_York"
    assert "fixed offset from UTC" in message(fields.TimeZoneName, "+01:00")
    for not_a_place in ("EST", "GMT", "BST", "CET", "Etc/GMT-1", "US/Eastern", "Etc/UTC"):
        assert "is not valid" not in message(fields.TimeZoneName, not_a_place)
        assert message(fields.TimeZoneName, not_a_place)
    assert "did you mean 'Europe/London'?" in message(fields.TimeZoneName, "europe/london")


def test_text_markdown_summary() -> None:
    assert "control character" in message(fields.Text, "a\u202eb")
    assert "should be a valid string" in message(fields.Text, 12) or "string" in message(fields.Text, 12)
    assert "HTML" in message(fields.Markdown, "<img src=x onerror=alert(1)>")
    assert "javascript:" in message(fields.Markdown, "[x](javascript:alert(1))")
    assert check(fields.Markdown, "[x](https://example.org) and [y](mailto:a@example.org)")
    assert check(fields.Summary, "  Two   spaces become one, in a summary.  ") == "Two spaces become one, in a summary."
    assert "remove the HTML" in message(fields.Summary, "A summary with <b>bold</b> text inside.")


@pytest.mark.parametrize("hidden", ["\u200b", "\u200e", "\u00ad", "\u2060", "\ufeff"])
def test_web_addresses_refuse_invisible_formatting_characters(hidden: str) -> None:
    assert f"U+{ord(hidden):04X}" in message(fields.WebUrl, f"https://example.org/a{hidden}b")


@pytest.mark.parametrize("char", ["\x00", "\x1b", "\x7f", "\x85", "\r", "\u202e", "\u2067", "\ud800", "\udfff", "\ufdd0", "\ufffe",
                                  "\uffff", "\U0001fffe", "\U0010ffff"])
def test_the_character_rule_refuses(char: str) -> None:
    problem = fields.unsafe_character(f"ab{char}c")
    assert problem is not None and f"U+{ord(char):04X} at character 3" in problem


@pytest.mark.parametrize("text", ["tab\tand\nnewline", "مرحبا", "e\u0301", "👩🏽‍🦰", "\ue000", "\ufffd", "\u200b", "\U000f0000"])
def test_the_character_rule_allows(text: str) -> None:
    assert fields.unsafe_character(text) is None


@pytest.mark.parametrize(("value", "ok"), [("1900-01-01", True), ("1899-12-31", False), ("2999-12-31", True), ("3000-01-01", False),
                                          ("9999-12-31", False), ("0001-01-01", False)])
def test_dates_have_a_range(value: str, ok: bool) -> None:
    if ok:
        assert check(fields.IsoDate, value).isoformat() == value
    else:
        assert "outside the dates a listing can give: from 1900-01-01 to 2999-12-31" in message(fields.IsoDate, value)

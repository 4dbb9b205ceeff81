"""generator/contributors/normalise.py: everyday answers -> the directory's formats, never a guess."""

from __future__ import annotations

import pytest

from generator.contributors import normalise as n


@pytest.mark.parametrize("text, expected", [
    ("GB", ("GB", None)), ("gb", ("GB", None)), ("UK", ("GB", None)), ("U.K.", ("GB", None)),
    ("United Kingdom", ("GB", None)), (" united  kingdom ", ("GB", None)), ("England", ("GB", "GB-ENG")),
    ("Wales", ("GB", "GB-WLS")), ("Ireland", ("IE", None)), ("USA", ("US", None)), ("Côte d'Ivoire", ("CI", None)),
    ("us-ga", ("US", "US-GA")), ("Deutschland", None), ("Georgia", None), ("Narnia", None), ("", None),
])
def test_place(text, expected) -> None:
    if expected is None:
        with pytest.raises(n.Unreadable):
            n.place(text)
    else:
        assert n.place(text) == expected


def test_a_name_of_a_country_and_a_region_asks_back() -> None:
    with pytest.raises(n.Unreadable, match="GE \\(the country\\) or US-GA \\(a region\\)"):
        n.place("Georgia")
    assert n.region("Georgia", "US") == "US-GA" and n.region("gb-eng") == "GB-ENG"


@pytest.mark.parametrize("text, expected", [
    ("en", "en"), ("EN", "en"), ("English", "en"), ("english", "en"), ("Español", "es"), ("Spanish", "es"),
    ("Welsh", "cy"), ("Cymraeg", "cy"), ("pt-br", "pt-BR"), ("pt_BR", "pt-BR"), ("Français", "fr"),
])
def test_language(text, expected) -> None:
    assert n.language(text) == expected


def test_languages_list_and_all_errors_at_once() -> None:
    assert n.languages("English, Español and Welsh") == ["en", "es", "cy"]
    assert n.languages("en; en / fr") == ["en", "fr"]
    with pytest.raises(n.Unreadable) as error:
        n.languages("Englsh, Qqqqq")
    assert "'Englsh'" in str(error.value) and "'Qqqqq'" in str(error.value)


@pytest.mark.parametrize("text, expected", [
    ("18:30", "18:30"), ("18.30", "18:30"), ("1830", "18:30"), ("6:30pm", "18:30"), ("6.30 PM", "18:30"), ("6:30 p.m.", "18:30"),
    ("8pm", "20:00"), ("8 PM", "20:00"), ("12pm", "12:00"), ("12am", "00:00"), ("07:15", "07:15"),
    ("9.30am", "09:30"), ("18h30", "18:30"), ("noon", "12:00"), ("00:00", "00:00"),
])
def test_time(text, expected) -> None:
    assert n.time(text) == expected


@pytest.mark.parametrize("text, words", [
    ("7ish", "not a time we can read; write it like 18:30 or 6:30pm"),
    ("evening", "not a time we can read"),
    ("7", "no minutes and no am or pm"),
    ("6:30", "could be morning or evening; write 06:30 or 18:30"),
    ("25:00", "not a time of day"), ("13pm", "not a time of day"), ("18:75", "not a time of day"),
])
def test_time_never_guesses(text, words) -> None:
    with pytest.raises(n.Unreadable, match=words):
        n.time(text)


def test_web_address() -> None:
    assert n.web_address("www.example.org") == "https://www.example.org"
    assert n.web_address("example.org/groups/leeds") == "https://example.org/groups/leeds"
    assert n.web_address("http://example.org") == "http://example.org"
    for bad in ("see our facebook", "someone@example.org", "javascript:alert(1)", "https://"):
        with pytest.raises(n.Unreadable, match="write it like https://"):
            n.web_address(bad)


def test_phone() -> None:
    assert n.phone("0113 496 0000", "GB") == "+441134960000"
    assert n.phone("+44 113 496 0000", "US") == "+441134960000"
    with pytest.raises(n.Unreadable, match="no country code"):
        n.phone("0113 496 0000", None)
    with pytest.raises(n.Unreadable, match="not a valid phone number in GB"):
        n.phone("0113", "GB")


@pytest.mark.parametrize("text, expected", [("18", 18), ("18+", 18), ("18 +", 18), ("18 and over", 18), ("aged 16+", 16), ("18 years", 18)])
def test_age(text, expected) -> None:
    assert n.age(text) == expected


@pytest.mark.parametrize("text", ["over 18", "adults", "18-25", "0", "-3"])
def test_age_never_guesses(text) -> None:
    with pytest.raises(n.Unreadable):
        n.age(text)


@pytest.mark.parametrize("text, country, expected", [
    ("Europe/London", None, "Europe/London"), ("europe/london", "GB", "Europe/London"), ("GMT", "GB", "Europe/London"),
    ("BST", "GB", "Europe/London"), ("gmt", "GB", "Europe/London"), ("UTC+1", "FR", "Europe/Paris"),
    ("Asia/Calcutta", "IN", "Asia/Kolkata"), ("IST", "IE", "Europe/Dublin"), ("London", None, "Europe/London"),
    ("new york", "US", "America/New_York"),
])
def test_time_zone(text, country, expected) -> None:
    assert n.time_zone(text, country) == expected


@pytest.mark.parametrize("text, country, words", [
    ("EST", "US", "America/New_York"),  # many zones: a question back, naming them
    ("GMT", None, "the form's country tells us"),
    ("CET", "DE", "Europe/Berlin"),
    ("Mars/Olympus", "GB", "not an IANA time zone"),
])
def test_time_zone_asks_back(text, country, words) -> None:
    with pytest.raises(n.Unreadable, match=words):
        n.time_zone(text, country)

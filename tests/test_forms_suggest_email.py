"""The e-mailed correction link: only with `extra.contact_email`, and a clear error for a bad one."""

from __future__ import annotations

import datetime as dt
from urllib.parse import parse_qs, urlsplit

import pytest
from mkdocs.exceptions import PluginError

from generator.build.plugin import contact_email
from generator.build.products import BuildSettings
from generator.pages.common import suggest_email_url

NOW = dt.datetime(2026, 11, 23, 12, tzinfo=dt.timezone.utc)


def test_no_address_no_link(fictional_catalog) -> None:
    group = fictional_catalog.groups[0]
    assert suggest_email_url(fictional_catalog, group, BuildSettings(NOW, "", "https://github.com/o/r")) is None
    url = suggest_email_url(fictional_catalog, group, BuildSettings(NOW, "https://d.example.org/", "", contact_email="fix@example.org"))
    query = parse_qs(urlsplit(url).query)
    assert url.startswith("mailto:fix@example.org?subject=")
    assert f"Page: https://d.example.org/groups/{group.id}/" in query["body"][0] and f"({group.id})" in query["subject"][0]


def test_a_very_long_listing_is_named_not_included(fictional_catalog) -> None:
    group = fictional_catalog.groups[0]
    settings = BuildSettings(NOW, "", "", contact_email="fix@example.org")
    url = suggest_email_url(fictional_catalog, group, settings, ("x" * 20000, ""))
    assert len(url) < 7000 and "Too%20long%20to%20include" in url


@pytest.mark.parametrize("extra, expected", [({}, ""), ({"contact_email": ""}, ""), ({"contact_email": "fix@example.org"}, "fix@example.org")])
def test_contact_email_setting(extra, expected) -> None:
    assert contact_email(extra) == expected


@pytest.mark.parametrize("bad", ["not an address", "a@b.org?cc=evil@x.org", ["fix@example.org"], "a@b.org\nBcc: x@y.org"])
def test_a_bad_contact_email_stops_the_build(bad) -> None:
    with pytest.raises(PluginError, match="extra.contact_email in mkdocs.yml must be one e-mail address"):
        contact_email({"contact_email": bad})

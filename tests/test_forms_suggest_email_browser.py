"""'Suggest an edit' by e-mail on listing pages: a mailto: link to the maintainers, pre-filled with
the listing's id, page and current data, when mkdocs.yml names `extra.contact_email` (and no link
without it). Phone-sized, light and dark, axe-clean."""

from __future__ import annotations

import hashlib
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from conftest import Server, axe_violations, describe_violations, open_page
from fictional import CONTACT, HOSTILE_NAME

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}


def _mailto(page: object) -> str:
    # directory.js adds the listing's details once the page has loaded (pages/common.Suggestion).
    page.wait_for_selector("a[data-suggest=mail][data-suggest-done]", state="attached")  # type: ignore[attr-defined]
    return page.get_by_role("link", name="E-mail a correction").get_attribute("href")  # type: ignore[attr-defined]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_listing_page_offers_an_email_correction(browser: object, fictional_server: Server, scheme: str, artifacts: Path) -> None:
    page, recorder = open_page(browser, fictional_server.origin, viewport=PHONE, color_scheme=scheme)
    page.goto(fictional_server.url + "groups/fictional-grief-circle-leeds/")
    link = page.get_by_role("link", name="E-mail a correction")
    link.scroll_into_view_if_needed()
    assert link.is_visible()
    assert "No GitHub account?" in page.locator(".listing-email").inner_text()
    box = link.bounding_box()
    assert box is not None and box["x"] + box["width"] <= PHONE["width"]
    href = _mailto(page)
    parts = urlsplit(href)
    assert parts.scheme == "mailto" and unquote(parts.path) == CONTACT
    query = parse_qs(parts.query)
    assert query["subject"] == ["Correction: Fictional Grief Circle Leeds (fictional-grief-circle-leeds)"]
    body = query["body"][0]
    assert body.startswith("Listing: fictional-grief-circle-leeds\nPage: groups/fictional-grief-circle-leeds/\n")
    assert "-- The listing as it is now --\nid: fictional-grief-circle-leeds\n" in body and "start_time: \"18:30\"" in body
    # "Suggest an edit" names the version it was pre-filled from: the file's git blob id.
    suggest = parse_qs(urlsplit(page.get_by_role("link", name="Suggest an edit").get_attribute("href")).query)
    raw = (fictional_server.root.parent / "directory" / "groups" / "fictional-grief-circle-leeds.yml").read_bytes()
    assert suggest["version"] == [hashlib.sha1(b"blob %d\0" % len(raw) + raw).hexdigest()]
    page.screenshot(path=str(artifacts / f"phone-email-correction-{scheme}.png"), full_page=True)
    violations = axe_violations(page)
    assert violations == [], describe_violations(violations)
    assert recorder.console_errors == [] and recorder.foreign_requests == []
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.context.close()


def test_contributed_text_cannot_add_headers_or_recipients(browser: object, fictional_server: Server) -> None:
    page, _ = open_page(browser, fictional_server.origin, viewport=PHONE)
    page.goto(fictional_server.url + "groups/")
    page.get_by_role("link", name=HOSTILE_NAME).first.click()
    href = _mailto(page)
    raw_query = urlsplit(href).query
    # Exactly two parameters, each percent-encoded: no raw '&', '?', '#', '=' or line break of the listing's text.
    assert [part.split("=", 1)[0] for part in raw_query.split("&")] == ["subject", "body"]
    assert not any(c in href for c in "\n\r <>\"'#")
    query = parse_qs(raw_query)
    assert HOSTILE_NAME in query["subject"][0] and HOSTILE_NAME in query["body"][0]
    assert page.evaluate("window.__pwned") is None
    page.context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_contribute_guide_links_straight_to_the_forms(browser: object, fictional_server: Server, scheme: str, artifacts: Path) -> None:
    page, recorder = open_page(browser, fictional_server.origin, viewport=PHONE, color_scheme=scheme)
    page.goto(fictional_server.url + "guides/contribute/")
    link = page.get_by_role("link", name="Add a peer support group")
    assert link.get_attribute("href").endswith("/issues/new?template=add-group.yml")
    assert link.is_visible()
    text = page.locator("article").inner_text()
    assert "about 10 minutes" in text and "What happens next" in text
    assert text.index("Add a peer support group") < text.index("peerdir validate")  # the browser path first
    page.screenshot(path=str(artifacts / f"phone-contribute-guide-{scheme}.png"))
    violations = axe_violations(page)
    assert violations == [], describe_violations(violations)
    assert recorder.console_errors == [] and recorder.foreign_requests == []
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.context.close()


def test_without_a_contact_address_there_is_no_email_link(shipped_site: Path) -> None:
    """The shipped mkdocs.yml names no `extra.contact_email`: its listing pages offer only GitHub."""
    pages = sorted((shipped_site / "groups").glob("*/index.html"))
    assert pages
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert "Suggest an edit" in html and "E-mail a correction" not in html

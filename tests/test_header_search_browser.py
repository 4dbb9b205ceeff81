"""The one search box of every page (issue 11): the header's search finds listings and pages,
downloads nothing until focused, and Enter goes to the finder; the home page leads with a search
box; at phone width the closed navigation drawer takes no Tab stops."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from conftest import Server, axe_violations, describe_violations, open_page

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}


def test_nothing_is_downloaded_until_the_box_is_focused(browser: object, fictional_server: Server) -> None:
    page, recorder = open_page(browser, fictional_server.origin)
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(fictional_server.url + "guides/join-a-group/")
    page.wait_for_load_state("networkidle")
    assert not [url for url in requested if "api/finder" in url or "lunr" in url or "search" in url], requested
    assert page.locator(".md-search").count() == 0  # Material's search is gone
    page.focus("#psd-search-q")
    page.wait_for_selector("[data-psd-search-state=ready]")
    assert any(url.endswith("api/finder/index/meta.json") for url in requested)
    assert not any(url.endswith(("api/finder/docs.json", "api/finder/index.json")) for url in requested), requested
    assert recorder.console_errors == [] and recorder.foreign_requests == []
    page.context.close()


@pytest.mark.parametrize(("scheme", "viewport"), [("light", PHONE), ("dark", PHONE), ("light", None), ("dark", None)])
def test_finds_listings_and_pages_and_enter_goes_to_the_finder(browser: object, fictional_server: Server, scheme: str,
                                                                viewport: dict | None, artifacts: Path) -> None:
    page, recorder = open_page(browser, fictional_server.origin, viewport=viewport, color_scheme=scheme)
    page.goto(fictional_server.url + "guides/join-a-group/")
    page.click("#psd-search-q")
    page.wait_for_selector("[data-psd-search-state=ready]")
    page.keyboard.type("grief")
    panel = page.locator("#psd-search-panel")
    panel.locator("a", has_text="Fictional Grief Circle Leeds").wait_for()
    assert panel.locator("[data-psd-search-status]").inner_text() == "2 listings match."  # and the evening circle (bereavement)
    page.fill("#psd-search-q", "join")
    panel.locator("a", has_text="Join a support group").wait_for()  # a guide, by its title
    page.fill("#psd-search-q", "espanol")
    panel.locator("a", has_text="Fictional Online Anxiety Group").wait_for()
    width = "phone" if viewport else "desktop"
    page.screenshot(path=str(artifacts / f"header-search-{width}-{scheme}.png"))
    # The header and its open list (the guide's own table of contents is not this test's).
    violations = axe_violations(page, "header")
    assert not violations, describe_violations(violations)
    page.keyboard.press("Escape")
    assert panel.is_hidden()
    page.focus("#psd-search-q")
    page.keyboard.press("Enter")
    page.wait_for_url("**/find/?query=espanol")
    page.wait_for_selector("[data-finder-state=ready]")
    assert page.input_value("[data-finder-q]") == "espanol"
    assert page.locator("[data-finder-results] li").count() == 3  # the Spanish-speaking groups: es, and en + es
    assert recorder.console_errors == [] and recorder.foreign_requests == []
    page.context.close()


def test_without_javascript_the_box_still_searches(browser: object, fictional_server: Server) -> None:
    context = browser.new_context(java_script_enabled=False)  # type: ignore[attr-defined]
    page = context.new_page()
    page.goto(fictional_server.url + "crisis/")
    page.fill("#psd-search-q", "grief")
    page.keyboard.press("Enter")
    page.wait_for_url("**/find/?query=grief")
    assert parse_qs(urlsplit(page.url).query) == {"query": ["grief"]}
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_home_page_leads_with_a_search_box(browser: object, fictional_server: Server, scheme: str, artifacts: Path) -> None:
    page, recorder = open_page(browser, fictional_server.origin, viewport=PHONE, color_scheme=scheme)
    page.goto(fictional_server.url)
    box = page.locator("#home-q")
    assert box.evaluate("e => e.getBoundingClientRect().bottom") <= 740  # above the fold
    page.screenshot(path=str(artifacts / f"home-phone-{scheme}.png"))
    violations = axe_violations(page)
    assert not violations, describe_violations(violations)
    box.fill("online")
    box.press("Enter")
    page.wait_for_url("**/find/?query=online&near=")  # the near box, left empty, beside it
    page.wait_for_selector("[data-finder-state=ready]")
    assert page.locator("[data-finder-results] li").count() >= 1
    assert recorder.console_errors == []
    page.context.close()


def test_closed_drawer_takes_no_tab_stops_on_a_phone(browser: object, fictional_server: Server) -> None:
    page, _ = open_page(browser, fictional_server.origin, viewport=PHONE)
    page.goto(fictional_server.url + "find/")
    page.wait_for_selector("[data-finder-state=ready]")
    stops = []
    for _ in range(40):
        page.keyboard.press("Tab")
        info = page.evaluate("() => { const e = document.activeElement;"
                             " const shown = e.labels && e.labels.length ? e.labels[0] : e; const s = shown.getBoundingClientRect();"
                             " return {id: e.id, text: (e.textContent || '').trim().slice(0, 30), visible: s.width > 0 && s.height > 0"
                             " && s.right > 0 && s.left < innerWidth && getComputedStyle(shown).visibility !== 'hidden'}; }")
        stops.append(info)
        if info["id"] == "finder-q":
            break
    assert stops[-1]["id"] == "finder-q", stops
    assert len(stops) <= 8, stops  # skip link, menu, palette, header search and its button, then the finder
    # Material's colour toggle is a visually hidden radio whose label shows the focus.
    assert all(stop["visible"] or stop["id"].startswith("__palette") for stop in stops), stops
    page.context.close()


@pytest.mark.parametrize("broken", [re.compile(r"/api/finder/index/meta\.json$"), re.compile(r"/api/finder/index/\d+\.json$")],
                         ids=["meta", "shard"])
def test_a_search_that_cannot_load_says_so_and_enter_still_goes_to_the_finder(browser: object, fictional_server: Server,
                                                                              broken: re.Pattern) -> None:
    # The index's meta.json, or the shard a word needs, cannot be fetched (offline, a failed deploy).
    page, recorder = open_page(browser, fictional_server.origin, viewport=PHONE)
    page.route(broken, lambda route: route.abort())
    page.goto(fictional_server.url + "guides/join-a-group/")
    page.click("#psd-search-q")
    page.keyboard.type("grief")
    page.wait_for_selector("[data-psd-search-state=failed]")
    panel = page.locator("#psd-search-panel")
    panel.wait_for(state="visible")  # the list opens a moment after typing stops
    assert panel.locator("[data-psd-search-status]").inner_text() == \
        "The directory could not be loaded; press Enter to search in the finder."
    page.keyboard.press("Enter")
    page.wait_for_url("**/find/?query=grief")
    assert recorder.foreign_requests == []
    page.context.close()

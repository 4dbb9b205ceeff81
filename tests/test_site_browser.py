"""The site in a real headless Chromium: routes, crisis strip, keyboard, accessibility, privacy."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import Server, axe_violations, describe_violations, open_page

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}

PAGE_KINDS = {
    "home": "",
    "guide": "guides/join-a-group/",
    "crisis": "crisis/",
    "browse": "groups/",
    "facet": "topics/grief/",
    "group": "groups/fictional-grief-circle-leeds/",
    "closed": "groups/fictional-closed-group/",
    "advocate": "advocates/fictional-voices-podcast/",
    "training": "training/fictional-peer-specialist-course/",
}


@pytest.mark.parametrize("kind", sorted(PAGE_KINDS))
def test_crisis_strip_visible_without_scrolling_on_a_phone(browser: object, fictional_server: Server, kind: str, artifacts: Path) -> None:
    page, recorder = open_page(browser, fictional_server.origin, viewport=PHONE)
    page.goto(fictional_server.url + PAGE_KINDS[kind])
    strip = page.locator(".crisis-strip")
    assert strip.is_visible()
    box = strip.bounding_box()
    assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"]
    link = page.get_by_role("link", name="Get crisis help now")
    link_box = link.bounding_box()
    assert link_box is not None and link_box["y"] + link_box["height"] <= PHONE["height"]
    assert link_box["height"] >= 24, "a touch target of at least 24 CSS pixels"
    assert "not crisis care" in strip.inner_text()
    page.screenshot(path=str(artifacts / f"phone-{kind}.png"))
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], "nothing scrolls sideways on a phone"
    assert recorder.console_errors == []
    assert recorder.foreign_requests == []
    link.click()
    page.wait_for_url("**/crisis/")
    assert page.get_by_role("heading", level=1).inner_text() == "Crisis help"
    page.context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("kind", sorted(PAGE_KINDS))
def test_axe_reports_no_wcag_violations(browser: object, fictional_server: Server, kind: str, scheme: str, artifacts: Path) -> None:
    page, recorder = open_page(browser, fictional_server.origin, color_scheme=scheme)
    page.goto(fictional_server.url + PAGE_KINDS[kind])
    page.wait_for_load_state("networkidle")
    expected = "slate" if scheme == "dark" else "default"
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == expected
    violations = axe_violations(page)
    if kind in ("home", "group", "crisis"):
        page.screenshot(path=str(artifacts / f"desktop-{kind}-{scheme}.png"), full_page=True)
    assert violations == [], describe_violations(violations)
    assert recorder.console_errors == []
    page.context.close()


def _follow(page: object, link_name: str) -> None:
    page.get_by_role("link", name=link_name).first.click()  # type: ignore[attr-defined]
    page.wait_for_load_state()  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("route", "browse_heading", "listing"),
    [
        ("Browse groups", "Support groups", "Fictional Grief Circle Leeds"),
        ("Browse advocates", "Advocates", "Fictional Voices Podcast"),
        ("Browse training", "Training", "Fictional Peer Specialist Course"),
    ],
)
def test_home_to_browse_to_listing(browser: object, fictional_server: Server, route: str, browse_heading: str, listing: str) -> None:
    page, recorder = open_page(browser, fictional_server.origin, viewport=PHONE)
    page.goto(fictional_server.url)
    page.locator("article").get_by_role("link", name=route).first.click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == browse_heading
    page.get_by_role("link", name=listing).click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == listing
    assert page.get_by_role("link", name="Suggest an edit").is_visible()
    assert recorder.console_errors == [] and recorder.foreign_requests == []
    page.context.close()


def test_keyboard_alone_reaches_the_crisis_page(browser: object, fictional_server: Server) -> None:
    page, _ = open_page(browser, fictional_server.origin)
    page.goto(fictional_server.url + "groups/fictional-grief-circle-leeds/")
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement && document.activeElement.textContent.trim()") == "Get crisis help now":
            break
    else:
        pytest.fail("the crisis link is not among the first ten Tab stops")
    page.keyboard.press("Enter")
    page.wait_for_url("**/crisis/")
    page.context.close()


@pytest.mark.parametrize(("zone", "expected"), [("Asia/Tokyo", "GMT+9"), ("America/New_York", "EST")])
def test_next_meetings_in_the_visitors_time_zone(browser: object, fictional_server: Server, zone: str, expected: str) -> None:
    page, recorder = open_page(browser, fictional_server.origin, timezone_id=zone)
    # Freeze the visitor's clock at the build time, so every listed meeting is still ahead.
    page.clock.set_fixed_time("2026-11-23T12:00:00Z")
    page.goto(fictional_server.url + "groups/fictional-grief-circle-leeds/")
    items = page.locator("[data-next-meetings] li:not([hidden])")
    assert items.count() == 3
    first = items.first.inner_text()
    assert "Tuesday 24 November 2026, 18:30–20:00 GMT" in first  # the group's own zone
    assert "Your time:" in first and expected in first  # and the visitor's, with its abbreviation
    # The note saying so, made by directory.js (the page without JavaScript has neither), above the list.
    assert page.locator(".local-zone-note + [data-next-meetings]").count() == 1
    assert page.locator(".local-zone-note").inner_text() == "Each time is shown in the group's own time zone, then in yours."
    assert page.locator(".local-zone-note").is_visible()
    assert recorder.console_errors == []
    page.context.close()


def test_without_javascript_the_next_meetings_are_the_built_ones_with_no_zone_note(browser: object, fictional_server: Server) -> None:
    page, _ = open_page(browser, fictional_server.origin, java_script_enabled=False)
    page.goto(fictional_server.url + "groups/fictional-grief-circle-leeds/")
    assert page.locator("[data-next-meetings] li").count() == 3
    assert page.locator(".local-zone-note").count() == 0 and page.locator("[data-next-meetings-as-of]").is_visible()
    page.context.close()


def test_meetings_already_over_are_hidden(browser: object, fictional_server: Server) -> None:
    page, _ = open_page(browser, fictional_server.origin, timezone_id="Europe/London")
    page.clock.set_fixed_time("2026-12-02T09:00:00Z")  # after the 24 Nov and 1 Dec meetings
    page.goto(fictional_server.url + "groups/fictional-grief-circle-leeds/")
    first = page.locator("[data-next-meetings] li:not([hidden])").first.inner_text()
    assert "8 December 2026" in first
    page.context.close()


def test_hostile_listing_text_does_not_run(browser: object, fictional_server: Server) -> None:
    page, recorder = open_page(browser, fictional_server.origin)
    page.goto(fictional_server.url + "groups/fictional-hostile-text-group/")
    assert page.evaluate("window.__pwned === undefined")
    assert "</script><script>window.__pwned=1</script>" in page.get_by_role("heading", level=1).inner_text()
    page.goto(fictional_server.url + "groups/")
    assert page.evaluate("window.__pwned === undefined")
    assert recorder.console_errors == []
    page.context.close()


def test_print_stylesheet_hides_chrome(browser: object, fictional_server: Server) -> None:
    page, _ = open_page(browser, fictional_server.origin)
    page.goto(fictional_server.url + "groups/fictional-grief-circle-leeds/")
    page.emulate_media(media="print")
    assert not page.locator(".md-header").is_visible()
    assert not page.locator(".listing-actions").is_visible()
    assert page.get_by_role("heading", level=1).is_visible()
    page.context.close()


def test_no_shipped_page_scrolls_sideways_on_a_phone(browser: object, shipped_server: Server, shipped_site: Path) -> None:
    """Every listing page of the real directory, and the main pages, fit a 360 px screen."""
    paths = ["", "crisis/", "find/", "groups/", "embed-builder/", "data/"]
    for folder in ("groups", "advocates", "training"):
        paths += [f"{folder}/{entry.name}/" for entry in sorted((shipped_site / folder).iterdir()) if entry.is_dir() and entry.name != "pages"]
    page, recorder = open_page(browser, shipped_server.origin, viewport=PHONE)
    wide = []
    for path in paths:
        page.goto(shipped_server.url + path)
        if page.evaluate("document.documentElement.scrollWidth") > PHONE["width"]:
            wide.append(path)
    assert wide == []
    assert len(paths) > 20 and recorder.console_errors == [] and recorder.foreign_requests == []
    page.context.close()


def test_a_closed_listing_names_what_it_cannot_link_to(browser: object, fictional_server: Server) -> None:
    # Closed listings leave the lists, so a country only they serve (New Zealand here) has no page: the closed
    # listing names it without a link, and every link it does show leads to a page.
    page, recorder = open_page(browser, fictional_server.origin)
    page.goto(fictional_server.url + "groups/fictional-closed-group/")
    area = page.locator("dt:text-is('Area served') + dd")
    assert "New Zealand" in area.inner_text()
    assert area.get_by_role("link").count() == 0
    hrefs = page.locator("article.listing a").evaluate_all("links => links.map(a => a.href)")
    internal = [href for href in hrefs if href.startswith(fictional_server.url)]
    assert internal, "the page links to facet pages"
    for href in internal:
        assert page.request.get(href).status == 200, href
    assert recorder.console_errors == [] and recorder.foreign_requests == []
    page.context.close()


def test_the_harness_records_and_refuses_every_request_to_another_origin(browser: object, fictional_server: Server, shipped_server: Server) -> None:
    """The check every privacy assertion rests on: a request to another origin (another host, or
    another port of this one) is recorded and never reaches it; the page's own origin loads."""
    page, recorder = open_page(browser, fictional_server.origin)
    page.goto(fictional_server.url)
    outcomes = page.evaluate("""async (urls) => Promise.all(urls.map((url) =>
        fetch(url).then((response) => response.status, () => "refused")))""",
        [fictional_server.url + "index.html", shipped_server.url + "index.html", "https://fonts.example.org/a.woff2"])
    assert outcomes == [200, "refused", "refused"]
    assert recorder.foreign_requests == [shipped_server.url + "index.html", "https://fonts.example.org/a.woff2"]
    page.context.close()

"""The crisis page for visitors from different countries, on a phone, and the crisis strip.

These use the shipped site: its crisis lines are the real data. The visitor's country is set
the way a browser reports it: Playwright's `locale` (navigator.languages) and `timezone_id`.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import Server, axe_violations, describe_violations, open_page

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}
CALL = "[data-crisis-page] a.crisis-call"

# (name, locale, zone, first button, the main crisis line's first button)
VISITORS = [
    ("us", "en-US", "America/New_York", "Call 911", "Call 988"),
    ("gb", "en-GB", "Europe/London", "Call 999", "Call 116 123"),
    ("au", "en-AU", "Australia/Sydney", "Call 000", "Call 13 11 14"),
]


def _open_crisis(browser: object, server: Server, locale: str | None, zone: str | None, scheme: str = "light") -> tuple[object, object]:
    page, recorder = open_page(browser, server.origin, viewport=PHONE, color_scheme=scheme, locale=locale, timezone_id=zone)
    page.goto(server.url + "crisis/")
    page.wait_for_selector("[data-crisis-here]:not([hidden])")
    return page, recorder


def _strip_top(page: object) -> float:
    return page.locator(".md-banner").bounding_box()["y"]  # type: ignore[attr-defined]


def _on_first_screen(page: object, locator: object) -> bool:
    """Wholly on the first screen, above the crisis strip that is fixed to its bottom."""
    box = locator.bounding_box()  # type: ignore[attr-defined]
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= _strip_top(page)


@pytest.mark.parametrize(("name", "locale", "zone", "first", "line"), VISITORS)
def test_visitors_see_their_own_emergency_number_and_crisis_line_first(
        browser: object, shipped_server: Server, artifacts: Path, name: str, locale: str, zone: str, first: str, line: str) -> None:
    page, recorder = _open_crisis(browser, shipped_server, locale, zone)
    buttons = page.locator(CALL)
    assert buttons.first.inner_text() == first
    assert buttons.first.get_attribute("href") == "tel:" + first.removeprefix("Call ").replace(" ", "")
    assert _on_first_screen(page, buttons.first), "the emergency number is above the fold"
    # The emergency number and the main crisis line, each with all its buttons (call, text, chat).
    cards = page.locator("[data-crisis-here] li.crisis-line")
    assert cards.nth(1).locator("a.crisis-call").first.inner_text() == line
    for card in (cards.nth(0), cards.nth(1)):
        for index in range(card.locator("a.crisis-call").count()):
            button = card.locator("a.crisis-call").nth(index)
            assert _on_first_screen(page, button), f"{button.inner_text()} is above the fold"
    # Nothing from another country comes before them.
    here = page.locator("[data-crisis-here] .crisis-country")
    assert here.count() == 1 and here.get_attribute("data-countries") == locale[-2:]
    # The sources are folded away, one click from each line.
    sources = page.locator("[data-crisis-here] details.crisis-line__source").first
    assert not sources.locator("p").is_visible()
    sources.locator("summary").click()
    assert sources.locator("p").is_visible()
    page.locator("details.crisis-line__source[open] summary").click()
    page.screenshot(path=str(artifacts / f"crisis-phone-{name}-light.png"))
    # Every other country still follows, below.
    assert page.locator("[data-crisis-sections] .crisis-country").count() >= 7
    assert recorder.console_errors == [] and recorder.foreign_requests == []
    page.context.close()


@pytest.mark.parametrize(("locale", "zone"), [("ja-JP", "Asia/Tokyo"), ("en-US", "Asia/Tokyo")])
def test_a_visitor_from_a_country_without_lines_gets_no_foreign_number_first(
        browser: object, shipped_server: Server, artifacts: Path, locale: str, zone: str) -> None:
    # The zone says where the phone is: an American in Tokyo is not sent to 911 either.
    page, recorder = _open_crisis(browser, shipped_server, locale, zone)
    first = page.locator(CALL).first
    assert first.inner_text() == "Find a helpline in your country"
    assert first.get_attribute("href") == "https://findahelpline.com/"
    assert _on_first_screen(page, first)
    assert page.locator("[data-crisis-here] a[href^='tel:'], [data-crisis-here] a[href^='sms:']").count() == 0
    assert "We list no crisis lines for Japan yet" in page.locator("[data-crisis-here]").inner_text()
    assert page.locator("#crisis-country").input_value() == ""
    if locale == "ja-JP":
        page.screenshot(path=str(artifacts / "crisis-phone-jp-light.png"))
    assert recorder.console_errors == [] and recorder.foreign_requests == [], "the directory's link makes no request until followed"
    page.context.close()


def test_an_eu_visitor_gets_112_and_the_international_directory(browser: object, shipped_server: Server) -> None:
    page, recorder = _open_crisis(browser, shipped_server, "de-DE", "Europe/Berlin")
    assert page.locator(CALL).first.inner_text() == "Call 112"
    assert page.locator("#crisis-country").input_value() == "DE"
    assert page.locator("[data-crisis-here] a[href='https://findahelpline.com/']").count() == 1
    assert recorder.console_errors == [] and recorder.foreign_requests == []
    page.context.close()


def test_the_chooser_works_from_the_keyboard_and_is_remembered(browser: object, shipped_server: Server) -> None:
    page, recorder = _open_crisis(browser, shipped_server, "en-US", "America/New_York")
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement && document.activeElement.id") == "crisis-country":
            break
    else:
        pytest.fail("the country chooser is not among the first 30 Tab stops")
    assert page.locator("#crisis-country").input_value() == "US"
    page.keyboard.press("ArrowUp")  # the option above "United States": "United Kingdom"
    page.wait_for_function("document.querySelector('#crisis-country').value === 'GB'")
    assert page.locator(CALL).first.inner_text() == "Call 999"
    assert page.locator("[data-crisis-status]").inner_text() == "Showing help for United Kingdom first."
    assert page.evaluate("document.activeElement.id") == "crisis-country", "focus stays on the chooser"
    page.reload()
    page.wait_for_selector("[data-crisis-here]:not([hidden])")
    assert page.locator("#crisis-country").input_value() == "GB", "the choice is remembered on this device"
    assert page.locator(CALL).first.inner_text() == "Call 999"
    # "Another country" is a choice too, and shows no country's number first.
    page.locator("#crisis-country").select_option("")
    assert page.locator(CALL).first.inner_text() == "Find a helpline in your country"
    assert recorder.console_errors == [] and recorder.foreign_requests == []
    page.context.close()


def test_without_javascript_every_country_is_listed(browser: object, shipped_server: Server, shipped_site: Path) -> None:
    page, recorder = open_page(browser, shipped_server.origin, viewport=PHONE, java_script_enabled=False, now=None)
    page.goto(shipped_server.url + "crisis/")
    assert not page.locator("[data-crisis-here]").is_visible()
    text = page.locator("[data-crisis-page]").inner_text()
    for country in ("United States", "United Kingdom", "Australia", "Canada", "Ireland", "New Zealand", "Puerto Rico", "Guam", "Germany"):
        assert country in text, country
    for number in ("Call 911", "Call 999", "Call 000", "Call 112", "Call 988", "Call 116 123", "Call 111"):
        assert page.locator("a.crisis-call", has_text=number).first.is_visible(), number
    assert page.get_by_role("link", name="Find a helpline in your country").is_visible()
    assert recorder.foreign_requests == []
    page.context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize(("name", "locale", "zone"), [("us", "en-US", "America/New_York"), ("gb", "en-GB", "Europe/London"),
                                                     ("au", "en-AU", "Australia/Sydney"), ("jp", "ja-JP", "Asia/Tokyo")])
def test_crisis_page_axe_clean_on_a_phone(browser: object, shipped_server: Server, artifacts: Path, name: str, locale: str, zone: str, scheme: str) -> None:
    page, recorder = _open_crisis(browser, shipped_server, locale, zone, scheme)
    page.screenshot(path=str(artifacts / f"crisis-phone-{name}-{scheme}.png"))
    violations = axe_violations(page)
    assert violations == [], describe_violations(violations)
    assert recorder.console_errors == [] and recorder.foreign_requests == []
    page.context.close()


@pytest.mark.parametrize("path", ["data/", "guides/become-a-peer-specialist/", "crisis/"])
def test_the_strip_stays_on_screen_wherever_the_visitor_scrolls(browser: object, shipped_server: Server, artifacts: Path, path: str) -> None:
    page, recorder = open_page(browser, shipped_server.origin, viewport=PHONE)
    page.goto(shipped_server.url + path)
    assert page.evaluate("document.documentElement.scrollHeight") > 2 * PHONE["height"], "a long page"
    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    page.wait_for_function("window.scrollY > 0")
    link = page.locator(".crisis-strip").get_by_role("link", name="Get crisis help now")
    box = link.bounding_box()
    assert box is not None and 0 <= box["y"] and box["y"] + box["height"] <= PHONE["height"]
    # Nothing covers it: the link is what a tap at its centre reaches.
    assert page.evaluate("([x, y]) => document.elementFromPoint(x, y).closest('.crisis-strip__link') !== null",
                         [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2])
    # And it covers nothing: the end of the page (the footer) is above it.
    footer = page.locator(".md-footer-meta").bounding_box()
    assert footer["y"] + footer["height"] <= _strip_top(page) + 1
    if path == "data/":
        page.screenshot(path=str(artifacts / "strip-phone-scrolled.png"))
    link.click()
    page.wait_for_url("**/crisis/")
    assert recorder.console_errors == [] and recorder.foreign_requests == []
    page.context.close()


def test_the_strip_never_hides_the_focused_control(browser: object, shipped_server: Server) -> None:
    """WCAG 2.2, 2.4.11: Tab through a long page; each focused control stays clear of the strip."""
    page, _ = open_page(browser, shipped_server.origin, viewport=PHONE)
    page.goto(shipped_server.url + "crisis/")
    page.wait_for_selector("[data-crisis-here]:not([hidden])")
    hidden = []
    for _ in range(60):
        page.keyboard.press("Tab")
        box = page.evaluate("""() => {
            const el = document.activeElement;
            if (!el || el === document.body || el.closest('.md-banner')) return null;
            const r = el.getBoundingClientRect();
            return r.width && r.height ? {top: r.top, bottom: r.bottom, text: (el.textContent || el.id).trim().slice(0, 40)} : null;
        }""")
        if box and box["bottom"] > _strip_top(page) + 1 and box["top"] < PHONE["height"]:
            hidden.append(box)
    assert hidden == []
    page.context.close()

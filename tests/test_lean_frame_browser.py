"""The frame of the tens of thousands of pages outside the navigation (listings, facet pages) is
small but loses nothing a visitor uses: the crisis strip, a drawer with every navigation page on a
phone, the colour toggle, the header search (which finds guides by those links), and facet pages
as rows, 200 to a page (browse.PAGE_SIZE), with page links. Phone-sized, light and dark, axe-clean."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import Server, axe_violations, built, describe_violations, made_once, open_page, serve
from fictional import read_project_config, write_fictional_directory, write_site_config

from generator.pages.browse import PAGE_SIZE

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}
EXTRA = PAGE_SIZE + 5  # more grief groups than fit on one page of rows
LEAN_PAGES = {
    "listing": "groups/fictional-grief-circle-leeds/",
    "facet": "topics/grief/",
    "facet-page-2": "topics/grief/pages/2/",
}


@pytest.fixture(scope="module")
def many(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Server, Path]]:
    """The fictional site with EXTRA more active grief groups: the lists run to a second page."""
    def make(folder: Path) -> None:
        directory = write_fictional_directory(folder / "directory")
        template = (directory / "groups" / "fictional-grief-circle-leeds.yml").read_text(encoding="utf-8")
        for number in range(EXTRA):
            (directory / "groups" / f"fictional-extra-{number:03d}.yml").write_text(
                template.replace("fictional-grief-circle-leeds", f"fictional-extra-{number:03d}")
                .replace("name: Fictional Grief Circle Leeds", f"name: Fictional Extra Circle {number:03d}")
                .replace("website: https://example.org/fictional-grief-circle", f"website: https://example.org/extra-{number:03d}")
                .replace("phone: \"+44 113 496 0000\"", f"phone: \"+44 113 496 0{number:03d}\"")
                .replace("email: fictional-grief@example.org", f"email: extra-{number:03d}@example.org"), encoding="utf-8")
        built(folder, write_site_config(folder, directory))

    folder = made_once(tmp_path_factory, "lean", make)
    server = serve(folder / "site")
    yield server, folder / "site"
    server.httpd.shutdown()


def _nav_titles(items: list) -> list[str]:
    titles: list[str] = []
    for item in items:
        for title, value in item.items():
            titles += _nav_titles(value) if isinstance(value, list) else [title]
    return titles


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("kind", sorted(LEAN_PAGES))
def test_lean_pages_are_axe_clean_on_a_phone(browser: object, many: tuple[Server, Path], kind: str, scheme: str, artifacts: Path) -> None:
    server, _ = many
    page, recorder = open_page(browser, server.origin, viewport=PHONE, color_scheme=scheme)
    page.goto(server.url + LEAN_PAGES[kind])
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == ("slate" if scheme == "dark" else "default")
    strip = page.locator(".crisis-strip")
    box = strip.bounding_box()
    assert strip.is_visible() and box is not None and box["y"] + box["height"] <= PHONE["height"]
    page.screenshot(path=str(artifacts / f"lean-{kind}-{scheme}.png"), full_page=True)
    violations = axe_violations(page)
    assert violations == [], describe_violations(violations)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert recorder.console_errors == [] and recorder.foreign_requests == []
    page.context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_drawer_holds_every_navigation_page(browser: object, many: tuple[Server, Path], scheme: str, artifacts: Path) -> None:
    server, _ = many
    page, recorder = open_page(browser, server.origin, viewport=PHONE, color_scheme=scheme)
    page.goto(server.url + LEAN_PAGES["listing"])
    nav = page.locator("nav.md-nav--primary")
    assert not nav.get_by_role("link", name="Finder").is_visible()  # the drawer is closed
    page.locator("label.md-header__button[for=__drawer]").click()
    expected = _nav_titles(read_project_config()["nav"])
    assert nav.locator("a.md-nav__link").all_inner_texts() == expected
    link = nav.get_by_role("link", name="Join a support group")
    link.scroll_into_view_if_needed()
    assert link.is_visible()
    page.screenshot(path=str(artifacts / f"lean-drawer-{scheme}.png"))
    violations = axe_violations(page)
    assert violations == [], describe_violations(violations)
    link.click()
    page.wait_for_url("**/guides/join-a-group/")
    assert recorder.console_errors == [] and recorder.foreign_requests == []
    page.context.close()


def test_the_colour_toggle_and_icons_work_from_the_shared_file(browser: object, many: tuple[Server, Path]) -> None:
    server, _ = many
    page, recorder = open_page(browser, server.origin, viewport=PHONE)
    page.goto(server.url + LEAN_PAGES["facet"])
    page.wait_for_load_state("networkidle")
    icon = page.locator("label[title='Switch to dark mode'] svg")
    box = icon.bounding_box()
    assert box is not None and box["width"] >= 20 and box["height"] >= 20
    # The icon is drawn: its <use> resolves to a shape of the shared file.
    assert page.evaluate("document.querySelector(\"label[title='Switch to dark mode'] use\").getBBox().width") > 10
    page.locator("label[title='Switch to dark mode']").click()
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
    page.goto(server.url + LEAN_PAGES["listing"])  # remembered on the next page (palette.js)
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
    assert recorder.console_errors == [] and recorder.foreign_requests == []
    page.context.close()


def test_the_header_search_on_a_listing_page_finds_guides(browser: object, many: tuple[Server, Path]) -> None:
    server, _ = many
    page, recorder = open_page(browser, server.origin, viewport={"width": 1280, "height": 900})
    page.goto(server.url + LEAN_PAGES["listing"])
    page.fill("#psd-search-q", "join")
    page.wait_for_selector("[data-psd-search-state=ready]")
    page.wait_for_function("document.querySelector('[data-psd-search-list]').textContent.includes('Join a support group')")
    assert recorder.console_errors == [] and recorder.foreign_requests == []
    page.context.close()


def test_facet_pages_are_rows_with_page_links(browser: object, many: tuple[Server, Path]) -> None:
    server, _ = many
    page, recorder = open_page(browser, server.origin, viewport=PHONE)
    page.goto(server.url + LEAN_PAGES["facet"])
    rows = page.locator("ul.rows > li")
    assert rows.count() == PAGE_SIZE
    first = rows.filter(has_text="Fictional Extra Circle 000")
    assert first.inner_text() == "Fictional Extra Circle 000\nIn person · Leeds, United Kingdom · Free · English"
    pages = page.get_by_role("navigation", name="Pages of this list")
    assert pages.get_by_role("link", name="Page 1").get_attribute("aria-current") == "page"
    pages.get_by_role("link", name="Next page").click()
    page.wait_for_url("**/topics/grief/pages/2/")
    assert "(page 2 of 2)" in page.title()
    later = page.locator("ul.rows > li").count()
    assert PAGE_SIZE + later == EXTRA + 2  # the extra groups and the fixture's two grief groups
    assert page.get_by_role("navigation", name="Pages of this list").get_by_role("link", name="Previous page").get_attribute("rel") == "prev"
    page.get_by_role("navigation", name="Pages of this list").get_by_role("link", name="Page 1").click()
    page.wait_for_url("**/topics/grief/")
    assert recorder.console_errors == [] and recorder.foreign_requests == []
    page.context.close()


def test_every_icon_reference_names_a_shape_of_the_shared_file(many: tuple[Server, Path]) -> None:
    _, site = many
    shapes = set(re.findall(r'<symbol id="([^"]+)"', (site / "assets" / "icons.svg").read_text(encoding="utf-8")))
    seen = set()
    for path in site.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        for href in re.findall(r'<use href="([^"]+)"', html):
            file, _, name = href.partition("#")
            # Relative links, but the 404 page's from the site's root (it is served at any depth).
            target = site / file.lstrip("/") if file.startswith("/") else path.parent / file
            assert target.resolve() == (site / "assets" / "icons.svg").resolve(), (path, href)
            seen.add(name)
        assert "<path d=" not in html.split("<article", 1)[0], f"{path}: an icon inline in the frame"
    assert seen and seen <= shapes, seen - shapes


def test_without_javascript_the_drawer_and_search_still_work(browser: object, many: tuple[Server, Path], artifacts: Path) -> None:
    """The page carries the navigation's first level (a section leads to its first page) and the
    header search is a plain form: both work with JavaScript off. The colour toggle, which only
    works with JavaScript, is not drawn."""
    server, site = many
    page, recorder = open_page(browser, server.origin, viewport=PHONE, java_script_enabled=False, now=None)
    page.goto(server.url + LEAN_PAGES["listing"])
    nav = page.locator("nav.md-nav--primary")
    assert not nav.get_by_role("link", name="Home").is_visible()  # the drawer is closed
    page.locator("label.md-header__button[for=__drawer]").click()
    top = [next(iter(item)) for item in read_project_config()["nav"]]
    assert nav.locator("a.md-nav__link").all_inner_texts() == top
    assert page.locator("form[data-md-component=palette] label").count() == 0
    page.screenshot(path=str(artifacts / "lean-drawer-no-js.png"))
    nav.get_by_role("link", name="Guides").click()
    page.wait_for_url("**/guides/join-a-group/")
    page.goto(server.url + LEAN_PAGES["facet"])
    page.fill("#psd-search-q", "grief")
    page.press("#psd-search-q", "Enter")
    page.wait_for_url("**/find/?query=grief")
    assert recorder.foreign_requests == []
    page.context.close()


def test_a_wide_screen_shows_the_whole_navigation_in_the_sidebar(browser: object, many: tuple[Server, Path], artifacts: Path) -> None:
    """assets/site-nav.js fills the sidebar as the page is read: the whole navigation, every
    link leading to its page."""
    server, _ = many
    page, recorder = open_page(browser, server.origin, viewport={"width": 1280, "height": 900})
    page.goto(server.url + LEAN_PAGES["facet-page-2"])
    nav = page.locator("nav.md-nav--primary")
    assert nav.locator("a.md-nav__link").all_inner_texts() == _nav_titles(read_project_config()["nav"])
    assert nav.get_by_role("link", name="Join a support group").is_visible()
    page.screenshot(path=str(artifacts / "lean-sidebar-wide.png"))
    violations = axe_violations(page)
    assert violations == [], describe_violations(violations)
    nav.get_by_role("link", name="Open data").click()
    page.wait_for_url("**/data/")
    assert recorder.console_errors == [] and recorder.foreign_requests == []
    page.context.close()

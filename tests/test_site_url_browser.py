"""In Chromium: the site served under a sub-path as on GitHub Pages, and a programme's group finder.

The site built for PUBLISHED_URL (path /psd/) is served from a parent folder, and a missing
address under /psd/ gets /psd/404.html with status 404, as GitHub Pages does for a project site.
"""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from conftest import Server, _QuietHandler, _Server, axe_violations, describe_violations, open_page
from fictional import PUBLISHED_URL

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}
BASE = urlsplit(PUBLISHED_URL).path.strip("/")  # "psd"
PROGRAMME = "groups/fictional-online-anxiety-es/"
PROGRAMME_NAME = "Fictional Online Anxiety Group (Spanish)"
FINDER_URL = "https://example.org/anxiety-es/find-a-group"


class _PagesHandler(_QuietHandler):
    """Serves the site's 404 page, with status 404, for a missing address under the sub-path."""

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / BASE / "404.html"
        if code != 404 or not self.path.startswith(f"/{BASE}/") or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@pytest.fixture(scope="module")
def sub_path_server(fictional_site_with_url: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    parent = tmp_path_factory.mktemp("pages")
    shutil.copytree(fictional_site_with_url, parent / BASE)
    (parent / "index.html").write_text("<!doctype html><title>Another site at the domain root</title>", encoding="utf-8")

    def handler(*args: object, **kwargs: object) -> _PagesHandler:
        return _PagesHandler(*args, directory=str(parent), **kwargs)  # type: ignore[arg-type]

    httpd = _Server(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield Server(parent, f"http://127.0.0.1:{httpd.server_address[1]}/", httpd)
    httpd.shutdown()


def _watch_failures(page: object) -> list[str]:
    failed: list[str] = []
    page.on("requestfailed", lambda request: failed.append(f"failed {request.url}"))  # type: ignore[attr-defined]
    page.on("response", lambda response: response.status >= 400 and response.request.resource_type != "document"  # type: ignore[attr-defined]
            and failed.append(f"{response.status} {response.url}"))
    return failed


def _stylesheets_applied(page: object) -> bool:
    # Pages in the navigation link Material's two sheets and ours; pages outside it (listings,
    # browse pages) link the one that holds all three (assets/site.css). Every sheet must have
    # rules; Material's header is sticky only with Material's rules, and the crisis strip is
    # fixed to the foot of the screen only with ours (directory.css).
    return page.evaluate("""() => {
        const sheets = Array.from(document.styleSheets).filter(s => s.href);
        const names = sheets.map(s => s.href.split("/").pop());
        return (names.length >= 3 || (names.length === 1 && names[0] === "site.css"))
            && sheets.every(s => s.cssRules.length > 0)
            && getComputedStyle(document.querySelector('.md-header')).position === 'sticky'
            && getComputedStyle(document.querySelector('.md-banner')).position === 'fixed';
    }""")  # type: ignore[attr-defined]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("missing", ["nothing-here", "groups/no-such-group/", "topics/grief/deeper/still/deeper/"])
def test_a_missing_address_deep_under_the_sub_path_gets_the_styled_404_page(
        browser: object, sub_path_server: Server, missing: str, scheme: str, artifacts: Path) -> None:
    page, recorder = open_page(browser, sub_path_server.origin, viewport=PHONE, color_scheme=scheme)
    failed = _watch_failures(page)
    response = page.goto(f"{sub_path_server.url}{BASE}/{missing}")
    page.wait_for_load_state("networkidle")
    assert response is not None and response.status == 404
    assert page.get_by_role("heading", level=1).inner_text() == "404 - Not found"
    assert _stylesheets_applied(page), "the 404 page is styled"
    # Chromium logs the page's own 404 status; `failed` holds any other request that failed.
    errors = [e for e in recorder.console_errors if "the server responded with a status of 404" not in e]
    assert failed == [] and errors == [] and recorder.foreign_requests == []
    crisis = page.get_by_role("link", name="Get crisis help now")
    assert crisis.is_visible()
    assert crisis.evaluate("a => a.href") == f"{sub_path_server.url}{BASE}/crisis/"
    violations = axe_violations(page)
    assert violations == [], describe_violations(violations)
    if missing.startswith("topics"):
        page.screenshot(path=str(artifacts / f"sub-path-404-{scheme}.png"))
    crisis.click()
    page.wait_for_url(f"{sub_path_server.url}{BASE}/crisis/")
    assert page.get_by_role("heading", level=1).inner_text() == "Crisis help"
    assert _stylesheets_applied(page)
    assert failed == []
    page.context.close()


@pytest.mark.parametrize("path", ["", PROGRAMME, "topics/grief/", "find/?query=anxiety", "data/"])
def test_pages_under_the_sub_path_load_every_asset(browser: object, sub_path_server: Server, path: str) -> None:
    page, recorder = open_page(browser, sub_path_server.origin, viewport=PHONE)
    failed = _watch_failures(page)
    response = page.goto(f"{sub_path_server.url}{BASE}/{path}")
    page.wait_for_load_state("networkidle")
    assert response is not None and response.status == 200
    assert _stylesheets_applied(page)
    if path.startswith("find/"):
        page.wait_for_selector("[data-finder-state=ready]", timeout=15000)
        assert PROGRAMME_NAME in page.locator("[data-finder-results]").inner_text()
    assert failed == [] and recorder.console_errors == [] and recorder.foreign_requests == []
    # the canonical address is the published one, never fetched
    assert page.locator('link[rel="canonical"]').get_attribute("href") == PUBLISHED_URL + path.split("?")[0]
    page.context.close()


# ----------------------------------------------------------------------------- find a local group


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_programmes_page_leads_with_its_group_finder(browser: object, fictional_server: Server, scheme: str, artifacts: Path) -> None:
    page, recorder = open_page(browser, fictional_server.origin, viewport=PHONE, color_scheme=scheme)
    page.goto(fictional_server.url + PROGRAMME)
    page.wait_for_load_state("networkidle")
    cta = page.get_by_role("link", name="Find a local group or meeting")
    assert cta.count() == 1 and cta.get_attribute("href") == FINDER_URL and cta.get_attribute("rel") == "noopener"
    box = cta.bounding_box()
    assert box is not None and box["y"] + box["height"] <= PHONE["height"], "on the first screen of a phone"
    assert box["height"] >= 24
    # the main call to action: before the facts, the meetings and the contact details
    order = page.evaluate("""() => {
        const nodes = [...document.querySelectorAll('article.listing a, article.listing h2')];
        return nodes.findIndex(n => n.matches('[data-find-a-group]'));
    }""")
    assert order == 0
    assert "on the programme’s website" in page.locator(".listing-cta").inner_text()
    assert page.get_by_role("link", name="Visit the website").get_attribute("href") == "https://example.org/anxiety-es"
    page.screenshot(path=str(artifacts / f"find-a-group-listing-{scheme}.png"))
    violations = axe_violations(page)
    assert violations == [], describe_violations(violations)
    assert recorder.console_errors == [] and recorder.foreign_requests == []
    page.context.close()


def test_a_group_without_a_finder_has_no_such_link(browser: object, fictional_server: Server) -> None:
    page, _ = open_page(browser, fictional_server.origin)
    page.goto(fictional_server.url + "groups/fictional-grief-circle-leeds/")
    assert page.locator("[data-find-a-group]").count() == 0
    page.context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_finder_card_links_to_the_programmes_group_finder(browser: object, fictional_server: Server, scheme: str, artifacts: Path) -> None:
    page, recorder = open_page(browser, fictional_server.origin, viewport=PHONE, color_scheme=scheme)
    page.goto(fictional_server.url + "find/?query=anxiety")
    page.wait_for_selector("[data-finder-state=ready]", timeout=15000)
    card = page.locator(".finder-result", has_text=PROGRAMME_NAME)
    link = card.locator("[data-find-a-group]")
    assert link.count() == 1 and link.get_attribute("href") == FINDER_URL
    assert link.inner_text().startswith("Find a local group or meeting")
    assert PROGRAMME_NAME in link.evaluate("a => a.textContent")  # its accessible name says which programme
    hidden = link.locator(".psd-sr").bounding_box()
    assert hidden is not None and hidden["width"] <= 1  # ...for screen readers; the card shows which one
    assert page.locator("[data-find-a-group]").count() == 1  # no other listing has one
    card.scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts / f"find-a-group-finder-{scheme}.png"))
    violations = axe_violations(page)
    assert violations == [], describe_violations(violations)
    assert recorder.console_errors == [] and recorder.foreign_requests == []
    page.context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_embed_card_links_to_the_programmes_group_finder(browser: object, fictional_server: Server, scheme: str, artifacts: Path) -> None:
    page, recorder = open_page(browser, fictional_server.origin, viewport=PHONE, color_scheme=scheme)
    page.goto(fictional_server.url + f"embed/?q=anxiety&theme={scheme}")
    page.locator("[data-embed-state='ready']").wait_for()
    link = page.locator(".pe-item", has_text=PROGRAMME_NAME).locator("[data-find-a-group]")
    assert link.count() == 1 and link.get_attribute("href") == FINDER_URL
    assert link.get_attribute("target") == "_blank" and link.get_attribute("rel") == "noopener"
    assert "opens in a new tab" in link.evaluate("a => a.textContent")
    page.screenshot(path=str(artifacts / f"find-a-group-embed-{scheme}.png"))
    violations = axe_violations(page)
    assert violations == [], describe_violations(violations)
    assert recorder.console_errors == [] and recorder.foreign_requests == []
    page.context.close()

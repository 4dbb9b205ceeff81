"""Every page carries a Content-Security-Policy that lets the site's own scripts run and nothing
injected (generator/build/csp.py; issue 13), checked in Chromium."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import open_page, serve

pytestmark = pytest.mark.browser

PAGES = ["", "groups/fictional-grief-circle-leeds/", "find/", "topics/grief/", "404.html", "embed/?topic=grief"]
LISTING = "groups/fictional-grief-circle-leeds/index.html"
INJECTED = "<script>window.__injected = 1</script><img src=x onerror=\"window.__injected_attribute = 1\">"


def _violations(errors: list[str]) -> list[str]:
    return [error for error in errors if "Content Security Policy" in error]


@pytest.mark.parametrize("path", PAGES)
def test_pages_with_the_policy_run_the_sites_scripts(browser, fictional_server, path: str) -> None:
    page, recorder = open_page(browser, fictional_server.origin, bypass_csp=False)
    page.goto(fictional_server.url + path)
    page.wait_for_load_state("load")
    policy = page.locator('meta[http-equiv="Content-Security-Policy"]')
    assert policy.count() == 1
    assert "object-src 'none'" in policy.get_attribute("content") and "base-uri 'self'" in policy.get_attribute("content")
    if path != "embed/?topic=grief":  # the embed page is our own code only, with no Material frame
        # Material's inline helpers (allowed by their hashes) and its bundle (same origin) ran.
        assert page.evaluate("typeof __md_get") == "function"
        assert page.evaluate("typeof document$") == "object"
    page.wait_for_timeout(300)
    assert _violations(recorder.console_errors) == []
    assert recorder.console_errors == []
    page.context.close()


def test_the_finder_works_under_the_policy(browser, fictional_server) -> None:
    page, recorder = open_page(browser, fictional_server.origin, bypass_csp=False)
    page.goto(fictional_server.url + "find/")
    page.wait_for_selector("[data-finder-state=ready]", timeout=15000)
    page.fill("[data-finder-q]", "grief")
    page.wait_for_function("document.querySelector('[data-finder-results]').innerText.includes('Fictional Grief Circle Leeds')", timeout=5000)
    assert _violations(recorder.console_errors) == [] and recorder.console_errors == []
    page.context.close()


def test_an_injected_inline_script_is_blocked(browser, fictional_site: Path, tmp_path: Path) -> None:
    site = shutil.copytree(fictional_site, tmp_path / "site")
    listing = site / LISTING
    html = listing.read_text(encoding="utf-8")
    listing.write_text(html.replace("</body>", INJECTED + "</body>"), encoding="utf-8")
    # The same page without its policy runs the injection: the test can tell the difference.
    unprotected = site / "unprotected.html"
    start = html.index('<meta http-equiv="Content-Security-Policy"')
    unprotected.write_text(html[:start] + html[html.index(">", start) + 1:].replace("</body>", INJECTED + "</body>"), encoding="utf-8")
    server = serve(site)
    try:
        page, recorder = open_page(browser, server.origin, bypass_csp=False)
        page.goto(server.url + LISTING.removesuffix("index.html"))
        page.wait_for_load_state("load")
        page.wait_for_timeout(300)
        assert page.evaluate("window.__injected") is None
        assert page.evaluate("window.__injected_attribute") is None
        assert len(_violations(recorder.console_errors)) >= 2, recorder.console_errors
        assert page.evaluate("typeof __md_get") == "function"  # the page's own inline scripts still ran

        page.goto(server.url + "unprotected.html")
        page.wait_for_load_state("load")
        page.wait_for_timeout(300)
        assert page.evaluate("window.__injected") == 1
        page.context.close()
    finally:
        server.httpd.shutdown()

"""The finder's first page (api/finder/first.json) in headless Chromium, on the fictional site:
with an address that asks for nothing else, its cards and count are the first results while
docs.json is held back, the filters and the search box say they are loading, and when docs.json
arrives the same cards stay (same focus, same place) and the filters work. An address with words
and nothing else, or with one filter value, has a first page of its own (the index's shards and
api/finder/records/, or api/finder/first/<param>/<code>.json); an address with more waits for
docs.json."""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
from pathlib import Path

import pytest
from conftest import axe_violations, built, describe_violations, finder_first_page_on_a_phone, held_finder, held_request, made_once, serve
from fictional import write_site_config

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks import fictional as generated  # noqa: E402

pytestmark = pytest.mark.browser

ALL = 16  # every fictional listing but the two closed groups (a first page of 20 shows them all)
PHONE = {"width": 360, "height": 740}


@pytest.fixture(scope="module")
def larger_server(tmp_path_factory: pytest.TempPathFactory):
    """The fictional site with 60 generated listings more: more than a page of 20. (A fixture of
    this module's own: the shared fictional site has 16 listed listings, one page.)"""
    def make(folder: Path) -> None:
        directory = folder / "directory"
        generated.write_fictional_directory(directory, 60, seed=0, today=dt.date(2026, 11, 23))
        built(folder, write_site_config(folder, directory))

    server = serve(made_once(tmp_path_factory, "fictional-60", make) / "site")
    yield server
    server.httpd.shutdown()


def titles(page) -> list[str]:
    return page.locator("[data-finder-results] .finder-result__title").all_inner_texts()


def first_page_shown(page) -> None:
    page.wait_for_selector("[data-finder-state=first]", timeout=15000)


def test_first_page_before_docs_json_then_the_same_cards(browser, fictional_server) -> None:
    first = json.loads((fictional_server.root / "api/finder/first.json").read_text())
    page, recorder, release = held_finder(browser, fictional_server)
    first_page_shown(page)
    assert held_request(page, release), "docs.json was asked for"
    assert page.evaluate("typeof window.__finderFirstResults") == "number"
    shown = titles(page)
    assert shown == [doc["n"] for doc in first["docs"]] and len(shown) == first["total"] == ALL
    count = page.inner_text("[data-finder-count]")
    assert count.startswith(f"{ALL} listings match") and "Sorted by name" in count
    next_meetings = page.locator("[data-finder-results] .finder-result__next").all_inner_texts()
    assert next_meetings  # computed from first.json's rules, as from docs.json's
    # Filters and search are marked as loading, for eyes and for screen readers.
    assert page.get_attribute("[data-finder-filters]", "aria-busy") == "true"
    assert page.get_attribute("[data-finder-form]", "aria-busy") == "true"
    assert page.get_attribute("[data-finder-q]", "placeholder") == "Loading\u2026"
    assert page.inner_text("[data-finder-toggle]").strip() == "Filters (loading\u2026)"
    assert page.inner_text(".finder__filters-heading") == "Filters (loading\u2026)"
    assert page.locator("[data-finder-count]").inner_text() == count
    assert page.locator('fieldset[data-facet="kind"] [data-count]').first.inner_text() == ""
    # Focus on a card and where the results are stay as they were when docs.json arrives.
    link = page.locator("[data-finder-results] .finder-result__title a").nth(2)
    link.focus()
    focused = page.evaluate("document.activeElement.href")
    top = page.evaluate("document.querySelector('[data-finder-heading]').getBoundingClientRect().top")
    page.evaluate("document.querySelector('[data-finder-results] li').setAttribute('data-was-here', '1')")
    release[0].continue_()
    page.wait_for_selector("[data-finder-state=ready]")
    assert titles(page) == shown
    assert page.inner_text("[data-finder-count]") == count
    assert page.locator("[data-finder-results] li[data-was-here]").count() == 1  # not drawn again
    assert page.locator("[data-finder-results] .finder-result__next").all_inner_texts() == next_meetings
    assert page.evaluate("document.activeElement.href") == focused
    assert page.evaluate("document.querySelector('[data-finder-heading]').getBoundingClientRect().top") == top
    assert page.get_attribute("[data-finder-filters]", "aria-busy") is None
    assert page.get_attribute("[data-finder-form]", "aria-busy") is None
    assert page.locator("[data-finder-loading]:visible").count() == 0
    assert page.get_attribute("[data-finder-q]", "placeholder") is None
    assert page.inner_text(".finder__filters-heading") == "Filters"
    # The filters work on the whole directory.
    assert page.locator('fieldset[data-facet="kind"] [data-count]').first.inner_text().startswith("(")
    page.locator('fieldset[data-facet="kind"] input[value="group"]').check()
    page.wait_for_function("n => document.querySelectorAll('[data-finder-results] li').length < n", arg=ALL)
    assert "kind=group" in page.url
    assert not recorder.foreign_requests, recorder.foreign_requests
    assert not recorder.console_errors, recorder.console_errors


def test_a_first_page_of_twenty_is_the_full_finders_first_twenty(browser, larger_server) -> None:
    docs = json.loads((larger_server.root / "api/finder/docs.json").read_text())
    total = len(docs["docs"])
    assert total > 40
    page, recorder, release = held_finder(browser, larger_server)
    first_page_shown(page)
    shown = titles(page)
    count = page.inner_text("[data-finder-count]")
    assert len(shown) == 20 and count == f"{total} listings match. Showing the first 20. Sorted by name."
    more = page.inner_text("[data-finder-more]")
    assert more == f"Show more results ({total - 20} more)"
    release[0].continue_()
    page.wait_for_selector("[data-finder-state=ready]")
    assert titles(page) == shown == [doc["n"] for doc in docs["docs"][:20]]
    assert page.inner_text("[data-finder-count]") == count and page.inner_text("[data-finder-more]") == more
    page.click("[data-finder-more]")
    assert titles(page)[:20] == shown and len(titles(page)) == 40
    assert not recorder.foreign_requests, recorder.foreign_requests
    assert not recorder.console_errors, recorder.console_errors


def test_show_more_pressed_before_docs_json_arrives_shows_more_when_it_does(browser, larger_server) -> None:
    page, recorder, release = held_finder(browser, larger_server)
    first_page_shown(page)
    page.click("[data-finder-more]")
    assert len(titles(page)) == 20
    release[0].continue_()
    page.wait_for_selector("[data-finder-state=ready]")
    assert len(titles(page)) == 40
    assert not recorder.console_errors, recorder.console_errors


def test_what_is_typed_or_ticked_meanwhile_is_applied_when_docs_json_arrives(browser, fictional_server) -> None:
    page, recorder, release = held_finder(browser, fictional_server)
    first_page_shown(page)
    page.type("[data-finder-q]", "leeds")
    assert page.input_value("[data-finder-q]") == "leeds"
    # The words get their own first page from the index's shards and the record files.
    page.wait_for_function("document.querySelectorAll('[data-finder-results] li').length === 2")
    assert titles(page) == ["Fictional Grief Circle Leeds", "Fictional Riverside Circle"]
    assert page.get_attribute("[data-finder-filters]", "aria-busy") == "true"
    page.wait_for_timeout(400)
    assert "query=leeds" in page.url
    release[0].continue_()
    page.wait_for_function("document.querySelectorAll('[data-finder-results] li').length === 2")
    assert titles(page) == ["Fictional Grief Circle Leeds", "Fictional Riverside Circle"]
    assert page.evaluate("document.activeElement.id") == "finder-q"
    assert page.input_value("[data-finder-q]") == "leeds"
    assert not recorder.console_errors, recorder.console_errors


def test_an_address_with_two_filters_waits_for_docs_json(browser, fictional_server) -> None:
    page, recorder, release = held_finder(browser, fictional_server, "?kind=group&cost=free")
    page.wait_for_function("window.__psdFinderInit !== undefined || document.querySelector('[data-finder-init]')")
    page.wait_for_timeout(500)
    assert held_request(page, release), "docs.json was asked for"
    assert page.get_attribute("[data-finder]", "data-finder-state") is None
    assert titles(page) == [] and page.evaluate("window.__finderFirstResults") is None
    assert page.inner_text("[data-finder-count]") == "Loading the directory\u2026"
    release[0].continue_()
    page.wait_for_selector("[data-finder-state=ready]")
    assert 0 < len(titles(page)) < ALL
    assert page.evaluate("typeof window.__finderFirstResults") == "number"
    assert not recorder.console_errors, recorder.console_errors


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_loading_state_is_accessible_on_a_phone_and_with_the_filters_beside(browser, fictional_server, artifacts, scheme: str) -> None:
    page, recorder, release = held_finder(browser, fictional_server, viewport=PHONE, color_scheme=scheme)
    first_page_shown(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360  # no sideways scrolling
    page.screenshot(path=str(artifacts / f"finder-first-page-phone-{scheme}.png"), full_page=True)
    violations = axe_violations(page)
    assert violations == [], describe_violations(violations)
    release[0].continue_()
    page.wait_for_selector("[data-finder-state=ready]")
    # Wider, the filters are beside the results: the busy panel, its heading's note and all.
    desktop, desktop_recorder, desktop_release = held_finder(browser, fictional_server, color_scheme=scheme)
    first_page_shown(desktop)
    assert desktop.locator("[data-finder-filters]").is_visible()
    desktop.screenshot(path=str(artifacts / f"finder-first-page-desktop-{scheme}.png"))
    violations = axe_violations(desktop)
    assert violations == [], describe_violations(violations)
    desktop_release[0].continue_()
    desktop.wait_for_selector("[data-finder-state=ready]")
    for recorded in (recorder, desktop_recorder):
        assert not recorded.foreign_requests, recorded.foreign_requests
        assert not recorded.console_errors, recorded.console_errors


def full_finder_after_release(page, release) -> tuple[list[str], str]:
    release[0].continue_()
    page.wait_for_selector("[data-finder-state=ready]")
    return titles(page), page.inner_text("[data-finder-count]")


@pytest.mark.parametrize("address", ["?query=support", "?query=group%20support", "?query=supprot", "?kind=group", "?lang=es", "?open=yes"])
def test_words_or_one_filter_in_the_address_have_their_own_first_page(browser, larger_server, address: str) -> None:
    requested: list[str] = []
    page, recorder, release = held_finder(browser, larger_server, address, requested)
    first_page_shown(page)
    assert held_request(page, release), "docs.json was asked for"
    shown, count = titles(page), page.inner_text("[data-finder-count]")
    assert shown and page.get_attribute("[data-finder-filters]", "aria-busy") == "true"
    node = page.locator("[data-finder-results] li").first.element_handle()
    assert (shown, count) == full_finder_after_release(page, release)  # the same cards and count line
    assert page.evaluate("node => node.isConnected", node)  # the same elements, not drawn again
    if "query" in address:
        assert any("/api/finder/index/" in url for url in requested) and any("/api/finder/records/" in url for url in requested)
        assert "Sorted best match first" in count
        preloads = page.eval_on_selector_all("link[rel=preload]", "links => links.map(l => l.getAttribute('href'))")
        # meta.json asked for by the head's script, with the scripts, and the shards of the words'
        # first two letters as soon as it says which those are
        assert any(re.search(r"/api/finder/index/\d+\.json$", h) for h in preloads)
        assert sum(url.endswith("api/finder/index/meta.json") for url in requested) == 1  # and used, not fetched again
        shards = [url for url in requested if "/api/finder/index/" in url and not url.endswith("meta.json")]
        assert shards and len(shards) == len(set(shards))  # the preloaded shards are used, not fetched again
        assert sum(url.endswith("api/finder/records/head.json") for url in requested) == 1
    else:
        assert any("/api/finder/first/" in url for url in requested)
    assert "supprot" not in address or "Showing results for \u201csupport\u201d" in count
    assert not any(url.endswith("api/finder/index.json") for url in requested)  # no whole index: the shards
    assert not recorder.foreign_requests, recorder.foreign_requests
    assert not recorder.console_errors, recorder.console_errors


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_querys_first_page_on_a_phone(browser, larger_server, artifacts, scheme: str) -> None:
    page, recorder, release = held_finder(browser, larger_server, "?query=support", viewport=PHONE, color_scheme=scheme)
    finder_first_page_on_a_phone(page, recorder, release, artifacts / f"finder-query-first-page-phone-{scheme}.png")

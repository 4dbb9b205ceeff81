"""Small defects seen in the browser (issue 11), each on a site built from a variant of the
fictional directory: separators in card facts, region labels, duplicate platform labels, zones
as place names, meeting times at a glance, the embed's "See all" link and default colours, and
the embed builder's full value lists."""

from __future__ import annotations

from pathlib import Path
from typing import Iterator
from urllib.parse import parse_qs, urlsplit

import pytest
from conftest import Server, axe_violations, built, describe_violations, open_page, made_once, serve
from fictional import write_fictional_directory, write_site_config

from generator.pages.presentation import zone_place

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def variant_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    def make(folder: Path) -> None:
        root = write_fictional_directory(folder / "directory")
        podcast = root / "advocates" / "fictional-voices-podcast.yml"
        podcast.write_text(podcast.read_text().replace("languages: [en, fr]", "languages: [pl, ar]").replace(
            "content_notes:", "  - platform: website\n    url: https://example.org/voices/a\n"
            "  - platform: website\n    url: https://example.org/voices/b\ncontent_notes:"))
        grief = root / "groups" / "fictional-grief-circle-leeds.yml"
        grief.write_text(grief.read_text().replace("region: GB-ENG", "region: GB-WLS").replace("Europe/London", "Pacific/Auckland"))
        built(folder, write_site_config(folder, root))

    server = serve(made_once(tmp_path_factory, "defects", make) / "site")
    yield server
    server.httpd.shutdown()


def test_zone_place() -> None:
    assert zone_place("Pacific/Auckland") == "Auckland"
    assert zone_place("America/Argentina/Buenos_Aires") == "Buenos Aires"
    assert zone_place("UTC") == "UTC"


def test_row_facts_separate_once_and_name_each_platform_once(browser: object, variant_server: Server) -> None:
    page, recorder = open_page(browser, variant_server.origin)
    page.goto(variant_server.url + "advocates/")
    facts = page.locator("ul.rows > li", has_text="Fictional Voices Podcast").inner_text().split("\n", 1)[1]
    assert "Polish, Arabic" in facts and ", ·" not in facts, facts
    assert "Website, Website" not in facts and "Website" in facts, facts
    assert recorder.console_errors == []
    page.context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_group_page_region_zone_and_times_at_a_glance(browser: object, variant_server: Server, scheme: str, artifacts: Path) -> None:
    page, recorder = open_page(browser, variant_server.origin, viewport={"width": 360, "height": 740}, color_scheme=scheme)
    page.goto(variant_server.url + "groups/fictional-grief-circle-leeds/")
    article = page.inner_text("article")
    assert "Wales" in article and "[Cymru" not in article and "GB-CYM" not in article
    assert "Pacific/Auckland" not in article and "Auckland time" in article
    glance = page.locator("dl.facts")
    when = glance.locator(".facts__when").inner_text()
    assert "Tuesday" in when and "18:30" in when and "Auckland time" in when, when
    # At a glance, right after how to take part: at the foot of the first screen of a phone.
    assert page.locator(".facts__when").evaluate("e => e.getBoundingClientRect().bottom") < 740 + 200
    page.screenshot(path=str(artifacts / f"group-at-a-glance-{scheme}.png"))
    violations = axe_violations(page)
    assert not violations, describe_violations(violations)
    assert recorder.console_errors == []
    page.context.close()


def test_finder_region_label(browser: object, variant_server: Server) -> None:
    page, _ = open_page(browser, variant_server.origin)
    page.goto(variant_server.url + "find/")
    page.wait_for_selector("[data-finder-state=ready]")
    labels = page.locator('fieldset[data-facet="region"] .finder-facet__label').all_inner_texts()
    assert "Wales (United Kingdom)" in labels, labels
    page.fill("[data-finder-q]", "cymru")
    page.wait_for_function("document.querySelectorAll('[data-finder-results] li').length === 1")
    page.context.close()


def test_embed_see_all_keeps_the_search(browser: object, variant_server: Server) -> None:
    page, _ = open_page(browser, variant_server.origin)
    page.goto(variant_server.url + "embed/?q=fictional&limit=1")
    page.locator("[data-embed-state='ready']").wait_for()
    href = page.get_attribute("[data-embed-more-link]", "href")
    assert parse_qs(urlsplit(href).query) == {"query": ["fictional"]}
    finder, _ = open_page(browser, variant_server.origin)
    finder.goto(href)
    finder.wait_for_selector("[data-finder-state=ready]")
    assert finder.input_value("[data-finder-q]") == "fictional"
    page.context.close()
    finder.context.close()


@pytest.mark.parametrize(("params", "expected"), [("", "light"), ("?theme=light", "light"), ("?theme=dark", "dark"), ("?theme=auto", "dark")])
def test_embed_is_light_unless_asked(browser: object, variant_server: Server, params: str, expected: str) -> None:
    page, _ = open_page(browser, variant_server.origin, color_scheme="dark")  # the OS is dark
    page.goto(variant_server.url + "embed/" + params)
    page.locator("[data-embed-state='ready']").wait_for()
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert (background == "rgb(255, 255, 255)") == (expected == "light"), background
    page.context.close()


def test_builder_table_lists_every_value(browser: object, variant_server: Server) -> None:
    page, _ = open_page(browser, variant_server.origin)
    page.goto(variant_server.url + "embed-builder/")
    table = page.locator("table", has_text="data-country")
    assert "…" not in table.inner_text()
    row = table.locator("tr", has_text="data-topic")
    codes = row.locator("code").evaluate_all("codes => codes.map(c => c.textContent)")
    for code in ("anxiety", "bipolar", "depression", "grief", "hearing_voices", "loneliness", "peer_work", "psychosis"):
        assert code in codes, codes
    page.context.close()

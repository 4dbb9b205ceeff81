"""The finder at scale, in headless Chromium, on the site of 300 generated fictional listings:

- an address with a place and nothing else (find/?near=Chicago) shows the nearest groups from the
  map cells around the place (api/finder/near/, generator/finder/near.py) before docs.json is
  here, and they are the groups and the order an unsplit sort of every record by distance gives;
- after a keystroke the facet counts come in a task of their own, after the results, and are the
  counts the same state gives when loaded from its address."""

from __future__ import annotations

import pytest
from conftest import finder_first_page_on_a_phone, held_finder, held_request, open_page

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}

# Every place: the cells' answer (PeerFinderParts.nearest, as finder-first.js calls it) against
# an unsplit sort of docs.json's groups with a place, by distance then position.
COMPARE = """async ({places, sizes}) => {
  const json = url => fetch(url).then(r => r.json());
  const index = await json('../api/finder/near/cells.json');
  const docs = (await json('../api/finder/docs.json')).docs;
  const parts = window.PeerFinderParts, km = parts.kilometres;
  const out = [];
  for (const [lat, lon] of places) {
    for (const size of sizes) {
      const loaded = [];
      const load = cell => { loaded.push(cell); return json('../api/finder/near/' + cell[0] + '_' + cell[1] + '.json'); };
      const found = await parts.nearest.call({kilometres: km}, {lat, lon}, index, size, load);
      const all = [];
      docs.forEach((doc, ref) => { if (doc.g) all.push([km(lat, lon, doc.g[0], doc.g[1]), ref]); });
      all.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
      out.push({place: [lat, lon], size, cells: loaded.length, of: index.cells.length,
                cellsSay: found && found.map(hit => [hit.ref, hit.km, hit.file.docs[hit.at].i]),
                unsplit: all.length >= size ? all.slice(0, size).map(([k, ref]) => [ref, k, docs[ref].i]) : null});
    }
  }
  return out;
}"""


def titles(page) -> list[str]:
    return page.locator("[data-finder-results] .finder-result__title").all_inner_texts()


def test_the_nearest_groups_from_cells_are_an_unsplit_distance_sort(browser, generated_server) -> None:
    page, recorder = open_page(browser, generated_server.origin)
    page.goto(generated_server.url + "find/")
    page.wait_for_selector("[data-finder-state=ready]")
    docs = page.evaluate("fetch('../api/finder/docs.json').then(r => r.json()).then(d => d.docs.filter(x => x.g).map(x => x.g))")
    placed = len(docs)
    assert placed > 40
    # At groups (ties: groups of one town share its centre), on cell edges, at sea, across the
    # date line and at the poles.
    places = [*docs[::7], [41.0, -87.0], [52.0, -1.0], [0.0, 0.0], [-33.9, 151.2], [64.1, -21.9],
              [51.5, -179.99], [51.5, 179.99], [89.9, 0.0], [-89.9, 45.0], [41.88, -87.63]]
    rows = page.evaluate(COMPARE, {"places": places, "sizes": [1, 5, 20, placed, placed + 1]})
    for row in rows:
        assert row["cellsSay"] == row["unsplit"], (row["place"], row["size"])
    assert any(row["unsplit"] is None for row in rows)  # more than there are: the page waits for docs.json
    # Only the cells around the place (300 listings are spread thin: the 20 nearest are far apart).
    near_a_group = [row for row in rows if row["size"] == 1 and row["place"] in docs]
    assert near_a_group and all(row["cells"] < row["of"] // 4 for row in near_a_group)
    assert not recorder.console_errors, recorder.console_errors
    page.context.close()


def test_a_near_address_shows_the_nearest_groups_before_docs_json(browser, generated_server) -> None:
    requested: list[str] = []
    page, recorder, release = held_finder(browser, generated_server, "?near=Chicago", requested)
    page.wait_for_selector("[data-finder-state=first]", timeout=15000)
    shown, count = titles(page), page.inner_text("[data-finder-count]")
    where = page.locator("[data-finder-results] [data-finder-where]").all_inner_texts()
    assert len(shown) == 20 and len(where) == 20 and all(w.endswith("away") for w in where)
    assert "near Chicago" in count and "Sorted nearest first" in count
    assert page.get_attribute("[data-finder-filters]", "aria-busy") == "true"
    cells = [url for url in requested if "/api/finder/near/" in url and not url.endswith("cells.json")]
    # docs.json is asked for only after the cells (once the page is drawn), and is still held.
    docs_at = [at for at, url in enumerate(requested) if url.endswith("api/finder/docs.json")]
    assert cells and len(release) == 1 and docs_at and docs_at[0] > max(requested.index(url) for url in cells)
    node = page.locator("[data-finder-results] li").first.element_handle()
    # docs.json: the full finder sorts every record by distance and draws the same page.
    release[0].continue_()
    page.wait_for_selector("[data-finder-state=ready]")
    assert titles(page) == shown and page.inner_text("[data-finder-count]") == count
    assert page.locator("[data-finder-results] [data-finder-where]").all_inner_texts() == where
    assert page.evaluate("node => node.isConnected", node)  # the same cards, not drawn again
    assert len(set(cells)) == len(cells)  # each cell once
    assert not recorder.foreign_requests, recorder.foreign_requests
    assert not recorder.console_errors, recorder.console_errors
    page.context.close()


@pytest.mark.parametrize("address", ["?near=Chicago&radius=25mi", "?near=Chicago&kind=group", "?near=Nowhereville"])
def test_a_near_address_with_more_waits_for_docs_json(browser, generated_server, address: str) -> None:
    requested: list[str] = []
    page, recorder, release = held_finder(browser, generated_server, address, requested)
    # docs.json is asked for (for a place not found, once it is not)
    assert held_request(page, release), "docs.json was asked for"
    page.wait_for_timeout(200)
    assert page.get_attribute("[data-finder]", "data-finder-state") is None and not titles(page)
    assert not any("/api/finder/near/" in url and not url.endswith("cells.json") for url in requested)
    release[0].continue_()
    page.wait_for_selector("[data-finder-state=ready]")
    assert not recorder.console_errors, recorder.console_errors
    page.context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_nearest_groups_first_page_on_a_phone(browser, generated_server, artifacts, scheme: str) -> None:
    requested: list[str] = []
    page, recorder, release = held_finder(browser, generated_server, "?near=Chicago", requested, viewport=PHONE, color_scheme=scheme)
    finder_first_page_on_a_phone(page, recorder, release, artifacts / f"finder-near-first-page-phone-{scheme}.png")
    page.context.close()


COUNTS = """() => Object.fromEntries([...document.querySelectorAll('fieldset[data-facet] input[type=checkbox]')]
  .map(box => [box.closest('fieldset').dataset.facet + '=' + box.value, box.parentNode.querySelector('[data-count]').textContent]))"""


@pytest.mark.parametrize("scheduler", [True, False], ids=["background-tasks", "no-scheduler"])
@pytest.mark.parametrize("typed", ["support", "support gr", "online anx"])
def test_counts_after_a_keystroke_are_the_counts_of_that_state(browser, generated_server, typed: str, scheduler: bool) -> None:
    page, recorder = open_page(browser, generated_server.origin)
    if not scheduler:  # a browser without scheduler.postTask: the counting slices go by timers
        page.add_init_script("Object.defineProperty(window, 'scheduler', {value: undefined, configurable: true})")
    page.goto(generated_server.url + "find/?kind=group")
    assert page.evaluate("typeof window.scheduler === 'object'") == scheduler
    page.wait_for_selector("[data-finder-state=ready]")
    page.focus("[data-finder-q]")
    page.keyboard.type(typed)
    page.wait_for_function("q => (window.__finderTimings || []).some(e => e.q === q && !e.first)", arg=typed)
    page.wait_for_function("q => window.__finderCounts.some(e => e.q === q && e.deferred)", arg=typed)
    page.wait_for_selector("[data-finder]:not([data-finder-counted=pending])")
    after_typing = page.evaluate(COUNTS)
    # The same state from its address: counted at once, with the results.
    page.goto(generated_server.url + "find/?kind=group&query=" + typed.replace(" ", "%20"))
    page.wait_for_selector("[data-finder-state=ready]")
    page.wait_for_selector("[data-finder]:not([data-finder-counted=pending])")
    assert page.evaluate("window.__finderCounts.every(e => !e.deferred)")
    loaded = page.evaluate(COUNTS)
    assert after_typing == loaded
    assert sum(text not in ("", "(0)") for text in loaded.values()) > 10  # the comparison is not empty
    assert not recorder.console_errors, recorder.console_errors
    page.context.close()

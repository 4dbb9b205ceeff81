"""The one search implementation (theme/assets/search-index.js) in the browser: its summing of
lunr's field-vector weights for common words ranks exactly as lunr.js' own query does, and the
finder, the embed page and the header search give the same listings for the same words."""

from __future__ import annotations


import pytest
from conftest import Server, open_page

pytestmark = pytest.mark.browser

COMPARE = """async ([queries, compact]) => {
  const fast = new PeerSearchIndex.Searcher(compact), slow = new PeerSearchIndex.Searcher(compact);
  fast.lunrQueryLimit = 0;          // always the summed weights
  slow.lunrQueryLimit = Infinity;   // always lunr.js' query
  return queries.map(q => {
    const a = fast.search(q), b = slow.search(q);
    return [q, a && a.refs, b && b.refs];
  });
}"""


def test_summed_weights_rank_as_lunr_does(browser: object, generated_server: Server) -> None:
    page, recorder = open_page(browser, generated_server.origin)
    page.goto(generated_server.url + "find/")
    page.wait_for_selector("[data-finder-state=ready]")
    queries = ["support", "group", "anxiety", "peer support", "online", "sup", "anxeity", "in person"]
    from finder_reference import built_index

    compact = built_index(generated_server.root.parent / "directory")  # the site has the index only in shards
    for query, fast, slow in page.evaluate(COMPARE, [queries, compact]):
        assert fast == slow, query
        assert fast, query
    assert recorder.console_errors == []
    page.context.close()


@pytest.mark.parametrize("query", ["grief", "español", "online anx", "anxeity"])
def test_finder_embed_and_header_find_the_same(browser: object, fictional_server: Server, query: str) -> None:
    page, _ = open_page(browser, fictional_server.origin)
    page.goto(fictional_server.url + "find/?query=" + query)
    page.wait_for_selector("[data-finder-state=ready]")
    in_finder = page.locator("[data-finder-results] .finder-result__title").all_inner_texts()
    page.goto(fictional_server.url + "embed/?limit=50&q=" + query)
    page.locator("[data-embed-state='ready']").wait_for()
    in_embed = [t.split("\n")[0].replace(" (opens in a new tab)", "") for t in page.locator(".pe-item__title").all_inner_texts()]
    page.goto(fictional_server.url + "crisis/")
    page.fill("#psd-search-q", query)
    page.wait_for_selector("[data-psd-search-state=ready]")
    page.wait_for_function("document.querySelector('[data-psd-search-status]').textContent !== ''")
    in_header = page.locator("[data-psd-search-list] li:not(.psd-search__all) a").all_inner_texts()
    in_header = [t for t in in_header if t.startswith("Fictional")]
    assert in_finder and in_finder == in_embed == in_header, (in_finder, in_embed, in_header)
    page.context.close()

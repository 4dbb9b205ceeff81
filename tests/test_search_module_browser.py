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


# The summed-weights search written out plainly (a Map a word, a comparison sort), from the
# compact index alone: search-index.js' typed arrays and rank ordering must give exactly this.
REFERENCE = """([queries, compact]) => {
  const searcher = new PeerSearchIndex.Searcher(compact);
  searcher.lunrQueryLimit = 0;
  const nf = compact.fields.length, count = compact.count, k1 = compact.k1, b = compact.b;
  const postings = compact.postings.map(enc => compact.fields.map((name, f) => {
    const refs = [], tfs = []; let ref = 0;
    for (const v of (f < enc.length && enc[f]) || []) { if (v < 0) tfs[tfs.length - 1] = -v; else { ref += v; refs.push(ref); tfs.push(1); } }
    return [refs, tfs];
  }));
  const lengths = compact.fields.map(() => new Array(count).fill(0));
  postings.forEach(per => per.forEach(([refs, tfs], f) => refs.forEach((r, i) => { lengths[f][r] += tfs[i]; })));
  const average = lengths.map(l => l.reduce((s, x) => s + x, 0) / count);
  const weights = postings.map(per => {
    const n = per.reduce((s, [refs]) => s + refs.length, 0), x = (count - n + 0.5) / (n + 0.5), idf = Math.log(1 + Math.abs(x)), out = [];
    per.forEach(([refs, tfs], f) => refs.forEach((r, i) => {
      const score = idf * ((k1 + 1) * tfs[i]) / (k1 * (1 - b + b * (lengths[f][r] / average[f])) + tfs[i]) * compact.boosts[f];
      out.push([r, Math.round(score * 1000) / 1000]);
    }));
    return out;
  });
  return queries.map(q => {
    const words = searcher.words(q);
    if (!words) return [q, null, searcher.search(q)];  // a word of one letter: not searched yet
    const sets = words.map(w => {
      const hits = new Map();
      searcher.beginning(w.stem).forEach(t => weights[t].forEach(([r, s]) => hits.set(r, (hits.get(r) || 0) + s)));
      let best = 0; hits.forEach(s => { if (s > best) best = s; });
      return [hits, best > 0 ? best : 1];
    });
    sets.sort((x, y) => x[0].size - y[0].size);
    const found = [];
    sets[0][0].forEach((s, r) => {
      let score = s / sets[0][1];
      for (const [hits, best] of sets.slice(1)) { if (!hits.has(r)) return; score += hits.get(r) / best; }
      found.push([r, score]);
    });
    found.sort((x, y) => y[1] - x[1] || x[0] - y[0]);
    return [q, found.map(([r]) => r), searcher.search(q).refs];
  });
}"""


def test_the_typed_search_equals_the_plain_one(browser: object, generated_server: Server) -> None:
    """The summed weights, hits and result order of search-index.js (typed arrays, results
    ordered by their rank among distinct scores) equal a plain Map-and-sort implementation."""
    page, recorder = open_page(browser, generated_server.origin)
    page.goto(generated_server.url + "find/")
    page.wait_for_selector("[data-finder-state=ready]")
    from finder_reference import built_index

    compact = built_index(generated_server.root.parent / "directory")
    queries = ["s", "su", "support", "group", "peer support", "online", "in person", "gr", "a", "an", "lo", "support anx", "g s"]
    rows = page.evaluate(REFERENCE, [queries, compact])
    for query, expected, got in rows:
        assert got == expected, query
    assert sum(len(expected or []) for _, expected, _ in rows) > 1000  # common words: hundreds of results, many equal scores
    assert recorder.console_errors == []
    page.context.close()

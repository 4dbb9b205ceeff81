"""The index in shards (generator/finder/shards.py, search-index.js Searcher.sharded) finds exactly
what the whole index finds, in the same order, with the same corrections, in the browser; and a
search fetches only the shards its words need.

The site is 300 generated fictional listings (benchmarks/fictional.py); its index is cut into
small shards here (a few KB each, so a word's beginning often spans two shards) and served
beside the built site."""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

import pytest
from conftest import Server, generated_site, open_page, serve

pytestmark = pytest.mark.browser

SHARD_LIMIT = 1200  # bytes of JSON per shard: about 55 shards for 300 listings

COMPARE = """async ({queries, fresh, limit}) => {
  const compact = await fetch('../test-shards/whole.json').then(r => r.json());
  const meta = await fetch('../test-shards/meta.json').then(r => r.json());
  const fetched = [];
  const load = name => { fetched.push(String(name)); return fetch('../test-shards/' + name + '.json').then(r => r.json()); };
  const whole = new PeerSearchIndex.Searcher(compact);
  let sharded = PeerSearchIndex.Searcher.sharded(meta, load);
  whole.lunrQueryLimit = sharded.lunrQueryLimit = limit;
  const out = [];
  for (const q of queries) {
    if (fresh) { sharded = PeerSearchIndex.Searcher.sharded(meta, load); sharded.lunrQueryLimit = limit; fetched.length = 0; }
    const before = sharded.ready(q);
    await sharded.prepare(q);
    const a = whole.search(q), b = sharded.search(q);
    out.push({q, before, ready: sharded.ready(q), whole: a && [a.refs, a.corrections], sharded: b && [b.refs, b.corrections],
              fetched: fetched.slice()});
  }
  return {out, shards: meta.shards.length};
}"""


@pytest.fixture(scope="module")
def sharded_server(tmp_path_factory: pytest.TempPathFactory) -> Server:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from generator.finder.shards import SHARD_FOLDER, shard_files

    built_site = generated_site(tmp_path_factory)
    # The shared site stays as built: this module serves links to it beside its own shards.
    site = tmp_path_factory.mktemp("search-shards")
    for entry in built_site.iterdir():
        (site / entry.name).symlink_to(entry)
    from finder_reference import built_index

    compact = built_index(built_site.parent / "directory")  # the whole index, which the site has only in shards
    target = site / "test-shards"
    target.mkdir()
    (target / "whole.json").write_text(json.dumps(compact), encoding="utf-8")
    for path, data in shard_files(compact, SHARD_LIMIT).items():
        (target / path.removeprefix(SHARD_FOLDER)).write_bytes(data)
    server = serve(site)
    yield server
    server.httpd.shutdown()


def queries(site: Path) -> list[str]:
    """Words as people type them: whole terms, their beginnings, one-letter typos, several words,
    stop words, accents, a one-letter word before another."""
    terms = json.loads((site / "test-shards/whole.json").read_text(encoding="utf-8"))["terms"]
    chosen = random.Random(7).sample(terms, 60)
    typed = [*chosen, *(t[:2] for t in chosen[:20]), *(t[:3] for t in chosen[20:40])]
    typos = [t[:2] + ("x" if t[2] != "x" else "z") + t[3:] for t in chosen if len(t) >= 6 and t.isalpha()][:15]
    pairs = [f"{a} {b[:4]}" for a, b in zip(chosen[:15], chosen[15:30])]
    return [*typed, *typos, *pairs, "support", "sup", "peer support", "the group", "in person", "online anx", "anxeity",
            "grief leeds", "español", "espanol", "s g", "a", "zzzzzz", "supprot group"]


@pytest.mark.parametrize("limit", [300, 0, float("inf")], ids=["default", "summed-weights", "lunr-query"])
def test_sharded_search_equals_the_whole_index(browser: object, sharded_server: Server, limit: float) -> None:
    page, recorder = open_page(browser, sharded_server.origin)
    page.goto(sharded_server.url + "find/")
    page.wait_for_selector("[data-finder-state=ready]")
    asked = queries(sharded_server.root)
    for fresh in (True, False):  # each query on its own, and one searcher gathering shards
        result = page.evaluate(COMPARE, {"queries": asked, "fresh": fresh, "limit": 1e9 if limit == float("inf") else limit})
        assert result["shards"] > 40
        found = 0
        for row in result["out"]:
            assert row["ready"], row["q"]
            assert row["sharded"] == row["whole"], row["q"]
            found += bool(row["whole"] and row["whole"][0])
        assert found > len(asked) * 2 // 3  # most queries find something: the comparison is not empty
    assert recorder.console_errors == []
    page.context.close()


def test_a_search_fetches_only_the_shards_it_needs(browser: object, sharded_server: Server) -> None:
    page, _ = open_page(browser, sharded_server.origin)
    page.goto(sharded_server.url + "find/")
    page.wait_for_selector("[data-finder-state=ready]")
    result = page.evaluate(COMPARE, {"queries": ["grief", "grief leeds", "anxeity"], "fresh": True, "limit": 300})
    by_query = {row["q"]: row for row in result["out"]}
    assert not by_query["grief"]["before"]
    assert 1 <= len(by_query["grief"]["fetched"]) <= 2, by_query["grief"]["fetched"]
    assert 2 <= len(by_query["grief leeds"]["fetched"]) <= 4
    # A misspelt word: its beginning's shard, then every term (terms.json), then its one-edit terms' shards.
    assert "terms" in by_query["anxeity"]["fetched"] and len(by_query["anxeity"]["fetched"]) <= 5
    assert by_query["anxeity"]["sharded"][1] == [{"word": "anxeity", "term": "anxieti"}]
    assert len(set(by_query["grief leeds"]["fetched"])) < result["shards"] // 4
    page.context.close()

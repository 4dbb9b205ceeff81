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
COMMON = 600  # bytes of JSON from which a term is a shard of its own (the common words here)

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
    for path, data in shard_files(compact, SHARD_LIMIT, COMMON).items():
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


TYPE = """async ({word}) => {
  const compact = await fetch('../test-shards/whole.json').then(r => r.json());
  const meta = await fetch('../test-shards/meta.json').then(r => r.json());
  const fetched = [];
  const load = name => { fetched.push(String(name)); return fetch('../test-shards/' + name + '.json').then(r => r.json()); };
  const whole = new PeerSearchIndex.Searcher(compact), sharded = PeerSearchIndex.Searcher.sharded(meta, load);
  const out = [];
  for (let i = 1; i <= word.length; i++) {
    const q = word.slice(0, i);
    fetched.length = 0;
    const before = sharded.ready(q);
    await sharded.prepare(q);
    const asked = fetched.slice();
    const a = whole.search(q), b = sharded.search(q);
    fetched.length = 0;
    await sharded.prefetch(q);  // what the finder does once the results are shown
    out.push({q, before, asked, prefetched: fetched.slice(), whole: a && a.refs, sharded: b && b.refs});
  }
  return out;
}"""


def _files(site: Path) -> tuple[dict, dict[str, str], dict]:
    from generator.finder.shards import piece_prefixes

    meta = json.loads((site / "test-shards/meta.json").read_text(encoding="utf-8"))
    return meta, piece_prefixes(meta["shards"]), json.loads((site / "test-shards/whole.json").read_text(encoding="utf-8"))


def test_a_short_beginning_loads_its_piece_not_every_shard_of_its_terms(browser: object, sharded_server: Server) -> None:
    """A beginning whose terms span many shards fetches one piece (and the common terms it
    expands to, each a shard of its own), never the shards in between; results are the whole
    index's at every letter, and the letters the prefetch guessed are ready before they are typed."""
    meta, prefixes, compact = _files(sharded_server.root)
    pieces = {p: json.loads((sharded_server.root / "test-shards" / f"{name}.json").read_text(encoding="utf-8")) for p, name in prefixes.items()}
    spans = {p: sum(1 for first in meta["shards"] if first.startswith(p)) for p in prefixes if len(p) == 2 and not pieces[p]["all"]}
    prefix = max(sorted(spans), key=lambda p: spans[p])  # more than MAX_EXPANSIONS terms, in the most shards
    assert spans[prefix] >= 3  # its terms are in three shards or more
    piece = pieces[prefix]
    word = next(t for t in piece["found"] if len(t) >= 4 and t.isalpha())  # the commonest: the prefetch's first guess
    page, recorder = open_page(browser, sharded_server.origin)
    page.goto(sharded_server.url + "find/")
    page.wait_for_selector("[data-finder-state=ready]")
    rows = page.evaluate(TYPE, {"word": word})
    common = set(meta["common"])
    for row in rows:
        assert row["sharded"] == row["whole"], row["q"]
    two = rows[1]
    assert two["q"] == prefix and not two["before"]
    assert prefixes[prefix] in two["asked"]
    others = [name for name in two["asked"] if name != prefixes[prefix]]
    assert all(int(name) in common for name in others), two["asked"]  # only common terms' own shards
    assert len(others) <= len(piece["found"]) and len(two["asked"]) < spans[prefix] + 1
    # typing on: the next letter the prefetch fetched is ready at once; no file is fetched twice
    assert two["prefetched"] and rows[2]["before"] and rows[2]["asked"] == []
    fetched_twice = [name for i, row in enumerate(rows) for name in row["asked"] if any(name in r["asked"] + r["prefetched"] for r in rows[:i])]
    assert fetched_twice == []
    assert recorder.console_errors == []
    page.context.close()


LETTER = """async ({letters, seconds}) => {
  const compact = await fetch('../test-shards/whole.json').then(r => r.json());
  const meta = await fetch('../test-shards/meta.json').then(r => r.json());
  const whole = new PeerSearchIndex.Searcher(compact), out = {};
  for (const letter of letters) {
    const fetched = [];
    const load = name => { fetched.push(String(name)); return fetch('../test-shards/' + name + '.json').then(r => r.json()); };
    const sharded = PeerSearchIndex.Searcher.sharded(meta, load);
    await sharded.prefetch(letter);  // what the finder does once the results of "l" (all) are shown
    const asked = fetched.slice(), ready = seconds[letter].filter(q => sharded.ready(q));
    const same = [];
    for (const q of ready) { fetched.length = 0; await sharded.prepare(q); same.push(fetched.length === 0 && JSON.stringify(sharded.search(q)) === JSON.stringify(whole.search(q))); }
    // typed on while the letter's files are on their way: the second letter waits for them
    // rather than fetching its own piece (when the letter's piece has every term)
    const early = PeerSearchIndex.Searcher.sharded(meta, load), second = seconds[letter][0];
    fetched.length = 0;
    const coming = early.prefetch(letter);
    await early.fetch(fetched[0]);  // the letter's piece is here, its common terms on their way
    await early.prepare(second);
    const typedOn = fetched.slice();
    await coming;
    out[letter] = {asked, ready, same, typedOn, second, sameEarly: JSON.stringify(early.search(second)) === JSON.stringify(whole.search(second))};
  }
  return out;
}"""


def test_a_one_letter_word_fetches_its_likely_second_letter_ahead(browser: object, sharded_server: Server) -> None:
    """After "l" is typed (all listings shown), the files "lo" needs are fetched while the visitor types:
    every second letter's when the letter's piece has all its terms and few common ones, else the
    second letter most of the piece's terms continue with; those are then answered at once, as
    the whole index answers them."""
    meta, prefixes, compact = _files(sharded_server.root)
    letters = sorted(p for p in prefixes if len(p) == 1 and p.isalpha())
    assert len(letters) >= 5
    seconds = {letter: sorted({t[:2] for t in compact["terms"] if t.startswith(letter) and len(t) > 1}) for letter in letters}
    page, recorder = open_page(browser, sharded_server.origin)
    page.goto(sharded_server.url + "find/")
    page.wait_for_selector("[data-finder-state=ready]")
    result = page.evaluate(LETTER, {"letters": letters, "seconds": seconds})
    ways = set()
    for letter in letters:
        row = result[letter]
        piece = json.loads((sharded_server.root / "test-shards" / f"{prefixes[letter]}.json").read_text(encoding="utf-8"))
        common = [t for t in piece["found"] if t not in piece["terms"]]
        assert row["asked"][0] == prefixes[letter], row  # the letter's piece first
        ways.add(piece["all"] and len(common) <= 8)
        assert row["sameEarly"], (letter, row)
        if piece["all"] and len(common) <= 8:
            assert row["ready"] == seconds[letter], (letter, row)  # every second letter
            assert set(row["typedOn"]) <= set(row["asked"]), (letter, row)  # nothing of its own
        else:
            counted = {}
            for term in piece["found"]:
                if len(term) > 1:
                    counted.setdefault(term[:2], 0)
                    counted[term[:2]] += 1
            likeliest = max(counted, key=lambda s: (counted[s], -[t[:2] for t in piece["found"]].index(s)))
            assert likeliest in row["ready"], (letter, likeliest, row)
            assert len(row["asked"]) <= 1 + 1 + 6, row  # the piece, the second letter's piece and its few common terms
        assert row["ready"] and all(row["same"]), (letter, row)
    assert ways == {True, False}  # both ways are tried here
    assert recorder.console_errors == []
    page.context.close()

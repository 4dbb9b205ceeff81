"""The finder's files in pieces (generator/finder/shards.py, page.facet_first_pages): the shards
are the whole index cut by term, the field lengths are BM25's, the record files are docs.json
cut in order, and each filter value's first page is first.json of the listings with that value.
The browser side (the same results as the whole index) is tests/test_search_shards_browser.py."""

from __future__ import annotations

import itertools
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.build.products import BuildSettings
from generator.contract.catalog import Catalog
from generator.finder.data import build_records, finder_listings, first_page
from generator.finder.index import build_index
from generator.finder.page import FACETS, facet_first_pages
from generator.finder.shards import (
    MAX_EXPANSIONS, META_PATH, RECORDS_CHUNK, TERMS_PATH, _compact, _ints_json, field_lengths, piece_prefixes, record_files,
    shard_files,
)


@pytest.fixture(scope="module")
def compact(fictional_catalog: Catalog) -> dict:
    return build_index(fictional_catalog, finder_listings(fictional_catalog))


@pytest.fixture(scope="module")
def records(fictional_catalog: Catalog, settings: BuildSettings) -> dict:
    return build_records(fictional_catalog, settings)


@pytest.fixture(scope="module")
def settings() -> BuildSettings:
    from fictional import BUILD_TIME

    return BuildSettings(now=BUILD_TIME, site_url="", repo_url="")


@pytest.mark.parametrize("limit", [1, 300, 5000, 10**9])
def test_the_shards_are_the_index_cut_by_term(compact: dict, limit: int) -> None:
    files = shard_files(compact, limit)
    meta = json.loads(files[META_PATH])
    shards = [json.loads(files[f"api/finder/index/{n}.json"]) for n in range(len(meta["shards"]))]
    pieces = {f"api/finder/index/{name}.json" for name in piece_prefixes(meta["shards"]).values()}
    assert set(files) == {META_PATH, TERMS_PATH, *(f"api/finder/index/{n}.json" for n in range(len(shards))), *pieces}
    assert [term for shard in shards for term in shard["terms"]] == compact["terms"] == json.loads(files[TERMS_PATH])
    assert [p for shard in shards for p in shard["postings"]] == compact["postings"]
    assert meta["shards"] == [shard["terms"][0] for shard in shards]
    assert all(shard["terms"] for shard in shards)
    for key in ("version", "pipeline", "fields", "boosts", "k1", "b", "count"):
        assert meta[key] == compact[key]
    assert meta["records"] == RECORDS_CHUNK
    # BM25's lengths: the totals per field in meta.json, and each posting's document length in its shard
    lengths = field_lengths(compact)
    assert meta["totals"] == [sum(field) for field in lengths] and "lengths" not in meta
    for shard in shards:
        for encoded, per_field in zip(shard["postings"], shard["lengths"]):
            for position, field in enumerate(compact["fields"]):
                gaps = encoded[position] if position < len(encoded) else 0
                refs = list(itertools.accumulate(v for v in gaps if v >= 0)) if gaps else []
                assert per_field[position] == ([lengths[position][ref] for ref in refs] if gaps else 0)
    if limit == 1:
        assert len(shards) == len(compact["terms"])
    if limit == 10**9:
        assert len(shards) == 1
    assert shard_files(compact, limit) == files  # deterministic


@pytest.mark.parametrize(("limit", "big"), [(1200, 8000), (1200, 60), (300, 10**9)])
def test_a_multi_shard_beginning_has_a_piece_with_the_terms_it_expands_to(compact: dict, limit: int, big: int) -> None:
    files = shard_files(compact, limit, big)
    meta = json.loads(files[META_PATH])
    shards = [json.loads(files[f"api/finder/index/{n}.json"]) for n in range(len(meta["shards"]))]
    by_term = {term: (encoded, entry) for shard in shards for term, encoded, entry in zip(shard["terms"], shard["postings"], shard["lengths"])}
    common = {t for t, parts in by_term.items() if len(json.dumps([t, *parts], ensure_ascii=False, separators=(",", ":")).encode()) >= big}
    assert all(shard["terms"] == [t] for t in common for shard in shards if t in shard["terms"])  # a shard of its own
    assert bool(common) == (big == 60)
    assert meta["common"] == [n for n, shard in enumerate(shards) if shard["terms"][0] in common]  # fetched beside a piece
    frequency = {term: sum(sum(1 for v in gaps if v >= 0) for gaps in encoded if gaps) for term, (encoded, _) in by_term.items()}
    prefixes = piece_prefixes(meta["shards"])
    assert len(prefixes) > 20
    for prefix, name in prefixes.items():
        # more than one shard may hold its terms: a later shard's first term begins with it
        assert any(first.startswith(prefix) and first != prefix for first in meta["shards"][1:])
        piece = json.loads(files[f"api/finder/index/{name}.json"])
        beginning = [t for t in compact["terms"] if t.startswith(prefix)]
        if len(beginning) > MAX_EXPANSIONS:
            beginning = sorted(beginning, key=lambda t: (-frequency[t], compact["terms"].index(t)))[:MAX_EXPANSIONS]
        assert piece["found"] == beginning and piece["all"] == (len([t for t in compact["terms"] if t.startswith(prefix)]) <= MAX_EXPANSIONS)
        assert piece["terms"] == sorted(t for t in beginning if t not in common)  # the others: their own shard
        assert [[*by_term[t]] for t in piece["terms"]] == [[p, e] for p, e in zip(piece["postings"], piece["lengths"])]
    # every multi-shard beginning of a term has its piece
    for term in compact["terms"]:
        for end in range(1, len(term) + 1):
            prefix = term[:end]
            holders = {n for n, first in enumerate(meta["shards"]) if first.startswith(prefix) and first != prefix}
            assert (prefix in prefixes) == bool(holders - {0}), prefix


def test_field_lengths_are_the_term_counts_of_each_field(fictional_catalog: Catalog, compact: dict) -> None:
    from generator.finder.index import field_terms, index_documents

    documents = index_documents(fictional_catalog, finder_listings(fictional_catalog))
    expected = [[sum(tf for _, tf in field_terms(doc[field])) for doc in documents] for field in compact["fields"]]
    assert field_lengths(compact) == expected
    assert any(length > 1 for lengths in expected for length in lengths)


def test_record_files_are_docs_json_cut_in_order(records: dict) -> None:
    for size in (1, 7, RECORDS_CHUNK):
        files = record_files(records, size)
        head = json.loads(files["api/finder/records/head.json"])
        assert head == {key: records[key] for key in ("v", "folders", "facets", "slots")}
        chunks = [json.loads(files[f"api/finder/records/{n}.json"]) for n in range(len(files) - 1)]
        assert len(chunks) == -(-len(records["docs"]) // size)
        rebuilt = []
        for chunk in chunks:
            for doc in chunk["docs"]:
                if "e" in doc:  # each file's own rules: the same rules as docs.json's
                    doc = {**doc, "e": [records["rules"].index(chunk["rules"][r]) for r in doc["e"]]}
                rebuilt.append(doc)
            assert len(chunk["rules"]) == len({json.dumps(r) for r in chunk["rules"]})  # each rule once
        assert rebuilt == records["docs"]
        assert record_files(records, size) == files


def has(doc: dict, key: str, position: int) -> bool:
    value = doc.get(key)
    if key == "o":  # 1: taking new members, the facet's one value
        return value == 1
    return value == position if isinstance(value, int) else position in (value or [])


def test_each_filter_values_first_page(records: dict) -> None:
    files = facet_first_pages(records)
    keys = {key: param for param, key, _ in FACETS}
    written = 0
    for key, values in records["facets"].items():
        for position, (code, _) in enumerate(values):
            page = json.loads(files[f"api/finder/first/{keys[key]}/{code}.json"])
            matching = [doc for doc in records["docs"] if has(doc, key, position)]
            assert page == first_page({**records, "docs": matching}), (key, code)
            assert page["total"] == len(matching) > 0
            assert [doc["i"] for doc in page["docs"]] == [doc["i"] for doc in matching[:20]]
            written += 1
    assert written == len(files) > 20


def test_near_cells_hold_every_group_with_a_place_once(records: dict) -> None:
    from generator.finder.near import CELL_DEGREES, NEAR_FOLDER, cell_of, near_files

    files = near_files(records)
    index = json.loads(files[NEAR_FOLDER + "cells.json"])
    assert index["degrees"] == CELL_DEGREES and index["total"] == len(records["docs"])
    placed = [ref for ref, doc in enumerate(records["docs"]) if "g" in doc]
    assert len(placed) >= 3 and sum(count for _, _, count in index["cells"]) == len(placed)
    seen = []
    for south, west, count in index["cells"]:
        cell = json.loads(files[f"{NEAR_FOLDER}{south}_{west}.json"])
        assert len(cell["refs"]) == len(cell["docs"]) == count and cell["refs"] == sorted(cell["refs"])
        for ref, doc in zip(cell["refs"], cell["docs"]):
            original = records["docs"][ref]
            assert cell_of(*doc["g"]) == (south, west)
            # the record as in docs.json, its rules counted in the file's own list
            assert {**doc, "e": [cell["rules"][rule] for rule in doc.get("e", [])]} == \
                {**original, "e": [records["rules"][rule] for rule in original.get("e", [])]}
        seen += cell["refs"]
    assert sorted(seen) == placed
    assert set(files) == {NEAR_FOLDER + "cells.json"} | {f"{NEAR_FOLDER}{s}_{w}.json" for s, w, _ in index["cells"]}
    assert cell_of(-0.5, -179.5) == (-1, -180) and cell_of(51.5, -0.1) == (51, -1)


@given(st.lists(st.one_of(st.just(0), st.lists(st.integers(min_value=-10**12, max_value=10**12)))))
def test_postings_and_lengths_are_written_as_json_writes_them(value: list) -> None:
    # Shards write a term's postings and lengths (ints and lists of ints) without json.dumps.
    assert _ints_json(value) == _compact(value)

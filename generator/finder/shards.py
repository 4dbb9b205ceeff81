"""The finder's search index in pieces, so a search downloads only the part its words need.

At 50,000 listings the whole compact index (`api/finder/index.json`) is about 2.1 MB gzip and
`docs.json` 2.5 MB: more than a phone should fetch before its first results. Measured there,
lunr's postings split by term into ranges of about SHARD_BYTES (81 shards, median 27 KB gzip,
the largest 43 KB) let a one-word search fetch one or two shards. The split is by term range,
not by country or kind, because every search reads the postings of its words and nothing else;
a range can end anywhere, and a word's beginning that spans two ranges loads both.

Written under `api/finder/index/` (search-index.js `Searcher.sharded` reads them):

- `meta.json`: what BM25 needs of the whole index: fields, boosts, k1, b, the document count and
  each document's field lengths (`lengths[field][ref]`, the sum of its terms' counts in that
  field), plus `shards`: the first term of each shard, in order, and `records`: RECORDS_CHUNK. With these, a shard's scores
  are exactly those of the whole index (tests/test_search_shards_browser.py compares them).
- `<n>.json`: shard n, {"terms": [...], "postings": [...]}, in index.json's compact format.
- `terms.json`: every term, sorted: only a misspelt word needs it (one-edit matches can start
  with any letter).

`api/finder/records/`: docs.json in pieces, for the few records a search shows before the whole
of docs.json is here (the finder's first page for a query, the header search's list):
`head.json` is docs.json without its records and rules ({"v", "folders", "facets", "slots"});
`<n>.json` holds RECORDS_CHUNK records in docs.json's order, {"docs": [...], "rules": [...]},
each record as in docs.json but for `e`, which counts in the file's own `rules`.
search-index.js `records()` puts the records of any refs together as one docs.json.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

SHARD_FOLDER = "api/finder/index/"
META_PATH = SHARD_FOLDER + "meta.json"
TERMS_PATH = SHARD_FOLDER + "terms.json"
RECORDS_FOLDER = "api/finder/records/"
SHARD_BYTES = 100_000  # of JSON per shard, before gzip (about 27 KB gzip)
# Records per file: a search's first 20 results are anywhere in docs.json, so small files (about
# 7 KB gzip at 50,000 listings; 500 files) keep 20 results to ~150 KB.
RECORDS_CHUNK = 100


def _compact(data: Any) -> bytes:
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def field_lengths(compact: dict[str, Any]) -> list[list[int]]:
    """Per field, each document's length (the sum of its term counts), decoded from the compact
    postings as search-index.js' expand() decodes them."""
    count, fields = compact["count"], compact["fields"]
    lengths = [[0] * count for _ in fields]
    for encoded in compact["postings"]:
        for position, gaps in enumerate(encoded):
            if not gaps:
                continue
            ref = 0
            for value in gaps:
                if value < 0:  # the previous document has the term -value times, not once
                    lengths[position][ref] += -value - 1
                else:
                    ref += value
                    lengths[position][ref] += 1
    return lengths


def split_terms(compact: dict[str, Any], limit: int = SHARD_BYTES) -> list[tuple[int, int]]:
    """[start, end) term positions of each shard: consecutive terms until their JSON reaches
    `limit` bytes (a term bigger than that is a shard of its own)."""
    ranges, start, size = [], 0, 0
    for position, (term, encoded) in enumerate(zip(compact["terms"], compact["postings"])):
        size += len(_compact([term, encoded]))
        if size >= limit:
            ranges.append((start, position + 1))
            start, size = position + 1, 0
    if start < len(compact["terms"]) or not ranges:
        ranges.append((start, len(compact["terms"])))
    return ranges


def shard_files(compact: dict[str, Any], limit: int = SHARD_BYTES) -> dict[str, bytes]:
    """meta.json, terms.json and the shards of a compact index (see the module docstring)."""
    ranges = split_terms(compact, limit)
    terms, postings = compact["terms"], compact["postings"]
    meta = {key: compact[key] for key in ("version", "pipeline", "fields", "boosts", "k1", "b", "count")}
    meta["lengths"] = field_lengths(compact)
    meta["shards"] = [terms[start] if start < len(terms) else "" for start, _ in ranges]
    meta["records"] = RECORDS_CHUNK  # records per file: which file holds a result
    files = {META_PATH: _compact(meta), TERMS_PATH: _compact(terms)}
    for number, (start, end) in enumerate(ranges):
        files[f"{SHARD_FOLDER}{number}.json"] = _compact({"terms": terms[start:end], "postings": postings[start:end]})
    return files


def records_of(records: dict[str, Any], refs: Iterable[int]) -> dict[str, Any]:
    """Some of docs.json's records, in the order of `refs`, as {"docs", "rules"}: each record as in
    docs.json but for `e`, which counts in these `rules` (only the rules they use)."""
    chunk, used = [], {}  # rule position in docs.json -> here, in order of use
    docs, rules = records["docs"], records["rules"]
    for ref in refs:
        doc = docs[ref]
        if "e" in doc:
            doc = {**doc, "e": [used.setdefault(rule, len(used)) for rule in doc["e"]]}
        chunk.append(doc)
    return {"docs": chunk, "rules": [rules[rule] for rule in used]}


def record_files(records: dict[str, Any], size: int = RECORDS_CHUNK) -> dict[str, bytes]:
    """docs.json in pieces (see the module docstring)."""
    files = {RECORDS_FOLDER + "head.json": _compact({key: records[key] for key in ("v", "folders", "facets", "slots")})}
    count = len(records["docs"])
    for number, start in enumerate(range(0, max(count, 1), size)):
        files[f"{RECORDS_FOLDER}{number}.json"] = _compact(records_of(records, range(start, min(start + size, count))))
    return files

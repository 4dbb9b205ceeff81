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
  field), plus `shards`: the first term of each shard, in order, and `names`: NAMES_CHUNK. With these, a shard's scores
  are exactly those of the whole index (tests/test_search_shards_browser.py compares them).
- `<n>.json`: shard n, {"terms": [...], "postings": [...]}, in index.json's compact format.
- `terms.json`: every term, sorted: only a misspelt word needs it (one-edit matches can start
  with any letter).

`api/finder/names/<n>.json`: per NAMES_CHUNK records in docs.json order, what the header search
shows of a listing (id, name, kind), so it needs no docs.json: {"f": folders by kind position,
"k": kind labels by kind position, "d": [[id, name, kind position], ...]}.
"""

from __future__ import annotations

import json
from typing import Any

SHARD_FOLDER = "api/finder/index/"
META_PATH = SHARD_FOLDER + "meta.json"
TERMS_PATH = SHARD_FOLDER + "terms.json"
NAMES_FOLDER = "api/finder/names/"
SHARD_BYTES = 100_000  # of JSON per shard, before gzip (about 27 KB gzip)
NAMES_CHUNK = 500  # records per names file (about 8 KB gzip at 50,000 listings)


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
    meta["names"] = NAMES_CHUNK  # records per names file: which file holds a result
    files = {META_PATH: _compact(meta), TERMS_PATH: _compact(terms)}
    for number, (start, end) in enumerate(ranges):
        files[f"{SHARD_FOLDER}{number}.json"] = _compact({"terms": terms[start:end], "postings": postings[start:end]})
    return files


def names_files(records: dict[str, Any], size: int = NAMES_CHUNK) -> dict[str, bytes]:
    """The header search's names files (see the module docstring), from docs.json's records."""
    kinds = records["facets"]["k"]
    head = {"f": [records["folders"][str(i)] for i in range(len(kinds))], "k": [label for _, label in kinds]}
    docs = records["docs"]
    return {f"{NAMES_FOLDER}{number}.json": _compact({**head, "d": [[doc["i"], doc["n"], doc["k"]] for doc in docs[start:start + size]]})
            for number, start in enumerate(range(0, max(len(docs), 1), size))}

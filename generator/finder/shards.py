"""The finder's search index in pieces, so a search downloads only the part its words need.

At 50,000 listings the whole compact index (`api/finder/index.json`) is about 2.1 MB gzip and
`docs.json` 2.5 MB: more than a phone should fetch before its first results. Measured there,
lunr's postings, with their documents' lengths, split by term into ranges of about SHARD_BYTES
(117 shards, median 25 KB gzip, the largest 76 KB: one common term) let a one-word search fetch
one or two shards. The split is by term range,
not by country or kind, because every search reads the postings of its words and nothing else;
a range can end anywhere, and a word's beginning that spans two ranges loads both.

Written under `api/finder/index/` (search-index.js `Searcher.sharded` reads them):

- `meta.json`: what BM25 needs of the whole index: fields, boosts, k1, b, the document count and
  `totals`, per field the sum of every document's length in it (a document's field length is
  the sum of its terms' counts in that field; BM25 divides by the average), plus `shards`: the
  first term of each shard, in order, and `records`: RECORDS_CHUNK. About 2 KB: a search's first
  results do not wait on 50,000 documents' lengths (146 KB gzip at 50,000 listings when they
  were here).
- `<n>.json`: shard n, {"terms": [...], "postings": [...], "lengths": [...]}: terms and postings
  in index.json's compact format; `lengths[t][f]` lists, for each document of term t's postings
  in field f (in their order), that document's length in field f (0 for a field without
  postings). With these and `totals`, a shard's scores are exactly those of the whole index
  (tests/test_search_shards_browser.py compares them).
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

from generator.build.products import per_value

SHARD_FOLDER = "api/finder/index/"
META_PATH = SHARD_FOLDER + "meta.json"
TERMS_PATH = SHARD_FOLDER + "terms.json"
RECORDS_FOLDER = "api/finder/records/"
SHARD_BYTES = 100_000  # of JSON per shard (postings and lengths), before gzip (about 25 KB gzip)
# Records per file: a search's first 20 results are anywhere in docs.json, so nearly every one
# is in a file of its own. Measured at 50,000 listings: files of 100 are 6.6 KB gzip at the median
# (a first page fetched ~110 KB of records), files of 20 are 1.7 KB (~32 KB; 2,500 files, the
# same bytes in all to within 0.2%).
RECORDS_CHUNK = 20


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


def term_lengths(encoded: list[Any], lengths: list[list[int]]) -> list[Any]:
    """For one term's compact postings, per field, the field length of each document in them, in
    their order (0 for a field without postings): the term's entry in a shard's `lengths`."""
    per_field: list[Any] = []
    for position, field_lengths_ in enumerate(lengths):
        gaps = encoded[position] if position < len(encoded) else 0
        if not gaps:
            per_field.append(0)
            continue
        ref, found = 0, []
        for value in gaps:
            if value >= 0:  # a new document (a negative value is the previous one's count)
                ref += value
                found.append(field_lengths_[ref])
        per_field.append(found)
    return per_field


def _term_pieces(value: tuple[str, list[Any], list[Any]]) -> tuple[bytes, bytes, bytes]:
    """A term's entries in a shard's lengths, postings and terms, each as JSON."""
    term, encoded, term_lengths_ = value
    return _compact(term_lengths_), _compact(encoded), _compact(term)


def shard_files(compact: dict[str, Any], limit: int = SHARD_BYTES) -> dict[str, bytes]:
    """meta.json, terms.json and the shards of a compact index (see the module docstring).
    A shard is consecutive terms, with their postings and lengths, until their JSON reaches
    `limit` bytes (a term bigger than that is a shard of its own). Written one shard at a time:
    the whole index's lengths per posting would be some 60 MB of Python lists at 50,000."""
    lengths = field_lengths(compact)
    terms, postings = compact["terms"], compact["postings"]
    files: dict[str, bytes] = {}
    firsts: list[str] = []
    start, size = 0, 0
    # Each term's three parts are encoded once, and the shard's JSON is joined from them: the
    # bytes _compact({"lengths", "postings", "terms"}) gives (its keys sorted), without encoding twice.
    parts: tuple[list[bytes], list[bytes], list[bytes]] = ([], [], [])

    def close() -> None:
        firsts.append(terms[start] if start < len(terms) else "")
        lengths_, postings_, terms_ = (b",".join(part) for part in parts)
        files[f"{SHARD_FOLDER}{len(firsts) - 1}.json"] = (
            b'{"lengths":[' + lengths_ + b'],"postings":[' + postings_ + b'],"terms":[' + terms_ + b"]}")
        for part in parts:
            part.clear()

    for position, (term, encoded) in enumerate(zip(terms, postings)):
        # While serving, a term's parts are encoded again only when its postings or their
        # lengths changed (a listing edited changes few terms): build.products.per_value.
        pieces = per_value("finder.shard-term " + term, (term, encoded, term_lengths(encoded, lengths)), _term_pieces)
        for part, piece in zip(parts, pieces):
            part.append(piece)
        size += sum(map(len, pieces)) + 4  # as _compact([term, encoded, entry]): brackets and commas
        if size >= limit:
            close()
            start, size = position + 1, 0
    if start < len(terms) or not firsts:
        close()
    meta = {key: compact[key] for key in ("version", "pipeline", "fields", "boosts", "k1", "b", "count")}
    meta["totals"] = [sum(field) for field in lengths]
    meta["shards"] = firsts
    meta["records"] = RECORDS_CHUNK  # records per file: which file holds a result
    return {META_PATH: _compact(meta), TERMS_PATH: _compact(terms), **files}


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
        path = f"{RECORDS_FOLDER}{number}.json"
        files[path] = per_value(path, records_of(records, range(start, min(start + size, count))), _compact)
    return files

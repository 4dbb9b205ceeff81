"""The finder's search index in pieces, so a search downloads only the part its words need.

At 50,000 listings the whole compact index (`generator.finder.index`) is about 2.1 MB gzip and
`docs.json` 2.5 MB: more than a phone should fetch before its first results. Measured there,
lunr's postings, with their documents' lengths, split by term into ranges of about SHARD_BYTES
let a one-word search fetch one shard. The split is by term range, not by country or kind,
because every search reads the postings of its words and nothing else.

Two things keep a keystroke to one small fetch (measured at 50,000 listings, where the fictional
names make 24,083 terms beginning "lo", in 16 shards, and "support" was most of a 192 KB shard):

- a common term (its postings and lengths BIG_TERM_BYTES of JSON or more) is a shard of its own,
  so whatever needs it fetches it alone, and a piece can name it instead of carrying it again;
- a beginning whose terms span shards (a proper beginning of a later shard's first term) has a
  piece: the terms search-shards.js' beginning() expands it to, with the postings of those that
  are not common. "lo" is one 30 KB piece and the shard of "loneli" instead of 1.6 MB of shards.
  About 930 pieces, 4.1 MB in all at 50,000 listings.

Written under `api/finder/index/` (search-index.js `Searcher.sharded` reads them):

- `meta.json`: what BM25 needs of the whole index: fields, boosts, k1, b, the document count and
  `totals`, per field the sum of every document's length in it (a document's field length is
  the sum of its terms' counts in that field; BM25 divides by the average), plus `shards`: the
  first term of each shard, in order, `common`: the shards that are one common term, and
  `records`: RECORDS_CHUNK. About 1.7 KB gzip at 50,000 listings: a search's first
  results do not wait on 50,000 documents' lengths (146 KB gzip at 50,000 listings when they
  were here).
- `<n>.json`: shard n, {"terms": [...], "postings": [...], "lengths": [...]}: terms and postings
  in the whole index's compact format; `lengths[t][f]` lists, for each document of term t's postings
  in field f (in their order), that document's length in field f (0 for a field without
  postings). With these and `totals`, a shard's scores are exactly those of the whole index
  (tests/test_search_shards_browser.py compares them).
- `p<n>-<length>.json`: the piece of the beginning that is shard n's first term cut to `length`
  (JavaScript's length; n is the first shard whose first term begins so, see `piece_prefixes`):
  {"all", "found", "terms", "postings", "lengths"}: `found`, the terms the beginning expands to,
  in the order search-index.js' beginning() gives them (every term it begins, or the
  MAX_EXPANSIONS in most postings, ties in term order); `all`: whether that is every term it
  begins (then a longer beginning typed on from it needs no file); the rest, as in a shard, for
  the terms of `found` that are not common (in term order).
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

import bisect
import json
from collections.abc import Callable, Iterable
from typing import Any

from generator.build.products import per_value
from generator.finder.index_memo import IndexMemo

SHARD_FOLDER = "api/finder/index/"
META_PATH = SHARD_FOLDER + "meta.json"
TERMS_PATH = SHARD_FOLDER + "terms.json"
RECORDS_FOLDER = "api/finder/records/"
SHARD_BYTES = 100_000  # of JSON per shard (postings and lengths), before gzip (about 25 KB gzip)
# A term whose postings and lengths take this much JSON is a shard of its own, so a beginning's
# piece can name it instead of carrying it again. At 50,000 listings, where "support" was most of
# a 192 KB shard with its neighbours: 8 KB keeps the pieces to about 2.5 MB in all.
BIG_TERM_BYTES = 8_000
MAX_EXPANSIONS = 40  # search-index.js' MAX_EXPANSIONS: the terms a short beginning is expanded to
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


def _ints_json(value: list[Any]) -> bytes:
    """_compact(value) for a list of ints and lists of ints (postings, lengths): Python writes
    those as JSON does but for the spaces, and about three times quicker."""
    return str(value).replace(" ", "").encode("ascii")


def _term_pieces(term: str, encoded: list[Any], term_lengths_: list[Any]) -> tuple[bytes, bytes, bytes]:
    """A term's entries in a shard's lengths, postings and terms, each as JSON."""
    return _ints_json(term_lengths_), _ints_json(encoded), _compact(term)


class _Kept:
    """While serving: a term's shard entry as the last build wrote it (IndexMemo.entries)."""

    __slots__ = ("encoded", "pieces", "frequency")

    def __init__(self, encoded: list[Any], pieces: tuple[bytes, bytes, bytes], frequency: int | None) -> None:
        self.encoded, self.pieces, self.frequency = encoded, pieces, frequency


def _frequency(encoded: list[Any]) -> int:
    """How many (field, document) postings a term has: search-index.js' `frequency`, by which a
    short beginning's MAX_EXPANSIONS terms are chosen."""
    return sum(sum(1 for value in gaps if value >= 0) for gaps in encoded if gaps)


def _js_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2  # as JavaScript counts a string (UTF-16 code units)


def piece_prefixes(firsts: list[str]) -> dict[str, str]:
    """The beginnings whose terms search-shards.js' shardsFor would look for in more than one shard
    (a proper beginning of shard n's first term, n >= 1), each with its piece's name
    `p<n>-<length>` (n: the first such shard), which pieceFor() computes from meta.json alone."""
    pieces: dict[str, str] = {}
    for number, first in enumerate(firsts[1:], start=1):
        for end in range(1, len(first)):
            pieces.setdefault(first[:end], f"p{number}-{_js_length(first[:end])}")
    return pieces


def shard_files(compact: dict[str, Any], limit: int = SHARD_BYTES, big: int = BIG_TERM_BYTES, memo: IndexMemo | None = None) -> dict[str, bytes]:
    """meta.json, terms.json, the shards and the beginnings' pieces of a compact index (see the
    module docstring). A shard is consecutive terms, with their postings and lengths, until their
    JSON reaches `limit` bytes; a term of `big` bytes or more is a shard of its own. Written one
    shard at a time: the whole index's lengths per posting would be some 60 MB of Python lists at
    50,000. While serving, `memo` (generator.finder.index_memo) has the documents' lengths and
    what the last build wrote of each term."""
    lengths = field_lengths(compact) if memo is None else memo.lengths
    # While serving, a term the last build's documents and this one's have alike (IndexMemo's
    # `affected` says which) keeps its entry's lengths and JSON; its postings' JSON is written
    # again only if refs shifted (they are then another object). Not kept in a clean build.
    last: dict[str, _Kept] = memo.entries if memo is not None and memo.affected is not None else {}
    affected: set[str] = memo.affected if memo is not None and memo.affected is not None else set()
    entries: dict[str, _Kept] | None = None if memo is None else {}
    terms, postings = compact["terms"], compact["postings"]
    files: dict[str, bytes] = {}
    firsts: list[str] = []
    start, size = 0, 0
    # Each term's three parts are encoded once, and the shard's JSON is joined from them: the
    # bytes _compact({"lengths", "postings", "terms"}) gives (its keys sorted), without encoding twice.
    parts: tuple[list[bytes], list[bytes], list[bytes]] = ([], [], [])
    small: dict[int, tuple[bytes, bytes, bytes]] = {}  # the parts of terms under `big`, for the pieces
    common: list[int] = []  # the shards that are one term of `big` bytes or more

    def close() -> None:
        firsts.append(terms[start] if start < len(terms) else "")
        files[f"{SHARD_FOLDER}{len(firsts) - 1}.json"] = _joined(parts)
        for part in parts:
            part.clear()

    for position, (term, encoded) in enumerate(zip(terms, postings)):
        kept = last.get(term) if term not in affected else None
        if kept is None:
            pieces = _term_pieces(term, encoded, term_lengths(encoded, lengths))
        elif kept.encoded is encoded:
            pieces = kept.pieces
        else:
            pieces = (kept.pieces[0], _ints_json(encoded), kept.pieces[2])
        if entries is not None:
            entries[term] = kept if kept is not None and kept.encoded is encoded else _Kept(encoded, pieces, kept.frequency if kept else None)
        term_size = sum(map(len, pieces)) + 4  # as _compact([term, encoded, entry]): brackets and commas
        if term_size >= big and size:  # a common term starts a shard of its own
            close()
            start, size = position, 0
        for part, piece in zip(parts, pieces):
            part.append(piece)
        if term_size < big:
            small[position] = pieces
        size += term_size
        if size >= limit or term_size >= big:
            if term_size >= big:
                common.append(len(firsts))
            close()
            start, size = position + 1, 0
    if start < len(terms) or not firsts:
        close()

    def frequency(position: int) -> int:
        if entries is None:
            return _frequency(postings[position])
        kept = entries[terms[position]]
        if kept.frequency is None:  # kept for the next build: the same while the term's documents are
            kept.frequency = _frequency(kept.encoded)
        return kept.frequency

    if memo is not None and entries is not None:
        memo.entries = entries
    files.update(_piece_files(terms, firsts, small, frequency))
    meta = {key: compact[key] for key in ("version", "pipeline", "fields", "boosts", "k1", "b", "count")}
    meta["totals"] = [sum(field) for field in lengths]
    meta["shards"] = firsts
    meta["common"] = common  # the shards that are one common term: fetched with a beginning's piece
    meta["records"] = RECORDS_CHUNK  # records per file: which file holds a result
    return {META_PATH: _compact(meta), TERMS_PATH: _compact(terms), **files}


def _joined(parts: tuple[list[bytes], ...]) -> bytes:
    lengths_, postings_, terms_ = (b",".join(part) for part in parts)
    return b'{"lengths":[' + lengths_ + b'],"postings":[' + postings_ + b'],"terms":[' + terms_ + b"]}"


def _piece_files(terms: list[str], firsts: list[str], small: dict[int, tuple[bytes, bytes, bytes]],
                 frequency_of: Callable[[int], int]) -> dict[str, bytes]:
    """Each multi-shard beginning's piece: `found`, the terms search-index.js' beginning() expands
    it to, in that order (all its terms, or the MAX_EXPANSIONS in most postings, ties in term
    order), and the postings and lengths of those under `big` (a common term is its own shard)."""
    files: dict[str, bytes] = {}
    frequency: dict[int, int] = {}
    for prefix, name in piece_prefixes(firsts).items():
        low = bisect.bisect_left(terms, prefix)
        high = low
        while high < len(terms) and terms[high].startswith(prefix):
            high += 1
        found = list(range(low, high))
        complete = len(found) <= MAX_EXPANSIONS  # every term it begins: its longer beginnings need nothing more
        if not complete:
            for position in found:
                if position not in frequency:
                    frequency[position] = frequency_of(position)
            found = sorted(found, key=lambda position: (-frequency[position], position))[:MAX_EXPANSIONS]
        inline = sorted(position for position in found if position in small)
        parts = tuple([small[position][part] for position in inline] for part in range(3))
        files[f"{SHARD_FOLDER}{name}.json"] = (b'{"all":' + _compact(complete) + b',"found":' + _compact([terms[position] for position in found])
                                                + b"," + _joined(parts)[1:])
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
        path = f"{RECORDS_FOLDER}{number}.json"
        files[path] = per_value(path, records_of(records, range(start, min(start + size, count))), _compact)
    return files

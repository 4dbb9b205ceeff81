"""While `mkdocs serve` runs: the finder's index worked out again only where listings changed.

A rebuild after one listing was saved gets the same document terms, the same objects
(`build.products.per_record`), for every other listing. When no listing moved in the finder's
order, the postings of a term that neither the old nor the new version of a changed document
has are the ones the last build made, and so are the lengths (BM25's) of its documents: only
the changed documents' terms are decoded, changed and encoded again, and only their shard
entries have their lengths worked out again (`generator.finder.shards`). Otherwise (a listing
moved, added or deleted: refs shift) the index is made whole, as `compact_terms` makes it.
The result is the same index, value for value (tests/test_finder_index_memo.py).
"""

from __future__ import annotations

from operator import itemgetter
from typing import Any

from generator.finder.index import DocumentTerms, compact_terms

_COUNT = itemgetter(1)  # of a (term, count) pair
# Above this many changed documents the index is made whole (a catalog-wide change).
MOST_CHANGED = 64


def document_lengths(document: DocumentTerms, fields: int) -> list[int]:
    """A document's length in each field: the sum of its terms' counts (what shards.field_lengths
    decodes from the postings)."""
    return [sum(map(_COUNT, document[position])) if position < len(document) else 0 for position in range(fields)]


def _decoded(encoded: list[Any], fields: int) -> list[dict[int, int]]:
    """A term's compact postings as, per field, {ref: count} in ascending ref order."""
    found: list[dict[int, int]] = [{} for _ in range(fields)]
    for position, gaps in enumerate(encoded):
        if not gaps:
            continue
        ref, entries = 0, found[position]
        for value in gaps:
            if value < 0:
                entries[ref] = -value
            else:
                ref += value
                entries[ref] = 1
    return found


def _encoded(entries: list[dict[int, int]]) -> list[Any]:
    """compact_terms' form of a term's postings (gaps, -count after a document that has it more than once)."""
    encoded: list[Any] = []
    for by_ref in entries:
        if not by_ref:
            encoded.append(0)
            continue
        gaps, last = [], 0
        for ref in sorted(by_ref):
            gaps.append(ref - last)
            last = ref
            if by_ref[ref] > 1:
                gaps.append(-by_ref[ref])
        encoded.append(gaps)
    while encoded and encoded[-1] == 0:
        encoded.pop()
    return encoded


class IndexMemo:
    """The last build's index, kept while serving (`build.products.kept`)."""

    def __init__(self) -> None:
        self.documents: list[DocumentTerms] = []  # by ref
        self.postings: dict[str, list[Any]] = {}  # term -> compact postings (never changed once made)
        self.terms: list[str] = []  # sorted
        self.lengths: list[list[int]] = []  # per field, each document's length
        # The terms whose postings or documents' lengths may differ from the last build's (None: any).
        self.affected: set[str] | None = None
        self.entries: dict[str, Any] = {}  # term -> its last shard entry's value (generator.finder.shards)

    def compact(self, documents: list[tuple[int, DocumentTerms]], fields: int) -> dict[str, Any]:
        """compact_terms(documents), from the last build's where the documents are the same objects."""
        terms_by_ref = [terms for _, terms in documents]
        changed = self._changed(documents, terms_by_ref)
        if changed is None:
            compact = compact_terms(documents)
            self.postings = dict(zip(compact["terms"], compact["postings"]))
            self.lengths = [list(field) for field in zip(*(document_lengths(d, fields) for d in terms_by_ref))] if terms_by_ref else [[] for _ in range(fields)]
            self.affected = None
        else:
            affected: set[str] = set()
            # Each changed document's new terms, by term: where (field) and how often.
            placed: dict[int, dict[str, list[tuple[int, int]]]] = {}
            for ref in changed:
                affected.update(term for field in self.documents[ref] for term, _ in field)
                placed[ref] = by_term = {}
                for position, field in enumerate(terms_by_ref[ref]):
                    for term, tf in field:
                        by_term.setdefault(term, []).append((position, tf))
                affected.update(by_term)
            for term in affected:
                entries = _decoded(self.postings.get(term, []), fields)
                for ref in changed:
                    for position in range(fields):
                        entries[position].pop(ref, None)
                    for position, tf in placed[ref].get(term, ()):
                        entries[position][ref] = tf
                encoded = _encoded(entries)
                if encoded:
                    self.postings[term] = encoded
                else:
                    self.postings.pop(term, None)
            for ref in changed:
                for position, length in enumerate(document_lengths(terms_by_ref[ref], fields)):
                    self.lengths[position][ref] = length
            self.affected = affected
            terms = self.terms if len(self.terms) == len(self.postings) and all(term in self.postings for term in affected) else sorted(self.postings)
            compact = {**{key: value for key, value in compact_terms([]).items() if key not in ("terms", "postings", "count")},
                       "count": len(documents), "terms": terms, "postings": [self.postings[term] for term in terms]}
        self.documents, self.terms = terms_by_ref, compact["terms"]
        return compact

    def _changed(self, documents: list[tuple[int, DocumentTerms]], terms_by_ref: list[DocumentTerms]) -> list[int] | None:
        """The refs whose document is another object than last build's, or None to make it whole."""
        if not self.documents or len(self.documents) != len(terms_by_ref) or any(ref != i for i, (ref, _) in enumerate(documents)):
            return None
        changed = [ref for ref, (old, new) in enumerate(zip(self.documents, terms_by_ref)) if old is not new]
        return changed if len(changed) <= MOST_CHANGED else None

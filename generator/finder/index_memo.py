"""While `mkdocs serve` runs: the finder's index worked out again only where listings changed.

A rebuild after one listing was saved gets the same document terms, the same objects
(`build.products.per_record`), for every other listing. Those documents' lengths (BM25's) are
the last build's, and a term that neither the old nor the new version of a changed document has
(not `affected`) has the same documents, in the same order: its shard entry keeps its lengths
and JSON (`generator.finder.shards`), and only the postings of `affected` terms are decoded,
changed and encoded again. When listings moved in the finder's order, or were added or
deleted, the refs after them shift: every term's postings are then made whole, as
`compact_terms` makes them (`shifted`), and the rest is still kept. The result is the same
index, value for value (tests/test_finder_index_memo.py).
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
        # The terms whose documents, or those documents' lengths, may differ from the last
        # build's (None: any), and whether refs shifted (then any term's postings may differ).
        self.affected: set[str] | None = None
        self.shifted = False
        self.entries: dict[str, Any] = {}  # term -> what shards.py kept of its last shard entry

    def compact(self, documents: list[tuple[int, DocumentTerms]], fields: int) -> dict[str, Any]:
        """compact_terms(documents), from the last build's where the documents are the same objects."""
        terms_by_ref = [terms for _, terms in documents]
        plan = self._plan(documents, terms_by_ref)
        self.shifted = False
        if plan is None:
            compact = compact_terms(documents)
            self.postings = dict(zip(compact["terms"], compact["postings"]))
            self.lengths = [list(field) for field in zip(*(document_lengths(d, fields) for d in terms_by_ref))] if terms_by_ref else [[] for _ in range(fields)]
            self.affected = None
        else:
            old_refs, added, removed = plan
            # Each gone or new document's terms: the only ones whose documents can differ.
            affected = {term for ref in removed for field in self.documents[ref] for term, _ in field}
            affected.update(term for ref in added for field in terms_by_ref[ref] for term, _ in field)
            if len(old_refs) == len(self.documents) and added == removed:  # no ref shifted
                self._change(terms_by_ref, added, affected, fields)
                terms = self.terms if len(self.terms) == len(self.postings) and all(term in self.postings for term in affected) else sorted(self.postings)
                compact = {**{key: value for key, value in compact_terms([]).items() if key not in ("terms", "postings", "count")},
                           "count": len(documents), "terms": terms, "postings": [self.postings[term] for term in terms]}
            else:
                # Refs shifted: every term's postings are written again (as quick as changing
                # them all), but each kept document keeps its lengths.
                compact = compact_terms(documents)
                self.postings = dict(zip(compact["terms"], compact["postings"]))
                self.lengths = [[field[ref] if ref >= 0 else 0 for ref in old_refs] for field in self.lengths]
                for ref in added:
                    for position, length in enumerate(document_lengths(terms_by_ref[ref], fields)):
                        self.lengths[position][ref] = length
                self.shifted = True
            self.affected = affected
        self.documents, self.terms = terms_by_ref, compact["terms"]
        return compact

    def _change(self, terms_by_ref: list[DocumentTerms], changed: list[int], affected: set[str], fields: int) -> None:
        """The postings and lengths of the documents at `changed` refs made those of their new terms."""
        # Each changed document's new terms, by term: where (field) and how often.
        placed: dict[int, dict[str, list[tuple[int, int]]]] = {}
        for ref in changed:
            placed[ref] = by_term = {}
            for position, field in enumerate(terms_by_ref[ref]):
                for term, tf in field:
                    by_term.setdefault(term, []).append((position, tf))
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

    def _plan(self, documents: list[tuple[int, DocumentTerms]], terms_by_ref: list[DocumentTerms]) -> tuple[list[int], list[int], list[int]] | None:
        """How this build's documents follow from the last build's: per ref, the old ref of the
        same document object (-1 for a new one), the refs of the new documents, and the old refs
        of those gone. None to make the index whole: the first build, a catalog-wide change, or
        kept documents in another order than before (their postings would not keep their order)."""
        if not self.documents or any(ref != i for i, (ref, _) in enumerate(documents)):
            return None
        old = self.documents
        found = self._moved(old, terms_by_ref)
        if found is not None:
            return found
        if len(old) == len(terms_by_ref):  # by position (a document given twice, say)
            changed = [ref for ref, (was, now) in enumerate(zip(old, terms_by_ref)) if was is not now]
            if len(changed) <= MOST_CHANGED:
                others = set(changed)
                return [-1 if ref in others else ref for ref in range(len(old))], changed, changed
        return None

    @staticmethod
    def _moved(old: list[DocumentTerms], terms_by_ref: list[DocumentTerms]) -> tuple[list[int], list[int], list[int]] | None:
        """_plan by each document's identity, if the kept ones are in their old order."""
        # Ids are unique among live objects, and the last build's documents are alive (held here).
        where = {id(document): ref for ref, document in enumerate(old)}
        old_refs, added, last = [], [], -1
        for ref, document in enumerate(terms_by_ref):
            found = where.get(id(document), -1)
            if found >= 0:
                if found <= last:  # not in the last build's order (or given twice)
                    return None
                last = found
            else:
                added.append(ref)
            old_refs.append(found)
        if len(added) > MOST_CHANGED:
            return None
        removed = sorted(set(range(len(old))).difference(found for found in old_refs if found >= 0))
        return (old_refs, added, removed) if len(removed) <= MOST_CHANGED else None

"""While serving, the finder's index is worked out again only for the documents that changed
(generator/finder/index_memo.py): it must be the index compact_terms makes whole, with the
same documents' lengths and the same shard files, after every kind of change."""

from __future__ import annotations

from pathlib import Path

from fictional import build_catalog
from generator.finder.data import INDEX_FIELDS, finder_listings
from generator.finder.index import DocumentTerms, compact_terms, document_terms, index_document
from generator.finder.index_memo import IndexMemo
from generator.finder.shards import field_lengths, shard_files

FIELDS = len(INDEX_FIELDS)


def _same_as_whole(memo: IndexMemo, terms: list[DocumentTerms]) -> dict:
    documents = list(enumerate(terms))
    made = memo.compact(documents, FIELDS)
    whole = compact_terms(documents)
    assert made == whole
    assert memo.lengths == field_lengths(whole)
    # A small shard size, so that many shards and beginnings' pieces are compared.
    assert shard_files(made, limit=400, big=300, memo=memo) == shard_files(whole, limit=400, big=300)
    return made


def test_the_kept_index_equals_the_whole_index_after_each_change(tmp_path: Path) -> None:
    catalog = build_catalog(tmp_path / "directory")
    terms = [document_terms(index_document(catalog, listing)) for listing in finder_listings(catalog)]
    assert len(terms) > 6
    memo = IndexMemo()
    _same_as_whole(memo, terms)
    assert memo.affected is None  # the first build: made whole
    steps = [
        ("nothing changed", lambda t: t),
        ("one document another's words", lambda t: [*t[:2], tuple(list(t[5])), *t[3:]]),
        ("a word no other has, twice", lambda t: [*t[:1], ((("zzzonly", 2), *t[1][0]), *t[1][1:]), *t[2:]]),
        ("that word gone again, and a field emptied", lambda t: [*t[:1], ((), *t[1][1:]), *t[2:]]),
        ("the last document's words all new", lambda t: [*t[:-1], tuple((("qqq" + str(i), i + 1),) for i in range(FIELDS))]),
        ("the first document with nothing", lambda t: [tuple(() for _ in range(FIELDS)), *t[1:]]),
    ]
    for step, change in steps:
        terms = change(list(terms))
        _same_as_whole(memo, terms)
        assert memo.affected is not None, step  # worked out from the last build's index
        if step == "nothing changed":
            assert memo.affected == set()
    # A listing moved in the order (its document another object, as any change to a listing
    # makes one): every ref after it holds another document. Only its terms' documents differ;
    # every other term keeps its lengths and their JSON (shifted).
    terms = [tuple(list(terms[-1])), *terms[:-1]]
    _same_as_whole(memo, terms)
    assert memo.shifted and memo.affected == {term for field in terms[0] for term, _ in field}
    # Moved with new words (a renamed listing), one added, one deleted: likewise.
    renamed = ((("aardvark", 1), *terms[3][0]), *terms[3][1:])
    terms = [renamed, *terms[:3], *terms[4:]]
    _same_as_whole(memo, terms)
    assert memo.shifted and "aardvark" in memo.affected
    terms = [*terms[:2], tuple((("zzzadded", 1),) for _ in range(FIELDS)), *terms[2:]]
    _same_as_whole(memo, terms)
    assert memo.shifted and memo.affected >= {"zzzadded"}
    terms = terms[1:]
    _same_as_whole(memo, terms)
    assert memo.shifted and "aardvark" in memo.affected
    # Kept documents (the same objects) in another order than before: changed by position.
    terms = [terms[1], terms[0], *terms[2:]]
    _same_as_whole(memo, terms)
    assert not memo.shifted and memo.affected is not None
    # One document given twice: made whole too (its postings are not one document's).
    terms = [*terms, terms[0]]
    _same_as_whole(memo, terms)
    assert memo.affected is None

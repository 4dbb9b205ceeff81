"""The finder's search index: lunr.py's indexing done directly, written compactly.

The index is a lunr index for lunr.js 2.3.9 (refs are record positions in `docs.json`, as
strings; no term positions), in a compact form, published in shards (`generator.finder.shards`): see `compact_documents`. The build
computes that compact form directly (`compact_documents`: lunr.py's tokenizer, trimmer, stop
words and Porter stemmer, then term counts), without lunr.py's Builder, whose field vectors the
compact form drops anyway; tests check it equals lunr.py's index compacted
(tests/finder_reference.py).
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Callable
from typing import Any

import lunr
from lunr.stemmer import porter_stemmer
from lunr.stop_word_filter import WORDS as STOP_WORDS
from lunr.tokenizer import SEPARATOR_CHARS
from lunr.trimmer import full_re as TRIM_RE

from generator.contract.catalog import Catalog
from generator.contract.models import Group, Listing, Training
from generator.finder.data import (
    ALSO_KNOWN_AS, COUNTRY_ALIASES, INDEX_FIELDS, attendance_of, cost_of, locality_of, organization_name, searchable,
)
from generator.build.products import per_record
from generator.pages.presentation import country_name, language_name, region_name, region_other_names


def _labels(catalog: Catalog, vocabulary: str, codes: list[str]) -> list[str]:
    terms = catalog.vocabularies[vocabulary].terms
    return [f"{terms[code].label} {ALSO_KNOWN_AS.get((vocabulary, code), '')}".strip() for code in codes if code in terms]


@functools.lru_cache(maxsize=None)
def language_words(tag: str) -> str:
    """A language's name in English and in itself ("Spanish español"), from langcodes."""
    import langcodes

    try:
        autonym = langcodes.Language.get(tag).autonym()
    except (LookupError, ValueError, ModuleNotFoundError):
        autonym = ""
    english = language_name(tag)
    return english if autonym in ("", english, tag) else f"{english} {autonym}"


@functools.lru_cache(maxsize=None)
def country_words(code: str) -> str:
    """Every name of a country a searcher may type (pycountry's names, its alpha-3 code)."""
    import pycountry

    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return code
    names = [country_name(code), country.name, getattr(country, "official_name", ""), country.alpha_3, COUNTRY_ALIASES.get(code, "")]
    return " ".join(dict.fromkeys(name for name in names if name))


def place_words_of_region(code: str) -> str:
    return " ".join([region_name(code), *region_other_names(code)])


def place_words(listing: Listing) -> list[str]:
    regions = [place_words_of_region(r) for r in listing.regions]
    return [locality_of(listing), *regions, *(country_words(c) for c in listing.countries)]


def other_words(catalog: Catalog, listing: Listing) -> list[str]:
    """What people type for what a listing is, beyond its name, topics and place."""
    words = _labels(catalog, "attendance", attendance_of(listing))
    words += [language_words(tag) for tag in listing.languages]
    cost = cost_of(listing)
    if cost:
        words += _labels(catalog, "cost", [cost])
    if isinstance(listing, Group):
        words += _labels(catalog, "facilitation", [listing.facilitation])
        words += _labels(catalog, "joining", [listing.joining.method])
    elif isinstance(listing, Training):
        words += _labels(catalog, "credential_types", [listing.credential_type])
        words.append(listing.credential)
    else:
        words += _labels(catalog, "platforms", sorted({p.platform for p in listing.platforms}))
    return words


def index_document(catalog: Catalog, listing: Listing) -> dict[str, str]:
    """The text lunr indexes for one listing, by field."""
    labels = _labels(catalog, "topics", list(listing.topics)) + _labels(catalog, "audiences", list(listing.audiences))
    return {
        "n": searchable(listing.name),
        "t": searchable(*labels),
        "p": searchable(*place_words(listing)),
        "w": searchable(*other_words(catalog, listing)),
        "g": searchable(organization_name(catalog, listing)),
        "s": searchable(listing.summary),
    }


def index_documents(catalog: Catalog, listings: list[Listing]) -> list[dict[str, str]]:
    """The text lunr indexes for each listing, with ref = its position in docs.json."""
    return [{"id": str(position), **index_document(catalog, listing)} for position, listing in enumerate(listings)]


# lunr.py's indexing, done directly. lunr.py's Builder makes a Token object per word, runs each
# through a Pipeline, then computes BM25 field vectors, a token set and idf that the compact
# index throws away; here each field's terms are only counted. The pieces are lunr.py's own
# (separators, trimmer regex, stop words, Porter stemmer), so the terms are the same, and the
# tests compare the result with tests/finder_reference.py's `compact_index_via_lunr`.
_SEPARATORS = str.maketrans({char: " " for char in SEPARATOR_CHARS})
K1 = 1.2  # BM25 parameters: lunr's Builder defaults (lunr.js' too), written into meta.json
B = 0.75
SEARCH_PIPELINE = ["stemmer"]  # what lunr.py's default search pipeline serialises to


def tokens(text: str) -> list[str]:
    """lunr.py's Tokenizer, as strings: lowercased, split on its separator characters only
    (not str.split()'s whitespace, which is wider), empty pieces dropped."""
    return [token for token in text.lower().translate(_SEPARATORS).split(" ") if token]


@functools.lru_cache(maxsize=None)
def index_term(token: str) -> str | None:
    """One token through lunr.py's indexing pipeline: trimmer, stop-word filter, Porter stemmer
    (None: a stop word). Remembered per token: names and labels repeat across thousands of
    listings, and stemming was most of lunr.py's indexing time."""
    match = TRIM_RE.match(token)  # no match (inner punctuation, no word character): kept whole
    word = token if match is None else match.group(1)
    if word in STOP_WORDS:
        return None
    return porter_stemmer.stem(word)


def field_terms(text: str) -> list[tuple[str, int]]:
    """Term frequencies of one field of one document, as lunr.py's Builder counts them."""
    counts = Counter(map(index_term, tokens(text)))
    return [(term, tf) for term, tf in counts.items() if term is not None]  # None: stop words


# A document's terms: per field (INDEX_FIELDS' order), each term and how often it is there.
DocumentTerms = tuple[tuple[tuple[str, int], ...], ...]


def document_terms(document: dict[str, str], counted: dict[str, tuple[tuple[str, int], ...]] | None = None) -> DocumentTerms:
    """Each field's term frequencies (`counted`: texts already counted, which repeat across listings)."""
    counted = {} if counted is None else counted
    found = []
    for name, _ in INDEX_FIELDS:
        text = document[name]
        frequencies = counted.get(text)
        if frequencies is None:
            frequencies = counted[text] = tuple(field_terms(text))
        found.append(frequencies)
    return tuple(found)


def compact_documents(documents: list[dict[str, str]]) -> dict[str, Any]:
    """The compact index of documents with integer-string ids, computed without lunr.py's Builder.

    lunr's serialisation repeats every posting as a field vector of BM25 scores, and spells
    out an empty object for every field a term is not in. The compact form keeps the sorted
    terms and, per term and field, the ascending document refs as gaps (a gap followed by -n:
    that document has the term n times). The field vectors follow from these, the boosts and
    BM25's k1 and b, exactly as lunr's builder computes them; search-index.js rebuilds lunr.js'
    serialised form and hands it to `lunr.Index.load`.
    """
    # Labels, places and organisation names repeat across listings: count each text once.
    counted: dict[str, tuple[tuple[str, int], ...]] = {}
    ordered = sorted(documents, key=lambda document: int(document["id"]))
    return compact_terms([(int(document["id"]), document_terms(document, counted)) for document in ordered])


def compact_terms(documents: list[tuple[int, DocumentTerms]]) -> dict[str, Any]:
    """compact_documents' index of documents given as (ref, terms), in ascending ref order."""
    fields = [name for name, _ in INDEX_FIELDS]
    # Per term and field: the ref gaps so far (0 until the term is in that field) and the last
    # ref, written straight in the output format as documents come in ascending ref order.
    postings: dict[str, list[Any]] = {}
    last_refs: dict[str, list[int]] = {}
    for ref, terms_by_field in documents:
        for position, frequencies in enumerate(terms_by_field):
            for term, tf in frequencies:
                encoded = postings.get(term)
                if encoded is None:
                    encoded = postings[term] = [0] * len(fields)
                    last = last_refs[term] = [0] * len(fields)
                else:
                    last = last_refs[term]
                gaps = encoded[position]
                if gaps == 0:
                    gaps = encoded[position] = []
                gaps.append(ref - last[position])
                last[position] = ref
                if tf > 1:
                    gaps.append(-tf)
    terms = sorted(postings)
    for encoded in postings.values():
        while encoded and encoded[-1] == 0:  # fields after the last one with the term
            encoded.pop()
    return {
        "version": lunr.__TARGET_JS_VERSION__,
        "pipeline": list(SEARCH_PIPELINE),
        "fields": fields,
        "boosts": [boost for _, boost in INDEX_FIELDS],
        "k1": K1,
        "b": B,
        "count": len(documents),
        "terms": terms,
        "postings": [postings[term] for term in terms],
    }


def build_index(catalog: Catalog, listings: list[Listing],
                compact: Callable[[list[tuple[int, DocumentTerms]]], dict[str, Any]] = compact_terms) -> dict[str, Any]:
    """The finder's search index, written compactly (see `compact_documents`). Each listing's
    terms are its own (refs are positions, given here); while serving they are kept until the
    listing changes (build.products.per_record), and `compact` is then the served index's
    (generator.finder.index_memo)."""
    counted: dict[str, tuple[tuple[str, int], ...]] = {}
    return compact([
        (ref, per_record("finder.terms", listing, lambda listing=listing: document_terms(index_document(catalog, listing), counted)))
        for ref, listing in enumerate(listings)])

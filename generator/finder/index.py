"""The finder's search index: lunr.py's indexing done directly, written compactly.

`api/finder/index.json` is a lunr index for lunr.js 2.3.9 (refs are record positions in
`docs.json`, as strings; no term positions), written compactly: see `compact_index`. The build
computes that compact form directly (`compact_documents`: lunr.py's tokenizer, trimmer, stop
words and Porter stemmer, then term counts), without lunr.py's Builder, whose field vectors the
compact form drops anyway; tests check it equals lunr.py's index compacted
(`compact_index_via_lunr`).
"""

from __future__ import annotations

import functools
from collections import Counter
from typing import Any

import lunr
from lunr import get_default_builder
from lunr.stemmer import porter_stemmer
from lunr.stop_word_filter import WORDS as STOP_WORDS
from lunr.tokenizer import SEPARATOR_CHARS
from lunr.trimmer import full_re as TRIM_RE

from generator.contract.catalog import Catalog
from generator.contract.models import Listing
from generator.finder.data import INDEX_FIELDS, _searchable, locality_of, organization_name
from generator.pages.presentation import country_name, region_name


def index_documents(catalog: Catalog, listings: list[Listing]) -> list[dict[str, str]]:
    """The text lunr indexes for each listing, with ref = its position in docs.json."""
    vocab = catalog.vocabularies
    documents = []
    for position, listing in enumerate(listings):
        labels = [vocab["topics"].terms[t].label for t in listing.topics]
        labels += [vocab["audiences"].terms[a].label for a in listing.audiences]
        places = [locality_of(listing)] + [region_name(r) for r in listing.regions] + [country_name(c) for c in listing.countries]
        documents.append({
            "id": str(position),
            "n": _searchable(listing.name),
            "t": _searchable(*labels),
            "p": _searchable(*places),
            "g": _searchable(organization_name(catalog, listing)),
            "s": _searchable(listing.summary),
        })
    return documents


# lunr.py's indexing, done directly. lunr.py's Builder makes a Token object per word, runs each
# through a Pipeline, then computes BM25 field vectors, a token set and idf that the compact
# index throws away; here each field's terms are only counted. The pieces are lunr.py's own
# (separators, trimmer regex, stop words, Porter stemmer), so the terms are the same, and the
# tests compare the result with `compact_index_via_lunr`.
_SEPARATORS = str.maketrans({char: " " for char in SEPARATOR_CHARS})
K1 = 1.2  # BM25 parameters: lunr's Builder defaults (lunr.js' too), written into index.json
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


def compact_documents(documents: list[dict[str, str]]) -> dict[str, Any]:
    """The compact index (`compact_index`'s output) of documents with integer-string ids,
    computed without lunr.py's Builder."""
    fields = [name for name, _ in INDEX_FIELDS]
    # Per term and field: the ref gaps so far (0 until the term is in that field) and the last
    # ref, written straight in the output format as documents come in ascending ref order.
    postings: dict[str, list[Any]] = {}
    last_refs: dict[str, list[int]] = {}
    # Labels, places and organisation names repeat across listings: count each text once.
    counted: dict[str, list[tuple[str, int]]] = {}
    for document in sorted(documents, key=lambda document: int(document["id"])):
        ref = int(document["id"])
        for position, name in enumerate(fields):
            text = document[name]
            frequencies = counted.get(text)
            if frequencies is None:
                frequencies = counted[text] = field_terms(text)
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


def build_index(catalog: Catalog, listings: list[Listing]) -> dict[str, Any]:
    """The finder's search index, written compactly (see `compact_index`)."""
    return compact_documents(index_documents(catalog, listings))


def lunr_builder(documents: list[dict[str, str]]) -> Any:
    """lunr.py's stock Builder over the documents: the reference `compact_documents` must match."""
    builder = get_default_builder()
    builder.ref("id")
    for name, boost in INDEX_FIELDS:
        builder.field(name, boost=boost)
    for document in documents:
        builder.add(document)
    return builder


def compact_documents_via_lunr(documents: list[dict[str, str]]) -> dict[str, Any]:
    """`compact_documents`, the slow way: lunr.py builds the index, `compact_index` shrinks it."""
    builder = lunr_builder(documents)
    return compact_index(builder.build().serialize(), builder)


def compact_index_via_lunr(catalog: Catalog, listings: list[Listing]) -> dict[str, Any]:
    """What `build_index` returned when lunr.py built the index; tests check they are equal."""
    return compact_documents_via_lunr(index_documents(catalog, listings))


def lunr_index(catalog: Catalog, listings: list[Listing]) -> dict[str, Any]:
    """lunr.py's own serialisation (lunr.js 2.3.x schema) of the same index, for checks."""
    return lunr_builder(index_documents(catalog, listings)).build().serialize()


def compact_index(serialized: dict[str, Any], builder: Any) -> dict[str, Any]:
    """lunr.py's index without what the browser can recompute.

    lunr's serialisation repeats every posting as a field vector of BM25 scores, and spells
    out an empty object for every field a term is not in. This keeps the sorted terms and, per
    term and field, the ascending document refs as gaps (a gap followed by -n: that document
    has the term n times). The field vectors follow from these, the boosts and BM25's k1 and b,
    exactly as lunr's builder computes them; finder.js (and `expand_index` here, for tests)
    rebuild lunr.js' serialised form and hand it to `lunr.Index.load`.
    """
    fields = serialized["fields"]
    terms = [term for term, _ in serialized["invertedIndex"]]
    frequencies = builder.field_term_frequencies
    postings = []
    for term, posting in serialized["invertedIndex"]:
        encoded: list[Any] = []
        for name in fields:
            refs = sorted(int(ref) for ref in posting[name])
            if not refs:
                encoded.append(0)
                continue
            gaps: list[int] = []
            previous = 0
            for ref in refs:
                gaps.append(ref - previous)
                previous = ref
                tf = frequencies[f"{name}/{ref}"][term]
                if tf > 1:
                    gaps.append(-tf)
            encoded.append(gaps)
        while encoded and encoded[-1] == 0:
            encoded.pop()
        postings.append(encoded)
    boosts = {name: builder._fields[name].boost for name in fields}
    return {
        "version": serialized["version"],
        "pipeline": serialized["pipeline"],
        "fields": fields,
        "boosts": [boosts[name] for name in fields],
        "k1": builder._k1,
        "b": builder._b,
        "count": builder.document_count,
        "terms": terms,
        "postings": postings,
    }


def expand_index(compact: dict[str, Any]) -> dict[str, Any]:
    """lunr.js' serialised index from `compact_index`'s output (finder.js does the same)."""
    import math

    fields = compact["fields"]
    count = compact["count"]
    k1, b = compact["k1"], compact["b"]
    lengths: dict[str, int] = {}
    decoded: list[list[list[tuple[int, int]]]] = []
    for encoded in compact["postings"]:
        per_field = []
        for position in range(len(fields)):
            gaps = encoded[position] if position < len(encoded) else 0
            docs: list[tuple[int, int]] = []
            ref = 0
            for value in gaps or []:
                if value < 0:
                    docs[-1] = (docs[-1][0], -value)
                else:
                    ref += value
                    docs.append((ref, 1))
            for ref, tf in docs:
                key = f"{fields[position]}/{ref}"
                lengths[key] = lengths.get(key, 0) + tf
            per_field.append(docs)
        decoded.append(per_field)
    average = [sum(v for k, v in lengths.items() if k.split("/")[0] == name) / count for name in fields]
    vectors: dict[str, list[float]] = {}
    inverted = []
    for term_index, (term, per_field) in enumerate(zip(compact["terms"], decoded)):
        with_term = sum(len(docs) for docs in per_field)
        x = (count - with_term + 0.5) / (with_term + 0.5)
        idf = math.log(1 + abs(x))
        posting: dict[str, Any] = {"_index": term_index}
        for position, docs in enumerate(per_field):
            name = fields[position]
            posting[name] = {str(ref): {} for ref, _ in docs}
            for ref, tf in docs:
                key = f"{name}/{ref}"
                score = idf * ((k1 + 1) * tf) / (k1 * (1 - b + b * (lengths[key] / average[position])) + tf)
                score *= compact["boosts"][position]
                vectors.setdefault(key, []).extend([term_index, round(score, 3)])
        inverted.append([term, posting])
    return {
        "version": compact["version"],
        "fields": fields,
        "fieldVectors": [[key, vectors[key]] for key in sorted(vectors)],
        "invertedIndex": inverted,
        "pipeline": compact["pipeline"],
    }

"""Reference code for generator/finder/index.py, used only by the tests: lunr.py's own Builder
over the same documents, its output shrunk to the compact form (`compact_index`), and the compact
form expanded back into lunr.js' serialised index (`expand_index`, the Python twin of
theme/assets/search-index.js' expand). The build computes the compact form directly
(`generator.finder.index.compact_documents`); the tests check the two agree."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from lunr import get_default_builder

from generator.contract.catalog import Catalog, load_catalog
from generator.contract.models import Listing
from generator.finder.data import INDEX_FIELDS, finder_listings
from generator.finder.index import build_index, index_documents


def built_index(directory: Path) -> dict[str, Any]:
    """The whole compact index a build of `directory` cuts into shards (api/finder/index/): what
    the browser tests compare the sharded search with. The site has no whole index of its own."""
    result = load_catalog(directory)
    assert result.catalog is not None, [p.text() for p in result.problems]
    return build_index(result.catalog, finder_listings(result.catalog))


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

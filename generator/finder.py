"""The finder's data: compact listing records, facet dictionaries and a lunr search index.

Pure functions of the Catalog and the build settings; `finder_files()` is the file producer.
Everything the browser downloads is written here (theme/assets/finder.js reads it):

- `api/finder/docs.json`: records and dictionaries (format below).
- `api/finder/index.json`: a lunr index for lunr.js 2.3.9 (refs are record positions in
  `docs`, as strings; no term positions), written compactly: see `compact_documents`. The build
  computes that compact form directly (`compact_documents`: lunr.py's tokenizer, trimmer,
  stop words and Porter stemmer, then term counts), without lunr.py's Builder, whose field
  vectors the compact form drops anyway; tests check it equals lunr.py's index compacted
  (tests/finder_reference.py).
- `assets/finder/lunr.js`: lunr.js itself, copied from the installed mkdocs package, so the
  site never calls a CDN.

docs.json::

    {"v": 1,
     "base": 29425680,                 # build time in minutes since the Unix epoch
     "folders": {"0": "groups", ...},  # kind position -> URL folder
     "facets": {"k": [[code, label], ...], "a": ..., ...},   # per facet, sorted by label
     "slots": [["Europe/London", 1, 1110], ...],  # unique (IANA zone, weekday 0=Mon, minutes)
     "docs": [{"k": 0, "i": "grief-circle-leeds", "n": "Name", "s": "Summary",
               "a": [..], "t": [..], "u": [..], "l": [..], "c": [..], "r": [..],
               "$": 0, "o": 1, "p": "Leeds", "x": 1, "z": 1, "w": [slot, ...], "m": [minutes, ...]}]}

Facet values in records are positions in `facets[key]`; empty facets and false flags are left
out. `w` are the meeting slots of a group: the browser turns (zone, weekday, time) into the
visitor's weekday and time of day with Intl, correct on both sides of a clock change. `m` are
the next meeting starts as minutes after `base` (from the build), shown in the visitor's zone.
`x` marks a paused listing, `z` a group that serves
the whole of its countries (`serves_whole_countries`). Closed listings are not in the finder.
"""

from __future__ import annotations

import functools
import json
import unicodedata
from collections import Counter
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import lunr
from lunr.stemmer import porter_stemmer
from lunr.stop_word_filter import WORDS as STOP_WORDS
from lunr.tokenizer import SEPARATOR_CHARS
from lunr.trimmer import full_re as TRIM_RE

from generator.catalog import FOLDER_OF_KIND, Catalog
from generator.models import Group, Listing, Training
from generator.models.meeting import WEEKDAYS
from generator.presentation import country_name, language_name, region_name, region_other_names
from generator.recurrence import next_occurrences
from generator.site_plan import BuildSettings

DOCS_PATH = "api/finder/docs.json"
INDEX_PATH = "api/finder/index.json"
LUNR_PATH = "assets/finder/lunr.js"
SUMMARY_LIMIT = 160
NEXT_MEETINGS = 2

KIND_CODES = ("group", "advocate", "training")
KIND_LABELS = {"group": "Support groups", "advocate": "Advocates", "training": "Training"}
# Facet keys in records and dictionaries, in the order the finder shows them.
FACET_KEYS = ("k", "a", "t", "u", "l", "c", "r", "$", "o")
# Index fields and their boosts: what a searcher types, most telling first. Not descriptions.
# n name, t topics and audiences, p places, w the other words people type for what a listing
# is (how to take part, languages, cost, the other vocabulary labels), g the host, s summary.
INDEX_FIELDS = (("n", 10), ("t", 4), ("p", 3), ("w", 3), ("g", 2), ("s", 1))
# Words a listing is found by besides its vocabulary labels: a hybrid group is online and in
# person at once; a "donation welcome" group is free to attend (the cost vocabulary says so).
ALSO_KNOWN_AS = {("attendance", "hybrid"): "online in person", ("cost", "donation"): "free"}
# Country names people type that pycountry does not give (its name, official and common name,
# and three-letter code are indexed).
COUNTRY_ALIASES = {"GB": "UK Britain"}


def fold(text: str) -> str:
    """Text without accents ('São Paulo' -> 'Sao Paulo'), as the browser folds queries."""
    if text.isascii():  # nothing to fold, and most text is ASCII
        return text
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))


def _searchable(*parts: str) -> str:
    text = " ".join(p for p in parts if p)
    folded = fold(text)
    return text if folded == text else f"{text} {folded}"


def truncate(text: str, limit: int = SUMMARY_LIMIT) -> str:
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:.")
    return cut + "…"


def attendance_of(listing: Listing) -> list[str]:
    if isinstance(listing, Group):
        return list(listing.attendance)
    if isinstance(listing, Training):
        return list(listing.format)
    return []


def cost_of(listing: Listing) -> str | None:
    return listing.cost.kind if isinstance(listing, (Group, Training)) else None


def organization_name(catalog: Catalog, listing: Listing) -> str:
    org_id = getattr(listing, "organization", None) or getattr(listing, "provider", None)
    org = catalog.organization(org_id)
    return org.name if org else ""


def locality_of(listing: Listing) -> str:
    if isinstance(listing, Group) and listing.location:
        return listing.location.locality
    return ""


def serves_whole_countries(listing: Listing) -> bool:
    """A group for everyone in its countries (not one region or town of them): what the finder
    offers when a search finds nothing nearer."""
    return isinstance(listing, Group) and listing.area_served is not None and not listing.area_served.regions


def finder_listings(catalog: Catalog) -> list[Listing]:
    """What the finder lists, in its order without a query: active first, then by name."""
    return sorted((item for item in catalog.listings if item.status != "closed"),
                  key=lambda item: (item.status != "active", item.name.casefold(), item.kind, item.id))


def _facet_values(catalog: Catalog, listing: Listing) -> dict[str, list[str]]:
    values: dict[str, list[str]] = {
        "k": [listing.kind],
        "a": attendance_of(listing),
        "t": list(listing.topics),
        "u": list(listing.audiences),
        "l": list(listing.languages),
        "c": list(listing.countries),
        "r": list(listing.regions),
    }
    cost = cost_of(listing)
    values["$"] = [cost] if cost else []
    values["o"] = ["yes"] if isinstance(listing, Group) and listing.new_members and listing.status == "active" else []
    return values


def facet_labels(catalog: Catalog) -> dict[str, Any]:
    """Label functions per facet key."""
    vocab = catalog.vocabularies
    return {
        "k": lambda code: KIND_LABELS[code],
        "a": lambda code: vocab["attendance"].terms[code].label,
        "t": lambda code: vocab["topics"].terms[code].label,
        "u": lambda code: vocab["audiences"].terms[code].label,
        "l": language_name,
        "c": country_name,
        "r": lambda code: f"{region_name(code)} ({country_name(code.split('-')[0])})",
        "$": lambda code: vocab["cost"].terms[code].label,
        "o": lambda code: "Taking new members",
    }


def build_dictionaries(catalog: Catalog, listings: list[Listing]) -> dict[str, list[list[str]]]:
    """Every facet value used by a listing, as [code, label], sorted by label (kind: fixed order)."""
    labels = facet_labels(catalog)
    used: dict[str, set[str]] = {key: set() for key in FACET_KEYS}
    for listing in listings:
        for key, codes in _facet_values(catalog, listing).items():
            used[key].update(codes)
    result: dict[str, list[list[str]]] = {}
    for key in FACET_KEYS:
        if key == "k":
            codes = [c for c in KIND_CODES if c in used["k"]]
        elif key == "a":
            order = list(catalog.vocabularies["attendance"].terms)
            codes = sorted(used[key], key=lambda c: (order.index(c) if c in order else len(order), c))
        elif key == "$":
            order = list(catalog.vocabularies["cost"].terms)
            codes = sorted(used[key], key=lambda c: (order.index(c) if c in order else len(order), c))
        else:
            codes = sorted(used[key], key=lambda c: (labels[key](c).casefold(), c))
        result[key] = [[code, labels[key](code)] for code in codes]
    return result


def meeting_slots(group: Group) -> list[tuple[str, int, int]]:
    """(IANA zone, weekday 0 = Monday, minutes after local midnight) of each weekly day a group meets."""
    slots = set()
    for meeting in group.meetings:
        minutes = meeting.start_time.hour * 60 + meeting.start_time.minute
        for day in meeting.days:
            slots.add((meeting.timezone, WEEKDAYS.index(day), minutes))
    return sorted(slots)


def next_starts(group: Group, settings: BuildSettings, base: int) -> list[int]:
    """The group's next NEXT_MEETINGS starts as minutes after `base`: the first meetings of the
    listing page's `upcoming` (merged across meetings, by instant then meeting order), without
    the formatting it does for the page."""
    found: list[tuple[float, int]] = []
    for index, meeting in enumerate(group.meetings):
        found.extend((start.timestamp(), index) for start in next_occurrences(meeting, settings.now, NEXT_MEETINGS))
    found.sort()
    return [int(timestamp // 60) - base for timestamp, _ in found[:NEXT_MEETINGS]]


def meeting_zones(listings: list[Listing]) -> list[ZoneInfo]:
    """The zones the groups meet in. Holding them while computing next meetings keeps ZoneInfo's
    cache warm: it keeps only 8 zones nothing refers to, and re-reads the zone file of any other
    zone for each meeting (a third of `next_starts`' time with 20 zones)."""
    names = {meeting.timezone for item in listings if isinstance(item, Group) for meeting in item.meetings}
    return [ZoneInfo(name) for name in sorted(names)]


def base_minutes(settings: BuildSettings) -> int:
    return int(settings.now.timestamp() // 60)


def build_records(catalog: Catalog, settings: BuildSettings) -> dict[str, Any]:
    """docs.json as a Python dict (see the module docstring)."""
    listings = finder_listings(catalog)
    dictionaries = build_dictionaries(catalog, listings)
    positions = {key: {code: i for i, (code, _) in enumerate(values)} for key, values in dictionaries.items()}
    base = base_minutes(settings)
    slot_list = sorted({slot for item in listings if isinstance(item, Group) for slot in meeting_slots(item)})
    slot_index = {slot: i for i, slot in enumerate(slot_list)}
    zones = meeting_zones(listings)
    docs = []
    for listing in listings:
        record: dict[str, Any] = {"i": listing.id, "n": listing.name, "s": truncate(listing.summary)}
        for key, codes in _facet_values(catalog, listing).items():
            indexes = sorted(positions[key][code] for code in codes)
            if key in ("k", "$"):
                record[key] = indexes[0] if indexes else None
                if record[key] is None:
                    del record[key]
            elif key == "o":
                if indexes:
                    record["o"] = 1
            elif indexes:
                record[key] = indexes
        locality = locality_of(listing)
        if locality:
            record["p"] = locality
        if listing.status != "active":
            record["x"] = 1
        if serves_whole_countries(listing):
            record["z"] = 1
        if isinstance(listing, Group) and listing.meetings:
            record["w"] = sorted(slot_index[slot] for slot in meeting_slots(listing))
            starts = next_starts(listing, settings, base)
            if starts:
                record["m"] = starts
        docs.append(record)
    del zones  # held until here (see `meeting_zones`)
    return {
        "v": 1,
        "base": base,
        "folders": {str(i): FOLDER_OF_KIND[code] for i, code in enumerate(c for c, _ in dictionaries["k"])},
        "facets": dictionaries,
        "slots": [list(slot) for slot in slot_list],
        "docs": docs,
    }


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


def index_documents(catalog: Catalog, listings: list[Listing]) -> list[dict[str, str]]:
    """The text lunr indexes for each listing, with ref = its position in docs.json."""
    documents = []
    for position, listing in enumerate(listings):
        labels = _labels(catalog, "topics", list(listing.topics)) + _labels(catalog, "audiences", list(listing.audiences))
        documents.append({
            "id": str(position),
            "n": _searchable(listing.name),
            "t": _searchable(*labels),
            "p": _searchable(*place_words(listing)),
            "w": _searchable(*other_words(catalog, listing)),
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
    """The compact index of documents with integer-string ids, computed without lunr.py's Builder.

    lunr's serialisation repeats every posting as a field vector of BM25 scores, and spells
    out an empty object for every field a term is not in. The compact form keeps the sorted
    terms and, per term and field, the ascending document refs as gaps (a gap followed by -n:
    that document has the term n times). The field vectors follow from these, the boosts and
    BM25's k1 and b, exactly as lunr's builder computes them; search-index.js rebuilds lunr.js'
    serialised form and hands it to `lunr.Index.load`.
    """
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
    """The finder's search index, written compactly (see `compact_documents`)."""
    return compact_documents(index_documents(catalog, listings))


def dumps(data: Any) -> bytes:
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def lunr_js() -> bytes:
    """lunr.js as shipped with the installed MkDocs (2.3.9, the version lunr.py 0.8 writes for)."""
    import mkdocs.contrib.search

    return (Path(mkdocs.contrib.search.__file__).parent / "templates" / "search" / "lunr.js").read_bytes()


def finder_files(catalog: Catalog, settings: BuildSettings) -> dict[str, bytes]:
    records = build_records(catalog, settings)
    index = build_index(catalog, finder_listings(catalog))
    return {DOCS_PATH: dumps(records), INDEX_PATH: dumps(index), LUNR_PATH: lunr_js()}

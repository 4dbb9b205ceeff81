"""The finder's data: compact listing records, facet dictionaries and a lunr search index.

Pure functions of the Catalog and the build settings. Everything the browser downloads is
described here (theme/assets/finder.js reads it); `generator.finder.index` makes the index, and
`generator.finder.page` has the producers (`finder_pages`, `finder_files`):

- `api/finder/docs.json`: records and dictionaries (format below).
- `api/finder/first.json`: the finder's first page (`first_page`): its first PAGE_SIZE records in
  the order it shows without a query or filter, in docs.json's format, plus `total`, so a phone
  shows the first results before the whole of docs.json is here.
- the search index (`generator.finder.index.build_index`): a lunr index for lunr.js 2.3.9 (refs
  are record positions in `docs`, as strings; no term positions), in a compact form: see
  `compact_documents`; published only in shards (`generator.finder.shards`: api/finder/index/). The build
  computes that compact form directly (`compact_documents`: lunr.py's tokenizer, trimmer,
  stop words and Porter stemmer, then term counts), without lunr.py's Builder, whose field
  vectors the compact form drops anyway; tests check it equals lunr.py's index compacted
  (tests/finder_reference.py).
- `assets/finder/lunr.js`: lunr.js itself, copied from the installed mkdocs package, so the
  site never calls a CDN.

docs.json::

    {"v": 1,
     "folders": {"0": "groups", ...},  # kind position -> URL folder
     "facets": {"k": [[code, label], ...], "a": ..., ...},   # per facet, sorted by label
     "slots": [["Europe/London", 1, 1110], ...],  # unique (IANA zone, weekday 0=Mon, minutes)
     "rules": [["Europe/London", 1110, 90, [1], 1, [], "", ""], ...],  # unique meeting rules
     "docs": [{"k": 0, "i": "grief-circle-leeds", "n": "Name", "s": "Summary",
               "a": [..], "t": [..], "u": [..], "l": [..], "c": [..], "r": [..],
               "$": 0, "o": 1, "p": "Leeds", "g": [53.8, -1.55], "x": 1, "z": 1, "f": "https://...", "w": [slot, ...], "e": [rule, ...]}]}

Facet values in records are positions in `facets[key]`; empty facets and false flags are left
out. `w` are the meeting slots of a group: the browser turns (zone, weekday, time) into the
visitor's weekday and time of day with Intl, correct on both sides of a clock change. `e` are
the positions of an active group's meeting rules in `rules` (`recurrence.browser_rule`), in the
group's meeting order: theme/assets/occurrences.js computes the next meeting from them at the
moment the visitor looks, so it is right however old the build is. Paused listings have no `e`.
`g` is where a group meets, [latitude, longitude] (its own, or its town's from the gazetteer:
`generator.finder.places`), for distances from the near box. `x` marks a paused listing, `z` a group that serves the whole of its countries
(`serves_whole_countries`). `f` is a programme's own page for finding a local group or meeting
(a group's `find_a_group`). Closed listings are not in the finder.
"""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path
from typing import Any

from generator.contract.catalog import Catalog
from generator.kinds import FOLDER_OF_KIND, LISTING_CODES, LISTING_KINDS
from generator.contract.models import Group, Listing, Training
from generator.contract.models.meeting import WEEKDAYS
from generator.pages.presentation import country_name, language_name, region_name
from generator.contract.recurrence import browser_rule
from generator.finder.places import town_coordinates
from generator.build.products import BuildSettings, keeping, per_record, per_record_within, per_value

DOCS_PATH = "api/finder/docs.json"
FIRST_PATH = "api/finder/first.json"
PAGE_SIZE = 20  # the finder's page of results (theme/assets/finder.js PAGE_SIZE)
LUNR_PATH = "assets/finder/lunr.js"
SUMMARY_LIMIT = 160

KIND_CODES = LISTING_CODES
KIND_LABELS = {kind.code: kind.title for kind in LISTING_KINDS}
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


def searchable(*parts: str) -> str:
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


def coordinates_of(listing: Listing) -> tuple[float, float] | None:
    """Where a group meets, for the finder's distances: the listing's own latitude and longitude,
    else its town's from the gazetteer (approximate: the town's centre); to 3 decimals (~100 m)."""
    if not isinstance(listing, Group) or listing.location is None:
        return None
    location = listing.location
    if location.latitude is not None and location.longitude is not None:
        return round(location.latitude, 3), round(location.longitude, 3)
    return town_coordinates(location.locality, location.country, location.region)


def serves_whole_countries(listing: Listing) -> bool:
    """A group for everyone in its countries (not one region or town of them): what the finder
    offers when a search finds nothing nearer."""
    return isinstance(listing, Group) and listing.area_served is not None and not listing.area_served.regions


def finder_listings(catalog: Catalog) -> list[Listing]:
    """What the finder lists, in its order without a query: active first, then by name (sorted
    once per catalog: several producers ask; the list is shared, never changed)."""
    return catalog.derived("finder.listings", lambda: sorted(
        (item for item in catalog.listings if item.status != "closed"),
        key=lambda item: (item.status != "active", item.name.casefold(), item.kind, item.id)))


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


def facet_values(catalog: Catalog, listing: Listing) -> dict[str, list[str]]:
    """The listing's facet codes, by facet key; while serving, kept until the listing changes."""
    return per_record("finder.facets", listing, lambda: _facet_values(catalog, listing))


def build_dictionaries(catalog: Catalog, listings: list[Listing]) -> dict[str, list[list[str]]]:
    """Every facet value used by a listing, as [code, label], sorted by label (kind: fixed order).
    Of the finder's own listings, worked out once per catalog (the finder's files and page and the
    embed page each ask; shared, never changed)."""
    if listings is finder_listings(catalog):
        return catalog.derived("finder.dictionaries", lambda: _dictionaries(catalog, listings))
    return _dictionaries(catalog, listings)


def _dictionaries(catalog: Catalog, listings: list[Listing]) -> dict[str, list[list[str]]]:
    labels = facet_labels(catalog)
    used: dict[str, set[str]] = {key: set() for key in FACET_KEYS}
    for listing in listings:
        for key, codes in facet_values(catalog, listing).items():
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


def _position_free(listing: Listing) -> tuple[dict[str, Any], tuple[tuple[str, int, int], ...] | None, tuple[str, ...]]:
    """What a listing's record says that is not a position in docs.json's dictionaries: the
    record's other fields, its meeting slots (None: not a group with meetings) and its meeting
    rules (as JSON, for an active group)."""
    record: dict[str, Any] = {"i": listing.id, "n": listing.name, "s": truncate(listing.summary)}
    locality = locality_of(listing)
    if locality:
        record["p"] = locality
    position = coordinates_of(listing)
    if position:
        record["g"] = list(position)
    if listing.status != "active":
        record["x"] = 1
    if serves_whole_countries(listing):
        record["z"] = 1
    find_a_group = getattr(listing, "find_a_group", None)
    if find_a_group:
        record["f"] = find_a_group  # the programme's own group finder: the card's call to action
    if not isinstance(listing, Group) or not listing.meetings:
        return record, None, ()
    # Paused and closed groups never show a next meeting.
    rules = tuple(json.dumps(browser_rule(m)) for m in listing.meetings) if listing.status == "active" else ()
    return record, tuple(meeting_slots(listing)), rules


def build_records(catalog: Catalog, settings: BuildSettings) -> dict[str, Any]:
    """docs.json as a Python dict (see the module docstring)."""
    return records_and_json(catalog, settings)[0]


def records_and_json(catalog: Catalog, settings: BuildSettings) -> tuple[dict[str, Any], bytes]:
    """docs.json as a Python dict and as bytes (`dumps` of it). Each listing's part that is not a
    position is its own: while serving, kept until the listing changes (build.products.per_record);
    and each record, with its JSON, is kept until its listing or the dictionaries, slots and rules
    change (per_record_within), so docs.json is joined from the records' JSON."""
    listings = finder_listings(catalog)
    dictionaries = build_dictionaries(catalog, listings)
    positions = {key: {code: i for i, (code, _) in enumerate(values)} for key, values in dictionaries.items()}
    facts = [per_record("finder.record", listing, lambda listing=listing: _position_free(listing)) for listing in listings]
    slot_list = sorted({slot for _, slots, _ in facts if slots for slot in slots})
    slot_index = {slot: i for i, slot in enumerate(slot_list)}
    rule_list = sorted({rule for _, _, rules in facts for rule in rules})
    rule_index = {rule: i for i, rule in enumerate(rule_list)}

    def record_of(listing: Listing, fields: dict[str, Any], slots: tuple[tuple[str, int, int], ...] | None,
                  rules: tuple[str, ...]) -> dict[str, Any]:
        record = dict(fields)
        for key, codes in facet_values(catalog, listing).items():
            indexes = sorted(positions[key][code] for code in codes)
            if key in ("k", "$"):
                if indexes:
                    record[key] = indexes[0]
            elif key == "o":
                if indexes:
                    record["o"] = 1
            elif indexes:
                record[key] = indexes
        if slots is not None:
            record["w"] = sorted(slot_index[slot] for slot in slots)
            if rules:
                record["e"] = [rule_index[rule] for rule in rules]
        return record

    records: dict[str, Any] = {
        "v": 1,
        "folders": {str(i): FOLDER_OF_KIND[code] for i, code in enumerate(c for c, _ in dictionaries["k"])},
        "facets": dictionaries,
        "slots": [list(slot) for slot in slot_list],
        "rules": [json.loads(rule) for rule in rule_list],
    }
    if not keeping():  # a clean build: encoded at once
        records["docs"] = [record_of(listing, *fact) for listing, fact in zip(listings, facts)]
        return records, dumps(records)
    # The same object while the dictionaries, slots and rules are equal (build.products.per_value).
    within = per_value("finder.record-positions", (dictionaries, slot_list, rule_list), lambda _: object())
    made = [per_record_within("finder.doc", listing, within, lambda listing=listing, fact=fact: _encoded(record_of(listing, *fact)))
            for listing, fact in zip(listings, facts)]
    records["docs"] = [record for record, _ in made]
    # dumps(records), keys sorted: "docs" first, then the others as dumps writes them.
    return records, b'{"docs":[' + b",".join(text for _, text in made) + b"]," + dumps({k: v for k, v in records.items() if k != "docs"})[1:]


def _encoded(record: dict[str, Any]) -> tuple[dict[str, Any], bytes]:
    return record, dumps(record)


def first_page(records: dict[str, Any], size: int = PAGE_SIZE) -> dict[str, Any]:
    """first.json: docs.json cut to its first `size` records (the finder's default order is
    docs.json's order), with only the dictionary entries, slots and rules those records use,
    renumbered, so it is a docs.json of its own that finder.js loads the same way; `total` is
    the number of records in docs.json."""
    docs = records["docs"][:size]

    def kept(key: str) -> dict[int, int]:  # old position -> new position, order kept
        used = sorted({v for doc in docs if key in doc for v in (doc[key] if isinstance(doc[key], list) else [doc[key]])})
        return {old: new for new, old in enumerate(used)}

    facet_maps = {key: kept(key) for key in records["facets"] if key != "o"}
    slot_map, rule_map = kept("w"), kept("e")
    remapped = []
    for doc in docs:
        record = dict(doc)
        for key, mapping in (*facet_maps.items(), ("w", slot_map), ("e", rule_map)):
            if key in record:
                value = record[key]
                record[key] = [mapping[v] for v in value] if isinstance(value, list) else mapping[value]
        remapped.append(record)
    facets = {key: [values[old] for old in facet_maps[key]] if key in facet_maps else values
              for key, values in records["facets"].items()}
    return {
        "v": records["v"],
        "folders": {str(new): records["folders"][str(old)] for old, new in facet_maps["k"].items()},
        "facets": facets,
        "slots": [records["slots"][old] for old in slot_map],
        "rules": [records["rules"][old] for old in rule_map],
        "docs": remapped,
        "total": len(records["docs"]),
    }


def dumps(data: Any) -> bytes:
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def lunr_js() -> bytes:
    """lunr.js as shipped with the installed MkDocs (2.3.9, the version lunr.py 0.8 writes for)."""
    import mkdocs.contrib.search

    return (Path(mkdocs.contrib.search.__file__).parent / "templates" / "search" / "lunr.js").read_bytes()

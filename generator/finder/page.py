"""The finder's producers: its page (`find/`, full-text search and facets, rendered by
theme/directory/find.html) and its files (`finder_files`: docs.json, first.json, the index in
shards and docs.json in pieces (`generator.finder.shards`), lunr.js). The whole index is not
written as one file: the finder, the embed and the header search all read its shards.

The page carries the facet fieldsets (labels from the same dictionaries as the finder's data,
so the markup and docs.json agree) and, for visitors without JavaScript, links to the browse
pages; theme/assets/finder.js does the rest with the files of `generator.finder.data`.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from generator.contract.catalog import Catalog
from generator.finder.data import (
    DOCS_PATH, FIRST_PATH, INDEX_FIELDS, LUNR_PATH, attendance_of, build_dictionaries, dumps, records_and_json, first_page, finder_listings, locality_of, lunr_js,
)
from generator.finder.index import build_index
from generator.finder.index_memo import IndexMemo
from generator.finder.near import NEAR_FOLDER, near_files
from generator.finder.places import PLACES_FOLDER, place_files
from generator.finder.shards import META_PATH, RECORDS_FOLDER, record_files, shard_files
from generator.build.products import BuildSettings, GeneratedPage, kept, per_value
from generator.kinds import LISTING_KINDS
from generator.pages.presentation import country_name

# (URL parameter, dictionary key in docs.json, legend), in the order the page shows them.
FACETS: tuple[tuple[str, str, str], ...] = (
    ("kind", "k", "Kind of listing"),
    ("attend", "a", "How to take part"),
    ("day", "day", "Day of the week"),
    ("time", "time", "Time of day"),
    ("topic", "t", "Topic"),
    ("for", "u", "Who it is for"),
    ("lang", "l", "Language"),
    ("country", "c", "Country"),
    ("region", "r", "Region"),
    ("cost", "$", "Cost"),
    ("open", "o", "New members"),
)
DAYS = (("mon", "Monday"), ("tue", "Tuesday"), ("wed", "Wednesday"), ("thu", "Thursday"),
        ("fri", "Friday"), ("sat", "Saturday"), ("sun", "Sunday"))
TIMES = (("morning", "Morning (before 12:00)"), ("afternoon", "Afternoon (12:00–17:00)"), ("evening", "Evening (from 17:00)"))
WHEN = (("", "Any time"), ("today", "Today"), ("week", "This week (the next 7 days)"))
SORTS = (("soonest", "Soonest meeting"), ("nearest", "Nearest"), ("relevance", "Best match"), ("name", "Name"))
# The finder's scripts, in the order they run (finder.js, the core, last), before Material's and
# preloaded in the page's head. occurrences.js is also on every page (mkdocs.yml
# extra_javascript, after Material's): it runs once.
SCRIPTS = ("assets/occurrences.js", "assets/search-index.js", "assets/search-shards.js", "assets/finder-ui.js", "assets/finder-url.js",
           "assets/finder-soon.js", "assets/finder-near.js", "assets/finder-results.js", "assets/finder-first.js", "assets/finder-search.js",
           "assets/finder.js")
BROWSE_LINKS = (*((f"{kind.folder}/", kind.title) for kind in LISTING_KINDS), ("topics/", "Topics"), ("countries/", "Countries"))
INTRO = "Search groups, advocates and training by name, topic or place, and narrow the list with filters."


def finder_facets(catalog: Catalog) -> list[dict[str, Any]]:
    dictionaries = build_dictionaries(catalog, finder_listings(catalog))
    facets = []
    for param, key, legend in FACETS:
        if key == "day":
            values = [list(v) for v in DAYS]
        elif key == "time":
            values = [list(v) for v in TIMES]
        else:
            values = dictionaries[key]
        if values:
            facets.append({"param": param, "key": key, "legend": legend, "values": values})
    return facets


def search_examples(catalog: Catalog) -> list[str]:
    """What the search hint offers as examples, each one that finds listings in this directory:
    the commonest topic, the commonest town (or else country), and "online" if any take part so."""
    listings = finder_listings(catalog)
    topics = Counter(t for item in listings for t in item.topics)
    towns = Counter(locality_of(item) for item in listings if locality_of(item))
    countries = Counter(c for item in listings for c in item.countries)
    examples = []
    if topics:
        code = min(topics, key=lambda t: (-topics[t], t))
        examples.append(catalog.vocabularies["topics"].terms[code].label.lower())
    if towns:
        examples.append(min(towns, key=lambda t: (-towns[t], t)))
    elif countries:
        examples.append(country_name(min(countries, key=lambda c: (-countries[c], c))))
    if any("online" in attendance_of(item) for item in listings):
        examples.append("online")
    return examples


def finder_pages(catalog: Catalog, settings: BuildSettings) -> list[GeneratedPage]:
    context = {
        "finder_facets": finder_facets(catalog),
        "finder_browse_links": BROWSE_LINKS,
        "finder_files": {"docs": DOCS_PATH, "first": FIRST_PATH, "meta": META_PATH, "records": RECORDS_FOLDER, "facet_first": FIRST_FOLDER, "lunr": LUNR_PATH, "places": PLACES_FOLDER + "/", "near": NEAR_FOLDER},
        "finder_intro": INTRO,
        "finder_when": WHEN,
        "finder_sorts": SORTS,
        "finder_scripts": SCRIPTS,
        "finder_examples": search_examples(catalog),
    }
    return [GeneratedPage(src_uri="find.md", title="Find support", template="directory/find.html",
                          context=context, description=INTRO, searchable=True)]


FIRST_FOLDER = "api/finder/first/"
SAFE_CODE = re.compile(r"[A-Za-z0-9_-]+")  # codes that are file names as they are (finder-first.js checks the same)


def facet_first_pages(records: dict[str, Any]) -> dict[str, bytes]:
    """`api/finder/first/<param>/<code>.json`: first.json for an address with one filter value and
    nothing else (find/?country=GB): the first page of listings with that value, in the finder's
    order without a query (docs.json's), and their total. About 3 KB gzip each, for the ~100
    values of a 50,000-listing directory, so such an address shows its results before docs.json
    (2.7 MB gzip there) arrives. Day and time of day are the visitor's own, so not here."""
    matching: dict[tuple[str, int], list[dict[str, Any]]] = {}
    keys = {key for _, key, _ in FACETS if key in records["facets"]}
    for doc in records["docs"]:
        for key in keys:
            value = doc.get(key)
            if value is None:
                continue
            for position in ([0] if key == "o" else [value] if isinstance(value, int) else value):
                matching.setdefault((key, position), []).append(doc)
    files = {}
    for param, key, _ in FACETS:
        for position, (code, _) in enumerate(records["facets"].get(key, [])):
            if SAFE_CODE.fullmatch(code):
                path = f"{FIRST_FOLDER}{param}/{code}.json"
                # While serving, encoded again only if it changed (build.products.per_value).
                files[path] = per_value(path, first_page({**records, "docs": matching.get((key, position), [])}), dumps)
    return files


def finder_files(catalog: Catalog, settings: BuildSettings) -> dict[str, bytes]:
    records, docs_json = records_and_json(catalog, settings)
    # While serving, the index is worked out again only for the listings that changed.
    memo = kept("finder.index", IndexMemo)
    index = (build_index(catalog, finder_listings(catalog)) if memo is None else
             build_index(catalog, finder_listings(catalog), lambda documents: memo.compact(documents, len(INDEX_FIELDS))))
    return {DOCS_PATH: docs_json, FIRST_PATH: dumps(first_page(records)), LUNR_PATH: lunr_js(),
            **facet_first_pages(records), **shard_files(index, memo=memo), **record_files(records), **near_files(records), **place_files()}

"""The finder's data (generator/finder/: data.py, index.py, page.py): records, dictionaries, meeting slots and the index."""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
from pathlib import Path

import pytest
import finder_reference
from hypothesis import HealthCheck, example, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from generator.finder import data as finder
from generator.finder import index as finder_index
from generator.contract.catalog import Catalog, load_catalog
from generator.finder.page import finder_facets, finder_files, finder_pages
from generator.build.plan import BuildSettings

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks import fictional as generated  # noqa: E402

NOW = dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.timezone.utc)


@pytest.fixture(scope="module")
def settings() -> BuildSettings:
    return BuildSettings(now=NOW, site_url="", repo_url="")


@pytest.fixture(scope="module")
def records(fictional_catalog: Catalog, settings: BuildSettings) -> dict:
    return finder.build_records(fictional_catalog, settings)


def by_id(records: dict, listing_id: str) -> dict:
    return next(doc for doc in records["docs"] if doc["i"] == listing_id)


def codes(records: dict, key: str, doc: dict) -> list[str]:
    value = doc.get(key, [])
    values = [value] if isinstance(value, int) else value
    return [records["facets"][key][i][0] for i in values]


def test_files_and_lunr_js_from_mkdocs(fictional_catalog: Catalog, settings: BuildSettings) -> None:
    files = finder_files(fictional_catalog, settings)
    places = {path for path in files if path.startswith(("api/finder/places/", "api/finder/index/", "api/finder/records/", "api/finder/first/", "api/finder/near/"))}
    # No whole index (api/finder/index.json): the finder, the embed and the header search read its shards.
    assert set(files) - places == {"api/finder/docs.json", "api/finder/first.json", "assets/finder/lunr.js"}
    assert "api/finder/places/c.json" in places and "api/finder/places/grid/50_0.json" in places
    assert b'lunr.version = "2.3.9"' in files["assets/finder/lunr.js"]
    json.loads(files["api/finder/docs.json"])
    assert json.loads(files["api/finder/index/meta.json"])["version"] == "2.3.9"


def card_facts(records: dict, doc: dict) -> dict:
    """What a record says, with its positions resolved (dictionary entries, folder, slots, rules)."""
    facts = {key: value for key, value in doc.items() if key not in records["facets"] or key == "o"}
    facts.update({key: codes(records, key, doc) for key in records["facets"] if key != "o" and key in doc})
    facts["folder"] = records["folders"][str(doc["k"])]
    facts["w"] = [records["slots"][i] for i in doc.get("w", [])]
    facts["e"] = [records["rules"][i] for i in doc.get("e", [])]
    return facts


def check_first_page(records: dict, first: dict) -> None:
    assert first["total"] == len(records["docs"])
    assert len(first["docs"]) == min(finder.PAGE_SIZE, len(records["docs"]))
    assert [card_facts(first, doc) for doc in first["docs"]] == [card_facts(records, doc) for doc in records["docs"][:finder.PAGE_SIZE]]
    for key, values in first["facets"].items():  # only what the page uses, in the same order
        assert values == [entry for entry in records["facets"][key] if entry in values]
    assert finder.dumps(finder.first_page(records)) == finder.dumps(first)


def test_first_page_is_the_finders_first_page(fictional_catalog: Catalog, settings: BuildSettings) -> None:
    files = finder_files(fictional_catalog, settings)
    records, first = json.loads(files["api/finder/docs.json"]), json.loads(files["api/finder/first.json"])
    check_first_page(records, first)
    assert first["docs"][0]["i"] == records["docs"][0]["i"]


def test_first_page_of_generated_listings(tmp_path: Path, settings: BuildSettings) -> None:
    root = tmp_path / "directory"
    generated.write_fictional_directory(root, 300, seed=3, today=dt.date(2026, 11, 23))
    result = load_catalog(root)
    assert result.catalog is not None, result.problems
    records = finder.build_records(result.catalog, settings)
    first = finder.first_page(records)
    check_first_page(records, first)
    assert first["total"] > finder.PAGE_SIZE and len(first["docs"]) == finder.PAGE_SIZE
    assert len(first["rules"]) < len(records["rules"]) and len(finder.dumps(first)) < len(finder.dumps(records)) / 5


def test_closed_listings_are_left_out_and_paused_marked(records: dict) -> None:
    ids = [doc["i"] for doc in records["docs"]]
    assert "fictional-closed-group" not in ids
    assert by_id(records, "fictional-paused-group")["x"] == 1
    assert "x" not in by_id(records, "fictional-grief-circle-leeds")
    # Active first, then by name; the paused ones last.
    paused = [doc.get("x") == 1 for doc in records["docs"]]
    assert paused == sorted(paused) and paused.count(True) == 3


def test_record_facets_are_codes_in_the_dictionaries(records: dict) -> None:
    grief = by_id(records, "fictional-grief-circle-leeds")
    assert codes(records, "k", grief) == ["group"]
    assert codes(records, "a", grief) == ["in_person"]
    assert codes(records, "t", grief) == ["grief", "loneliness"]
    assert codes(records, "u", grief) == ["everyone"]
    assert codes(records, "l", grief) == ["en"]
    assert codes(records, "c", grief) == ["GB"]
    assert codes(records, "r", grief) == ["GB-ENG"]
    assert codes(records, "$", grief) == ["free"]
    assert grief["o"] == 1 and grief["p"] == "Leeds"
    online = by_id(records, "fictional-online-anxiety-es")
    assert codes(records, "c", online) == ["MX", "ES"] and "r" not in online  # dictionary (label) order
    course = by_id(records, "fictional-peer-specialist-course")
    assert codes(records, "a", course) == ["in_person", "online"]  # vocabulary order
    assert codes(records, "k", course) == ["training"] and "o" not in course
    podcast = by_id(records, "fictional-voices-podcast")
    assert "a" not in podcast and "$" not in podcast and "w" not in podcast
    assert records["folders"] == {"0": "groups", "1": "advocates", "2": "training"}


def test_a_programmes_group_finder_is_in_its_record(records: dict) -> None:
    assert by_id(records, "fictional-online-anxiety-es")["f"] == "https://example.org/anxiety-es/find-a-group"
    assert "f" not in by_id(records, "fictional-grief-circle-leeds")


def test_dictionaries_have_labels_sorted(records: dict) -> None:
    topics = records["facets"]["t"]
    labels = [label for _, label in topics]
    assert labels == sorted(labels, key=str.casefold)
    assert any(code == "grief" for code, _ in topics)
    assert [code for code, _ in records["facets"]["k"]] == ["group", "advocate", "training"]
    assert ["GB-ENG", "England (United Kingdom)"] in records["facets"]["r"]
    assert records["facets"]["o"] == [["yes", "Taking new members"]]


def test_meeting_slots_and_next_meetings(records: dict) -> None:
    grief = by_id(records, "fictional-grief-circle-leeds")
    assert [records["slots"][i] for i in grief["w"]] == [["Europe/London", 1, 18 * 60 + 30]]
    # The rules, not dates: the browser computes the next meeting when the visitor looks.
    assert [records["rules"][i] for i in grief["e"]] == [["Europe/London", 18 * 60 + 30, 90, [1], 1, [], "", ""]]
    assert "base" not in records and all("m" not in doc for doc in records["docs"])
    online = by_id(records, "fictional-online-anxiety-es")
    assert [records["slots"][i] for i in online["w"]] == [["America/Mexico_City", 3, 19 * 60]]
    assert "w" not in by_id(records, "fictional-paused-group")  # no meetings listed


def test_summary_is_truncated_on_a_word() -> None:
    text = "word " * 60
    short = finder.truncate(text.strip(), 40)
    assert len(short) <= 40 and short.endswith("…") and not short.endswith(" …")


def test_index_documents_fields_and_folding(fictional_catalog: Catalog) -> None:
    documents = finder_index.index_documents(fictional_catalog, finder.finder_listings(fictional_catalog))
    grief = documents[[doc.id for doc in finder.finder_listings(fictional_catalog)].index("fictional-grief-circle-leeds")]
    assert "Grief and bereavement" in grief["t"] and "Everyone" in grief["t"]
    assert "Leeds" in grief["p"] and "England" in grief["p"] and "United Kingdom" in grief["p"]
    assert grief["g"] == "Fictional Peer Network"
    assert "In person" in grief["w"] and "English" in grief["w"] and "Free" in grief["w"] and "Peer-led" in grief["w"]
    assert "UK" in grief["p"] and "Britain" in grief["p"] and "GBR" in grief["p"]
    spanish = documents[[doc.id for doc in finder.finder_listings(fictional_catalog)].index("fictional-online-anxiety-es")]
    assert "Spanish español" in spanish["w"] and "espanol" in spanish["w"] and "Online" in spanish["w"]
    assert "Mexico" in spanish["p"] and "Spain" in spanish["p"]
    assert "quiet room" not in json.dumps(grief)  # descriptions are not indexed
    assert finder.fold("São Paulo Café") == "Sao Paulo Cafe"
    assert finder.searchable("São Paulo") == "São Paulo Sao Paulo"


def test_words_people_type() -> None:
    assert finder_index.language_words("es") == "Spanish español"
    assert finder_index.language_words("de") == "German Deutsch"
    assert finder_index.language_words("en") == "English"
    assert finder_index.language_words("qaa") == "qaa" or "qaa" in finder_index.language_words("qaa")


def test_region_labels_without_their_bracketed_names() -> None:
    from generator.pages.presentation import region_name, region_other_names

    assert region_name("GB-WLS") == "Wales"
    assert region_other_names("GB-WLS") == ["Cymru"]
    assert region_name("GB-ENG") == "England" and region_other_names("GB-ENG") == []
    assert "Cymru" in finder_index.place_words_of_region("GB-WLS")


def test_compact_index_expands_to_lunr_pys_index(fictional_catalog: Catalog) -> None:
    listings = finder.finder_listings(fictional_catalog)
    original = finder_reference.lunr_index(fictional_catalog, listings)
    expanded = finder_reference.expand_index(finder_index.build_index(fictional_catalog, listings))
    assert expanded["fields"] == original["fields"] == ["n", "t", "p", "w", "g", "s"]
    assert expanded["pipeline"] == original["pipeline"] == ["stemmer"]
    assert_same_index(expanded, original)


def assert_same_index(expanded: dict, original: dict) -> None:
    """`expand_index`'s output against lunr.py's serialisation of the same documents."""
    assert expanded["fields"] == original["fields"] and expanded["pipeline"] == original["pipeline"]
    assert expanded["version"] == original["version"]
    assert [t for t, _ in expanded["invertedIndex"]] == [t for t, _ in original["invertedIndex"]]
    # Postings: the same documents per term and field.
    for (_, mine), (_, theirs) in zip(expanded["invertedIndex"], original["invertedIndex"]):
        assert {f: set(mine[f]) for f in original["fields"]} == {f: set(theirs[f]) for f in original["fields"]}
    # Field vectors: the same scores, with lunr.py's term numbers mapped to sorted positions.
    theirs_index = {term: posting["_index"] for term, posting in original["invertedIndex"]}
    position = {term: i for i, (term, _) in enumerate(original["invertedIndex"])}
    renumber = {theirs_index[t]: position[t] for t in position}
    theirs_vectors = {}
    for ref, elements in original["fieldVectors"]:
        pairs = sorted((renumber[elements[i]], elements[i + 1]) for i in range(0, len(elements), 2))
        if pairs:
            theirs_vectors[ref] = pairs
    mine_vectors = {ref: [(elements[i], elements[i + 1]) for i in range(0, len(elements), 2)] for ref, elements in expanded["fieldVectors"]}
    assert mine_vectors.keys() == theirs_vectors.keys()
    for ref, pairs in theirs_vectors.items():
        assert [t for t, _ in mine_vectors[ref]] == [t for t, _ in pairs]
        for (_, a), (_, b) in zip(mine_vectors[ref], pairs):
            assert a == pytest.approx(b, abs=0.0011)


def test_index_is_lunr_pys_compact_index(fictional_catalog: Catalog) -> None:
    """The build's index, computed without lunr.py's Builder, is exactly what lunr.py built."""
    listings = finder.finder_listings(fictional_catalog)
    assert finder_index.build_index(fictional_catalog, listings) == finder_reference.compact_index_via_lunr(fictional_catalog, listings)


def test_index_is_lunr_pys_compact_index_for_generated_listings(tmp_path: Path) -> None:
    root = tmp_path / "directory"
    generated.write_fictional_directory(root, 2500, seed=11, today=dt.date(2026, 11, 23))
    result = load_catalog(root)
    assert result.catalog is not None, result.problems
    listings = finder.finder_listings(result.catalog)
    assert len(listings) > 2000
    documents = finder_index.index_documents(result.catalog, listings)
    assert any(finder.fold(doc["p"]) != doc["p"] for doc in documents)  # accents (São Paulo) are in it
    builder = finder_reference.lunr_builder(documents)
    original = builder.build().serialize()
    compact = finder_index.build_index(result.catalog, listings)
    assert compact == finder_reference.compact_index(original, builder)
    assert_same_index(finder_reference.expand_index(compact), original)


# Text lunr.py's tokenizer and pipeline treat specially: its separators (space, tab, newline,
# no-break space, hyphen), whitespace it does not split on, stop words, punctuation the trimmer
# strips (or not, inside a word), apostrophes, accents, numbers, long and short words.
SPECIAL = ["-", " ", "\t", "\n", "\r", "\x0b", "\x0c", "\xa0", "\u2003", "\u3000", "\x1c", "\u200b", "--", " - ",
           "the", "The", "AND", "of", "it's", "tis", "twas", "o'brien", "O’Brien", "can't", "don’t", "'quoted'",
           "(group)", "...", "!?", "hello,", ",world", "café", "Café", "São", "Zoë", "naïve", "İstanbul", "ǅ", "ß", "ﬁ",
           "Straße", "ΣΊΣΥΦΟΣ", "日本語", "🙂", "x", "ab", "abc", "running", "relational", "generalizations",
           "ies", "sss", "y", "ay", "1", "42", "3.14", "2026-11-23", "18:30", "_", "__init__", "a_b", "e-mail",
           "peer-to-peer", "x" * 60, "supercalifragilisticexpialidocious" * 3, "a\u0301", "\u0301", "'", "’"]
field_text = st.one_of(
    st.just(""),
    st.text(max_size=40),
    st.lists(st.one_of(st.sampled_from(SPECIAL), st.text(max_size=6)), max_size=10).map("".join),
    st.lists(st.sampled_from(SPECIAL), max_size=10).map(" ".join),
).flatmap(lambda text: st.sampled_from([text, finder.searchable(text)]))
index_document = st.fixed_dictionaries({name: field_text for name, _ in finder.INDEX_FIELDS})


@hypothesis_settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(index_document, min_size=1, max_size=4))
@example([{"n": "", "t": "", "p": "", "w": "", "g": "", "s": ""}])
@example([{"n": "The and of", "t": "- -", "p": "...", "w": "Español español", "g": "\u2003", "s": "it's it's O’Brien"}])
def test_index_matches_lunr_py_on_any_text(documents: list[dict[str, str]]) -> None:
    documents = [{"id": str(position), **fields} for position, fields in enumerate(documents)]
    builder = finder_reference.lunr_builder(documents)
    original = builder.build().serialize()
    compact = finder_index.compact_documents(documents)
    assert compact == finder_reference.compact_index(original, builder)
    assert compact == finder_reference.compact_documents_via_lunr(documents)
    assert_same_index(finder_reference.expand_index(compact), original)


@hypothesis_settings(max_examples=300, deadline=None)
@given(field_text)
def test_terms_are_lunr_pys_tokenizer_and_pipeline(text: str) -> None:
    from lunr import get_default_builder
    from lunr.tokenizer import Tokenizer

    assert finder_index.tokens(text) == [str(token) for token in Tokenizer(text)]
    pipeline = get_default_builder().pipeline
    terms = [str(token) for token in pipeline.run(Tokenizer(text))]
    assert sorted(finder_index.field_terms(text)) == sorted((t, terms.count(t)) for t in set(terms))


def test_lunr_py_finds_what_the_finder_searches(fictional_catalog: Catalog) -> None:
    from lunr.index import Index

    listings = finder.finder_listings(fictional_catalog)
    index = Index.load(finder_reference.expand_index(finder_index.build_index(fictional_catalog, listings)))
    found = [listings[int(hit["ref"])].id for hit in index.search("leeds")]
    assert found == ["fictional-grief-circle-leeds", "fictional-riverside-circle"]  # in the name outranks in the place
    found = [listings[int(hit["ref"])].id for hit in index.search("anxieti")]
    assert found[0] == "fictional-online-anxiety-es"
    assert set(found) == {"fictional-online-anxiety-es", "fictional-online-peers", "fictional-riverside-circle"}
    hits = [listings[int(hit["ref"])].id for hit in index.search("fictional")]
    assert hits[0].startswith("fictional-")  # names outrank summaries (boost 10 vs 1)


def test_term_frequencies_survive_compaction() -> None:
    from lunr import get_default_builder

    builder = get_default_builder()
    builder.ref("id")
    builder.field("n", boost=10)
    builder.field("s")
    for doc in ({"id": "0", "n": "grief grief circle", "s": "a circle"}, {"id": "1", "n": "walk", "s": "grief walk walk walk"}):
        builder.add(doc)
    serialized = builder.build().serialize()
    compact = finder_reference.compact_index(serialized, builder)
    expanded = finder_reference.expand_index(compact)
    position = {term: i for i, (term, _) in enumerate(serialized["invertedIndex"])}
    theirs = {t: p["_index"] for t, p in serialized["invertedIndex"]}
    back = {theirs[t]: position[t] for t in position}
    original = {ref: sorted((back[e[i]], e[i + 1]) for i in range(0, len(e), 2)) for ref, e in serialized["fieldVectors"] if e}
    mine = {ref: [(e[i], e[i + 1]) for i in range(0, len(e), 2)] for ref, e in expanded["fieldVectors"]}
    assert mine == original
    assert compact["postings"][position["walk"]] == [[1], [1, -3]]


def test_facets_on_the_page_match_the_data(fictional_catalog: Catalog, records: dict) -> None:
    facets = {facet["key"]: facet for facet in finder_facets(fictional_catalog)}
    for key, values in records["facets"].items():
        assert facets[key]["values"] == values
    assert [code for code, _ in facets["day"]["values"]] == ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    assert [code for code, _ in facets["time"]["values"]] == ["morning", "afternoon", "evening"]
    params = [facet["param"] for facet in finder_facets(fictional_catalog)]
    assert len(set(params)) == len(params) and "q" not in params and "h" not in params  # Material uses ?q= and ?h=


def test_finder_page(fictional_catalog: Catalog, settings: BuildSettings) -> None:
    (page,) = finder_pages(fictional_catalog, settings)
    assert page.src_uri == "find.md" and page.template == "directory/find.html" and page.searchable
    assert page.context["finder_files"] == {"docs": "api/finder/docs.json", "first": "api/finder/first.json",
                                            "meta": "api/finder/index/meta.json", "records": "api/finder/records/",
                                            "facet_first": "api/finder/first/", "lunr": "assets/finder/lunr.js",
                                            "places": "api/finder/places/", "near": "api/finder/near/"}
    assert [url for url, _ in page.context["finder_browse_links"]] == ["groups/", "advocates/", "training/", "topics/", "countries/"]


def test_lunr_js_is_the_version_lunr_py_writes_for() -> None:
    import lunr

    text = finder.lunr_js().decode("utf-8")
    assert f'lunr.version = "{lunr.__TARGET_JS_VERSION__}"' in text


def test_size_per_listing_is_small(fictional_catalog: Catalog, settings: BuildSettings) -> None:
    """A guard against format bloat; the real budget is measured by benchmarks/finder.py."""
    import gzip

    files = finder_files(fictional_catalog, settings)
    index = [p for p in files if re.fullmatch(r"api/finder/index/(meta|\d+)\.json", p)]
    per_listing = sum(len(gzip.compress(files[p])) for p in ("api/finder/docs.json", *index)) / len(fictional_catalog.listings)
    assert per_listing < 1500


# ---- near a place: coordinates and the gazetteer (generator/finder/places.py) ----

def test_a_groups_coordinates_are_its_own_else_its_towns(records: dict) -> None:
    assert by_id(records, "fictional-grief-circle-leeds")["g"] == [53.8, -1.55]  # given in the listing
    # Springfield, Illinois (no coordinates in the listing): the gazetteer's, at town level.
    assert by_id(records, "fictional-hostile-text-group")["g"] == [39.802, -89.644]
    assert "g" not in by_id(records, "fictional-online-anxiety-es")  # online: no place


def test_town_coordinates_pick_the_region_then_the_most_populous() -> None:
    from generator.finder.places import town_coordinates

    assert town_coordinates("Portland", "US", "US-ME") == (43.657, -70.259)
    assert town_coordinates("Portland", "US") == (45.523, -122.676)  # Oregon's is larger
    assert town_coordinates("sao paulo", "BR") == town_coordinates("São Paulo", "BR") is not None
    assert town_coordinates("Nowhereville", "US") is None and town_coordinates("Leeds", "US") is None


def test_place_files_are_small_sorted_and_deterministic() -> None:
    from generator.finder.places import gazetteer, letter_of, place_files

    files = place_files()
    assert files == place_files() and list(files) == sorted(files)
    letters = {path for path in files if "/grid/" not in path}
    assert letters == {f"api/finder/places/{c}.json" for c in "abcdefghijklmnopqrstuvwxyz"} | {"api/finder/places/other.json"}
    rows = [row for path in sorted(letters) for row in json.loads(files[path])]
    assert len(rows) == len(gazetteer()) > 30000
    chicago = next(row for row in json.loads(files["api/finder/places/c.json"]) if row[0] == "Chicago")
    assert chicago[2:6] == ["US", "IL", 41.85, -87.65] and chicago[6] > 2_000_000
    assert all(letter_of(row[0]) == "c" for row in json.loads(files["api/finder/places/c.json"]))
    assert max(len(body) for body in files.values()) < 400_000  # one letter, not the world
    grid = json.loads(files["api/finder/places/grid/40_-90.json"])
    assert any(row[0] == "Chicago" for row in grid)
    assert all(40 <= row[4] < 45 and -90 <= row[5] < -85 for row in grid)

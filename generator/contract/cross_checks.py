"""Checks across files: unique ids, references that resolve, and likely duplicates."""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from generator.contract.messages import field_name
from generator.contract.problems import Problem
from generator.contract.suggest import did_you_mean
from generator.contract.time_zones import suggestion, zone_outside_countries
from generator.kinds import LISTING_KINDS

if TYPE_CHECKING:
    from generator.contract.catalog import Catalog


def normalised_website(url: str) -> str:
    parts = urlsplit(url.lower())
    host = (parts.hostname or "").removeprefix("www.")
    return host + parts.path.rstrip("/")


def normalised_name(name: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", name.lower()).split())


def _where(catalog: Catalog, folder: str, record_id: str, field: tuple[Any, ...]) -> tuple[str, int]:
    source = catalog.sources[(folder, record_id)]
    return source.display, source.document.line_of(field)


def _unique_ids(catalog: Catalog) -> list[Problem]:
    by_id: dict[str, list[str]] = defaultdict(list)
    for folder, record_id in sorted(catalog.sources):
        by_id[record_id].append(folder)
    problems = []
    for record_id, folders in by_id.items():
        if len(folders) > 1:
            for folder in folders:
                others = [catalog.sources[(f, record_id)].display for f in folders if f != folder]
                path, line = _where(catalog, folder, record_id, ("id",))
                problems.append(Problem(path, line, "id", f"'{record_id}' is also the id of {', '.join(others)}; ids must be unique across the directory"))
    return problems


def _references(catalog: Catalog) -> list[Problem]:
    organizations = {o.id for o in catalog.organizations}
    problems = []
    # Every listing field that names an organisation: a group's or advocate's organization, a
    # training programme's provider.
    checks = [(kind.folder, record, name) for kind in LISTING_KINDS for name in ("organization", "provider")
              if name in kind.model.model_fields for record in getattr(catalog, kind.attribute)]
    for folder, record, field_name in checks:
        target = getattr(record, field_name)
        if target and target not in organizations:
            path, line = _where(catalog, folder, record.id, (field_name,))
            problems.append(Problem(path, line, field_name, f"there is no organisation '{target}' in directory/organizations/{did_you_mean(target, organizations)}"))
    return problems


NEIGHBOURS = 4


def similar_pairs(names: list[str], cutoff: float = 0.9) -> dict[int, set[int]]:
    """{i: {j, ...}} for names at least `cutoff` alike (Indel ratio, as difflib's ratio), by sorted neighbourhood.

    Names this alike differ by an edit or two, so they sort next to each other either by their
    beginning or by their end: comparing each name with its few neighbours in both orders finds
    them in O(n log n) instead of comparing every pair in a town of thousands of listings.
    """
    from rapidfuzz import fuzz  # here: `peerdir validate FILE` often has no names to compare

    found: dict[int, set[int]] = defaultdict(set)
    score_cutoff = cutoff * 100
    for key in (lambda i: names[i], lambda i: names[i][::-1]):
        order = sorted(range(len(names)), key=key)
        for position, i in enumerate(order):
            for j in order[position + 1: position + 1 + NEIGHBOURS]:
                if j not in found[i] and fuzz.ratio(names[i], names[j], score_cutoff=score_cutoff):
                    found[i].add(j)
                    found[j].add(i)
    return found


@dataclass(frozen=True)
class Duplicate:
    """A listing that looks like another of the same kind: at which field, why, and which one."""

    record_id: str
    field: tuple[str, ...]
    message: str
    other_id: str


# A record's website, phone, place (countries, locality), normalised name and its core words.
_Keys = tuple["str | None", "str | None", tuple[str, str], str, str]


class DuplicateMemo:
    """What `likely_duplicates` worked out per record and per place, kept for the next check of
    the same listings (`mkdocs serve` keeps one in its LoadMemo): a record by identity (the
    catalog's models are frozen, and LoadMemo hands back the same object for a file that did not
    change), a place's names by value. Only the last check's entries are kept. At 10,000 listings
    this is most of the checks' time (normalising 10,000 websites and names)."""

    def __init__(self) -> None:
        self.records: dict[int, tuple[Any, _Keys]] = {}
        self.similar: dict[tuple[str, ...], dict[int, set[int]]] = {}


def _record_keys(record: Any) -> _Keys:
    """What the duplicate checks group a record by (its website, phone and place: None where it
    has none) and compare (its name, and the name's core words)."""
    contact = getattr(record, "contact", None)
    location = getattr(record, "location", None)
    locality = location.locality.lower() if location else ""
    name = normalised_name(record.name)
    return (normalised_website(record.website) if record.website else None, contact.phone if contact and contact.phone else None,
            (",".join(record.countries), locality), name, core_words(name, locality))


def likely_duplicates(records: list[Any], memo: DuplicateMemo | None = None) -> list[Duplicate]:
    """Listings of one kind that look like another: the same website or phone number, or, in
    the same place, nearly the same name or a name that says the same. The validator warns of
    them; `peerdir import` skips a record that looks like a listing already there. With `memo`
    (one per kind), what the last check of these records worked out is not worked out again."""
    found: list[Duplicate] = []
    by_website: dict[str, list[str]] = defaultdict(list)
    by_phone: dict[str, list[str]] = defaultdict(list)
    by_place: dict[tuple[str, str], list[tuple[str, str, Any]]] = defaultdict(list)
    known = memo.records if memo is not None else {}
    kept: dict[int, tuple[Any, _Keys]] = {}
    for record in records:
        entry = known.get(id(record))
        if entry is None or entry[0] is not record:
            entry = (record, _record_keys(record))
        kept[id(record)] = entry  # the record kept with its keys: its id stays its own
        website, phone, place, name, core = entry[1]
        if website is not None:
            by_website[website].append(record.id)
        if phone is not None:
            by_phone[phone].append(record.id)
        by_place[place].append((name, core, record))
    similar_known = memo.similar if memo is not None else {}
    similar_kept: dict[tuple[str, ...], dict[int, set[int]]] = {}
    for index, field, label in ((by_website, ("website",), "website"), (by_phone, ("contact", "phone"), "phone number")):
        for ids in index.values():
            for record_id in ids if len(ids) > 1 else []:
                others = [i for i in ids if i != record_id]
                found.append(Duplicate(record_id, field, f"has the same {label} as {', '.join(others)}: is it a duplicate?", others[0]))
    for (_, locality), same_place in by_place.items():
        if len(same_place) < 2:
            continue
        names = [(name, record) for name, _, record in same_place]
        key = tuple(name for name, _ in names)
        similar = similar_known.get(key)
        if similar is None:
            similar = similar_pairs(list(key))
        similar_kept[key] = similar  # only read
        variants = _name_variants(tuple((core, getattr(r, "organization", None)) for _, core, r in same_place))
        where = f" in {locality.title()}" if locality else ""
        for i, (name, record) in enumerate(names):
            matches = sorted(similar.get(i, set()) | set(variants.get(i, {})))
            if matches:
                j = matches[0]
                other = names[j][1]
                if variants.get(i, {}).get(j) == "organization" and j not in similar.get(i, ()):
                    message = f"has the same organisation as '{other.name}' ({other.id}){where} and a name that says the same: is it a duplicate?"
                else:
                    message = f"is nearly the same as '{other.name}' ({other.id}){where}: is it a duplicate?"
                found.append(Duplicate(record.id, ("name",), message, other.id))
    if memo is not None:
        memo.records, memo.similar = kept, similar_kept
    return found


def _likely_duplicates(catalog: Catalog, memo: dict[str, DuplicateMemo] | None) -> list[Problem]:
    problems: list[Problem] = []
    for folder, records in ((kind.folder, getattr(catalog, kind.attribute)) for kind in LISTING_KINDS):
        kind_memo = None if memo is None else memo.setdefault(folder, DuplicateMemo())
        for duplicate in likely_duplicates(records, kind_memo):
            path, line = _where(catalog, folder, duplicate.record_id, duplicate.field)
            problems.append(Problem(path, line, ".".join(duplicate.field), duplicate.message, "warning"))
    return problems


# Words that say what any listing is, not which one: two names that differ only in these (and
# in the town's name) are the same name ("Hearing Voices Group Brighton" = "Brighton Hearing Voices Peer Support").
GENERIC_WORDS = frozenset({
    "group", "groups", "support", "supports", "peer", "peers", "meeting", "meetings", "circle", "circles", "network",
    "the", "a", "an", "of", "for", "and", "in", "at", "on", "with", "by", "to", "s",
})
# A word shared by more names than this in one place says little, and would make the pairs grow as its square.
_COMMON_WORD = 200


def core_words(name: str, locality: str = "") -> str:
    """The words of a normalised name that tell it apart: generic words and the town's name dropped, sorted."""
    dropped = GENERIC_WORDS | set(normalised_name(locality).split())
    return " ".join(sorted(set(name.split()) - dropped))


@functools.lru_cache(maxsize=4096)
def _name_variants(entries: tuple[tuple[str, str | None], ...]) -> dict[int, dict[int, str]]:
    """{i: {j: why}} for listings in one place whose names say the same thing: their core words
    alike in any order ('name'), or, for two listings of the same organisation, one's core words
    among the other's ('organization'). Only names sharing a core word are compared.
    Remembered by value (the result is only read): while `mkdocs serve` loads the directory again
    after one listing changed, only its place's names are compared again (at 10,000 listings,
    comparing every place's was a tenth of a rebuild)."""
    from rapidfuzz import fuzz

    by_word: dict[str, list[int]] = defaultdict(list)
    for index, (core, _) in enumerate(entries):
        for word in core.split():
            by_word[word].append(index)
    found: dict[int, dict[int, str]] = defaultdict(dict)
    for indexes in by_word.values():
        if len(indexes) > _COMMON_WORD:
            continue
        for position, i in enumerate(indexes):
            for j in indexes[position + 1:]:
                if j in found[i]:
                    continue
                (core_i, org_i), (core_j, org_j) = entries[i], entries[j]
                why = ""
                if fuzz.token_sort_ratio(core_i, core_j, score_cutoff=90):
                    why = "name"
                elif org_i and org_i == org_j and fuzz.token_set_ratio(core_i, core_j, score_cutoff=100):
                    why = "organization"
                if why:
                    found[i][j] = found[j][i] = why
    return found


def _zones_in_countries(catalog: Catalog) -> list[Problem]:
    """A meeting's zone that belongs to none of the group's countries is probably a slip
    (America/New_York for a group in GB); it may be right (a border town), so it is a warning."""
    problems = []
    for group in catalog.groups:
        countries = group.countries
        zones = [(("meetings", index, "timezone"), meeting.timezone) for index, meeting in enumerate(group.meetings)]
        if group.area_served and group.area_served.timezone:
            zones.append((("area_served", "timezone"), group.area_served.timezone))
        for field, zone in zones:
            if zone_outside_countries(zone, countries):
                path, line = _where(catalog, "groups", group.id, field)
                problems.append(Problem(path, line, field_name(field),
                                        f"'{zone}' is not a time zone of {'/'.join(countries)}, the listing's country; check it, or {suggestion(zone, countries)}",
                                        "warning"))
    return problems


def cross_check(catalog: Catalog, memo: dict[str, DuplicateMemo] | None = None) -> list[Problem]:
    """All the checks across files. `memo` (by kind folder; kept by the caller across loads of
    the same directory, as catalog.LoadMemo does) spares the duplicate checks the listings that
    did not change."""
    return _unique_ids(catalog) + _references(catalog) + _likely_duplicates(catalog, memo) + _zones_in_countries(catalog)

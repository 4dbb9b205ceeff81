"""The one registry of kinds: every fact about a kind of file under directory/ is spelled here once.

A kind's code (`record.kind`), its folder under directory/ and in the site's URLs, its model, the
Catalog attribute holding its records, its schema name (schemas/<schema>.schema.json, the
`peerdir new` argument, the issue form `add-<schema>.yml`), what messages call one of its files,
and, for listings, the titles the site shows. Code reads these tables instead of listing kinds;
templates get `directory_kinds` (code -> Kind) as a Jinja global (build/plugin.py).

The order is the order of everything that lists kinds: folders in messages, sections of pages,
files of the open data. Adding a kind is a model, an entry here, and a template.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.contract.models import Advocate, CrisisLine, Group, Organization, Training


@dataclass(frozen=True)
class Kind:
    code: str  # record.kind: "group"
    folder: str  # under directory/, in page URLs and data file names: "groups"
    attribute: str  # the Catalog's list of them: "groups"
    model: type
    schema: str  # schemas/<schema>.schema.json; `peerdir new <schema>`; issue form add-<schema>.yml
    file_label: str  # what messages call one file: "group listing"
    listing: bool = False  # a listing: its own page, the finder, the open data
    title: str = ""  # listings: browse page and finder title, "Support groups"
    singular: str = ""  # listings: one of them, as a feed category, "Group"
    intro: str = ""  # listings: the browse page's first sentence
    term: str = ""  # listings: the HSDS taxonomy term
    definition: str = ""  # listings: the HSDS taxonomy term's description

    @property
    def form(self) -> str:
        """The issue form that adds one (listings only): add-group.yml."""
        return f"add-{self.schema}.yml"


KINDS: tuple[Kind, ...] = (
    Kind("group", "groups", "groups", Group, "group", "group listing", True, "Support groups", "Group",
         intro="Peer support groups that meet in person, online, in hybrid form or by phone.",
         term="Peer support group", definition="A group of people with shared experience who meet to support each other."),
    Kind("advocate", "advocates", "advocates", Advocate, "advocate", "advocate listing", True, "Advocates", "Advocate",
         intro="People and organisations sharing lived experience online. Read the content notes before you follow.",
         term="Advocate", definition="A person or organisation sharing lived experience online."),
    Kind("training", "training", "training", Training, "training", "training listing", True, "Training", "Training",
         intro="Programmes to become a peer specialist or peer support worker, and where they count towards certification.",
         term="Peer specialist training", definition="A programme that trains or certifies peer specialists or peer support workers."),
    Kind("organization", "organizations", "organizations", Organization, "organization", "organisation file"),
    Kind("crisis_line", "crisis-lines", "crisis_lines", CrisisLine, "crisis-line", "crisis line file"),
)
LISTING_KINDS: tuple[Kind, ...] = tuple(kind for kind in KINDS if kind.listing)

BY_CODE: dict[str, Kind] = {kind.code: kind for kind in KINDS}
BY_FOLDER: dict[str, Kind] = {kind.folder: kind for kind in KINDS}

FOLDERS: tuple[str, ...] = tuple(kind.folder for kind in KINDS)
LISTING_FOLDERS: tuple[str, ...] = tuple(kind.folder for kind in LISTING_KINDS)
LISTING_CODES: tuple[str, ...] = tuple(kind.code for kind in LISTING_KINDS)
MODELS: dict[str, type] = {kind.folder: kind.model for kind in KINDS}  # folder -> model
FOLDER_OF_KIND: dict[str, str] = {kind.code: kind.folder for kind in KINDS}  # code -> folder

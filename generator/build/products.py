"""What a producer returns and what it is given: the shared types of the build (a leaf module).

Every page producer (pages/, finder/, embeds/) and file producer (exports/, finder/, embeds/)
imports its types from here, and build/plan.py imports the producers: so the producers never
import the module that lists them.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from generator.contract.catalog import Catalog


@dataclass(frozen=True)
class BuildSettings:
    """What producers need to know about the build, fixed for one build."""

    now: dt.datetime  # aware; "next meetings" are counted from here
    site_url: str  # with a trailing slash, or "" when unknown
    repo_url: str  # e.g. https://github.com/owner/repo, or ""
    edit_branch: str = "main"
    occurrences: int = 3  # next meetings a group page shows (directory.js shows as many)
    stale_months: int = 6
    contact_email: str = ""  # mkdocs.yml extra.contact_email: listing pages offer an e-mailed correction

    def edit_url(self, repo_path: str) -> str | None:
        return f"{self.repo_url}/edit/{self.edit_branch}/{repo_path}" if self.repo_url else None


@dataclass
class GeneratedPage:
    src_uri: str  # e.g. "groups/grief-circle-leeds.md"
    title: str
    template: str  # e.g. "directory/group.html", under theme/
    context: dict[str, Any] = field(default_factory=dict)
    edit_path: str | None = None  # repository path of the YAML behind the page
    description: str | None = None  # meta description
    searchable: bool = False  # in Material's full-text index (guides are; listings use the finder)
    whole_document: bool = False  # the template writes the whole HTML, without the site's frame
    lazy_context: Callable[[], dict[str, Any]] | None = None  # more context, worked out when rendered

    def template_context(self) -> dict[str, Any]:
        return {**self.context, **self.lazy_context()} if self.lazy_context else self.context


class Streamed:
    """A large generated file, made piece by piece only when it is written: its pieces are
    written one after the other and let go of, so a file of hundreds of megabytes (HSDS services
    at 50,000 listings) never sits whole in a build worker's memory. `bytes(streamed)` joins them
    (small sites, tests). Each call of `pieces()` makes them afresh, the same every time."""

    __slots__ = ("_make",)

    def __init__(self, make: Callable[[], Iterable[bytes]]) -> None:
        self._make = make

    def pieces(self) -> Iterable[bytes]:
        return self._make()

    def __bytes__(self) -> bytes:
        return b"".join(self._make())


FileContent = bytes | Streamed


def joined(content: FileContent) -> bytes:
    """A generated file's bytes, whole (a Streamed file's pieces joined)."""
    return bytes(content) if isinstance(content, Streamed) else content


def write_file_bytes(site_dir: str, path: str, content: FileContent) -> None:
    """Writes one generated file (a site-relative path with forward slashes) under `site_dir`."""
    target = os.path.join(site_dir, *path.split("/"))
    os.makedirs(os.path.dirname(target), exist_ok=True)
    with open(target, "wb") as handle:
        if isinstance(content, Streamed):
            for piece in content.pieces():
                handle.write(piece)
        else:
            handle.write(content)


T = TypeVar("T")


class Fragments:
    """While `mkdocs serve` runs: what the producers made of each record last build, kept so a
    rebuild after one listing changed makes only that listing's pieces again, and joins them with
    the others' kept ones (each data file is a function of the whole catalog: seconds at 10,000).

    A piece is named by what made it and by its record's identity: the catalog's models are
    frozen, and the catalog's LoadMemo hands back the same object for a file that did not
    change, a new one for a file that did. A piece may read its record, the catalog's shared
    parts (vocabularies, organisations, crisis lines, where it lives) and the build's settings,
    never another listing: `key` is the fingerprint of those shared parts, and when it differs
    from the last build's every piece is made again. Pieces are never changed once made.
    """

    def __init__(self) -> None:
        self.key: bytes | None = None
        self.pieces: dict[tuple[str, int], tuple[Any, Any]] = {}  # (maker, id(record)) -> (record, piece)
        self.makers: dict[int, tuple[Any, set[str]]] = {}  # id(record) -> (record, makers of its pieces)
        self.by_value: dict[str, tuple[Any, Any]] = {}  # name -> (value, piece): see per_value
        self.named: set[str] = set()  # the names asked for by this build's per_value
        self.memos: dict[str, Any] = {}  # name -> a producer's own memo of its last build: see kept

    def get_by_value(self, name: str, value: Any, make: Callable[[Any], T]) -> T:
        self.named.add(name)
        found = self.by_value.get(name)
        if found is not None and type(found[0]) is type(value) and found[0] == value:
            return found[1]  # type: ignore[no-any-return]
        piece = make(value)
        self.by_value[name] = (value, piece)
        return piece

    def get(self, name: str, record: Any, make: Callable[[], T]) -> T:
        found = self.pieces.get((name, id(record)))
        if found is not None and found[0] is record:  # the record is kept with it: its id stays its own
            return found[1]  # type: ignore[no-any-return]
        piece = make()
        self._put(name, record, piece)
        return piece

    def get_within(self, name: str, record: Any, within: Any, make: Callable[[], T]) -> T:
        found = self.pieces.get((name, id(record)))
        if found is not None and found[0] is record and found[1][0] is within:
            return found[1][1]  # type: ignore[no-any-return]
        piece = make()
        self._put(name, record, (within, piece))
        return piece

    def _put(self, name: str, record: Any, piece: Any) -> None:
        self.pieces[(name, id(record))] = (record, piece)
        found_makers = self.makers.get(id(record))
        if found_makers is None or found_makers[0] is not record:
            found_makers = self.makers[id(record)] = (record, set())
        found_makers[1].add(name)


_kept: Fragments | None = None  # the Fragments of the build running now, while serving


def per_record(name: str, record: Any, make: Callable[[], T]) -> T:
    """`make()`: a piece of a page or file that depends only on `record`, the catalog's shared
    parts and the settings (see Fragments); while serving, kept across rebuilds. `name` says what
    makes it, unique among the producers (e.g. "hsds.service")."""
    return make() if _kept is None else _kept.get(name, record, make)


def per_record_within(name: str, record: Any, within: Any, make: Callable[[], T]) -> T:
    """`make()`: as per_record, for a piece that also depends on `within`, an object standing for
    something all records share (such as per_value's piece of the finder's dictionaries, the same
    object while they are equal): made again when `within` is another object."""
    return make() if _kept is None else _kept.get_within(name, record, within, make)


def kept(name: str, make: Callable[[], T]) -> T | None:
    """While serving: the object kept under `name` across rebuilds (`make()` the first time, and
    again when the catalog's shared parts or the settings change), for a producer's own memo of
    what it made last build from which records (as the finder's index keeps its postings); None
    in a clean build. The memo's user must check what it remembers against this build's records."""
    if _kept is None:
        return None
    if name not in _kept.memos:
        _kept.memos[name] = make()
    return _kept.memos[name]  # type: ignore[no-any-return]


def keeping() -> bool:
    """Whether pieces are kept now (while serving): a producer may then make a file from kept
    pieces where a clean build makes it at once."""
    return _kept is not None


def per_value(name: str, value: Any, make: Callable[[Any], T]) -> T:
    """`make(value)`: a piece of a file that depends only on `value` (plain data: lists, dicts,
    strings, numbers), such as one output file's JSON; while serving, kept across rebuilds under
    `name` (unique among the producers, e.g. "api/finder/records/3.json") and made again only
    when `value` differs (==) from the value it was last made of. Comparing is many times
    quicker than encoding, and a change to one listing changes few of the finder's files,
    whatever their format. `value` must not be changed afterwards: it is kept
    to compare with. As == has it, 1, 1.0 and True are one value: give values whose types each
    place fixes (a model's float field is always a float). After a build that asked for any, the
    names it did not ask for are dropped."""
    return make(value) if _kept is None else _kept.get_by_value(name, value, make)


@contextmanager
def fragments_kept(fragments: Fragments, key: bytes, records: Iterable[Any]) -> Iterator[None]:
    """While producers run in this process: their per-record pieces kept in `fragments` (`key`:
    the fingerprint of the catalog's shared parts and the settings; `records`: the catalog's).
    Afterwards the pieces of records no longer in the catalog are dropped, with the records."""
    global _kept
    if fragments.key != key:
        fragments.key, fragments.pieces, fragments.makers, fragments.memos = key, {}, {}, {}
    _kept = fragments
    fragments.named = set()
    try:
        yield
    finally:
        _kept = None
        if fragments.named:  # else the file producers did not run (the data did not change): all kept
            fragments.by_value = {name: found for name, found in fragments.by_value.items() if name in fragments.named}
        alive = {id(record): record for record in records}
        # By record, not by piece: a rebuild drops a few records' pieces out of some 70,000.
        for number, (record, makers) in list(fragments.makers.items()):
            if alive.get(number) is not record:
                del fragments.makers[number]
                for maker in makers:
                    found = fragments.pieces.get((maker, number))
                    if found is not None and found[0] is record:
                        del fragments.pieces[(maker, number)]


PageProducer = Callable[["Catalog", BuildSettings], list[GeneratedPage]]
FileProducer = Callable[["Catalog", BuildSettings], Mapping[str, FileContent]]

"""While `mkdocs serve` runs: the last build's site kept, so a rebuild renders and writes only
the pages and files whose inputs changed.

MkDocs empties the site folder before every build, and at 10,000 listings deleting and writing
again ~30,000 files is most of a rebuild on a busy disk; rendering 10,000 pages is most of the
rest. So, while serving (a `mkdocs build` is always clean):

- before MkDocs cleans, the whole site folder is renamed aside (`set_aside`: one rename), and
  MkDocs builds its own pages and assets into an empty folder;
- every output the plugin makes has a fingerprint: a page, of what it is made from (its
  template, title, description, context and lazy context's arguments, the catalog's shared
  parts and the build's environment: `page_inputs`); a generated file, of its bytes;
- an output whose fingerprint is the one it had last build is left where it is in the folder set
  aside; the others are rendered and written there; files of the last build that this one does
  not make are deleted there; MkDocs' new files are moved in; then the two folders swap names.

The result is the same files, byte for byte, as a clean build (tests/test_incremental_build.py).

What a fingerprint sees: models by identity (they are frozen, and the catalog's LoadMemo hands
back the same object for a file that did not change, a new one for a file that did), other
values by value; the catalog itself stands for its shared parts (vocabularies, organisations,
crisis lines, where it lives) and the set of pages the build makes (`directory_has_page`). So a
page's template may read the catalog's labels and organisations, but listings only through the
page's own context: that is how every producer passes them today.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import os
import pickle
import shutil
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel
from pydantic import BaseModel

from generator.build.products import GeneratedPage
from generator.contract.catalog import Catalog

_PLAIN = (str, int, float, bool, bytes, type(None), dt.date, dt.time, dt.timedelta, dt.tzinfo, Path)


class _Opaque(Exception):
    """A value a fingerprint cannot see into: its page is always rendered again."""


def _token(value: Any, catalog: Catalog, keep: list[Any], pickled: dict[int, Any] | None = None) -> Any:
    """A picklable stand-in for `value`: equal tokens mean equal values (see the module's note).
    `pickled`: the tokens of values pickled so far in this build, by identity (the build's
    settings are in every listing page's context: pickled once, not 10,000 times)."""
    if isinstance(value, _PLAIN):
        return value
    if value is catalog:
        return ("catalog",)
    if isinstance(value, BaseModel):
        if value.model_config.get("frozen"):
            keep.append(value)  # alive while its token is remembered: its id stays its own
            return ("model", id(value))
        return ("value", type(value).__qualname__, value.model_dump_json())
    if isinstance(value, dict):
        return ("dict", tuple((_token(k, catalog, keep, pickled), _token(v, catalog, keep, pickled)) for k, v in value.items()))
    if isinstance(value, (list, tuple)):
        if value and all(isinstance(item, BaseModel) and item.model_config.get("frozen") for item in value):
            keep.extend(value)  # a facet page's listings: the common case, made quick
            return (type(value).__name__, "models", tuple(map(id, value)))
        return (type(value).__name__, tuple(_token(item, catalog, keep, pickled) for item in value))
    if isinstance(value, functools.partial):
        return ("partial", value.func.__module__, value.func.__qualname__,
                _token(value.args, catalog, keep, pickled), _token(value.keywords, catalog, keep, pickled))
    found = pickled.get(id(value)) if pickled is not None else None
    if found is not None and found[0] is value:
        return found[1]
    try:
        token = ("pickled", pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
    except Exception as error:  # a lambda, a generator...: no fingerprint
        raise _Opaque from error
    if pickled is not None:
        pickled[id(value)] = (value, token)  # the value kept with it: its id stays its own
    return token


def catalog_inputs(catalog: Catalog | None, keep: list[Any]) -> Any:
    """What every page may read from the catalog besides its own context."""
    if catalog is None:
        return None
    return (str(catalog.root), pickle.dumps(catalog.vocabularies, protocol=pickle.HIGHEST_PROTOCOL),
            _token(catalog.organizations, catalog, keep), _token(catalog.crisis_lines, catalog, keep))


def tree_state(*folders: str | os.PathLike[str]) -> list[tuple[str, int, int]]:
    """Every file under the folders, with its size and modification time: a theme or guide
    edited changes the shells and navigation every page is framed in."""
    found = []
    for folder in folders:
        for parent, dirs, files in os.walk(folder):
            dirs.sort()
            for name in sorted(files):
                path = os.path.join(parent, name)
                try:
                    stat = os.stat(path)
                except OSError:
                    continue
                found.append((path, stat.st_size, stat.st_mtime_ns))
    return found


def page_inputs(generated: GeneratedPage, catalog: Catalog | None, shared: bytes, keep: list[Any],
                pickled: dict[int, Any] | None = None) -> bytes | None:
    """The fingerprint of what a page is rendered from, or None when it cannot be told
    (`pickled`: see _token)."""
    try:
        token = (generated.src_uri, generated.title, generated.template, generated.edit_path, generated.description,
                 generated.searchable, generated.whole_document,
                 _token(generated.context, catalog, keep, pickled) if catalog is not None else pickle.dumps(generated.context),
                 _token(generated.lazy_context, catalog, keep, pickled) if catalog is not None else None)
    except (_Opaque, pickle.PicklingError, TypeError):
        return None
    return hashlib.blake2b(pickle.dumps(token, protocol=pickle.HIGHEST_PROTOCOL), digest_size=16, key=shared).digest()


def _digest(value: Any) -> bytes:
    return hashlib.blake2b(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL), digest_size=16).digest()


def data_inputs(catalog: Catalog, settings: Any, keep: list[Any]) -> bytes:
    """The fingerprint of what the file producers read: the catalog (its listings by identity)
    and the build's settings. An edited guide or template leaves it as it was."""
    key = _digest((catalog_inputs(catalog, keep), tuple(map(id, catalog.listings)), settings))
    keep += catalog.listings  # alive while the key names them by id
    return key


def shared_data_inputs(catalog: Catalog, settings: Any, keep: list[Any]) -> bytes:
    """The fingerprint of what a file producer's piece of one listing may read besides the
    listing: the catalog's shared parts and the build's settings (build.products.Fragments)."""
    return _digest((catalog_inputs(catalog, keep), settings))


def shared_inputs(catalog: Catalog | None, settings: Any, config_file: str | None, folders: list[str],
                  other_pages: list[str], keep: list[Any]) -> bytes:
    """What frames every page besides its own inputs: the catalog's shared parts, the build's
    settings and configuration file, the theme and guides, and which pages exist beyond the
    listings' own (templates link to a facet's page only if it exists: directory_has_page)."""
    return _digest((catalog_inputs(catalog, keep), settings, Path(config_file).read_bytes() if config_file else b"",
                    tree_state(*folders), other_pages))


class MemoryBytecodeCache(jinja2.BytecodeCache):
    """Compiled templates kept in memory across `mkdocs serve` rebuilds: compiling Material's and
    our templates again is seconds of every rebuild. jinja2 reuses a template's code only if its
    source's checksum is the one it was compiled from, so an edited template is compiled again."""

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self.compiled.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


class ExcludedFiles:
    """While serving: the MkDocs File of each page and data file the plugin writes itself
    ("excluded": MkDocs neither reads nor writes it), handed out again build after build, with
    its URL and paths worked out once: at 10,000 listings, making 17,000 Files again was a tenth
    of a second of every rebuild. Only the last build's are kept."""

    def __init__(self) -> None:
        self.last: dict[tuple[str, type, str, bool], File] = {}
        self.now: dict[tuple[str, type, str, bool], File] = {}

    def next_build(self) -> None:
        self.last, self.now = self.now, {}

    def get(self, config: MkDocsConfig, src_uri: str, content: str | bytes) -> File:
        key = (src_uri, type(content), config.site_dir, config.use_directory_urls)
        file = self.last.get(key)
        if file is None:
            file = File.generated(config, src_uri, content=content, inclusion=InclusionLevel.EXCLUDED)
        file.page = None  # the last build's, if it rendered one (direct_pages.py)
        self.now[key] = file
        return file


class KeptFiles(Files):
    """While serving: MkDocs' Files, whose documentation_pages() is worked out once per set of
    files once `settled` (from `on_env`: MkDocs and the plugins have set every File's inclusion
    by then). MkDocs asks for it for every template and page it renders, and each time walks
    every File: at 10,000 listings, 17,000 Files ten times a rebuild (a tenth of a second)."""

    def __init__(self, files: Iterable[File]) -> None:
        super().__init__(files)
        self._pages: dict[Any, Sequence[File]] = {}  # by the inclusion test asked with
        self.settled = False

    def settle(self) -> KeptFiles:
        self.settled = True
        self._pages.clear()
        return self

    def append(self, file: File) -> None:
        self._pages.clear()
        super().append(file)

    def remove(self, file: File) -> None:
        self._pages.clear()
        super().remove(file)

    def documentation_pages(self, *, inclusion: Callable[[InclusionLevel], bool] = InclusionLevel.is_included) -> Sequence[File]:
        found = self._pages.get(inclusion) if self.settled else None
        if found is None:
            found = super().documentation_pages(inclusion=inclusion)
            if self.settled:
                self._pages[inclusion] = found
        return list(found)  # a list of its own, as MkDocs' is


def file_inputs(content: bytes) -> bytes:
    return hashlib.blake2b(content, digest_size=16).digest()


def _move_in(source_root: str, target_root: str, relative: str) -> None:
    target = os.path.join(target_root, relative)
    if os.path.isdir(target) and not os.path.islink(target):
        shutil.rmtree(target)
    os.makedirs(os.path.dirname(target), exist_ok=True)
    os.replace(os.path.join(source_root, relative), target)


def _files_under(root: str) -> list[str]:
    return [os.path.relpath(os.path.join(parent, name), root) for parent, _, names in os.walk(root) for name in names]


def _remove(root: str, relatives: Iterable[str]) -> None:
    parents = set()
    for relative in relatives:
        try:
            os.unlink(os.path.join(root, relative))
        except FileNotFoundError:
            pass
        parents.add(os.path.dirname(relative))
    # Folders left empty go too: a clean build has none.
    for parent in sorted(parents, key=lambda p: -p.count(os.sep)):
        while parent:
            try:
                os.rmdir(os.path.join(root, parent))
            except OSError:
                break
            parent = os.path.dirname(parent)


@dataclass
class KeptSite:
    """The plugin's memory of the last served build (one per `mkdocs serve`)."""

    # site path (forward slashes) -> fingerprint of what the last build made it from
    fingerprints: dict[str, bytes] = field(default_factory=dict)
    files: set[str] = field(default_factory=set)  # every file of the last build (os.sep paths)
    keep: list[Any] = field(default_factory=list)  # the models the fingerprints name by id
    # site path -> the bytes of the last build's generated file: the same bytes again (often the
    # same object: a file the producers kept, build.products) keep their fingerprint unhashed
    contents: dict[str, bytes] = field(default_factory=dict)
    aside: str | None = None  # the last build's site folder, while this build runs
    made_by_mkdocs: list[str] = field(default_factory=list)  # this build's own files from MkDocs

    def set_aside(self, site_dir: str) -> None:
        """Before MkDocs empties the site folder: the last build's folder renamed aside whole."""
        self.aside = None
        if not self.files or not os.path.isdir(site_dir):
            return
        aside = site_dir.rstrip(os.sep) + ".kept"
        shutil.rmtree(aside, ignore_errors=True)
        os.rename(site_dir, aside)
        os.mkdir(site_dir)
        self.aside = aside

    def forget(self) -> None:
        """After a failed build: the next one starts clean."""
        if self.aside:
            shutil.rmtree(self.aside, ignore_errors=True)
        self.aside, self.fingerprints, self.files, self.keep, self.contents = None, {}, set(), [], {}

    def unchanged(self, path: str, fingerprint: bytes | None) -> bool:
        """Whether this output of the build is, as its inputs show, the file set aside."""
        return (self.aside is not None and fingerprint is not None and self.fingerprints.get(path) == fingerprint
                and path.replace("/", os.sep) in self.files)

    def changed(self, pages: list[GeneratedPage], dest_of: Callable[[GeneratedPage], str], files: Mapping[str, bytes | None],
                catalog: Catalog | None, shared: bytes, keep: list[Any]) -> tuple[
                    list[GeneratedPage], dict[str, bytes | None], dict[str, bytes | None]]:
        """The pages and files whose inputs differ from the last build's, and the fingerprint of
        every output (by site path)."""
        fingerprints: dict[str, bytes | None] = {}
        changed_pages = []
        pickled: dict[int, Any] = {}
        for generated in pages:
            path = dest_of(generated)
            fingerprints[path] = page_inputs(generated, catalog, shared, keep, pickled)
            if not self.unchanged(path, fingerprints[path]):
                changed_pages.append(generated)
        changed_files: dict[str, bytes | None] = {}
        contents: dict[str, bytes] = {}
        for path, content in files.items():
            assert content is not None  # while serving, producers send their bytes back
            contents[path] = content
            last = self.contents.get(path)
            # Comparing bytes is many times quicker than hashing them (the files made anew, such
            # as HSDS', are mostly the same as last build's).
            fingerprints[path] = self.fingerprints.get(path) if last is content or last == content else None
            if fingerprints[path] is None:
                fingerprints[path] = file_inputs(content)
            if not self.unchanged(path, fingerprints[path]):
                changed_files[path] = content
        self.contents = contents
        return changed_pages, changed_files, fingerprints

    def target(self, site_dir: str) -> str:
        """Where this build writes the outputs it renders: the folder set aside, when there is one."""
        return self.aside or site_dir

    def prepare(self, site_dir: str, outputs: Iterable[str]) -> None:
        """Into the folder set aside: MkDocs' files of this build in, and the last build's files
        that this one does not make (or makes again) out."""
        self.made_by_mkdocs = _files_under(site_dir)  # before any output of ours is written
        if self.aside is None:
            return
        for relative in self.made_by_mkdocs:
            _move_in(site_dir, self.aside, relative)
        ours = {path.replace("/", os.sep) for path in outputs}
        _remove(self.aside, self.files - ours - set(self.made_by_mkdocs))

    def finish(self, site_dir: str, fingerprints: dict[str, bytes | None], keep: list[Any]) -> None:
        """After every output is written: the folder set aside becomes the site, and this build
        is remembered."""
        if self.aside is not None:
            old = site_dir.rstrip(os.sep) + ".old"
            shutil.rmtree(old, ignore_errors=True)
            os.rename(site_dir, old)
            os.rename(self.aside, site_dir)
            shutil.rmtree(old, ignore_errors=True)
            self.aside = None
        self.fingerprints = {path: value for path, value in fingerprints.items() if value is not None}
        self.files = {*self.made_by_mkdocs, *(path.replace("/", os.sep) for path in fingerprints)}
        self.keep = keep

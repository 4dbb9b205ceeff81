"""`peerdir validate FILE`: some files checked against the rest of the directory, without loading it all.

A contributor checks the file they are editing, again and again. Loading 10,000 listings to check
one takes seconds; what one file's checks need from the others is small: which ids exist, which
organisations, and, for likely duplicates, the listings of the same kind with the same website or
phone or in the same place. So every file's outcome is kept in an index (SQLite, in the user's
cache folder, one per directory) by fingerprint: size and modification time, and, when those
changed, a hash of the content (a file saved unchanged is not checked again). A file checked
valid keeps its id, what the duplicate checks group by, and its model (pickled; read back only
when a selected file may be its duplicate).

The selected files are always read and validated afresh; the other files come from the index,
and those whose fingerprint changed are loaded again (by forked workers when there are many).
The cross-file checks are cross_checks.cross_check itself, run on a small catalog of the
selected files and the listings they could clash with; its problems at the selected files are
the ones a whole load reports there (tests/test_file_check.py compares).

The index depends on the vocabularies and on `today` (a review date may not be after it): when
either changes, it starts again. Any trouble with it (a locked or damaged file) and the caller
loads the whole directory instead.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import pickle
import sqlite3
from pathlib import Path
from typing import Any

from generator.contract.catalog import (
    FOLDERS, VOCABULARY_FOLDER, Catalog, LoadResult, SourceFile, _check_one, _display, _is_yaml_name, _load_files,
    load_vocabularies, _read_one, _stray_yaml_files, yaml_files,
)
from generator.contract.cross_checks import cross_check, normalised_website
from generator.contract.problems import sort_problems
from generator.contract.yaml_loader import LoadedDocument
from generator.kinds import BY_FOLDER, KINDS
from generator.workers import cyclic_gc_paused

_VERSION = 1
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (id INTEGER PRIMARY KEY CHECK (id = 1), header BLOB);
CREATE TABLE IF NOT EXISTS files (
    folder TEXT, path TEXT, size INTEGER, mtime_ns INTEGER, digest BLOB,
    record_id TEXT, website TEXT, phone TEXT, place TEXT, model BLOB, PRIMARY KEY (folder, path));
CREATE INDEX IF NOT EXISTS by_website ON files (folder, website);
CREATE INDEX IF NOT EXISTS by_phone ON files (folder, phone);
CREATE INDEX IF NOT EXISTS by_place ON files (folder, place);
"""
# A file: its kind folder, its absolute path and its path as shown (strings: 10,000 Paths cost).
_File = tuple[str, str, str]


def cache_path(root: Path) -> Path:
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "peerdir"
    name = hashlib.blake2b(str(root.resolve()).encode(), digest_size=10).hexdigest()
    return base / f"validate-{name}.sqlite"


def _digest(path: str | Path) -> bytes:
    with open(path, "rb") as handle:
        return hashlib.blake2b(handle.read(), digest_size=16).digest()


def _groups(record: Any) -> tuple[str | None, str | None, str]:
    """What the duplicate checks group a listing by: website, phone, and place (countries, town)."""
    contact = getattr(record, "contact", None)
    location = getattr(record, "location", None)
    return (normalised_website(record.website) if getattr(record, "website", None) else None,
            contact.phone if contact and contact.phone else None,
            ",".join(getattr(record, "countries", ())) + "|" + (location.locality.lower() if location else ""))


def _row(folder: str, path: str, stat: os.stat_result, digest: bytes, record: Any) -> tuple[Any, ...]:
    if record is None:
        return (folder, path, stat.st_size, stat.st_mtime_ns, digest, None, None, None, None, None)
    return (folder, path, stat.st_size, stat.st_mtime_ns, digest, record.id, *_groups(record),
            pickle.dumps(record, protocol=pickle.HIGHEST_PROTOCOL))


def _header(root: Path, today: dt.date) -> bytes:
    vocabularies = tuple((p.name, _digest(p)) for p in yaml_files(root / VOCABULARY_FOLDER))
    return pickle.dumps((_VERSION, today.isoformat(), vocabularies))


def _open(store: Path, header: bytes) -> sqlite3.Connection:
    store.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(store, timeout=5)
    # A cache: no waiting for the disk at every commit (a damaged file is deleted and rebuilt).
    db.execute("PRAGMA synchronous = OFF")
    db.executescript(_SCHEMA)
    found = db.execute("SELECT header FROM meta").fetchone()
    if found is None or found[0] != header:
        db.execute("DELETE FROM files")
        db.execute("INSERT OR REPLACE INTO meta VALUES (1, ?)", (header,))
    return db


def _refresh(db: sqlite3.Connection, others: list[_File], vocabularies: dict[str, Any], today: dt.date) -> None:
    """The index brought up to date for every file in `others`, and rid of files gone."""
    # By path (an absolute path is in one folder); a file's digest is read from the index only
    # when its size or time changed (reading all 10,000 was a tenth of this).
    known = {path: (size, mtime, folder) for path, size, mtime, folder
             in db.execute("SELECT path, size, mtime_ns, folder FROM files")}
    stale: list[tuple[str, str, str, os.stat_result, bytes]] = []
    touched = []
    for folder, path, display in others:
        stat = os.stat(path)
        before = known.pop(path, None)
        if before is not None and before[:2] == (stat.st_size, stat.st_mtime_ns):
            continue
        digest = _digest(path)
        if before is not None and db.execute("SELECT digest FROM files WHERE folder = ? AND path = ?",
                                             (folder, path)).fetchone() == (digest,):  # saved again unchanged
            touched.append((stat.st_size, stat.st_mtime_ns, folder, path))
            continue
        stale.append((folder, path, display, stat, digest))
    db.executemany("DELETE FROM files WHERE folder = ? AND path = ?", [(folder, path) for path, (_, _, folder) in known.items()])
    db.executemany("UPDATE files SET size = ?, mtime_ns = ? WHERE folder = ? AND path = ?", touched)
    # Parsed by forked workers when there are many (a first run, a branch switched).
    context = {"vocabularies": vocabularies, "today": today}
    checked = _load_files([(folder, Path(path), display) for folder, path, display, _, _ in stale], context)
    db.executemany("INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                   [_row(folder, path, stat, digest, record)
                    for (folder, path, _, stat, digest), (record, _, _) in zip(stale, checked, strict=True)])


class _Known:
    """An organisation known only by its id: all cross_check asks of one not selected."""

    def __init__(self, record_id: str) -> None:
        self.id = record_id


def check_files(root: Path, targets: list[Path], today: dt.date | None = None) -> LoadResult | None:
    """The problems of `targets` (files in the kind folders of `root`) as a whole load reports
    them, with its count of files checked; None when this way cannot tell (the vocabularies
    have errors, the index cannot be used): then the caller loads the whole directory."""
    root = Path(root)
    if any(path.parent.name not in BY_FOLDER or path.parent.parent.resolve() != root.resolve() for path in targets):
        return None  # a file outside the kinds' folders: the whole load says why nothing reads it
    try:
        with cyclic_gc_paused():
            return _check_files(root, targets, today or dt.date.today())
    except sqlite3.DatabaseError:
        cache_path(root).unlink(missing_ok=True)  # damaged: the next run starts it again
        return None
    except (sqlite3.Error, OSError, pickle.UnpicklingError):
        return None


def _directory_files(root: Path) -> tuple[list[_File], dict[str, str]]:
    shown_folders = {folder: _display(root / folder) for folder in FOLDERS}
    files: list[_File] = []
    for folder in FOLDERS:
        absolute = str((root / folder).absolute())
        if os.path.isdir(absolute):
            with os.scandir(absolute) as entries:
                names = sorted(e.name for e in entries if _is_yaml_name(e.name) and e.is_file())
            # Joined as text: os.path.join is most of this at 10,000 files, and gives the same here.
            folder_path, shown = absolute + os.sep, os.path.join(shown_folders[folder], "")
            files += [(folder, folder_path + name, shown + name) for name in names]
    return files, shown_folders


def _check_files(root: Path, targets: list[Path], today: dt.date) -> LoadResult | None:
    vocabularies, problems, files_checked = load_vocabularies(root)
    if problems:
        return None
    files, shown_folders = _directory_files(root)
    selected = {(path.parent.name, str(path.absolute())) for path in targets if path.parent.name in BY_FOLDER}
    db = _open(cache_path(root), _header(root, today))
    try:
        with db:  # one transaction: committed at the end, rolled back on any error
            _refresh(db, [f for f in files if (f[0], f[1]) not in selected], vocabularies, today)
            catalog = Catalog(root=root, vocabularies=vocabularies)
            records: dict[str, list[Any]] = {folder: [] for folder in FOLDERS}
            context = {"vocabularies": vocabularies, "today": today}
            chosen: list[tuple[str, Any]] = []
            for folder, path_text, display in files:
                if (folder, path_text) not in selected:
                    continue
                path = Path(path_text)
                record, loaded, found = _check_one((folder, path, display), _read_one(folder, path, display), context)
                problems.extend(found)
                if record is not None and loaded is not None and (folder, record.id) not in catalog.sources:
                    catalog.sources[(folder, record.id)] = SourceFile(folder, display, loaded, path)
                    records[folder].append(record)
                    chosen.append((folder, record))
                db.execute("INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                           _row(folder, path_text, os.stat(path_text), _digest(path_text), record))
            _add_others(db, catalog, records, chosen, selected, shown_folders)
    finally:
        db.close()
    for kind in KINDS:
        setattr(catalog, kind.attribute, sorted(records[kind.folder], key=lambda r: r.id))
    displays = {catalog.sources[(folder, record.id)].display for folder, record in chosen}
    problems.extend(p for p in cross_check(catalog) if p.path in displays)
    return LoadResult(None, sort_problems(problems), files_checked + len(files) + len(_stray_yaml_files(root)))


def _add_others(db: sqlite3.Connection, catalog: Catalog, records: dict[str, list[Any]], chosen: list[tuple[str, Any]],
                selected: set[tuple[str, str]], shown_folders: dict[str, str]) -> None:
    """Every other id (unique ids), every organisation (references), and the listings a selected
    one may be a duplicate of (same kind, and same website, phone or place), as a whole load
    would have them."""
    empty = LoadedDocument(data={})
    # Ids: only the files that share a selected file's id can make it not unique.
    ids = sorted({record.id for _, record in chosen})
    query = f"SELECT folder, path, record_id FROM files WHERE record_id IN ({','.join('?' * len(ids))}) ORDER BY folder, path"
    for folder, path_text, record_id in db.execute(query, ids):
        if (folder, path_text) not in selected and (folder, record_id) not in catalog.sources:
            shown = os.path.join(shown_folders[folder], os.path.basename(path_text))
            catalog.sources[(folder, record_id)] = SourceFile(folder, shown, empty)
    # Organisations: every id, for references and their "did you mean".
    if not any(folder == "organizations" for folder, _ in chosen):
        records["organizations"] = [_Known(record_id) for (record_id,) in db.execute(
            "SELECT record_id FROM files WHERE folder = 'organizations' AND record_id IS NOT NULL ORDER BY record_id")]
    else:
        chosen_orgs = {record.id for folder, record in chosen if folder == "organizations"}
        records["organizations"] += [_Known(record_id) for path_text, record_id in db.execute(
            "SELECT path, record_id FROM files WHERE folder = 'organizations' AND record_id IS NOT NULL ORDER BY path")
            if ("organizations", path_text) not in selected and record_id not in chosen_orgs]
    present = {(folder, record.id) for folder, record in chosen}
    for folder, record in chosen:
        website, phone, place = _groups(record)
        query = "SELECT path, model FROM files WHERE folder = ? AND record_id IS NOT NULL AND (place = ? OR website = ? OR phone = ?)"
        for path_text, model in db.execute(query, (folder, place, website, phone)):
            if (folder, path_text) in selected or folder == "organizations":
                continue
            other = pickle.loads(model)
            if (folder, other.id) not in present:
                present.add((folder, other.id))
                records[folder].append(other)
                shown = os.path.join(shown_folders[folder], os.path.basename(path_text))
                catalog.sources.setdefault((folder, other.id), SourceFile(folder, shown, empty))

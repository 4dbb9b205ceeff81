"""Loads the whole directory into a validated, cross-checked Catalog.

The CLI and the MkDocs build both call `load_catalog()`, so they print the same messages.
It knows nothing of MkDocs.
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from generator.contract.cross_checks import cross_check
from generator.contract.load_memo import Checked as _Checked, Job as _Job, LoadMemo, folder_jobs, load_remembered
from generator.workers import can_fork, cyclic_gc_paused, fork_map
from generator.contract.messages import problems_from_validation_error
from generator.contract.models import Advocate, CrisisLine, Group, Listing, Organization, Training, Vocabulary
from generator.contract.problems import Problem, sort_problems
from generator.contract.suggest import closest, did_you_mean
from generator.contract.yaml_loader import LoadedDocument, load_yaml_file
from generator.kinds import BY_FOLDER, FOLDER_OF_KIND, FOLDERS, KINDS, LISTING_FOLDERS, MODELS

VOCABULARY_FOLDER = "vocabularies"
REQUIRED_VOCABULARIES = (
    "topics", "audiences", "attendance", "facilitation", "joining", "cost",
    "listing_basis", "platforms", "credential_types",
)
SCHEMA_NAMES: dict[str, str] = {**{kind.folder: kind.schema for kind in KINDS}, VOCABULARY_FOLDER: "vocabulary"}
KIND_LABELS = {kind.folder: kind.file_label for kind in KINDS}
MODELINE = "# yaml-language-server: $schema="
T = TypeVar("T")


@dataclass(frozen=True)
class SourceFile:
    """Where a record came from: the file as shown to people, and its lines."""

    folder: str
    display: str
    document: LoadedDocument
    path: Path | None = None


@dataclass
class Catalog:
    root: Path
    vocabularies: dict[str, Vocabulary]
    groups: list[Group] = field(default_factory=list)
    advocates: list[Advocate] = field(default_factory=list)
    training: list[Training] = field(default_factory=list)
    organizations: list[Organization] = field(default_factory=list)
    crisis_lines: list[CrisisLine] = field(default_factory=list)
    sources: dict[tuple[str, str], SourceFile] = field(default_factory=dict)
    warnings: list[Problem] = field(default_factory=list)

    @property
    def listings(self) -> list[Listing]:
        return [*self.groups, *self.advocates, *self.training]

    def organization(self, org_id: str | None) -> Organization | None:
        return self._organizations_by_id().get(org_id) if org_id else None

    def _organizations_by_id(self) -> dict[str, Organization]:
        # Built once: every listing page asks for its organisation. Rebuilt if the list is replaced.
        cached = self.__dict__.get("_by_id")
        if cached is None or cached[0] is not self.organizations:
            cached = (self.organizations, {o.id: o for o in self.organizations})
            self.__dict__["_by_id"] = cached
        return cached[1]

    def derived(self, name: str, make: Callable[[], T]) -> T:
        """`make()`, a value worked out from this catalog that several producers read (the finder's
        order of listings, its facet dictionaries), made once per catalog: again only if a list of
        records was replaced since. The value is shared: read it, never change it."""
        lists = (self.groups, self.advocates, self.training, self.organizations, self.crisis_lines, self.vocabularies)
        memo = self.__dict__.setdefault("_derived", {})
        found = memo.get(name)
        if found is None or any(a is not b for a, b in zip(found[0], lists, strict=True)):
            found = memo[name] = (lists, make())
        return found[1]  # type: ignore[no-any-return]

    def records(self) -> list[Any]:
        """Every record of every kind: listings, organisations, crisis lines."""
        return [*self.listings, *self.organizations, *self.crisis_lines]

    def source_of(self, record: Any) -> SourceFile:
        return self.sources[(FOLDER_OF_KIND[record.kind], record.id)]

    def label(self, vocabulary: str, term: str) -> str:
        return self.vocabularies[vocabulary].terms[term].label


@dataclass
class LoadResult:
    catalog: Catalog | None
    problems: list[Problem]
    files_checked: int

    @property
    def ok(self) -> bool:
        return self.catalog is not None and not any(p.severity == "error" for p in self.problems)


def _display(path: Path) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)


def _is_yaml_name(name: str) -> bool:
    """Whether `Path(name).suffix` is '.yml' or '.yaml', without making a Path."""
    dot = name.rfind(".")
    return 0 < dot < len(name) - 1 and name[dot:] in (".yml", ".yaml")


def yaml_names(folder: Path) -> list[str]:
    """The names of the YAML files in `folder`, sorted: one read of the folder, which says which
    entries are files without a stat of each (except symbolic links, which are followed)."""
    if not folder.is_dir():
        return []
    with os.scandir(folder) as entries:
        return sorted(entry.name for entry in entries if _is_yaml_name(entry.name) and entry.is_file())


def yaml_files(folder: Path) -> list[Path]:
    """The YAML files in `folder`, by name (see yaml_names)."""
    return [folder / name for name in yaml_names(folder)]


def _check_file_name(path: Path, display: str, folder: str, loaded: LoadedDocument | Problem) -> list[Problem]:
    """The file's name and its schema line: from the text already read, or (when the file could
    not be parsed) from its first line."""
    problems = []
    if path.suffix != ".yml":
        problems.append(Problem(display, 1, "", "listing files end in '.yml', not '.yaml'"))
    if isinstance(loaded, LoadedDocument):
        first = loaded.first_line
    else:
        try:
            with path.open("rb") as handle:
                # Up to a CR too: a file with CR-only line endings is reported as that, not as
                # a missing schema line.
                first = handle.readline().decode("utf-8", "replace").removeprefix("\ufeff").split("\r", 1)[0].strip()
        except OSError:
            return problems
    schema = f"{SCHEMA_NAMES[folder]}.schema.json"
    if not (first.startswith(MODELINE) and first.endswith(schema)):
        problems.append(Problem(display, 1, "", f"the first line must be the schema line '{MODELINE}../../schemas/{schema}' (it lets editors check the file as you type)"))
    return problems


def validate_document(model: type[BaseModel], document: LoadedDocument, display: str, folder: str, context: dict) -> tuple[Any, list[Problem]]:
    try:
        return model.model_validate(document.data, context=context), []
    except ValidationError as error:
        return None, problems_from_validation_error(error, model, document, display, KIND_LABELS.get(folder, "file"))


def load_vocabularies(root: Path) -> tuple[dict[str, Vocabulary], list[Problem], int]:
    vocabularies: dict[str, Vocabulary] = {}
    problems: list[Problem] = []
    files = yaml_files(root / VOCABULARY_FOLDER)
    for path in files:
        display = _display(path)
        loaded = load_yaml_file(path, display)
        problems.extend(_check_file_name(path, display, VOCABULARY_FOLDER, loaded))
        if isinstance(loaded, Problem):
            problems.append(loaded)
            continue
        vocabulary, found = validate_document(Vocabulary, loaded, display, VOCABULARY_FOLDER, {})
        problems.extend(found)
        if vocabulary is not None:
            vocabularies[path.stem.replace("-", "_")] = vocabulary
    for name in REQUIRED_VOCABULARIES:
        if name not in vocabularies and not any(p.path.endswith(f"{name.replace('_', '-')}.yml") for p in problems):
            problems.append(Problem(_display(root / VOCABULARY_FOLDER), 1, "", f"the vocabulary file '{name.replace('_', '-')}.yml' is missing"))
    return vocabularies, problems, len(files)


# What reading one file gives, and all a worker sends back for it: the parsed data (None if the
# file could not be read or parsed), the line of every key and item, and the problems so far.
_Read = tuple["dict[str, Any] | None", "dict[Any, int]", list[Problem]]


def _read_one(folder: str, path: Path, display: str) -> _Read:
    """Read and parse one file, and check its name and schema line."""
    loaded = load_yaml_file(path, display)
    problems = _check_file_name(path, display, folder, loaded)
    if isinstance(loaded, Problem):
        return None, {}, [*problems, loaded]
    return loaded.data, loaded.lines, problems


def _check_one(job: _Job, read: _Read, context: dict) -> _Checked:
    """Validate one parsed file."""
    folder, path, display = job
    data, lines, problems = read
    if data is None:
        return None, None, problems
    loaded = LoadedDocument(data=data, lines=lines)
    record, found = validate_document(MODELS[folder], loaded, display, folder, context)
    problems = [*problems, *found]
    if record is not None and record.id != path.stem:
        problems.append(Problem(display, loaded.line_of(("id",)), "id", f"'{record.id}' must be the same as the file name '{path.stem}'; rename one of them"))
        record = None
    if record is not None:
        # The record holds the data now; keep only the lines, for messages (memory at 50,000 files).
        loaded = LoadedDocument(data={}, lines=lines)
    return record, loaded, problems


def _read_range(jobs: list[_Job], bounds: tuple[int, int]) -> list[_Read]:
    return [_read_one(*job) for job in jobs[bounds[0]:bounds[1]]]


def _load_files(jobs: list[_Job], context: dict) -> list[_Checked]:
    """Each file is independent until the cross-file checks, so a large directory is parsed by
    forked workers while this process validates what they have parsed so far. (Parsed data
    travels between processes cheaply; validated models would not.) The workers inherit the
    list of jobs, so a task is only a range of it."""
    if not can_fork(len(jobs)):
        return [_check_one(job, _read_one(*job), context) for job in jobs]
    workers = min(os.cpu_count() or 1, 8)
    size = max(1, len(jobs) // (workers * 8))
    ranges = [(start, min(start + size, len(jobs))) for start in range(0, len(jobs), size)]
    with fork_map(_read_range, jobs, ranges, workers=workers) as results:
        reads = itertools.chain.from_iterable(results)
        return [_check_one(job, read, context) for job, read in zip(jobs, reads, strict=True)]


def _stray_yaml_files(root: Path) -> list[Path]:
    """YAML files under `root` that no kind reads: beside the kind folders, in a folder of no
    kind, or in a subfolder of one. Each would be skipped without a word, so each is an error."""
    found: list[Path] = []
    with os.scandir(root) as entries:
        for entry in sorted(entries, key=lambda e: e.name):
            if entry.name.startswith("."):
                continue
            if entry.is_file() and _is_yaml_name(entry.name):
                found.append(Path(entry.path))
            elif entry.is_dir():
                if entry.name in FOLDERS or entry.name == VOCABULARY_FOLDER:
                    # The kind folder's own files are read; only its subfolders are walked.
                    with os.scandir(entry.path) as inner:
                        folders = sorted(e.path for e in inner if e.is_dir() and not e.name.startswith("."))
                else:
                    folders = [entry.path]
                for folder in folders:
                    for parent, names, files in os.walk(folder):
                        names[:] = sorted(n for n in names if not n.startswith("."))
                        found.extend(Path(parent) / name for name in sorted(files) if _is_yaml_name(name))
    return found


def _stray_message(root: Path, path: Path) -> str:
    top = path.relative_to(root).parts[0]
    if top in FOLDERS and path.parent != root / top:
        return f"listing files go directly in {_display(root / top)}/, not in a folder inside it, so nothing reads this one; move it up into {_display(root / top)}/"
    near = closest(path.parent.name, FOLDERS) if path.parent != root else None
    if near and path.parent.parent == root:
        return f"this file is in '{path.parent.name}/', which is not a kind's folder, so nothing reads it; move it to {_display(root / near)}/"
    folders = ", ".join(f"{_display(root / kind)}/" for kind in FOLDERS)
    return f"this file is not in a kind's folder, so nothing reads it; move it into the folder for what it lists ({folders}) or delete it"


def kind_folder_of(path: Path) -> str | None:
    """The kind of a listing file, from the name of the folder it is in."""
    folder = path.parent.name
    return folder if folder in BY_FOLDER else None


def load_catalog(root: Path, extra_files: list[Path] | None = None, today: dt.date | None = None,
                 memo: LoadMemo | None = None) -> LoadResult:
    """Load and check every file under `root` (and `extra_files`, each in a folder named after its kind).
    `today` is the date a review date may not be after (default: the clock's). With `memo`,
    files unchanged since the load that filled it are not parsed and validated again."""
    # The collector would walk the growing heap again and again: see cyclic_gc_paused().
    with cyclic_gc_paused():
        return _load_catalog(Path(root), extra_files, today or dt.date.today(), memo)


def _load_catalog(root: Path, extra_files: list[Path] | None, today: dt.date, memo: LoadMemo | None = None) -> LoadResult:
    if not root.is_dir():
        return LoadResult(None, [Problem(_display(root), 1, "", "the directory folder does not exist")], 0)
    vocabularies, problems, files_checked = load_vocabularies(root)
    if problems:
        return LoadResult(None, sort_problems(problems), files_checked)

    catalog = Catalog(root=root, vocabularies=vocabularies)
    context = {"vocabularies": vocabularies, "today": today}
    # Absolute paths from the start: the sources keep them, and Path.absolute() per file is slow.
    folders = {folder: (root / folder, (root / folder).absolute(), _display(root / folder)) for folder in FOLDERS}
    jobs: list[_Job] = [job for folder, (_, absolute, shown) in folders.items() for job in folder_jobs(folder, absolute, shown, yaml_names(absolute), memo)]
    known = {path.resolve() for _, path, _ in jobs} if extra_files else set()
    for extra in extra_files or []:
        folder = kind_folder_of(extra)
        if folder is None:
            problems.append(Problem(_display(extra), 1, "", f"cannot tell the kind of listing: put the file in a folder named {', '.join(FOLDERS)}"))
        elif extra.resolve() not in known:
            shown = os.path.join(folders[folder][2], extra.name) if extra.parent == folders[folder][0] else _display(extra)
            jobs.append((folder, extra.absolute(), shown))

    unexpected = [p for p in sorted(root.iterdir()) if p.is_dir() and p.name not in BY_FOLDER and p.name != VOCABULARY_FOLDER and not p.name.startswith(".")]
    for folder_path in unexpected:
        problems.append(Problem(_display(folder_path), 1, "", f"unknown folder; listings go in {', '.join(FOLDERS)}{did_you_mean(folder_path.name, FOLDERS)}"))
    strays = _stray_yaml_files(root)
    files_checked += len(strays)
    problems.extend(Problem(_display(path), 1, "", _stray_message(root, path)) for path in strays)

    records: dict[str, list] = {folder: [] for folder in FOLDERS}
    files_checked += len(jobs)
    checked = _load_files(jobs, context) if memo is None else load_remembered(jobs, context, memo, _load_files)
    for (folder, path, display), (record, loaded, found) in zip(jobs, checked, strict=True):
        problems.extend(found)
        if record is None or loaded is None:
            continue
        earlier = catalog.sources.get((folder, record.id))
        if earlier is not None:  # x.yml and x.yaml: both are named, and only the first is kept
            for here, there, document in ((display, earlier.display, loaded), (earlier.display, display, earlier.document)):
                problems.append(Problem(here, document.line_of(("id",)), "id", f"'{record.id}' is also the id of {there}; ids must be unique across the directory"))
            continue
        catalog.sources[(folder, record.id)] = SourceFile(folder, display, loaded, path)
        records[folder].append(record)

    for kind in KINDS:
        setattr(catalog, kind.attribute, sorted(records[kind.folder], key=lambda r: r.id))
    problems.extend(cross_check(catalog, memo.duplicates if memo is not None else None))
    catalog.warnings = [p for p in problems if p.severity == "warning"]
    problems = sort_problems(problems)
    has_errors = any(p.severity == "error" for p in problems)
    return LoadResult(None if has_errors else catalog, problems, files_checked)


__all__ = ["Catalog", "LISTING_FOLDERS", "LoadMemo", "LoadResult", "load_catalog"]

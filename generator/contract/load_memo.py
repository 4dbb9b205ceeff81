"""What a load of the directory remembers for the next (`mkdocs serve` keeps one LoadMemo): each
file's outcome by its fingerprint, each kind folder's list of files, the duplicate checks' work
per listing (cross_checks.DuplicateMemo). catalog.load_catalog() uses it; it knows nothing of
the models."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.contract.cross_checks import DuplicateMemo
from generator.contract.problems import Problem
from generator.contract.yaml_loader import LoadedDocument

Job = tuple[str, Path, str]  # kind folder, path (absolute), path as shown
# What checking a file gives: the record (None if invalid), its document (lines only), all problems.
Checked = tuple[Any, LoadedDocument | None, list[Problem]]


@dataclass
class LoadMemo:
    """What a load checked, by file fingerprint, for the next load of the same directory (`mkdocs
    serve` keeps one): a file whose size and modification time, or else content hash, are the
    same is not parsed or validated again, as long as the vocabularies and `today` are the same;
    and the duplicate checks across files look again only at the listings that changed."""

    context: dict[str, Any] = field(default_factory=dict)
    # (folder, path as shown) -> (size, mtime_ns, content hash, what checking it gave)
    files: dict[tuple[str, str], tuple[int, int, bytes, Checked]] = field(default_factory=dict)
    duplicates: dict[str, DuplicateMemo] = field(default_factory=dict)  # by kind folder (cross_checks)
    # kind folder -> ((where it is, as shown), its YAML names, the jobs made of them): folder_jobs
    folders: dict[str, tuple[tuple[Path, str], list[str], list[Job]]] = field(default_factory=dict)


def _digest(path: Path) -> bytes:
    return hashlib.blake2b(path.read_bytes(), digest_size=16).digest()


def load_remembered(jobs: list[Job], context: dict, memo: LoadMemo, load: Callable[[list[Job], dict], list[Checked]]) -> list[Checked]:
    """`load(jobs, context)` for the files whose fingerprint changed since `memo`'s last load; the
    others' outcomes as they were."""
    if memo.context != context:
        memo.context, memo.files = dict(context), {}
    results: list[Checked | None] = []
    missing: list[tuple[int, Job, int, int, bytes]] = []
    for position, job in enumerate(jobs):
        key = (job[0], job[2])
        try:
            stat = job[1].stat()
        except OSError:
            results.append(None)
            missing.append((position, job, -1, -1, b""))
            continue
        known = memo.files.get(key)
        if known is not None and known[:2] == (stat.st_size, stat.st_mtime_ns):
            results.append(known[3])
            continue
        digest = _digest(job[1])
        if known is not None and known[2] == digest:
            memo.files[key] = (stat.st_size, stat.st_mtime_ns, digest, known[3])
            results.append(known[3])
            continue
        results.append(None)
        missing.append((position, job, stat.st_size, stat.st_mtime_ns, digest))
    checked = load([job for _, job, _, _, _ in missing], context)
    for (position, job, size, mtime_ns, digest), outcome in zip(missing, checked, strict=True):
        results[position] = outcome
        if size >= 0:
            memo.files[(job[0], job[2])] = (size, mtime_ns, digest, outcome)
    seen = {(job[0], job[2]) for job in jobs}
    for gone in [key for key in memo.files if key not in seen]:
        del memo.files[gone]
    return results  # type: ignore[return-value]  # every position is filled


def folder_jobs(folder: str, absolute: Path, shown: str, names: list[str], memo: LoadMemo | None) -> list[Job]:
    """What to load in one kind's folder, whose YAML files are `names`; with `memo`, the last
    load's list while the names are the same (making 10,000 paths again was a twentieth of a
    served rebuild)."""
    known = memo.folders.get(folder) if memo is not None else None
    if known is not None and known[0] == (absolute, shown) and known[1] == names:
        return known[2]
    jobs = [(folder, absolute / name, os.path.join(shown, name)) for name in names]
    if memo is not None:
        memo.folders[folder] = ((absolute, shown), names, jobs)
    return jobs

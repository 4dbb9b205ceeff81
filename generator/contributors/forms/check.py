"""The CLI's file work for `peerdir from-issue`: what the conversion may know of the directory
(listing files, names, earlier versions from git), and checking the converted files with
`load_catalog()` as if they were in the directory, without writing there."""

from __future__ import annotations

import os
import re
import subprocess
import tempfile
from pathlib import Path

import yaml

from generator.contract.fields import KEBAB_ID
from generator.contract.problems import Problem
from generator.kinds import FOLDER_OF_KIND, LISTING_FOLDERS

from generator.contributors.forms.outcome import Conversion, Directory

ORGANISATIONS = FOLDER_OF_KIND["organization"]  # the registry of kinds names the folder
_NAME_LINE = re.compile(r"(?m)^name:[ \t]*(\S.*?)[ \t]*$")
_BLOB_ID = re.compile(r"[0-9a-f]{40}")


def _name(text: str) -> str:
    match = _NAME_LINE.search(text)
    if not match:
        return ""
    try:
        value = yaml.safe_load(match.group(1))
    except yaml.YAMLError:
        return match.group(1)
    return value if isinstance(value, str) else match.group(1)


def git_version(root: Path, blob_id: str) -> str | None:
    """The text of the git blob `blob_id` in the repository holding `root`, or None."""
    if not _BLOB_ID.fullmatch(blob_id):
        return None
    try:
        kind = subprocess.run(["git", "-C", str(root), "cat-file", "-t", blob_id], capture_output=True, text=True, timeout=30)
        if kind.returncode != 0 or kind.stdout.strip() != "blob":
            return None
        blob = subprocess.run(["git", "-C", str(root), "cat-file", "blob", blob_id], capture_output=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return None
    if blob.returncode != 0:
        return None
    try:
        return blob.stdout.decode("utf-8")
    except UnicodeDecodeError:
        return None


def directory_view(root: Path) -> Directory:
    """The Directory of the listing and organisation files under `root`."""
    folders = (*LISTING_FOLDERS, ORGANISATIONS)
    names: dict[str, tuple[str, str]] = {}
    for folder in folders:
        for path in sorted((root / folder).glob("*.yml")) if (root / folder).is_dir() else []:
            if KEBAB_ID.match(path.stem):
                names[path.stem] = (folder, _name(path.read_text(encoding="utf-8", errors="replace")))

    def text(listing_id: str) -> tuple[str, str] | None:
        if not KEBAB_ID.match(listing_id):
            return None
        for folder in folders:
            path = root / folder / f"{listing_id}.yml"
            if path.is_file():
                return folder, path.read_text(encoding="utf-8")
        return None

    return Directory(text=text, names=names, version=lambda _listing_id, version: git_version(root, version))


def targets(conversion: Conversion, root: Path) -> list[tuple[Path, str]]:
    """(path, text) of every file the conversion writes: the listing, then any organisation."""
    files = [(root / conversion.folder / f"{conversion.listing_id}.yml", conversion.text)]
    return files + [(root / folder / f"{file_id}.yml", text) for folder, file_id, text in conversion.companions]


def check_conversion(conversion: Conversion, root: Path) -> list[Problem]:
    """Validate the converted files as if they were at their places under `root`, without writing there.

    The directory is mirrored with symbolic links into a temporary folder, the new texts take
    their places, and `load_catalog()` checks them with every cross-check. Problems of the new
    files come back with their real paths; a problem elsewhere becomes one line for a maintainer.
    """
    from generator.contract.catalog import _display, load_catalog

    files = targets(conversion, root)
    with tempfile.TemporaryDirectory(prefix="peerdir-from-issue-") as temp:
        mirror = Path(temp) / root.resolve().name
        mirror.mkdir()
        written = {path.parent.name for path, _ in files}
        for entry in root.iterdir():
            if entry.name not in written:
                os.symlink(entry.resolve(), mirror / entry.name)
        shown: dict[str, str] = {}
        for folder in written:
            (mirror / folder).mkdir()
            names = {path.name for path, _ in files if path.parent.name == folder}
            if (root / folder).is_dir():
                for entry in (root / folder).iterdir():
                    if entry.name not in names:
                        os.symlink(entry.resolve(), mirror / folder / entry.name)
        for path, text in files:
            candidate = mirror / path.parent.name / path.name
            candidate.write_text(text, encoding="utf-8")
            shown[_display(candidate)] = _display(path)
        result = load_catalog(mirror)
        problems = [Problem(shown[p.path], p.line, p.field, p.message, p.severity) for p in result.problems if p.path in shown]
        if result.catalog is None and not problems and any(p.severity == "error" for p in result.problems):
            problems.append(Problem(_display(files[0][0]), 1, "", "the directory has errors in other files; run 'peerdir validate' first"))
    return problems

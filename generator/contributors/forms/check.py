"""The CLI's file work for `peerdir from-issue`: finding the listing a form names, and checking a
converted file with `load_catalog()` as if it were in the directory, without writing there."""

from __future__ import annotations

from pathlib import Path


from generator.contract.fields import KEBAB_ID
from generator.kinds import LISTING_FOLDERS

from generator.contributors.forms.convert import Conversion, ListingLookup


def find_listing(root: Path) -> ListingLookup:
    """A lookup of listing files under `root` by id: (folder, text) or None."""
    def lookup(listing_id: str) -> tuple[str, str] | None:
        if not KEBAB_ID.match(listing_id):
            return None
        for folder in LISTING_FOLDERS:
            path = root / folder / f"{listing_id}.yml"
            if path.is_file():
                return folder, path.read_text(encoding="utf-8")
        return None

    return lookup


def check_conversion(conversion: Conversion, root: Path) -> tuple[Path, list]:
    """Validate the converted file as if it were at its place under `root`, without writing there.

    The directory is mirrored with symbolic links into a temporary folder, the new text takes
    the listing's place, and `load_catalog()` checks it with every cross-check. Problems of the
    listing come back with its real path, as `peerdir validate` would print them.
    """
    import os
    import tempfile

    from generator.contract.catalog import _display, load_catalog
    from generator.contract.problems import Problem

    target = root / conversion.folder / f"{conversion.listing_id}.yml"
    with tempfile.TemporaryDirectory(prefix="peerdir-from-issue-") as temp:
        mirror = Path(temp) / root.resolve().name
        mirror.mkdir()
        for entry in root.iterdir():
            if entry.name != conversion.folder:
                os.symlink(entry.resolve(), mirror / entry.name)
        folder = mirror / conversion.folder
        folder.mkdir()
        if (root / conversion.folder).is_dir():
            for entry in (root / conversion.folder).iterdir():
                if entry.name != target.name:
                    os.symlink(entry.resolve(), folder / entry.name)
        candidate = folder / target.name
        candidate.write_text(conversion.text, encoding="utf-8")
        result = load_catalog(mirror)
        shown = _display(candidate)
        problems = [Problem(_display(target), p.line, p.field, p.message, p.severity) for p in result.problems if p.path == shown]
        if result.catalog is None and not problems and any(p.severity == "error" for p in result.problems):
            problems.append(Problem(_display(target), 1, "", "the directory has errors in other files; run 'peerdir validate' first"))
    return target, problems

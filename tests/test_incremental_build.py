"""A rebuild while serving reuses what the last build checked (catalog.LoadMemo) and writes exactly
what a clean build of the changed directory writes, byte for byte."""

from __future__ import annotations

import filecmp
import os
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from fictional import write_fictional_directory, write_site_config

pytestmark = pytest.mark.slow  # three builds of the fictional site


def _serving_config(config: Path):  # type: ignore[no-untyped-def]
    loaded = load_config(str(config))
    loaded.plugins.on_startup(command="serve", dirty=False)  # as `mkdocs serve` starts its plugins
    return loaded


def _files(site: Path) -> dict[str, Path]:
    return {str(p.relative_to(site)): p for p in site.rglob("*") if p.is_file()}


def test_a_rebuild_after_one_listing_changed_equals_a_clean_build(tmp_path: Path) -> None:
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    directory = write_fictional_directory(tmp_path / "directory")
    (tmp_path / "served").mkdir()
    (tmp_path / "clean").mkdir()
    served = _serving_config(write_site_config(tmp_path / "served", directory))
    plugin = served.plugins["directory"]
    build(served)
    before = dict(plugin.memo.files)
    listing = directory / "groups" / "fictional-grief-circle-leeds.yml"
    listing.write_text(listing.read_text(encoding="utf-8").replace(
        "name: Fictional Grief Circle Leeds", "name: Fictional Grief Circle Leeds Renamed"), encoding="utf-8")
    build(served)  # the same plugin, as `mkdocs serve` keeps it across rebuilds

    # Only the changed file was checked again.
    again = [key for key, entry in plugin.memo.files.items() if before.get(key) is None or before[key][3] is not entry[3]]
    assert [key[1] for key in again] == [os.path.join(os.path.relpath(directory / "groups"), listing.name)]

    clean = _serving_config(write_site_config(tmp_path / "clean", directory))
    build(clean)
    ours, theirs = _files(tmp_path / "served" / "site"), _files(tmp_path / "clean" / "site")
    assert sorted(ours) == sorted(theirs)
    _, mismatch, errors = filecmp.cmpfiles(tmp_path / "served" / "site", tmp_path / "clean" / "site", sorted(ours), shallow=False)
    assert not mismatch and not errors, mismatch[:10]
    assert "Fictional Grief Circle Leeds Renamed" in (tmp_path / "served" / "site" / "groups" / "fictional-grief-circle-leeds" / "index.html").read_text(encoding="utf-8")

"""How the catalog finds its files and what a load leaves behind in the process."""

from __future__ import annotations

import gc
import os
import shutil
from pathlib import Path

import pytest

from generator.contract import catalog as catalog_module
from generator.contract.catalog import yaml_files, load_catalog

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "directory"


def test_yaml_files_are_the_files_pathlib_would_list(tmp_path: Path) -> None:
    for name in ("b.yml", "a.yaml", "c.YML", "d.yml.bak", ".yml", "..yml", ".hidden.yml", "x.", "noext", "Z.yml", "é.yml", "a b.yml"):
        (tmp_path / name).write_text("a: 1\n")
    (tmp_path / "folder.yml").mkdir()
    os.symlink(tmp_path / "b.yml", tmp_path / "link.yml")
    os.symlink(tmp_path / "absent.yml", tmp_path / "broken.yml")
    os.symlink(tmp_path / "folder.yml", tmp_path / "folder-link.yml")
    expected = sorted(p for p in tmp_path.iterdir() if p.suffix in (".yml", ".yaml") and p.is_file())
    assert yaml_files(tmp_path) == expected
    assert [p.name for p in expected] == ["..yml", ".hidden.yml", "Z.yml", "a b.yml", "a.yaml", "b.yml", "link.yml", "é.yml"]
    assert yaml_files(tmp_path / "absent") == [] and yaml_files(tmp_path / "b.yml") == []


@pytest.mark.parametrize("enabled", [True, False])
def test_a_load_leaves_the_collector_as_it_found_it(enabled: bool) -> None:
    was = gc.isenabled()
    try:
        gc.enable() if enabled else gc.disable()
        assert load_catalog(FIXTURE).ok
        assert gc.isenabled() is enabled
        assert gc.get_freeze_count() == 0
    finally:
        gc.enable() if was else gc.disable()


def test_a_failed_load_restores_the_collector(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*args: object) -> None:
        assert not gc.isenabled()  # paused during the load
        raise RuntimeError("stop")

    monkeypatch.setattr(catalog_module, "_load_catalog", fail)
    assert gc.isenabled()
    with pytest.raises(RuntimeError):
        load_catalog(FIXTURE)
    assert gc.isenabled() and gc.get_freeze_count() == 0


def test_objects_the_process_froze_stay_frozen() -> None:
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        assert load_catalog(FIXTURE).ok
        assert gc.get_freeze_count() >= frozen
    finally:
        gc.unfreeze()


def test_sources_keep_absolute_paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(FIXTURE, tmp_path / "d")
    monkeypatch.chdir(tmp_path)
    result = load_catalog(Path("d"))
    assert result.ok
    for (folder, record_id), source in result.catalog.sources.items():
        assert source.path == (tmp_path / "d" / folder / f"{record_id}.yml")
        assert source.display == os.path.join("d", folder, f"{record_id}.yml")

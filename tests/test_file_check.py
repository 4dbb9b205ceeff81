"""`peerdir validate FILE` checks one file against an index of the others (file_check.py) and
reports exactly what a load of the whole directory reports at that file."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
import yaml

from benchmarks.fictional import fictional_group, to_yaml, write_fictional_directory
from generator.contract.catalog import load_catalog
from generator.contract import file_check
from generator.contract.file_check import cache_path, check_files
from generator.contract.problems import Problem

# The fictional generator dates reviews from the machine's clock; any later day makes them all
# past, so the outcome does not depend on the clock.
TODAY = dt.date(2100, 1, 1)


@pytest.fixture
def directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.chdir(tmp_path)  # problems show paths relative to the working folder
    root = tmp_path / "directory"
    write_fictional_directory(root, 120, seed=3, today=TODAY)
    groups = sorted((root / "groups").glob("*.yml"))
    # Clashes across files: a copy of a group under another id (same website, phone and place),
    # a reference to no organisation, and an id used by two kinds.
    twin = yaml.safe_load(groups[0].read_text(encoding="utf-8"))
    twin["id"] = "fictional-twin-group"
    (root / "groups" / "fictional-twin-group.yml").write_text(to_yaml(twin, "group"), encoding="utf-8")
    orphan = fictional_group(500, seed=3, today=TODAY)
    orphan["organization"] = "fictional-no-such-network"
    (root / "groups" / f"{orphan['id']}.yml").write_text(to_yaml(orphan, "group"), encoding="utf-8")
    advocate = sorted((root / "advocates").glob("*.yml"))[0]
    same_id = yaml.safe_load(advocate.read_text(encoding="utf-8"))
    same_id["id"] = groups[1].stem
    (root / "advocates" / f"{groups[1].stem}.yml").write_text(to_yaml(same_id, "advocate"), encoding="utf-8")
    invalid = fictional_group(501, seed=3, today=TODAY)
    invalid["topics"] = ["lonelyness"]
    (root / "groups" / f"{invalid['id']}.yml").write_text(to_yaml(invalid, "group"), encoding="utf-8")
    return Path("directory")


def _whole_load(root: Path, file: Path) -> tuple[list[Problem], int]:
    result = load_catalog(root, today=TODAY)
    return [p for p in result.problems if p.path == str(file)], result.files_checked


def _one_file(root: Path, file: Path) -> tuple[list[Problem], int]:
    result = check_files(root, [file], today=TODAY)
    assert result is not None
    return result.problems, result.files_checked


def test_every_file_gets_what_the_whole_load_reports_at_it(directory: Path) -> None:
    files = sorted(p for folder in ("groups", "advocates", "training", "organizations") for p in (directory / folder).glob("*.yml"))
    whole = load_catalog(directory, today=TODAY)  # the directory does not change between files: one whole load
    checked = {file: _one_file(directory, file) for file in files}
    for file in files:
        assert checked[file] == ([p for p in whole.problems if p.path == str(file)], whole.files_checked), file
    # The clashes are there to be found.
    problems, _ = checked[directory / "groups" / "fictional-twin-group.yml"]
    assert any("is it a duplicate?" in p.message for p in problems)
    found = [p.message for problems, _ in checked.values() for p in problems]
    assert any("ids must be unique" in message for message in found)
    assert any("there is no organisation" in message for message in found)
    assert any("not a known topic" in message for message in found)


def test_a_change_to_another_file_is_seen_and_an_unchanged_save_is_not_checked_again(
        directory: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    groups = sorted((directory / "groups").glob("*.yml"))
    target, other = groups[5], groups[9]
    assert not [p for p in _one_file(directory, target)[0] if "duplicate" in p.message]
    assert cache_path(directory).exists()
    # Another listing now has the target's website: the target is a likely duplicate.
    data = yaml.safe_load(other.read_text(encoding="utf-8"))
    data["website"] = yaml.safe_load(target.read_text(encoding="utf-8"))["website"]
    other.write_text(to_yaml(data, "group"), encoding="utf-8")
    found = _one_file(directory, target)
    assert found == _whole_load(directory, target)
    assert any("has the same website as" in p.message for p in found[0])
    # Saved again without a change (a new modification time): the same answer from the index,
    # and the file is not loaded again (its digest matched the one kept).
    os.utime(other, ns=(1, 1))
    loaded: list[str] = []
    load_files = file_check._load_files
    monkeypatch.setattr(file_check, "_load_files", lambda files, context: loaded.extend(str(f[1]) for f in files)
                        or load_files(files, context))
    assert _one_file(directory, target) == found
    assert loaded == []
    # Changed for real: loaded again.
    other.write_text(other.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert _one_file(directory, target) == found
    assert loaded == [str(other.absolute())]
    # A file removed is gone from the index too.
    other.unlink()
    assert _one_file(directory, target) == _whole_load(directory, target)


def test_a_damaged_index_is_rebuilt(directory: Path) -> None:
    target = sorted((directory / "groups").glob("*.yml"))[3]
    first = _one_file(directory, target)
    cache_path(directory).write_bytes(b"not a database")
    assert check_files(directory, [target], today=TODAY) is None  # the caller loads everything
    assert _one_file(directory, target) == first

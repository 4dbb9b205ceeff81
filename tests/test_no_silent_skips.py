"""No YAML file under directory/ is skipped without a word."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.contributors.cli import main

REPO = Path(__file__).resolve().parent.parent
FIXTURE = REPO / "tests" / "fixtures" / "directory"
LISTING = REPO / "tests" / "fixtures" / "directory" / "groups" / "fictional-riverside-circle.yml"


@pytest.fixture
def directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(FIXTURE, tmp_path / "directory")
    monkeypatch.chdir(tmp_path)
    return Path("directory")


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str]]:
    code = main(["--root", "directory", "validate", "--today", "2026-11-23", *args])
    return code, capsys.readouterr().out.splitlines()


def test_a_file_beside_the_kind_folders_is_an_error(directory: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (directory / "oops.yml").write_text("id: oops\n")
    code, lines = _run(capsys)
    assert code == 1
    assert lines[0].startswith("directory/oops.yml:1: this file is not in a kind's folder, so nothing reads it; move it into the folder")
    assert "directory/groups/" in lines[0]


def test_a_file_in_a_misnamed_folder_is_an_error_when_named_alone(directory: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (directory / "group").mkdir()
    shutil.copy(LISTING, directory / "group" / "x.yml")
    code, lines = _run(capsys, "directory/group/x.yml")
    assert code == 1
    assert lines == ["directory/group/x.yml:1: this file is in 'group/', which is not a kind's folder, so nothing reads it; move it to directory/groups/",
                     lines[-1]]
    assert "1 error" in lines[-1]
    code, lines = _run(capsys)
    assert "directory/group:1: unknown folder; listings go in groups, advocates, training, organizations, crisis-lines; did you mean 'groups'?" in lines


def test_a_file_in_a_subfolder_of_a_kind_folder_is_an_error(directory: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (directory / "groups" / "uk").mkdir()
    shutil.copy(LISTING, directory / "groups" / "uk" / "x.yaml")
    (directory / "groups" / ".hidden").mkdir()
    (directory / "groups" / ".hidden" / "ignored.yml").write_text("not: read\n")
    code, lines = _run(capsys)
    assert code == 1
    assert lines[:-1] == ["directory/groups/uk/x.yaml:1: listing files go directly in directory/groups/, not in a folder inside it, so nothing reads this one; move it up into directory/groups/"]


def test_text_cut_short_by_a_hash_is_an_error(directory: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = LISTING.read_text(encoding="utf-8")
    target = directory / "groups" / LISTING.name
    lines = text.splitlines()
    index = next(i for i, line in enumerate(lines) if line.startswith("summary:"))
    lines[index] = "summary: A fictional circle for people who hear voices. #hearingvoices in Leeds."
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, out = _run(capsys)
    assert code == 1
    assert out[0] == (f"directory/groups/{LISTING.name}:{index + 1}: summary: YAML reads ' #' as the start of a comment, "
                      "so '#hearingvoices in Leeds.' would be lost; put the whole text in double quotes")
    # Quoted, the same text is fine.
    lines[index] = 'summary: "A fictional circle for people who hear voices. #hearingvoices in Leeds."'
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, out = _run(capsys)
    assert code == 0, out

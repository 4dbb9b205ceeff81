"""The update form applies only what the contributor changed against the version the form was
pre-filled from (a git blob id, as "Suggest an edit" links carry it): a three-way merge by field."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from generator.contract.catalog import load_catalog
from generator.contributors.cli import main
from generator.contributors.forms.update import MISSING, three_way

from tests.test_from_issue import BODIES, EXISTING_GROUP, FORMS, REPO

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="versions live in git")


def _git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout.strip()


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    directory = tmp_path / "directory"
    shutil.copytree(REPO / "directory" / "vocabularies", directory / "vocabularies")
    (directory / "groups").mkdir()
    (directory / "groups" / "fictional-grief-circle-leeds.yml").write_text(EXISTING_GROUP, encoding="utf-8")
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "-c", "user.name=t", "-c", "user.email=t@example.org", "add", "-A")
    _git(tmp_path, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "base")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _body(version: str, details: str, still_correct: bool = False) -> str:
    return (f"### Listing\n\nfictional-grief-circle-leeds\n\n### Version (filled in for you)\n\n{version}\n\n"
            f"### Current details\n\n```yaml\n{details}```\n\n### What should change\n\n_No response_\n\n"
            f"### Still correct?\n\n- [{'X' if still_correct else ' '}] I have checked every detail (with any edits above) and it is correct today.\n\n"
            "### How do you know?\n\nI run the group.\n")


def _run(repo: Path, body: str) -> tuple[int, str]:
    (repo / "body.md").write_text(body, encoding="utf-8")
    code = main(["--root", "directory", "from-issue", "body.md", "--forms", str(FORMS), "--reviewed-by", "octocat",
                 "--today", "2026-03-02", "--comment", "comment.md", "--label", "label.txt"])
    return code, (repo / "comment.md").read_text(encoding="utf-8")


PATH = Path("directory/groups/fictional-grief-circle-leeds.yml")
BASE_DETAILS = EXISTING_GROUP.split("\n", 1)[1]  # as pre-filled (GitHub drops nothing; the modeline may go)


def test_only_the_contributors_change_is_applied(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    version = _git(repo, "hash-object", str(PATH))
    # Someone else changes the website after the form was pre-filled.
    now = EXISTING_GROUP.replace("https://grief-circle.example.org/leeds", "https://grief-circle.example.org/leeds-new")
    (repo / PATH).write_text(now, encoding="utf-8")
    theirs = BASE_DETAILS.replace("start_time: '18:30'", "start_time: '19:00'")
    code, comment = _run(repo, _body(version, theirs, still_correct=True))
    assert code == 0, capsys.readouterr().out
    text = (repo / PATH).read_text(encoding="utf-8")
    assert "https://grief-circle.example.org/leeds-new" in text  # the other change is not undone
    assert "start_time: '19:00'" in text
    # They checked the version they saw, not the newer one: not renewed yet.
    assert "last_reviewed: 2026-01-10" in text and "not marked as checked yet" in comment
    assert load_catalog(repo / "directory").ok
    assert (repo / "label.txt").read_text() == "ready for review\n" and "ready for a reviewer" in comment


def test_an_edit_to_an_unchanged_listing_is_applied_and_renewed(repo: Path) -> None:
    version = _git(repo, "hash-object", str(PATH))
    code, comment = _run(repo, _body(version, BASE_DETAILS.replace("end_time: '20:00'", "end_time: '20:30'"), still_correct=True))
    assert code == 0, comment
    expected = EXISTING_GROUP.replace("end_time: '20:00'", "end_time: '20:30'").replace(
        "last_reviewed: 2026-01-10\nreviewed_by: example-reviewer", "last_reviewed: 2026-03-02\nreviewed_by: octocat")
    assert (repo / PATH).read_text(encoding="utf-8") == expected


def test_a_field_changed_on_both_sides_is_reported_not_overwritten(repo: Path) -> None:
    version = _git(repo, "hash-object", str(PATH))
    now = EXISTING_GROUP.replace("locality: Leeds", "locality: Leeds city centre")
    (repo / PATH).write_text(now, encoding="utf-8")
    theirs = BASE_DETAILS.replace("locality: Leeds", "locality: Headingley").replace("cost:\n  kind: free", "cost:\n  kind: donation")
    code, comment = _run(repo, _body(version, theirs, still_correct=True))
    assert code == 0
    text = (repo / PATH).read_text(encoding="utf-8")
    assert "locality: Leeds city centre" in text and "Headingley" not in text
    assert "kind: donation" in text  # the field nobody else touched is applied
    assert "last_reviewed: 2026-01-10" in text  # not renewed: part of what they checked was not applied
    assert ("'location → locality' was changed by someone else since you opened the form: you wrote 'Headingley', "
            "it now says 'Leeds city centre'. Your edit to it was not applied") in comment


def test_a_removed_field_is_removed(repo: Path) -> None:
    version = _git(repo, "hash-object", str(PATH))
    theirs = BASE_DETAILS.replace("website: https://grief-circle.example.org/leeds\n", "")
    code, _ = _run(repo, _body(version, theirs))
    assert code == 0
    text = (repo / PATH).read_text(encoding="utf-8")
    assert "website:" not in text and text == EXISTING_GROUP.replace("website: https://grief-circle.example.org/leeds\n", "")


def test_a_version_of_another_file_is_not_a_base(repo: Path) -> None:
    version = _git(repo, "hash-object", "directory/vocabularies/topics.yml")
    code, comment = _run(repo, _body(version, BASE_DETAILS.replace("18:30", "19:00")))
    assert code == 0 and "could not tell which version" in comment
    assert (repo / PATH).read_text(encoding="utf-8") == EXISTING_GROUP


def test_unreadable_details_name_the_question(repo: Path) -> None:
    version = _git(repo, "hash-object", str(PATH))
    code, comment = _run(repo, _body(version, BASE_DETAILS.replace("name: Fictional", "name: [Fictional")))
    assert code == 1
    assert "**Current details**: line" in comment and "describe the change under 'What should change'" in comment


def test_three_way_by_field() -> None:
    base = {"a": 1, "b": {"x": 1, "y": 2}, "c": [1]}
    current = {"a": 2, "b": {"x": 1, "y": 3}, "c": [1]}
    theirs = {"a": 1, "b": {"x": 5, "y": 4}, "c": [1, 2], "d": "new"}
    changes, conflicts = three_way(base, current, theirs)
    assert changes == {("b", "x"): 5, ("c",): [1, 2], ("d",): "new"}
    assert conflicts == [("b", "y")]
    assert three_way({"a": 1, "b": 2}, {"a": 1, "b": 2}, {"a": 1}) == ({("b",): MISSING}, [])


def test_a_problem_in_the_edited_details_is_named_in_words(repo: Path) -> None:
    version = _git(repo, "hash-object", str(PATH))
    code, comment = _run(repo, _body(version, BASE_DETAILS.replace("start_time: '18:30'", "start_time: '7ish'")))
    assert code == 1 and (repo / "label.txt").read_text() == "needs changes\n"
    assert "- **Current details**: 'start\\_time' (first of 'meetings'): " in comment
    assert "meetings[0]" not in comment and ".yml" not in comment
    assert (repo / PATH).read_text(encoding="utf-8") == EXISTING_GROUP

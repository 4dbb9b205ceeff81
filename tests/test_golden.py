"""Golden tests: `peerdir validate <case>` prints exactly the lines in the case's .expected file.

Each case under tests/cases/invalid/<kind folder>/<id>.yml is checked against the small fixture
directory tests/fixtures/directory (so organisations and ids to collide with are stable).
Paths in the expected files are relative to the repository root, where the tests run.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator.contributors.cli import main
from generator.contract.yaml_loader import MAX_FILE_BYTES
from fictional import BUILD_TIME

REPO = Path(__file__).resolve().parent.parent
CASES = REPO / "tests" / "cases" / "invalid"
FIXTURE = "tests/fixtures/directory"
TODAY = BUILD_TIME[:10]  # review dates are checked against a fixed day, not the clock
CASE_FILES = sorted(CASES.rglob("*.yml"))
PEERDIR = Path(sys.executable).parent / "peerdir"


def _rel(path: Path) -> str:
    return path.relative_to(REPO).as_posix()


def validate_document(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str], str]:
    code = main(["--root", FIXTURE, "validate", "--today", TODAY, *args])
    captured = capsys.readouterr()
    return code, captured.out.splitlines(), captured.err


def test_there_are_enough_cases_in_every_kind() -> None:
    assert len(CASE_FILES) >= 40
    assert {p.parent.name for p in CASE_FILES} == {"groups", "advocates", "training", "organizations", "crisis-lines"}
    for path in CASE_FILES:
        assert path.stem.startswith("fictional-"), path
        expected = path.with_suffix(".expected")
        assert expected.is_file(), f"{path} has no .expected file"
        assert expected.read_text(encoding="utf-8").strip(), f"{expected} is empty: a case must show a problem"


@pytest.mark.parametrize("case", CASE_FILES, ids=[_rel(p).removeprefix("tests/cases/invalid/") for p in CASE_FILES])
def test_golden_case(case: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    expected = case.with_suffix(".expected").read_text(encoding="utf-8").splitlines()
    code, lines, err = validate_document(capsys, _rel(case))
    assert err == ""
    assert lines[:-1] == expected
    assert all(line.startswith(_rel(case) + ":") for line in lines[:-1])
    has_error = any(": warning: " not in line for line in expected)
    assert " files checked: " in lines[-1]
    assert lines[-1].split(": ", 1)[1].startswith("0 errors") == (not has_error)
    assert code == (1 if has_error else 0)


@pytest.mark.parametrize(
    "name",
    ["groups/fictional-duplicate-key", "groups/fictional-not-utf8", "groups/fictional-alias-bomb", "advocates/fictional-riverside-circle",
     "groups/fictional-same-website",
     # libyaml's composer recursed in C and killed the process (issue 13); only a subprocess shows it
     "groups/fictional-deep-nesting", "groups/fictional-deep-block-nesting",
     # what a terminal would act on is printed as escapes; a lone surrogate cannot be printed at all
     "groups/fictional-terminal-escape", "groups/fictional-forged-line", "groups/fictional-lone-surrogate-key"],
)
def test_golden_case_as_a_subprocess(name: str) -> None:
    case = CASES / f"{name}.yml"
    expected = case.with_suffix(".expected").read_text(encoding="utf-8").splitlines()
    result = subprocess.run(
        [str(PEERDIR), "--root", FIXTURE, "validate", "--today", TODAY, _rel(case)], cwd=REPO, capture_output=True, text=True, timeout=60,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )
    assert result.stderr == ""
    assert "Traceback" not in result.stdout
    assert result.stdout.splitlines()[:-1] == expected
    assert result.returncode == (1 if any(": warning: " not in line for line in expected) else 0)


def test_file_over_the_size_limit(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    case = tmp_path / "groups" / "fictional-huge.yml"
    case.parent.mkdir()
    filler = "# " + "x" * 98 + "\n"
    case.write_text("# yaml-language-server: $schema=../../schemas/group.schema.json\nid: fictional-huge\n" + filler * (MAX_FILE_BYTES // 100 + 10))
    assert case.stat().st_size > MAX_FILE_BYTES
    code, lines, _ = validate_document(capsys, str(case))
    display = os.path.relpath(case)
    assert lines[:-1] == [f"{display}:1: the file is {case.stat().st_size // 1024} KB; a listing file may be at most 256 KB"]
    assert code == 1


def test_file_just_under_the_size_limit_is_read(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    source = REPO / FIXTURE / "groups" / "fictional-riverside-circle.yml"
    case = tmp_path / "groups" / "fictional-riverside-circle-copy.yml"
    case.parent.mkdir()
    text = source.read_text().replace("id: fictional-riverside-circle", "id: fictional-riverside-circle-copy")
    text = text.replace("Fictional Riverside Circle", "Fictional Copy Of The Circle").replace("riverside-circle.example.org", "copy.example.org")
    text = text.replace('  phone: "+44 20 7946 0123"\n', "")
    case.write_text(text + "#" * (MAX_FILE_BYTES - len(text.encode()) - 1) + "\n")
    assert case.stat().st_size == MAX_FILE_BYTES
    code, lines, _ = validate_document(capsys, str(case))
    assert len(lines) == 1 and lines[0].endswith("files checked: all valid."), lines
    assert code == 0


def test_the_fixture_directory_is_valid(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    code, lines, _ = validate_document(capsys)
    assert lines[-1].endswith("all valid."), lines
    assert code == 0


@pytest.mark.parametrize("style", ["json", "github"])
def test_every_format_prints_what_a_terminal_cannot(style: str) -> None:
    # A lone surrogate in a field name cannot be encoded as UTF-8: printing it raised
    # UnicodeEncodeError. JSON escapes controls itself; surrogates are written as escapes.
    cases = [_rel(CASES / "groups" / f"{name}.yml") for name in ("fictional-lone-surrogate-key", "fictional-terminal-escape")]
    result = subprocess.run(
        [str(PEERDIR), "--root", FIXTURE, "validate", "--format", style, *cases], cwd=REPO, capture_output=True,
        timeout=60, env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )
    assert result.stderr == b"" and result.returncode == 1
    out = result.stdout.decode("utf-8")
    assert "\x1b" not in out and "\x07" not in out and "\\udc00" in out
    if style == "json":
        assert len(json.loads(out)) >= 2

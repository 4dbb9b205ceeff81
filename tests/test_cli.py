"""The peerdir command: exit codes, output formats, `new`, `stale`; always on temp copies."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.contributors.cli import main

REPO = Path(__file__).resolve().parent.parent
FIXTURE = REPO / "tests" / "fixtures" / "directory"


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    copy = tmp_path / "directory"
    shutil.copytree(FIXTURE, copy)
    monkeypatch.chdir(tmp_path)
    return Path("directory")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as exit_:
        code = int(exit_.code)
    out = capsys.readouterr()
    return code, out.out, out.err


def break_group(root: Path) -> Path:
    path = root / "groups" / "fictional-riverside-circle.yml"
    path.write_text(path.read_text().replace("country: GB", "country: UK").replace("topics: [anxiety, depression]", "topics: [anxeity]"))
    return path


def test_valid_directory_exits_0(root: Path, capsys) -> None:
    code, out, _ = run(capsys, "--root", str(root), "validate")
    assert code == 0 and out.strip().endswith("all valid.")


def test_invalid_exits_1_and_prints_every_problem_sorted(root: Path, capsys) -> None:
    break_group(root)
    code, out, err = run(capsys, "--root", str(root), "validate")
    lines = out.splitlines()
    assert code == 1 and err == ""
    assert len(lines) == 3
    assert [int(line.split(":")[1]) for line in lines[:-1]] == [9, 18]  # sorted by path, then line
    assert re.fullmatch(r"directory/groups/fictional-riverside-circle\.yml:9: topics\[0\]: 'anxeity' is not a known topic; did you mean 'anxiety'\?", lines[0])
    assert "location.country: 'UK' is not an ISO 3166-1 code" in lines[1]
    assert lines[-1] == "31 files checked: 2 errors."


@pytest.mark.parametrize("argv", [["validate", "no-such-file.yml"], ["frobnicate"], ["validate", "--format", "xml"], [],
                                  ["new", "group", "--id", "Not Kebab"], ["stale", "--today", "yesterday"]])
def test_usage_errors_exit_2_without_traceback(root: Path, capsys, argv: list[str]) -> None:
    code, out, err = run(capsys, "--root", str(root), *argv)
    assert code == 2
    assert "Traceback" not in out + err and err.strip()


def test_validate_one_file_shows_only_its_problems(root: Path, capsys) -> None:
    broken = break_group(root)
    other = root / "advocates" / "fictional-sam-voices.yml"
    code, out, _ = run(capsys, "--root", str(root), "validate", str(other))
    assert code == 0 and "riverside" not in out
    code, out, _ = run(capsys, "--root", str(root), "validate", str(broken))
    assert code == 1 and "riverside" in out


def test_json_format(root: Path, capsys) -> None:
    break_group(root)
    code, out, _ = run(capsys, "--root", str(root), "validate", "--format", "json")
    data = json.loads(out)
    assert code == 1
    assert [(p["line"], p["field"], p["severity"]) for p in data] == [(9, "topics[0]", "error"), (18, "location.country", "error")]
    assert data[0]["path"] == "directory/groups/fictional-riverside-circle.yml"


def test_github_format(root: Path, capsys) -> None:
    break_group(root)
    code, out, _ = run(capsys, "--root", str(root), "validate", "--format", "github")
    first = out.splitlines()[0]
    assert code == 1
    assert first.startswith("::error file=directory/groups/fictional-riverside-circle.yml,line=9,title=topics[0]::topics[0]: 'anxeity'")


def test_warnings_alone_exit_0(root: Path, capsys) -> None:
    source = (root / "groups" / "fictional-riverside-circle.yml").read_text()
    twin = source.replace("id: fictional-riverside-circle", "id: fictional-riverside-circle-twin").replace('  phone: "+44 20 7946 0123"\n', "")
    (root / "groups" / "fictional-riverside-circle-twin.yml").write_text(twin)
    code, out, _ = run(capsys, "--root", str(root), "validate")
    assert code == 0 and ": warning: " in out and "0 errors" in out


FILL = {
    "group": {
        "name": '"Fictional Scaffold Group"', "summary": '"A fictional group made from the scaffold, to prove it validates."',
        "topics": "[anxiety]", "audiences": "[everyone]", "languages": "[en]", "status": "active", "attendance": "[online]",
        "last_reviewed": "2026-11-01", "reviewed_by": "tester", "source": '"The test suite."', "facilitation": "peer_led",
        "schedule_note": '"See the fictional website."',
    },
    "advocate": {
        "name": '"Fictional Scaffold Voices"', "summary": '"A fictional advocate made from the scaffold, to prove it validates."',
        "topics": "[recovery]", "audiences": "[everyone]", "languages": "[en]", "status": "active", "entity": "person",
        "listing_basis": "self_submitted", "last_reviewed": "2026-11-01", "reviewed_by": "tester", "source": '"The test suite."',
    },
    "training": {
        "name": '"Fictional Scaffold Course"', "summary": '"A fictional course made from the scaffold, to prove it validates."',
        "topics": "[peer_work]", "audiences": "[peer_workers]", "languages": "[en]", "status": "active",
        "provider": "fictional-harbour-peer-network", "credential": '"Certificate"', "credential_type": "mental_health",
        "format": "[online]", "last_reviewed": "2026-11-01", "reviewed_by": "tester", "source": '"The test suite."',
    },
}
NESTED = {
    "group": {"joining": {"method": "open"}, "cost": {"kind": "free"}, "area_served": {"countries": "[GB]"}},
    "advocate": {"platforms": {"platform": "blog", "url": '"https://scaffold.example.org/"'}},
    "training": {"cost": {"kind": "free"}, "jurisdictions": {"country": "US", "certifying_body": '"Fictional Board"'}},
}


def fill(text: str, kind: str) -> str:
    """Fill every '~' placeholder of a scaffold, and the nested required fields, as a contributor would."""
    lines = text.splitlines()
    out, parent = [], None
    for line in lines:
        if re.match(r"^# [a-z_]+: ~$", line) and line[2:-3] in FILL[kind]:  # an optional field we fill in
            line = line[2:]
        top = re.match(r"^([a-z_]+):( ~| \[\])?$", line)
        nested = re.match(r"^(- |  )([a-z_]+): (~|\[\])$", line)
        if top:
            parent = top[1]
            if top[1] in FILL[kind]:
                line = f"{top[1]}: {FILL[kind][top[1]]}"
        elif nested and parent in NESTED[kind] and nested[2] in NESTED[kind][parent]:
            line = f"{nested[1]}{nested[2]}: {NESTED[kind][parent][nested[2]]}"
        elif re.match(r"^# ([a-z_]+):$", line) and line[2:-1] in NESTED[kind]:  # an optional block we need
            parent = line[2:-1]
            line = f"{parent}:"
        elif re.match(r"^(  )?# (- )?[a-z_]+: ", line) and parent in NESTED[kind]:
            field = re.match(r"^(  )?# (- )?([a-z_]+): ", line)
            if field[3] in NESTED[kind][parent]:
                line = f"{field[1] or ''}{field[2] or ''}{field[3]}: {NESTED[kind][parent][field[3]]}"
        out.append(line)
    return "\n".join(out) + "\n"


@pytest.mark.parametrize("kind, folder", [("group", "groups"), ("advocate", "advocates"), ("training", "training")])
def test_new_scaffold_fails_clearly_then_validates_once_filled(root: Path, capsys, kind: str, folder: str) -> None:
    code, out, _ = run(capsys, "--root", str(root), "new", kind, "--id", f"fictional-scaffold-{kind}")
    path = root / folder / f"fictional-scaffold-{kind}.yml"
    assert code == 0 and path.is_file() and str(path) in out
    text = path.read_text()
    assert text.startswith(f"# yaml-language-server: $schema=../../schemas/{kind}.schema.json\n")
    assert f"id: fictional-scaffold-{kind}" in text
    code, out, _ = run(capsys, "--root", str(root), "validate", str(path))
    assert code == 1
    assert re.search(r":\d+: name: is required; write its value after .name:.", out), out
    assert "Traceback" not in out
    path.write_text(fill(text, kind))
    code, out, _ = run(capsys, "--root", str(root), "validate", str(path))
    assert (code, out.splitlines()[-1:]) == (0, ["32 files checked: all valid."]), path.read_text() + out


def test_new_refuses_an_existing_file(root: Path, capsys) -> None:
    target = root / "groups" / "fictional-riverside-circle.yml"
    before = target.read_text()
    code, _, err = run(capsys, "--root", str(root), "new", "group", "--id", "fictional-riverside-circle")
    assert code == 2 and "already exists" in err
    assert target.read_text() == before


def test_stale_past_the_fail_limit(root: Path, capsys) -> None:
    code, out, _ = run(capsys, "--root", str(root), "stale", "--today", "2026-11-01")
    assert code == 1
    assert "directory/groups/fictional-night-owls-online.yml:29: last_reviewed: 2025-06-15 is 16 months ago; overdue for review" in out
    assert "fictional-no-times.yml:11: last_reviewed: 2025-12-01 is 11 months ago; due for review soon" in out
    assert out.splitlines()[-1] == "20 files reviewed: 2 overdue (12 months or more), 9 due soon (6 to 11 months)."
    code, out, _ = run(capsys, "--root", str(root), "stale", "--today", "2026-11-01", "--fail-months", "24")
    assert code == 0


def test_stale_never_calls_an_overdue_listing_due_soon(root: Path, capsys) -> None:
    code, out, _ = run(capsys, "--root", str(root), "stale", "--today", "2027-12-01")
    assert code == 1
    lines = out.splitlines()
    assert all(line.endswith("; overdue for review") for line in lines[:-1]) and len(lines) == 21
    assert "soon" not in "\n".join(lines[:-1])
    assert lines[-1] == "20 files reviewed: 20 overdue (12 months or more), 0 due soon (6 to 11 months)."
    code, out, _ = run(capsys, "--root", str(root), "stale", "--today", "2026-11-01")
    assert "last_reviewed: 2025-12-01 is 11 months ago; due for review soon (overdue at 12 months)" in out


@pytest.mark.parametrize(("warn", "fail"), [("13", "12"), ("0", "12")])
def test_stale_refuses_limits_the_wrong_way_round(root: Path, capsys, warn: str, fail: str) -> None:
    code, out, err = run(capsys, "--root", str(root), "stale", "--warn-months", warn, "--fail-months", fail)
    assert code == 2 and out == "" and "--warn-months" in err


def test_every_option_has_help_text() -> None:
    import argparse

    from generator.contributors.cli import build_parser

    missing = []

    def walk(parser: argparse.ArgumentParser, where: str) -> None:
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for name, sub in action.choices.items():
                    walk(sub, f"{where} {name}")
            elif not isinstance(action, argparse._HelpAction) and not action.help:
                missing.append(f"{where} {action.dest}")

    walk(build_parser(), "peerdir")
    assert missing == []


def test_console_script_exit_code() -> None:
    peerdir = Path(sys.executable).parent / "peerdir"
    result = subprocess.run([str(peerdir), "--root", str(FIXTURE), "validate"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and result.stdout.strip().endswith("all valid.")
    result = subprocess.run([str(peerdir), "bogus"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and "Traceback" not in result.stderr

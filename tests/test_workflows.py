"""The workflows pass zizmor's offline audit, and `pre-commit run --all-files` works offline."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))


def _zizmor(path: Path) -> list[dict]:
    result = subprocess.run([str(BIN / "zizmor"), "--offline", "--format", "json", "--no-progress", str(path)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode in (0, 10, 11, 12, 13, 14), result.stderr
    return json.loads(result.stdout or "[]")


def _severity(finding: dict) -> str:
    return str(finding.get("determinations", {}).get("severity", "")).lower()


def test_zizmor_finds_nothing_high_in_the_workflows() -> None:
    findings = _zizmor(REPO / ".github" / "workflows")
    high = [f"{f['ident']}: {f['desc']}" for f in findings if _severity(f) == "high"]
    assert high == []


def test_zizmor_would_catch_an_unpinned_action(tmp_path: Path) -> None:
    # The audit above can fail: the same workflow with a tag instead of a SHA has a high finding.
    workflows = tmp_path / ".github" / "workflows"
    workflows.mkdir(parents=True)
    text = (REPO / ".github" / "workflows" / "checks.yml").read_text(encoding="utf-8")
    (workflows / "checks.yml").write_text(re.sub(r"actions/checkout@[0-9a-f]{40}", "actions/checkout@v4", text), encoding="utf-8")
    assert any(f["ident"] == "unpinned-uses" and _severity(f) == "high" for f in _zizmor(workflows))


@pytest.mark.parametrize("path", WORKFLOWS, ids=[p.name for p in WORKFLOWS])
def test_every_action_is_pinned_by_sha_with_its_version(path: Path) -> None:
    uses = re.findall(r"uses:\s*(\S+)(.*)", path.read_text(encoding="utf-8"))
    assert uses
    for action, comment in uses:
        assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", action), action
        assert re.fullmatch(r"\s*# v\d+(\.\d+)*", comment), f"{action}: the version belongs in a comment"


@pytest.mark.parametrize("path", WORKFLOWS, ids=[p.name for p in WORKFLOWS])
def test_permissions_are_granted_per_job(path: Path) -> None:
    workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
    top = workflow.get("permissions")
    assert top in ({}, {"contents": "read"}), top  # nothing that can write at the workflow level
    for name, job in workflow["jobs"].items():
        writes = {k for k, v in (job.get("permissions") or {}).items() if v == "write"}
        assert writes <= {"contents", "pull-requests", "issues", "actions", "pages", "id-token"}, name


def test_pull_requests_from_issues_get_their_checks() -> None:
    checks = yaml.safe_load((REPO / ".github/workflows/checks.yml").read_text(encoding="utf-8"))
    assert "workflow_dispatch" in checks[True]  # PyYAML reads the key 'on' as True
    issue = (REPO / ".github/workflows/issue-to-pr.yml").read_text(encoding="utf-8")
    assert 'gh workflow run checks.yml --ref "$branch"' in issue
    assert "actions: write" in issue


@pytest.mark.skipif(shutil.which("git") is None, reason="pre-commit runs in a git repository")
def test_pre_commit_runs_offline_on_every_file(tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--no-hardlinks", str(REPO), str(clone)], check=True, timeout=120)
    # The working tree's versions of the files these checks read (committed or not).
    for name in (".pre-commit-config.yaml", ".yamllint.yml", "CONTRIBUTING.md"):
        shutil.copy(REPO / name, clone / name)
    for folder in (".github", "directory", "generator", "schemas"):
        shutil.rmtree(clone / folder, ignore_errors=True)
        shutil.copytree(REPO / folder, clone / folder, ignore=shutil.ignore_patterns("__pycache__"))
    (clone / ".venv").mkdir()
    (clone / ".venv" / "bin").symlink_to(BIN)
    subprocess.run(["git", "add", "-A"], cwd=clone, check=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    # No way out: a proxy that does not exist, so any download would fail the run.
    env.update(PRE_COMMIT_HOME=str(tmp_path / "cache"), HTTPS_PROXY="http://127.0.0.1:9", HTTP_PROXY="http://127.0.0.1:9",
               PATH=f"{BIN}{os.pathsep}{env.get('PATH', '')}")
    result = subprocess.run([str(BIN / "pre-commit"), "run", "--all-files", "--show-diff-on-failure"], cwd=clone, env=env,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    for hook in ("peerdir validate", "yamllint", "check-jsonschema", "zizmor"):
        assert re.search(rf"{re.escape(hook)}.*Passed", result.stdout), result.stdout


def _issue_step(job: str) -> str:
    workflow = yaml.safe_load((REPO / ".github/workflows/weekly.yml").read_text(encoding="utf-8"))
    return next(step["run"] for step in workflow["jobs"][job]["steps"] if step.get("name") == "Open, update or close the issue")


@pytest.mark.parametrize(("report", "expected"), [
    ("directory/groups/a.yml:7: website: warning: moved permanently; use the new address https://new.example.org/\n", "edit"),
    ("directory/groups/a.yml:7: website: is broken: the server answers 404 (not found)\n", "edit"),
    ("directory/groups/a.yml:7: website: warning: could not check it (timed out); try again later\n", "close"),
    ("", "close"),
])
def test_weekly_link_issue_keeps_moved_links(tmp_path: Path, report: str, expected: str) -> None:
    # The step's own script, with a stand-in `gh` that records its calls and has an open issue 7.
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    log = tmp_path / "gh.log"
    fake = bin_dir / "gh"
    fake.write_text(f'#!/bin/sh\necho "$@" >> "{log}"\ncase "$1 $2" in "issue list") echo 7;; esac\n')
    fake.chmod(0o755)
    (tmp_path / "links.txt").write_text(report + "12 links: 12 checked, 0 from the cache, 0 allow-listed; 0 broken, 1 to look at.\n")
    env = {"PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}", "RUNNER_TEMP": str(tmp_path), "LABEL": "broken links", "TITLE": "Broken links"}
    subprocess.run(["bash", "-e", "-c", _issue_step("links")], env=env, check=True, timeout=30)
    calls = log.read_text().splitlines()
    assert any(call.startswith(f"issue {expected} 7") for call in calls), calls

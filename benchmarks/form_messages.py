"""What `peerdir from-issue` tells a contributor for ten common form mistakes.

Each case is a valid, fictional add-group (or report) form with one everyday mistake, rendered
as GitHub renders a submitted form from the checkout's own form files. The script runs that
checkout's `peerdir from-issue` on it and prints what the contributor would be told.

    .venv/bin/python -m benchmarks.form_messages                    # this checkout
    .venv/bin/python -m benchmarks.form_messages --before /tmp/old  # another checkout first (`git archive`)

A checkout whose `peerdir from-issue` has no `--comment` is shown as its issue workflow answered:
the command's output in its comment template when it failed, and no comment when it passed.
Either way the lines of the written file that the mistake is about follow.

Fictional data only: every name, address and number below is made up for the benchmark.
"""

from __future__ import annotations

import argparse
import itertools
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.form_bodies import ADD_GROUP, render  # noqa: E402

BASE = ADD_GROUP  # a valid add-group form, shared with the form tests

EXISTING = """\
# yaml-language-server: $schema=../../schemas/group.schema.json
id: fictional-grief-circle-leeds
name: Fictional Grief Circle Leeds
summary: A fictional peer-led group for adults living with the death of someone close, meeting on Tuesdays.
attendance: [in_person]
location: {locality: Leeds, country: GB}
joining: {method: open}
meetings:
  - {frequency: weekly, days: [tuesday], start_time: '18:30', end_time: '20:00', timezone: Europe/London}
facilitation: peer_led
cost: {kind: free}
topics: [grief]
audiences: [everyone]
languages: [en]
status: active
last_reviewed: 2026-01-10
reviewed_by: example-reviewer
source: Fictional, for the benchmark.
"""

# (title, form, changed answers, the keys of the written file the mistake is about)
CASES: list[tuple[str, str, dict, str]] = [
    ("start time '6.30 PM'", "add-group.yml", {"meeting-start_time": "6.30 PM"}, "start_time"),
    ("start time '7ish'", "add-group.yml", {"meeting-start_time": "7ish"}, "start_time"),
    ("country 'UK'", "add-group.yml", {"location-country": "UK"}, "country"),
    ("language 'English'", "add-group.yml", {"languages": "English"}, "languages"),
    ("website without https://", "add-group.yml", {"website": "www.hearing-voices-leeds.example.org"}, "website"),
    ("national phone number", "add-group.yml", {"contact-phone": "0113 496 0000"}, "phone"),
    ("time zone 'GMT'", "add-group.yml", {"meeting-timezone": "GMT"}, "timezone"),
    ("host organisation by name", "add-group.yml", {"organization": "Fictional Mind in Leeds"}, "organization"),
    ("'How often' left empty", "add-group.yml", {"meeting-frequency": None}, "frequency"),
    ("report naming the group", "report-listing.yml", {}, "status"),
]

# The main branch's issue workflow, for a checkout without `--comment`.
OLD_FAILURE = ("Thank you! The details could not be turned into a listing yet:\n\n```\n{output}\n```\n\n"
               "Please edit the issue to fix these (leave out anything you do not know); it is checked again when you save.")

REPORT = {"listing": "Fictional Grief Circle Leeds", "problem": "It has closed",
          "details": "Went last week, nobody there, so sad, the caretaker said they stopped :(", "source": None}


def run_case(tree: Path, form: str, answers: dict, keys: str) -> str:
    forms = tree / ".github" / "ISSUE_TEMPLATE"
    body = render((forms / form).read_text(encoding="utf-8"), answers)
    with tempfile.TemporaryDirectory(prefix="form-messages-") as temp:
        root = Path(temp) / "directory"
        shutil.copytree(tree / "directory" / "vocabularies", root / "vocabularies")
        (root / "groups").mkdir()
        (root / "groups" / "fictional-grief-circle-leeds.yml").write_text(EXISTING, encoding="utf-8")
        (Path(temp) / "body.md").write_text(body, encoding="utf-8")
        comment = Path(temp) / "comment.md"
        env = {**os.environ, "PYTHONPATH": str(tree)}
        command = [sys.executable, "-m", "generator.contributors.cli", "--root", "directory", "from-issue", "body.md",
                   "--forms", str(forms), "--reviewed-by", "octocat", "--today", "2026-03-02", "--dry-run"]
        help_text = subprocess.run([*command[:6], "--help"], capture_output=True, text=True, cwd=temp, env=env).stdout
        if "--comment" in help_text:  # what the workflow posts on the issue
            command += ["--comment", str(comment)]
        done = subprocess.run(command, capture_output=True, text=True, cwd=temp, env=env)
        output = (done.stdout + done.stderr).strip()
        if comment.is_file():
            said = comment.read_text(encoding="utf-8").strip()
        elif done.returncode != 0:
            said = OLD_FAILURE.format(output="\n".join(line for line in output.splitlines() if not line.startswith("#")))
        elif "Would write" in output:
            said = "(no comment on the issue; a pull request opens)"
        else:
            said = "(no comment and no label: the submission gets no answer)"
        lines = output.splitlines()
        written = []
        for index, line in enumerate(lines):
            if re.match(rf"[+-]?\s*-?\s*({keys})\w*:", line):
                following = itertools.takewhile(lambda item: re.match(r"\s*- \S", item), lines[index + 1:])
                items = [item.strip() for item in following] if line.rstrip().endswith(":") else []
                written.append(" ".join([line.strip(), *items]))
        if written and "Would write" in output:
            said += "\n\n    the file says: " + "; ".join(written)
        return said


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", type=Path, help="another checkout (e.g. main, from `git archive`), shown before this one")
    args = parser.parse_args()
    trees = ([("before", args.before.resolve())] if args.before else []) + [("after" if args.before else "", REPO)]
    for number, (title, form, change, keys) in enumerate(CASES, 1):
        answers = {**REPORT} if form == "report-listing.yml" else {**BASE, **change}
        print(f"## {number}. {title}\n")
        for name, tree in trees:
            if name:
                print(f"### {name}\n")
            print(run_case(tree, form, answers, keys))
            print()


if __name__ == "__main__":
    main()

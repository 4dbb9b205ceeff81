"""What `peerdir from-issue` tells a contributor for ten common form mistakes.

Each case is a valid, fictional add-group (or report) form with one everyday mistake, rendered
as GitHub renders a submitted form from the checkout's own form files. The script runs that
checkout's `peerdir from-issue` on it and prints what the contributor would be told.

    .venv/bin/python -m benchmarks.form_messages                 # this checkout
    .venv/bin/python -m benchmarks.form_messages --tree /tmp/old  # another checkout (e.g. `git archive`)

Fictional data only: every name, address and number below is made up for the benchmark.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent

# A valid add-group form, answers by element id (fictional).
BASE = {
    "name": "Fictional Hearing Voices Circle Leeds",
    "summary": "A fictional weekly hearing voices group in Leeds, run by voice hearers for anyone who hears voices.",
    "website": "https://hearing-voices-leeds.example.org/",
    "attendance": "In person",
    "location-locality": "Leeds",
    "location-country": "GB",
    "joining-method": "Just turn up",
    "meeting-frequency": "Every week",
    "meeting-days": ["Tuesday"],
    "meeting-start_time": "18:30",
    "meeting-end_time": "20:00",
    "meeting-timezone": "Europe/London",
    "facilitation": "Peer-led",
    "cost-kind": "Free",
    "topics": "Hearing voices",
    "audiences": "Everyone",
    "languages": "en",
    "source": "Fictional: made up for the benchmark.",
    "criteria": ["*"],
}

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

CASES: list[tuple[str, str, dict]] = [
    ("start time '6.30 PM'", "add-group.yml", {"meeting-start_time": "6.30 PM"}),
    ("start time '7ish'", "add-group.yml", {"meeting-start_time": "7ish"}),
    ("country 'UK'", "add-group.yml", {"location-country": "UK"}),
    ("language 'English'", "add-group.yml", {"languages": "English"}),
    ("website without https://", "add-group.yml", {"website": "www.hearing-voices-leeds.example.org"}),
    ("national phone number", "add-group.yml", {"contact-phone": "0113 496 0000"}),
    ("time zone 'GMT'", "add-group.yml", {"meeting-timezone": "GMT"}),
    ("host organisation by name", "add-group.yml", {"organization": "Fictional Mind in Leeds"}),
    ("'How often' left empty", "add-group.yml", {"meeting-frequency": None}),
    ("report naming the group", "report-listing.yml", {}),
]

REPORT = {"listing": "Fictional Grief Circle Leeds", "problem": "It has closed",
          "details": "Went last week, nobody there, so sad, the caretaker said they stopped :(", "source": None}


def render(form_text: str, answers: dict) -> str:
    """A submitted form's body as GitHub renders it."""
    parts = []
    for element in yaml.safe_load(form_text)["body"]:
        if element["type"] == "markdown":
            continue
        label = element["attributes"]["label"]
        value = answers.get(element["id"])
        if element["type"] == "checkboxes":
            options = [o["label"] for o in element["attributes"]["options"]]
            ticked = options if value == ["*"] else (value or [])
            text = "\n".join(f"- [{'X' if o in ticked else ' '}] {o}" for o in options)
        elif value is None or value == "":
            text = "_No response_"
        else:
            text = value
            if element["attributes"].get("render"):
                text = f"```{element['attributes']['render']}\n{value}\n```"
        parts.append(f"### {label}\n\n{text}")
    return "\n\n".join(parts) + "\n"


def run_case(tree: Path, form: str, answers: dict) -> str:
    forms = tree / ".github" / "ISSUE_TEMPLATE"
    body = render((forms / form).read_text(encoding="utf-8"), answers)
    with tempfile.TemporaryDirectory(prefix="form-messages-") as temp:
        root = Path(temp) / "directory"
        shutil.copytree(tree / "directory" / "vocabularies", root / "vocabularies")
        (root / "groups").mkdir()
        (root / "groups" / "fictional-grief-circle-leeds.yml").write_text(EXISTING, encoding="utf-8")
        (Path(temp) / "body.md").write_text(body, encoding="utf-8")
        comment = Path(temp) / "comment.md"
        command = [sys.executable, "-m", "generator.contributors.cli", "--root", "directory", "from-issue", "body.md",
                   "--forms", str(forms), "--reviewed-by", "octocat", "--today", "2026-03-02", "--dry-run"]
        help_text = subprocess.run([*command[:6], "--help"], capture_output=True, text=True, cwd=temp,
                                   env={**os.environ, "PYTHONPATH": str(tree)}).stdout
        if "--comment" in help_text:  # what the workflow posts on the issue
            command += ["--comment", str(comment)]
        done = subprocess.run(command, capture_output=True, text=True, cwd=temp, env={**os.environ, "PYTHONPATH": str(tree)})
        if comment.is_file():
            return comment.read_text(encoding="utf-8").strip()
        return (done.stdout + done.stderr).strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tree", type=Path, default=REPO, help="the checkout whose peerdir and forms to run (default: this one)")
    args = parser.parse_args()
    for number, (title, form, change) in enumerate(CASES, 1):
        answers = {**REPORT} if form == "report-listing.yml" else {**BASE, **change}
        print(f"## {number}. {title}\n")
        print(run_case(args.tree.resolve(), form, answers))
        print()


if __name__ == "__main__":
    main()

"""The issue forms' choices come from directory/vocabularies/ (`peerdir forms`), a check fails when
they drift, and every label the forms and the issue workflow use is created from .github/labels.tsv."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from generator.contributors.cli import main
from generator.contributors.forms.outcome import OUTCOME_LABELS
from generator.contributors.forms.parse import FORM_ACTIONS, load_forms

REPO = Path(__file__).resolve().parent.parent
FORMS = REPO / ".github" / "ISSUE_TEMPLATE"
LABELS = REPO / ".github" / "labels.tsv"


def test_the_committed_forms_are_current(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["--root", str(REPO / "directory"), "forms", "--forms", str(FORMS), "--check"])
    assert code == 0, capsys.readouterr().out


def test_a_new_topic_reaches_the_forms_without_a_hand_edit(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    directory, forms = tmp_path / "directory", tmp_path / "forms"
    shutil.copytree(REPO / "directory" / "vocabularies", directory / "vocabularies")
    shutil.copytree(FORMS, forms)
    topics = directory / "vocabularies" / "topics.yml"
    topics.write_text(topics.read_text(encoding="utf-8") + "  gambling:\n    label: Gambling harm\n    description: Fictional, for the test.\n",
                      encoding="utf-8")
    assert main(["--root", str(directory), "forms", "--forms", str(forms), "--check"]) == 1
    out = capsys.readouterr().out
    assert all(f"{forms / name}: its choices differ" in out for name in ("add-group.yml", "add-advocate.yml", "add-training.yml"))
    assert main(["--root", str(directory), "forms", "--forms", str(forms)]) == 0
    assert main(["--root", str(directory), "forms", "--forms", str(forms), "--check"]) == 0
    group = next(f for f in load_forms(forms) if f.file == "add-group.yml")
    assert group.element("topics").options[-1] == "Gambling harm"
    # Everything else in the form is kept: its comments, labels and other questions.
    before, after = (FORMS / "add-group.yml").read_text(encoding="utf-8"), (forms / "add-group.yml").read_text(encoding="utf-8")
    assert after.replace("    - Gambling harm\n", "", 1) == before


def test_every_vocabulary_question_offers_exactly_its_terms() -> None:
    from generator.contract.catalog import load_vocabularies
    from generator.contributors.forms.options import vocabulary_for

    vocabularies, problems, _ = load_vocabularies(REPO / "directory")
    assert not problems
    checked = 0
    for form in load_forms(FORMS):
        for element in form.elements:
            name = vocabulary_for(form.file, element.id)
            if name and element.type in ("dropdown", "checkboxes"):
                assert list(element.options) == [t.label for t in vocabularies[name].terms.values()], (form.file, element.id)
                checked += 1
    assert checked >= 12


def _labels() -> set[str]:
    rows = [line.split("\t") for line in LABELS.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    assert all(len(row) == 3 and re.fullmatch(r"[0-9A-F]{6}", row[1]) and row[2] for row in rows), rows
    return {row[0] for row in rows}


def test_every_label_in_use_is_created() -> None:
    used = set(OUTCOME_LABELS)
    for name in FORM_ACTIONS:
        used |= set(yaml.safe_load((FORMS / name).read_text(encoding="utf-8")).get("labels", []))
    workflow = (REPO / ".github" / "workflows" / "issue-to-pr.yml").read_text(encoding="utf-8")
    used |= set(re.findall(r"labels\.\*\.name, '([^']+)'", workflow))
    assert used <= _labels(), used - _labels()
    # The workflow knows the same outcome labels as peerdir.
    assert f'"{OUTCOME_LABELS[0]}"|"{OUTCOME_LABELS[1]}"|"{OUTCOME_LABELS[2]}"' in workflow
    assert f'--remove-label "{",".join(OUTCOME_LABELS)}"' in workflow
    labels_workflow = yaml.safe_load((REPO / ".github" / "workflows" / "labels.yml").read_text(encoding="utf-8"))
    assert ".github/labels.tsv" in labels_workflow[True]["push"]["paths"] and "workflow_dispatch" in labels_workflow[True]


def test_the_issue_workflow_answers_every_submission_from_files() -> None:
    workflow = yaml.safe_load((REPO / ".github" / "workflows" / "issue-to-pr.yml").read_text(encoding="utf-8"))
    steps = workflow["jobs"]["convert"]["steps"]
    convert = next(s for s in steps if s.get("id") == "convert")["run"]
    assert '--comment "$RUNNER_TEMP/comment.md" --label "$RUNNER_TEMP/label.txt"' in convert
    answer = next(s for s in steps if s.get("name") == "Answer on the issue")
    assert answer["if"] == "${{ !cancelled() }}"
    assert 'gh issue comment "$ISSUE_NUMBER" --body-file "$RUNNER_TEMP/comment.md"' in answer["run"]
    for step in steps:  # untrusted text only through env:
        assert "${{ github.event" not in step.get("run", "")
    assert workflow["jobs"]["convert"]["env"]["ISSUE_BODY"] == "${{ github.event.issue.body }}"
    checkout = next(s for s in steps if str(s.get("uses", "")).startswith("actions/checkout@"))
    assert checkout["with"]["fetch-depth"] == 0  # the update form's base version is an older blob


def test_the_forms_follow_githubs_issue_form_schema() -> None:
    import subprocess
    import sys

    forms = [str(FORMS / name) for name in sorted(FORM_ACTIONS)]
    checker = Path(sys.executable).parent / "check-jsonschema"
    result = subprocess.run([str(checker), "--builtin-schema", "vendor.github-issue-forms", *forms], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_choice_on_every_form_can_be_read() -> None:
    from generator.contract.catalog import load_vocabularies
    from generator.contributors.forms.answers import convert_answer, field_for
    from generator.contributors.forms.convert import FREQUENCIES
    from generator.contributors.forms.report import REPORT_STATUS
    from generator.kinds import MODELS

    vocabularies, _, _ = load_vocabularies(REPO / "directory")
    checked = 0
    for form in load_forms(FORMS):
        for element in form.elements:
            if not element.options or element.id == "criteria":
                continue
            for option in element.options:
                checked += 1
                if element.id == "meeting-frequency":
                    assert option.lower() in FREQUENCIES, option
                elif form.action == "report":
                    assert element.id == "problem"
                    assert set(REPORT_STATUS) <= {o.lower() for o in element.options}  # the choices that change a status exist
                elif form.action == "update":
                    assert element.id == "still_correct"
                else:
                    path, info = field_for(MODELS[form.action], element.id)
                    value = convert_answer([option], info, str(path[-1]), vocabularies, "GB")
                    assert value not in (None, [], option) or element.type == "checkboxes", (form.file, element.id, option)
    assert checked > 100

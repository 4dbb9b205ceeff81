"""Workflows, issue forms and editor settings: they parse, and scripts never interpolate input."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from generator.contributors.forms.parse import FORM_ACTIONS

REPO = Path(__file__).resolve().parent.parent
WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))
FORMS = REPO / ".github" / "ISSUE_TEMPLATE"


def load(path: Path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def triggers(workflow: dict) -> dict:
    # PyYAML reads the key 'on' as the boolean True (YAML 1.1).
    value = workflow.get("on", workflow.get(True))
    return value if isinstance(value, dict) else {name: None for name in ([value] if isinstance(value, str) else value)}


def steps(workflow: dict):
    for name, job in workflow["jobs"].items():
        for step in job.get("steps", []):
            yield name, step


def test_there_are_workflows() -> None:
    assert {p.name for p in WORKFLOWS} >= {"checks.yml", "pages.yml", "weekly.yml", "issue-to-pr.yml"}


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_scripts_take_input_only_through_env(path: Path) -> None:
    workflow = load(path)
    assert workflow["name"] and workflow["jobs"]
    for job, step in steps(workflow):
        script = step.get("run")
        if script is None:
            continue
        # No expression at all inside a script: values reach the shell as environment variables.
        assert "${{" not in script, f"{path.name}: job '{job}' interpolates an expression in a run: script; use env:"


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_actions_are_pinned_by_commit_sha(path: Path) -> None:
    for _, step in steps(load(path)):
        if "uses" in step:
            assert re.fullmatch(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}", step["uses"]), step["uses"]


def test_pull_requests_validate_and_build_strictly() -> None:
    workflow = load(REPO / ".github" / "workflows" / "checks.yml")
    assert "pull_request" in triggers(workflow)
    scripts = "\n".join(step.get("run", "") for _, step in steps(workflow))
    assert "peerdir validate --format github" in scripts and "make site" in scripts
    assert "peerdir docs --check" in scripts and "peerdir schema --check" in scripts


def test_main_publishes_to_pages() -> None:
    workflow = load(REPO / ".github" / "workflows" / "pages.yml")
    assert triggers(workflow)["push"]["branches"] == ["main"]
    deploy = workflow["jobs"]["deploy"]["permissions"]
    assert deploy["pages"] == "write" and deploy["id-token"] == "write"
    assert workflow["permissions"] == {} and workflow["jobs"]["build"]["permissions"] == {"contents": "read"}
    uses = [step.get("uses", "") for _, step in steps(workflow)]
    assert any(u.startswith("actions/upload-pages-artifact@") for u in uses)
    assert any(u.startswith("actions/deploy-pages@") for u in uses)


def test_the_published_site_knows_its_address_and_is_rebuilt_daily() -> None:
    workflow = load(REPO / ".github" / "workflows" / "pages.yml")
    assert triggers(workflow)["schedule"][0]["cron"].endswith("* * *")  # every day
    build = workflow["jobs"]["build"]["steps"]
    pages = next(i for i, step in enumerate(build) if step.get("uses", "").startswith("actions/configure-pages@"))
    site = next(i for i, step in enumerate(build) if step.get("run") == "make site")
    assert pages < site  # the address is known before the build
    assert build[site]["env"]["SITE_URL"] == "${{ steps.%s.outputs.base_url }}" % build[pages]["id"]


def test_weekly_review_issue() -> None:
    workflow = load(REPO / ".github" / "workflows" / "weekly.yml")
    assert triggers(workflow)["schedule"][0]["cron"]
    stale = workflow["jobs"]["stale"]
    assert "GH_TOKEN" in stale["env"]
    scripts = "\n".join(step.get("run", "") for step in stale["steps"])
    assert "peerdir stale" in scripts and 'gh issue list --label "$LABEL"' in scripts
    assert "gh issue edit" in scripts and "gh issue create" in scripts


def test_issue_to_pull_request_uses_env() -> None:
    workflow = load(REPO / ".github" / "workflows" / "issue-to-pr.yml")
    assert "issues" in triggers(workflow)
    job = workflow["jobs"]["convert"]
    assert "'new listing'" in job["if"]
    assert job["env"]["ISSUE_BODY"] == "${{ github.event.issue.body }}"
    scripts = "\n".join(step.get("run", "") for step in job["steps"])
    assert 'peerdir from-issue "$RUNNER_TEMP/body.md"' in scripts


def forms() -> dict[str, dict]:
    return {path.name: load(path) for path in sorted(FORMS.glob("*.yml")) if path.name != "config.yml"}


def test_issue_forms_parse_and_have_unique_ids_and_labels() -> None:
    found = forms()
    assert set(found) == set(FORM_ACTIONS)
    for name, form in found.items():
        assert form["name"] and form["description"] and form["body"], name
        elements = [e for e in form["body"] if e["type"] != "markdown"]
        ids = [e["id"] for e in elements]
        labels = [e["attributes"]["label"] for e in elements]
        assert len(ids) == len(set(ids)), f"{name}: duplicate ids"
        assert len(labels) == len(set(labels)), f"{name}: duplicate labels"
        for element in elements:
            assert re.fullmatch(r"[A-Za-z0-9_-]+", element["id"]), element["id"]
            assert element["type"] in ("input", "textarea", "dropdown", "checkboxes"), element["type"]
            for option in element["attributes"].get("options", []):
                text = option["label"] if isinstance(option, dict) else option
                assert ", " not in text or element["type"] != "dropdown" or not element["attributes"].get("multiple"), text


def test_update_form_can_be_prefilled_from_the_site() -> None:
    form = forms()["update-listing.yml"]
    by_id = {e["id"]: e for e in form["body"] if "id" in e}
    assert by_id["listing"]["type"] == "input"
    assert by_id["current"]["type"] == "textarea"
    assert by_id["changes"]["type"] == "textarea"
    assert "source" in by_id


def test_add_forms_carry_the_listing_label() -> None:
    for name in ("add-group.yml", "add-advocate.yml", "add-training.yml"):
        assert "new listing" in forms()[name]["labels"]


def test_issue_chooser_config() -> None:
    config = load(FORMS / "config.yml")
    assert config["blank_issues_enabled"] is False
    assert any("crisis" in link["name"].lower() for link in config["contact_links"])


def test_pull_request_template_has_the_checklist() -> None:
    text = (REPO / ".github" / "pull_request_template.md").read_text(encoding="utf-8")
    assert text.count("- [ ]") >= 8 and "consent_recorded" in text and "crisis" in text


def test_pre_commit_config() -> None:
    config = load(REPO / ".pre-commit-config.yaml")
    hooks = {hook["id"]: hook for repo in config["repos"] for hook in repo["hooks"]}
    validate = hooks["peerdir-validate"]
    assert validate["language"] == "system" and validate["files"] == r"^directory/.*\.yml$"
    assert "peerdir validate" in validate["entry"]
    assert "yamllint" in hooks


def test_yamllint_config_suits_prose() -> None:
    rules = load(REPO / ".yamllint.yml")["rules"]
    assert rules["line-length"] == "disable" and rules["document-start"] == "disable"
    assert rules["truthy"]["allowed-values"] == ["true", "false"]


def test_vscode_maps_schemas_to_listing_files() -> None:
    settings = json.loads((REPO / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    mapping = settings["yaml.schemas"]
    for schema, pattern in mapping.items():
        assert (REPO / schema).is_file(), schema
        assert pattern.startswith("directory/") and pattern.endswith("*.yml")
    assert mapping["./schemas/group.schema.json"] == "directory/groups/*.yml"
    extensions = json.loads((REPO / ".vscode" / "extensions.json").read_text(encoding="utf-8"))
    assert "redhat.vscode-yaml" in extensions["recommendations"]


def test_editorconfig() -> None:
    text = (REPO / ".editorconfig").read_text(encoding="utf-8")
    assert "root = true" in text and "[*.{yml,yaml,json,toml}]" in text

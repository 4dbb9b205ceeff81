"""The committed JSON Schemas match the models, are draft-07, and accept every valid listing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import Draft7Validator

from generator.contract.catalog import SCHEMA_NAMES, load_catalog
from generator.contributors.cli import main
from generator.contract.yaml_loader import load_yaml_file

REPO = Path(__file__).resolve().parent.parent
SCHEMAS = REPO / "schemas"


def test_committed_schemas_are_current(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(REPO)
    code = main(["schema", "--check"])
    assert code == 0, capsys.readouterr().out


def test_check_notices_a_stale_schema(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(REPO)
    assert main(["schema", "--out", str(tmp_path)]) == 0
    assert main(["schema", "--check", "--out", str(tmp_path)]) == 0
    (tmp_path / "group.schema.json").write_text("{}\n")
    assert main(["schema", "--check", "--out", str(tmp_path)]) == 1
    assert "group.schema.json: differs from the models" in capsys.readouterr().out


@pytest.mark.parametrize("name", sorted(set(SCHEMA_NAMES.values())))
def test_schemas_are_draft_07(name: str) -> None:
    schema = json.loads((SCHEMAS / f"{name}.schema.json").read_text())
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    Draft7Validator.check_schema(schema)


@pytest.mark.parametrize("root", [REPO / "directory", REPO / "tests" / "fixtures" / "directory"], ids=["directory", "fixture"])
def test_valid_listings_validate_against_their_schema(root: Path) -> None:
    assert load_catalog(root).ok
    checked = 0
    for folder, name in SCHEMA_NAMES.items():
        validator = Draft7Validator(json.loads((SCHEMAS / f"{name}.schema.json").read_text()))
        for path in sorted((root / folder).glob("*.yml")):
            loaded = load_yaml_file(path, str(path))
            errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(loaded.data)]
            assert not errors, (path, errors)
            checked += 1
    assert checked >= 10


def test_schema_rejects_what_the_models_reject() -> None:
    validator = Draft7Validator(json.loads((SCHEMAS / "group.schema.json").read_text()))
    data = load_yaml_file(REPO / "tests/fixtures/directory/groups/fictional-riverside-circle.yml", "x").data
    assert not list(validator.iter_errors(data))
    assert list(validator.iter_errors({**data, "webiste": "https://x.example.org/"}))
    assert list(validator.iter_errors({**data, "topics": ["anxeity"]}))

"""Checks across files: unique ids, references, likely duplicates."""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

import pytest

from generator.contract.catalog import load_catalog
from generator.contract.cross_checks import _similar_pairs, normalised_name, normalised_website

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "directory"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    shutil.copytree(FIXTURE, tmp_path / "d")
    return tmp_path / "d"


def test_fixture_is_clean(root: Path) -> None:
    result = load_catalog(root)
    assert result.ok and result.problems == []
    assert [g.id for g in result.catalog.groups] == ["fictional-night-owls-online", "fictional-riverside-circle"]


def test_duplicate_id_across_kinds(root: Path) -> None:
    text = (root / "advocates/fictional-sam-voices.yml").read_text().replace("fictional-sam-voices", "fictional-riverside-circle")
    (root / "advocates/fictional-riverside-circle.yml").write_text(text)
    problems = [p for p in load_catalog(root).problems if p.field == "id"]
    assert len(problems) == 2 and all("ids must be unique" in p.message for p in problems)


def test_missing_organisation_reference(root: Path) -> None:
    (root / "organizations/fictional-harbour-peer-network.yml").unlink()
    problems = load_catalog(root).problems
    assert {(Path(p.path).name, p.field) for p in problems} == {
        ("fictional-riverside-circle.yml", "organization"), ("fictional-peer-specialist-course.yml", "provider")}


def test_likely_duplicate_names_and_websites_are_warnings(root: Path) -> None:
    text = (root / "groups/fictional-riverside-circle.yml").read_text()
    text = text.replace("id: fictional-riverside-circle", "id: fictional-riverside-circle-2").replace('"Fictional Riverside Circle"', '"Fictional Riverside Circles"')
    (root / "groups/fictional-riverside-circle-2.yml").write_text(text)
    result = load_catalog(root)
    assert result.ok
    assert {(p.field, p.severity) for p in result.problems} == {("name", "warning"), ("website", "warning"), ("contact.phone", "warning")}
    assert len(result.problems) == 6


def test_similar_pairs_matches_difflib() -> None:
    names = [normalised_name(n) for n in ["Fictional Riverside Circle", "Fictional Riverside Circles", "Fictional Ocean Walk",
                                          "fictional  riverside circle!", "Another Group", "Fictional Oceans Walk", "x"]]
    expected = {i: {j for j, b in enumerate(names) if j != i and difflib.SequenceMatcher(None, a, b).ratio() >= 0.9}
                for i, a in enumerate(names)}
    found = _similar_pairs(names)
    assert {i: found.get(i, set()) for i in range(len(names))} == expected
    assert found[0] == {1, 3}


def test_normalisers() -> None:
    assert normalised_website("https://WWW.Example.org/a/") == normalised_website("http://example.org/a") == "example.org/a"
    assert normalised_name("Fictional  Riverside, Circle!") == "fictional riverside circle"

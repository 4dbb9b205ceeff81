"""Checks across files: unique ids, references, likely duplicates."""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

import pytest

from generator.contract.catalog import load_catalog
from generator.contract.cross_checks import similar_pairs, normalised_name, normalised_website

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "directory"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    shutil.copytree(FIXTURE, tmp_path / "d")
    return tmp_path / "d"


def test_fixture_is_clean(root: Path) -> None:
    result = load_catalog(root)
    assert result.ok and result.problems == []
    assert [g.id for g in result.catalog.groups] == sorted(path.stem for path in (root / "groups").glob("*.yml"))


def test_duplicate_id_across_kinds(root: Path) -> None:
    text = (root / "advocates/fictional-sam-voices.yml").read_text().replace("fictional-sam-voices", "fictional-riverside-circle")
    (root / "advocates/fictional-riverside-circle.yml").write_text(text)
    problems = [p for p in load_catalog(root).problems if p.field == "id"]
    assert len(problems) == 2 and all("ids must be unique" in p.message for p in problems)


def test_missing_organisation_reference(root: Path) -> None:
    (root / "organizations/fictional-peer-network.yml").unlink()
    problems = load_catalog(root).problems
    assert {(Path(p.path).name, p.field) for p in problems} == {
        ("fictional-grief-circle-leeds.yml", "organization"), ("fictional-voices-podcast.yml", "organization"),
        ("fictional-peer-specialist-course.yml", "provider")}


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
    found = similar_pairs(names)
    assert {i: found.get(i, set()) for i in range(len(names))} == expected
    assert found[0] == {1, 3}


def test_normalisers() -> None:
    assert normalised_website("https://WWW.Example.org/a/") == normalised_website("http://example.org/a") == "example.org/a"
    assert normalised_name("Fictional  Riverside, Circle!") == "fictional riverside circle"


def test_yml_beside_yaml_names_both_files(root: Path) -> None:
    source = root / "groups/fictional-riverside-circle.yml"
    shutil.copy(source, source.with_suffix(".yaml"))
    problems = [p for p in load_catalog(root).problems if p.field == "id"]
    assert sorted((Path(p.path).name, Path(p.message.split(" is also the id of ")[1]).name) for p in problems) == [
        ("fictional-riverside-circle.yaml", "fictional-riverside-circle.yml; ids must be unique across the directory"),
        ("fictional-riverside-circle.yml", "fictional-riverside-circle.yaml; ids must be unique across the directory"),
    ]


def _variant(root: Path, new_id: str, name: str, **replace: str) -> None:
    text = (root / "groups/fictional-riverside-circle.yml").read_text()
    text = text.replace("fictional-riverside-circle", new_id).replace('"Fictional Riverside Circle"', f'"{name}"')
    text = text.replace('  phone: "+44 20 7946 0123"\n', "")
    for old, new in replace.items():
        text = text.replace(old, new)
    (root / f"groups/{new_id}.yml").write_text(text)


def test_name_variants_in_one_town_are_likely_duplicates(root: Path) -> None:
    _variant(root, "fictional-voices-a", "Fictional Hearing Voices Group Leeds")
    _variant(root, "fictional-voices-b", "Leeds Fictional Hearing Voices Peer Support")
    _variant(root, "fictional-grief", "Fictional Grief Café")
    warnings = {Path(p.path).stem: p.message for p in load_catalog(root).problems if p.field == "name"}
    assert warnings["fictional-voices-a"] == "is nearly the same as 'Leeds Fictional Hearing Voices Peer Support' (fictional-voices-b) in Leeds: is it a duplicate?"
    assert warnings["fictional-voices-b"].startswith("is nearly the same as 'Fictional Hearing Voices Group Leeds' (fictional-voices-a)")
    assert "fictional-grief" not in warnings


def test_same_organisation_and_a_name_within_the_other(root: Path) -> None:
    _variant(root, "fictional-voices-a", "Fictional Hearing Voices")
    _variant(root, "fictional-voices-b", "Fictional Hearing Voices Wednesday Evenings")
    _variant(root, "fictional-voices-c", "Fictional Voices Elsewhere", **{"  locality: Leeds": "  locality: York"})
    warnings = {Path(p.path).stem: p.message for p in load_catalog(root).problems if p.field == "name"}
    assert warnings["fictional-voices-a"].startswith("has the same organisation as 'Fictional Hearing Voices Wednesday Evenings' (fictional-voices-b) in Leeds")
    assert "fictional-voices-c" not in warnings

"""The contributor guide documents every field of every model, and its examples are valid."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from generator.contract.catalog import load_vocabularies, load_catalog
from generator.contributors.cli import main
from generator.contributors.field_docs import DOCUMENTED_MODELS, SECTIONS, current_section, field_reference, replace_section
from generator.contract.models import Advocate, Group, Training
from generator.contract.models.advocate import PlatformLink
from generator.contract.models.common import Contact, Cost, ListingBase, Place
from generator.contract.models.group import AreaServed, Joining, Location
from generator.contract.models.meeting import Meeting
from generator.contract.models.training import Cohort, Jurisdiction, Prerequisites

REPO = Path(__file__).resolve().parent.parent
GUIDE = REPO / "CONTRIBUTING.md"
REQUIRED_MODELS = [Group, Advocate, Training, Location, AreaServed, Joining, Meeting, Cost, Contact, PlatformLink, Place,
                   Jurisdiction, Prerequisites, Cohort]


@pytest.fixture(scope="module")
def vocabularies():
    vocabularies, problems, _ = load_vocabularies(REPO / "directory")
    assert not problems
    return vocabularies


def tables(section: str) -> dict[str, set[str]]:
    """Field names documented under each '### Heading' of the field reference."""
    out: dict[str, set[str]] = {}
    heading = ""
    for line in section.splitlines():
        if line.startswith("### "):
            heading = line[4:].strip()
            out[heading] = set()
        match = re.match(r"\| `([a-z_]+)` \|", line)
        if match and heading:
            out[heading].add(match.group(1))
    return out


def test_every_field_of_every_model_is_documented() -> None:
    documented = tables(current_section(GUIDE.read_text(encoding="utf-8")))
    headings = {model: heading for heading, model, _, _ in SECTIONS}
    for model in REQUIRED_MODELS:
        assert model in DOCUMENTED_MODELS, f"{model.__name__} has no table in the field reference"
    for model in DOCUMENTED_MODELS:
        heading = headings[model]
        for name in model.model_fields:
            if issubclass(model, ListingBase) and name in ListingBase.model_fields:
                assert name in documented["Every listing"], f"'{name}' (every listing) is not documented"
            else:
                assert name in documented.get(heading, set()), f"{model.__name__}.{name} is not documented in CONTRIBUTING.md"


def test_field_reference_is_current(vocabularies) -> None:
    text = GUIDE.read_text(encoding="utf-8")
    assert current_section(text) == field_reference(vocabularies), "run 'peerdir docs' to regenerate the field reference"
    assert replace_section(text, field_reference(vocabularies)) == text


def test_field_reference_lists_vocabulary_terms(vocabularies) -> None:
    section = current_section(GUIDE.read_text(encoding="utf-8"))
    for term in ("peer_led", "consent_on_file", "sliding_scale", "in_person", "mental_health"):
        assert f"`{term}`" in section


def test_peerdir_docs_check(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(REPO)
    assert main(["docs", "--check"]) == 0
    stale = tmp_path / "CONTRIBUTING.md"
    stale.write_text(GUIDE.read_text(encoding="utf-8").replace("| `summary` |", "| `sumary` |"), encoding="utf-8")
    assert main(["docs", "--check", "--file", str(stale)]) == 1
    assert "run 'peerdir docs'" in capsys.readouterr().out
    assert main(["docs", "--file", str(stale)]) == 0
    assert stale.read_text(encoding="utf-8") == GUIDE.read_text(encoding="utf-8")


def examples() -> list[tuple[str, str]]:
    text = GUIDE.read_text(encoding="utf-8")
    return re.findall(r"<!-- example: ([a-z-]+/[a-z0-9-]+\.yml) -->\n```yaml\n(.*?)```", text, re.S)


def test_worked_examples_are_valid_and_fictional(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    found = examples()
    assert {path.split("/")[0] for path, _ in found} >= {"groups", "advocates", "training"}
    root = tmp_path / "directory"
    shutil.copytree(REPO / "directory" / "vocabularies", root / "vocabularies")
    for path, text in found:
        assert re.search(r"(?m)^name: Fictional ", text), f"the example {path} must be named 'Fictional ...'"
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = load_catalog(Path("directory"))
    assert result.ok, [p.text() for p in result.problems]
    assert not result.problems, [p.text() for p in result.problems]
    advocate = result.catalog.advocates[0]
    assert advocate.listing_basis == "consent_on_file" and advocate.consent_recorded is not None


def test_guide_covers_the_policies() -> None:
    text = GUIDE.read_text(encoding="utf-8")
    for phrase in ("peer-led or peer-delivered", "crisis page", "consent_on_file", "consent_recorded",
                   "never put in the repository", "What reviewers check", "last_reviewed", "Report a closed or wrong listing",
                   ".github/link-allowlist.txt", "peerdir from-issue", "written only if"):
        assert phrase in text, phrase

"""The README and the contribute guide link straight to each form (at the repository mkdocs.yml
names), browser path first, with a time estimate and what happens next; maintainer material
(field ids, exit codes, dry runs) is in CONTRIBUTING's maintainers' section only."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from fictional import read_project_config

REPO = Path(__file__).resolve().parent.parent
FORMS = ("add-group.yml", "add-advocate.yml", "add-training.yml", "update-listing.yml", "report-listing.yml")


def repo_url() -> str:
    plugin = next(p["directory"] for p in read_project_config()["plugins"] if isinstance(p, dict) and "directory" in p)
    return plugin["repo"].rstrip("/")


def section(text: str, heading: str) -> str:
    start = text.index(heading)
    level = heading.split(" ")[0]
    following = re.search(rf"(?m)^#{{2,{len(level)}}} ", text[start + len(heading):])
    return text[start:start + len(heading) + following.start()] if following else text[start:]


@pytest.mark.parametrize("path, heading", [
    ("README.md", "## Adding or fixing a listing"),
    ("content/guides/contribute.md", "## The quickest way: a form in your browser"),
    ("CONTRIBUTING.md", "### 1. Fill in a form in your browser (no coding)"),
])
def test_each_form_is_linked_browser_path_first(path: str, heading: str) -> None:
    text = (REPO / path).read_text(encoding="utf-8")
    for form in FORMS:
        assert (REPO / ".github" / "ISSUE_TEMPLATE" / form).is_file()
        link = f"{repo_url()}/issues/new?template={form}"
        assert link in text, f"{path} does not link to {link}"
        assert text.index(link) < text.find("peerdir") or "peerdir" not in text[:text.index(link)]
    part = text[text.index(heading):]
    assert "10 minutes" in part[:1500]
    assert re.search(r"(?i)what happens next", part)


def test_maintainer_material_is_in_the_maintainers_section() -> None:
    text = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    contributors = section(text, "### 1. Fill in a form in your browser (no coding)")
    maintainers = section(text, "## For maintainers")
    for detail in ("--dry-run", "Exit status", "location-locality", "`listing`, `version`, `current`", "labels.tsv", "extra.contact_email"):
        assert detail in maintainers, detail
        assert detail not in contributors, detail
    assert "peerdir" not in contributors
    guide = (REPO / "content" / "guides" / "contribute.md").read_text(encoding="utf-8")
    assert "--dry-run" not in guide and "from-issue" not in guide

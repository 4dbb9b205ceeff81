"""The fictional directory loads with what the tests rely on: every kind, every status, hostile text."""

from __future__ import annotations

from fictional import FORMULA_SUMMARY, HOSTILE_NAME, QUOTED_NAME

from generator.contract.catalog import Catalog
from generator.kinds import KINDS


def test_the_fictional_directory_loads_with_every_kind_and_status(fictional_catalog: Catalog) -> None:
    assert fictional_catalog.warnings == []
    for kind in KINDS:
        assert getattr(fictional_catalog, kind.attribute), kind.folder
    assert {g.status for g in fictional_catalog.groups} == {"active", "paused", "closed"}
    assert {mode for g in fictional_catalog.groups for mode in g.attendance} == {"in_person", "online", "hybrid", "phone"}
    circle = next(g for g in fictional_catalog.groups if g.id == "fictional-evening-circle")
    assert circle.name == QUOTED_NAME
    assert circle.summary == FORMULA_SUMMARY
    assert HOSTILE_NAME in {g.name for g in fictional_catalog.groups}
    # The fictional crisis line sits beside the project's real, sourced ones.
    assert "fictional-listening-line" in {line.id for line in fictional_catalog.crisis_lines}

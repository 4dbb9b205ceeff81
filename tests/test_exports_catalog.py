"""The export tests' fictional directory (tests/fictional_exports.py) loads as they expect."""

from __future__ import annotations

from fictional_exports import FORMULA_SUMMARY, HOSTILE_NAME

from generator.contract.catalog import Catalog


def test_the_export_directory_loads(export_catalog: Catalog) -> None:
    assert [g.id for g in export_catalog.groups] == [
        "fictional-closed-group", "fictional-evening-circle", "fictional-no-times", "fictional-online-peers", "fictional-paused-group",
    ]
    assert export_catalog.groups[1].name == HOSTILE_NAME
    assert export_catalog.groups[1].summary == FORMULA_SUMMARY
    assert len(export_catalog.advocates) == 2 and len(export_catalog.training) == 1

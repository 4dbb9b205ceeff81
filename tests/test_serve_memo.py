"""What `mkdocs serve` keeps between rebuilds besides the site and the pieces of its files
(tests/test_incremental_build.py): the duplicate checks' per-listing work (cross_checks.
DuplicateMemo, in the LoadMemo), values worked out once per catalog (Catalog.derived), and the
collector's state once the first build is over (workers.ServedHeap.settle)."""

from __future__ import annotations

import datetime as dt
import gc
import os
import shutil
import weakref
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig

from fictional import build_catalog, write_fictional_directory, write_site_config
from generator.contract import cross_checks
from generator.contract.catalog import LoadMemo, load_catalog
from generator.workers import ServedHeap, cyclic_gc_paused

TODAY = dt.date(2026, 11, 23)


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_a_load_with_a_memo_checks_for_duplicates_as_a_fresh_load_does(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    directory = write_fictional_directory(tmp_path / "directory")
    memo = LoadMemo()
    assert load_catalog(directory, today=TODAY, memo=memo).ok
    keyed: list[str] = []  # the listings whose website, phone, place and name were worked out again
    record_keys = cross_checks._record_keys
    monkeypatch.setattr(cross_checks, "_record_keys", lambda record: keyed.append(record.id) or record_keys(record))
    leeds = directory / "groups" / "fictional-grief-circle-leeds.yml"
    twin = directory / "groups" / "fictional-grief-circle-leeds-twin.yml"
    steps = [
        ("nothing changed", lambda: None, []),
        # The same website, phone and place, and nearly the same name: warnings on both listings.
        ("a twin added", lambda: twin.write_text(leeds.read_text(encoding="utf-8").replace(
            "id: fictional-grief-circle-leeds", "id: fictional-grief-circle-leeds-twin").replace(
            "name: Fictional Grief Circle Leeds", "name: Fictional Grief Circle Leeds!"), encoding="utf-8"),
         ["fictional-grief-circle-leeds-twin"]),
        ("its website changed", lambda: _edit(twin, "https://example.org/fictional-grief-circle", "https://example.org/another-circle"),
         ["fictional-grief-circle-leeds-twin"]),
        ("its name changed", lambda: _edit(twin, "name: Fictional Grief Circle Leeds!", "name: Fictional Bereavement Talk"),
         ["fictional-grief-circle-leeds-twin"]),
        ("the twin deleted", lambda: twin.unlink(), []),
    ]
    warned = []
    for step, change, expected in steps:
        change()
        keyed.clear()
        served = load_catalog(directory, today=TODAY, memo=memo)
        assert keyed == expected, step
        fresh = load_catalog(directory, today=TODAY)
        assert served.problems == fresh.problems, step
        warned.append(sum("duplicate" in problem.message for problem in served.problems))
    # The twin is found at each step where it is one (the test can fail: warnings come and go).
    assert warned[1] > warned[0] and warned[2] > warned[0] and warned[4] == warned[0], warned


def test_a_value_derived_from_a_catalog_is_made_once_until_its_lists_are_replaced(tmp_path: Path) -> None:
    catalog = build_catalog(tmp_path / "directory")
    made: list[int] = []

    def make() -> int:
        made.append(len(catalog.groups))
        return len(made)

    assert catalog.derived("count", make) == catalog.derived("count", make) == 1
    catalog.groups = catalog.groups[1:]  # a list replaced: worked out again
    assert catalog.derived("count", make) == 2 and len(made) == 2
    assert catalog.derived("other", make) == 3  # each name its own


def test_serving_settles_the_first_build_and_keeps_its_heap_frozen(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    # A plugin of its own: MkDocs keeps one per process (with on_startup), which other tests serve with.
    monkeypatch.setattr(MkDocsConfig.plugins, "plugin_cache", {})
    directory = write_fictional_directory(tmp_path / "directory")
    (tmp_path / "served").mkdir()
    config = load_config(str(write_site_config(tmp_path / "served", directory)))
    config.plugins.on_startup(command="serve", dirty=False)
    plugin = config.plugins["directory"]
    try:
        build(config)
        last_build = (weakref.ref(plugin.files), weakref.ref(plugin.catalog))
        plugin.heap.settle(plugin._let_go)  # as on_serve does, once the first build is over
        # What only that build used is freed now, and what is kept is out of the collector's sight.
        assert [ref() for ref in last_build] == [None, None]
        frozen = gc.get_freeze_count()
        assert frozen > 0 and ServedHeap.holding
        # Frozen objects are in no generation that gc.get_objects() lists; unfrozen, they would be.
        # (Not the count itself: other threads of the test process may free frozen objects meanwhile.)
        assert gc.is_tracked(plugin.memo) and not any(found is plugin.memo for found in gc.get_objects())
        with cyclic_gc_paused():  # as a rebuild's load: it must not unfreeze the served heap
            pass
        assert not any(found is plugin.memo for found in gc.get_objects())
        build(load_config(str(tmp_path / "served" / "mkdocs.yml")))  # a rebuild after settling
        assert (tmp_path / "served" / "site" / "groups" / "fictional-grief-circle-leeds" / "index.html").is_file()
    finally:
        plugin.on_shutdown()
        shutil.rmtree(tmp_path / "served" / "site", ignore_errors=True)
    assert gc.get_freeze_count() == 0 and not ServedHeap.holding

"""A rebuild while serving reuses what the last build checked (catalog.LoadMemo) and made
(build/kept_site.py, and each listing's pieces of the data files: build.products.Fragments), and
writes exactly what a clean build of the changed directory writes, byte for byte: after nothing
changed (as when a guide is saved), after a listing is renamed, its meetings changed, moved to
another country and topic, added or deleted, and after an organisation it names is renamed.
Only the changed listing's pieces are made again (all of them when an organisation changed)."""

from __future__ import annotations

import filecmp
import os
import shutil
import subprocess
import sys
import weakref
from collections.abc import Callable
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from fictional import write_fictional_directory, write_site_config
from generator.build import page_shell, plugin as plugin_module
from generator.build.plan import plan_files

pytestmark = pytest.mark.slow  # a served build and its rebuilds, and a clean build after each


def _serving_config(config: Path):  # type: ignore[no-untyped-def]
    loaded = load_config(str(config))
    loaded.plugins.on_startup(command="serve", dirty=False)  # as `mkdocs serve` starts its plugins
    return loaded


def _files(site: Path) -> dict[str, tuple[int, int]]:
    """Every file of a site, with its inode and modification time (what a rewrite changes)."""
    return {str(p.relative_to(site)): (p.stat().st_ino, p.stat().st_mtime_ns) for p in site.rglob("*") if p.is_file()}


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


# A clean build as `mkdocs serve` makes it (no Content-Security-Policy: live reload is inline),
# in a process of its own: MkDocs keeps one instance of a plugin with on_startup per process.
CLEAN_BUILD = """
import sys
from mkdocs.commands.build import build
from mkdocs.config import load_config
config = load_config(sys.argv[1])
config.plugins.on_startup(command="serve", dirty=False)
build(config)
"""


def _same_as_clean(tmp_path: Path, directory: Path, served_site: Path, step: str) -> None:
    clean_folder = tmp_path / f"clean-{step}"
    clean_folder.mkdir()
    subprocess.run([sys.executable, "-c", CLEAN_BUILD, str(write_site_config(clean_folder, directory))],
                   check=True, capture_output=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    ours, theirs = _files(served_site), _files(clean_folder / "site")
    assert sorted(ours) == sorted(theirs), (step, sorted(set(ours) ^ set(theirs))[:10])
    _, mismatch, errors = filecmp.cmpfiles(served_site, clean_folder / "site", sorted(ours), shallow=False)
    assert not mismatch and not errors, (step, mismatch[:10])
    assert not [p for p in served_site.rglob("*") if p.is_dir() and not any(p.iterdir())], step  # no empty folders
    shutil.rmtree(clean_folder)


def test_a_rebuild_after_one_listing_changed_equals_a_clean_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    produced: list[str] = []  # each time the file producers run
    monkeypatch.setattr(plugin_module, "plan_files", lambda *args: produced.append("files") or plan_files(*args))
    directory = write_fictional_directory(tmp_path / "directory")
    (tmp_path / "served").mkdir()
    served = _serving_config(write_site_config(tmp_path / "served", directory))
    plugin = served.plugins["directory"]
    made: list[tuple[str, str]] = []  # (maker, listing id) of each piece made, not kept
    kept_get = plugin.pieces.get
    monkeypatch.setattr(plugin.pieces, "get", lambda name, record, make: kept_get(
        name, record, lambda: made.append((name, record.id)) or make()))
    docs_made: list[str] = []  # listings whose finder record (kept per record and dictionaries) was made again
    kept_within = plugin.pieces.get_within
    monkeypatch.setattr(plugin.pieces, "get_within", lambda name, record, within, make: kept_within(
        name, record, within, lambda: docs_made.append(record.id) or make()))
    remade: list[str] = []  # names of the pieces kept by value (per_value) made again, not kept
    kept_by_value = plugin.pieces.get_by_value
    monkeypatch.setattr(plugin.pieces, "get_by_value", lambda name, value, make: kept_by_value(
        name, value, lambda value: remade.append(name) or make(value)))
    rendered: list[str] = []  # listings whose browse row was rendered, not kept (on any page)
    joined = page_shell.RenderedOnce.joined
    monkeypatch.setattr(page_shell.RenderedOnce, "joined", lambda self, prefix, render, shared, items: joined(
        self, prefix, lambda shared_, item: rendered.append(item.id) or render(shared_, item), shared, items))
    site = tmp_path / "served" / "site"
    build(served)
    assert rendered, "the first build renders the browse rows"
    every_value = set(remade)
    assert any(name.startswith("api/finder/records/") for name in every_value)
    every_listing = {record_id for _, record_id in made}
    assert len(every_listing) == len(plugin.catalog.listings)
    produced.clear()
    groups = directory / "groups"
    listing = groups / "fictional-grief-circle-leeds.yml"
    page = "groups/fictional-grief-circle-leeds/index.html"
    untouched = "groups/fictional-night-owls-online/index.html"
    steps: list[tuple[str, Callable[[], None]]] = [
        ("nothing changed", lambda: None),  # as when a guide or template is saved: same data files
        ("rename", lambda: _edit(listing, "name: Fictional Grief Circle Leeds", "name: Fictional Grief Circle Leeds Renamed")),
        ("meetings", lambda: (  # its calendar, its country's, the Meeting Guide feed, HSDS schedules, the finder's slots
            _edit(listing, "days: [tuesday]", "days: [tuesday, thursday]"),
            _edit(listing, 'start_time: "18:30"\n    end_time: "20:00"', 'start_time: "19:15"\n    end_time: "20:45"'))),
        ("country and topic", lambda: (
            _edit(listing, "topics: [grief, loneliness]", "topics: [loneliness]"),
            _edit(listing, "  region: GB-ENG\n", ""),
            _edit(listing, "postal_code: \"LS1 1AA\"\n  country: GB", "postal_code: \"D01 F5P2\"\n  country: IE"),
            _edit(listing, "locality: Leeds", "locality: Dublin"),
            _edit(listing, "timezone: Europe/London", "timezone: Europe/Dublin"),
            _edit(listing, 'phone: "+44 113 496 0000"', 'phone: "+353 1 555 0000"'))),
        ("organisation renamed", lambda: _edit(directory / "organizations" / "fictional-peer-network.yml",
                                               "name: Fictional Peer Network", "name: Fictional Peer Network Renamed")),
        ("listing added", lambda: (groups / "fictional-grief-circle-york.yml").write_text(
            listing.read_text(encoding="utf-8").replace("id: fictional-grief-circle-leeds", "id: fictional-grief-circle-york")
            .replace("name: Fictional Grief Circle Leeds Renamed", "name: Fictional Grief Circle York")
            .replace("https://example.org/fictional-grief-circle", "https://example.org/fictional-grief-circle-york")
            .replace("+353 1 555 0000", "+353 1 555 0001").replace("fictional-grief@", "fictional-grief-york@"), encoding="utf-8")),
        ("listing deleted", lambda: (groups / "fictional-grief-circle-york.yml").unlink()),
        # Its place in every order changes: the finder's refs after it move, its rows move on the browse pages.
        ("moved in the order", lambda: _edit(listing, "name: Fictional Grief Circle Leeds Renamed", "name: Aardvark Circle Leeds")),
    ]
    for step, change in steps:
        written = _files(site)
        before = dict(plugin.memo.files)
        made.clear()
        remade.clear()
        docs_made.clear()
        rendered.clear()
        last_build = (weakref.ref(plugin.files), weakref.ref(plugin.catalog))
        rows = dict(plugin.rows.rows)  # the browse pages' rows, kept across rebuilds (page_shell.KeptRows)
        change()
        build(served)  # the same plugin, as `mkdocs serve` keeps it across rebuilds
        # The last build's objects (held in cycles by MkDocs' Files and Pages and Jinja's
        # contexts) were collected when this one started: a server's memory does not grow by
        # a build's worth each save (workers.ServedHeap).
        assert [ref() for ref in last_build] == [None, None], step
        # Each listing's pieces of the data files are made again only for the listing that
        # changed; all of them when what every piece may read (an organisation) changed.
        made_for = {record_id for _, record_id in made}
        expected = {"nothing changed": set(), "organisation renamed": every_listing | set(), "listing deleted": set(),
                    "listing added": {"fictional-grief-circle-york"}}.get(step, {"fictional-grief-circle-leeds"})
        assert made_for == expected, (step, made_for)
        if step in ("rename", "meetings"):
            assert {"calendar.events", "hsds.service", "json.item", "csv.groups", "finder.terms", "finder.record",
                    "meeting_guide.meetings"} <= {name for name, _ in made}, step
        assert {record.id for record, _ in plugin.pieces.pieces.values()} == {item.id for item in plugin.catalog.listings}, step
        # Pieces kept by value (the finder's files) are made again only where
        # their data changed, and none outlives the build that last asked for it.
        assert set(plugin.pieces.by_value) == (plugin.pieces.named or set(plugin.pieces.by_value)), step
        if step in ("rename", "meetings", "country and topic"):
            assert 0 < len(remade) < len(plugin.pieces.by_value) / 2, (step, len(remade), len(plugin.pieces.by_value))
        if step == "moved in the order":  # its row is rendered again; the others on its pages are kept
            again = {name for name, found in plugin.rows.rows.items() if rows.get(name) is not found}
            assert again == {"row:group:fictional-grief-circle-leeds"} and len(plugin.rows.rows) > 5, (step, again)
        if step in ("nothing changed", "moved in the order"):  # MkDocs' navigation pages (kind lists) too
            assert rendered == ([] if step == "nothing changed" else ["fictional-grief-circle-leeds"]), (step, rendered)
        if step == "rename":  # the dictionaries are the same: only its finder record is made again
            assert docs_made == ["fictional-grief-circle-leeds"], step
        if step in ("listing added", "listing deleted", "moved in the order"):  # the listings after it in the finder's order move
            assert 0 < len(remade) < len(plugin.pieces.by_value), (step, len(remade), len(plugin.pieces.by_value))
        index = plugin.pieces.memos["finder.index"]  # the finder's index, kept (finder/index_memo.py)
        if step == "rename":  # its name's new word is a term of the index now, worked out alone
            assert "renam" in index.affected and not index.shifted, step
        if step in ("listing added", "listing deleted", "moved in the order"):
            # The refs after it shift; the terms of other listings keep their shard entries.
            assert index.shifted and 0 < len(index.affected) < len(index.entries) / 4, step
        if step == "rename":
            # Only the changed file was checked again.
            again = [key for key, entry in plugin.memo.files.items() if before.get(key) is None or before[key][3] is not entry[3]]
            assert [key[1] for key in again] == [os.path.join(os.path.relpath(groups), listing.name)]
        now = _files(site)
        rewritten = {path for path in now if written.get(path) != now[path]}
        # The data files are made again only when the data changed.
        assert produced == ([] if step == "nothing changed" else ["files"]), step
        produced.clear()
        if step == "nothing changed":  # only MkDocs' own pages and assets are written again
            assert not {path for path in rewritten if path.startswith(("api/", "groups/")) and path != "groups/index.html"}, step
        # What did not change was neither rendered nor written again; what changed was. (An
        # organisation is part of what every page may show: all are rendered again then.)
        if step != "organisation renamed":
            assert untouched not in rewritten, step
            assert len(rewritten) < len(now) / 2, (step, len(rewritten), len(now))
        if step not in ("nothing changed", "listing added", "listing deleted"):
            assert page in rewritten, step
        if step == "listing added":
            assert "groups/fictional-grief-circle-york/index.html" in rewritten
        _same_as_clean(tmp_path, directory, site, step)
    text = (site / page).read_text(encoding="utf-8")
    assert "Aardvark Circle Leeds" in text and "Fictional Peer Network Renamed" in text
    assert not (site / "groups" / "fictional-grief-circle-york").exists()

"""Pages outside the navigation are rendered from one shell per page shape (direct_pages.py).

They must be exactly what MkDocs' own page pipeline renders: the fictional site is built both
ways (plugin option `direct_pages`), serially and in forked workers, and compared byte by byte.
"""

from __future__ import annotations

import filecmp
import logging
import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote

import pytest
import yaml

from conftest import REPO, build_site, made_once
from fictional import write_fictional_directory, write_site_config
from generator.build.direct_pages import DirectLinksFilter, nav_paths
from generator.build.page_shell import fill, slot, split_shell

SITE_URL = "https://example.org/peer-support/"

pytestmark = pytest.mark.slow  # whole builds or loads in fresh interpreters

FORKED_BUILD = """
import sys
import generator.workers as forking
forking.PARALLEL_FROM = 1  # the small fictional directory takes the forked paths
from mkdocs.commands.build import build
from mkdocs.config import load_config
assert forking.can_fork(1)
build(load_config(sys.argv[1], strict=True))
"""


def test_a_shell_is_cut_at_its_slots_and_filled_per_page() -> None:
    shell = split_shell(f"<title>{slot('title')} - Site</title><h1>{slot('title')}</h1>{slot('content')}", frozenset({"title", "content"}))
    assert fill(shell, {"title": "A &amp; B", "content": "<p>x</p>"}) == "<title>A &amp; B - Site</title><h1>A &amp; B</h1><p>x</p>"


def test_a_shell_that_lost_a_slot_is_refused() -> None:
    # e.g. a template printed the description through a filter that changed the marker
    with pytest.raises(ValueError, match="expected"):
        split_shell(f"<title>{slot('title')}</title>", frozenset({"title", "description"}))


def test_nav_paths_reads_nested_sections() -> None:
    assert nav_paths([{"Home": "index.md"}, {"Find": [{"Groups": "groups/index.md"}, "find.md"]}]) == {"index.md", "groups/index.md", "find.md"}
    assert nav_paths(None) is None


def test_the_note_about_excluded_files_is_dropped_only_for_what_the_plugin_writes() -> None:
    note = DirectLinksFilter()
    note.targets = {"countries/gb.md"}

    def record(message: str) -> logging.LogRecord:
        return logging.LogRecord("mkdocs.structure.pages", logging.INFO, __file__, 1, message, None, None)

    assert not note.filter(record("Doc file 'guides/a.md' contains a link to 'countries/gb.md' which is excluded from the built site."))
    assert note.filter(record("Doc file 'guides/a.md' contains a link to 'drafts/b.md' which is excluded from the built site."))
    assert note.filter(record("Doc file 'guides/a.md' contains a link to 'countries/gb.md', which is not found."))


def _config(folder: Path, directory: Path, direct: bool) -> Path:
    folder.mkdir()
    config_path = write_site_config(folder, directory)
    config = yaml.safe_load(config_path.read_text(encoding="utf-8"))
    config["site_url"] = SITE_URL
    for plugin in config["plugins"]:
        if isinstance(plugin, dict) and "directory" in plugin:
            plugin["directory"]["direct_pages"] = direct
    config_path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return config_path


def _files(site: Path) -> set[str]:
    return {str(p.relative_to(site)) for p in site.rglob("*") if p.is_file()}


def _sitemap(site: Path) -> list[str]:
    return sorted(re.findall(r"<loc>([^<]*)</loc>", (site / "sitemap.xml").read_text(encoding="utf-8")))


def _three_builds(root: Path) -> None:
    directory = write_fictional_directory(root / "directory")
    for name, direct in (("mkdocs", False), ("direct", True)):
        result = build_site(_config(root / name, directory, direct))
        assert result.returncode == 0, result.stderr
        (root / name / "log.txt").write_text(result.stderr, encoding="utf-8")
    forked = _config(root / "forked", directory, True)
    result = subprocess.run([sys.executable, "-c", FORKED_BUILD, str(forked)], capture_output=True, text=True,
                            cwd=REPO, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    (root / "forked" / "log.txt").write_text(result.stderr, encoding="utf-8")


@pytest.fixture(scope="module")
def three_builds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, str]]:
    """The fictional site built through MkDocs' own page pipeline, directly, and directly in
    forked workers; each with the build's log."""
    root = made_once(tmp_path_factory, "direct", _three_builds)
    return {name: (root / name / "site", (root / name / "log.txt").read_text(encoding="utf-8"))
            for name in ("mkdocs", "direct", "forked")}


@pytest.mark.parametrize("way", ["direct", "forked"])
def test_direct_pages_are_byte_identical_to_mkdocs_rendering(three_builds: dict[str, tuple[Path, str]], way: str) -> None:
    reference, _ = three_builds["mkdocs"]
    site, _ = three_builds[way]
    files = _files(reference)
    assert _files(site) == files
    written_directly = {f.split("/")[0] for f in files if re.fullmatch(r"(groups|advocates|training|topics)/[^/]+/index\.html", f)}
    assert written_directly == {"groups", "advocates", "training", "topics"}
    compared = sorted(files - {"sitemap.xml", "sitemap.xml.gz"})
    _, mismatch, errors = filecmp.cmpfiles(reference, site, compared, shallow=False)
    assert (mismatch, errors) == ([], [])


def test_the_sitemap_lists_pages_written_directly(three_builds: dict[str, tuple[Path, str]]) -> None:
    reference, _ = three_builds["mkdocs"]
    site, _ = three_builds["direct"]
    urls = _sitemap(site)
    assert urls == _sitemap(reference)
    assert f"{SITE_URL}groups/fictional-grief-circle-leeds/" in urls


def test_links_from_guides_to_direct_pages_resolve_without_a_note(three_builds: dict[str, tuple[Path, str]]) -> None:
    site, log = three_builds["direct"]
    assert "excluded from the built site" not in log
    guide = (site / "guides" / "join-a-group" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../attendance/online/"' in guide
    assert (site / "attendance" / "online" / "index.html").is_file()


def test_every_relative_link_on_the_site_resolves(three_builds: dict[str, tuple[Path, str]]) -> None:
    # Cards and sidebars are filled in from shared renderings: their relative links must still
    # land on a file from every page they appear on.
    site, _ = three_builds["direct"]
    broken, checked = [], 0
    for page in site.rglob("*.html"):
        for href in re.findall(r'href="([^"#?]+)', page.read_text(encoding="utf-8")):
            if re.match(r"^[a-z][a-z0-9+.-]*:|^/", href):
                continue  # other sites, mailto/tel, and the 404 page's root-absolute links
            target = (page.parent / unquote(href)).resolve()
            checked += 1
            if not (target.is_file() or (target / "index.html").is_file()):
                broken.append(f"{page.relative_to(site)} → {href}")
    assert checked > 1000
    assert broken == []


def test_pages_carry_none_of_materials_unused_pieces(three_builds: dict[str, tuple[Path, str]]) -> None:
    """frame.py leaves out what no page uses (its docstring says why each is safe), on listing
    pages and guides alike, and keeps what Material's script needs."""
    site, _ = three_builds["mkdocs"]
    for path in ("groups/fictional-grief-circle-leeds/index.html", "guides/join-a-group/index.html"):
        html = (site / path).read_text(encoding="utf-8")
        assert html.startswith("<!doctype html>"), path
        assert 'name="generator"' not in html and 'data-md-component="dialog"' not in html, path
        assert '<div data-md-component="skip"></div>' not in html, path
        assert 'data-md-toggle="drawer"' in html and 'data-md-toggle="search"' in html, path
    listing = (site / "groups/fictional-grief-circle-leeds/index.html").read_text(encoding="utf-8")
    assert '<script id="__config" type="application/json">{"base":"../..","features":[],"translations":{}}</script>' in listing

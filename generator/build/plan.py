"""What the build adds to the site: generated pages and generated files.

The plugin only wires MkDocs events to these: every producer is a pure function of the
Catalog and the build settings, and returns pages (rendered by a template in `theme/`) or
files (bytes written as they are: JSON, CSV, calendars, feeds...).
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from generator.contract.catalog import Catalog
from generator.workers import can_fork


@dataclass(frozen=True)
class BuildSettings:
    """What producers need to know about the build, fixed for one build."""

    now: dt.datetime  # aware; "next meetings" are counted from here
    site_url: str  # with a trailing slash, or "" when unknown
    repo_url: str  # e.g. https://github.com/owner/repo, or ""
    edit_branch: str = "main"
    occurrences: int = 12
    stale_months: int = 6

    def edit_url(self, repo_path: str) -> str | None:
        return f"{self.repo_url}/edit/{self.edit_branch}/{repo_path}" if self.repo_url else None


@dataclass
class GeneratedPage:
    src_uri: str  # e.g. "groups/grief-circle-leeds.md"
    title: str
    template: str  # e.g. "directory/group.html", under theme/
    context: dict[str, Any] = field(default_factory=dict)
    edit_path: str | None = None  # repository path of the YAML behind the page
    description: str | None = None  # meta description
    searchable: bool = False  # in Material's full-text index (guides are; listings use the finder)
    whole_document: bool = False  # the template writes the whole HTML, without the site's frame
    lazy_context: Callable[[], dict[str, Any]] | None = None  # more context, worked out when rendered

    def template_context(self) -> dict[str, Any]:
        return {**self.context, **self.lazy_context()} if self.lazy_context else self.context


PageProducer = Callable[[Catalog, BuildSettings], list[GeneratedPage]]
FileProducer = Callable[[Catalog, BuildSettings], dict[str, bytes]]


def page_producers() -> list[PageProducer]:
    from generator.pages.browse import browse_pages
    from generator.pages.crisis import crisis_pages
    from generator.embeds.page import embed_pages
    from generator.finder.page import finder_pages
    from generator.pages.listings import listing_pages

    return [listing_pages, browse_pages, crisis_pages, finder_pages, embed_pages]


def file_producers() -> list[FileProducer]:
    from generator.exports.atom import atom_feed
    from generator.exports.calendar import group_calendars
    from generator.exports.csv_export import csv_tables
    from generator.exports.hsds import hsds_export
    from generator.exports.json_api import json_api
    from generator.exports.meeting_guide import meeting_guide_feed
    from generator.finder.data import finder_files
    from generator.embeds.page import headers_file

    # The costliest first, so that forked workers share them out evenly.
    return [finder_files, hsds_export, group_calendars, json_api, csv_tables, meeting_guide_feed, atom_feed, headers_file]


def _merge_pages(results: list[list[GeneratedPage]]) -> list[GeneratedPage]:
    return sorted((page for pages in results for page in pages), key=lambda p: p.src_uri)


def _merge_files(results: list[dict[str, bytes]]) -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    for produced in results:
        for path, content in produced.items():
            if path in files:
                raise ValueError(f"two producers write {path}")
            files[path] = content
    return dict(sorted(files.items()))


def plan_pages(catalog: Catalog, settings: BuildSettings) -> list[GeneratedPage]:
    return _merge_pages([produce(catalog, settings) for produce in page_producers()])


def plan_files(catalog: Catalog, settings: BuildSettings) -> dict[str, bytes]:
    return _merge_files([produce(catalog, settings) for produce in file_producers()])


# Producers are independent pure functions, so a large site runs them on every core. Forked
# workers inherit the catalog through this variable instead of receiving a pickled copy each.
_FORKED: tuple[list[Callable[[Catalog, BuildSettings], Any]], Catalog, BuildSettings] | None = None


def _run_forked(index: int) -> Any:
    assert _FORKED is not None
    producers, catalog, settings = _FORKED
    return producers[index](catalog, settings)


def plan_site(catalog: Catalog, settings: BuildSettings) -> tuple[list[GeneratedPage], dict[str, bytes]]:
    """Every generated page and file of the site: the same as plan_pages() and plan_files().

    On a large site the file producers run in forked workers while this process plans the
    pages (pages stay here: their contexts hold models, costly to send between processes).
    """
    global _FORKED
    producers = file_producers()
    if not can_fork(len(catalog.listings)):
        return plan_pages(catalog, settings), plan_files(catalog, settings)
    _FORKED = (producers, catalog, settings)
    try:
        workers = min(os.cpu_count() or 1, len(producers))
        with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork")) as pool:
            futures = [pool.submit(_run_forked, index) for index in range(len(producers))]
            pages = plan_pages(catalog, settings)
            results = [future.result() for future in futures]
    finally:
        _FORKED = None
    return pages, _merge_files(results)

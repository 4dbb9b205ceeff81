"""What the build adds to the site: the registry of producers, run into generated pages and files.

The plugin only wires MkDocs events to these: every producer is a pure function of the
Catalog and the build settings, and returns pages (rendered by a template in `theme/`) or
files (bytes written as they are: JSON, CSV, calendars, feeds...).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from generator.build.products import BuildSettings, FileContent, FileProducer, GeneratedPage, PageProducer, joined, write_file_bytes
from generator.contract.catalog import Catalog
from generator.embeds.page import embed_pages, headers_file
from generator.exports.atom import atom_feed
from generator.exports.calendar import group_calendars
from generator.exports.csv_export import csv_tables
from generator.exports.hsds import hsds_export
from generator.exports.import_template import import_templates
from generator.exports.json_api import json_api
from generator.exports.meeting_guide import meeting_guide_feed
from generator.finder.page import finder_files, finder_pages
from generator.pages.browse import browse_pages
from generator.pages.crisis import crisis_pages
from generator.pages.listings import listing_pages
from generator.workers import can_fork, collector_paused, fork_map


def page_producers() -> list[PageProducer]:
    return [listing_pages, browse_pages, crisis_pages, finder_pages, embed_pages]


def file_producers() -> list[FileProducer]:
    # The costliest first, so that forked workers share them out evenly.
    return [finder_files, hsds_export, group_calendars, json_api, csv_tables, meeting_guide_feed, atom_feed, headers_file, import_templates]


def _merge_pages(results: list[list[GeneratedPage]]) -> list[GeneratedPage]:
    return sorted((page for pages in results for page in pages), key=lambda p: p.src_uri)


def _merge_files(results: list[Mapping[str, FileContent]] | list[dict[str, bytes | None]]) -> dict[str, bytes | None]:
    files: dict[str, bytes | None] = {}
    for produced in results:
        for path, content in produced.items():
            if path in files:
                raise ValueError(f"two producers write {path}")
            files[path] = content if content is None else joined(content)
    return dict(sorted(files.items()))


def plan_pages(catalog: Catalog, settings: BuildSettings) -> list[GeneratedPage]:
    return _merge_pages([produce(catalog, settings) for produce in page_producers()])


def plan_files(catalog: Catalog, settings: BuildSettings) -> dict[str, bytes]:
    # Every value is bytes here (a Streamed file joined): only plan_site's workers write files.
    return _merge_files([produce(catalog, settings) for produce in file_producers()])  # type: ignore[return-value]


def _run_producer(shared: tuple[list[FileProducer], Catalog, BuildSettings, str | None], index: int) -> dict[str, bytes | None]:
    producers, catalog, settings, site_dir = shared
    # In a worker, without the cyclic collector: a producer's data (the finder's postings, the
    # exports' records, made as a Streamed file is written) lives until it is written and holds
    # no cycles, and the collector walking it again and again was a seventh of the finder's time.
    with collector_paused():
        produced = producers[index](catalog, settings)
        if site_dir is None:  # sent back whole (pickled): a Streamed file is joined first
            return {path: joined(content) for path, content in produced.items()}
        # Written here, and only the paths sent back: the main process never holds the bytes (at
        # 50,000 listings, hundreds of megabytes of JSON and calendars, and as much again
        # unpickled). A Streamed file is written piece by piece, never whole in this worker either.
        for path, content in produced.items():
            write_file_bytes(site_dir, path, content)
        return dict.fromkeys(produced)


def plan_site(catalog: Catalog, settings: BuildSettings, site_dir: str | None = None,
              with_pages: Callable[[list[GeneratedPage]], None] | None = None) -> tuple[list[GeneratedPage], dict[str, bytes | None]]:
    """Every generated page and file of the site: the same as plan_pages() and plan_files().

    Producers are independent pure functions, so on a large site the file producers run in
    forked workers (which inherit the catalog) while this process plans the pages (pages stay
    here: their contexts hold models, costly to send between processes), and then does
    `with_pages(pages)` (the plugin registers them with MkDocs) before it waits for the files.
    Given `site_dir`, those workers write their files there themselves, and those files come
    back as None (a small site's files always come back with their bytes).
    """
    producers = file_producers()
    if not can_fork(len(catalog.listings)):
        pages = plan_pages(catalog, settings)
        if with_pages is not None:
            with_pages(pages)
        return pages, plan_files(catalog, settings)
    with fork_map(_run_producer, (producers, catalog, settings, site_dir), range(len(producers))) as results:
        pages = plan_pages(catalog, settings)
        if with_pages is not None:
            with_pages(pages)
        files = list(results)
    return pages, _merge_files(files)

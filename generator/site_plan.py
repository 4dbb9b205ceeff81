"""What the build adds to the site: generated pages and generated files.

The plugin only wires MkDocs events to these: every producer is a pure function of the
Catalog and the build settings, and returns pages (rendered by a template in `theme/`) or
files (bytes written as they are: JSON, CSV, calendars, feeds...).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from generator.catalog import Catalog


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


PageProducer = Callable[[Catalog, BuildSettings], list[GeneratedPage]]
FileProducer = Callable[[Catalog, BuildSettings], dict[str, bytes]]


def page_producers() -> list[PageProducer]:
    from generator.pages.browse import browse_pages
    from generator.pages.crisis import crisis_pages
    from generator.pages.embeds import embed_pages
    from generator.pages.finder import finder_pages
    from generator.pages.listings import listing_pages

    return [listing_pages, browse_pages, crisis_pages, finder_pages, embed_pages]


def file_producers() -> list[FileProducer]:
    from generator.exports.atom import atom_feed
    from generator.exports.calendar import group_calendars
    from generator.exports.csv_export import csv_tables
    from generator.exports.hsds import hsds_export
    from generator.exports.json_api import json_api
    from generator.exports.meeting_guide import meeting_guide_feed
    from generator.finder import finder_files
    from generator.pages.embeds import headers_file

    return [json_api, csv_tables, group_calendars, atom_feed, meeting_guide_feed, hsds_export, finder_files, headers_file]


def plan_pages(catalog: Catalog, settings: BuildSettings) -> list[GeneratedPage]:
    pages = [page for produce in page_producers() for page in produce(catalog, settings)]
    return sorted(pages, key=lambda p: p.src_uri)


def plan_files(catalog: Catalog, settings: BuildSettings) -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    for produce in file_producers():
        for path, content in produce(catalog, settings).items():
            if path in files:
                raise ValueError(f"two producers write {path}")
            files[path] = content
    return dict(sorted(files.items()))

"""Pages outside the navigation (listings, facet pages): one shell per page shape, then filled.

A directory has thousands of listing and browse pages that are outside the navigation and have
no Markdown. Around their content, Material's base template (header, sidebars, footer,
scripts) renders the same for every page of one template and folder depth, except for the
title, the description, the canonical URL and the JSON-LD; and it is most of a page's
rendering cost. So each page shape is rendered once, through the real templates, with slot
markers in those places (`page_shell`), and every page renders only its own content block and
fills the shell in. tests/test_direct_pages.py builds a site both ways and checks that every
page is byte-identical to what MkDocs' own page pipeline renders.
"""

from __future__ import annotations

import functools
import logging
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import jinja2
from markupsafe import escape
from mkdocs.commands.build import get_context
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import write_file

from generator.workers import can_fork, fork_map
from generator.build.frame import compact_content, compact_text
from generator.build.page_shell import Shell, fill, slot, split_shell
from generator.build.products import GeneratedPage

SHELL_TEMPLATE = "directory/shell.html"

PageContext = Callable[[dict[str, Any], Page, GeneratedPage], dict[str, Any]]


def nav_paths(nav: Any) -> set[str] | None:
    """The source paths named in the `nav` setting; None when MkDocs builds the navigation."""
    if nav is None:
        return None
    found: set[str] = set()

    def walk(item: Any) -> None:
        if isinstance(item, str):
            found.add(item)
        elif isinstance(item, dict):
            for value in item.values():
                walk(value)
        elif isinstance(item, list):
            for value in item:
                walk(value)

    walk(nav)
    return found


class DirectLinksFilter(logging.Filter):
    """Drops MkDocs' note that a guide links to an "excluded" file when that file is one that
    direct_pages.py writes (a page or a data file): the link works, and the note would only
    mislead contributors."""

    NOTE = re.compile(r"contains a link to '([^']*)' which is excluded from the built site\.$")

    def __init__(self) -> None:
        super().__init__()
        self.targets: set[str] = set()

    def filter(self, record: logging.LogRecord) -> bool:
        found = self.NOTE.search(record.getMessage())
        return not (found and found.group(1) in self.targets)


def page_meta(generated: GeneratedPage) -> dict[str, Any]:
    """A generated page's front matter, as if it had Markdown.

    Material prints titles and descriptions unescaped (in <title>, the header, meta tags), so
    contributed text goes there escaped once, as HTML text.
    """
    meta: dict[str, Any] = {"title": str(escape(generated.title)), "template": generated.template}
    if generated.description:
        meta["description"] = str(escape(generated.description))
    if not generated.searchable:
        meta["search"] = {"exclude": True}
    return meta


def shape_of(url: str) -> str:
    """What a page's links to the navigation depend on: its first folder and its depth.

    Pages outside the navigation share a shell (and sidebars) per shape. MkDocs writes the
    shortest relative link, which is the same from every page of one shape as long as none lives
    below a navigation page's own folder: listings and facet pages live in their kind's or
    facet's folder (`groups/<id>/`, `topics/<term>/`), whose index page is the only navigation
    entry there. tests/test_direct_pages.py would see a difference."""
    return f"{url.split('/')[0]}:{url.count('/')}"


@functools.lru_cache(maxsize=8)
def _site_path(site_url: str) -> str:
    return urlsplit(site_url).path


class _DirectPage(Page):
    """MkDocs' Page, with its canonical address joined as text where urljoin() would give the
    same (a site address ending in '/', a plain relative page address): urljoin() was a third of
    the cost of making one, 50,000 times."""

    def _set_canonical_url(self, base: str | None) -> None:
        url = self.url
        if base and base.endswith("/") and not url.startswith(("/", ".")) and not any(c in url for c in ":?#\\") and "/." not in url and "//" not in url:
            self.canonical_url = base + url
            self.abs_url = _site_path(base) + url
        else:
            super()._set_canonical_url(base)


@dataclass
class DirectRenderer:
    """Renders generated pages with the build's templates, navigation and page context."""

    config: MkDocsConfig
    env: jinja2.Environment
    nav: Navigation
    files: Files  # holds each direct page's File (excluded, so MkDocs does not render it)
    page_context: PageContext  # the plugin's additions to a page's template context
    shells: dict[tuple[Any, ...], Shell] = field(default_factory=dict)
    contexts: dict[str, dict[str, Any]] = field(default_factory=dict)  # MkDocs' context by page shape
    # What the plugin does to every rendered page (on_post_page), done once per shell: the
    # Content-Security-Policy, whose script hashes depend only on the shape.
    finish: Callable[[str], str] | None = None

    def __post_init__(self) -> None:
        self.doc_files = self.files.documentation_pages()  # as MkDocs passes them to templates

    def _page(self, generated: GeneratedPage, file: File | None = None) -> Page:
        # By the source path as the producers give it (get_file_from_path() normalises it first).
        file = file or self.files.src_uris.get(generated.src_uri)
        assert file is not None, generated.src_uri  # on_files registers every direct page
        page = _DirectPage(None, file, self.config)
        page.meta = page_meta(generated)
        page.active = True  # as MkDocs marks the page it renders
        return page

    def _context(self, page: Page, generated: GeneratedPage) -> dict[str, Any]:
        # MkDocs' part of the context (the root's relative path, the style sheets' and scripts'
        # addresses...) is the same for every page of one shape: worked out once per shape.
        shape = shape_of(page.url)
        common = self.contexts.get(shape)
        if common is None:
            common = self.contexts[shape] = dict(get_context(self.nav, self.doc_files, self.config, page))
        return self.page_context({**common, "page": page}, page, generated)

    def render(self, generated: GeneratedPage) -> tuple[Page, str]:
        page = self._page(generated)
        context = self._context(page, generated)
        template = self.env.get_template(generated.template)
        content = "".join(template.blocks["content"](template.new_context(context)))
        # The frame's values as compact_frame() leaves them in a page MkDocs renders whole.
        values = {"title": compact_text(page.meta["title"]), "content": compact_content(content)}
        if "description" in page.meta:
            values["description"] = compact_text(page.meta["description"])
        if page.canonical_url:
            values["canonical"] = compact_text(page.canonical_url)
        if context.get("jsonld"):
            values["jsonld"] = context["jsonld"]
        key = (generated.template, shape_of(page.url), frozenset(values))
        if key not in self.shells:
            self.shells[key] = self._shell(generated, frozenset(values))
        return page, fill(self.shells[key], values)

    def _shell(self, generated: GeneratedPage, slots: frozenset[str]) -> Shell:
        """The page rendered with markers where its title, description, URL, JSON-LD and
        content go; any other difference between pages of one shape would fail the
        byte-identity test."""
        # A File of its own: the shell page must not become the File's page.
        page = self._page(generated, File.generated(self.config, generated.src_uri, content=""))
        page.meta["title"] = slot("title")
        if "description" in slots:
            page.meta["description"] = slot("description")
        if "canonical" in slots:
            page.canonical_url = slot("canonical")
        context = self._context(page, generated)
        if "jsonld" in slots:
            context["jsonld"] = slot("jsonld")
        context["directory_shell_of"] = generated.template
        html = self.env.get_template(SHELL_TEMPLATE).render(context)
        return split_shell(self.finish(html) if self.finish else html, slots)

    def write(self, generated: GeneratedPage, site_dir: str | None = None) -> None:
        page, html = self.render(generated)
        # As MkDocs writes its pages (into `site_dir` instead when given: see kept_site.py).
        target = page.file.abs_dest_path if site_dir is None else os.path.join(site_dir, *page.file.dest_uri.split("/"))
        write_file(html.encode("utf-8", errors="xmlcharrefreplace"), target)


def write_bytes(site_dir: str, path: str, content: bytes) -> None:
    write_file(content, os.path.join(site_dir, *path.split("/")))


# Runs of pages per worker: a worker that finishes its runs early takes the next one left, so
# the workers end together (a group's page, with its next meetings, costs more than an advocate's).
RUNS_PER_WORKER = 8


def runs(pages: int, files: int, count: int) -> list[tuple[int, int, int, int]]:
    """`count` contiguous runs of the sorted pages and files, as (first page, end, first file,
    end): workers creating entries in the same folder at once would wait on each other's lock
    on it, so each run is a stretch of neighbouring paths."""
    def bounds(items: int, run: int) -> tuple[int, int]:
        size = -(-items // count)
        return min(run * size, items), min((run + 1) * size, items)

    return [(*bounds(pages, run), *bounds(files, run)) for run in range(count)]


def _write_run(shared: tuple[DirectRenderer, list[GeneratedPage], list[tuple[str, bytes]], str], run: tuple[int, int, int, int]) -> int:
    renderer, pages, files, site_dir = shared
    for generated in pages[run[0]:run[1]]:
        renderer.write(generated, site_dir)
    for path, content in files[run[2]:run[3]]:
        write_bytes(site_dir, path, content)
    return run[1] - run[0] + run[3] - run[2]


def write_outputs(renderer: DirectRenderer, pages: list[GeneratedPage], files: dict[str, bytes | None],
                  site_dir: str | None = None) -> int:
    """Render and write every direct page, and write every generated file (calendars, JSON...)
    not yet written (None: a file producer's worker wrote it), into `site_dir` (default: the
    build's): thousands of small files, so a large site shares them out among forked workers,
    which inherit the renderer (templates, navigation, catalog) and the files."""
    site_dir = site_dir or renderer.config.site_dir
    items = [(path, content) for path, content in files.items() if content is not None]
    if not can_fork(len(pages) + len(items)):
        for generated in pages:
            renderer.write(generated, site_dir)
        for path, content in items:
            write_bytes(site_dir, path, content)
        return len(pages) + len(items)
    workers = os.cpu_count() or 1
    # In the order w0, w1, ..., w0+1, w1+1...: at first each worker writes in a part of the
    # site of its own, as with one share each, and the runs left at the end go to whichever is free.
    # Each worker renders a page shape's shell the first time it meets one, and keeps it.
    every = runs(len(pages), len(items), workers * RUNS_PER_WORKER)
    shares = [every[worker * RUNS_PER_WORKER + run] for run in range(RUNS_PER_WORKER) for worker in range(workers)]
    with fork_map(_write_run, (renderer, pages, items, site_dir), shares, workers=workers) as written:
        return sum(written)

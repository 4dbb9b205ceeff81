"""The MkDocs plugin: wires build events to the loader, the page plan and the templates.

It holds no logic of its own about listings: `load_catalog()` validates, `build.plan` decides
what pages and files exist, templates in `theme/` render them.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
from collections.abc import Callable, Mapping
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from generator.pages import presentation
from generator.contract.catalog import Catalog, LoadMemo, load_catalog
from generator.build.direct_pages import DirectLinksFilter, DirectRenderer, nav_paths, page_meta, shape_of, write_outputs
from generator.build.csp import with_policy
from generator.build.kept_site import ExcludedFiles, KeptFiles, KeptSite, MemoryBytecodeCache, data_inputs, shared_data_inputs, shared_inputs
from generator.build.frame import compact_frame
from generator.build.page_shell import KeptRows, RenderedOnce, slot
from generator.build.watch import watch_natively
from generator.pages.problems import problem_pages
from generator.contract.problems import Problem, format_problems, summary_line
from generator.kinds import BY_CODE
from generator.workers import ServedHeap, cyclic_gc_paused, frozen_until_exit, heap_frozen
from generator.build.plan import plan_files, plan_pages, plan_site
from generator.build.products import BuildSettings, Fragments, GeneratedPage, fragments_kept

log = logging.getLogger("mkdocs.plugins.directory")
PAGES_LOG = logging.getLogger("mkdocs.structure.pages")


class DirectoryConfig(base.Config):
    directory = c.Type(str, default="directory")
    # The project's repository, for "Edit this listing" and "Suggest an edit". Kept out of
    # MkDocs' repo_url, whose header widget would call the GitHub API from every visitor.
    repo = c.Type(str, default="")
    edit_branch = c.Type(str, default="main")
    occurrences = c.Type(int, default=3)  # next meetings a group page shows
    stale_months = c.Type(int, default=6)
    # Build time (ISO 8601) that "next meetings" count from; default: SOURCE_DATE_EPOCH, or today 00:00 UTC.
    build_time = c.Optional(c.Type(str))
    # Generated pages outside the navigation are rendered by direct_pages.py (a shell per page
    # shape); false renders them through MkDocs' page pipeline, as the identity test compares.
    direct_pages = c.Type(bool, default=True)


def contact_email(extra: Any) -> str:
    """mkdocs.yml's `extra.contact_email`: the maintainers' address for corrections by e-mail, or ""."""
    value = extra.get("contact_email") if hasattr(extra, "get") else None
    if value in (None, ""):
        return ""
    if not isinstance(value, str) or not re.fullmatch(r"[^@\s<>\"?&]+@[^@\s<>\"?&]+\.[^@\s<>\"?&]+", value):
        raise PluginError(f"extra.contact_email in mkdocs.yml must be one e-mail address, such as corrections@example.org; it is {value!r}")
    return value


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def build_time(configured: str | None, environ: Mapping[str, str] = os.environ,
               clock: Callable[[], dt.datetime] = _utc_now) -> dt.datetime:
    """The moment the build counts from: configured, else SOURCE_DATE_EPOCH, else today 00:00 UTC.

    `environ` and `clock` are parameters so tests can fix both instead of reading the machine's.
    """
    if configured:
        return dt.datetime.fromisoformat(configured).astimezone(dt.timezone.utc)
    epoch = environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc)
    # The start of today (UTC): every build of one day writes byte-identical files, so a diff
    # between two builds shows what changed in the directory, not the clock.
    return clock().astimezone(dt.timezone.utc).replace(hour=0, minute=0, second=0, microsecond=0)


def escape_our_templates(previous: Any) -> Any:
    def autoescape(name: str | None) -> bool:
        if name and name.startswith("directory/"):
            return True
        return bool(previous(name)) if callable(previous) else bool(previous)

    return autoescape


class DirectoryPlugin(BasePlugin[DirectoryConfig]):
    # Made once per `mkdocs serve` and kept across rebuilds (a plugin with on_startup, MkDocs 1.4+):
    # its state lives on the instance; every build resets what it builds in on_config and on_files.

    def __init__(self) -> None:
        self.serving = False
        self.dirty = False
        self.direct_links = DirectLinksFilter()  # on_files tells it which files the plugin writes
        self.frozen = ExitStack()  # heap_frozen() or cyclic_gc_paused(), from on_config to the build's end
        self.catalog: Catalog | None = None
        self.memo = LoadMemo()  # while serving: the files the last build checked, not parsed again
        self.problems: list[Problem] = []
        self.pages: dict[str, GeneratedPage] = {}
        self.settings: BuildSettings | None = None
        self.fragments = RenderedOnce()
        self.rows = KeptRows()  # while serving: the browse pages' rows, across rebuilds
        self.shared: tuple[bytes, list[Any]] | None = None  # while serving: shared_inputs(), what it holds
        self.direct: list[GeneratedPage] = []  # written by direct_pages.py, not by MkDocs
        self.generated_files: dict[str, bytes | None] = {}  # likewise (None: a worker wrote it)
        self.nav: Navigation | None = None
        self.env: Any = None
        self.files: Files | None = None
        self.kept = KeptSite()  # while serving: the last build's outputs, by their inputs
        # While serving: the last data files, by a key of the catalog and settings they came from.
        self.served_files: tuple[bytes | None, dict[str, bytes | None], list[Any]] = (None, {}, [])
        self.templates = MemoryBytecodeCache()  # while serving: compiled templates across rebuilds
        self.pieces = Fragments()  # while serving: each listing's pieces of the data files, across rebuilds
        self.watcher: Any = None  # while serving: the directory's file events (build/watch.py)
        self.excluded = ExcludedFiles()  # while serving: the Files of _excluded(), across rebuilds
        self.heap = ServedHeap()  # while serving: each build's garbage collected (generator/workers.py)

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"
        self.dirty = dirty  # `mkdocs serve --dirty`: MkDocs keeps the folder itself

    def _root(self, config: MkDocsConfig) -> Path:
        return Path(config.config_file_path).parent / self.config.directory

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self._end_build()  # a previous build's, while serving
        if self.serving:
            self._let_go()
            self.heap.collect()
        result = load_catalog(self._root(config), memo=self.memo if self.serving else None)
        if self.serving:
            self.heap.freeze()  # and never unfrozen: see ServedHeap
            if self.kept.files:
                self.frozen.enter_context(cyclic_gc_paused())  # a rebuild: the next one's start collects
        else:
            # The catalog, out of the collector's sight until the build ends, however it ends.
            self.frozen.enter_context(heap_frozen())
        self.problems = result.problems
        for warning in (p for p in result.problems if p.severity == "warning"):
            log.info(warning.text())
        if result.catalog is None:
            errors = [p for p in result.problems if p.severity == "error"]
            message = format_problems(errors, "text") + "\n" + summary_line(errors, result.files_checked)
            if not self.serving:
                raise PluginError("The directory has errors; nothing was built.\n" + message)
            # While previewing, show the errors on every page instead of stopping the server.
            log.error("The directory has errors:\n" + message)
        self.catalog = result.catalog
        self.settings = BuildSettings(
            now=build_time(self.config.build_time),
            site_url=config.site_url or "",
            repo_url=self.config.repo.rstrip("/"),
            edit_branch=self.config.edit_branch,
            occurrences=self.config.occurrences,
            stale_months=self.config.stale_months,
            contact_email=contact_email(config.extra),
        )
        return config

    def _let_go(self) -> None:
        """While serving: what only the last build used, let go of (memo, pieces, kept site stay)."""
        self.catalog, self.settings, self.nav, self.env, self.files = None, None, None, None, None
        self.pages, self.direct, self.generated_files, self.fragments, self.problems = {}, [], {}, RenderedOnce(), []
        self.shared = None

    def on_pre_build(self, config: MkDocsConfig) -> None:
        # Before MkDocs empties the site folder: while serving, the last build's is set aside,
        # and on_post_build keeps from it what did not change (generator/build/kept_site.py).
        if self.serving and not self.dirty:
            self.kept.set_aside(config.site_dir)

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        self.excluded.next_build()
        self.pages, self.direct, self.generated_files = {}, [], {}
        files = KeptFiles(files) if self.serving else files  # its documentation pages worked out once
        if self.catalog is None or self.settings is None:
            if self.serving:
                self._add_problem_pages(files, config)
            return files
        # Forked file producers write their files into the site folder themselves (MkDocs has
        # cleaned it by now), so the bytes of the exports never gather in this process.
        writes_now = self.config.direct_pages and not self.serving
        in_nav = nav_paths(config.nav)

        def register(pages: list[GeneratedPage]) -> None:
            for page in pages:
                self.pages[page.src_uri] = page
                if self.config.direct_pages and in_nav is not None and page.src_uri not in in_nav and not page.whole_document:
                    self.direct.append(page)
                    # Known to MkDocs, so that guides can link to it as `countries/gb.md`, but
                    # "excluded": MkDocs neither reads nor renders it; on_post_build writes it.
                    files.append(self._excluded(config, page.src_uri, ""))
                else:
                    files.append(File.generated(config, page.src_uri, content=""))

        if self.serving:
            pages, generated_files = self._plan_served(config)
            register(pages)
        else:
            # The pages are registered while the file producers' workers still run.
            _, generated_files = plan_site(self.catalog, self.settings, config.site_dir if writes_now else None, with_pages=register)
        for path, content in generated_files.items():
            if self.config.direct_pages:
                # Likewise known to MkDocs, so that guides can link to them, but written by
                # on_post_build together with the direct pages, on every core.
                self.generated_files[path] = content
                files.append(self._excluded(config, path, b""))
            else:
                assert content is not None  # written by a worker only with direct_pages
                files.append(File.generated(config, path, content=content))
        self.direct_links.targets = {page.src_uri for page in self.direct} | set(self.generated_files)
        PAGES_LOG.addFilter(self.direct_links)
        return files

    def _excluded(self, config: MkDocsConfig, src_uri: str, content: str | bytes) -> File:
        """The File of a page or data file on_post_build writes (MkDocs neither reads nor writes it)."""
        if self.serving:
            return self.excluded.get(config, src_uri, content)
        return File.generated(config, src_uri, content=content, inclusion=InclusionLevel.EXCLUDED)

    def _plan_served(self, config: MkDocsConfig) -> tuple[list[GeneratedPage], dict[str, bytes | None]]:
        """While serving: the file producers run again only if the catalog or settings changed
        (an edited guide or template rebuilds the site with the same data files)."""
        assert self.catalog is not None and self.settings is not None
        keep: list[Any] = []
        key = data_inputs(self.catalog, (self.settings, self.config.direct_pages), keep)
        # Run here, not in forked workers: each listing's pieces of the pages and files are kept
        # across rebuilds, so a rebuild after one listing changed makes only its pieces again.
        shared = shared_data_inputs(self.catalog, (self.settings, self.config.direct_pages), keep)
        with fragments_kept(self.pieces, shared, self.catalog.listings):
            pages = plan_pages(self.catalog, self.settings)
            if key == self.served_files[0]:
                return pages, dict(self.served_files[1])
            generated_files = plan_files(self.catalog, self.settings)
        self.served_files = (key, dict(generated_files), keep)
        return pages, dict(generated_files)

    def _add_problem_pages(self, files: Files, config: MkDocsConfig) -> None:
        """While serving a directory with errors: the errors at the finder's and each listing's address."""
        for page in problem_pages(self._root(config)):
            if files.get_file_from_path(page.src_uri) is None:
                self.pages[page.src_uri] = page
                files.append(File.generated(config, page.src_uri, content=""))

    def on_nav(self, nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
        self.nav = nav
        return nav

    def on_env(self, env: Any, config: MkDocsConfig, files: Files) -> Any:
        # MkDocs' theme environment does not autoescape (Material's templates print HTML
        # strings). Our templates render contributed text, so they autoescape: every template
        # under theme/directory/ escapes by default, and only Markup passes unescaped.
        env.autoescape = escape_our_templates(env.autoescape)
        presentation.register(env)
        self.fragments = RenderedOnce()
        env.globals["directory_fragment"] = self.fragments.get
        env.globals["directory_fragments"] = self.fragments.joined
        env.globals["directory_has_page"] = self._has_page
        env.globals["directory_slot"] = slot  # markers that shared renderings are filled in at
        env.globals["directory_kinds"] = BY_CODE  # kind code -> generator.kinds.Kind (folder, titles...)
        # Pages written directly are not MkDocs pages: the sitemap lists them too (theme/sitemap.xml).
        by_uri = files.src_uris  # get_file_from_path() normalises each path first: slow 15,000 times
        env.globals["directory_sitemap"] = [config.site_url + by_uri[page.src_uri].url for page in self.direct] if config.site_url else []
        if self.serving:
            # MkDocs makes a new template environment every build; compiled templates are kept
            # across rebuilds (jinja2 checks each template's source before reusing its code).
            env.bytecode_cache = self.templates
            # The fingerprint of what frames every page, before any page is rendered: the rows
            # of earlier builds serve every page of this one (MkDocs' navigation pages too).
            keep: list[Any] = []
            self.shared = (shared_inputs(
                self.catalog, (self.settings, config.site_url), config.config_file_path,
                [d for d in (config.theme.custom_dir, config.docs_dir) if d],
                sorted(path for path, page in self.pages.items() if not page.edit_path), keep), keep)
            self.fragments.kept = self.rows.use(self.shared[0], self.catalog.listings if self.catalog else ())
        self.env = env
        self.files = files.settle() if isinstance(files, KeptFiles) else files
        return env

    def _has_page(self, src_uri: str) -> bool:
        """Whether the build makes this page (facet pages exist only for values in use)."""
        return src_uri in self.pages

    def on_pre_page(self, page: Page, config: MkDocsConfig, files: Files) -> Page:
        # MkDocs dates every page (the sitemap's lastmod, sitemap.xml.gz's mtime) by the machine's
        # clock; the build time makes those bytes reproducible too.
        if self.settings is not None:
            page.update_date = self.settings.now.date().isoformat()
        return page

    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        generated = self.pages.get(page.file.src_uri)
        if generated is not None:
            page.meta.update(page_meta(generated))
        return markdown

    def on_page_context(self, context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Any) -> dict[str, Any]:
        return self._page_context(context, page, self.pages.get(page.file.src_uri), config, nav)

    def _page_context(
        self, context: dict[str, Any], page: Page, generated: GeneratedPage | None, config: MkDocsConfig, nav: Any,
    ) -> dict[str, Any]:
        context["directory_problems"] = [p for p in self.problems if p.severity == "error"] if self.catalog is None else []
        context["directory_catalog"] = self.catalog
        if generated is not None:
            context.update(generated.template_context())
            context["directory_title"] = generated.title  # raw, for our autoescaped templates
            # Outside the navigation and with no headings of its own (no Markdown), a page's
            # sidebars depend only on its shape (see shape_of); pages in the navigation mark
            # themselves active.
            if not page.toc and page not in nav.pages:
                context["directory_nav_key"] = f"nav:{shape_of(page.url)}"
            page.edit_url = self.settings.edit_url(generated.edit_path) if generated.edit_path and self.settings else None
        elif self.settings and not page.file.generated_by:
            page.edit_url = self.settings.edit_url(f"{Path(config.docs_dir).name}/{page.file.src_uri}")
        return context

    # Every page loses its frame's template indentation (generator/build/frame.py) and gets its
    # Content-Security-Policy (generator/build/csp.py), except while serving: `mkdocs serve`
    # injects its live-reload script, which has no hash.
    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        return self._finish(output)

    def _finish(self, html: str) -> str:
        html = compact_frame(html)
        return html if self.serving else with_policy(html)

    def on_post_template(self, output_content: str, template_name: str, config: MkDocsConfig) -> str:
        return output_content if self.serving or not template_name.endswith(".html") else with_policy(output_content)

    def on_post_build(self, config: MkDocsConfig) -> None:
        # MkDocs' sitemap.xml.gz is not published: nothing points to it (hosts compress sitemap.xml).
        Path(config.site_dir, "sitemap.xml.gz").unlink(missing_ok=True)
        try:
            self._write_outputs(config)
        finally:
            self._end_build()

    def on_build_error(self, *, error: Exception) -> None:
        self.kept.forget()
        self._end_build()

    def on_shutdown(self) -> None:
        if self.watcher is not None:
            self.watcher.stop()
        self.kept.forget()
        self._end_build()
        self.heap.release()
        if not self.serving:
            frozen_until_exit()  # `mkdocs build` ends its process now

    def _end_build(self) -> None:
        """Hands the catalog back to the collector and stops filtering MkDocs' notes."""
        self.frozen.close()
        PAGES_LOG.removeFilter(self.direct_links)

    def _write_outputs(self, config: MkDocsConfig) -> None:
        pages, files = self.direct, self.generated_files
        fingerprints: dict[str, bytes | None] = {}
        if self.serving:
            # Only the direct pages and files whose inputs differ from the last build's, and the
            # fingerprint of every output (see generator/build/kept_site.py).
            assert self.files is not None and self.shared is not None
            by_uri = self.files.src_uris
            pages, files, fingerprints = self.kept.changed(
                self.direct, lambda generated: by_uri[generated.src_uri].dest_uri, self.generated_files, self.catalog, *self.shared)
            self.kept.prepare(config.site_dir, fingerprints)
        if pages or files:
            assert self.nav is not None and self.files is not None
            renderer = DirectRenderer(
                config=config, env=self.env, nav=self.nav, files=self.files,
                page_context=lambda context, page, generated: self._page_context(context, page, generated, config, self.nav),
                finish=self._finish,
            )
            write_outputs(renderer, pages, files, self.kept.target(config.site_dir))
        if self.serving:
            assert self.shared is not None
            self.kept.finish(config.site_dir, fingerprints, self.shared[1])

    def on_serve(self, server: Any, config: MkDocsConfig, builder: Any) -> Any:
        # By file events, not MkDocs' polling of every listing twice a second (build/watch.py).
        self.watcher = watch_natively(server, str(self._root(config)))
        # The first build is over: its garbage collected now, not by the first save's rebuild.
        self.heap.settle(self._let_go)
        return server

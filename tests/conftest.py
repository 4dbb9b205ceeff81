"""Shared fixtures: built sites (fictional and shipped), a local web server, headless Chromium.

Browser tests drive Debian's chromium through Playwright (`executable_path`): Playwright's own
browser download is not available here. Every page records console errors and any request to
an origin other than the local server, so tests can assert the site is private and clean.
"""

from __future__ import annotations

import functools
import http.server
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from filelock import FileLock

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

from fictional import build_catalog  # noqa: E402
from fictional import BUILD_TIME, PUBLISHED_URL, write_fictional_directory, write_site_config  # noqa: E402

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def build_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of a test's `mkdocs` process: without Material's end-of-life banner."""
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(extra or {})}


def real_clock_env() -> dict[str, str]:
    """A child process's environment without libfaketime, when the suite runs under `faketime`.

    libfaketime (0.9.10) does not fake the clock behind CPython's timed lock waits
    (sem_clockwait), which watchdog's threads and MkDocs' live-reload server wait on, so under it
    they never wake. What those processes make depends on the configured build_time, never on
    their clock, so the clock-shifted run still tests everything the site shows.
    """
    return {key: value for key, value in build_env().items() if key not in ("LD_PRELOAD", "FAKETIME")}


def build_site(config: Path, env_extra: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    env = build_env(env_extra)
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config)],
        capture_output=True, text=True, env=env, cwd=config.parent,
    )


def made_once(tmp_path_factory: pytest.TempPathFactory, name: str, make: Callable[[Path], object]) -> Path:
    """A folder that `make(folder)` fills once per test run, shared by every xdist worker.

    A session fixture runs once per worker, and a module's tests may be spread over workers; built
    sites are the suite's costliest set-up, so each is built once, under a file lock, in the folder
    every worker's temporary folder sits in. Tests only read what is made here."""
    base = tmp_path_factory.getbasetemp()
    folder = (base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base) / f"once-{name}"
    with FileLock(f"{folder}.lock"):
        if not (folder / ".made").exists():
            shutil.rmtree(folder, ignore_errors=True)  # what a failed attempt left
            folder.mkdir()
            make(folder)
            (folder / ".made").touch()
    return folder


def built(folder: Path, config: Path, env_extra: dict[str, str] | None = None) -> Path:
    """`folder`'s site, built from `config`; a failed build fails the test with MkDocs' output."""
    result = build_site(config, env_extra)
    assert result.returncode == 0, result.stderr
    return folder / "site"


@pytest.fixture(scope="session")
def fictional_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site built from the fictional directory (tests/fictional.py): every kind and state, hostile text."""
    return made_once(tmp_path_factory, "fictional", lambda folder: built(
        folder, write_site_config(folder, write_fictional_directory(folder / "directory")))) / "site"


def generated_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site of 300 generated fictional listings (benchmarks/fictional.py, seed 0): common words
    in hundreds of them, for the search tests."""
    import datetime as dt

    from benchmarks.fictional import write_fictional_directory as write_generated

    def make(folder: Path) -> None:
        write_generated(folder / "directory", 300, 0, today=dt.date(2026, 11, 23))
        built(folder, write_site_config(folder, folder / "directory"))

    return made_once(tmp_path_factory, "generated-300", make) / "site"


@pytest.fixture(scope="session")
def fictional_catalog(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The fictional directory, loaded: the Catalog the fictional site is built from."""
    return build_catalog(tmp_path_factory.mktemp("fictional-catalog") / "directory")


@pytest.fixture(scope="session")
def fictional_site_with_url(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fictional site built for its published address, PUBLISHED_URL (a sub-path, /psd/)."""
    return made_once(tmp_path_factory, "fictional-url", lambda folder: built(
        folder, write_site_config(folder, write_fictional_directory(folder / "directory"), site_url=PUBLISHED_URL))) / "site"


@pytest.fixture(scope="session")
def shipped_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site built from the shipped directory/ with the project's own mkdocs.yml."""
    # As mkdocs.yml has it: no contact address.
    return made_once(tmp_path_factory, "shipped", lambda folder: built(
        folder, write_site_config(folder, REPO / "directory", contact_email=None))) / "site"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, ".js": "text/javascript", ".ics": "text/calendar"}

    def log_message(self, format: str, *args: object) -> None:
        pass


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        # A browser that cancels a download it no longer needs is not a test failure.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)  # type: ignore[arg-type]


@dataclass
class Server:
    root: Path
    url: str  # with a trailing slash
    httpd: http.server.ThreadingHTTPServer

    @property
    def origin(self) -> str:
        return self.url.rstrip("/")


def serve(root: Path, host: str = "127.0.0.1") -> Server:
    handler = functools.partial(_QuietHandler, directory=str(root))
    httpd = _Server((host, 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return Server(root, f"http://{host}:{httpd.server_address[1]}/", httpd)


@pytest.fixture(scope="session")
def generated_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """generated_site, served: 300 generated fictional listings, common words in hundreds of them."""
    server = serve(generated_site(tmp_path_factory))
    yield server
    server.httpd.shutdown()


@pytest.fixture(scope="session")
def fictional_server(fictional_site: Path) -> Iterator[Server]:
    server = serve(fictional_site)
    yield server
    server.httpd.shutdown()


@pytest.fixture(scope="session")
def shipped_server(shipped_site: Path) -> Iterator[Server]:
    server = serve(shipped_site)
    yield server
    server.httpd.shutdown()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run 'make test' (it installs Debian's chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@dataclass
class PageRecorder:
    """What a page did besides rendering: console errors and requests to other origins."""

    allowed_origins: set[str]
    console_errors: list[str] = field(default_factory=list)
    foreign_requests: list[str] = field(default_factory=list)

    def on_request(self, request: object) -> None:
        url: str = request.url  # type: ignore[attr-defined]
        if url.startswith(("data:", "blob:", "about:")):
            return
        origin = "/".join(url.split("/")[:3])
        if origin not in self.allowed_origins:
            self.foreign_requests.append(url)


def open_page(browser: object, *origins: str, viewport: dict | None = None, color_scheme: str = "light",
              timezone_id: str | None = None, now: str | None = BUILD_TIME, locale: str | None = None,
              java_script_enabled: bool = True, bypass_csp: bool = True) -> tuple[object, PageRecorder]:
    """A new page in a fresh context; requests outside `origins` are recorded and aborted.

    The page's clock (`Date.now()`, `new Date()`) is fixed at `now`, by default the build time the
    test sites are built with, so nothing a test sees depends on the day it runs. Timers keep
    running. A test that moves the clock calls `page.clock.set_fixed_time` itself. `locale` sets the
    browser's languages (navigator.languages) as a visitor's settings would.

    Pages run without their Content-Security-Policy by default: Playwright's polling waits
    (`wait_for_function` with an expression) evaluate strings in the page, which the policy rightly
    forbids. tests/test_csp_browser.py opens pages with `bypass_csp=False`, under the policy.
    """
    context = browser.new_context(  # type: ignore[attr-defined]
        viewport=viewport or {"width": 1280, "height": 900}, color_scheme=color_scheme, timezone_id=timezone_id,
        locale=locale, java_script_enabled=java_script_enabled, bypass_csp=bypass_csp,
    )
    recorder = PageRecorder(set(origins))
    page = context.new_page()
    if now is not None:
        page.clock.set_fixed_time(now)
    page.on("console", lambda message: message.type == "error" and recorder.console_errors.append(message.text))
    page.on("pageerror", lambda error: recorder.console_errors.append(str(error)))

    def refuse(route: object) -> None:
        recorder.on_request(route.request)  # type: ignore[attr-defined]
        route.abort()  # type: ignore[attr-defined]

    # Only requests to other origins come back to Python: the pattern is matched in Playwright's
    # driver, so a page's own requests no longer wait on a round trip to the test each.
    allowed = "|".join(re.escape(origin + "/") for origin in sorted(recorder.allowed_origins))
    context.route(re.compile(f"^(?!(?:{allowed}{'|' if allowed else ''}data:|blob:|about:))"), refuse)
    return page, recorder


def axe_violations(page: object, context: object | None = None) -> list[dict]:
    """axe-core's WCAG 2.2 A/AA violations on the page as it is now."""
    from axe_playwright_python.sync_playwright import Axe

    options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
    results = Axe().run(page, context=context, options=options)
    return results.response["violations"]


def describe_violations(violations: list[dict]) -> str:
    return "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} -> " + "; ".join(n["target"][0] if isinstance(n["target"][0], str) else str(n["target"]) for n in v["nodes"][:5])
        for v in violations
    )


def held_finder(browser: object, server: Server, address: str = "", requested: list | None = None,
                **options: Any) -> tuple[Any, Any, list]:
    """find/ with docs.json held back until `release[0].continue_()`, so a test sees the first
    page the finder draws before it; `requested` gets every URL the page asks for."""
    page, recorder = open_page(browser, server.origin, **options)
    if requested is not None:
        page.on("request", lambda request: requested.append(request.url))
    release: list = []
    page.route("**/api/finder/docs.json", lambda route: release.append(route))
    page.goto(server.url + "find/" + address)
    return page, recorder, release


def held_request(page: Any, release: list, seconds: float = 10.0) -> list:
    """`release` once the held docs.json request is in it. Playwright hands a route to Python
    only while a call on the page waits, so a first page can be seen before its callback ran."""
    deadline = time.monotonic() + seconds
    while not release and time.monotonic() < deadline:
        page.wait_for_timeout(50)
    return release


def finder_first_page_on_a_phone(page: Any, recorder: Any, release: list, shot: Path) -> None:
    """A first page drawn before docs.json (held_finder, at 360 x 740): no sideways scrolling, a
    screenshot at `shot`, axe-clean; then the full finder, without console errors."""
    page.wait_for_selector("[data-finder-state=first]", timeout=15000)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.screenshot(path=str(shot), full_page=True)
    violations = axe_violations(page)
    assert violations == [], describe_violations(violations)
    release[0].continue_()
    page.wait_for_selector("[data-finder-state=ready]")
    assert not recorder.console_errors, recorder.console_errors


@pytest.fixture
def artifacts() -> Path:
    """Where browser tests leave screenshots for people to look at."""
    path = REPO / "tests" / "artifacts"
    path.mkdir(exist_ok=True)
    return path


def copy_tree(source: Path, target: Path) -> Path:
    shutil.copytree(source, target)
    return target

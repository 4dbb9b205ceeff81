"""Large directories are loaded and planned in forked workers: the result must be the same.

Run in a fresh interpreter (one thread, as in `mkdocs build`), with the size threshold lowered
so the small fictional directory takes the forked path.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent

pytestmark = pytest.mark.slow  # whole builds or loads in fresh interpreters

SCRIPT = """
import sys, tempfile, datetime as dt
from pathlib import Path
sys.path.insert(0, {here!r})
import generator.workers as forking
import generator.contract.catalog as catalog_module
import generator.build.plan as site_plan
from fictional import write_fictional_directory

directory = write_fictional_directory(Path(tempfile.mkdtemp()) / "directory")
settings = site_plan.BuildSettings(now=dt.datetime(2026, 11, 23, tzinfo=dt.timezone.utc), site_url="", repo_url="https://github.com/example/repo")

serial = catalog_module.load_catalog(directory)
assert forking.can_fork(10**9), "this interpreter should be allowed to fork"
forking.PARALLEL_FROM = 1
forked = catalog_module.load_catalog(directory)
assert forked.problems == serial.problems
for kind in ("groups", "advocates", "training", "organizations", "crisis_lines"):
    assert getattr(forked.catalog, kind) == getattr(serial.catalog, kind), kind
assert {{key: source.document.lines for key, source in forked.catalog.sources.items()}} == {{key: source.document.lines for key, source in serial.catalog.sources.items()}}

seen = []
pages, files = site_plan.plan_site(forked.catalog, settings, with_pages=seen.append)
assert seen == [pages], "the pages are handed over once, before the files are gathered"
assert files == site_plan.plan_files(serial.catalog, settings)
assert [(p.src_uri, p.title, p.template) for p in pages] == [(p.src_uri, p.title, p.template) for p in site_plan.plan_pages(serial.catalog, settings)]
# Given a site folder, the workers write the files themselves (Streamed ones piece by piece):
# the same bytes, none sent back.
site = Path(tempfile.mkdtemp())
_, written = site_plan.plan_site(forked.catalog, settings, str(site))
assert set(written) == set(files) and all(content is None for content in written.values())
assert all((site / path).read_bytes() == content for path, content in files.items())
print("same", len(files), len(pages))
"""


def test_forked_loading_and_planning_give_the_serial_result() -> None:
    result = subprocess.run([sys.executable, "-c", SCRIPT.format(here=str(HERE))], capture_output=True, text=True, cwd=HERE.parent, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.startswith("same")


PROBLEMS_SCRIPT = """
import shutil, sys, tempfile
from pathlib import Path
import generator.workers as forking
import generator.contract.catalog as catalog_module

repo = Path({repo!r})
root = Path(tempfile.mkdtemp()) / "directory"
shutil.copytree(repo / "tests/fixtures/directory", root)
for case in sorted((repo / "tests/cases/invalid").rglob("*.yml")):
    shutil.copy(case, root / case.parent.name / case.name)
(root / "groups/fictional-not-utf8.yml").write_bytes(b"id: caf\\xe9\\n")
(root / "groups/fictional-folder.yml").mkdir()
(root / "groups/.yml").write_text("id: hidden\\n")
(root / "advocates/fictional-other-suffix.yaml").write_text("id: fictional-other-suffix\\n")
extra = [repo / "tests/cases/invalid/groups/fictional-bad-date.yml", root / "groups/fictional-not-utf8.yml"]

def outcome(result):
    sources = {{key: (s.display, s.path, s.document.lines) for key, s in result.catalog.sources.items()}} if result.catalog else None
    return [p.text() for p in result.problems], result.files_checked, sources

serial = outcome(catalog_module.load_catalog(root, extra_files=extra))
forking.PARALLEL_FROM = 1
forked = outcome(catalog_module.load_catalog(root, extra_files=extra))
assert forked == serial
assert serial[1] > 100 and len(serial[0]) > 100, serial[1]
print("same", serial[1], len(serial[0]))
"""


def test_forked_loading_reports_the_serial_problems() -> None:
    """Unreadable, unparsable and invalid files (every golden case) give the same problems, in
    the same order, whether the workers or this process read them."""
    script = PROBLEMS_SCRIPT.format(repo=str(HERE.parent))
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=HERE.parent, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.startswith("same")


def _children(parent: int) -> set[int]:
    """The processes whose parent is `parent`, from /proc."""
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            # pid (comm) state ppid ...: comm may hold spaces and parentheses, so split after the last ")".
            if int(stat.rsplit(")", 1)[1].split()[1]) == parent:
                found.add(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    """Running, not a zombie waiting to be reaped (a container's init may never reap it)."""
    try:
        return (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc; PR_SET_PDEATHSIG is Linux's")
def test_killing_a_build_kills_its_workers(tmp_path: Path) -> None:
    """`kill -9` of `mkdocs build` gives it no chance to stop its workers: they must die with it
    (generator/workers.py), not stay behind writing into the site."""
    from benchmarks.fictional import write_fictional_directory
    from conftest import build_env
    from fictional import write_site_config

    write_fictional_directory(tmp_path / "directory", 2000, today=dt.date(2026, 11, 23))
    config = write_site_config(tmp_path, tmp_path / "directory")
    build = subprocess.Popen([sys.executable, "-m", "mkdocs", "build", "-f", str(config)], env=build_env(),
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=tmp_path, start_new_session=True)
    workers: set[int] = set()
    try:
        deadline = time.monotonic() + 240
        while not workers and build.poll() is None and time.monotonic() < deadline:
            workers = _children(build.pid)
            time.sleep(0.01)
        assert workers, "the build never forked workers"
        time.sleep(0.2)  # a pool forks its workers one after the other
        workers |= _children(build.pid)
        build.kill()
        build.wait()
        deadline = time.monotonic() + 5
        while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not [pid for pid in workers if _alive(pid)], "workers outlived the killed build"
    finally:
        # The build's own process group (its workers included), whatever the test saw.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(build.pid, signal.SIGKILL)
        build.wait()


UNFROZEN_SCRIPT = """
import gc, sys, tempfile
from pathlib import Path
sys.path.insert(0, {here!r})
from fictional import write_fictional_directory, write_site_config
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

folder = Path(tempfile.mkdtemp())
directory = write_fictional_directory(folder / "directory")
config = write_site_config(folder, directory)
build(load_config(str(config)))
assert gc.get_freeze_count() == 0, "left frozen after a build"
(directory / "groups" / "fictional-broken.yml").write_text("id: fictional-broken\\n")
try:
    build(load_config(str(config)))
except Abort:  # what build() makes of the plugin's PluginError, after on_build_error
    pass
else:
    raise AssertionError("the broken directory built")
assert gc.get_freeze_count() == 0, "left frozen after a failed build"
print("unfrozen")
"""


def test_the_catalog_is_handed_back_to_the_collector_however_the_build_ends() -> None:
    """The plugin freezes the catalog out of the cyclic collector for a build (workers.heap_frozen);
    a build that fails must not leave the heap frozen in a process that goes on (`mkdocs serve`)."""
    result = subprocess.run([sys.executable, "-c", UNFROZEN_SCRIPT.format(here=str(HERE))], capture_output=True, text=True,
                            cwd=HERE.parent, timeout=300, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.strip().endswith("unfrozen")


@pytest.mark.parametrize(("pages", "files", "count"), [(10_758, 0, 16), (5, 3, 16), (0, 0, 4), (1_001, 999, 6)])
def test_write_runs_cover_every_page_and_file_once_in_order(pages: int, files: int, count: int) -> None:
    """The direct pages and files are written in `count` contiguous runs handed out to the
    workers as they free up: together they are every page and file once, in their order."""
    from generator.build.direct_pages import runs

    shares = runs(pages, files, count)
    assert len(shares) == count
    assert [i for first, end, _, _ in shares for i in range(first, end)] == list(range(pages))
    assert [i for _, _, first, end in shares for i in range(first, end)] == list(range(files))
    sizes = [end - first for first, end, _, _ in shares if end > first]
    assert len(set(sizes[:-1])) <= 1  # all of one size, but for the last

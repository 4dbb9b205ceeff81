"""Large directories are loaded and planned in forked workers: the result must be the same.

Run in a fresh interpreter (one thread, as in `mkdocs build`), with the size threshold lowered
so the small fictional directory takes the forked path.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

SCRIPT = """
import sys, tempfile, datetime as dt
from pathlib import Path
sys.path.insert(0, {here!r})
import generator.workers as forking
import generator.contract.catalog as catalog_module
import generator.build.plan as site_plan
from fictional_site import write_fictional_directory

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

pages, files = site_plan.plan_site(forked.catalog, settings)
assert files == site_plan.plan_files(serial.catalog, settings)
assert [(p.src_uri, p.title, p.template) for p in pages] == [(p.src_uri, p.title, p.template) for p in site_plan.plan_pages(serial.catalog, settings)]
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

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
import generator.forking as forking
import generator.catalog as catalog_module
import generator.site_plan as site_plan
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

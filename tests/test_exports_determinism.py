"""Every export together: all written, no path written twice, and byte-identical between builds."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

from generator.contract.catalog import Catalog
from generator.build.plan import plan_files
from fictional import SETTINGS, build_catalog

HERE = Path(__file__).resolve().parent

EXPECTED = {
    "feed.xml", "api/v1/groups.json", "api/v1/advocates.json", "api/v1/training.json",
    "api/v1/organizations.json", "api/v1/vocabularies.json", "api/v1/groups.csv", "api/v1/advocates.csv",
    "api/v1/training.csv", "meeting-guide.json", "api/v1/hsds/services.json", "api/v1/hsds/organizations.json",
    "api/v1/hsds/taxonomies.json",
    "api/v1/hsds/taxonomy_terms.json", "api/v1/hsds/index.json", "api/v1/schema/group.schema.json",
    "groups/fictional-evening-circle.ics", "api/v1/calendars/topics/grief.ics", "api/v1/calendars/countries/gb.ics",
}


def test_every_export_is_written_once(fictional_catalog: Catalog) -> None:
    files = plan_files(fictional_catalog, SETTINGS)  # raises if two producers write one path
    assert EXPECTED <= set(files)
    assert all(isinstance(content, bytes) and content for content in files.values())


_SCRIPT = """
import hashlib, json, sys, tempfile
from pathlib import Path
sys.path.insert(0, {here!r})
from fictional import SETTINGS, build_catalog
from generator.build.plan import plan_files
fictional_catalog = build_catalog(Path(tempfile.mkdtemp()) / "directory")
print(json.dumps({{path: hashlib.sha256(content).hexdigest() for path, content in plan_files(fictional_catalog, SETTINGS).items()}}))
"""


def _digests(seed: str) -> dict[str, str]:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    result = subprocess.run([sys.executable, "-c", _SCRIPT.format(here=str(HERE))], capture_output=True, text=True, env=env,
                            cwd=HERE.parent, check=True)
    return json.loads(result.stdout)


def test_separate_processes_give_identical_bytes() -> None:
    # Different hash seeds change set and dict-of-set orders: nothing may depend on them.
    first, second = _digests("1"), _digests("2")
    assert first == second
    assert EXPECTED <= set(first)


def test_outputs_do_not_depend_on_the_folder_name(tmp_path: Path, fictional_catalog: Catalog) -> None:
    other = build_catalog(tmp_path / "directory")
    ours = plan_files(fictional_catalog, SETTINGS)
    theirs = plan_files(other, SETTINGS)
    differing = sorted(path for path in ours if ours[path] != theirs[path])
    # Only the edit links name the repository folder (the test folders are named directory0, directory...).
    assert set(differing) <= {"meeting-guide.json"}
    assert hashlib.sha256(ours["feed.xml"]).digest() == hashlib.sha256(theirs["feed.xml"]).digest()

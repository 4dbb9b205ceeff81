"""Every export together: registered, no path written twice, and byte-identical between builds."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

from generator.contract.catalog import Catalog
from generator.build.plan import file_producers, plan_files
from test_exports_catalog import SETTINGS, build_catalog, catalog  # noqa: F401

HERE = Path(__file__).resolve().parent

EXPECTED = {
    "feed.xml", "api/v1/listings.json", "api/v1/groups.json", "api/v1/advocates.json", "api/v1/training.json",
    "api/v1/organizations.json", "api/v1/vocabularies.json", "api/v1/groups.csv", "api/v1/advocates.csv",
    "api/v1/training.csv", "api/v1/meeting-guide.json", "api/v1/hsds/services.json", "api/v1/hsds/organizations.json",
    "api/v1/hsds/locations.json", "api/v1/hsds/service_at_locations.json", "api/v1/hsds/taxonomies.json",
    "api/v1/hsds/taxonomy_terms.json", "api/v1/hsds/index.json", "api/v1/schema/group.schema.json",
    "groups/fictional-evening-circle.ics", "api/v1/calendars/topics/grief.ics", "api/v1/calendars/countries/gb.ics",
}


def test_all_exporters_are_registered(catalog: Catalog) -> None:  # noqa: F811
    names = {produce.__name__ for produce in file_producers()}
    assert {"json_api", "csv_tables", "group_calendars", "atom_feed", "meeting_guide_feed", "hsds_export"} <= names
    files = plan_files(catalog, SETTINGS)  # raises if two producers write one path
    assert EXPECTED <= set(files)
    assert all(isinstance(content, bytes) and content for content in files.values())


def test_two_runs_are_byte_identical(catalog: Catalog) -> None:  # noqa: F811
    assert plan_files(catalog, SETTINGS) == plan_files(catalog, SETTINGS)


_SCRIPT = """
import hashlib, json, sys, tempfile
from pathlib import Path
sys.path.insert(0, {here!r})
from test_exports_catalog import SETTINGS, build_catalog
from generator.build.plan import plan_files
catalog = build_catalog(Path(tempfile.mkdtemp()) / "directory")
print(json.dumps({{path: hashlib.sha256(content).hexdigest() for path, content in plan_files(catalog, SETTINGS).items()}}))
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


def test_outputs_do_not_depend_on_the_folder_name(tmp_path: Path, catalog: Catalog) -> None:  # noqa: F811
    other = build_catalog(tmp_path / "directory")
    ours = plan_files(catalog, SETTINGS)
    theirs = plan_files(other, SETTINGS)
    differing = sorted(path for path in ours if ours[path] != theirs[path])
    # Only the edit links name the repository folder (the test folders are named directory0, directory...).
    assert set(differing) <= {"api/v1/meeting-guide.json", "meeting-guide.json"}
    assert hashlib.sha256(ours["feed.xml"]).digest() == hashlib.sha256(theirs["feed.xml"]).digest()

"""Any listing that validates builds, and every output it makes is well-formed (issue 13).

A property test: generated valid listings (text of every Unicode class, the longest texts the
contract allows, dates at both ends of its range in zones on both sides of UTC) go through
`load_catalog` and every producer (pages with their contexts, finder, exports), and each
produced file is parsed by benchmarks/wellformed.py. Then a fuzz run of a few hundred hostile
documents goes through `peerdir validate` and a real `mkdocs build` (benchmarks/fuzz.py, whose
full run is 10,000 documents).
"""

from __future__ import annotations

import datetime as dt
import shutil
import sys
import zoneinfo
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.contract.catalog import load_catalog
from generator.contract.time_zones import allowed_zones
from generator.contract.fields import EARLIEST_DATE, LATEST_DATE, UNSAFE_CHARACTER
from generator.build.plugin import build_time
from generator.contract.models.meeting import WEEKDAYS
from generator.build.plan import plan_files, plan_pages
from generator.build.products import BuildSettings
from generator.finder.places import PLACES_FOLDER

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
from benchmarks import fictional, fuzz  # noqa: E402
from benchmarks.wellformed import check_output  # noqa: E402

FIXTURE = REPO / "tests" / "fixtures" / "directory"
BUILD_TIME = "2026-11-23T12:00:00+00:00"
TODAY = dt.date(2026, 11, 23)
SETTINGS = BuildSettings(now=build_time(BUILD_TIME), site_url="https://example.org/", repo_url="https://example.org/repo")
ORGS = ["fictional-harbour-peer-network"]
MAKERS = {"groups": (fictional.fictional_group, "group"), "advocates": (fictional.fictional_advocate, "advocate"),
          "training": (fictional.fictional_training, "training")}
# The zones the contract allows (a real place's zone, or UTC): fixed offsets such as Etc/GMT+12
# are refused since issue 12, so the extremes are the furthest places from UTC on each side.
ZONES = list(allowed_zones())

# Every code point, surrogates and noncharacters included; the contract's refused ones are then
# taken out, so what is left is hostile but valid text.
any_character = st.characters(min_codepoint=0, max_codepoint=0x10FFFF, categories=None, exclude_categories=())


def text(limit: int, minimum: int = 1) -> st.SearchStrategy[str]:
    def clean(raw: str) -> str:
        # No HTML or Markdown links (those rules have their own tests); then cut to the limit.
        value = " ".join(UNSAFE_CHARACTER.sub("", raw).replace("<", "‹").replace("](", "] (").split())[:limit].strip()
        return (value + " fictional filler text")[:limit].strip() if len(value) < minimum else value

    return st.one_of(st.text(any_character, max_size=limit), st.text(any_character, min_size=limit, max_size=limit * 2)).map(clean)


dates = st.dates(min_value=EARLIEST_DATE, max_value=LATEST_DATE)
edge_dates = st.sampled_from([EARLIEST_DATE, EARLIEST_DATE + dt.timedelta(days=1), LATEST_DATE, LATEST_DATE - dt.timedelta(days=1)]) | dates


@st.composite
def valid_listing(draw: st.DrawFn) -> tuple[str, str, dict[str, Any]]:
    folder = draw(st.sampled_from(sorted(MAKERS)))
    maker, schema = MAKERS[folder]
    data = maker(draw(st.integers(0, 5000)), 0, TODAY, ORGS)
    data["name"] = "Fictional " + draw(text(100))
    data["summary"] = draw(text(280, minimum=20))
    data["source"] = draw(text(1000))
    data["reviewed_by"] = draw(text(200))
    data["description"] = draw(st.none() | text(5000))
    if data["description"] is None:
        del data["description"]
    data["last_reviewed"] = draw(st.dates(min_value=EARLIEST_DATE, max_value=TODAY - dt.timedelta(days=2))).isoformat()
    for meeting in data.get("meetings", []):
        meeting["timezone"] = draw(st.sampled_from(["Pacific/Kiritimati", "Pacific/Pago_Pago", "America/Adak", *ZONES]))
        meeting["title"] = draw(text(200))
        ends = draw(edge_dates)
        meeting["ends_on"] = ends.isoformat()
        if draw(st.booleans()):
            starts = draw(st.dates(min_value=EARLIEST_DATE, max_value=ends))
            meeting["starts_on"] = starts.isoformat()
            meeting["days"] = [WEEKDAYS[starts.weekday()]]
            meeting["frequency"] = "weekly"
            meeting.pop("weeks_of_month", None)
        else:
            meeting.pop("starts_on", None)
            meeting["interval"] = 1
    if folder == "groups" and "location" in data:
        data["location"]["locality"] = draw(text(200))
        data["location"]["address"] = draw(text(200))
    if folder == "training":
        for cohort in data.get("cohorts", []):
            ends = draw(edge_dates)
            cohort["ends_on"] = ends.isoformat()
            cohort["starts_on"] = draw(st.dates(min_value=EARLIEST_DATE, max_value=ends)).isoformat()
            cohort.pop("application_deadline", None)
    return folder, schema, data


def outputs_of(root: Path) -> dict[str, bytes]:
    result = load_catalog(root)
    errors = [p.text() for p in result.problems if p.severity == "error"]
    assert result.catalog is not None, errors
    pages = plan_pages(result.catalog, SETTINGS)
    for page in pages:
        page.template_context()  # the lazy part too: what a listing page works out when rendered
    # The gazetteer's files do not depend on any listing (tests/test_finder_data.py reads them back; the fuzz test below checks every file of a whole build).
    return {name: content for name, content in plan_files(result.catalog, SETTINGS).items() if not name.startswith(PLACES_FOLDER)}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                                                   HealthCheck.data_too_large])
@given(valid_listing())
def test_any_valid_listing_goes_through_every_producer(tmp_path_factory: pytest.TempPathFactory, listing: tuple) -> None:
    folder, schema, data = listing
    root = tmp_path_factory.mktemp("valid") / "directory"
    shutil.copytree(FIXTURE, root)
    (root / folder / f"{data['id']}.yml").write_text(fictional.to_yaml(data, schema), encoding="utf-8")
    files = outputs_of(root)
    assert files
    assert [problem for name, content in files.items() if (problem := check_output(name, content))] == []


@pytest.mark.parametrize(("zone", "ends_on"), [("America/New_York", "2999-12-31"), ("Pacific/Pago_Pago", "2999-12-31"),
                                               ("Pacific/Kiritimati", "1900-01-01"), ("Pacific/Kiritimati", "2999-12-31")])
def test_a_meeting_at_the_ends_of_the_date_range_builds(tmp_path: Path, zone: str, ends_on: str) -> None:
    # 9999-12-31 west of UTC validated, then overflowed in recurrence (issue 13): the range is
    # now 1900-01-01 to 2999-12-31, and both ends build in the zones furthest from UTC.
    root = tmp_path / "directory"
    shutil.copytree(FIXTURE, root)
    data = fictional.fictional_group(3, 0, TODAY, ORGS)
    first = dt.date.fromisoformat(ends_on)
    data["meetings"] = [{"frequency": "weekly", "days": [WEEKDAYS[first.weekday()]], "start_time": "23:30", "duration_minutes": 720,
                         "timezone": zone, "starts_on": ends_on, "ends_on": ends_on}]
    (root / "groups" / f"{data['id']}.yml").write_text(fictional.to_yaml(data, "group"), encoding="utf-8")
    files = outputs_of(root)
    assert [problem for name, content in files.items() if (problem := check_output(name, content))] == []


def test_characters_the_contract_refused_too_late_are_refused_at_validation(tmp_path: Path) -> None:
    # Each passed validation before issue 13 and then broke an output: a noncharacter made
    # feed.xml ill-formed, a lone surrogate crashed the HSDS export, NUL and ESC reached hrefs
    # and groups.csv raw.
    root = tmp_path / "directory"
    shutil.copytree(FIXTURE, root)
    for index, (key, value) in enumerate([("name", "Fictional \ufffe Circle"), ("website", "https://a.example.org/\ud800"),
                                          ("website", "https://a.example.org/\x00\x1b[2J"), ("summary", "A fictional summary with \uffff inside it.")]):
        data = fictional.fictional_group(index, 0, TODAY, ORGS)
        data[key] = value
        (root / "groups" / f"{data['id']}.yml").write_text(fuzz.to_yaml(data, "group"), encoding="utf-8")
    result = load_catalog(root)
    refused = sorted((Path(p.path).stem, p.field) for p in result.problems if "U+" in p.message)
    assert len(refused) == 4 and {field for _, field in refused} == {"name", "website", "summary"}, result.problems


def test_a_fuzzed_directory_validates_and_builds_well_formed(tmp_path: Path) -> None:
    """A few hundred hostile documents: no crash, no traceback, a build of the valid ones, and
    every output file of it well-formed. (`python -m benchmarks.fuzz` runs 10,000.)"""
    totals = fuzz.fuzz(documents=240, batch=240, seed=13, build=True, work=tmp_path)
    logs = {path.name: path.read_text()[:2000] for path in tmp_path.glob("*.log")}
    assert (totals["crashes"], totals["tracebacks"], totals["failed builds"], totals["ill-formed outputs"]) == (0, 0, 0, 0), logs
    assert totals["documents"] == 240 and totals["builds"] == 1
    assert 60 <= totals["valid"] <= 200, totals  # both sides are exercised
    assert totals["output files checked"] > 100

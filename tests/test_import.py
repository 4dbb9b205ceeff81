"""`peerdir import`: our own exports of the fictional export directory (tests/fictional.py)
imported back give the listings we started from, in every field each format carries; duplicates
are skipped, files are replaced only with --update, and records that cannot be mapped are listed
with where and why."""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
from pathlib import Path
from typing import Any

import pytest

from fictional import BUILD_TIME, REPO, SETTINGS
from generator.contract.catalog import load_catalog
from generator.contract.spreadsheet import NOTE_MARK, columns, row_of, template_csv
from generator.contributors.cli import main
from generator.exports.hsds import hsds_export
from generator.exports.import_template import import_templates, template_path
from generator.exports.meeting_guide import meeting_guide_feed
from generator.kinds import LISTING_KINDS

TODAY = BUILD_TIME[:10]  # importing later than the exports were made (SETTINGS), as people do
# What Meeting Guide and HSDS do not carry, said once for every imported listing.
DEFAULTS = """\
topics: [recovery]
audiences: [everyone]
languages: [en]
facilitation: peer_led
cost: {kind: free}
joining: {method: open}
credential_type: mental_health
"""


def new_folder(root: Path, organizations: Path | None = None) -> Path:
    """An empty directory folder (the vocabularies, and the organisations when given)."""
    shutil.copytree(REPO / "directory" / "vocabularies", root / "vocabularies")
    if organizations is not None:
        shutil.copytree(organizations, root / "organizations")
    return root


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(["import", *args, "--today", TODAY])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def imported(folder: Path) -> dict[str, Any]:
    """The folder's listings by name, loaded as `peerdir validate` loads them (it must pass)."""
    result = load_catalog(folder, today=dt.date.fromisoformat(TODAY))
    assert result.catalog is not None, [p.text() for p in result.problems]
    return {listing.name: listing for listing in result.catalog.listings}


def _meetings(group: Any, weekly_only: bool = False) -> list[tuple]:
    found = []
    for meeting in group.meetings:
        if weekly_only and (meeting.frequency != "weekly" or meeting.interval != 1):
            continue
        mode = meeting.attendance or (group.attendance[0] if len(group.attendance) == 1 else None)
        found.append((meeting.title, meeting.frequency, tuple(sorted(meeting.days)), meeting.interval, meeting.weeks_of_month,
                      meeting.start_time, meeting.minutes, meeting.timezone, meeting.notes, mode))
    return sorted(found, key=str)


@pytest.fixture(scope="module")
def exports(fictional_catalog: Any, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Our own exports of the fictional export directory, as files."""
    root = tmp_path_factory.mktemp("exports")
    for produce in (meeting_guide_feed, hsds_export, import_templates):
        for path, data in produce(fictional_catalog, SETTINGS).items():
            (root / path).parent.mkdir(parents=True, exist_ok=True)
            (root / path).write_bytes(bytes(data))
    return root


@pytest.fixture
def defaults(tmp_path: Path) -> Path:
    path = tmp_path / "defaults.yml"
    path.write_text(DEFAULTS, encoding="utf-8")
    return path


# --- Meeting Guide --------------------------------------------------------------------------


def test_meeting_guide_round_trip(fictional_catalog: Any, exports: Path, defaults: Path, tmp_path: Path,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    folder = new_folder(tmp_path / "directory", fictional_catalog.root / "organizations")
    code, out = run(capsys, "meeting-guide", str(exports / "meeting-guide.json"), "--into", str(folder), "--defaults", str(defaults))
    assert code == 0, out
    assert "4 written, 0 updated, 0 unchanged, 0 skipped as duplicates, 0 not mapped." in out  # the active groups with weekly meetings
    back = imported(folder)
    originals = [g for g in fictional_catalog.groups if g.status == "active" and any(m.frequency == "weekly" and m.interval == 1 for m in g.meetings)]
    assert sorted(back) == sorted(g.name for g in originals)
    for original in originals:
        copy = back[original.name]
        assert copy.summary == original.summary
        assert copy.organization == original.organization
        assert copy.last_reviewed == original.last_reviewed
        assert set(copy.languages) == set(original.languages)
        assert set(copy.audiences) == ({a for a in original.audiences if a != "everyone"} or {"everyone"})
        assert "meeting-guide.json" in copy.source and "fictional" in copy.source
        # Meetings the spec carries (weekly), with the way of taking part of each.
        today = SETTINGS.now.date()
        carried = [m for m in original.meetings if not (m.ends_on and m.ends_on < today)]
        assert _meetings(copy) == _meetings(original.model_copy(update={"meetings": carried}), weekly_only=True)
        if original.location and {"in_person", "hybrid"} & set(original.attendance):
            fields = ("country", "region", "address", "locality", "postal_code", "latitude", "longitude", "venue_notes")
            assert {f: getattr(copy.location, f) for f in fields} == {f: getattr(original.location, f) for f in fields}
        if original.area_served:
            assert copy.area_served.countries == original.area_served.countries
            assert copy.area_served.regions == original.area_served.regions
        assert copy.joining.link_on_request == original.joining.link_on_request
        if original.joining.meeting_link and "online" in {m.attendance for m in original.meetings if m.frequency == "weekly" and m.interval == 1}:
            assert copy.joining.meeting_link == original.joining.meeting_link


def test_meeting_guide_from_a_local_server_and_not_mapped_meetings(tmp_path: Path, defaults: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from conftest import serve

    feed = tmp_path / "www" / "feed.json"
    feed.parent.mkdir()
    feed.write_text("""[
      {"name": "Fictional Tuesday Peers", "slug": "tue-1", "day": 2, "time": "19:00", "end_time": "20:30",
       "timezone": "America/Chicago", "types": ["S", "ONL", "W", "X"], "conference_url": "https://meet.example.org/tue",
       "formatted_address": "1 Fictional Ave, Chicago, IL 60601, USA", "group_notes": "A fictional Spanish-speaking women's peer group."},
      {"name": "Fictional By Appointment", "slug": "appt"},
      {"name": "Fictional Bad Day", "slug": "bad", "day": 9, "time": "10:00", "timezone": "America/Chicago"},
      {"name": "Fictional No Zone", "slug": "nozone", "day": 1, "time": "10:00", "city": "Chicago", "state": "IL", "country": "US"},
      "not a meeting",
      {"slug": "no-name", "day": 1, "time": "10:00"}
    ]""", encoding="utf-8")
    server = serve(feed.parent)
    try:
        folder = new_folder(tmp_path / "directory")
        code, out = run(capsys, "meeting-guide", f"{server.url}feed.json", "--into", str(folder), "--defaults", str(defaults))
    finally:
        server.httpd.shutdown()
    assert code == 1, out  # some not mapped
    assert "1 written, 0 updated, 0 unchanged, 0 skipped as duplicates, 5 not mapped." in out
    assert "meeting 1 (Fictional By Appointment): not mapped: has no day and time" in out
    assert "meeting 2 (Fictional Bad Day): not mapped: 'day' is 9" in out
    assert "meeting 3 (Fictional No Zone): not mapped: has no 'timezone'; give the meetings' zone with --timezone" in out
    assert "meeting 4: not mapped: is text, not a meeting" in out
    assert "meeting 5: not mapped: has no 'name'" in out
    group = imported(folder)["Fictional Tuesday Peers"]
    assert group.attendance == ["hybrid"]
    assert group.location.locality == "Chicago" and group.location.region == "US-IL" and group.location.postal_code == "60601"
    assert group.languages == ["es"] and group.audiences == ["women"] and group.accessibility == ["Wheelchair access"]
    assert group.joining.meeting_link == "https://meet.example.org/tue"
    assert f"{server.url}feed.json" in group.source and "tue-1" in group.source


# --- HSDS -----------------------------------------------------------------------------------


def test_hsds_round_trip(fictional_catalog: Any, exports: Path, defaults: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = new_folder(tmp_path / "directory", fictional_catalog.root / "organizations")
    code, out = run(capsys, "hsds", str(exports / "api/v1/hsds"), "--into", str(folder), "--defaults", str(defaults))
    assert code == 1, out  # the advocates
    # Advocates: HSDS has no platforms; each is reported, with its index and name.
    assert "service 0 (Fictional Collective): not mapped: HSDS has no field for an advocate's platforms" in out
    assert "12 written, 0 updated, 0 unchanged, 0 skipped as duplicates, 4 not mapped." in out  # every group and course; no advocate
    back = imported(folder)
    for original in [x for x in fictional_catalog.groups + fictional_catalog.training if x.status != "closed"]:
        copy = back[original.name]
        for field in ("summary", "description", "topics", "audiences", "languages", "status", "status_note", "last_reviewed"):
            assert getattr(copy, field) == getattr(original, field), field
        if original.website:
            assert copy.website == original.website
        assert "services.json" in copy.source
        assert copy.cost.kind == original.cost.kind and copy.cost.note == original.cost.note
        if original.kind == "group":
            assert _meetings(copy) == _meetings(original)
            assert [(m.starts_on, m.ends_on) for m in copy.meetings] == [(m.starts_on, m.ends_on) for m in original.meetings]
            assert copy.location == original.location
            assert copy.attendance == original.attendance and copy.organization == original.organization
            assert (copy.min_age, copy.max_age, copy.accessibility) == (original.min_age, original.max_age, original.accessibility)
            assert copy.joining.model_dump() == original.joining.model_dump()
            assert copy.find_a_group == original.find_a_group
            assert copy.countries == original.countries and copy.regions == original.regions
            assert (copy.contact.email if copy.contact else None) == (original.contact.email if original.contact else None)
        else:
            assert copy.provider == original.provider and copy.credential == original.credential
            assert copy.jurisdictions == original.jurisdictions and copy.format == original.format
            assert [(c.starts_on, c.ends_on, c.application_deadline) for c in copy.cohorts] == [
                (c.starts_on, c.ends_on, c.application_deadline) for c in original.cohorts]


# --- CSV template ---------------------------------------------------------------------------


def test_hsds_from_an_address_reads_its_terms_beside_it(fictional_catalog: Any, exports: Path, defaults: Path, tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    """Our services name their terms by id only; from an http(s) address the importer reads the
    terms from taxonomy_terms.json beside services.json, as from a folder. Without that file the
    topics cannot be read, and each record says so instead of being guessed."""
    from conftest import serve

    server = serve(exports / "api/v1/hsds")
    try:
        folder = new_folder(tmp_path / "by-address", fictional_catalog.root / "organizations")
        code, out = run(capsys, "hsds", server.url + "services.json", "--into", str(folder), "--defaults", str(defaults))
        assert "12 written, 0 updated, 0 unchanged, 0 skipped as duplicates, 4 not mapped." in out, out
        back = imported(folder)
        grief = back["Fictional Grief Circle Leeds"]
        assert grief.topics == ["grief", "loneliness"]
        # Services name their organisation by id; its name comes from organizations.json beside them.
        hosted = {g.name: g.organization for g in fictional_catalog.groups if g.status != "closed" and g.organization}
        assert hosted and {name: back[name].organization for name in hosted} == hosted
        alone = tmp_path / "alone"
        alone.mkdir()
        shutil.copy(exports / "api/v1/hsds/services.json", alone / "services.json")
        into = new_folder(tmp_path / "alone-into", fictional_catalog.root / "organizations")
        code, out = run(capsys, "hsds", str(alone / "services.json"), "--into", str(into),
                        "--defaults", str(defaults))
        assert "0 written" in out, out
        assert ("(Fictional Grief Circle Leeds): not mapped: its attributes name their terms by id, and no "
                "taxonomy_terms.json beside services.json says which terms those are") in out, out
    finally:
        server.httpd.shutdown()


def _template_rows(listings: list[Any], model: type) -> bytes:
    """Listings written into the template as a person would fill it (after the notes row)."""
    headers = [c.header for c in columns(model)]
    rows = [row_of(listing.model_dump(mode="json", exclude_defaults=True)) for listing in listings]
    extra = sorted({h for row in rows for h in row} - set(headers))  # more meetings than the template offers
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(headers + extra)
    writer.writerow([f"{NOTE_MARK} notes"] + [""] * (len(headers) + len(extra) - 1))
    for row in rows:
        writer.writerow([row.get(h, "") for h in headers + extra])
    return buffer.getvalue().encode("utf-8")


def test_csv_round_trip_gives_back_every_field(fictional_catalog: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = new_folder(tmp_path / "directory", fictional_catalog.root / "organizations")
    for kind in LISTING_KINDS:
        listings = getattr(fictional_catalog, kind.attribute)
        sheet = tmp_path / f"{kind.folder}.csv"
        sheet.write_bytes(_template_rows(listings, kind.model))
        code, out = run(capsys, "csv", str(sheet), "--into", str(folder))
        assert code == 0, out
        assert f"{len(listings)} written, 0 updated" in out and "0 not mapped" in out
    back = imported(folder)
    for original in fictional_catalog.listings:
        copy = back[original.name]
        assert copy.id == original.id
        assert copy.source.startswith(original.source) and f"{FOLDER_NAME(original)}.csv, row" in copy.source
        assert copy.model_dump(exclude={"source"}) == original.model_dump(exclude={"source"})


def FOLDER_NAME(listing: Any) -> str:
    return {kind.code: kind.folder for kind in LISTING_KINDS}[listing.kind]


def test_the_published_template_is_the_models_and_imports(fictional_catalog: Any, exports: Path, tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    for kind in LISTING_KINDS:
        published = (exports / template_path(kind.folder)).read_bytes()
        assert published == template_csv(kind.model, fictional_catalog.vocabularies)
        rows = list(csv.reader(io.StringIO(published.decode("utf-8"))))
        assert rows[0] == [c.header for c in columns(kind.model)] and rows[1][0].startswith(NOTE_MARK)
        assert len(rows) == 2 and len(rows[1]) == len(rows[0])
    # Filled in by hand, with spreadsheet habits: yes/no, times with seconds, a quoted formula guard.
    template = (exports / template_path("groups")).read_text(encoding="utf-8")
    headers = next(csv.reader(io.StringIO(template)))
    cells = {"id": "fictional-sheet-group", "name": "Fictional Sheet Group", "summary": "'=A fictional group added from the spreadsheet template.",
             "topics": "grief; loneliness", "audiences": "everyone", "languages": "en", "status": "active",
             "last_reviewed": "2026-02-01", "reviewed_by": "fictional-maintainer", "source": "Fictional test row.",
             "attendance": "in_person", "location.country": "GB", "location.locality": "Leeds", "joining.method": "open",
             "meetings.1.frequency": "weekly", "meetings.1.days": "monday; friday", "meetings.1.start_time": "18:30:00",
             "meetings.1.end_time": "20:00", "meetings.1.timezone": "Europe/London", "facilitation": "peer_led", "cost.kind": "free",
             "new_members": "no", "meetings.2.days": "", "size_limit": "10"}
    sheet = tmp_path / "groups-template.csv"
    sheet.write_text(template + ",".join(csv_cell(cells.get(h, "")) for h in headers) + "\r\n", encoding="utf-8")
    folder = new_folder(tmp_path / "directory")
    code, out = run(capsys, "csv", str(sheet), "--into", str(folder))
    assert code == 0, out
    group = imported(folder)["Fictional Sheet Group"]
    assert group.summary.startswith("=A fictional") and group.new_members is False and group.size_limit == 10
    assert group.meetings[0].days == ["monday", "friday"] and group.meetings[0].start_time.strftime("%H:%M") == "18:30"
    assert "groups-template.csv, row 3 (id fictional-sheet-group)" in group.source


def csv_cell(value: str) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="").writerow([value])
    return buffer.getvalue()


def test_the_data_page_offers_the_templates(fictional_site: Path) -> None:
    """The built site links each template from its open-data page, and serves it."""
    page = (fictional_site / "data" / "index.html").read_text(encoding="utf-8")
    for kind in LISTING_KINDS:
        assert f'href="../{template_path(kind.folder)}"' in page
        published = (fictional_site / template_path(kind.folder)).read_bytes()
        assert published.startswith(b"id,name,summary,") and NOTE_MARK.encode() in published


def test_yaml_is_written_safely_and_deterministically(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Text that YAML would read as something else comes back as the same text, and two imports
    of one source write the same bytes."""
    tricky = {
        "id": "fictional-tricky", "name": "NO", "summary": "A fictional group #hearingvoices: key: value, - dash & 'quotes'.",
        "description": "First line.\n\n- a list item\n  indented: yes", "topics": "grief", "audiences": "everyone",
        "languages": "en", "status": "active", "last_reviewed": "2026-02-01", "reviewed_by": "yes", "source": "null",
        "attendance": "in_person", "location.country": "NO", "location.locality": "0123", "location.postal_code": "0150",
        "location.latitude": "0.00001", "location.longitude": "-0.000001", "joining.method": "open",
        "schedule_note": "~", "facilitation": "peer_led", "cost.kind": "free", "accessibility": "true; 1e3; @here",
    }
    outputs = []
    for name in ("one", "two"):
        folder = new_folder(tmp_path / name / "directory")
        sheet = tmp_path / name / "groups.csv"
        buffer = io.StringIO(newline="")
        csv.writer(buffer).writerows([list(tricky), list(tricky.values())])
        sheet.write_text(buffer.getvalue(), encoding="utf-8")
        code, out = run(capsys, "csv", str(sheet), "--into", str(folder))
        assert code == 0, out
        outputs.append((folder / "groups" / "fictional-tricky.yml").read_bytes())
        group = imported(folder)["NO"]
        assert (group.summary, group.reviewed_by, group.location.locality, group.location.postal_code) == (
            tricky["summary"], "yes", "0123", "0150")
        assert group.description == tricky["description"] and group.schedule_note == "~"
        assert group.accessibility == ["true", "1e3", "@here"] and group.location.country == "NO"
        assert (group.location.latitude, group.location.longitude) == (0.00001, -0.000001)
    assert outputs[0] == outputs[1]

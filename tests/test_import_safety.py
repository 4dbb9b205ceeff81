"""`peerdir import`: duplicates, --update, and hostile sources (bad JSON, wrong types, huge files,
bad addresses) give plain errors, never a traceback, and write nothing they should not."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fictional import DIRECTORY
from generator.contributors.importers import common
from test_import import DEFAULTS, imported, new_folder, run

FEED = [{"name": "Fictional Harbour Peers", "slug": "harbour-1", "day": 3, "time": "18:00", "end_time": "19:00",
         "timezone": "Europe/London", "address": "2 Fictional Quay", "city": "Bristol", "country": "GB",
         "group_notes": "A fictional peer group that meets by the harbour.", "updated": "2026-02-01 10:00:00"}]


@pytest.fixture
def setup(tmp_path: Path) -> tuple[Path, Path, Path]:
    folder = new_folder(tmp_path / "directory")
    defaults = tmp_path / "defaults.yml"
    defaults.write_text(DEFAULTS, encoding="utf-8")
    feed = tmp_path / "feed.json"
    feed.write_text(json.dumps(FEED), encoding="utf-8")
    return folder, defaults, feed


def test_same_id_is_skipped_and_update_replaces_it(setup: tuple[Path, Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    folder, defaults, feed = setup
    args = ["meeting-guide", str(feed), "--into", str(folder), "--defaults", str(defaults)]
    assert run(capsys, *args)[0] == 0
    target = folder / "groups" / "fictional-harbour-peers.yml"
    first = target.read_text(encoding="utf-8")
    code, out = run(capsys, *args)
    assert code == 0 and "skipped (already there)" in out and "--update replaces it" in out
    assert "0 written, 0 updated, 0 unchanged, 1 skipped as duplicates, 0 not mapped." in out
    code, out = run(capsys, *args, "--update")
    assert "0 written, 0 updated, 1 unchanged" in out and target.read_text(encoding="utf-8") == first
    feed.write_text(json.dumps([{**FEED[0], "end_time": "19:30"}]), encoding="utf-8")
    code, out = run(capsys, *args)
    assert "1 skipped as duplicates" in out and target.read_text(encoding="utf-8") == first  # never without --update
    code, out = run(capsys, *args, "--update")
    assert code == 0 and "0 written, 1 updated" in out and "end_time: '19:30'" in target.read_text(encoding="utf-8")


def test_a_likely_duplicate_under_another_name_is_skipped(setup: tuple[Path, Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    folder, defaults, feed = setup
    assert run(capsys, "meeting-guide", str(feed), "--into", str(folder), "--defaults", str(defaults))[0] == 0
    # The same group, named the other way round in another directory's feed.
    feed.write_text(json.dumps([{**FEED[0], "name": "Bristol Fictional Harbour Peer Support Group", "slug": "other-7"}]), encoding="utf-8")
    code, out = run(capsys, "meeting-guide", str(feed), "--into", str(folder), "--defaults", str(defaults))
    assert code == 0
    assert ("meeting 0: skipped (likely duplicate): looks like " in out and "fictional-harbour-peers.yml: it is nearly the same as "
            "'Fictional Harbour Peers' (fictional-harbour-peers) in Bristol" in out)
    assert "0 written, 0 updated, 0 unchanged, 1 skipped as duplicates, 0 not mapped." in out
    assert not (folder / "groups" / "bristol-fictional-harbour-peer-support-group.yml").exists()


def test_missing_fields_are_reported_with_the_contracts_words(setup: tuple[Path, Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    folder, _, feed = setup
    code, out = run(capsys, "meeting-guide", str(feed), "--into", str(folder))
    assert code == 1
    assert "meeting 0: not mapped:" in out and "topics" in out and "facilitation" in out
    assert "0 written" in out and "1 not mapped" in out
    assert not (folder / "groups").exists() or not list((folder / "groups").iterdir())


def test_a_missing_organisation_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = new_folder(tmp_path / "directory")
    sheet = tmp_path / "training.csv"
    sheet.write_text("id,name,provider\nfictional-course,Fictional Course,fictional-nowhere\n", encoding="utf-8")
    code, out = run(capsys, "csv", str(sheet), "--into", str(folder))
    assert code == 1 and "row 2: not mapped: provider: there is no organisation 'fictional-nowhere'" in out


def test_csv_rows_with_bad_cells_name_row_and_column(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = new_folder(tmp_path / "directory")
    sheet = tmp_path / "groups.csv"
    sheet.write_text("id,name,size_limit,new_members,meetings.1.start_time\n"
                     "a,Fictional A,ten,maybe,\n"
                     "b,Fictional B,,,25:00\n", encoding="utf-8")
    code, out = run(capsys, "csv", str(sheet), "--into", str(folder))
    assert "row 2: not mapped: size_limit: 'ten' is not a whole number; new_members: 'maybe' is not yes or no" in out
    assert "row 3: not mapped:" in out and "meetings.1.start_time" in out
    assert "2 not mapped" in out


@pytest.mark.parametrize(("form", "content", "expected"), [
    ("meeting-guide", b"[{\"name\": ", "is not valid JSON"),
    ("meeting-guide", b"{\"name\": \"x\"}", "is a list of meetings, not an object"),
    ("meeting-guide", b"[" * 100_000, "is not JSON that can be read"),
    ("meeting-guide", b"\xff\xfe[]", "is not UTF-8 text"),
    ("meeting-guide", b"[1e999999999, \"" + b"9" * 5000 + b"\"]", "not mapped"),
    ("hsds", b"\"services\"", "HSDS services are a list of service objects, not text"),
    ("csv", b"", "is empty"),
    ("csv", b"id,nmae\nx,y\n", "column 2 ('nmae') is not a field: 'nmae'; did you mean 'name'"),
    ("csv", b"id,name\n\"x,y\n", "not mapped"),
    ("csv", b"id,name\x00\n", "NUL"),
])
def test_hostile_sources_give_plain_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str], form: str, content: bytes, expected: str) -> None:
    folder = new_folder(tmp_path / "directory")
    source = tmp_path / ("groups.csv" if form == "csv" else "source.json")
    source.write_bytes(content)
    code, out = run(capsys, form, str(source), "--into", str(folder))
    assert "Traceback" not in out
    assert expected in out, out


def test_huge_files_unknown_schemes_and_missing_folders(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    folder = new_folder(tmp_path / "directory")
    big = tmp_path / "big.json"
    big.write_bytes(b"[" + b" " * 2048 + b"]")
    monkeypatch.setattr(common, "MAX_BYTES", 1024)
    code, out = run(capsys, "meeting-guide", str(big), "--into", str(folder))
    assert code == 2 and "at most 1,024 are read" in out
    code, out = run(capsys, "meeting-guide", "file:///etc/passwd", "--into", str(folder))
    assert code == 2 and "only http:// and https:// addresses" in out
    code, out = run(capsys, "meeting-guide", "http://127.0.0.1:9/feed.json", "--into", str(folder))
    assert code == 2 and "could not be fetched" in out
    code, out = run(capsys, "meeting-guide", str(tmp_path / "nothing.json"), "--into", str(folder))
    assert code == 2 and "no such file" in out
    (tmp_path / "feed.json").write_text("[]", encoding="utf-8")
    code, out = run(capsys, "meeting-guide", str(tmp_path / "feed.json"), "--into", str(tmp_path))
    assert code == 2 and "has no vocabularies/" in out


def test_a_folder_with_errors_is_not_imported_into(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = new_folder(tmp_path / "directory")
    (folder / "groups").mkdir()
    (folder / "groups" / "broken.yml").write_text("id: [\n", encoding="utf-8")
    (tmp_path / "feed.json").write_text(json.dumps(FEED), encoding="utf-8")
    code, out = run(capsys, "meeting-guide", str(tmp_path / "feed.json"), "--into", str(folder))
    assert code == 2 and "has errors; run 'peerdir validate'" in out


def test_every_import_option_has_help(capsys: pytest.CaptureFixture[str]) -> None:
    from generator.contributors.cli import build_parser

    parser = build_parser()
    commands = next(a for a in parser._actions if a.dest == "command")
    importer = commands.choices["import"]
    for action in importer._actions:
        if action.dest not in ("help", "today"):
            assert action.help, action.dest


def test_a_feed_too_large_for_the_limit_is_refused_from_a_server(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from conftest import serve

    (tmp_path / "www").mkdir()
    (tmp_path / "www" / "feed.json").write_bytes(b"[" + b" " * 4096 + b"]")
    folder = new_folder(tmp_path / "directory")
    monkeypatch.setattr(common, "MAX_BYTES", 1024)
    server = serve(tmp_path / "www")
    try:
        code, out = run(capsys, "meeting-guide", f"{server.url}feed.json", "--into", str(folder))
        assert code == 2 and "the server says it is 4,098 bytes; at most 1,024 are read" in out
        code, out = run(capsys, "meeting-guide", f"{server.url}missing.json", "--into", str(folder))
        assert code == 2 and "the server answered 404" in out
    finally:
        server.httpd.shutdown()


BAD_VALUES = [None, 7, -1.5, True, "", "x", [], {}, [1, "a"], {"a": 1}, "\u202e\x00"]


def _mutations(record: dict) -> list[dict]:
    """`record` with each field in turn given each value of a wrong type (nested parts too)."""
    found = []
    for key, value in record.items():
        found.extend({**record, key: bad} for bad in BAD_VALUES)
        parts = value if isinstance(value, list) else [value]
        for index, part in enumerate(parts[:1]):
            if isinstance(part, dict):
                for inner in _mutations(part)[:: 3]:
                    found.append({**record, key: [inner] if isinstance(value, list) else inner})
    return found


def test_wrong_types_anywhere_are_reported_never_raised(fictional_catalog: object, tmp_path: Path) -> None:
    from fictional import SETTINGS
    from generator.contributors.importers.common import SourceError
    from generator.contributors.importers.hsds import read_hsds
    from generator.contributors.importers.meeting_guide import read_meeting_guide
    from generator.contributors.importers.writer import Settings, write_listings
    from generator.contract.catalog import load_vocabularies
    from generator.exports.hsds import hsds_export
    from generator.exports.meeting_guide import meeting_guide_feed

    folder = new_folder(tmp_path / "directory")
    vocabularies = load_vocabularies(folder)[0]
    feed = json.loads(meeting_guide_feed(fictional_catalog, SETTINGS)["meeting-guide.json"])
    services = json.loads(bytes(hsds_export(fictional_catalog, SETTINGS)["api/v1/hsds/services.json"]))
    group = next(s for s in services if s["name"].startswith("Fictional Evening"))
    cases = [("meeting-guide", m) for m in _mutations(feed[0])] + [("hsds", s) for s in _mutations(group)]
    assert len(cases) > 300
    source = tmp_path / "source.json"
    settings = Settings(into=folder, today=SETTINGS.now.date(), defaults={"topics": ["recovery"]})
    for form, record in cases:
        source.write_text(json.dumps([record]), encoding="utf-8")
        try:
            if form == "meeting-guide":
                result = read_meeting_guide(source.read_bytes(), "source.json", None, {})
            else:
                result = read_hsds(str(source), "source.json", {}, vocabularies)
        except SourceError:
            continue
        assert len(result.records) + len(result.unmapped) >= 1, record
        report = write_listings(result, settings)
        assert report.problems == [], (record, report.lines())


def test_an_id_another_kind_has_is_not_reused(setup: tuple[Path, Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    folder, defaults, feed = setup
    (folder / "advocates").mkdir()
    advocate = (DIRECTORY / "advocates/fictional-voices.yml").read_text(encoding="utf-8").replace("fictional-voices", "fictional-harbour-peers")
    (folder / "advocates" / "fictional-harbour-peers.yml").write_text(advocate, encoding="utf-8")
    code, out = run(capsys, "meeting-guide", str(feed), "--into", str(folder), "--defaults", str(defaults))
    assert code == 0, out
    assert "written" in out and "the id 'fictional-harbour-peers' is taken; written as 'fictional-harbour-peers-2'" in out
    assert (folder / "groups" / "fictional-harbour-peers-2.yml").exists()


def test_a_file_the_folder_check_refuses_is_taken_back(setup: tuple[Path, Path, Path], capsys: pytest.CaptureFixture[str],
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """Another file with the same id appearing while the import runs: the check of the whole folder
    after writing finds it, and the import takes its file back and says why."""
    from generator.contributors.importers import writer

    folder, defaults, feed = setup
    real = writer._existing

    def existing_then_a_clash(into: Path, today: object) -> object:
        catalog = real(into, today)
        (folder / "advocates").mkdir()
        advocate = (DIRECTORY / "advocates/fictional-voices.yml").read_text(encoding="utf-8").replace("fictional-voices", "fictional-harbour-peers")
        (folder / "advocates" / "fictional-harbour-peers.yml").write_text(advocate, encoding="utf-8")
        return catalog

    monkeypatch.setattr(writer, "_existing", existing_then_a_clash)
    code, out = run(capsys, "meeting-guide", str(feed), "--into", str(folder), "--defaults", str(defaults))
    assert code == 1
    assert "meeting 0: not mapped: id: 'fictional-harbour-peers' is also the id of" in out
    assert "0 written" in out and "1 not mapped" in out
    assert not (folder / "groups" / "fictional-harbour-peers.yml").exists()


def test_a_name_without_latin_letters_takes_the_sources_id(setup: tuple[Path, Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    folder, defaults, feed = setup
    feed.write_text(json.dumps([{**FEED[0], "name": "架空のピアグループ", "slug": "kakuu-7"}]), encoding="utf-8")
    code, out = run(capsys, "meeting-guide", str(feed), "--into", str(folder), "--defaults", str(defaults))
    assert code == 0, out
    assert imported(folder)["架空のピアグループ"].id == "kakuu-7"

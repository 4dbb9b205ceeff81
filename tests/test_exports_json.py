"""The JSON API: one file per kind, organisations, vocabularies and schemas."""

from __future__ import annotations

import datetime as dt
import json

import jsonschema
import pytest

from generator.contract.catalog import Catalog
from generator.exports.common import json_bytes, json_text
from generator.exports.json_api import dump_record, json_api
from fictional import QUOTED_NAME, SETTINGS


@pytest.fixture(scope="module")
def files(fictional_catalog: Catalog) -> dict[str, bytes]:
    return json_api(fictional_catalog, SETTINGS)


def _load(files: dict[str, bytes], path: str):
    return json.loads(bytes(files[path]).decode("utf-8"))


def _everything(files: dict[str, bytes]) -> list[dict]:
    return [item for folder in ("groups", "advocates", "training") for item in _load(files, f"api/v1/{folder}.json")["listings"]]


def test_each_kind_file_has_its_licence_and_every_published_listing(files: dict[str, bytes]) -> None:
    for folder in ("groups", "advocates", "training"):
        data = _load(files, f"api/v1/{folder}.json")
        assert data["license"] == "CC BY 4.0"
        assert data["license_url"] == "https://creativecommons.org/licenses/by/4.0/"
        assert data["attribution"] == "Peer Support Directory contributors"
        assert data["generated"] == "2026-03-01T12:00:00Z"
    everything = _everything(files)
    ids = [(item["kind"], item["id"]) for item in everything]
    assert ("group", "fictional-former-monday-group") not in ids  # closed: left out
    assert ("group", "fictional-winter-break-group") in ids  # paused: kept, with its status
    assert {kind for kind, _ in ids} == {"group", "advocate", "training"}
    paused = next(item for item in everything if item["id"] == "fictional-winter-break-group")
    assert paused["status"] == "paused" and paused["status_note"] == "Resumes in spring"


def test_each_listing_is_in_its_kinds_file_only(files: dict[str, bytes], fictional_catalog: Catalog) -> None:
    # One copy of each listing: no all-kinds file repeats the three (api/v1/listings.json is gone).
    assert "api/v1/listings.json" not in files
    published = sorted((x.kind, x.id) for x in fictional_catalog.listings if x.status != "closed")
    assert sorted((item["kind"], item["id"]) for item in _everything(files)) == published
    for folder, kind in (("groups", "group"), ("advocates", "advocate"), ("training", "training")):
        data = _load(files, f"api/v1/{folder}.json")
        assert {item["kind"] for item in data["listings"]} == {kind}
        # One address, the full one (as in the CSV files): no site-relative copy beside it.
        assert all(item["url"] == f"https://example.org/{folder}/{item['id']}/" for item in data["listings"])
        assert not any("absolute_url" in item for item in data["listings"])


def test_items_are_the_validated_data_and_labels_are_said_once(files: dict[str, bytes]) -> None:
    groups = {item["id"]: item for item in _load(files, "api/v1/groups.json")["listings"]}
    circle = groups["fictional-evening-circle"]
    assert circle["name"] == QUOTED_NAME
    assert circle["meetings"][0]["start_time"] == "18:30" and circle["meetings"][0]["end_time"] == "20:00"
    assert circle["meetings"][2]["starts_on"] == "2026-01-07"
    # What its codes mean is said once: labels in vocabularies.json, names in organizations.json.
    assert "labels" not in circle and circle["topics"] == ["grief", "depression"]
    terms = _load(files, "api/v1/vocabularies.json")["vocabularies"]
    assert {t: terms["topics"]["terms"][t]["label"] for t in circle["topics"]} == {"depression": "Depression", "grief": "Grief and bereavement"}
    assert terms["joining"]["terms"][circle["joining"]["method"]]["label"] == "Just turn up"
    organizations = {org["id"]: org["name"] for org in _load(files, "api/v1/organizations.json")["organizations"]}
    assert organizations[circle["organization"]] == "Fictional Evening Trust"
    assert circle["joining"]["meeting_link"] == "https://meet.example.org/fictional-circle"


def test_a_programmes_group_finder_is_published(files: dict[str, bytes]) -> None:
    groups = {item["id"]: item for item in _load(files, "api/v1/groups.json")["listings"]}
    assert groups["fictional-no-times"]["find_a_group"] == "https://local-groups.example.org/find-a-group/"
    assert "find_a_group" not in groups["fictional-evening-circle"]


def test_no_meeting_link_when_given_on_request(files: dict[str, bytes]) -> None:
    groups = {item["id"]: item for item in _load(files, "api/v1/groups.json")["listings"]}
    peers = groups["fictional-online-peers"]
    assert peers["joining"]["link_on_request"] is True
    assert "meeting_link" not in peers["joining"]


def test_data_part_validates_against_the_published_schemas(files: dict[str, bytes]) -> None:
    schemas = {name: _load(files, f"api/v1/schema/{name}.schema.json") for name in ("group", "advocate", "training", "organization")}
    for item in _everything(files):
        data = {key: value for key, value in item.items() if key not in ("kind", "url")}
        jsonschema.Draft7Validator(schemas[item["kind"]]).validate(data)
    for org in _load(files, "api/v1/organizations.json")["organizations"]:
        jsonschema.Draft7Validator(schemas["organization"]).validate(org)
    assert {p for p in files if p.startswith("api/v1/schema/")} >= {
        "api/v1/schema/group.schema.json", "api/v1/schema/advocate.schema.json", "api/v1/schema/training.schema.json",
    }


def test_vocabularies_are_published(files: dict[str, bytes], fictional_catalog: Catalog) -> None:
    data = _load(files, "api/v1/vocabularies.json")
    assert set(data["vocabularies"]) == set(fictional_catalog.vocabularies)
    assert data["vocabularies"]["topics"]["terms"]["grief"]["label"] == "Grief and bereavement"


def test_json_is_sorted_utf8(files: dict[str, bytes]) -> None:
    for path, content in files.items():
        text = bytes(content).decode("utf-8")
        data = json.loads(text)
        assert "\\u00" not in text or "\\u00" in json.dumps(data, ensure_ascii=False), path  # UTF-8, not escapes
        assert json.loads(text) == data and text.endswith("\n"), path
        # Keys sorted at every level, one record a line: the same text as re-dumping each line sorted.
        for line in text.splitlines():
            body = line.strip().rstrip(",")
            if body.startswith('"') and '": ' in body:
                body = body.split('": ', 1)[1]
            if body.startswith("{") and body.endswith("}"):
                assert body == json.dumps(json.loads(body), ensure_ascii=False, sort_keys=True, separators=(",", ":")), path


def _old_dump(record) -> dict:
    """How items were made before JSON mode: Python values, then dates and "HH:MM" times by hand."""
    def jsonable(node):
        if isinstance(node, dict):
            return {key: jsonable(value) for key, value in node.items()}
        if isinstance(node, (list, tuple)):
            return [jsonable(item) for item in node]
        if isinstance(node, dt.time):
            return node.strftime("%H:%M")
        if isinstance(node, (dt.date, dt.datetime)):
            return node.isoformat()
        return node
    return jsonable(record.model_dump(mode="python", exclude_none=True))


def test_json_mode_dumps_as_the_files_always_had_them(fictional_catalog: Catalog) -> None:
    records = [*fictional_catalog.listings, *fictional_catalog.organizations, *fictional_catalog.vocabularies.values()]
    for record in records:
        ours = dump_record(record)
        assert json.dumps(ours, sort_keys=True) == json.dumps(_old_dump(record), sort_keys=True), record
    assert any(isinstance(m.start_time, dt.time) for g in fictional_catalog.groups for m in g.meetings)


def _old_json_bytes(data) -> bytes:
    """The layout as it was written first, one string concatenation per level."""
    def compact(value) -> str:
        return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))

    def layout(value, depth: int) -> str:
        if depth >= 2 or not value or not isinstance(value, (dict, list)):
            return compact(value)
        if isinstance(value, dict):
            return "{\n" + ",\n".join(f"{compact(key)}: {layout(value[key], depth + 1)}" for key in sorted(value)) + "\n}"
        return "[\n" + ",\n".join(layout(item, 2) for item in value) + "\n]"
    return (layout(data, 0) + "\n").encode("utf-8")


SHAPES = [
    {"license": "x", "listings": [{"b": [1, "é中😀"], "a": {"z": None, "y": 1.5}}, {}, {"k": "v"}], "empty": [], "n": 0},
    [{"a": 1}, [], [{"deep": [1, 2]}], "text", None],
    {"outer": {"inner": {"deeper": [1]}, "list": [[1], {}], "empty": {}}},
    [], {}, "scalar", 3, None,
]


@pytest.mark.parametrize("data", SHAPES, ids=range(len(SHAPES)))
def test_layout_is_unchanged(data) -> None:
    assert json_bytes(data) == _old_json_bytes(data)


def test_records_encoded_once_are_laid_out_as_the_others() -> None:
    data = SHAPES[0]
    encoded = {**data, "listings": [json_text(item) for item in data["listings"]]}
    assert json_bytes(encoded) == json_bytes(data)

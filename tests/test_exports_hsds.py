"""HSDS 3.0: every exported object validates against the Open Referral JSON Schemas.

The schemas are a local copy (tests/data/hsds-3.0, CC BY-SA 4.0, Open Referral); their `$ref`s
resolve through a referencing Registry, never the network.
"""

from __future__ import annotations

import json
import re
import uuid
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from generator.contract.catalog import Catalog
from generator.exports.hsds import NAMESPACE, hsds_export, service_id, uid
from fictional import SETTINGS

SCHEMAS = Path(__file__).parent / "data" / "hsds-3.0" / "schema"
BASE = "https://hsds.invalid/schema/"  # only a name: the Registry has no retrieve, so nothing is fetched
# Where a nested object sits -> the schema of that object.
NESTED = {
    "organization": "organization", "services": "service", "service_at_locations": "service_at_location", "location": "location",
    "schedules": "schedule", "languages": "language", "cost_options": "cost_option", "service_areas": "service_area",
    "phones": "phone", "attributes": "attribute", "taxonomy_term": "taxonomy_term", "addresses": "address",
    "accessibility": "accessibility", "contacts": "contact", "funding": "funding",
}
FILES = {
    "services.json": "service", "organizations.json": "organization", "taxonomies.json": "taxonomy", "taxonomy_terms.json": "taxonomy_term",
}
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
DATE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")
HHMM = re.compile(r"^([01][0-9]|2[0-3]):[0-5][0-9]$")


def _schema(name: str) -> dict[str, Any]:
    return json.loads((SCHEMAS / f"{name}.json").read_text(encoding="utf-8"))


REGISTRY = Registry().with_resources(
    (BASE + path.name, Resource.from_contents(json.loads(path.read_text(encoding="utf-8")), default_specification=DRAFT202012))
    for path in sorted(SCHEMAS.glob("*.json")) if path.name != "openapi.json"
)


def validator(name: str) -> Draft202012Validator:
    return Draft202012Validator({"$ref": BASE + f"{name}.json"}, registry=REGISTRY, format_checker=Draft202012Validator.FORMAT_CHECKER)


VALIDATORS = {name: validator(name) for name in set(NESTED.values()) | set(FILES.values())}
PROPERTIES = {name: set(_schema(name)["properties"]) for name in VALIDATORS}
# The compiled organization schema (upstream compiled/organization.json, not copied: 3 MB) nests
# `services`; each is validated here against service.json.
PROPERTIES["organization"].add("services")


@pytest.fixture(scope="module")
def files(fictional_catalog: Catalog) -> dict[str, Any]:
    raw = hsds_export(fictional_catalog, SETTINGS)
    assert set(raw) == {f"api/v1/hsds/{name}" for name in [*FILES, "index.json"]}
    return {path.removeprefix("api/v1/hsds/"): json.loads(bytes(content)) for path, content in raw.items()}


def _check(obj: dict[str, Any], name: str, seen: dict[str, set[str]], where: str) -> int:
    """Validate one object and everything nested in it; returns how many were checked."""
    errors = [f"{where}: {e.json_path}: {e.message}" for e in VALIDATORS[name].iter_errors(obj)]
    assert not errors, "\n".join(errors)
    unknown = set(obj) - PROPERTIES[name]
    assert not unknown, f"{where}: {name} has no fields {sorted(unknown)}"
    for key, value in obj.items():
        if key == "id" or key.endswith("_id"):
            assert str(uuid.UUID(value)) == value, f"{where}.{key}"
        if key in ("url", "website", "uri", "term_uri", "schedule_link"):
            assert value.startswith(("https://", "http://")), f"{where}.{key}"
        if key in ("dtstart", "until", "valid_from", "valid_to", "assured_date"):
            assert DATE.match(value), f"{where}.{key}"
        if key in ("opens_at", "closes_at"):
            assert HHMM.match(value), f"{where}.{key}"
        if key == "last_modified":
            assert DATE_TIME.match(value), f"{where}.{key}"
    seen.setdefault(name, set()).add(obj["id"])
    count = 1
    for key, value in obj.items():
        if key in NESTED:
            for index, child in enumerate(value if isinstance(value, list) else [value]):
                count += _check(child, NESTED[key], seen, f"{where}.{key}[{index}]")
    return count


def test_every_object_validates(files: dict[str, Any]) -> None:
    seen: dict[str, set[str]] = {}
    checked = 0
    for file_name, name in FILES.items():
        assert isinstance(files[file_name], list) and files[file_name]
        ids = [obj["id"] for obj in files[file_name]]
        assert len(ids) == len(set(ids)), file_name
        for index, obj in enumerate(files[file_name]):
            checked += _check(obj, name, seen, f"{file_name}[{index}]")
    assert checked > 150
    assert {"service", "organization", "location", "service_at_location", "schedule", "language", "cost_option",
            "service_area", "attribute", "taxonomy_term", "taxonomy", "address", "phone", "accessibility"} <= set(seen)


def test_the_validators_do_reject_bad_objects() -> None:
    assert list(VALIDATORS["location"].iter_errors({"id": str(uuid.uuid4()), "location_type": "online"}))
    assert list(VALIDATORS["service"].iter_errors({"id": "not-a-uuid", "name": "x", "status": "active"}))
    bad_schedule = {"id": str(uuid.uuid4()), "freq": "DAILY"}
    assert list(VALIDATORS["service"].iter_errors({"id": str(uuid.uuid4()), "name": "x", "status": "active", "schedules": [bad_schedule]}))


def test_services_validate_against_the_compiled_schema(files: dict[str, Any]) -> None:
    compiled = json.loads((SCHEMAS / "compiled" / "service_with_definitions.json").read_text(encoding="utf-8"))
    check = Draft202012Validator(compiled, format_checker=Draft202012Validator.FORMAT_CHECKER)
    for service in files["services.json"]:
        assert not list(check.iter_errors(service)), service["name"]


def test_one_service_per_published_listing(files: dict[str, Any], fictional_catalog: Catalog) -> None:
    services = {s["id"]: s for s in files["services.json"]}
    published = [x for x in fictional_catalog.listings if x.status != "closed"]
    assert set(services) == {service_id(x) for x in published}
    paused = services[service_id(next(x for x in fictional_catalog.groups if x.id == "fictional-winter-break-group"))]
    assert paused["status"] == "temporarily closed" and paused["alert"] == "Resumes in spring"


def test_ids_are_stable(fictional_catalog: Catalog) -> None:
    circle = next(g for g in fictional_catalog.groups if g.id == "fictional-evening-circle")
    assert service_id(circle) == str(uuid.uuid5(uuid.uuid5(uuid.NAMESPACE_URL,
                                    "https://github.com/peer-support-directory/peer-support-directory#hsds"),
                                    "service/groups/fictional-evening-circle"))


def test_group_details(files: dict[str, Any], fictional_catalog: Catalog) -> None:
    circle = next(g for g in fictional_catalog.groups if g.id == "fictional-evening-circle")
    service = next(s for s in files["services.json"] if s["id"] == service_id(circle))
    # The organisation by id, once in organizations.json (not copied into each of its services).
    assert "organization" not in service
    assert {o["id"]: o["name"] for o in files["organizations.json"]}[service["organization_id"]] == "Fictional Evening Trust"
    schedules = service["schedules"]
    assert [(s["freq"], s["interval"], s["byday"]) for s in schedules] == [("WEEKLY", 1, "TU,TH"), ("MONTHLY", 1, "1SA,-1SA"), ("WEEKLY", 2, "WE")]
    assert (schedules[0]["opens_at"], schedules[0]["closes_at"], schedules[0]["dtstart"]) == ("18:30", "20:00", "2026-03-03")
    assert "Europe/London" in schedules[0]["description"]
    assert schedules[0]["schedule_link"] == "https://example.org/groups/fictional-evening-circle.ics"
    assert schedules[2]["dtstart"] == "2026-01-07"
    kinds = {link["location"]["location_type"] for link in service["service_at_locations"]}
    assert kinds == {"physical", "virtual"}
    physical = next(link["location"] for link in service["service_at_locations"] if link["location"]["location_type"] == "physical")
    assert physical["addresses"][0]["state_province"] == "England"
    assert [lang["code"] for lang in service["languages"]] == ["en", "es"]
    # Attributes name their term by id; the terms are in taxonomy_terms.json, once.
    codes = {term["id"]: term["code"] for term in files["taxonomy_terms.json"]}
    assert all("taxonomy_term" not in a for a in service["attributes"])
    assert {a["taxonomy_term_id"] for s in files["services.json"] for a in s["attributes"]} <= set(codes)
    terms = {(a["link_type"], codes[a["taxonomy_term_id"]]) for a in service["attributes"]}
    assert {("listing_kind", "group"), ("topic", "grief"), ("audience", "women"), ("attendance", "online")} <= terms


def test_a_programmes_group_finder_is_in_its_application_process(files: dict[str, Any], fictional_catalog: Catalog) -> None:
    programme = next(g for g in fictional_catalog.groups if g.id == "fictional-no-times")
    service = next(s for s in files["services.json"] if s["id"] == service_id(programme))
    assert service["application_process"].endswith("Find a local group or meeting: https://local-groups.example.org/find-a-group/")
    assert service["url"] == "https://local-groups.example.org/"
    paused = next(g for g in fictional_catalog.groups if g.id == "fictional-winter-break-group")
    schedules = next(s for s in files["services.json"] if s["id"] == service_id(paused))["schedules"]
    assert schedules and all("schedule_link" not in s for s in schedules)  # its calendar is not published


def test_no_link_when_given_on_request(files: dict[str, Any]) -> None:
    text = json.dumps(files)
    assert "meet.example.org/fictional-circle" in text
    peers = next(s for s in files["services.json"] if s["name"] == "Fictional Online Peers")
    virtual = peers["service_at_locations"][0]["location"]
    assert virtual["location_type"] == "virtual" and "url" not in virtual
    assert "given on request" in virtual["description"]


def test_organisations(files: dict[str, Any]) -> None:
    names = [o["name"] for o in files["organizations.json"]]
    # The directory's organisation, and the groups that run themselves; a person is never an organisation.
    assert "Fictional Evening Trust" in names and "Fictional Online Peers" in names and "Fictional Voices" not in names
    network = next(o for o in files["organizations.json"] if o["name"] == "Fictional Evening Trust")
    assert {s["name"] for s in network["services"]} == {
        'Fictional Evening Circle </script> "quoted", comma', "Fictional Collective", "Fictional Forty-Hour Peer Course"}


def test_index(files: dict[str, Any]) -> None:
    assert files["index.json"]["license"] == "CC BY 4.0" and files["index.json"]["version"] == "3.0"


def test_ids_are_uuid5_of_the_path() -> None:
    # uid() builds the text of uuid5 itself, for speed; it must be exactly the standard one.
    names = [("service", "groups", "fictional-evening-circle"), ("attribute", str(uuid.uuid4()), "topics", "grief"),
             ("language", "groups", "x", "zh-Hant-TW"), ("service_area", "groups", "é中😀", "GB-LND"), ("",)]
    names += [("schedule", "groups", f"fictional-{i}", str(i)) for i in range(200)]
    for parts in names:
        assert uid(*parts) == str(uuid.uuid5(NAMESPACE, "/".join(parts))), parts


def _nested_parent_ids(obj: Any, parent: str | None = None) -> list[str]:
    """Where an object nested in another names its parent's id (it should not: the nesting says it)."""
    found = []
    if isinstance(obj, dict):
        for key in ("service_id", "link_id", "link_entity", "location_id", "organization_id"):
            if parent is not None and obj.get(key) == parent:
                found.append(key)
        for key, value in obj.items():
            if key in NESTED:
                found += _nested_parent_ids(value, obj.get("id"))
    elif isinstance(obj, list):
        for item in obj:
            found += _nested_parent_ids(item, parent)
    return found


def test_nested_objects_leave_out_their_parents_id(files: dict[str, Any]) -> None:
    for name in ("services.json", "organizations.json"):
        for record in files[name]:
            assert not _nested_parent_ids(record), (name, record["id"])
    attributes = [a for s in files["services.json"] for a in s["attributes"]]
    assert attributes and all(set(a) == {"id", "link_type", "taxonomy_term_id"} for a in attributes)
    # A nested link has its location inside (no location_id), a nested location is its service's
    # organisation's (no organization_id); what points elsewhere stays: a service names its organisation.
    links = [link for s in files["services.json"] for link in s.get("service_at_locations", [])]
    assert links and all(set(link) == {"id", "location"} for link in links)
    assert not any("organization_id" in link["location"] for link in links)
    # An organisation's services say what HSDS requires of a service; the rest is in services.json.
    services = [service for o in files["organizations.json"] for service in o["services"]]
    assert services and all(set(service) == {"id", "name", "status"} for service in services)
    organizations = {o["id"] for o in files["organizations.json"]}
    assert all(s["organization_id"] in organizations for s in files["services.json"] if "organization_id" in s)


def test_locations_are_nested_in_their_service_only(files: dict[str, Any]) -> None:
    """As HSDS 3.0's API gives a service (/services/{id}): its locations inside its
    service_at_locations. No flat locations.json or service_at_locations.json repeats them."""
    assert "locations.json" not in files and "service_at_locations.json" not in files
    assert set(files["index.json"]["files"]) == {"services", "organizations", "taxonomies", "taxonomy_terms"}
    links = [link for service in files["services.json"] for link in service.get("service_at_locations", [])]
    kinds = {link["location"]["location_type"] for link in links}
    assert kinds == {"physical", "virtual"}
    ids = [link["location"]["id"] for link in links]
    assert len(ids) == len(set(ids)), "each location once"


def test_streamed_files_are_written_in_pieces_equal_to_their_bytes(fictional_catalog: Catalog, tmp_path: Path) -> None:
    from generator.build.products import Streamed, write_file_bytes

    raw = hsds_export(fictional_catalog, SETTINGS)
    assert isinstance(raw["api/v1/hsds/services.json"], Streamed)
    for path, content in raw.items():
        write_file_bytes(str(tmp_path), path, content)
        assert (tmp_path / path).read_bytes() == bytes(content) == bytes(content)  # made afresh, the same

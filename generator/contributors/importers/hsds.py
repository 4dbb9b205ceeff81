"""`peerdir import hsds`: an HSDS 3.0 export as our own api/v1/hsds/ publishes it (the folder, or
its services.json: services in the compiled form, nested but for their organisation and terms) as group and training
listings.

Read from each service: the listing kind, topics, audiences and attendance from its attributes
(taxonomy term codes); name; description (the first paragraph is the summary, the rest the
description); status (and alert as the status note); url as the website; email and the first
phone as contact; languages (the BCP 47 tag from a note, else the code); the cost option (its
label in the cost vocabulary) and its amount; application_process (joining way, instructions,
group finder); ages; assured_date as the review date; schedules as meetings (the zone named in
the description) or training cohorts; locations as the venue (or its town) and the online link;
service areas as countries and regions; accreditations as a training's credential and
jurisdictions; and the organisation (nested in the service, or named by `organization_id` in the
organizations.json beside services.json), when the folder has one of that name. HSDS has no field for
an advocate's platforms or listing basis, so advocates are reported as not mapped.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from generator.contract.formats import FIND_A_GROUP, HSDS_STATUS, NOT_TAKING_NEW_MEMBERS
from generator.contract.models import Vocabulary
from generator.contributors.importers import hsds_parts
from generator.contributors.importers.common import (
    Imported, Record, SourceError, Unmapped, is_url, listed, make_id, parse_json, read_source, text_of, type_of,
)
from generator.kinds import BY_CODE

STATUSES = {value: key for key, value in HSDS_STATUS.items()}
_JURISDICTION = re.compile(r"^(.*) \(([A-Z]{2})(-[A-Z0-9]{1,3})?\)(?: (.+))?$")


NO_TIMES = "The times are not in the data this listing was imported from; ask the group or see its website."


def _services(source: str, label: str) -> tuple[list[Any], str]:
    if not is_url(source) and Path(source).is_dir():
        source = str(Path(source) / "services.json")
        label = f"{label}/services.json"
    data = parse_json(read_source(source), label)
    if isinstance(data, dict) and isinstance(data.get("contents"), list):  # an HSDS page of results
        data = data["contents"]
    if not isinstance(data, list):
        raise SourceError(f"{label}: HSDS services are a list of service objects, not {type_of(data)}")
    return data, label


def _labels(vocabularies: dict[str, Vocabulary], name: str) -> dict[str, str]:
    vocabulary = vocabularies.get(name)
    return {term.label.casefold(): code for code, term in vocabulary.terms.items()} if vocabulary else {}


def _sibling(source: str, name: str) -> Any:
    """The parsed file `name` beside services.json (our export's folder), or None when there is
    none or it cannot be read."""
    if is_url(source):
        sibling = source.rsplit("/", 1)[0] + "/" + name
    else:
        path = Path(source)
        sibling = str((path if path.is_dir() else path.parent) / name)
        if not Path(sibling).is_file():
            return None
    try:
        return parse_json(read_source(sibling), sibling)
    except SourceError:
        return None


def _term_codes(source: str) -> dict[str, str]:
    """Term id -> code from the export's taxonomy_terms.json beside services.json: an attribute may
    name its term by `taxonomy_term_id` alone (ours do). Empty when there is no such file."""
    terms = _sibling(source, "taxonomy_terms.json")
    return {str(t["id"]): str(t["code"]) for t in listed(terms) if isinstance(t, dict) and text_of(t.get("id")) and text_of(t.get("code"))}


def _organization_names(source: str) -> dict[str, str]:
    """Organisation id -> name from organizations.json beside services.json: a service may name
    its organisation by `organization_id` alone (ours do) rather than nest it. Empty without it."""
    organizations = _sibling(source, "organizations.json")
    return {str(o["id"]): str(o["name"]) for o in listed(organizations)
            if isinstance(o, dict) and text_of(o.get("id")) and text_of(o.get("name"))}


def _terms(service: dict[str, Any], term_codes: dict[str, str]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for attribute in listed(service.get("attributes")):
        if not isinstance(attribute, dict):
            continue
        term = attribute.get("taxonomy_term")
        code = text_of(term.get("code")) if isinstance(term, dict) else term_codes.get(str(attribute.get("taxonomy_term_id")))
        if code:
            found.setdefault(str(attribute.get("link_type")), []).append(code)
    return found


def _common(service: dict[str, Any], terms: dict[str, list[str]]) -> dict[str, Any] | str:
    data: dict[str, Any] = {"name": text_of(service.get("name"))}
    description = text_of(service.get("description")) or ""
    summary, _, rest = description.partition("\n\n")
    data["summary"] = summary.strip()
    if rest.strip():
        data["description"] = rest.strip()
    if text_of(service.get("url")):
        data["website"] = service["url"].strip()
    for key, link_type in (("topics", "topic"), ("audiences", "audience")):
        if terms.get(link_type):
            data[key] = terms[link_type]
    languages = []
    for language in listed(service.get("languages")):
        if isinstance(language, dict):
            note = text_of(language.get("note")) or ""
            tag = note.removeprefix("BCP 47: ") if note.startswith("BCP 47: ") else text_of(language.get("code"))
            if tag:
                languages.append(tag)
    if languages:
        data["languages"] = languages
    status = STATUSES.get(str(service.get("status")))
    if status is None:
        return f"its status {service.get('status')!r} is not one of {', '.join(STATUSES)}"
    data["status"] = status
    if text_of(service.get("alert")):
        data["status_note"] = service["alert"].strip()
    if text_of(service.get("assured_date")):
        data["last_reviewed"] = service["assured_date"].strip()[:10]
    return data


def _contact(service: dict[str, Any]) -> dict[str, Any]:
    contact: dict[str, Any] = {}
    if text_of(service.get("email")):
        contact["email"] = service["email"].strip()
    phones = [p for p in listed(service.get("phones")) if isinstance(p, dict) and text_of(p.get("number"))]
    if phones:
        contact["phone"] = phones[0]["number"].strip()
    return contact


def _cost(service: dict[str, Any], vocabularies: dict[str, Vocabulary]) -> dict[str, Any] | None:
    options = [o for o in listed(service.get("cost_options")) if isinstance(o, dict)]
    kind = _labels(vocabularies, "cost").get((text_of(options[0].get("option")) or "").casefold()) if options else None
    if kind is None:
        return None
    cost: dict[str, Any] = {"kind": kind}
    if text_of(options[0].get("amount_description")):
        cost["note"] = options[0]["amount_description"].strip()
    return cost


def _areas(service: dict[str, Any]) -> tuple[list[str], list[str]]:
    countries: list[str] = []
    regions: list[str] = []
    for item in listed(service.get("service_areas")):
        found = hsds_parts.area(str(item.get("name") or "")) if isinstance(item, dict) else None
        if found and found[0] == "country" and found[1] not in countries:
            countries.append(found[1])
        elif found and found[1] not in regions:
            regions.append(found[1])
    return countries, regions


def _group(service: dict[str, Any], data: dict[str, Any], terms: dict[str, list[str]], vocabularies: dict[str, Vocabulary]) -> str | None:
    data["attendance"] = terms.get("attendance", [])
    modes = _labels(vocabularies, "attendance")
    process = text_of(service.get("application_process")) or ""
    process, _, finder = process.partition(FIND_A_GROUP.strip())
    label, _, instructions = process.strip().partition(": ")
    joining: dict[str, Any] = {}
    method = _labels(vocabularies, "joining").get(label.strip().casefold())
    if method:
        joining["method"] = method
    if instructions.strip():
        joining["instructions"] = instructions.strip()
    if finder.strip():
        data["find_a_group"] = finder.strip()
    meetings = []
    for schedule in listed(service.get("schedules")):
        found = hsds_parts.meeting(schedule, modes) if isinstance(schedule, dict) else "a schedule is not an object"
        if isinstance(found, str):
            return found
        if len(data["attendance"]) == 1:
            found.pop("attendance", None)
        meetings.append(found)
    data["meetings"] = meetings
    if not meetings:
        data["schedule_note"] = NO_TIMES
    location = None
    accessibility: list[str] = []
    for link in listed(service.get("service_at_locations")):
        where = link.get("location") if isinstance(link, dict) else None
        if not isinstance(where, dict):
            continue
        if where.get("location_type") == "physical":
            location = hsds_parts.place(where)
            if isinstance(location, str):
                return location
            accessibility += hsds_parts.accessibility(where)
        elif where.get("location_type") == "virtual":
            joining.update(hsds_parts.virtual(where))
    data["joining"] = joining
    if location:
        data["location"] = location
    if accessibility:
        data["accessibility"] = accessibility
    countries, regions = _areas(service)
    if location:
        countries = [c for c in countries if c != location["country"]]
        regions = [r for r in regions if r != location.get("region")]
    if countries or regions:
        served: dict[str, Any] = {"countries": sorted(set(countries) | {r.split("-")[0] for r in regions})}
        if regions:
            served["regions"] = regions
        data["area_served"] = served
    for key, field in (("minimum_age", "min_age"), ("maximum_age", "max_age")):
        if type(service.get(key)) is int:
            data[field] = service[key]
    if NOT_TAKING_NEW_MEMBERS in str(service.get("eligibility_description") or ""):
        data["new_members"] = False
    return None


def _training(service: dict[str, Any], data: dict[str, Any], terms: dict[str, list[str]], organization: str | None) -> None:
    data["format"] = terms.get("attendance", [])
    if organization:
        data["provider"] = organization
    credential, _, rest = (text_of(service.get("accreditations")) or "").partition(": ")
    if credential:
        data["credential"] = credential
    jurisdictions = []
    for part in rest.split("; ") if rest else []:
        found = _JURISDICTION.match(part)
        if found:
            jurisdiction = {"country": found.group(2), "certifying_body": found.group(1)}
            if found.group(3):
                jurisdiction["region"] = found.group(2) + found.group(3)
            if found.group(4):
                jurisdiction["counts_towards"] = found.group(4)
            jurisdictions.append(jurisdiction)
    data["jurisdictions"] = jurisdictions
    countries, _ = _areas(service)
    taught = [c for c in countries if c not in {j["country"] for j in jurisdictions}]
    if taught:
        data["taught_in"] = taught
    if type(service.get("minimum_age")) is int:
        data.setdefault("prerequisites", {})["min_age"] = service["minimum_age"]
    if "Lived experience required" in str(service.get("eligibility_description") or ""):
        data.setdefault("prerequisites", {})["lived_experience"] = True
    cohorts = [hsds_parts.cohort(s, {}) for s in listed(service.get("schedules")) if isinstance(s, dict)]
    data["cohorts"] = [c for c in cohorts if c]


def read_hsds(source: str, label: str, organizations: dict[str, str], vocabularies: dict[str, Vocabulary]) -> Imported:
    term_codes = _term_codes(source)
    organization_names: dict[str, str] | None = None  # read when a service names its organisation by id alone
    services, label = _services(source, label)
    imported = Imported(label)
    for index, service in enumerate(services):
        where = f"service {index}"
        if not isinstance(service, dict):
            imported.unmapped.append(Unmapped(where, f"is {type_of(service)}, not a service object"))
            continue
        if text_of(service.get("name")) is None:
            imported.unmapped.append(Unmapped(where, "has no name"))
            continue
        where += f" ({service['name'].strip()})"
        if any(isinstance(a, dict) and not isinstance(a.get("taxonomy_term"), dict) and str(a.get("taxonomy_term_id")) not in term_codes
               for a in listed(service.get("attributes"))):
            imported.unmapped.append(Unmapped(where, "its attributes name their terms by id, and no taxonomy_terms.json "
                                                     "beside services.json says which terms those are"))
            continue
        terms = _terms(service, term_codes)
        kind = (terms.get("listing_kind") or ["group"])[0]
        listing_kind = BY_CODE.get(kind)
        if listing_kind is None or not listing_kind.listing or kind == "advocate":
            reason = ("HSDS has no field for an advocate's platforms or listing basis; add it with the csv template"
                      if kind == "advocate" else f"its listing kind '{kind}' is not one of ours")
            imported.unmapped.append(Unmapped(where, reason))
            continue
        data = _common(service, terms)
        if isinstance(data, str):
            imported.unmapped.append(Unmapped(where, data))
            continue
        org = service.get("organization") if isinstance(service.get("organization"), dict) else {}
        org_name = text_of(org.get("name"))
        if org_name is None and text_of(service.get("organization_id")):
            if organization_names is None:
                organization_names = _organization_names(source)
            org_name = organization_names.get(str(service["organization_id"]))
        organization = organizations.get(org_name.casefold()) if org_name else None
        contact = _contact(service)
        if kind == "group":
            problem = _group(service, data, terms, vocabularies)
            if problem:
                imported.unmapped.append(Unmapped(where, problem))
                continue
            if organization:
                data["organization"] = organization
        else:
            _training(service, data, terms, organization or (make_id(org_name) if org_name else None))
        cost = _cost(service, vocabularies)
        if cost:
            data["cost"] = cost
        if contact:
            data["contact"] = contact
        imported.records.append(Record(listing_kind.folder, where, data, str(service.get("id") or "")))
    return imported

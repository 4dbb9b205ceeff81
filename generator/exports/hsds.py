"""HSDS 3.0 (Open Referral Human Services Data Specification) export, under api/v1/hsds/.

services.json              one service per active or paused listing, in the compiled form of the
                           HSDS `service` schema: service_at_locations (with their location),
                           schedules, languages, cost_options, service_areas, phones and
                           attributes (taxonomy terms: listing kind, topics, audiences,
                           attendance) nested inside; its organisation by `organization_id`
                           (the record is in organizations.json, once: not copied into each of
                           the organisation's services); an attribute names its term
                           by `taxonomy_term_id` (the term itself is in taxonomy_terms.json, once,
                           not copied into each of the services' attributes: that copy was three
                           quarters of the file)
organizations.json         directory organisations, plus one per group without a host
                           organisation (the group runs itself) and per organisation-advocate
                           without an organisation file; each lists its services (id, name,
                           status: the rest is in services.json)
taxonomies.json            the four taxonomies used by the attributes
taxonomy_terms.json        their terms
index.json                 what the files are, the version and the licence

An object nested in another leaves out its parent's id (a service's schedules, languages,
phones... have no `service_id`, its attributes no `link_id` or `link_entity`, a location's
address no `location_id`): the nesting says it, and those repeated ids were a fifth of
services.json. So does a nested service_at_location (no `location_id`: its location is inside)
and a nested location (no `organization_id`: its service's). Ids that point elsewhere (a
service's `organization_id`, `taxonomy_term_id`) stay.

Locations are only nested in their service (service_at_locations[].location), as HSDS 3.0's API
gives a service (`/services/{id}`, the compiled service schema); the API has no list of
locations, and its list of service_at_locations holds only the ids that the nesting already
says. Earlier builds also wrote locations.json and service_at_locations.json, those two again
(15.7 MB at 50,000 listings).

Every id is a UUID v5 from a fixed namespace and the record's path (kind, listing id, part), so
ids stay the same from build to build. Paused listings are services with status "temporarily
closed"; closed listings are left out. HSDS keeps schedule times with a fixed UTC offset
(`timezone` is a number), which cannot follow daylight saving: schedules give opens_at/closes_at
as the meeting's local wall time and name its IANA zone in `description`; each links to the
group's iCalendar file, which has the full rule with the zone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

import langcodes

from generator.contract.catalog import Catalog
from generator.contract.formats import FIND_A_GROUP, HSDS_STATUS, NOT_TAKING_NEW_MEMBERS
from generator.kinds import LISTING_KINDS
from generator.exports.common import (
    API, ATTRIBUTION, LICENSE, LICENSE_URL, JsonText, absolute, each_exported, json_bytes, json_list_pieces, json_text, page_url,
)
from generator.contract.models import Advocate, Group, Listing, Organization, Training
from generator.pages.presentation import region_name
from generator.build.products import BuildSettings, FileContent, Streamed
from generator.exports.hsds_ids import NAMESPACE  # noqa: F401 (the namespace of its ids: part of this module's interface)
from generator.exports.hsds_ids import _country_name, _folder, _stamp, service_id, uid
from generator.exports.hsds_places import (
    _cohort_schedules, _locations, _schedule, _service_at_location,
)

HSDS = f"{API}hsds/"
STATUS = HSDS_STATUS
TAXONOMIES: dict[str, tuple[str, str]] = {
    "kinds": ("Peer Support Directory listing kinds", "The kinds of listing: support group, advocate, training."),
    "topics": ("Peer Support Directory topics", "What a listing is about."),
    "audiences": ("Peer Support Directory audiences", "Who a listing is for."),
    "attendance": ("Peer Support Directory attendance modes", "How people take part: in person, online, hybrid, by phone."),
}
KIND_TERMS = {kind.code: (kind.term, kind.definition) for kind in LISTING_KINDS}
TERM_PAGES = {"topics": "topics", "audiences": "audiences", "attendance": "attendance"}


# --- taxonomies -----------------------------------------------------------------------------


def taxonomy(key: str, settings: BuildSettings) -> dict[str, Any]:
    name, description = TAXONOMIES[key]
    record = {"id": uid("taxonomy", key), "name": name, "description": description, "version": "1"}
    if settings.site_url:
        record["uri"] = absolute(settings, "data/")
    return record


def _terms_of(catalog: Catalog, key: str) -> dict[str, tuple[str, str]]:
    if key == "kinds":
        return KIND_TERMS
    vocabulary = catalog.vocabularies[key]
    return {term: (value.label, value.description) for term, value in vocabulary.terms.items()}


def taxonomy_term(catalog: Catalog, key: str, term: str, settings: BuildSettings) -> dict[str, Any]:
    name, description = _terms_of(catalog, key)[term]
    record = {
        "id": uid("taxonomy_term", key, term),
        "code": term,
        "name": name,
        "description": description,
        "taxonomy": TAXONOMIES[key][0],
        "taxonomy_id": uid("taxonomy", key),
        "language": "en",
    }
    if key in TERM_PAGES and settings.site_url:
        record["term_uri"] = absolute(settings, f"{TERM_PAGES[key]}/{term}/")
    return record


_LINK_TYPES = {"kinds": "listing_kind", "topics": "topic", "audiences": "audience", "attendance": "attendance"}
Terms = dict[tuple[str, str], dict[str, Any]]  # taxonomy term records by (taxonomy, term)


def taxonomy_terms(catalog: Catalog, settings: BuildSettings) -> Terms:
    """Every term of every taxonomy, in file order."""
    return {(key, term): taxonomy_term(catalog, key, term, settings) for key in TAXONOMIES for term in sorted(_terms_of(catalog, key))}


def _attribute(terms: Terms, owner: str, key: str, term: str) -> dict[str, Any]:
    """An attribute nested in its service: `link_id` and `link_entity` (the service) left out."""
    return {"id": uid("attribute", owner, key, term), "link_type": _LINK_TYPES[key], "taxonomy_term_id": terms[(key, term)]["id"]}


def _service_attributes(terms: Terms, listing: Listing, owner: str) -> list[dict[str, Any]]:
    pairs = [("kinds", listing.kind)] + [("topics", t) for t in listing.topics] + [("audiences", a) for a in listing.audiences]
    if isinstance(listing, Group):
        pairs += [("attendance", a) for a in listing.attendance]
    elif isinstance(listing, Training):
        pairs += [("attendance", f) for f in listing.format]
    return [_attribute(terms, owner, key, term) for key, term in pairs]


# --- organisations --------------------------------------------------------------------------


def organization_record(org: Organization) -> dict[str, Any]:
    org_id = uid("organization", org.id)
    record: dict[str, Any] = {"id": org_id, "name": org.name, "description": org.summary, "website": org.website}
    if org.contact and org.contact.email:
        record["email"] = org.contact.email
    if org.contact and org.contact.phone:
        record["phones"] = [{"id": uid("phone", "organization", org.id), "number": org.contact.phone}]
    return record


def _synthetic_organization(listing: Group | Advocate, settings: BuildSettings) -> dict[str, Any]:
    """A group without a host organisation runs itself; an organisation-advocate is its own organisation."""
    record: dict[str, Any] = {
        "id": uid("organization", _folder(listing), listing.id),
        "name": listing.name,
        "description": listing.summary,
    }
    website = listing.website or page_url(settings, listing)
    if website.startswith(("https://", "http://")):
        record["website"] = website
    contact = getattr(listing, "contact", None)
    if contact and contact.email:
        record["email"] = contact.email
    return record


@dataclass(frozen=True)
class _Shared:
    """Records that many services embed, built once per export rather than once per service."""

    terms: Terms
    organizations: dict[str, dict[str, Any]]  # directory organisations' records by organisation id


def _shared(catalog: Catalog, settings: BuildSettings) -> _Shared:
    return _Shared(taxonomy_terms(catalog, settings), {org.id: organization_record(org) for org in catalog.organizations})


def _organization_of(shared: _Shared, listing: Listing, settings: BuildSettings) -> dict[str, Any] | None:
    if isinstance(listing, Training):
        org_id = listing.provider
    elif isinstance(listing, Group) or listing.entity == "organization":
        org_id = listing.organization
        if org_id not in shared.organizations:
            return _synthetic_organization(listing, settings)
    else:
        return None  # a person is not an organisation
    return shared.organizations.get(org_id)


# --- services -------------------------------------------------------------------------------


def _areas(listing: Listing) -> list[tuple[str, str]]:
    """(kind, code) of the countries and regions a listing serves."""
    countries = list(listing.countries)
    regions = list(listing.regions)
    covered = {r.split("-")[0] for r in regions}
    return [("region", r) for r in regions] + [("country", c) for c in countries if c not in covered]


@cache
def _language(tag: str) -> tuple[str, str]:
    """The English name and the ISO 639 code of a BCP 47 tag."""
    language = langcodes.Language.get(tag)
    return language.display_name("en"), language.language or tag


def _languages(listing: Listing) -> list[dict[str, Any]]:
    found = []
    for tag in listing.languages:
        name, code = _language(tag)
        record = {
            "id": uid("language", _folder(listing), listing.id, tag),
            "name": name,
            "code": code,
        }
        if tag != record["code"]:
            record["note"] = f"BCP 47: {tag}"
        found.append(record)
    return found


def _fees(catalog: Catalog, listing: Group | Training) -> str:
    text = catalog.label("cost", listing.cost.kind)
    if listing.cost.note:
        text += f": {listing.cost.note}"
    if isinstance(listing, Training) and listing.funding:
        text += ". Funding or scholarships: " + "; ".join(listing.funding)
    return text


def _eligibility(catalog: Catalog, listing: Listing) -> str:
    parts = ["For: " + ", ".join(catalog.label("audiences", a) for a in listing.audiences)]
    if isinstance(listing, Training) and listing.prerequisites:
        p = listing.prerequisites
        if p.lived_experience:
            parts.append("Lived experience required")
        if p.education:
            parts.append(p.education)
        parts.extend(p.other)
    if isinstance(listing, Group) and not listing.new_members:
        parts.append(NOT_TAKING_NEW_MEMBERS)
    return ". ".join(parts) + "."


def service_record(
    catalog: Catalog, listing: Listing, settings: BuildSettings, shared: _Shared,
) -> tuple[dict[str, Any], dict[str, Any] | None, list[dict[str, Any]]]:
    """The service, its organisation and its locations."""
    sid = service_id(listing)
    organization = _organization_of(shared, listing, settings)
    description = listing.summary + (f"\n\n{listing.description}" if listing.description else "")
    record: dict[str, Any] = {
        "id": sid,
        "name": listing.name,
        "description": description,
        "status": STATUS[listing.status],
        "eligibility_description": _eligibility(catalog, listing),
        "assured_date": listing.last_reviewed.isoformat(),
        "last_modified": _stamp(listing.last_reviewed),
        "languages": _languages(listing),
        "attributes": _service_attributes(shared.terms, listing, sid),
    }
    url = _service_url(listing, settings)
    if url:
        record["url"] = url
    if organization is not None:
        record["organization_id"] = organization["id"]  # the organisation itself: organizations.json
    if listing.status_note:
        record["alert"] = listing.status_note
    contact = getattr(listing, "contact", None)
    if contact and contact.email:
        record["email"] = contact.email
    if contact and contact.phone:
        record["phones"] = [{"id": uid("phone", _folder(listing), listing.id), "number": contact.phone}]
    areas = _areas(listing)
    if areas:
        record["service_areas"] = [
            {"id": uid("service_area", _folder(listing), listing.id, code),
             "name": region_name(code) if kind == "region" else _country_name(code)}
            for kind, code in areas
        ]
    locations: list[dict[str, Any]] = []
    if isinstance(listing, (Group, Training)):
        record["fees_description"] = _fees(catalog, listing)
        record["cost_options"] = [{
            "id": uid("cost_option", _folder(listing), listing.id),
            "option": catalog.label("cost", listing.cost.kind),
            **({"amount_description": listing.cost.note} if listing.cost.note else {}),
        }]
    if isinstance(listing, Group):
        joining = catalog.label("joining", listing.joining.method)
        record["application_process"] = joining + (f": {listing.joining.instructions}" if listing.joining.instructions else "")
        if listing.find_a_group:  # HSDS has no field for a programme's own group finder: say where it is
            record["application_process"] += f"{FIND_A_GROUP}{listing.find_a_group}"
        if listing.min_age is not None:
            record["minimum_age"] = listing.min_age
        if listing.max_age is not None:
            record["maximum_age"] = listing.max_age
        record["schedules"] = [_schedule(catalog, listing, i, settings) for i in range(len(listing.meetings))]
        locations = _locations(listing)
    if isinstance(listing, Training):
        record["accreditations"] = listing.credential + ": " + "; ".join(
            " ".join(filter(None, [j.certifying_body, f"({j.region or j.country})", j.counts_towards])) for j in listing.jurisdictions)
        if listing.prerequisites and listing.prerequisites.min_age is not None:
            record["minimum_age"] = listing.prerequisites.min_age
        record["schedules"] = _cohort_schedules(listing)
    if locations:
        record["service_at_locations"] = [_service_at_location(listing, loc) for loc in locations]
    return record, organization, locations


def _service_url(listing: Listing, settings: BuildSettings) -> str | None:
    url = listing.website or (listing.platforms[0].url if isinstance(listing, Advocate) else page_url(settings, listing))
    return url if url.startswith(("https://", "http://")) else None


# Each listing's part of each file is made on its own (a clean build makes each once), and while
# serving is kept until the listing changes (common.each_exported).


def _services(catalog: Catalog, settings: BuildSettings, shared: _Shared) -> Iterator[JsonText]:
    return each_exported("hsds.service", catalog, lambda listing: json_text(service_record(catalog, listing, settings, shared)[0]))


def _owner(listing: Listing, settings: BuildSettings, shared: _Shared) -> tuple[dict[str, Any], dict[str, Any]] | None:
    """The organisation that runs the listing, and the listing's service as the organisation lists it."""
    organization = _organization_of(shared, listing, settings)
    if organization is None:
        return None
    # What HSDS requires of a service (id, name, status): the rest is in services.json, once.
    return organization, {"id": service_id(listing), "name": listing.name, "status": STATUS[listing.status]}


def _organizations(catalog: Catalog, settings: BuildSettings, shared: _Shared) -> list[dict[str, Any]]:
    """Every organisation, by name, each with the services it runs (id, name, status)."""
    organizations = {record["id"]: record for record in shared.organizations.values()}
    owned: dict[str, list[dict[str, Any]]] = {}
    for found in each_exported("hsds.owner", catalog, lambda listing: _owner(listing, settings, shared)):
        if found is not None:
            organization, summary = found
            organizations.setdefault(organization["id"], organization)
            owned.setdefault(organization["id"], []).append(summary)
    return [{**organization, "services": sorted(owned.get(org_id, []), key=lambda s: s["id"])}
            for org_id, organization in sorted(organizations.items(), key=lambda item: (item[1]["name"].casefold(), item[0]))]


def hsds_export(catalog: Catalog, settings: BuildSettings) -> dict[str, FileContent]:
    """The HSDS files. The two large ones are Streamed: each is made record by record as it is
    written, one after the other (at 50,000 listings, services.json alone is over 100 MB)."""
    shared = _shared(catalog, settings)
    index = {
        "version": "3.0",
        "profile": "https://docs.openreferral.org/en/latest/hsds/",
        "license": LICENSE,
        "license_url": LICENSE_URL,
        "attribution": ATTRIBUTION,
        "generated": settings.now.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "files": {
            "services": "services.json",
            "organizations": "organizations.json",
            "taxonomies": "taxonomies.json",
            "taxonomy_terms": "taxonomy_terms.json",
        },
    }
    return {
        f"{HSDS}index.json": json_bytes(index),
        f"{HSDS}services.json": Streamed(lambda: json_list_pieces(_services(catalog, settings, shared))),
        f"{HSDS}organizations.json": Streamed(lambda: json_list_pieces(_organizations(catalog, settings, shared))),
        f"{HSDS}taxonomies.json": json_bytes([taxonomy(key, settings) for key in TAXONOMIES]),
        f"{HSDS}taxonomy_terms.json": json_bytes(list(shared.terms.values())),
    }

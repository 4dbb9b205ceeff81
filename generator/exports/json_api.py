"""The JSON API: every published listing, one file per kind, organisations, vocabularies, schemas.

api/v1/<kind>.json           the active and paused listings of one kind (groups, advocates, training)
api/v1/organizations.json    host organisations and training providers
api/v1/vocabularies.json     the controlled vocabularies, with labels and descriptions
api/v1/schema/*.schema.json  JSON Schemas of the listing files (the data part of each item)

Each listing is the listing file as validated (times as "HH:MM", dates as YYYY-MM-DD, empty
optional fields left out) plus `kind`, `url` (the page, site-relative), `absolute_url` when the
site address is known, and `labels`: the display label of every vocabulary term it uses.

Each listing is in one file only, its kind's: api/v1/listings.json, which repeated the three
files in full (81 MB at 50,000 listings, of a site that must stay under 1,000), is no longer written.
"""

from __future__ import annotations

from typing import Any

from generator.contract.catalog import Catalog
from generator.kinds import FOLDER_OF_KIND
from generator.exports.common import API, KIND_FOLDERS, exported_listings, json_bytes, json_records_pieces, json_text, licence_header, page_path
from generator.contract.json_schema import all_schemas
from generator.contract.models import Advocate, Group, Listing, Training
from generator.build.products import BuildSettings, FileContent, Streamed, per_record


def dump_record(record: Any) -> dict[str, Any]:
    # pydantic's JSON mode writes dates as YYYY-MM-DD and times as "HH:MM" (LocalTime's serializer).
    return record.model_dump(mode="json", exclude_none=True)


def _terms_used(listing: Listing) -> list[tuple[str, str]]:
    used = [("topics", t) for t in listing.topics] + [("audiences", a) for a in listing.audiences]
    if isinstance(listing, Group):
        used += [("attendance", a) for a in listing.attendance]
        used += [("attendance", m.attendance) for m in listing.meetings if m.attendance]
        used += [("facilitation", listing.facilitation), ("cost", listing.cost.kind), ("joining", listing.joining.method)]
    elif isinstance(listing, Advocate):
        used += [("platforms", p.platform) for p in listing.platforms] + [("listing_basis", listing.listing_basis)]
    elif isinstance(listing, Training):
        used += [("credential_types", listing.credential_type), ("cost", listing.cost.kind)]
        used += [("attendance", f) for f in listing.format] + [("attendance", c.format) for c in listing.cohorts if c.format]
    return used


def listing_labels(catalog: Catalog, listing: Listing) -> dict[str, dict[str, str]]:
    labels: dict[str, dict[str, str]] = {}
    for vocabulary, term in _terms_used(listing):
        labels.setdefault(vocabulary, {})[term] = catalog.label(vocabulary, term)
    org_id = getattr(listing, "organization", None) or getattr(listing, "provider", None)
    org = catalog.organization(org_id)
    if org is not None:
        labels["organizations"] = {org.id: org.name}
    return {key: dict(sorted(value.items())) for key, value in sorted(labels.items())}


def listing_item(catalog: Catalog, listing: Listing, settings: BuildSettings) -> dict[str, Any]:
    item = dump_record(listing)
    item["kind"] = listing.kind
    item["url"] = page_path(listing)
    if settings.site_url:
        item["absolute_url"] = settings.site_url + page_path(listing)
    item["labels"] = listing_labels(catalog, listing)
    if isinstance(listing, Group) and listing.joining.link_on_request:
        item["joining"].pop("meeting_link", None)  # the model forbids it; never publish one anyway
    return item


def json_api(catalog: Catalog, settings: BuildSettings) -> dict[str, FileContent]:
    header = licence_header(settings)
    listings = exported_listings(catalog)
    files: dict[str, FileContent] = {}
    for folder in KIND_FOLDERS:
        # Streamed: each listing is encoded as the file is written (groups.json is 49 MB at 50,000).
        of_kind = [listing for listing in listings if FOLDER_OF_KIND[listing.kind] == folder]
        files[f"{API}{folder}.json"] = Streamed(lambda of_kind=of_kind: json_records_pieces(
            header, "listings", (per_record("json.item", listing, lambda listing=listing: json_text(listing_item(catalog, listing, settings)))
                                 for listing in of_kind)))
    organizations = [dump_record(org) for org in catalog.organizations]
    files[f"{API}organizations.json"] = json_bytes({**header, "organizations": organizations})
    vocabularies = {name: dump_record(vocabulary) for name, vocabulary in sorted(catalog.vocabularies.items())}
    files[f"{API}vocabularies.json"] = json_bytes({**header, "vocabularies": vocabularies})
    for name, text in all_schemas(catalog.vocabularies).items():
        files[f"{API}schema/{name}"] = text.encode("utf-8")
    return files

"""The JSON API: every published listing, one file per kind, organisations, vocabularies, schemas.

api/v1/<kind>.json           the active and paused listings of one kind (groups, advocates, training)
api/v1/organizations.json    host organisations and training providers
api/v1/vocabularies.json     the controlled vocabularies, with labels and descriptions
api/v1/schema/*.schema.json  JSON Schemas of the listing files (the data part of each item)

Each listing is the listing file as validated (times as "HH:MM", dates as YYYY-MM-DD, empty
optional fields left out) plus `kind` and `url`: its page's full address (site-relative only in a
build without a site address, a local preview), as in the CSV files and the HSDS export.

What a listing's codes mean is said once, not in each listing: vocabulary terms' labels in
vocabularies.json, organisations' names in organizations.json. (Earlier builds gave each listing
`labels`, those labels again, 16 MB at 50,000 listings, and both a site-relative `url` and an
`absolute_url`.)

Each listing is in one file only, its kind's: api/v1/listings.json, which repeated the three
files in full (81 MB at 50,000 listings, of a site that must stay under 1,000), is no longer written.
"""

from __future__ import annotations

from typing import Any

from generator.contract.catalog import Catalog
from generator.kinds import FOLDER_OF_KIND
from generator.exports.common import API, KIND_FOLDERS, exported_listings, json_bytes, json_records_pieces, json_text, licence_header, page_url
from generator.contract.json_schema import all_schemas
from generator.contract.models import Group, Listing
from generator.build.products import BuildSettings, FileContent, Streamed, per_record


def dump_record(record: Any) -> dict[str, Any]:
    # pydantic's JSON mode writes dates as YYYY-MM-DD and times as "HH:MM" (LocalTime's serializer).
    return record.model_dump(mode="json", exclude_none=True)


def listing_item(listing: Listing, settings: BuildSettings) -> dict[str, Any]:
    item = dump_record(listing)
    item["kind"] = listing.kind
    item["url"] = page_url(settings, listing)
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
            header, "listings", (per_record("json.item", listing, lambda listing=listing: json_text(listing_item(listing, settings)))
                                 for listing in of_kind)))
    organizations = [dump_record(org) for org in catalog.organizations]
    files[f"{API}organizations.json"] = json_bytes({**header, "organizations": organizations})
    vocabularies = {name: dump_record(vocabulary) for name, vocabulary in sorted(catalog.vocabularies.items())}
    files[f"{API}vocabularies.json"] = json_bytes({**header, "vocabularies": vocabularies})
    for name, text in all_schemas(catalog.vocabularies).items():
        files[f"{API}schema/{name}"] = text.encode("utf-8")
    return files

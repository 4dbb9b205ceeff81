"""Helpers shared by the page producers: URLs, sort orders, the review banner, edit links."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import yaml

from generator.contract.catalog import Catalog
from generator.kinds import FOLDER_OF_KIND
from generator.contract.models import Listing
from generator.build.products import BuildSettings
from generator.contract.staleness import months_between

# libyaml's emitter: the pure-Python one costs milliseconds a listing.
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
URL_LIMIT = 7000  # GitHub refuses much longer /issues/new URLs


def page_path(listing: Any) -> str:
    """The site-relative URL of a record's page, e.g. 'groups/grief-circle-leeds/'."""
    return f"{FOLDER_OF_KIND[listing.kind]}/{listing.id}/"


def src_uri(listing: Any) -> str:
    return f"{FOLDER_OF_KIND[listing.kind]}/{listing.id}.md"


def repo_path(catalog: Catalog, listing: Any) -> str:
    return f"{catalog.root.name}/{FOLDER_OF_KIND[listing.kind]}/{listing.id}.yml"


def absolute_url(settings: BuildSettings, path: str) -> str:
    return settings.site_url + path if settings.site_url else path


def sort_key(listing: Listing) -> tuple:
    return (listing.status != "active", listing.name.casefold(), listing.id)


def browsable(listings: list[Listing]) -> list[Listing]:
    """Closed listings leave the browse pages (their own page stays, so old links work)."""
    return sorted((item for item in listings if item.status != "closed"), key=sort_key)


@dataclass(frozen=True)
class Review:
    date: dt.date
    months: int
    stale: bool


def review(listing: Any, settings: BuildSettings) -> Review:
    months = months_between(listing.last_reviewed, settings.now.date())
    return Review(listing.last_reviewed, months, months >= settings.stale_months)


def _current_text(catalog: Catalog, listing: Any) -> str:
    """The listing file as written (comments included), or its data when the file is gone."""
    source = catalog.source_of(listing)
    if source.path is not None:
        try:
            return source.path.read_text(encoding="utf-8")
        except OSError:
            pass
    data = listing.model_dump(mode="json", exclude_none=True, exclude_defaults=True)
    return yaml.dump({"id": listing.id, **data}, Dumper=_DUMPER, sort_keys=False, allow_unicode=True, width=100)


# urlencode() with quote_plus, one table lookup per byte: the standard library quotes byte by
# byte in Python, and every listing page carries its whole file in its "Suggest an edit" link.
_FORM_BYTES = [
    chr(b) if chr(b) in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-~" else "+" if b == 0x20 else f"%{b:02X}"
    for b in range(256)
]


def form_encode(params: dict[str, str]) -> str:
    """The same string as urllib.parse.urlencode(params) for text keys and values."""
    quote = _FORM_BYTES.__getitem__
    return "&".join(
        "".join(map(quote, key.encode("utf-8"))) + "=" + "".join(map(quote, value.encode("utf-8")))
        for key, value in params.items()
    )


def suggest_edit_url(catalog: Catalog, listing: Any, settings: BuildSettings) -> str | None:
    """A new-issue link to the update form, pre-filled with the listing id and its current data."""
    if not settings.repo_url:
        return None
    current = _current_text(catalog, listing)
    base = f"{settings.repo_url}/issues/new?"
    params = {"template": "update-listing.yml", "title": f"Update: {listing.name} ({listing.id})", "listing": listing.id}
    url = base + form_encode({**params, "current": current})
    if len(url) > URL_LIMIT:
        note = f"(Too long to pre-fill: see {repo_path(catalog, listing)})"
        url = base + form_encode({**params, "current": note})
    return url

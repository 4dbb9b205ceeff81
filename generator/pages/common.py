"""Helpers shared by the page producers: URLs, sort orders, the review banner, edit links."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

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


def current_file(catalog: Catalog, listing: Any) -> tuple[str, str]:
    """(the listing file as written, comments included; its git blob id), or (its data, "") when
    the file is gone. The blob id names this version in the repository's history, so the update
    form can apply only what the contributor changed (contributors/forms/update.py)."""
    source = catalog.source_of(listing)
    if source.path is not None:
        try:
            raw = source.path.read_bytes()
            return raw.decode("utf-8"), hashlib.sha1(b"blob %d\0" % len(raw) + raw).hexdigest()
        except (OSError, UnicodeDecodeError):
            pass
    data = listing.model_dump(mode="json", exclude_none=True, exclude_defaults=True)
    return yaml.dump({"id": listing.id, **data}, Dumper=_DUMPER, sort_keys=False, allow_unicode=True, width=100), ""


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


def suggest_edit_url(catalog: Catalog, listing: Any, settings: BuildSettings, current: tuple[str, str] | None = None) -> str | None:
    """A new-issue link to the update form, pre-filled with the listing id, its current data and version."""
    if not settings.repo_url:
        return None
    current_text, version = current or current_file(catalog, listing)
    base = f"{settings.repo_url}/issues/new?"
    params = {"template": "update-listing.yml", "title": f"Update: {listing.name} ({listing.id})", "listing": listing.id, "version": version}
    url = base + form_encode({**params, "current": current_text})
    if len(url) > URL_LIMIT:
        note = f"(Too long to pre-fill: see {repo_path(catalog, listing)})"
        url = base + form_encode({**params, "current": note})
    return url


def suggest_email_url(catalog: Catalog, listing: Any, settings: BuildSettings, current: tuple[str, str] | None = None) -> str | None:
    """A mailto: link to the maintainers (`extra.contact_email`), for people without a GitHub
    account: subject and body pre-filled with the listing's id, page and current data. Every
    part is percent-encoded (RFC 6068), so contributed text cannot add headers or recipients."""
    if not settings.contact_email:
        return None
    current_text = (current or current_file(catalog, listing))[0]
    subject = f"Correction: {listing.name} ({listing.id})"
    intro = (f"Listing: {listing.id}\nPage: {absolute_url(settings, page_path(listing))}\n\n"
             "What should change, and how do you know?\n\n\n\n-- The listing as it is now --\n")
    base = f"mailto:{quote(settings.contact_email, safe='@')}?subject={quote(subject, safe='')}&body="
    url = base + quote(intro + current_text, safe="")
    if len(url) > URL_LIMIT:
        url = base + quote(intro + f"(Too long to include: see {repo_path(catalog, listing)})", safe="")
    return url

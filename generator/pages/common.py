"""Helpers shared by the page producers: URLs, sort orders, the review banner, edit links."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import yaml

from generator.contract.catalog import MODELINE, Catalog
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


def browsable(listings: Iterable[Listing], kind_order: Mapping[str, int]) -> list[Listing]:
    """What the browse pages list, in their order: by kind (`kind_order`), then active first,
    then by name. Closed listings leave them (their own page stays, so old links work)."""
    return sorted((item for item in listings if item.status != "closed"), key=lambda item: (kind_order[item.kind], *sort_key(item)))


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
# byte in Python, and every listing page is checked against the link's length limit.
_FORM_BYTES = [
    chr(b) if chr(b) in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-~" else "+" if b == 0x20 else f"%{b:02X}"
    for b in range(256)
]


# Bytes that stay one character when encoded: form_encode's (a space becomes "+") and quote's
# with safe="" (a space becomes "%20"). Every other byte becomes three ("%XX").
_FORM_KEPT = bytes(b for b in range(256) if _FORM_BYTES[b] == chr(b) or b == 0x20)
_QUOTE_KEPT = _FORM_KEPT.replace(b" ", b"")


def encoded_length(text: str, kept: bytes) -> int:
    """len(form_encode's or quote's encoding of `text`) without making it: every listing page
    checks its links against URL_LIMIT, and most are far below it (bytes.translate runs in C)."""
    raw = text.encode("utf-8")
    return len(raw) + 2 * len(raw.translate(None, kept))


def form_encode(params: dict[str, str]) -> str:
    """The same string as urllib.parse.urlencode(params) for text keys and values."""
    quote = _FORM_BYTES.__getitem__
    return "&".join(
        "".join(map(quote, key.encode("utf-8"))) + "=" + "".join(map(quote, value.encode("utf-8")))
        for key, value in params.items()
    )


@dataclass(frozen=True)
class Suggestion:
    """A correction link as a listing page carries it. `href` works without JavaScript: the
    update form with the listing's id and version, or an e-mail whose subject is "Correction:"
    and the listing's id, but not its details. In the browser, directory.js completes it from
    the page, giving exactly `full`, what suggest_edit_url and suggest_email_url return:
    - `title` (not on the page: directory.js writes it from the page's `<h1>`, the listing's
      name, and its address, the id): the form's `title=` or the e-mail's whole subject;
    - `before` (not on the page either): an e-mail's opening lines (the listing's id and page,
      the question) and heading for the listing's details, from the page's address;
    - `appended`: the listing's file, which the page carries once for both links (without its
      editor's schema line, see listing_text), or `note` when the file would make the link too
      long; encoded as the link's kind says (`form`: a last `current=` parameter, like
      form_encode; `mail`: the body, like quote).
    So a page holds the file once, as text, instead of twice percent-encoded, and names the
    listing in its links only by its id, which the form and the e-mail need without JavaScript."""

    kind: str  # "form" or "mail"
    href: str
    appended: str
    note: str | None  # what is appended instead of the file, when the file is too long
    before: str = ""  # not on the page: directory.js knows it (an e-mail's opening lines, from the page's address)
    title: str = ""  # not on the page: directory.js writes it (the form's title, the e-mail's subject)

    @property
    def full(self) -> str:
        if self.kind == "form":
            return self.href + "&" + form_encode({"title": self.title, "current": self.before + self.appended})
        address = self.href.split("?", 1)[0]
        return f"{address}?subject={quote(self.title, safe='')}&body={quote(self.before + self.appended, safe='')}"

    @property
    def full_length(self) -> int:
        """len(self.full), without encoding the file."""
        if self.kind == "form":
            return (len(self.href) + len("&title=") + encoded_length(self.title, _FORM_KEPT)
                    + len("&current=") + encoded_length(self.before + self.appended, _FORM_KEPT))
        return (len(self.href.split("?", 1)[0]) + len("?subject=") + encoded_length(self.title, _QUOTE_KEPT)
                + len("&body=") + encoded_length(self.before + self.appended, _QUOTE_KEPT))


def listing_text(catalog: Catalog, listing: Any, current: tuple[str, str] | None = None) -> tuple[str, str]:
    """current_file() with its line breaks as a browser reads them from the page (LF only), and
    without its first line when that is the schema line for editors (`# yaml-language-server:
    $schema=...`, which every file has): it is no data, the update form merges by data
    (contributors/forms/update.py), and the file keeps it."""
    text, version = current or current_file(catalog, listing)
    text = text.replace("\r\n", "\n")
    if text.startswith(MODELINE):
        text = text.partition("\n")[2]
    return text, version


def suggest_edit(catalog: Catalog, listing: Any, settings: BuildSettings, current: tuple[str, str] | None = None) -> Suggestion | None:
    """The new-issue link to the update form, pre-filled with the listing id, its version and its current data."""
    if not settings.repo_url:
        return None
    current_text, version = listing_text(catalog, listing, current)
    params = {"template": "update-listing.yml", "listing": listing.id, "version": version}
    title = f"Update: {listing.name} ({listing.id})"
    suggestion = Suggestion("form", f"{settings.repo_url}/issues/new?" + form_encode(params), current_text, None, title=title)
    if suggestion.full_length > URL_LIMIT:
        note = f"(Too long to pre-fill: see {repo_path(catalog, listing)})"
        suggestion = Suggestion("form", suggestion.href, note, note, title=title)
    return suggestion


def suggest_email(catalog: Catalog, listing: Any, settings: BuildSettings, current: tuple[str, str] | None = None) -> Suggestion | None:
    """A mailto: link to the maintainers (`extra.contact_email`), for people without a GitHub
    account: subject and body pre-filled with the listing's id, page and current data. Every
    part is percent-encoded (RFC 6068), so contributed text cannot add headers or recipients."""
    if not settings.contact_email:
        return None
    current_text = listing_text(catalog, listing, current)[0]
    # As directory.js writes them (suggestLinks): the page's name, id and address are the page's own.
    title = f"Correction: {listing.name} ({listing.id})"
    before = (f"Listing: {listing.id}\nPage: {absolute_url(settings, page_path(listing))}\n\n"
              "What should change, and how do you know?\n\n\n\n-- The listing as it is now --\n")
    href = f"mailto:{quote(settings.contact_email, safe='@')}?subject={quote(f'Correction: {listing.id}', safe='')}"
    suggestion = Suggestion("mail", href, current_text, None, before, title)
    if suggestion.full_length > URL_LIMIT:
        note = f"(Too long to include: see {repo_path(catalog, listing)})"
        suggestion = Suggestion("mail", href, note, note, before, title)
    return suggestion


def suggest_edit_url(catalog: Catalog, listing: Any, settings: BuildSettings, current: tuple[str, str] | None = None) -> str | None:
    """The "Suggest an edit" address as the browser completes it (see Suggestion)."""
    suggestion = suggest_edit(catalog, listing, settings, current)
    return suggestion.full if suggestion else None


def suggest_email_url(catalog: Catalog, listing: Any, settings: BuildSettings, current: tuple[str, str] | None = None) -> str | None:
    """The "E-mail a correction" address as the browser completes it (see Suggestion)."""
    suggestion = suggest_email(catalog, listing, settings, current)
    return suggestion.full if suggestion else None

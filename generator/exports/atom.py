"""feed.xml: an Atom feed (RFC 4287) of the listings added or reviewed most recently.

The 50 active or paused listings with the latest `last_reviewed` (then by id); each entry's
`updated` is that date at 00:00Z and its id a tag: URI that stays the same for the listing. Built
with xml.etree.ElementTree, so all contributed text is escaped by the serializer.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

from generator.contract.catalog import Catalog
from generator.kinds import FOLDER_OF_KIND, LISTING_KINDS
from generator.exports.common import ATTRIBUTION, LICENSE, LICENSE_URL, absolute, exported_listings, page_url
from generator.contract.models import Listing
from generator.build.products import BuildSettings

ATOM_NS = "http://www.w3.org/2005/Atom"
FEED_PATH = "feed.xml"
ENTRIES = 50
TAG_DATE = "2026"  # the year the project first published the feed; part of every entry id
KIND_TITLES = {kind.code: kind.singular for kind in LISTING_KINDS}


def _authority(settings: BuildSettings) -> str:
    return urlsplit(settings.site_url).hostname or "peer-support-directory"


def entry_id(settings: BuildSettings, listing: Listing) -> str:
    return f"tag:{_authority(settings)},{TAG_DATE}:{FOLDER_OF_KIND[listing.kind]}/{listing.id}"


def _stamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def recent(catalog: Catalog) -> list[Listing]:
    listings = sorted(exported_listings(catalog), key=lambda x: x.id)
    return sorted(listings, key=lambda x: x.last_reviewed, reverse=True)[:ENTRIES]


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM_NS}}}{tag}", attrs)
    if text is not None:
        element.text = text
    return element


def atom_feed(catalog: Catalog, settings: BuildSettings) -> dict[str, bytes]:
    entries = recent(catalog)
    feed = ET.Element(f"{{{ATOM_NS}}}feed")
    _sub(feed, "title", "Peer Support Directory: new and reviewed listings")
    _sub(feed, "subtitle", "Peer support groups, advocates and training, as they are added or reviewed.")
    _sub(feed, "id", f"tag:{_authority(settings)},{TAG_DATE}:feed")
    updated = _stamp(entries[0].last_reviewed) if entries else settings.now.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    _sub(feed, "updated", updated)
    _sub(feed, "link", rel="self", type="application/atom+xml", href=absolute(settings, FEED_PATH))
    _sub(feed, "link", rel="alternate", type="text/html", href=settings.site_url or "./")
    _sub(feed, "link", rel="license", href=LICENSE_URL)
    author = _sub(feed, "author")
    _sub(author, "name", ATTRIBUTION)
    _sub(feed, "rights", f"{LICENSE}, {ATTRIBUTION} ({LICENSE_URL})")
    _sub(feed, "generator", "Peer Support Directory")
    for listing in entries:
        entry = _sub(feed, "entry")
        _sub(entry, "title", listing.name, type="text")
        _sub(entry, "id", entry_id(settings, listing))
        _sub(entry, "updated", _stamp(listing.last_reviewed))
        _sub(entry, "link", rel="alternate", type="text/html", href=page_url(settings, listing))
        _sub(entry, "category", term=listing.kind, label=KIND_TITLES[listing.kind])
        for topic in listing.topics:
            _sub(entry, "category", term=topic, label=catalog.label("topics", topic), scheme=absolute(settings, "topics/"))
        summary = listing.summary if listing.status == "active" else f"[{listing.status.capitalize()}] {listing.summary}"
        _sub(entry, "summary", summary, type="text")
    ET.register_namespace("", ATOM_NS)
    ET.indent(feed)
    xml = ET.tostring(feed, encoding="utf-8", xml_declaration=True, short_empty_elements=True)
    return {FEED_PATH: xml + b"\n"}

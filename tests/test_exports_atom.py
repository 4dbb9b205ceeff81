"""feed.xml: a well-formed Atom feed whose contributed text is escaped."""

from __future__ import annotations

import dataclasses
import xml.etree.ElementTree as ET

from generator.contract.catalog import Catalog
from generator.exports.atom import ENTRIES, atom_feed
from fictional import QUOTED_NAME, SETTINGS

A = "{http://www.w3.org/2005/Atom}"


def _group(catalog: Catalog, group_id: str):
    return next(group for group in catalog.groups if group.id == group_id)


def _feed(fictional_catalog: Catalog) -> ET.Element:
    content = atom_feed(fictional_catalog, SETTINGS)["feed.xml"]
    assert content.startswith(b"<?xml version='1.0' encoding='utf-8'?>")
    return ET.fromstring(content)


def test_feed_is_atom(fictional_catalog: Catalog) -> None:
    feed = _feed(fictional_catalog)
    assert feed.tag == f"{A}feed"
    assert feed.findtext(f"{A}id") == "tag:example.org,2026:feed"
    assert feed.findtext(f"{A}updated") == "2026-10-20T00:00:00Z"  # the newest review of a published listing
    assert feed.find(f"{A}link[@rel='self']").get("href") == "https://example.org/feed.xml"
    assert feed.findtext(f"{A}author/{A}name") == "Peer Support Directory contributors"
    assert "CC BY 4.0" in feed.findtext(f"{A}rights")


def test_entries_newest_review_first_then_id(fictional_catalog: Catalog) -> None:
    entries = _feed(fictional_catalog).findall(f"{A}entry")
    keys = [(e.findtext(f"{A}updated"), e.findtext(f"{A}id")) for e in entries]
    assert keys == sorted(keys, key=lambda key: (-int(key[0][:10].replace("-", "")), key[1].rsplit("/", 1)[1]))
    ids = [key[1] for key in keys]
    # Same review day: by id.
    assert ids.index("tag:example.org,2026:advocates/fictional-collective") + 1 == ids.index("tag:example.org,2026:advocates/fictional-voices")
    # Closed listings are not in the feed; paused ones are, marked.
    assert not any("closed-group" in i or "former-monday-group" in i for i in ids)
    published = [x for x in fictional_catalog.listings if x.status != "closed"]
    assert len(entries) == len(published)
    circle = entries[ids.index("tag:example.org,2026:groups/fictional-evening-circle")]
    assert circle.findtext(f"{A}title") == QUOTED_NAME
    assert circle.findtext(f"{A}updated") == "2026-02-20T00:00:00Z"
    assert circle.find(f"{A}link").get("href") == "https://example.org/groups/fictional-evening-circle/"
    paused = entries[ids.index("tag:example.org,2026:groups/fictional-winter-break-group")]
    assert paused.findtext(f"{A}summary").startswith("[Paused] ")


def test_at_most_fifty_entries(fictional_catalog: Catalog) -> None:
    many = dataclasses.replace(fictional_catalog, groups=[
        _group(fictional_catalog, "fictional-evening-circle").model_copy(update={"id": f"fictional-copy-{i:03d}"}) for i in range(ENTRIES + 5)
    ])
    assert len(_feed(many).findall(f"{A}entry")) == ENTRIES


def test_markup_in_summary_is_escaped(fictional_catalog: Catalog) -> None:
    # The model refuses tags in a summary; the feed must be safe even so.
    hostile = _group(fictional_catalog, "fictional-evening-circle").model_copy(update={"summary": "Ends here </summary><script>alert(1)</script> & more"})
    content = atom_feed(dataclasses.replace(fictional_catalog, groups=[hostile], advocates=[], training=[]), SETTINGS)["feed.xml"]
    assert b"<script>" not in content and b"</summary><script>" not in content
    assert b"&lt;/summary&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in content
    entry = ET.fromstring(content).find(f"{A}entry")
    assert entry.findtext(f"{A}summary") == "Ends here </summary><script>alert(1)</script> & more"

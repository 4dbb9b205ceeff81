"""feed.xml: a well-formed Atom feed whose contributed text is escaped."""

from __future__ import annotations

import dataclasses
import xml.etree.ElementTree as ET

from generator.contract.catalog import Catalog
from generator.exports.atom import ENTRIES, atom_feed
from fictional_exports import HOSTILE_NAME, SETTINGS

A = "{http://www.w3.org/2005/Atom}"


def _feed(export_catalog: Catalog) -> ET.Element:
    content = atom_feed(export_catalog, SETTINGS)["feed.xml"]
    assert content.startswith(b"<?xml version='1.0' encoding='utf-8'?>")
    return ET.fromstring(content)


def test_feed_is_atom(export_catalog: Catalog) -> None:
    feed = _feed(export_catalog)
    assert feed.tag == f"{A}feed"
    assert feed.findtext(f"{A}id") == "tag:example.org,2026:feed"
    assert feed.findtext(f"{A}updated") == "2026-02-25T00:00:00Z"
    assert feed.find(f"{A}link[@rel='self']").get("href") == "https://example.org/feed.xml"
    assert feed.findtext(f"{A}author/{A}name") == "Peer Support Directory contributors"
    assert "CC BY 4.0" in feed.findtext(f"{A}rights")


def test_entries_newest_review_first_then_id(export_catalog: Catalog) -> None:
    entries = _feed(export_catalog).findall(f"{A}entry")
    ids = [e.findtext(f"{A}id") for e in entries]
    assert ids == [
        "tag:example.org,2026:groups/fictional-online-peers",
        "tag:example.org,2026:groups/fictional-evening-circle",
        "tag:example.org,2026:advocates/fictional-collective",  # same day as fictional-voices: by id
        "tag:example.org,2026:advocates/fictional-voices",
        "tag:example.org,2026:training/fictional-peer-course",
        "tag:example.org,2026:groups/fictional-paused-group",
        "tag:example.org,2026:groups/fictional-no-times",
    ]  # the closed group (reviewed most recently) is not in the feed
    circle = entries[1]
    assert circle.findtext(f"{A}title") == HOSTILE_NAME
    assert circle.findtext(f"{A}updated") == "2026-02-20T00:00:00Z"
    assert circle.find(f"{A}link").get("href") == "https://example.org/groups/fictional-evening-circle/"
    assert entries[5].findtext(f"{A}summary").startswith("[Paused] ")


def test_at_most_fifty_entries(export_catalog: Catalog) -> None:
    many = dataclasses.replace(export_catalog, groups=[
        export_catalog.groups[1].model_copy(update={"id": f"fictional-copy-{i:03d}"}) for i in range(ENTRIES + 5)
    ])
    assert len(_feed(many).findall(f"{A}entry")) == ENTRIES


def test_markup_in_summary_is_escaped(export_catalog: Catalog) -> None:
    # The model refuses tags in a summary; the feed must be safe even so.
    hostile = export_catalog.groups[1].model_copy(update={"summary": "Ends here </summary><script>alert(1)</script> & more"})
    content = atom_feed(dataclasses.replace(export_catalog, groups=[hostile]), SETTINGS)["feed.xml"]
    assert b"<script>" not in content and b"</summary><script>" not in content
    assert b"&lt;/summary&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in content
    entry = ET.fromstring(content).find(f"{A}entry")
    assert entry.findtext(f"{A}summary") == "Ends here </summary><script>alert(1)</script> & more"

"""feed.xml: a well-formed Atom feed whose contributed text is escaped."""

from __future__ import annotations

import dataclasses
import xml.etree.ElementTree as ET

from generator.contract.catalog import Catalog
from generator.exports.atom import ENTRIES, atom_feed
from test_exports_catalog import HOSTILE_NAME, SETTINGS, catalog  # noqa: F401

A = "{http://www.w3.org/2005/Atom}"


def _feed(catalog: Catalog) -> ET.Element:  # noqa: F811
    content = atom_feed(catalog, SETTINGS)["feed.xml"]
    assert content.startswith(b"<?xml version='1.0' encoding='utf-8'?>")
    return ET.fromstring(content)


def test_feed_is_atom(catalog: Catalog) -> None:  # noqa: F811
    feed = _feed(catalog)
    assert feed.tag == f"{A}feed"
    assert feed.findtext(f"{A}id") == "tag:example.org,2026:feed"
    assert feed.findtext(f"{A}updated") == "2026-02-25T00:00:00Z"
    assert feed.find(f"{A}link[@rel='self']").get("href") == "https://example.org/feed.xml"
    assert feed.findtext(f"{A}author/{A}name") == "Peer Support Directory contributors"
    assert "CC BY 4.0" in feed.findtext(f"{A}rights")


def test_entries_newest_review_first_then_id(catalog: Catalog) -> None:  # noqa: F811
    entries = _feed(catalog).findall(f"{A}entry")
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


def test_at_most_fifty_entries(catalog: Catalog) -> None:  # noqa: F811
    many = dataclasses.replace(catalog, groups=[
        catalog.groups[1].model_copy(update={"id": f"fictional-copy-{i:03d}"}) for i in range(ENTRIES + 5)
    ])
    assert len(_feed(many).findall(f"{A}entry")) == ENTRIES


def test_markup_in_summary_is_escaped(catalog: Catalog) -> None:  # noqa: F811
    # The model refuses tags in a summary; the feed must be safe even so.
    hostile = catalog.groups[1].model_copy(update={"summary": "Ends here </summary><script>alert(1)</script> & more"})
    content = atom_feed(dataclasses.replace(catalog, groups=[hostile]), SETTINGS)["feed.xml"]
    assert b"<script>" not in content and b"</summary><script>" not in content
    assert b"&lt;/summary&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in content
    entry = ET.fromstring(content).find(f"{A}entry")
    assert entry.findtext(f"{A}summary") == "Ends here </summary><script>alert(1)</script> & more"

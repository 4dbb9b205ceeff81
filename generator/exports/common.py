"""What the exporters share: the licence, which listings are published, URLs and encoders."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

from generator.contract.catalog import Catalog
from generator.contract.models import Group, Listing
from generator.contract.models.meeting import Meeting
from generator.build.products import BuildSettings, per_record
from generator.kinds import FOLDER_OF_KIND, LISTING_FOLDERS

LICENSE = "CC BY 4.0"
LICENSE_URL = "https://creativecommons.org/licenses/by/4.0/"
ATTRIBUTION = "Peer Support Directory contributors"
API = "api/v1/"
EXPORTED_STATUSES = ("active", "paused")
KIND_FOLDERS = LISTING_FOLDERS
T = TypeVar("T")


def exported(listings: list[Listing]) -> list[Listing]:
    """Active and paused listings, by kind then id; closed ones leave every export."""
    return sorted((item for item in listings if item.status in EXPORTED_STATUSES), key=lambda item: (FOLDER_OF_KIND[item.kind], item.id))


def exported_listings(catalog: Catalog) -> list[Listing]:
    return exported(catalog.listings)


def each_exported(name: str, catalog: Catalog, make: Callable[[Listing], T]) -> Iterator[T]:
    """`make(listing)` of each exported listing, in order: one listing's part of a file, which
    may read only that listing, the catalog's shared parts and the settings; while serving, kept
    until the listing changes (build.products.per_record; `name` says what makes it)."""
    for listing in exported_listings(catalog):
        yield per_record(name, listing, lambda listing=listing: make(listing))


def page_path(record: Any) -> str:
    """Site-relative URL of a listing's page, e.g. 'groups/grief-circle-leeds/'."""
    return f"{FOLDER_OF_KIND[record.kind]}/{record.id}/"


def absolute(settings: BuildSettings, path: str) -> str:
    """An absolute URL when the site URL is known, else the site-relative path."""
    return settings.site_url + path if settings.site_url else path


def page_url(settings: BuildSettings, record: Any) -> str:
    return absolute(settings, page_path(record))


def calendar_path(group: Group) -> str:
    return f"groups/{group.id}.ics"


def repo_path(catalog: Catalog, record: Any) -> str:
    return f"{catalog.root.name}/{FOLDER_OF_KIND[record.kind]}/{record.id}.yml"


def public_meeting_link(group: Group) -> str | None:
    """The meeting link only when the group publishes it; never when it is given on request."""
    if group.joining.link_on_request:
        return None
    return group.joining.meeting_link


def meeting_attendance(group: Group, meeting: Meeting) -> list[str]:
    """How people take part in this meeting: its own mode, or the group's."""
    return [meeting.attendance] if meeting.attendance else list(group.attendance)


def is_physical(modes: list[str]) -> bool:
    return bool({"in_person", "hybrid"} & set(modes))


def is_online(modes: list[str]) -> bool:
    return bool({"online", "hybrid"} & set(modes))


def hhmm(value: dt.time) -> str:
    return value.strftime("%H:%M")


def end_time(meeting: Meeting) -> tuple[str, bool]:
    """The end time as HH:MM and whether it falls on the next day."""
    start = meeting.start_time.hour * 60 + meeting.start_time.minute
    end = start + meeting.minutes
    return f"{(end // 60) % 24:02d}:{end % 60:02d}", end >= 24 * 60


def utc_iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def json_bytes(data: Any) -> bytes:
    """Deterministic UTF-8 JSON with one record a line, so a diff shows which records changed.

    The outer levels are laid out by hand and each record is dumped compactly: json.dumps with
    `indent` runs in pure Python, several times slower than its C encoder at thousands of records.
    Pieces are encoded one by one: a string of the whole file (tens of megabytes, two or four bytes
    a character once one is not Latin-1) would be copied at every concatenation.
    """
    parts: list[str] = []
    _layout(data, 0, parts)
    parts.append("\n")
    return b"".join([part.encode("utf-8") for part in parts])


class JsonText(str):
    """A record already encoded as compact JSON; json_bytes() and json_list_pieces() write it as it
    is. Records kept until their file is written (the Meeting Guide's meetings, sorted by slug
    once all are made) are kept encoded: a string costs far less memory than its dicts."""


def json_text(value: Any) -> JsonText:
    return JsonText(_compact(value))


def _compact(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


_PIECE = 1 << 18  # characters a piece of a streamed file gathers before it is encoded and written


def json_list_pieces(records: Iterable[Any], head: str = "", tail: str = "\n") -> Iterator[bytes]:
    """The bytes json_bytes(list(records)) would give, in pieces of about 256 KB, making each
    record only when it is reached: for a file of tens of thousands of records written as a
    `Streamed` file, which never holds the list, its encoded records or the whole file.
    (`head` and `tail` wrap the list: see json_records_pieces.)"""
    parts: list[str] = [head]
    size = 0
    started = False
    for record in records:
        text = record if isinstance(record, JsonText) else _compact(record)
        parts.append((",\n" if started else "[\n") + text)
        started = True
        size += len(text)
        if size >= _PIECE:
            yield "".join(parts).encode("utf-8")
            parts, size = [], 0
    parts.append(("\n]" if started else "[]") + tail)
    yield "".join(parts).encode("utf-8")


def json_records_pieces(header: dict[str, Any], key: str, records: Iterable[Any]) -> Iterator[bytes]:
    """The bytes json_bytes({**header, key: list(records)}) would give, in pieces (`key` sorts
    after every key of `header`, so the records come last)."""
    assert all(name < key for name in header), "the records' key must come last"
    empty = json_bytes({**header, key: []}).decode("utf-8")
    return json_list_pieces(records, head=empty.removesuffix("[]\n}\n"), tail="\n}\n")


def _layout(value: Any, depth: int, parts: list[str]) -> None:
    """Append the JSON of `value` to `parts`: dicts and lists of the first two levels one item
    a line, anything deeper (and every empty or scalar value) compact."""
    if isinstance(value, JsonText):
        parts.append(value)
    elif depth >= 2 or not value or not isinstance(value, (dict, list)):
        parts.append(_compact(value))
    elif isinstance(value, dict):
        for index, key in enumerate(sorted(value)):
            parts.append(("{\n" if index == 0 else ",\n") + _compact(key) + ": ")
            _layout(value[key], depth + 1, parts)
        parts.append("\n}")
    else:
        for index, item in enumerate(value):
            parts.append("[\n" if index == 0 else ",\n")
            _layout(item, 2, parts)
        parts.append("\n]")


def licence_header(settings: BuildSettings) -> dict[str, str]:
    return {
        "license": LICENSE,
        "license_url": LICENSE_URL,
        "attribution": ATTRIBUTION,
        "generated": utc_iso(settings.now),
    }

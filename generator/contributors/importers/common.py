"""What every importer shares: reading a source (a file, or an http(s) address with a timeout and a
size limit), parsing JSON with plain errors, the records an importer hands to the writer, and
making ids from names."""

from __future__ import annotations

import json
import re
import unicodedata
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

MAX_BYTES = 50 * 1024 * 1024  # a feed of 100,000 meetings is about 60 MB; one of 50 MB is plenty
TIMEOUT = 30.0  # seconds to wait for a server
ID_MAX = 80


class SourceError(Exception):
    """A source that cannot be read at all: said in one plain sentence, never a traceback."""


@dataclass
class Record:
    """One listing an importer made, before it is checked and written."""

    folder: str  # the kind's folder: groups, advocates, training
    where: str  # where it came from in the source: "record 3", "row 5", "service <id>"
    data: dict[str, Any]  # the listing's fields, as its YAML file will hold them (no id yet, or a proposed one)
    source_id: str = ""  # the record's own id in the source (slug, service id, row id)
    notes: list[str] = field(default_factory=list)  # what was left out or read in a particular way


@dataclass(frozen=True)
class Unmapped:
    where: str
    reason: str


@dataclass
class Imported:
    """What an importer read: the records it could map, and the ones it could not, with why."""

    label: str  # the source as people will read it in `source`: the URL or the file name
    records: list[Record] = field(default_factory=list)
    unmapped: list[Unmapped] = field(default_factory=list)


def is_url(source: str) -> bool:
    return source.startswith(("http://", "https://"))


def read_source(source: str, max_bytes: int | None = None, timeout: float | None = None) -> bytes:
    """The bytes of a file or an http(s) address, refusing more than `max_bytes` (default MAX_BYTES)."""
    max_bytes = max_bytes or MAX_BYTES
    timeout = timeout or TIMEOUT
    if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*://", source) and not is_url(source):
        raise SourceError(f"{source}: only http:// and https:// addresses, or files, can be imported")
    if is_url(source):
        request = urllib.request.Request(source, headers={"User-Agent": "peerdir-import", "Accept": "application/json, text/csv, */*"})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (http(s) only, checked above)
                declared = response.headers.get("Content-Length")
                if declared and declared.isdigit() and int(declared) > max_bytes:
                    raise SourceError(f"{source}: the server says it is {int(declared):,} bytes; at most {max_bytes:,} are read")
                data = response.read(max_bytes + 1)
        except urllib.error.HTTPError as error:
            raise SourceError(f"{source}: the server answered {error.code} {error.reason}") from None
        except (urllib.error.URLError, OSError, ValueError) as error:
            reason = getattr(error, "reason", error)
            raise SourceError(f"{source}: could not be fetched ({reason})") from None
    else:
        path = Path(source)
        if not path.is_file():
            raise SourceError(f"{source}: no such file")
        if path.stat().st_size > max_bytes:
            raise SourceError(f"{source}: is {path.stat().st_size:,} bytes; at most {max_bytes:,} are read")
        try:
            with path.open("rb") as handle:
                data = handle.read(max_bytes + 1)
        except OSError as error:
            raise SourceError(f"{source}: could not be read ({error.strerror})") from None
    if len(data) > max_bytes:
        raise SourceError(f"{source}: is larger than {max_bytes:,} bytes, the most that is read")
    return data


def decode(data: bytes, label: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise SourceError(f"{label}:{line}: is not UTF-8 text; save it as UTF-8 (in a spreadsheet: CSV UTF-8) and try again") from None


def parse_json(data: bytes, label: str) -> Any:
    text = decode(data, label)
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise SourceError(f"{label}:{error.lineno}: is not valid JSON ({error.msg}, column {error.colno})") from None
    except (RecursionError, ValueError):
        raise SourceError(f"{label}: is not JSON that can be read (nested too deeply, or a number too long)") from None


def text_of(value: Any) -> str | None:
    """A text value from a source, or None for what is missing, empty or not text."""
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None


def listed(value: Any) -> list[Any]:
    """A source's list, or an empty one when the value is missing or not a list."""
    return value if isinstance(value, list) else []


def type_of(value: Any) -> str:
    return {dict: "an object", list: "a list", str: "text", bool: "true/false", type(None): "null"}.get(type(value), "a number")


def make_id(name: str) -> str:
    """An id from a name: ASCII letters and digits joined by hyphens ('Café Group, Leeds' -> 'cafe-group-leeds')."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii").lower()
    words = re.findall(r"[a-z0-9]+", folded)
    value = "-".join(words)[:ID_MAX].strip("-")
    return value or "listing"


def deep_merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    """`base` with the fields of `extra` it lacks (nested sets of fields merged the same way)."""
    merged = dict(base)
    for key, value in extra.items():
        if key not in merged or merged[key] in (None, [], ""):
            merged[key] = value
        elif isinstance(merged[key], dict) and isinstance(value, dict):
            merged[key] = deep_merge(merged[key], value)
    return merged

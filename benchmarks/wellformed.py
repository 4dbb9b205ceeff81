"""Is a built file well-formed for what reads it? One check per output format.

    problem = check_output("feed.xml", data)   # None when the file is well-formed

Used by the fuzz run (benchmarks/fuzz.py) and the tests over fuzzed and fictional sites. XML
through expat (which refuses what XML 1.0 does not allow), JSON by a strict decoder that also
refuses lone surrogates in strings, CSV by the csv module's strict mode with one width for
every row, iCalendar by the RFC 5545 line rules and then the icalendar library, HTML and the
rest by the characters they may not hold.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import icalendar

# In any text output: C0 controls but tab, LF and CR; DEL and C1 controls; lone surrogates (which
# UTF-8 cannot hold anyway); the noncharacters.
_BAD_TEXT = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef\ufffe\uffff"
    + "".join(f"{chr(p * 0x10000 + 0xFFFE)}{chr(p * 0x10000 + 0xFFFF)}" for p in range(1, 17)) + "]"
)
_SURROGATE = re.compile("[\ud800-\udfff]")
_ICS_NAME = re.compile(r"^[A-Za-z0-9-]+(;[A-Za-z0-9-]+=(\"[^\"]*\"|[^;:,\"]*)(,(\"[^\"]*\"|[^;:,\"]*))*)*:")
_ICS_VALUE_CONTROL = re.compile("[\x00-\x08\x0a-\x1f\x7f]")


def _text(data: bytes) -> str:
    text = data.decode("utf-8")  # strict: ill-formed UTF-8 raises
    if (bad := _BAD_TEXT.search(text)) is not None:
        raise ValueError(f"holds U+{ord(bad.group()):04X} at character {bad.start()}")
    return text


def _no_surrogates(value: Any) -> None:
    if isinstance(value, str):
        if _SURROGATE.search(value) or _BAD_TEXT.search(value):
            raise ValueError(f"a JSON string holds a character no consumer can take: {value[:40]!r}")
    elif isinstance(value, list):
        for item in value:
            _no_surrogates(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            _no_surrogates(key)
            _no_surrogates(item)


def _json(data: bytes) -> None:
    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        keys = [key for key, _ in items]
        if len(set(keys)) != len(keys):
            raise ValueError("a JSON object repeats a key")
        return dict(items)

    _no_surrogates(json.loads(_text(data), object_pairs_hook=pairs))


def _csv(data: bytes) -> None:
    rows = list(csv.reader(io.StringIO(_text(data).removeprefix("\ufeff"), newline=""), strict=True))
    if not rows:
        raise ValueError("no header row")
    widths = {len(row) for row in rows}
    if len(widths) != 1:
        raise ValueError(f"rows of different widths: {sorted(widths)}")


def _ics(data: bytes) -> None:
    if not data.endswith(b"\r\n") or b"\n" in data.replace(b"\r\n", b""):
        raise ValueError("lines must end with CRLF, and only there")
    lines = data[:-2].split(b"\r\n")
    logical: list[str] = []
    for number, raw in enumerate(lines, 1):
        if len(raw) > 75:
            raise ValueError(f"line {number} is {len(raw)} octets; RFC 5545 allows 75")
        line = raw.decode("utf-8")  # a fold inside a UTF-8 sequence fails here
        if line.startswith((" ", "\t")):
            if not logical:
                raise ValueError("the file starts with a continuation line")
            logical[-1] += line[1:]
        else:
            logical.append(line)
    depth = []
    for line in logical:
        if not _ICS_NAME.match(line):
            raise ValueError(f"not a content line: {line[:60]!r}")
        value = line.split(":", 1)[1] if not line.startswith(("BEGIN:", "END:")) else line[line.index(":") + 1:]
        if _ICS_VALUE_CONTROL.search(value) or _BAD_TEXT.search(value):
            raise ValueError(f"a control character in {line[:40]!r}")
        if line.startswith("BEGIN:"):
            depth.append(line[6:])
        elif line.startswith("END:"):
            if not depth or depth.pop() != line[4:]:
                raise ValueError(f"unbalanced {line}")
    if depth or not logical or logical[0] != "BEGIN:VCALENDAR":
        raise ValueError("BEGIN and END do not match")
    icalendar.Calendar.from_ical(data)


def _xml(data: bytes) -> None:
    ET.fromstring(data)


def check_output(name: str, data: bytes) -> str | None:
    """Why the file `name` (a path in the site) is not well-formed, or None if it is."""
    suffix = Path(name).suffix
    try:
        if suffix == ".gz":
            data = gzip.decompress(data)
            suffix = Path(name[:-3]).suffix
        if suffix == ".xml":
            _xml(data)
        elif suffix in (".json", ".webmanifest"):
            _json(data)
        elif suffix == ".csv":
            _csv(data)
        elif suffix == ".ics":
            _ics(data)
        elif suffix in (".html", ".txt") or name.endswith("_headers"):
            _text(data)
        else:
            return None  # scripts, styles, images, fonts: the theme's, not made from the data
    except Exception as error:  # noqa: BLE001 - every failure to read is a finding
        return f"{name}: {type(error).__name__}: {error}"
    return None


def check_site(site: Path) -> tuple[int, list[str]]:
    """(files checked, problems) for every file of a built site."""
    problems = []
    checked = 0
    for path in sorted(site.rglob("*")):
        if path.is_file():
            checked += 1
            problem = check_output(path.relative_to(site).as_posix(), path.read_bytes())
            if problem:
                problems.append(problem)
    return checked, problems

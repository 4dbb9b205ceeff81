"""A listing's YAML text: a new file written in the models' field order, and an existing file
edited line by line (so a pull request shows only the change)."""

from __future__ import annotations

import difflib
import re
from typing import TYPE_CHECKING
from typing import Any

import yaml

from generator.contract.catalog import MODELINE, SCHEMA_NAMES
from generator.contributors.forms.answers import _DATE

if TYPE_CHECKING:
    from generator.contributors.forms.outcome import Conversion


class _Dumper(yaml.SafeDumper):
    pass


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if "\n" in value:
        value = "\n".join(line.rstrip() for line in value.strip("\n").splitlines()) + "\n"
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


_Dumper.add_representer(str, _represent_str)
# Dates stay plain (2026-03-02, as people write them; the strict loader reads them as text). Every
# other YAML 1.1 look-alike ('18:30', 'NO', 'yes', '012') is still quoted.
_Dumper.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeDumper.yaml_implicit_resolvers.items()
}


def modeline(folder: str) -> str:
    return f"{MODELINE}../../schemas/{SCHEMA_NAMES[folder]}.schema.json"


def dump_listing(folder: str, data: dict[str, Any]) -> str:
    body = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, default_flow_style=False, width=4096)
    return modeline(folder) + "\n" + body


def _extent(lines: list[str], name: str) -> tuple[int, int] | None:
    """Where the top-level `name` is: its line and its indented (or '- ') continuation lines."""
    for index, line in enumerate(lines):
        if re.match(rf"{re.escape(name)}\s*:", line):
            end = index + 1
            while end < len(lines) and (lines[end].startswith((" ", "\t", "- ")) or lines[end] == "-" or (
                    not lines[end].strip() and end + 1 < len(lines) and lines[end + 1].startswith(" "))):
                end += 1
            return index, end
    return None


def top_level_block(text: str, key: str) -> str | None:
    """The lines of the top-level `key` as written in `text`, or None."""
    lines = text.replace("\r\n", "\n").rstrip("\n").split("\n")
    found = _extent(lines, key)
    return "\n".join(lines[found[0]:found[1]]) if found else None


def set_top_level(text: str, key: str, value: Any, after: str | None = None, *, block: str | None = None) -> str:
    """`text` with the top-level `key` set to `value` (or to the lines `block`, as written
    elsewhere), keeping every other line as written. Replaces the key's line and its
    continuation lines; a missing key goes after the `after` key, or at the end."""
    if block is not None:
        rendered = block
    elif isinstance(value, str) and re.fullmatch(_DATE, value):
        rendered = f"{key}: {value}"
    else:
        rendered = yaml.dump({key: value}, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=4096).rstrip("\n")
    lines = text.rstrip("\n").split("\n")
    found = _extent(lines, key)
    if found:
        start, end = found
        lines[start:end] = rendered.split("\n")
    else:
        anchor = _extent(lines, after) if after else None
        position = anchor[1] if anchor else len(lines)
        lines[position:position] = rendered.split("\n")
    return "\n".join(lines) + "\n"


def remove_top_level(text: str, key: str) -> str:
    """`text` without the top-level `key` (and its continuation lines)."""
    lines = text.rstrip("\n").split("\n")
    found = _extent(lines, key)
    if found:
        del lines[found[0]:found[1]]
    return "\n".join(lines) + "\n"


def diff(conversion: "Conversion") -> str:
    """The unified diff of an update, as the pull request will show it."""
    path = f"directory/{conversion.folder}/{conversion.listing_id}.yml"
    return "".join(difflib.unified_diff(conversion.previous.splitlines(True), conversion.text.splitlines(True), f"a/{path}", f"b/{path}"))

"""A rendered page split at its per-page slots, to be filled in again for many pages.

Templates print markers with the `directory_slot` global: page shells (`directory/shell.html`)
and listing cards, rendered once and given each page's path to the site's root.

Pure string work: `slot(name)` is the marker a template prints where a page's own text goes,
`split_shell()` cuts a rendered page at its markers, `fill()` joins it again with one page's
values. See `direct_pages.py` for why and how pages are rendered this way.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

# Letters, digits and hyphens only: a marker passes through HTML escaping, URL joining and
# Jinja filters unchanged, so it lands exactly where the page's value would.
_MARKER = "directory-slot-{}-9f27c3"
_MARKER_PATTERN = re.compile(r"directory-slot-([a-z]+)-9f27c3")


def slot(name: str) -> str:
    return _MARKER.format(name)


@dataclass(frozen=True)
class Shell:
    """Literal text and slot names, alternating: text, name, text, name, ..., text."""

    parts: tuple[str, ...]

    @property
    def slots(self) -> frozenset[str]:
        return frozenset(self.parts[1::2])


def split_shell(html: str, expected: frozenset[str]) -> Shell:
    """Cut `html` at its markers; every expected slot must appear, and no other."""
    parts = tuple(_MARKER_PATTERN.split(html))
    shell = Shell(parts)
    if shell.slots != expected:
        # A template printed a slot through a filter that changed it, or left one out: filling
        # this shell would give pages that differ from MkDocs' own rendering.
        raise ValueError(f"page shell has slots {sorted(shell.slots)}, expected {sorted(expected)}")
    return shell


def fill(shell: Shell, values: Mapping[str, str]) -> str:
    parts = list(shell.parts)
    parts[1::2] = [values[name] for name in shell.parts[1::2]]
    return "".join(parts)

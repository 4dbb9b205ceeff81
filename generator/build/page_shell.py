"""A rendered page split at its per-page slots, to be filled in again for many pages.

Templates print markers with the `directory_slot` global: page shells (`directory/shell.html`)
and listing cards, rendered once and given each page's path to the site's root.

Pure string work: `slot(name)` is the marker a template prints where a page's own text goes,
`split_shell()` cuts a rendered page at its markers, `fill()` joins it again with one page's
values. See `direct_pages.py` for why and how pages are rendered this way.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup

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


@dataclass
class RenderedOnce:
    """Pieces of HTML rendered once per build and printed again and again: a page shape's
    sidebar (theme/main.html), a listing's row on the browse pages (theme/directory/browse.html),
    each rendered the first time it is asked for. While serving, `kept` (KeptRows.use) holds
    the rows of earlier builds."""

    pieces: dict[str, Any] = field(default_factory=dict)
    kept: dict[str, tuple[Any, Any]] | None = None

    def get(self, key: str, render: Callable[..., Any], *args: Any) -> Any:
        if key not in self.pieces:
            self.pieces[key] = render(*args)
        return self.pieces[key]

    def joined(self, prefix: str, render: Callable[[Any, Any], Markup], shared: Any, items: Iterable[Any]) -> Markup:
        """`render(shared, item)` for every item, each kept under `prefix:kind:id`, joined: a
        browse page's 200 rows in one call from the template instead of 200 macro calls."""
        pieces, kept = self.pieces, self.kept
        out = []
        for item in items:
            key = f"{prefix}:{item.kind}:{item.id}"
            piece = pieces.get(key)
            if piece is None:
                found = kept.get(key) if kept is not None else None
                if found is not None and found[0] is item:  # the same listing: unchanged
                    piece = found[1]
                else:
                    piece = render(shared, item)
                    if kept is not None:
                        kept[key] = (item, piece)
                pieces[key] = piece
            out.append(piece)
        return Markup("".join(out))  # every piece is Markup: rendered by an autoescaping template


@dataclass
class KeptRows:
    """While serving: the browse pages' rows across rebuilds. A save that moves a listing in
    the lists (a new name) shifts every row after it on a few dozen pages, each of 200 rows;
    those rows are the same as last build's. A row prints its listing, the catalog's labels and
    the templates: kept while `key` (the fingerprint of all but the listings) is the same, and
    each with its listing, so a listing that changed (another object: the catalog's LoadMemo)
    has its row rendered again."""

    key: bytes | None = None
    rows: dict[str, tuple[Any, Any]] = field(default_factory=dict)

    def use(self, key: bytes, listings: Iterable[Any]) -> dict[str, tuple[Any, Any]]:
        """The rows to use for a build whose shared inputs are `key`, without those of listings
        no longer in it."""
        if key != self.key:
            self.key, self.rows = key, {}
        else:
            # A kept row holds its listing alive, so its id is no other object's.
            alive = set(map(id, listings))
            self.rows = {name: found for name, found in self.rows.items() if id(found[0]) in alive}
        return self.rows

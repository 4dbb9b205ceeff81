"""What a producer returns and what it is given: the shared types of the build (a leaf module).

Every page producer (pages/, finder/, embeds/) and file producer (exports/, finder/, embeds/)
imports its types from here, and build/plan.py imports the producers: so the producers never
import the module that lists them.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from generator.contract.catalog import Catalog


@dataclass(frozen=True)
class BuildSettings:
    """What producers need to know about the build, fixed for one build."""

    now: dt.datetime  # aware; "next meetings" are counted from here
    site_url: str  # with a trailing slash, or "" when unknown
    repo_url: str  # e.g. https://github.com/owner/repo, or ""
    edit_branch: str = "main"
    occurrences: int = 12
    stale_months: int = 6
    contact_email: str = ""  # mkdocs.yml extra.contact_email: listing pages offer an e-mailed correction

    def edit_url(self, repo_path: str) -> str | None:
        return f"{self.repo_url}/edit/{self.edit_branch}/{repo_path}" if self.repo_url else None


@dataclass
class GeneratedPage:
    src_uri: str  # e.g. "groups/grief-circle-leeds.md"
    title: str
    template: str  # e.g. "directory/group.html", under theme/
    context: dict[str, Any] = field(default_factory=dict)
    edit_path: str | None = None  # repository path of the YAML behind the page
    description: str | None = None  # meta description
    searchable: bool = False  # in Material's full-text index (guides are; listings use the finder)
    whole_document: bool = False  # the template writes the whole HTML, without the site's frame
    lazy_context: Callable[[], dict[str, Any]] | None = None  # more context, worked out when rendered

    def template_context(self) -> dict[str, Any]:
        return {**self.context, **self.lazy_context()} if self.lazy_context else self.context


class Streamed:
    """A large generated file, made piece by piece only when it is written: its pieces are
    written one after the other and let go of, so a file of hundreds of megabytes (HSDS services
    at 50,000 listings) never sits whole in a build worker's memory. `bytes(streamed)` joins them
    (small sites, tests). Each call of `pieces()` makes them afresh, the same every time."""

    __slots__ = ("_make",)

    def __init__(self, make: Callable[[], Iterable[bytes]]) -> None:
        self._make = make

    def pieces(self) -> Iterable[bytes]:
        return self._make()

    def __bytes__(self) -> bytes:
        return b"".join(self._make())


FileContent = bytes | Streamed


def joined(content: FileContent) -> bytes:
    """A generated file's bytes, whole (a Streamed file's pieces joined)."""
    return bytes(content) if isinstance(content, Streamed) else content


def write_file_bytes(site_dir: str, path: str, content: FileContent) -> None:
    """Writes one generated file (a site-relative path with forward slashes) under `site_dir`."""
    target = os.path.join(site_dir, *path.split("/"))
    os.makedirs(os.path.dirname(target), exist_ok=True)
    with open(target, "wb") as handle:
        if isinstance(content, Streamed):
            for piece in content.pieces():
                handle.write(piece)
        else:
            handle.write(content)


PageProducer = Callable[["Catalog", BuildSettings], list[GeneratedPage]]
FileProducer = Callable[["Catalog", BuildSettings], Mapping[str, FileContent]]

"""While `mkdocs serve` shows a directory with errors: pages at the addresses being looked at.

No listing is built while any file has an error, so without these every listing page and the
finder would answer 404 and the errors would show only on the guides. Each listing file (valid
or not) and the finder get a page at their usual address that shows the errors (main.html
prints `directory_problems` above the content), so the contributor sees the `path:line`
messages where they are looking.
"""

from __future__ import annotations

from pathlib import Path

from generator.kinds import LISTING_FOLDERS
from generator.build.products import GeneratedPage

TITLE = "This page is not built: the directory has errors"
TEMPLATE = "main.html"


def problem_pages(root: Path) -> list[GeneratedPage]:
    """A page for the finder and for every listing file under `root`, by its file name (its id)."""
    pages = [GeneratedPage(src_uri="find.md", title=TITLE, template=TEMPLATE)]
    for folder in LISTING_FOLDERS:
        path = Path(root) / folder
        if path.is_dir():
            stems = sorted({file.stem for file in path.iterdir() if file.suffix in (".yml", ".yaml") and file.is_file()})
            pages.extend(GeneratedPage(src_uri=f"{folder}/{stem}.md", title=TITLE, template=TEMPLATE) for stem in stems)
    return pages

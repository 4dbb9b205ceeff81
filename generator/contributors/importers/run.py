"""One import from start to end: read the source in its format, then check, deduplicate and write."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from generator.contract.problems import Problem
from generator.contract.spreadsheet import column_of
from generator.contract.yaml_loader import load_yaml_file
from generator.contributors.importers.common import SourceError, is_url, read_source
from generator.contributors.importers.writer import Report, Settings, write_listings

FORMATS = ("meeting-guide", "hsds", "csv")


def load_defaults(path: Path | None) -> dict[str, Any]:
    """The --defaults file: fields for what the source does not say, read as strictly as a listing."""
    if path is None:
        return {}
    loaded = load_yaml_file(path, str(path))
    if isinstance(loaded, Problem):
        raise SourceError(loaded.text())
    if not isinstance(loaded.data, dict):
        raise SourceError(f"{path}: should hold fields such as 'topics: [recovery]', one a line")
    return loaded.data


def _organizations(into: Path) -> dict[str, str]:
    """Folded organisation names -> ids, from the folder's organisation files (read leniently:
    the writer checks the whole folder properly)."""
    found: dict[str, str] = {}
    for path in sorted((into / "organizations").glob("*.yml")):
        loaded = load_yaml_file(path, str(path))
        if not isinstance(loaded, Problem) and isinstance(loaded.data, dict) and isinstance(loaded.data.get("name"), str):
            found.setdefault(loaded.data["name"].casefold(), path.stem)
    return found


def run_import(form: str, source: str, into: Path, update: bool = False, defaults: Path | None = None,
               timezone: str | None = None, today: dt.date | None = None) -> Report:
    settings = Settings(into=into, update=update, today=today, defaults=load_defaults(defaults))
    label = source if is_url(source) else Path(source).name
    if form == "meeting-guide":
        from generator.contributors.importers.meeting_guide import read_meeting_guide

        imported = read_meeting_guide(read_source(source), label, timezone, _organizations(into))
    elif form == "hsds":
        from generator.contributors.importers.hsds import read_hsds

        from generator.contract.catalog import load_vocabularies

        imported = read_hsds(source, label, _organizations(into), load_vocabularies(into)[0])
    elif form == "csv":
        from generator.contributors.importers.csv_import import read_csv

        imported = read_csv(read_source(source), label, Path(source).stem if not is_url(source) else source.rsplit("/", 1)[-1])
        settings.field_label = column_of
    else:  # argparse offers only FORMATS
        raise SourceError(f"unknown format '{form}': choose one of {', '.join(FORMATS)}")
    return write_listings(imported, settings)

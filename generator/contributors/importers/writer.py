"""The importers' common writer: each record checked against the contract as `peerdir validate`
checks a file, deduplicated against the listings already in the folder, written as one YAML file
per listing (never over an existing file without `update`), and a summary of what happened."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from generator.contract.catalog import Catalog, load_catalog
from generator.contract.cross_checks import likely_duplicates
from generator.contract.messages import problems_from_validation_error
from generator.contract.problems import Problem, printable
from generator.contract.yaml_loader import parse_yaml_text
from generator.contributors.forms.listing_text import _Dumper, modeline
from generator.contributors.importers.common import Imported, Record, SourceError, deep_merge, make_id
from generator.kinds import BY_FOLDER

SOURCE_MAX = 1000  # LongText
LABELS = {"duplicate": "skipped (likely duplicate)", "exists": "skipped (already there)", "not_mapped": "not mapped"}
REVIEWED_BY = "peerdir import"


class _ImportDumper(_Dumper):
    """The issue forms' YAML writer (text quoted wherever YAML 1.1 would read it as something else),
    with decimals always written as the strict loader reads numbers (51.5, never 1e-05)."""


def _represent_float(dumper: yaml.SafeDumper, value: float) -> yaml.ScalarNode:
    text = repr(value)
    if "e" in text or "E" in text:
        text = f"{value:.12f}".rstrip("0")
    if "." not in text:
        text += ".0"
    if text.endswith("."):
        text += "0"
    return dumper.represent_scalar("tag:yaml.org,2002:float", text)


_ImportDumper.add_representer(float, _represent_float)


def listing_yaml(folder: str, data: dict[str, Any]) -> str:
    """A listing file: the schema line, then the fields in the models' order."""
    body = yaml.dump(data, Dumper=_ImportDumper, sort_keys=False, allow_unicode=True, default_flow_style=False, width=4096)
    return modeline(folder) + "\n" + body


@dataclass
class Outcome:
    where: str
    path: Path | None
    action: str  # written, updated, unchanged, duplicate, exists, not_mapped
    detail: str = ""


@dataclass
class Report:
    outcomes: list[Outcome] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # the folder's check after writing

    def count(self, *actions: str) -> int:
        return sum(1 for o in self.outcomes if o.action in actions)

    def lines(self) -> list[str]:
        out = []
        for o in self.outcomes:
            if o.action in ("duplicate", "exists", "not_mapped"):
                out.append(printable(f"{o.where}: {LABELS[o.action]}: {o.detail}"))
            else:
                out.append(printable(f"{o.where}: {o.action} {o.path}" + (f" ({o.detail})" if o.detail else "")))
        out.extend(p.text() for p in self.problems)
        out.append(
            f"{self.count('written')} written, {self.count('updated')} updated, {self.count('unchanged')} unchanged, "
            f"{self.count('duplicate', 'exists')} skipped as duplicates, {self.count('not_mapped')} not mapped."
        )
        return out


@dataclass
class Settings:
    into: Path
    update: bool = False
    today: dt.date | None = None
    defaults: dict[str, Any] = field(default_factory=dict)
    field_label: Callable[[str], str] = str  # a field path as the source's people know it (a CSV column)


def _existing(into: Path, today: dt.date) -> Catalog:
    if not (into / "vocabularies").is_dir():
        raise SourceError(f"{into}: is not a directory folder (it has no vocabularies/); import into one, e.g. --into directory")
    result = load_catalog(into, today=today)
    if result.catalog is None:
        errors = [p.text() for p in result.problems if p.severity == "error"][:5]
        raise SourceError(f"{into}: has errors; run 'peerdir validate' and fix them before importing:\n" + "\n".join(errors))
    return result.catalog


def _reason(error: ValidationError, model: type[BaseModel], text: str, settings: Settings) -> str:
    document = parse_yaml_text(text)
    problems = problems_from_validation_error(error, model, document, "", "listing")
    return "; ".join(f"{settings.field_label(p.field) + ': ' if p.field else ''}{p.message}" for p in problems)


def _source_text(record: Record, label: str, own: Any) -> str:
    where = f"{label}, {record.where}" + (f" (id {record.source_id})" if record.source_id else "")
    imported = f"Imported from {where}."
    if isinstance(own, str) and own.strip() and imported not in own:
        room = SOURCE_MAX - len(imported) - 1
        own = own.strip()
        return (own if len(own) <= room else own[: room - 1].rstrip() + "…") + " " + imported
    return imported[:SOURCE_MAX]


def _prepare(record: Record, imported: Imported, settings: Settings, catalog: Catalog, taken: set[str]) -> tuple[Any, str] | str:
    """The validated model and its file text, or why the record cannot be a listing."""
    kind = BY_FOLDER[record.folder]
    model = kind.model
    data = deep_merge(record.data, {k: v for k, v in settings.defaults.items() if k in model.model_fields})
    data.setdefault("reviewed_by", REVIEWED_BY)
    data.setdefault("last_reviewed", (settings.today or dt.date.today()).isoformat())
    data["source"] = _source_text(record, imported.label, data.get("source"))
    organizations = {o.id for o in catalog.organizations}
    for name in ("organization", "provider"):
        target = data.get(name)
        if isinstance(target, str) and target not in organizations and name in model.model_fields:
            if model.model_fields[name].is_required():
                return f"{settings.field_label(name)}: there is no organisation '{target}' in {settings.into}/organizations/; add it first"
            del data[name]
            record.notes.append(f"left out organisation '{target}': it is not in {settings.into}/organizations/")
    name = data.get("name")
    if not isinstance(data.get("id"), str) or not data["id"]:
        # From the name; a name in a script without Latin letters gives no id, so the source's own id.
        data["id"] = make_id(name if isinstance(name, str) else "")
        if data["id"] == "listing" and record.source_id:
            data["id"] = make_id(record.source_id.split(",")[0].split(";")[0])
    base, number = data["id"], 1
    elsewhere = {record_id for folder, record_id in catalog.sources if folder != record.folder}
    # Two records of one source with the same name, or an id that another kind's file has (ids are
    # unique across the directory): the next free number.
    while data["id"] in taken or data["id"] in elsewhere:
        number += 1
        data["id"] = f"{base[:75]}-{number}"
    if data["id"] != base:
        record.notes.append(f"the id '{base}' is taken; written as '{data['id']}'")
    context = {"vocabularies": catalog.vocabularies, "today": settings.today or dt.date.today()}
    text = listing_yaml(record.folder, data)
    try:
        listing = model.model_validate(parse_yaml_text(text).data, context=context)
    except ValidationError as error:
        return _reason(error, model, text, settings)
    except yaml.YAMLError:  # pragma: no cover - the dumper writes what the loader reads
        return "could not be written as YAML"
    # The file as the models order it, without defaults: what `peerdir validate` reads back.
    text = listing_yaml(record.folder, listing.model_dump(mode="json", exclude_defaults=True))
    return model.model_validate(parse_yaml_text(text).data, context=context), text


def write_listings(imported: Imported, settings: Settings) -> Report:
    """Check, deduplicate and write every record; report what happened to each."""
    today = settings.today or dt.date.today()
    catalog = _existing(settings.into, today)
    report = Report([Outcome(u.where, None, "not_mapped", u.reason) for u in imported.unmapped])
    prepared: list[tuple[Record, Any, str]] = []
    taken: set[str] = set()  # ids of this import's listings so far
    for record in imported.records:
        result = _prepare(record, imported, settings, catalog, taken)
        if isinstance(result, str):
            report.outcomes.append(Outcome(record.where, None, "not_mapped", result))
            continue
        listing, text = result
        taken.add(listing.id)
        prepared.append((record, listing, text))
    duplicates = _duplicates(catalog, prepared)
    before: dict[Path, str | None] = {}
    for record, listing, text in prepared:
        path = settings.into / record.folder / f"{listing.id}.yml"
        notes = "; ".join(record.notes)
        if (record.folder, listing.id) in catalog.sources or path.exists():
            if not settings.update:
                report.outcomes.append(Outcome(record.where, path, "exists", f"{path} exists; --update replaces it"))
                continue
            action = "unchanged" if path.read_text(encoding="utf-8") == text else "updated"
        elif listing.id in duplicates:
            report.outcomes.append(Outcome(record.where, path, "duplicate", duplicates[listing.id]))
            continue
        else:
            action = "written"
        if action != "unchanged":
            before[path] = path.read_text(encoding="utf-8") if action == "updated" else None
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        report.outcomes.append(Outcome(record.where, path, action, notes))
    written = {o.path.resolve(): o for o in report.outcomes if o.path and o.action in ("written", "updated")}
    if written:
        _undo_invalid(report, written, settings.into, today, before)
    return report


def _undo_invalid(report: Report, written: dict[Path, Outcome], into: Path, today: dt.date, before: dict[Path, str | None]) -> None:
    """The folder checked as a whole after writing: a written file it finds wrong (a check across
    files) is taken back, the file as it was restored, and the record reported as not mapped."""
    after = load_catalog(into, today=today)
    for problem in after.problems:
        path = Path(problem.path).resolve()
        if problem.severity != "error" or path not in written:
            continue
        outcome = written[path]
        if outcome.action != "not_mapped":
            previous = before.get(outcome.path)
            if previous is None:
                outcome.path.unlink(missing_ok=True)
            else:
                outcome.path.write_text(previous, encoding="utf-8")
            outcome.action, outcome.detail = "not_mapped", ""
        outcome.detail = "; ".join(filter(None, [outcome.detail, f"{problem.field + ': ' if problem.field else ''}{problem.message}"]))
    report.problems = [p for p in load_catalog(into, today=today).problems if p.severity == "error"] if any(
        o.action == "not_mapped" and o.path for o in written.values()) else []


def _duplicates(catalog: Catalog, prepared: list[tuple[Record, Any, str]]) -> dict[str, str]:
    """New listings (not of an id already there) that look like a listing already there: id -> why."""
    found: dict[str, str] = {}
    for kind in {record.folder for record, _, _ in prepared}:
        existing = getattr(catalog, BY_FOLDER[kind].attribute)
        known = {listing.id for listing in existing}
        new = [listing for record, listing, _ in prepared if record.folder == kind and listing.id not in known]
        for duplicate in likely_duplicates([*existing, *new]):
            if duplicate.record_id not in known and duplicate.other_id in known and duplicate.record_id not in found:
                source = catalog.sources[(kind, duplicate.other_id)].display
                why = duplicate.message.removesuffix(": is it a duplicate?")
                found[duplicate.record_id] = f"looks like {source}: it {why}"
    return found

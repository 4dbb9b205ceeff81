"""The spreadsheet template of listings: one CSV per kind, one row per listing, generated from the
models so it cannot drift from the data contract.

Why this shape, for people who fill it in a spreadsheet rather than write YAML:
- one row is one listing, so sorting or filtering the sheet never splits a listing apart;
- a column is named by the field's path, as the YAML files, the field reference in CONTRIBUTING.md
  and the validator's messages name it (`location.locality`); items of a list of parts are
  numbered columns (`meetings.1.start_time`, `meetings.2.start_time`): a second meeting is filled
  to the right of the first, and more can be added by adding columns with the next number;
- a list of words or codes is one cell, items separated by semicolons (`grief; depression`),
  because commas occur in the text itself;
- the second row explains every column (what to write, the allowed values from the
  vocabularies); rows whose first cell starts with `#` are notes and never imported;
- codes are the ones the contract accepts (GB, GB-ENG, en, Europe/London, 18:30, 2026-03-02).

The build publishes the templates (exports/import_template.py); `peerdir import csv` reads them
(contributors/importers/csv_import.py). Both use the columns defined here.
"""

from __future__ import annotations

import csv
import io
import math
import re
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from generator.contract.annotations import item_type, vocabulary_in
from generator.contract.models import Vocabulary
from generator.contract.suggest import did_you_mean

SEPARATOR = "; "
NOTE_MARK = "#"
# How many numbered copies of each list of parts the template offers (more may be added).
REPEATS = {"meetings": 3, "platforms": 3, "jurisdictions": 2, "cohorts": 2}
# Text a spreadsheet would run as a formula; our CSV files prefix it with a single quote.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_TRUE, _FALSE = {"true", "yes"}, {"false", "no"}
_SECONDS = re.compile(r"^(\d{1,2}:\d{2}):00$")  # 18:30:00, as a spreadsheet may rewrite 18:30


@dataclass(frozen=True)
class Column:
    path: tuple[str | int, ...]  # field names, and 1-based item numbers for lists of parts
    kind: str  # text, number, decimal, yes_no, list, number_list
    note: str  # what to write, for the template's notes row
    required: bool

    @property
    def header(self) -> str:
        return ".".join(str(part) for part in self.path)


def _value_kind(inner: Any, is_list: bool) -> str:
    if is_list:
        return "number_list" if inner is int or typing_literal_ints(inner) else "list"
    if inner is bool:
        return "yes_no"
    if inner is int or typing_literal_ints(inner):
        return "number"
    if inner is float:
        return "decimal"
    return "text"


def typing_literal_ints(annotation: Any) -> bool:
    """A Literal of whole numbers (weeks_of_month's 1..5, -1)."""
    args = getattr(annotation, "__args__", ())
    return getattr(annotation, "__origin__", None) is not None and bool(args) and all(type(a) is int for a in args)


def _note(info: Any, meta: list[Any], kind: str, required: bool, vocabularies: dict[str, Vocabulary], part: str = "") -> str:
    text = (info.description or "").strip()
    name = vocabulary_in([info, *info.metadata, *meta])
    if name and name in vocabularies:
        text += " Choose from: " + ", ".join(sorted(vocabularies[name].terms)) + "."
    if kind in ("list", "number_list"):
        text += " Several: separate them with semicolons."
    elif kind == "yes_no":
        text += " Write yes or no."
    if part and info.is_required():
        return text + f" (required when any {part} column is filled)"
    return text + (" (required)" if required else " (optional)")


def columns(model: type[BaseModel], vocabularies: dict[str, Vocabulary] | None = None, repeats: dict[str, int] | None = None,
            prefix: tuple[str | int, ...] = (), required: bool = True) -> list[Column]:
    """The template's columns for `model`, in the models' field order."""
    found: list[Column] = []
    for name, info in model.model_fields.items():
        inner, is_list, meta = item_type(info.annotation)
        needed = required and info.is_required()
        if isinstance(inner, type) and issubclass(inner, BaseModel):
            copies = (repeats if repeats is not None else REPEATS).get(name, 1) if is_list else 0
            for number in range(1, copies + 1) if is_list else [None]:
                path = prefix + ((name, number) if number else (name,))
                found.extend(columns(inner, vocabularies, repeats, path, needed and number in (None, 1)))
            continue
        kind = _value_kind(inner, is_list)
        part = ".".join(map(str, prefix)) + ".*" if prefix and not required else ""
        found.append(Column(prefix + (name,), kind, _note(info, meta, kind, needed, vocabularies or {}, part), needed))
    return found


def template_csv(model: type[BaseModel], vocabularies: dict[str, Vocabulary]) -> bytes:
    """The template: the header row, then the notes row (its first cell starts with '#')."""
    cols = columns(model, vocabularies)
    notes = [column.note for column in cols]
    notes[0] = f"{NOTE_MARK} {notes[0]} Rows starting with {NOTE_MARK} are notes: they are not imported."
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([column.header for column in cols])
    writer.writerow(notes)
    return buffer.getvalue().encode("utf-8")


# --- reading a row --------------------------------------------------------------------------


def _field_at(model: type[BaseModel], path: tuple[str | int, ...]) -> tuple[Any, bool] | str:
    """(type, is list) of the value at `path`, or why there is no such column."""
    current: type[BaseModel] = model
    for position, part in enumerate(path):
        if isinstance(part, int):
            continue
        info = current.model_fields.get(part)
        if info is None:
            return f"'{part}'{did_you_mean(part, list(current.model_fields))}"
        inner, is_list, _ = item_type(info.annotation)
        is_model = isinstance(inner, type) and issubclass(inner, BaseModel)
        rest = path[position + 1:]
        if is_model:
            if is_list and (not rest or not isinstance(rest[0], int) or rest[0] < 1):
                return f"'{part}' needs an item number, e.g. {part}.1.{next(iter(inner.model_fields))}"
            if not (rest[1:] if is_list else rest):
                return f"'{part}' is a set of fields: name one, e.g. {part}{'.1' if is_list else ''}.{next(iter(inner.model_fields))}"
            current = inner
            continue
        if rest:
            return f"'{part}' has no part '{rest[0]}'"
        return inner, is_list
    return "an empty name"


def header_path(header: str) -> tuple[str | int, ...]:
    return tuple(int(part) if part.isdigit() else part for part in header.strip().split("."))


def check_headers(model: type[BaseModel], headers: list[str]) -> list[str]:
    """Why each header that names no field of `model` is wrong (empty when all are right)."""
    errors = []
    seen: set[str] = set()
    for number, header in enumerate(headers, 1):
        if not header.strip():
            errors.append(f"column {number} has no name in the first row")
            continue
        if header.strip() in seen:
            errors.append(f"column {number} ('{header}') appears twice")
        seen.add(header.strip())
        found = _field_at(model, header_path(header))
        if isinstance(found, str):
            errors.append(f"column {number} ('{header}') is not a field: {found}")
    return errors


def _text(cell: str) -> str:
    text = cell.strip()
    if text.startswith("'") and text[1:].startswith(FORMULA_STARTS):
        return text[1:]  # our own CSV's guard against formulas
    match = _SECONDS.match(text)
    return match.group(1).zfill(5) if match else text


def cell_value(cell: str, inner: Any, is_list: bool) -> Any:
    """A cell's text as the contract's type, or a ValueError saying what to write."""
    kind = _value_kind(inner, is_list)
    text = _text(cell)
    if kind in ("list", "number_list"):
        items = [item.strip() for item in text.split(";") if item.strip()]
        return [cell_value(item, int, False) for item in items] if kind == "number_list" else [_text(item) for item in items]
    if kind == "yes_no":
        if text.lower() in _TRUE | _FALSE:
            return text.lower() in _TRUE
        raise ValueError(f"'{text}' is not yes or no")
    if kind == "number":
        if re.fullmatch(r"[-+]?\d{1,9}", text):
            return int(text)
        raise ValueError(f"'{text}' is not a whole number")
    if kind == "decimal":
        try:
            value = float(text)
        except ValueError:
            raise ValueError(f"'{text}' is not a number such as 51.5072") from None
        if not math.isfinite(value) or len(text) > 40:
            raise ValueError(f"'{text}' is not a number such as 51.5072")
        return value
    return text


def row_data(model: type[BaseModel], headers: list[str], cells: list[str]) -> tuple[dict[str, Any], list[str]]:
    """The listing's fields from one row (empty cells left out), and the cells that could not be read."""
    data: dict[str, Any] = {}
    errors: list[str] = []
    for header, cell in zip(headers, cells):
        if not cell.strip():
            continue
        path = header_path(header)
        found = _field_at(model, path)
        if isinstance(found, str):
            continue  # reported once, for the header
        try:
            value = cell_value(cell, *found)
        except ValueError as error:
            errors.append(f"{header.strip()}: {error}")
            continue
        _put(data, path, value)
    return _numbered_to_lists(data), errors


def _put(data: dict[Any, Any], path: tuple[str | int, ...], value: Any) -> None:
    for part in path[:-1]:
        data = data.setdefault(part, {})
    data[path[-1]] = value


def _numbered_to_lists(value: Any) -> Any:
    """{'meetings': {1: {...}, 3: {...}}} -> {'meetings': [{...}, {...}]}: items by their number."""
    if not isinstance(value, dict):
        return value
    if value and all(isinstance(key, int) for key in value):
        return [_numbered_to_lists(value[key]) for key in sorted(value)]
    return {key: _numbered_to_lists(item) for key, item in value.items()}


def column_of(field: str) -> str:
    """A field path as messages write it (meetings[0].start_time) as the template's column (meetings.1.start_time)."""
    return re.sub(r"\[(\d+)\]", lambda m: f".{int(m.group(1)) + 1}", field)


def row_of(data: dict[str, Any]) -> dict[str, str]:
    """A listing's fields (as in its YAML file) as the template's cells: the inverse of row_data."""
    cells: dict[str, str] = {}

    def walk(value: Any, path: tuple[str | int, ...]) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                walk(item, path + (key,))
        elif isinstance(value, list) and value and isinstance(value[0], dict):
            for number, item in enumerate(value, 1):
                walk(item, path + (number,))
        elif isinstance(value, list):
            if value:
                cells[".".join(map(str, path))] = SEPARATOR.join(str(v) for v in value)
        elif isinstance(value, bool):
            cells[".".join(map(str, path))] = "yes" if value else "no"
        elif value is not None:
            cells[".".join(map(str, path))] = str(value)

    walk(data, ())
    return cells

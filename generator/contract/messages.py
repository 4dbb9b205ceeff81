"""Turns pydantic's validation errors into plain sentences at `path:line: field`."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ValidationError

from generator.contract.annotations import model_of
from generator.contract.fields import type_name
from generator.contract.problems import Problem
from generator.contract.suggest import did_you_mean
from generator.contract.time_zones import zone_message
from generator.contract.yaml_loader import FieldPath, LoadedDocument


def field_name(path: FieldPath) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _model_at(model: type[BaseModel], path: FieldPath) -> type[BaseModel] | None:
    current: type[BaseModel] | None = model
    for part in path:
        if current is None:
            return None
        if isinstance(part, int):
            continue
        info = current.model_fields.get(part)
        if info is None:
            return None
        current = model_of(info.annotation)
    return current


def _indentation_hint(model: type[BaseModel], loc: FieldPath) -> str:
    """For a field written at the wrong depth: where it belongs. A field of a part one level
    down ('country' under 'location') was not indented; a field of a level up was indented too far."""
    name = str(loc[-1])
    parent_path = loc[:-1]
    parent = _model_at(model, parent_path)
    if parent is not None:
        homes = [field for field, info in parent.model_fields.items()
                 if (inner := model_of(info.annotation)) is not None and name in inner.model_fields]
        if len(homes) == 1:
            home = field_name(parent_path + (homes[0],))
            return f"; it is a field of '{home}': indent it under '{home}:' like the lines above it"
    for cut in range(len(parent_path) - 1, -1, -1):
        above = _model_at(model, parent_path[:cut])
        if above is not None and name in above.model_fields:
            level = f"'{field_name(parent_path[:cut])}'" if cut else "the top level"
            return f"; it belongs to {level}: indent it less, in line with '{field_name(parent_path[:cut + 1])}:'" if cut else \
                f"; it belongs to the top level: remove the spaces before '{name}:'"
    return ""


def _empty(model: type[BaseModel], loc: FieldPath) -> str:
    """An empty value: a required field must be filled in; an optional one may go."""
    if loc and isinstance(loc[-1], int):
        return "is an empty item; write a value after the '-', or remove the line"
    parent = _model_at(model, loc[:-1])
    info = parent.model_fields.get(str(loc[-1])) if parent is not None and loc else None
    if info is not None and info.is_required():
        if model_of(info.annotation) is not None:
            return f"is required; write its fields on the lines under '{loc[-1]}:', indented by two spaces"
        return f"is required; write its value after '{loc[-1]}:'"
    return f"is empty; write a value after '{loc[-1] if loc else ''}:', or remove the line (the field is optional)"


def _plain(value: Any) -> str:
    text = repr(value) if not isinstance(value, str) else f"'{value}'"
    return text if len(text) <= 60 else text[:57] + "...'"


def listing_countries(data: Any) -> list[str]:
    """The countries a listing's raw data names (its location's, or the ones it serves), even
    when the rest of it is invalid: what a time zone suggestion is drawn from."""
    if not isinstance(data, dict):
        return []
    found: list[str] = []
    location = data.get("location")
    if isinstance(location, dict) and isinstance(location.get("country"), str):
        found.append(location["country"])
    area = data.get("area_served")
    if isinstance(area, dict) and isinstance(area.get("countries"), list):
        found.extend(c for c in area["countries"] if isinstance(c, str))
    return list(dict.fromkeys(found))


def _sentence(error: dict[str, Any], model: type[BaseModel], loc: FieldPath, kind_label: str, data: Any = None) -> str:
    kind = error["type"]
    ctx = error.get("ctx") or {}
    value = error.get("input")
    if kind in ("peerdir", "peerdir_field"):
        return str(error["msg"])
    if kind == "peerdir_zone":
        return zone_message(str(ctx["zone"]), listing_countries(data))
    if value is None and kind != "missing":
        return _empty(model, loc)
    if kind == "missing":
        return "is required but missing"
    if kind == "extra_forbidden":
        parent = _model_at(model, loc[:-1])
        name = str(loc[-1])
        where = f"a {kind_label}" if len(loc) == 1 else f"'{field_name(loc[:-1])}'"
        hint = _indentation_hint(model, loc) or (did_you_mean(name, parent.model_fields) if parent else "")
        return f"'{name}' is not a field of {where}{hint}"
    if kind in ("string_type", "str_type"):
        return f"should be text, not {type_name(value)}; put it in quotes"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"should be a whole number, not {type_name(value) if not isinstance(value, str) else _plain(value)}"
    if kind in ("float_type", "float_parsing"):
        return f"should be a number, not {_plain(value)}"
    if kind == "bool_type":
        return f"should be true or false, not {_plain(value)}"
    if kind == "list_type":
        return f"should be a list ('- item' on each line, or [a, b]), not {type_name(value)}"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return f"should be a set of 'field: value' lines, not {type_name(value)}"
    if kind == "literal_error":
        expected = ctx.get("expected", "")
        options = [part.strip(" '") for part in str(expected).replace(" or ", ",").split(",") if part.strip(" '")]
        hint = did_you_mean(str(value), options) if isinstance(value, str) else ""
        return f"{_plain(value)} is not one of: {', '.join(options)}{hint}"
    if kind == "string_too_short":
        if ctx.get("min_length", 1) <= 1:
            return "is empty; write a value or remove the line"
        return f"is too short: {len(str(value).strip())} characters, at least {ctx['min_length']} needed"
    if kind == "string_too_long":
        return f"is too long: {len(str(value).strip())} characters, at most {ctx['max_length']}"
    if kind == "too_short":
        needed = ctx.get("min_length", 1)
        return f"needs at least {needed} item{'s' if needed != 1 else ''}"
    if kind == "too_long":
        return f"has too many items: at most {ctx.get('max_length')}"
    if kind in ("greater_than_equal", "greater_than"):
        return f"should be at least {ctx.get('ge', ctx.get('gt'))}, not {_plain(value)}"
    if kind in ("less_than_equal", "less_than"):
        return f"should be at most {ctx.get('le', ctx.get('lt'))}, not {_plain(value)}"
    if kind == "string_pattern_mismatch":
        if loc and loc[-1] in ("id", "organization", "provider"):
            return f"{_plain(value)} should be lower-case letters and digits joined by hyphens, e.g. 'grief-circle-leeds'"
        return f"{_plain(value)} is not in the expected form"
    if kind == "dict_keys" or kind.startswith("dict"):
        return "has a key in the wrong form"
    return str(error.get("msg", "is not valid"))


def _each_error(error: ValidationError) -> list[dict[str, Any]]:
    """pydantic's errors, with a model check's several problems ('peerdir_fields') one by one."""
    items = []
    for item in error.errors(include_url=False):
        if item["type"] != "peerdir_fields":
            items.append(item)
            continue
        for field, message in item["ctx"]["problems"]:
            items.append({**item, "type": "peerdir_field", "msg": message, "ctx": {"field": field}})
    return items


def problems_from_validation_error(
    error: ValidationError, model: type[BaseModel], document: LoadedDocument, display: str, kind_label: str
) -> list[Problem]:
    problems = []
    for item in _each_error(error):
        loc: FieldPath = tuple(item["loc"])
        if item["type"] == "peerdir_field":
            extra = item["ctx"]["field"]
            loc = loc + (tuple(extra) if isinstance(extra, (tuple, list)) else (extra,))
        if item["type"] == "missing" or item["type"] == "extra_forbidden":
            line = document.line_of(loc if item["type"] == "extra_forbidden" else loc[:-1])
        else:
            line = document.line_of(loc)
        problems.append(Problem(display, line, field_name(loc), _sentence(item, model, loc, kind_label, document.data)))
    return problems

"""The field reference of CONTRIBUTING.md, generated from the models.

One Markdown table per model (field, required?, what to write, allowed values), so the guide
cannot drift from the data contract. `peerdir docs` rewrites the part of CONTRIBUTING.md between
the markers below; `peerdir docs --check` fails when that part is out of date.
"""

from __future__ import annotations

import datetime as dt
import typing
from typing import Any

import annotated_types
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from generator.contract.annotations import strip, vocabulary_in
from generator.contract.models import Advocate, CrisisLine, Group, Organization, Training, Vocabulary
from generator.contract.models.advocate import PlatformLink
from generator.contract.models.common import Contact, Cost, ListingBase, Place
from generator.contract.models.crisis_line import TextService
from generator.contract.models.group import AreaServed, Joining, Location
from generator.contract.models.meeting import Meeting
from generator.contract.models.training import Cohort, Jurisdiction, Prerequisites

START = "<!-- fields:start -->"
END = "<!-- fields:end -->"

# (heading, model, fields to leave out because another table lists them, introduction)
SECTIONS: list[tuple[str, type[BaseModel], type[BaseModel] | None, str]] = [
    ("Every listing", ListingBase, None,
     "Every group, advocate and training listing has these fields, then the fields of its kind."),
    ("Group", Group, ListingBase, "A file in `directory/groups/`: the common fields above, plus:"),
    ("Location", Location, None, "The `location` of a group: where it meets in person."),
    ("AreaServed", AreaServed, None, "The `area_served` of a group: who it serves, for online groups or programmes of many local groups."),
    ("Joining", Joining, None, "The `joining` of a group: how someone joins."),
    ("Meeting", Meeting, None, "One item of a group's `meetings`: a regular meeting in its own time zone."),
    ("Advocate", Advocate, ListingBase, "A file in `directory/advocates/`: the common fields above, plus:"),
    ("PlatformLink", PlatformLink, None, "One item of an advocate's `platforms`."),
    ("Place", Place, None, "An advocate's `place`: where they are based, if public."),
    ("Training", Training, ListingBase, "A file in `directory/training/`: the common fields above, plus:"),
    ("Jurisdiction", Jurisdiction, None, "One item of a training programme's `jurisdictions`."),
    ("Prerequisites", Prerequisites, None, "A training programme's `prerequisites`."),
    ("Cohort", Cohort, None, "One item of a training programme's `cohorts`."),
    ("Cost", Cost, None, "The `cost` of a group or training programme."),
    ("Contact", Contact, None, "The `contact` of a group or training programme: public details only."),
    ("Organization", Organization, None,
     "A file in `directory/organizations/`: an organisation that hosts groups or provides training (added by maintainers)."),
    ("CrisisLine", CrisisLine, None, "A file in `directory/crisis-lines/`, shown on the crisis page (maintained by maintainers)."),
    ("TextService", TextService, None, "The `sms` of a crisis line."),
]

DOCUMENTED_MODELS: tuple[type[BaseModel], ...] = tuple(model for _, model, _, _ in SECTIONS)

_VALIDATOR_LABELS = {
    "_web_url": "web address (https://...)",
    "_email": "e-mail address",
    "_phone": "phone number, international form, in quotes",
    "_dialled_number": "phone number as dialled, in quotes",
    "_country": "country code (ISO 3166-1, e.g. GB)",
    "_region": "region code (ISO 3166-2, e.g. GB-ENG)",
    "_language": "language tag (BCP 47, e.g. en)",
    "_time_zone": "IANA time zone (e.g. Europe/London)",
    "_iso_date": "date YYYY-MM-DD",
    "_local_time": "time HH:MM, in quotes",
    "_summary": "plain text",
    "_markdown": "Markdown text",
}


def _metadata(annotation: Any) -> list[Any]:
    out: list[Any] = []
    if typing.get_origin(annotation) is typing.Annotated:
        out.extend(annotation.__metadata__)
        out.extend(_metadata(typing.get_args(annotation)[0]))
    return out


def _bounds(meta: list[Any]) -> tuple[Any, Any, Any]:
    low = high = max_length = None
    for item in meta:
        low = getattr(item, "ge", None) if getattr(item, "ge", None) is not None else low
        high = getattr(item, "le", None) if getattr(item, "le", None) is not None else high
        if isinstance(item, annotated_types.MaxLen) or type(item).__name__ == "StringConstraints":
            if getattr(item, "max_length", None) is not None:
                max_length = item.max_length if max_length is None else min(max_length, item.max_length)
    return low, high, max_length


def describe_type(annotation: Any, meta: list[Any], vocabularies: dict[str, Vocabulary]) -> tuple[str, str]:
    """(kind of value, allowed values) of one annotation, in plain words."""
    inner, more = strip(annotation)
    meta = [*meta, *more]
    if typing.get_origin(inner) is list:
        item_type, item_values = describe_type(typing.get_args(inner)[0], [], vocabularies)
        return f"list of {item_type}", item_values
    if isinstance(inner, type) and issubclass(inner, BaseModel):
        return f"[{inner.__name__}](#{inner.__name__.lower()})", ""
    if typing.get_origin(inner) is typing.Literal:
        return "one of", ", ".join(f"`{v}`" for v in typing.get_args(inner))
    vocabulary = vocabulary_in(meta)
    if vocabulary:
        terms = vocabularies[vocabulary].terms if vocabulary in vocabularies else {}
        file = vocabulary.replace("_", "-")
        values = ", ".join(f"`{term}`" for term in terms)
        return "term", f"{values} (from `directory/vocabularies/{file}.yml`)" if values else f"from `directory/vocabularies/{file}.yml`"
    low, high, max_length = _bounds(meta)
    if inner is bool:
        return "`true` or `false`", ""
    if inner is int:
        return "whole number", f"{low} to {high}" if low is not None and high is not None else ""
    if inner is float:
        return "number", f"{low} to {high}" if low is not None and high is not None else ""
    if inner is dt.date:
        return "date YYYY-MM-DD", ""
    if inner is dt.time:
        return "time HH:MM, in quotes", ""
    for item in meta:
        func = getattr(item, "func", None)
        label = _VALIDATOR_LABELS.get(getattr(func, "__name__", ""))
        if label:
            return label, f"up to {max_length} characters" if max_length and label.endswith("text") else ""
    if any(getattr(item, "pattern", None) for item in meta):
        return "id (lower-case words joined by hyphens)", ""
    return "text", f"up to {max_length} characters" if max_length else ""


def _cell(text: str) -> str:
    return " ".join(text.replace("|", "\\|").split())


def model_table(model: type[BaseModel], vocabularies: dict[str, Vocabulary], skip: type[BaseModel] | None = None) -> str:
    rows = ["| Field | Required? | What to write | Type | Allowed values |", "|---|---|---|---|---|"]
    inherited = set(skip.model_fields) if skip else set()
    for name, info in model.model_fields.items():
        if name in inherited:
            continue
        kind, values = describe_type(info.annotation, [*info.metadata, info], vocabularies)
        required = "**yes**" if info.is_required() else "no"
        rows.append(f"| `{name}` | {required} | {_cell(_description(info))} | {_cell(kind)} | {_cell(values)} |")
    return "\n".join(rows)


def _description(info: FieldInfo) -> str:
    text = (info.description or "").strip()
    if not info.is_required() and info.default_factory is None and info.default is not None:
        default = str(info.default).lower() if isinstance(info.default, bool) else info.default
        text += f" Default: `{default}`."
    return text


def field_reference(vocabularies: dict[str, Vocabulary]) -> str:
    """The generated Markdown between the markers (markers excluded)."""
    parts = [
        "<!-- Generated from generator/models by `peerdir docs`; do not edit by hand. -->",
        "",
        "Fields marked **yes** are required. Leave out an optional field you do not know: never guess.",
    ]
    for heading, model, skip, intro in SECTIONS:
        parts += ["", f"### {heading}", "", intro, "", model_table(model, vocabularies, skip)]
    return "\n".join(parts) + "\n"


def replace_section(document: str, generated: str) -> str:
    """`document` with the text between the markers replaced; ValueError if they are missing."""
    start = document.find(START)
    end = document.find(END)
    if start < 0 or end < start:
        raise ValueError(f"the markers '{START}' and '{END}' are missing")
    return document[: start + len(START)] + "\n" + generated + document[end:]


def current_section(document: str) -> str:
    start = document.find(START)
    end = document.find(END)
    if start < 0 or end < start:
        raise ValueError(f"the markers '{START}' and '{END}' are missing")
    return document[start + len(START) : end].lstrip("\n")

"""The validator's field paths back to the form's questions: a problem at `meetings[0].start_time`
is about the question "Start time", as the contributor saw it."""

from __future__ import annotations

import re

from pydantic import BaseModel

from generator.contributors.forms.answers import field_for
from generator.contributors.forms.parse import Form

# Form-only questions that stand for model fields the conversion fills in.
EXTRA_PATHS = {"meeting-frequency": ("meetings[0].frequency", "meetings[0].interval"), "id": ("id",)}


def path_text(path: tuple[str | int, ...]) -> str:
    """('meetings', 0, 'start_time') -> 'meetings[0].start_time', as problems name fields."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


def question_map(form: Form, model: type[BaseModel]) -> dict[str, str]:
    """Model field path -> the label of the form question that fills it."""
    out: dict[str, str] = {}
    for element in form.elements:
        for extra in EXTRA_PATHS.get(element.id, ()):
            out[extra] = element.label
        found = field_for(model, element.id)
        if found is not None:
            out.setdefault(path_text(found[0]), element.label)
    return out


def question_for(field: str, questions: dict[str, str]) -> str:
    """The question a problem at `field` is about: the field's own, its parent's (a nested part),
    or the first question inside it (a problem about a whole group of answers); '' if none."""
    field = field.strip()
    while True:
        if field in questions:
            return questions[field]
        shorter = re.sub(r"(?:\[\d+\]|\.[^.\[]+)$", "", field)
        if shorter == field or not shorter:
            break
        inside = [label for path, label in questions.items() if path.startswith(field + ".") or path.startswith(field + "[")]
        if inside:
            return inside[0]
        field = shorter
    inside = [label for path, label in questions.items() if path.startswith(field + ".") or path.startswith(field + "[")]
    return inside[0] if inside else ""

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
    """Model field path -> the label of the form question that fills it; a nested field's parent
    (`location`) -> the heading of the form's section its questions are in ("Where it meets")."""
    out: dict[str, str] = {}
    parents: dict[str, set[str]] = {}
    for element in form.elements:
        for extra in EXTRA_PATHS.get(element.id, ()):
            out[extra] = element.label
        found = field_for(model, element.id)
        if found is not None:
            path = path_text(found[0])
            out.setdefault(path, element.label)
            parent = re.sub(r"(?:\[\d+\])?\.[^.]+$", "", path)
            if parent != path and element.section:
                parents.setdefault(parent, set()).add(element.section)
    for parent, sections in parents.items():
        if len(sections) == 1:
            out.setdefault(parent, sections.pop())
    return out


def in_words(message: str, questions: dict[str, str]) -> str:
    """A validator sentence with the field names it quotes ('weeks_of_month', min_age) replaced by
    the form's questions, where one question goes by that name."""
    by_name: dict[str, set[str]] = {}
    for path, label in questions.items():
        by_name.setdefault(re.split(r"[.\]]", path)[-1] or path, set()).add(label)
    names = {name: labels.pop() for name, labels in by_name.items() if len(labels) == 1}

    def quoted(match: re.Match[str]) -> str:
        return f"'{names[match.group(1)]}'" if match.group(1) in names else match.group(0)

    def bare(match: re.Match[str]) -> str:
        return f"'{names[match.group(0)]}'" if match.group(0) in names else match.group(0)

    message = re.sub(r"'([a-z][a-z_]*)(?:: [^']*)?'", quoted, message)
    return re.sub(r"(?<!')\b[a-z]+_[a-z_]+\b(?!')", bare, message)


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

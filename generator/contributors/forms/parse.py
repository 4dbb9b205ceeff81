"""Reading a submitted issue form: the forms' elements (.github/ISSUE_TEMPLATE) and the body
GitHub renders from them (`### <label>` headings, each followed by the answer)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from generator.kinds import LISTING_KINDS

NO_RESPONSE = "_No response_"

# Form file -> what it does: a listing folder, "update" or "report".
FORM_ACTIONS = {**{kind.form: kind.folder for kind in LISTING_KINDS}, "update-listing.yml": "update", "report-listing.yml": "report"}


@dataclass(frozen=True)
class FormElement:
    id: str
    type: str
    label: str
    options: tuple[str, ...] = ()
    required: bool = False
    section: str = ""  # the form's heading above it ("Where it meets"), if any


@dataclass(frozen=True)
class Form:
    file: str
    action: str  # a listing folder, "update" or "report"
    elements: tuple[FormElement, ...]

    def element(self, element_id: str) -> FormElement | None:
        return next((e for e in self.elements if e.id == element_id), None)


def parse_form(file: str, text: str) -> Form:
    data = yaml.safe_load(text)
    elements = []
    section = ""
    for item in data.get("body", []):
        if item.get("type") == "markdown":  # not rendered into the issue body; may head a section
            heading = re.match(r"###\s+(.+)", str((item.get("attributes") or {}).get("value", "")).strip())
            section = heading.group(1).strip() if heading else section
            continue
        attributes = item.get("attributes", {})
        options = tuple(o["label"] if isinstance(o, dict) else str(o) for o in attributes.get("options", []))
        required = bool((item.get("validations") or {}).get("required"))
        elements.append(FormElement(item["id"], item["type"], attributes["label"], options, required, section))
    return Form(file, FORM_ACTIONS.get(file, ""), tuple(elements))


def load_forms(folder: Path) -> list[Form]:
    return [parse_form(path.name, path.read_text(encoding="utf-8")) for path in sorted(folder.glob("*.yml"))
            if path.name in FORM_ACTIONS]


Answer = str | list[str] | None


def _headings(body: str) -> list[str]:
    return [m.group(1).strip() for m in re.finditer(r"(?m)^### (.+?)\s*$", body)]


def detect_form(body: str, forms: list[Form]) -> Form | None:
    """The form whose every required question is a heading of the body, the one with most
    questions answered winning. Optional questions may be missing: an issue made with an
    earlier version of a form still reads."""
    headings = set(_headings(_normalise(body)))
    matching = [f for f in forms if f.elements and all(e.label in headings for e in f.elements if e.required)
                and any(e.label in headings for e in f.elements)]
    return max(matching, key=lambda f: (sum(e.label in headings for e in f.elements), -len(f.elements))) if matching else None


def closest_form(body: str, forms: list[Form]) -> Form | None:
    """The form most of whose questions are headings of the body (at least half), or None: a
    body whose required question was renamed or deleted, so the message can name it."""
    headings = set(_headings(_normalise(body)))
    scored = [(sum(e.label in headings for e in f.elements) / len(f.elements), f) for f in forms if f.elements]
    best = max(scored, key=lambda pair: pair[0], default=(0.0, None))
    return best[1] if best[0] >= 0.5 else None


def _normalise(body: str) -> str:
    return body.replace("\r\n", "\n").replace("\r", "\n")


def parse_body(body: str, form: Form) -> dict[str, Answer]:
    """Answers by element id. Headings are found in the form's order, so a '### ' line typed
    inside an answer does not end it unless it repeats the next label exactly."""
    body = "\n" + _normalise(body)
    positions: list[tuple[FormElement, int, int]] = []
    cursor = 0
    for element in form.elements:
        match = re.compile(rf"\n### {re.escape(element.label)}[ \t]*\n").search(body, cursor)
        if match is None and not element.required:
            continue  # a question added to the form after this issue was made
        if match is None:
            raise ValueError(f"the issue has no '{element.label}' question; please open a new issue with the "
                             f"form that fits, or put the question back as '### {element.label}'")
        positions.append((element, match.start(), match.end()))
        cursor = match.end()
    answers: dict[str, Answer] = {}
    for index, (element, _, end) in enumerate(positions):
        stop = positions[index + 1][1] if index + 1 < len(positions) else len(body)
        answers[element.id] = _answer(element, body[end:stop])
    return answers


def _answer(element: FormElement, raw: str) -> Answer:
    text = raw.strip("\n").strip()
    if element.type == "checkboxes":
        return [m.group(1).strip() for m in re.finditer(r"(?m)^\s*- \[[xX]\] (.+)$", text)]
    if not text or text == NO_RESPONSE:
        return None
    fence = re.fullmatch(r"```[\w-]*\n(.*?)\n?```", text, re.S)
    if fence:
        text = fence.group(1)
        return text if text.strip() else None
    if element.type == "dropdown":
        if text == "None":
            return None
        if element.options and text not in element.options:
            # Several choices are joined with ", "; options may not contain ", " themselves.
            return [part.strip() for part in text.split(", ") if part.strip()]
        return [text]
    return text



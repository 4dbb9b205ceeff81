"""`peerdir from-issue`: the body of a submitted GitHub issue form -> a listing file.

Pure: text in, text out. The CLI reads the forms and the directory, validates the result with the
same `load_catalog()` as `peerdir validate`, and writes the file only if it is valid.

GitHub renders a submitted form as `### <label>` headings, each followed by the answer,
`_No response_` for an empty one, `- [X] option` for ticked checkboxes and `A, B` for a
multiple-choice dropdown. The form's element ids name the model fields (`-` joins nested ones:
`location-locality` is `location.locality`, `meeting-days` is `meetings[0].days`); the labels
connect the rendered body back to those ids.

- add-group / add-advocate / add-training: a new listing (`status: active`, `last_reviewed`
  today, `reviewed_by` the submitter).
- update-listing: if the `current` YAML differs from the file, the edited YAML becomes the new
  file (kept as written, so the pull request shows only the edit); if "still correct" is ticked,
  `last_reviewed`/`reviewed_by` are renewed. With neither, nothing is written: the changes in
  words are printed for a maintainer.
- report-listing: "It has closed" / "It is paused" set `status` and `status_note`; other reports
  are printed for a maintainer.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass, field
from typing import Any, Callable
from urllib.parse import urlsplit


from generator.contract.catalog import MODELINE
from generator.contract.fields import KEBAB_ID
from generator.contract.models import Vocabulary
from generator.kinds import MODELS
from generator.contract.yaml_loader import YamlProblem, parse_yaml_text

from generator.contributors.forms.answers import REVIEW_FIELDS, SPECIAL_LISTS, _convert, field_for, _ordered, _set, slugify
from generator.contributors.forms.listing_text import dump_listing, modeline, set_top_level
from generator.contributors.forms.parse import Answer, Form, detect_form, parse_body, _normalise

# Form ids that are not model fields.
FORM_ONLY_IDS = {"id", "notes_for_reviewer", "criteria", "meeting-frequency"}
FREQUENCIES = {
    "every week": ("weekly", 1),
    "every two weeks": ("weekly", 2),
    "every three weeks": ("weekly", 3),
    "every four weeks": ("weekly", 4),
    "monthly, on the weeks ticked below": ("monthly", 1),
}
REPORT_STATUS = {"it has closed": "closed", "it is paused or not meeting for now": "paused"}




@dataclass
class Conversion:
    """What a submitted form turns into."""

    action: str  # "create", "update" or "none"
    folder: str = ""
    listing_id: str = ""
    text: str = ""  # the listing file to write
    notes: list[str] = field(default_factory=list)  # for the reviewer; printed, never written
    errors: list[str] = field(default_factory=list)  # the form cannot be converted at all
    previous: str = ""  # for updates: the file before


ListingLookup = Callable[[str], "tuple[str, str] | None"]


def convert_new(answers: dict[str, Answer], form: Form, vocabularies: dict[str, Vocabulary], today: dt.date, reviewed_by: str) -> Conversion:
    folder = form.action
    model = MODELS[folder]
    data: dict[str, Any] = {}
    notes: list[str] = []
    for element in form.elements:
        answer = answers.get(element.id)
        if element.id in FORM_ONLY_IDS or answer in (None, []):
            continue
        if element.id in SPECIAL_LISTS and isinstance(answer, str):
            data[element.id] = SPECIAL_LISTS[element.id](answer, vocabularies)
            continue
        if element.id in ("organization", "provider") and isinstance(answer, str) and not KEBAB_ID.match(answer.strip()):
            name = answer.strip()
            notes.append(f"'{element.id}' was given as the name '{name}'; the listing uses the id '{slugify(name)}', "
                         f"which needs a file directory/organizations/{slugify(name)}.yml")
            data[element.id] = slugify(name)
            continue
        found = field_for(model, element.id)
        if found is None:
            notes.append(f"the form field '{element.id}' is not part of the data model and was left out")
            continue
        path, info = found
        value = _convert(answer, info, vocabularies)
        if value is not None:
            _set(data, path, value)

    frequency = answers.get("meeting-frequency")
    if isinstance(frequency, list) and frequency and "meetings" in data:
        rule = FREQUENCIES.get(frequency[0].lower())
        if rule:
            data["meetings"][0]["frequency"] = rule[0]
            if rule[1] > 1:
                data["meetings"][0]["interval"] = rule[1]
        else:
            notes.append(f"unknown meeting frequency '{frequency[0]}'")
    elif "meetings" in data:
        data["meetings"][0].setdefault("frequency", "monthly" if data["meetings"][0].get("weeks_of_month") else "weekly")

    requested = answers.get("id")
    name = answers.get("name") if isinstance(answers.get("name"), str) else ""
    listing_id = ""
    if isinstance(requested, str) and requested.strip():
        listing_id = requested.strip().lower()
        if not KEBAB_ID.match(listing_id):
            listing_id = slugify(listing_id)
            notes.append(f"the requested id '{requested.strip()}' was made into '{listing_id}'")
    elif name:
        listing_id = slugify(str(name))
    if not listing_id:
        return Conversion("none", folder, errors=["the form has no name to make the listing's id from"])

    data["id"] = listing_id
    data["status"] = "active"
    data["last_reviewed"] = today.isoformat()
    data["reviewed_by"] = reviewed_by
    if folder == "advocates" and data.get("listing_basis") == "consent_on_file":
        notes.append("listing_basis is consent_on_file: a maintainer must record the person's consent privately "
                     "(never in the repository), then add 'consent_recorded: YYYY-MM-DD'")
    for_reviewer = answers.get("notes_for_reviewer")
    if isinstance(for_reviewer, str):
        notes.append("from the submitter: " + for_reviewer.strip())
    ordered = _ordered(data, model)
    ordered = {**{k: v for k, v in ordered.items() if k not in REVIEW_FIELDS}, **{k: ordered[k] for k in REVIEW_FIELDS if k in ordered}}
    return Conversion("create", folder, listing_id, dump_listing(folder, ordered), notes)


def _listing_id(answer: Answer) -> str:
    value = (answer if isinstance(answer, str) else "").strip().strip("`").strip()
    if value.startswith(("http://", "https://")):
        path = urlsplit(value).path.rstrip("/")
        value = path.rsplit("/", 1)[-1].removesuffix(".html").removesuffix(".yml")
    return value


def _diff(before: str, after: str, path: str) -> str:
    return "".join(difflib.unified_diff(before.splitlines(True), after.splitlines(True), f"a/{path}", f"b/{path}"))


def _existing_listing(answers: dict[str, Answer], lookup: ListingLookup) -> tuple[str, str, str] | Conversion:
    """(folder, id, current file text) of the listing a form names, or the Conversion saying why not."""
    listing_id = _listing_id(answers.get("listing"))
    if not KEBAB_ID.match(listing_id):
        return Conversion("none", errors=[f"'{listing_id}' is not a listing id (lower-case words joined by hyphens)"])
    found = lookup(listing_id)
    if found is None:
        return Conversion("none", listing_id=listing_id, errors=[f"there is no listing with the id '{listing_id}'"])
    folder, before = found
    return folder, listing_id, before


def convert_update(answers: dict[str, Answer], lookup: ListingLookup, today: dt.date, reviewed_by: str) -> Conversion:
    found = _existing_listing(answers, lookup)
    if isinstance(found, Conversion):
        return found
    folder, listing_id, before = found
    text = before
    notes: list[str] = []
    current = answers.get("current")
    if isinstance(current, str) and current.strip():
        try:
            edited = parse_yaml_text(current).data
        except YamlProblem as problem:
            return Conversion("none", folder, listing_id, errors=[f"the 'current' details are not valid YAML (line {problem.line}): {problem.message}"])
        original = parse_yaml_text(before).data
        if edited.get("id", listing_id) != listing_id:
            return Conversion("none", folder, listing_id, errors=["the 'current' details change the listing's id; an id cannot change through this form"])
        if {k: v for k, v in edited.items() if k != "id"} != {k: v for k, v in original.items() if k != "id"}:
            body = _normalise(current).strip("\n")
            lines = [line for line in body.split("\n") if not line.startswith(MODELINE)]
            if not any(re.match(r"id\s*:", line) for line in lines):
                lines.insert(0, f"id: {listing_id}")
            text = modeline(folder) + "\n" + "\n".join(lines) + "\n"
    still_correct = answers.get("still_correct")
    if still_correct:
        text = set_top_level(text, "last_reviewed", today.isoformat())
        text = set_top_level(text, "reviewed_by", reviewed_by, after="last_reviewed")
    changes = answers.get("changes")
    if isinstance(changes, str):
        notes.append("changes described by the submitter: " + changes.strip())
    if text == before:
        notes.insert(0, "no edits to the file: a maintainer makes the changes described")
        return Conversion("none", folder, listing_id, notes=notes, previous=before)
    return Conversion("update", folder, listing_id, text, notes, previous=before)


def convert_report(answers: dict[str, Answer], lookup: ListingLookup, today: dt.date, reviewed_by: str) -> Conversion:
    found = _existing_listing(answers, lookup)
    if isinstance(found, Conversion):
        return found
    folder, listing_id, before = found
    problem = answers.get("problem")
    choice = problem[0] if isinstance(problem, list) and problem else ""
    details = answers.get("details") if isinstance(answers.get("details"), str) else ""
    notes = [f"reported: {choice}", f"details: {str(details).strip()}"]
    status = REPORT_STATUS.get(choice.lower())
    if status is None:
        notes.insert(0, "no edits to the file: a maintainer checks the report")
        return Conversion("none", folder, listing_id, notes=notes, previous=before)
    note = " ".join(str(details).split())
    if len(note) > 200:
        note = note[:197].rsplit(" ", 1)[0] + "..."
    text = set_top_level(before, "status", status)
    text = set_top_level(text, "status_note", note or f"Reported {status} on {today.isoformat()}.", after="status")
    return Conversion("update", folder, listing_id, text, notes, previous=before)


def convert(body: str, forms: list[Form], vocabularies: dict[str, Vocabulary], *, today: dt.date, reviewed_by: str,
            lookup: ListingLookup, form_file: str | None = None) -> Conversion:
    """Turn a rendered issue body into a Conversion; `lookup(id)` returns (folder, file text) of a listing."""
    if form_file:
        form = next((f for f in forms if f.file == form_file), None)
        if form is None:
            return Conversion("none", errors=[f"there is no issue form '{form_file}'"])
    else:
        form = detect_form(body, forms)
        if form is None:
            return Conversion("none", errors=["the issue was not made with one of the directory's forms (add, update or report)"])
    try:
        answers = parse_body(body, form)
    except ValueError as error:
        return Conversion("none", errors=[str(error)])
    if form.action == "update":
        return convert_update(answers, lookup, today, reviewed_by)
    if form.action == "report":
        return convert_report(answers, lookup, today, reviewed_by)
    return convert_new(answers, form, vocabularies, today, reviewed_by)


def diff(conversion: Conversion) -> str:
    path = f"directory/{conversion.folder}/{conversion.listing_id}.yml"
    return _diff(conversion.previous, conversion.text, path)

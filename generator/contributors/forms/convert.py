"""`peerdir from-issue`: the body of a submitted GitHub issue form -> a listing file.

Pure: text in, text out. The CLI reads the forms and the directory, validates the result with the
same `load_catalog()` as `peerdir validate`, and writes the file only if it is valid.

GitHub renders a submitted form as `### <label>` headings, each followed by the answer,
`_No response_` for an empty one, `- [X] option` for ticked checkboxes and `A, B` for a
multiple-choice dropdown. The form's element ids name the model fields (`-` joins nested ones:
`location-locality` is `location.locality`, `meeting-days` is `meetings[0].days`); the labels
connect the rendered body back to those ids, and name the question in every message.

- add-group / add-advocate / add-training (here): a new listing (`status: active`,
  `last_reviewed` today, `reviewed_by` the submitter). Everyday answers are normalised
  (`normalise.py`); an answer that cannot be read for sure is an error naming its question.
- update-listing (`update.py`): only the fields the contributor changed, against the version
  the form was pre-filled from.
- report-listing (`report.py`): closed or paused, with a fixed public note.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from generator.contract.fields import KEBAB_ID
from generator.contract.models import Vocabulary
from generator.kinds import MODELS

from generator.contributors import normalise
from generator.contributors.forms.answers import REVIEW_FIELDS, SPECIAL_LISTS, _ordered, _set, convert_answer, field_for, slugify
from generator.contributors.forms.hosts import host_organisation
from generator.contributors.forms.listing_text import dump_listing
from generator.contributors.forms.outcome import Conversion, Directory, FormError, Reading
from generator.contributors.forms.parse import Answer, Form, closest_form, detect_form, parse_body
from generator.contributors.forms.questions import question_map
from generator.contributors.forms.report import convert_report
from generator.contributors.forms.update import convert_update

# Form ids that are not model fields.
FORM_ONLY_IDS = {"id", "notes_for_reviewer", "criteria", "meeting-frequency", "organization_website", "provider_website"}
FREQUENCIES = {
    "every week": ("weekly", 1),
    "every two weeks": ("weekly", 2),
    "every three weeks": ("weekly", 3),
    "every four weeks": ("weekly", 4),
    "monthly, on the weeks ticked below": ("monthly", 1),
}
# Element ids whose answer is the listing's country (the first one answered wins): phone
# numbers and time-zone abbreviations are read in it.
COUNTRY_IDS = ("location-country", "place-country", "area_served-countries", "country")
HOST_IDS = ("organization", "provider")


def _shown(answer: Answer) -> str:
    return ", ".join(answer) if isinstance(answer, list) else str(answer or "").strip()


def _listing_country(answers: dict[str, Answer]) -> str | None:
    jurisdictions = answers.get("jurisdictions")
    if isinstance(jurisdictions, str) and ":" in jurisdictions:  # a training programme: where it certifies
        try:
            return normalise.place(jurisdictions.strip().split(":", 1)[0].lstrip("-* "))[0]
        except normalise.Unreadable:
            return None
    for element_id in COUNTRY_IDS:
        answer = answers.get(element_id)
        first = answer[0] if isinstance(answer, list) and answer else answer
        if isinstance(first, str) and first.strip():
            try:
                return normalise.country(first.split(",")[0])
            except normalise.Unreadable:
                return None
    return None


def _frequency(answers: dict[str, Answer], form: Form, data: dict[str, Any]) -> FormError | None:
    """How often the meeting repeats: chosen on the form, never assumed."""
    element = form.element("meeting-frequency")
    frequency = answers.get("meeting-frequency")
    choice = frequency[0] if isinstance(frequency, list) and frequency else ""
    if element is None or "meetings" not in data:
        days = form.element("meeting-days")
        if element is not None and choice and days is not None:
            return FormError(days.label, f"you chose '{choice}' under '{element.label}'; please tick the day it meets too")
        return None
    rule = FREQUENCIES.get(choice.lower())
    if rule is None:
        return FormError(element.label, "please choose how often it meets (or leave the meeting questions empty and "
                                        "say where people find the times)")
    data["meetings"][0]["frequency"] = rule[0]
    if rule[1] > 1:
        data["meetings"][0]["interval"] = rule[1]
    return None


def convert_new(answers: dict[str, Answer], form: Form, vocabularies: dict[str, Vocabulary], today: dt.date,
                reviewed_by: str, directory: Directory) -> Conversion:
    folder = form.action
    model = MODELS[folder]
    data: dict[str, Any] = {}
    result = Conversion("create", folder, questions=question_map(form, model))
    country = _listing_country(answers)
    for element in form.elements:
        answer = answers.get(element.id)
        if element.id in FORM_ONLY_IDS or answer in (None, []) or element.id in HOST_IDS:
            continue
        try:
            if element.id in SPECIAL_LISTS and isinstance(answer, str):
                data[element.id] = SPECIAL_LISTS[element.id](answer, vocabularies)
                continue
            found = field_for(model, element.id)
            if found is None:
                result.notes.append(f"the form field '{element.id}' is not part of the data model and was left out")
                continue
            path, info = found
            value = convert_answer(answer, info, str(path[-1]), vocabularies, country)
        except normalise.Unreadable as error:
            result.errors.append(FormError(element.label, str(error)))
            continue
        if value is None:
            continue
        if element.id in ("location-country", "place-country"):
            region = normalise.place(_shown(answer))[1]
            region_id = element.id.replace("country", "region")
            if region and not answers.get(region_id):  # 'England' is the country GB, region GB-ENG
                _set(data, (*path[:-1], "region"), region)
                result.readings.append(Reading(element.label, _shown(answer), f"{value} (region {region})"))
                _set(data, path, value)
                continue
        shown_value = ", ".join(map(str, value)) if isinstance(value, list) else str(value)
        if element.type == "input" and shown_value != _shown(answer):
            result.readings.append(Reading(element.label, _shown(answer), shown_value))
        _set(data, path, value)

    missing_frequency = _frequency(answers, form, data)
    if missing_frequency:
        result.errors.append(missing_frequency)
    for element_id in HOST_IDS:
        element = form.element(element_id)
        if element is not None and isinstance(answers.get(element_id), str):
            website = form.element(f"{element_id}_website")
            host_organisation(element, website.label if website else "", str(answers[element_id]).strip(), answers, data, result, directory, country, today, reviewed_by)

    requested = answers.get("id")
    name = answers.get("name") if isinstance(answers.get("name"), str) else ""
    listing_id = ""
    if isinstance(requested, str) and requested.strip():
        listing_id = requested.strip().lower()
        if not KEBAB_ID.match(listing_id):
            listing_id = slugify(listing_id)
            result.readings.append(Reading(form.element("id").label, requested.strip(), listing_id))  # type: ignore[union-attr]
    elif name:
        listing_id = slugify(str(name))
    if not listing_id:
        label = form.element("name").label if form.element("name") else ""
        result.errors.append(FormError(label, "we need a name to make the listing's web address from"))
        listing_id = "new-listing"

    data["id"] = listing_id
    data["status"] = "active"
    data["last_reviewed"] = today.isoformat()
    data["reviewed_by"] = reviewed_by
    if folder == "advocates" and data.get("listing_basis") == "consent_on_file":
        result.notes.append("listing_basis is consent_on_file: a maintainer must record the person's consent privately "
                            "(never in the repository), then add 'consent_recorded: YYYY-MM-DD'")
    for_reviewer = answers.get("notes_for_reviewer")
    if isinstance(for_reviewer, str):
        result.notes.append("from the submitter: " + for_reviewer.strip())
    ordered = _ordered(data, model)
    ordered = {**{k: v for k, v in ordered.items() if k not in REVIEW_FIELDS}, **{k: ordered[k] for k in REVIEW_FIELDS if k in ordered}}
    result.listing_id = listing_id
    # With errors the text is still checked (so every problem is reported at once), never written.
    result.text = dump_listing(folder, ordered)
    result.action = "none" if result.errors else "create"
    return result


def convert(body: str, forms: list[Form], vocabularies: dict[str, Vocabulary], *, today: dt.date, reviewed_by: str,
            directory: Directory, form_file: str | None = None) -> Conversion:
    """Turn a rendered issue body into a Conversion."""
    if form_file:
        form = next((f for f in forms if f.file == form_file), None)
        if form is None:
            return Conversion("none", errors=[FormError("", f"there is no issue form '{form_file}'")])
    else:
        form = detect_form(body, forms) or closest_form(body, forms)
        if form is None:
            return Conversion("none", errors=[FormError("", "this issue was not made with one of the directory's forms; "
                                                            "please open a new issue and choose the form that fits (add, update or report)")])
    try:
        answers = parse_body(body, form)
    except ValueError as error:
        return Conversion("none", errors=[FormError("", str(error))])
    if form.action == "update":
        return convert_update(answers, form, directory, today, reviewed_by)
    if form.action == "report":
        return convert_report(answers, form, directory, today)
    return convert_new(answers, form, vocabularies, today, reviewed_by, directory)

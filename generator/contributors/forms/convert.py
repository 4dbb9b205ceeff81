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
import typing
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable
from urllib.parse import urlsplit

import pycountry
import yaml
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from generator.contract.annotations import item_type, model_of, vocabulary_of
from generator.contract.catalog import MODELINE, SCHEMA_NAMES
from generator.contract.fields import KEBAB_ID
from generator.contract.models import Vocabulary
from generator.kinds import LISTING_FOLDERS, LISTING_KINDS, MODELS
from generator.contract.yaml_loader import YamlProblem, parse_yaml_text

NO_RESPONSE = "_No response_"

# Form file -> what it does: a listing folder, "update" or "report".
FORM_ACTIONS = {**{kind.form: kind.folder for kind in LISTING_KINDS}, "update-listing.yml": "update", "report-listing.yml": "report"}
# Form ids that are not model fields.
FORM_ONLY_IDS = {"id", "notes_for_reviewer", "criteria", "meeting-frequency"}
# A form id prefix standing for an item of a list field: `meeting-days` -> meetings[0].days.
ALIASES = {"meeting": ("meetings", 0)}

WEEKS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "last": -1}
FREQUENCIES = {
    "every week": ("weekly", 1),
    "every two weeks": ("weekly", 2),
    "every three weeks": ("weekly", 3),
    "every four weeks": ("weekly", 4),
    "monthly, on the weeks ticked below": ("monthly", 1),
}
ENTITIES = {"a person": "person", "an organisation": "organization", "an organization": "organization"}
YES_NO = {"yes": True, "no": False, "true": True, "false": False}
PLATFORM_HOSTS = {
    "youtube.com": "youtube", "youtu.be": "youtube", "instagram.com": "instagram", "tiktok.com": "tiktok",
    "facebook.com": "facebook", "fb.com": "facebook", "x.com": "x", "twitter.com": "x", "bsky.app": "bluesky",
    "threads.net": "threads", "threads.com": "threads", "linkedin.com": "linkedin", "substack.com": "newsletter",
}
REPORT_STATUS = {"it has closed": "closed", "it is paused or not meeting for now": "paused"}


# ----------------------------------------------------------------------------- forms and bodies


@dataclass(frozen=True)
class FormElement:
    id: str
    type: str
    label: str
    options: tuple[str, ...] = ()


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
    for item in data.get("body", []):
        if item.get("type") == "markdown":
            continue  # not rendered into the issue body
        attributes = item.get("attributes", {})
        options = tuple(o["label"] if isinstance(o, dict) else str(o) for o in attributes.get("options", []))
        elements.append(FormElement(item["id"], item["type"], attributes["label"], options))
    return Form(file, FORM_ACTIONS.get(file, ""), tuple(elements))


def load_forms(folder: Path) -> list[Form]:
    return [parse_form(path.name, path.read_text(encoding="utf-8")) for path in sorted(folder.glob("*.yml"))
            if path.name in FORM_ACTIONS]


Answer = str | list[str] | None


def _headings(body: str) -> list[str]:
    return [m.group(1).strip() for m in re.finditer(r"(?m)^### (.+?)\s*$", body)]


def detect_form(body: str, forms: list[Form]) -> Form | None:
    """The form whose every label is a heading of the body (the one with most labels wins)."""
    headings = set(_headings(_normalise(body)))
    matching = [f for f in forms if f.elements and all(e.label in headings for e in f.elements)]
    return max(matching, key=lambda f: len(f.elements)) if matching else None


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
        if match is None:
            raise ValueError(f"the issue has no '### {element.label}' section; was it made with the '{form.file}' form?")
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


# ----------------------------------------------------------------------------- values


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    while len(slug) > 80:
        slug = slug.rsplit("-", 1)[0] if "-" in slug else slug[:80]
    return slug


def _lines(text: str) -> list[str]:
    out = []
    for line in text.splitlines():
        line = re.sub(r"^\s*(?:[-*•]|\d+[.)])\s+", "", line).strip()
        if line:
            out.append(line)
    return out


def _items(text: str) -> list[str]:
    return [part for part in re.split(r"[,;\s]+", text.strip()) if part]


def _country(value: str) -> str:
    value = value.strip()
    if len(value) == 2:
        return value.upper()
    try:
        return pycountry.countries.lookup(value).alpha_2
    except LookupError:
        return value  # validation explains


def _term(value: str, vocabulary: Vocabulary | None) -> str:
    value = value.strip()
    if vocabulary is None:
        return value
    if value in vocabulary.terms:
        return value
    for term, entry in vocabulary.terms.items():
        if entry.label.casefold() == value.casefold():
            return term
    guess = value.strip().lower().replace(" ", "_").replace("-", "_")
    return guess if guess in vocabulary.terms else value


def _validator_names(meta: list[Any]) -> set[str]:
    return {getattr(getattr(item, "func", None), "__name__", "") for item in meta}


def field_for(model: type[BaseModel], element_id: str) -> tuple[tuple[str | int, ...], FieldInfo] | None:
    """The data path and model field of a form element id, or None if it is not a model field."""
    parts = element_id.split("-")
    path: tuple[str | int, ...] = ()
    current: type[BaseModel] = model
    info: FieldInfo | None = None
    for index, part in enumerate(parts):
        if index < len(parts) - 1 and part in ALIASES:
            name, position = ALIASES[part]
            path += (name, position)
        else:
            name = part
            path += (name,)
        info = current.model_fields.get(name)
        if info is None:
            return None
        if index < len(parts) - 1:
            inner = model_of(info.annotation)
            if inner is None:
                return None
            current = inner
    assert info is not None
    return path, info


def _convert(answer: Answer, info: FieldInfo, vocabularies: dict[str, Vocabulary]) -> Any:
    inner, is_list, meta = item_type(info.annotation)
    meta = [*info.metadata, *meta]
    vocabulary = vocabulary_of(info)
    validators = _validator_names(meta)
    values = answer if isinstance(answer, list) else None
    text = answer if isinstance(answer, str) else None

    def one(value: str) -> Any:
        value = value.strip()
        if vocabulary:
            return _term(value, vocabularies.get(vocabulary))
        if "_country" in validators:
            return _country(value)
        if "_region" in validators:
            return value.upper() if re.fullmatch(r"[A-Za-z]{2}-[A-Za-z0-9]{1,3}", value) else value
        if typing.get_origin(inner) is typing.Literal:
            choices = typing.get_args(inner)
            lowered = value.lower()
            if lowered in choices:
                return lowered
            if lowered in WEEKS and WEEKS[lowered] in choices:
                return WEEKS[lowered]
            if lowered in ENTITIES and ENTITIES[lowered] in choices:
                return ENTITIES[lowered]
            return value
        if inner is int:
            return int(value) if re.fullmatch(r"[0-9]+", value) else value
        if inner is bool:
            return YES_NO.get(value.lower(), value)
        return value

    if is_list:
        if values is None:
            if text is None:
                return None
            structured = vocabulary or validators & {"_country", "_region", "_language"}
            values = _items(text) if structured else _lines(text)
        return [one(v) for v in values] or None
    if inner is bool and isinstance(answer, list):
        # A checkbox ("- [X] ..."), or a Yes/No dropdown.
        if len(answer) == 1 and answer[0].lower() in YES_NO:
            return YES_NO[answer[0].lower()]
        return True if answer else None
    if values is not None:
        return one(values[0]) if values else None
    return one(text) if text is not None else None


def _set(data: dict[str, Any], path: tuple[str | int, ...], value: Any) -> None:
    node: Any = data
    for part, following in zip(path, path[1:]):
        if isinstance(part, int):
            while len(node) <= part:
                node.append({})
            node = node[part]
        else:
            node = node.setdefault(part, [] if isinstance(following, int) else {})
    node[path[-1]] = value


# Listing fields written last, after what the listing is: how and when it was checked.
REVIEW_FIELDS = ("status", "status_note", "last_reviewed", "reviewed_by", "source")


def _ordered(data: Any, model: type[BaseModel] | None) -> Any:
    """`data` with keys in the model's field order, and empty parts removed."""
    if isinstance(data, list):
        item_model = model
        items = [_ordered(item, item_model) for item in data]
        return [item for item in items if item not in ({}, None, [])]
    if not isinstance(data, dict) or model is None:
        return data
    out: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        if name not in data:
            continue
        sub = model_of(info.annotation)
        value = _ordered(data[name], sub)
        if value in ({}, None, []):
            continue
        out[name] = value
    return out


def _platform_links(text: str, vocabularies: dict[str, Vocabulary]) -> list[dict[str, Any]]:
    terms = vocabularies.get("platforms")
    links = []
    for line in _lines(text):
        match = re.match(r"(?:(?P<platform>[^\s:]+(?: \([^)]*\))?)\s*:?\s+)?(?P<url>https?://\S+)(?:\s+(?P<handle>\S.*))?$", line)
        if not match:
            links.append({"platform": "website", "url": line})
            continue
        url = match["url"]
        platform = _term(match["platform"], terms) if match["platform"] else ""
        if not platform:
            host = (urlsplit(url).hostname or "").lower().removeprefix("www.").removeprefix("m.")
            platform = next((term for suffix, term in PLATFORM_HOSTS.items() if host == suffix or host.endswith("." + suffix)), "website")
        link: dict[str, Any] = {"platform": platform}
        if match["handle"]:
            link["handle"] = match["handle"].strip()
        link["url"] = url
        links.append(link)
    return links


def _jurisdictions(text: str) -> list[dict[str, Any]]:
    out = []
    for line in _lines(text):
        code, _, rest = line.partition(":")
        body, _, counts = rest.partition("|")
        code = code.strip()
        item: dict[str, Any] = {}
        if re.fullmatch(r"[A-Za-z]{2}-[A-Za-z0-9]{1,3}", code):
            item["country"] = code[:2].upper()
            item["region"] = code.upper()
        else:
            item["country"] = _country(code)
        if body.strip():
            item["certifying_body"] = body.strip()
        if counts.strip():
            item["counts_towards"] = counts.strip()
        out.append(item)
    return out


_DATE = r"\d{4}-\d{2}-\d{2}"


def _cohorts(text: str) -> list[dict[str, Any]]:
    out = []
    for line in _lines(text):
        dates = re.findall(_DATE, line)
        if not dates:
            continue
        item: dict[str, Any] = {"starts_on": dates[0]}
        ends = re.search(rf"\bto\s+({_DATE})", line)
        deadline = re.search(rf"\b(?:apply|applications?)\b[^0-9]*({_DATE})", line, re.I)
        if ends:
            item["ends_on"] = ends.group(1)
        if deadline:
            item["application_deadline"] = deadline.group(1)
        lowered = line.lower()
        for term in ("in_person", "online", "hybrid"):
            if term.replace("_", " ") in lowered or term in lowered:
                item["format"] = term
                break
        out.append(item)
    return out


SPECIAL_LISTS: dict[str, Callable[[str, dict[str, Vocabulary]], list[dict[str, Any]]]] = {
    "platforms": _platform_links,
    "jurisdictions": lambda text, _: _jurisdictions(text),
    "cohorts": lambda text, _: _cohorts(text),
}


# ----------------------------------------------------------------------------- YAML output


class _Dumper(yaml.SafeDumper):
    pass


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if "\n" in value:
        value = "\n".join(line.rstrip() for line in value.strip("\n").splitlines()) + "\n"
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


_Dumper.add_representer(str, _represent_str)
# Dates stay plain (2026-03-02, as people write them; the strict loader reads them as text). Every
# other YAML 1.1 look-alike ('18:30', 'NO', 'yes', '012') is still quoted.
_Dumper.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeDumper.yaml_implicit_resolvers.items()
}


def modeline(folder: str) -> str:
    return f"{MODELINE}../../schemas/{SCHEMA_NAMES[folder]}.schema.json"


def dump_listing(folder: str, data: dict[str, Any]) -> str:
    body = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, default_flow_style=False, width=4096)
    return modeline(folder) + "\n" + body


def set_top_level(text: str, key: str, value: Any, after: str | None = None) -> str:
    """`text` with the top-level `key` set to `value`, keeping every other line as written.

    Replaces the key's line (and any indented continuation lines); a missing key goes after the
    `after` key, or at the end.
    """
    if isinstance(value, str) and re.fullmatch(_DATE, value):
        rendered = f"{key}: {value}"
    else:
        rendered = yaml.dump({key: value}, Dumper=_Dumper, allow_unicode=True, width=4096).rstrip("\n")
    lines = text.rstrip("\n").split("\n")

    def extent(name: str) -> tuple[int, int] | None:
        for index, line in enumerate(lines):
            if re.match(rf"{re.escape(name)}\s*:", line):
                end = index + 1
                while end < len(lines) and (lines[end].startswith((" ", "\t")) or (not lines[end].strip() and end + 1 < len(lines) and lines[end + 1].startswith(" "))):
                    end += 1
                return index, end
        return None

    found = extent(key)
    if found:
        start, end = found
        lines[start:end] = rendered.split("\n")
    else:
        anchor = extent(after) if after else None
        position = anchor[1] if anchor else len(lines)
        lines[position:position] = rendered.split("\n")
    return "\n".join(lines) + "\n"


# ----------------------------------------------------------------------------- conversions


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


# ----------------------------------------------------------------------------- the CLI's file work


def find_listing(root: Path) -> ListingLookup:
    """A lookup of listing files under `root` by id: (folder, text) or None."""
    def lookup(listing_id: str) -> tuple[str, str] | None:
        if not KEBAB_ID.match(listing_id):
            return None
        for folder in LISTING_FOLDERS:
            path = root / folder / f"{listing_id}.yml"
            if path.is_file():
                return folder, path.read_text(encoding="utf-8")
        return None

    return lookup


def check_conversion(conversion: Conversion, root: Path) -> tuple[Path, list]:
    """Validate the converted file as if it were at its place under `root`, without writing there.

    The directory is mirrored with symbolic links into a temporary folder, the new text takes
    the listing's place, and `load_catalog()` checks it with every cross-check. Problems of the
    listing come back with its real path, as `peerdir validate` would print them.
    """
    import os
    import tempfile

    from generator.contract.catalog import _display, load_catalog
    from generator.contract.problems import Problem

    target = root / conversion.folder / f"{conversion.listing_id}.yml"
    with tempfile.TemporaryDirectory(prefix="peerdir-from-issue-") as temp:
        mirror = Path(temp) / root.resolve().name
        mirror.mkdir()
        for entry in root.iterdir():
            if entry.name != conversion.folder:
                os.symlink(entry.resolve(), mirror / entry.name)
        folder = mirror / conversion.folder
        folder.mkdir()
        if (root / conversion.folder).is_dir():
            for entry in (root / conversion.folder).iterdir():
                if entry.name != target.name:
                    os.symlink(entry.resolve(), folder / entry.name)
        candidate = folder / target.name
        candidate.write_text(conversion.text, encoding="utf-8")
        result = load_catalog(mirror)
        shown = _display(candidate)
        problems = [Problem(_display(target), p.line, p.field, p.message, p.severity) for p in result.problems if p.path == shown]
        if result.catalog is None and not problems and any(p.severity == "error" for p in result.problems):
            problems.append(Problem(_display(target), 1, "", "the directory has errors in other files; run 'peerdir validate' first"))
    return target, problems

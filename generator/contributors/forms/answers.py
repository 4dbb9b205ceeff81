"""From the answers of an issue form to model data: each answer converted by the type annotation
of the field its element names, and the small formats the forms ask for (platform links,
jurisdictions, cohorts)."""

from __future__ import annotations

import datetime as dt
import re
import typing
import unicodedata
from typing import Any, Callable
from urllib.parse import urlsplit

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from generator.contract.annotations import item_type, model_of, vocabulary_of
from generator.contract.models import Vocabulary

from generator.contributors import normalise
from generator.contributors.forms.parse import Answer

# A form id prefix standing for an item of a list field: `meeting-days` -> meetings[0].days.
ALIASES = {"meeting": ("meetings", 0)}

WEEKS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "last": -1}
ENTITIES = {"a person": "person", "an organisation": "organization", "an organization": "organization"}
YES_NO = {"yes": True, "no": False, "true": True, "false": False}
PLATFORM_HOSTS = {
    "youtube.com": "youtube", "youtu.be": "youtube", "instagram.com": "instagram", "tiktok.com": "tiktok",
    "facebook.com": "facebook", "fb.com": "facebook", "x.com": "x", "twitter.com": "x", "bsky.app": "bluesky",
    "threads.net": "threads", "threads.com": "threads", "linkedin.com": "linkedin", "substack.com": "newsletter",
}


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
    """Comma, semicolon or line separated parts ('United Kingdom, Ireland'); a dropdown's ', ' too."""
    return [part.strip() for part in re.split(r"[,;\n]+", text.strip()) if part.strip()]


def vocabulary_term(value: str, vocabulary: Vocabulary | None) -> str:
    """A vocabulary term from its label or the term itself; Unreadable for anything else."""
    value = value.strip()
    if vocabulary is None:
        return value
    if value in vocabulary.terms:
        return value
    for term, entry in vocabulary.terms.items():
        if entry.label.casefold() == value.casefold():
            return term
    guess = value.strip().lower().replace(" ", "_").replace("-", "_")
    if guess in vocabulary.terms:
        return guess
    labels = ", ".join(entry.label for entry in vocabulary.terms.values())
    raise normalise.Unreadable(f"'{value}' is not one of the choices ({labels})")


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


# Ages are read as "18+" and "18 and over"; other whole numbers as digits only.
AGE_FIELDS = {"min_age", "max_age"}
_DATE_NAMES = ("%d %B %Y", "%d %b %Y", "%B %d %Y", "%B %d, %Y")


def _date(value: str) -> str:
    """YYYY-MM-DD, or a date with the month in words ('13 January 2026'); never 03/04/2026."""
    if re.fullmatch(_DATE, value):
        return value
    for pattern in _DATE_NAMES:
        try:
            return dt.datetime.strptime(" ".join(value.replace(",", ", ").split()), pattern).date().isoformat()
        except ValueError:
            continue
    raise normalise.Unreadable(f"'{value}' is not a date we can read for sure; write it like 2026-01-13 (year, month, day)")


def _email(value: str) -> str:
    return value.strip().removeprefix("mailto:").strip("<>")


def convert_answer(answer: Answer, info: FieldInfo, name: str, vocabularies: dict[str, Vocabulary], country: str | None) -> Any:
    """One form answer as the model field `info` (named `name`) stores it; Unreadable, with every
    unreadable part named, if any part cannot be read for sure. `country` is the listing's."""
    inner, is_list, meta = item_type(info.annotation)
    meta = [*info.metadata, *meta]
    vocabulary = vocabulary_of(info)
    validators = _validator_names(meta)
    values = answer if isinstance(answer, list) else None
    text = answer if isinstance(answer, str) else None

    def one(value: str) -> Any:
        value = value.strip()
        if vocabulary:
            return vocabulary_term(value, vocabularies.get(vocabulary))
        if "_country" in validators:
            return normalise.country(value)
        if "_region" in validators:
            return normalise.region(value, country)
        if "_language" in validators:
            return normalise.language(value)
        if "_web_url" in validators:
            return normalise.web_address(value)
        if "_phone" in validators:
            return normalise.phone(value, country)
        if "_time_zone" in validators:
            return normalise.time_zone(value, country)
        if "_local_time" in validators:
            return normalise.time(value)
        if "_iso_date" in validators:
            return _date(value)
        if "_email" in validators:
            return _email(value)
        if typing.get_origin(inner) is typing.Literal:
            choices = typing.get_args(inner)
            lowered = value.lower()
            if lowered in choices:
                return lowered
            if lowered in WEEKS and WEEKS[lowered] in choices:
                return WEEKS[lowered]
            if lowered in ENTITIES and ENTITIES[lowered] in choices:
                return ENTITIES[lowered]
            raise normalise.Unreadable(f"'{value}' is not one of the choices")
        if inner is int:
            return normalise.age(value) if name in AGE_FIELDS else normalise.whole_number(value)
        if inner is bool:
            return normalise.yes_no(value)
        return value

    if is_list:
        if values is None:
            if text is None:
                return None
            if "_language" in validators:
                return normalise.languages(text) or None
            if validators & {"_country", "_region"}:  # 'UK and Ireland', 'England & Wales'
                values = [p for p in re.split(r"\s*(?:[,;/\n]|\band\b|&)\s*", text.strip()) if p]
            else:
                values = _items(text) if vocabulary else _lines(text)
        converted, problems = [], []
        for value in values:
            try:
                item = one(value)
            except normalise.Unreadable as error:
                problems.append(str(error))
                continue
            if item not in converted:
                converted.append(item)
        if problems:
            raise normalise.Unreadable("; ".join(problems))
        return converted or None
    if inner is bool and isinstance(answer, list):
        # A checkbox ("- [X] ..."), or a Yes/No dropdown.
        if len(answer) == 1 and answer[0].lower() in YES_NO:
            return YES_NO[answer[0].lower()]
        return True if answer else None
    if values is not None:
        return one(values[0]) if values else None
    return one(text) if text is not None and text.strip() else None


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
            links.append({"platform": "website", "url": normalise.web_address(line)})
            continue
        url = match["url"]
        platform = vocabulary_term(match["platform"], terms) if match["platform"] else ""
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
    out, problems = [], []
    for line in _lines(text):
        code, _, rest = line.partition(":")
        body, _, counts = rest.partition("|")
        item: dict[str, Any] = {}
        try:
            country, region = normalise.place(code)
        except normalise.Unreadable as error:
            problems.append(str(error))
            continue
        item["country"] = country
        if region:
            item["region"] = region
        if body.strip():
            item["certifying_body"] = body.strip()
        if counts.strip():
            item["counts_towards"] = counts.strip()
        out.append(item)
    if problems:
        raise normalise.Unreadable("; ".join(problems) + " (one place per line: a country or region, a colon, then who certifies)")
    return out


_DATE = r"\d{4}-\d{2}-\d{2}"


def _cohorts(text: str) -> list[dict[str, Any]]:
    out = []
    for line in _lines(text):
        dates = re.findall(_DATE, line)
        if not dates:
            raise normalise.Unreadable(f"'{line}' has no date we can read; write one start date per line like 2026-09-07")
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



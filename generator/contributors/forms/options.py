"""The issue forms' choices, generated from `directory/vocabularies/` (like the JSON Schemas and
the field reference): every dropdown or checkbox list whose question fills a vocabulary field
offers that vocabulary's labels, in its order. `peerdir forms` rewrites the forms,
`peerdir forms --check` fails when they drift; adding a topic needs no hand edit."""

from __future__ import annotations

from typing import Any

import yaml

from generator.contract.annotations import vocabulary_of
from generator.contract.models import Vocabulary
from generator.kinds import MODELS

from generator.contributors.forms.answers import field_for
from generator.contributors.forms.parse import FORM_ACTIONS


class _FormDumper(yaml.SafeDumper):
    pass


def _string(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_FormDumper.add_representer(str, _string)


def _header(text: str) -> str:
    lines = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        lines.append(line)
    return "".join(line + "\n" for line in lines)


def vocabulary_for(form_file: str, element_id: str) -> str | None:
    """The vocabulary whose terms a form question offers, or None."""
    folder = FORM_ACTIONS.get(form_file)
    model = MODELS.get(folder or "")
    found = field_for(model, element_id) if model else None
    return vocabulary_of(found[1]) if found else None


def generated_form(form_file: str, text: str, vocabularies: dict[str, Vocabulary]) -> str:
    """The form's text with every vocabulary question's options taken from its vocabulary."""
    data: dict[str, Any] = yaml.safe_load(text)
    for element in data.get("body", []):
        if element.get("type") not in ("dropdown", "checkboxes"):
            continue
        name = vocabulary_for(form_file, element.get("id", ""))
        if name is None or name not in vocabularies:
            continue
        labels = [term.label for term in vocabularies[name].terms.values()]
        attributes = element["attributes"]
        attributes["options"] = labels if element["type"] == "dropdown" else [{"label": label} for label in labels]
    body = yaml.dump(data, Dumper=_FormDumper, sort_keys=False, allow_unicode=True, width=110)
    return _header(text) + body

"""`peerdir new`: a listing file with every field, explained, generated from the models.

Generated rather than hand-written so the scaffold cannot drift from the data contract.
Required fields are present with an empty value to fill in; optional ones are commented out.
"""

from __future__ import annotations


from pydantic import BaseModel
from pydantic.fields import FieldInfo

from generator.contract.annotations import item_type, vocabulary_of
from generator.contract.models import Vocabulary
from generator.kinds import MODELS
from generator.contract.catalog import SCHEMA_NAMES


def _choices(info: FieldInfo, vocabularies: dict[str, Vocabulary]) -> str:
    name = vocabulary_of(info)
    if name and name in vocabularies:
        return " Choose from: " + ", ".join(sorted(vocabularies[name].terms)) + "."
    return ""


def _lines(model: type[BaseModel], vocabularies: dict[str, Vocabulary], depth: int, commented: bool) -> list[tuple[str, int, bool, str]]:
    """(role, depth, commented, text) for each line; role is 'doc' or 'field'."""
    out: list[tuple[str, int, bool, str]] = []
    for name, info in model.model_fields.items():
        if depth == 0 and name == "id":
            continue
        required = info.is_required()
        off = commented or not required
        inner, is_list, _ = item_type(info.annotation)
        doc = (info.description or "").strip() + _choices(info, vocabularies) + ("" if required else " (optional)")
        out.append(("doc", depth, False, doc))
        if isinstance(inner, type) and issubclass(inner, BaseModel):
            out.append(("field", depth, off, f"{name}:"))
            nested = _lines(inner, vocabularies, depth + 1, off)
            if is_list:
                # One example item: its first field carries the '- '.
                first = next(i for i, line in enumerate(nested) if line[0] == "field")
                role, d, c, text = nested[first]
                nested[first] = ("item", d, c, text)
            out.extend(nested)
        else:
            out.append(("field", depth, off, f"{name}: {'[]' if is_list else '~'}"))
    return out


def _render(line: tuple[str, int, bool, str]) -> str:
    role, depth, commented, text = line
    if role == "doc":
        return "  " * depth + "# " + text
    lead, dash = ("  " * (depth - 1), "- ") if role == "item" else ("  " * depth, "")
    return f"{lead}{'# ' if commented else ''}{dash}{text}"


def scaffold(folder: str, listing_id: str, vocabularies: dict[str, Vocabulary]) -> str:
    model = MODELS[folder]
    header = [
        f"# yaml-language-server: $schema=../../schemas/{SCHEMA_NAMES[folder]}.schema.json",
        f"# A new {SCHEMA_NAMES[folder].replace('-', ' ')} listing. Fill in every '~' and remove the '# ' before",
        "# any optional line you want to use. Leave out what you do not know: never guess.",
        "# Check it with: peerdir validate " + f"directory/{folder}/{listing_id}.yml",
        f"id: {listing_id}",
    ]
    return "\n".join(header + [_render(line) for line in _lines(model, vocabularies, 0, False)]) + "\n"

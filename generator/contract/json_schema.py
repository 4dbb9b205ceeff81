"""JSON Schemas of the data contract, generated from the models for editors and reusers.

Draft-07 so that yaml-language-server accepts them; vocabulary fields become enums of the
current terms, so editors autocomplete them.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel

from generator.contract.models import Vocabulary
from generator.kinds import MODELS
from generator.contract.catalog import SCHEMA_NAMES, VOCABULARY_FOLDER

DRAFT_07 = "http://json-schema.org/draft-07/schema#"


def _with_vocabularies(node: Any, vocabularies: dict[str, Vocabulary]) -> Any:
    if isinstance(node, dict):
        result = {key: _with_vocabularies(value, vocabularies) for key, value in node.items()}
        name = result.pop("x-vocabulary", None)
        if name in vocabularies:
            result["enum"] = sorted(vocabularies[name].terms)
        return result
    if isinstance(node, list):
        return [_with_vocabularies(item, vocabularies) for item in node]
    return node


def schema_for(model: type[BaseModel], name: str, vocabularies: dict[str, Vocabulary]) -> dict[str, Any]:
    schema = model.model_json_schema(ref_template="#/definitions/{model}", mode="validation")
    if "$defs" in schema:
        schema["definitions"] = schema.pop("$defs")
    schema = _with_vocabularies(schema, vocabularies)
    return {"$schema": DRAFT_07, "$id": f"{name}.schema.json", **schema}


def all_schemas(vocabularies: dict[str, Vocabulary]) -> dict[str, str]:
    """File name -> deterministic JSON text, one per kind of file under directory/."""
    models: dict[str, type[BaseModel]] = {**MODELS, VOCABULARY_FOLDER: Vocabulary}
    out = {}
    for folder, model in models.items():
        name = SCHEMA_NAMES[folder]
        out[f"{name}.schema.json"] = json.dumps(schema_for(model, name, vocabularies), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    return out

"""Reading the models' type annotations: what a field holds, whether it is a list, its vocabulary.

One place for the walk through Annotated / Optional / list that the scaffold, the field
reference, the issue-form reader and the error messages all need.
"""

from __future__ import annotations

import types
import typing
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo


def strip(annotation: Any) -> tuple[Any, list[Any]]:
    """The annotation without Annotated and Optional, and the metadata met on the way
    (including the constraints of a Field(...) inside Annotated)."""
    meta: list[Any] = []
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            for item in annotation.__metadata__:
                meta.append(item)
                if isinstance(item, FieldInfo):
                    meta.extend(item.metadata)
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            annotation = next(a for a in typing.get_args(annotation) if a is not type(None))
        else:
            return annotation, meta


def item_type(annotation: Any) -> tuple[Any, bool, list[Any]]:
    """(type of the value or of each list item, whether it is a list, all metadata met)."""
    inner, meta = strip(annotation)
    if typing.get_origin(inner) is list:
        item, more = strip(typing.get_args(inner)[0])
        return item, True, meta + more
    return inner, False, meta


def model_of(annotation: Any) -> type[BaseModel] | None:
    """The model a field holds, directly or as list items, if any."""
    inner, _, _ = item_type(annotation)
    return inner if isinstance(inner, type) and issubclass(inner, BaseModel) else None


def vocabulary_in(meta: list[Any]) -> str | None:
    for item in meta:
        extra = getattr(item, "json_schema_extra", None)
        if isinstance(extra, dict) and "x-vocabulary" in extra:
            return str(extra["x-vocabulary"])
    return None


def vocabulary_of(info: FieldInfo) -> str | None:
    """The controlled vocabulary of a field (or of its list items), if it has one."""
    _, _, meta = item_type(info.annotation)
    return vocabulary_in([info, *info.metadata, *meta])

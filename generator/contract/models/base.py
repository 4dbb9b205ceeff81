"""The base of every model: unknown fields are errors, nothing is coerced silently, and no text
holds a character that an output cannot carry."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, field_validator, model_validator
from pydantic_core import PydanticCustomError

from generator.contract.fields import unsafe_character


def _refuse_unsafe_characters(value: Any, path: tuple[str | int, ...] = ()) -> None:
    """Text in `value` (a field's raw input: text, or lists of it) against the one character
    rule (`fields.unsafe_character`). Sets of fields are checked by their own model."""
    if type(value) is str:
        problem = unsafe_character(value)
        if problem is not None:
            raise PydanticCustomError("peerdir_field", problem, {"field": path})
    elif type(value) is list:
        for index, item in enumerate(value):
            _refuse_unsafe_characters(item, path + (index,))


class StrictModel(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, populate_by_name=False)

    # The data contract's one place for characters: every text value of every field, before any
    # other check, so no message, page, feed, calendar or CSV ever sees a refused character.
    @field_validator("*", mode="before")
    @classmethod
    def _safe_characters(cls, value: Any) -> Any:
        _refuse_unsafe_characters(value)
        return value

    @model_validator(mode="before")
    @classmethod
    def _safe_field_names(cls, data: Any) -> Any:
        if type(data) is dict:
            for key in data:
                if type(key) is str and (problem := unsafe_character(key)) is not None:
                    raise PydanticCustomError("peerdir_field", f"this field name {problem}", {"field": (key,)})
        return data

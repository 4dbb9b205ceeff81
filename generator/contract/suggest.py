"""'Did you mean' hints for misspelt terms, field names and codes."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def closest(value: str, choices: Iterable[str]) -> str | None:
    options = sorted(choices)
    lowered = {option.lower(): option for option in options}
    if value.lower() in lowered:
        return lowered[value.lower()]
    normalised = value.lower().replace("-", "_").replace(" ", "_")
    if normalised in lowered:
        return lowered[normalised]
    matches = difflib.get_close_matches(value.lower(), list(lowered), n=1, cutoff=0.6)
    return lowered[matches[0]] if matches else None


def did_you_mean(value: str, choices: Iterable[str]) -> str:
    match = closest(value, choices)
    return f"; did you mean '{match}'?" if match else ""

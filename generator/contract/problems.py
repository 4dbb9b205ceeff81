"""One problem found in the directory, and the three ways the CLI prints a list of them."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    field: str
    message: str
    severity: Severity = "error"

    def text(self) -> str:
        where = f"{self.path}:{self.line}: "
        prefix = "warning: " if self.severity == "warning" else ""
        return f"{where}{self.field + ': ' if self.field else ''}{prefix}{self.message}"

    def github(self) -> str:
        # Workflow commands: data must escape %, CR and LF; properties also ':' and ','.
        def data(value: str) -> str:
            return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")

        def prop(value: str) -> str:
            return data(value).replace(":", "%3A").replace(",", "%2C")

        title = prop(self.field or "listing")
        body = data(f"{self.field + ': ' if self.field else ''}{self.message}")
        return f"::{self.severity} file={prop(self.path)},line={self.line},title={title}::{body}"


def sort_problems(problems: list[Problem]) -> list[Problem]:
    return sorted(set(problems), key=lambda p: (p.path, p.line, p.field, p.message, p.severity))


def summary_line(problems: list[Problem], files_checked: int) -> str:
    errors = sum(1 for p in problems if p.severity == "error")
    warnings = len(problems) - errors
    files = f"{files_checked} file{'s' if files_checked != 1 else ''} checked"
    if not problems:
        return f"{files}: all valid."
    parts = [f"{errors} error{'s' if errors != 1 else ''}"]
    if warnings:
        parts.append(f"{warnings} warning{'s' if warnings != 1 else ''}")
    return f"{files}: {', '.join(parts)}."


def format_problems(problems: list[Problem], style: Literal["text", "github", "json"]) -> str:
    if style == "json":
        return json.dumps([asdict(p) for p in problems], indent=2, sort_keys=True, ensure_ascii=False)
    if style == "github":
        return "\n".join(p.github() for p in problems)
    return "\n".join(p.text() for p in problems)

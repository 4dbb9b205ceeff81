"""One problem found in the directory, and the three ways the CLI prints a list of them."""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass
from typing import Literal

Severity = Literal["error", "warning"]

# What a terminal would act on rather than show: controls (an escape sequence can set the window
# title or clear the screen; a newline can forge a 'path:line' line of its own), the line and
# paragraph separators, text-direction controls, and lone surrogates (which cannot be printed).
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_SHORT_ESCAPES = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char in _SHORT_ESCAPES:
        return _SHORT_ESCAPES[char]
    return f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}"


def printable(text: str) -> str:
    """`text` with every character a terminal would act on written as a visible escape (\\x1b, \\n)."""
    return _UNPRINTABLE.sub(_escape, text)


def _encodable(text: str) -> str:
    """`text` with lone surrogates written as escapes: no UTF-8 output can carry them."""
    return _SURROGATE.sub(_escape, text)


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
        return printable(f"{where}{self.field + ': ' if self.field else ''}{prefix}{self.message}")

    def github(self) -> str:
        # Workflow commands: data must escape %, CR and LF; properties also ':' and ','.
        def data(value: str) -> str:
            value = printable(value)  # a workflow log is a terminal too
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
        return _encodable(json.dumps([asdict(p) for p in problems], indent=2, sort_keys=True, ensure_ascii=False))
    if style == "github":
        return "\n".join(p.github() for p in problems)
    return "\n".join(p.text() for p in problems)

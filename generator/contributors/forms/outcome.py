"""What a submitted form turns into, in the contributor's terms: every problem names the form's
question as they saw it, every answer we rewrote is shown, and what happens next is one of three
outcomes (each a label on the issue)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

# The labels the issue workflow puts on a form issue, one per outcome (.github/labels.tsv).
NEEDS_CHANGES = "needs changes"  # the contributor edits the issue
READY_FOR_REVIEW = "ready for review"  # a pull request is open
NEEDS_MAINTAINER = "needs a maintainer"  # nothing to write automatically: a person acts
OUTCOME_LABELS = (NEEDS_CHANGES, READY_FOR_REVIEW, NEEDS_MAINTAINER)
ANY_FIELD = "*"  # Conversion.questions key: the question every problem is about (the update form's details)


@dataclass(frozen=True)
class FormError:
    """A problem with one answer: `question` is the form's label ('' for the form as a whole)."""

    question: str
    message: str

    def text(self) -> str:
        return f"{self.question}: {self.message}" if self.question else self.message


@dataclass(frozen=True)
class Reading:
    """An answer we rewrote into the directory's format, shown back so the contributor can check it."""

    question: str
    written: str
    read_as: str


@dataclass
class Conversion:
    """What a submitted form turns into."""

    action: str  # "create", "update" or "none"
    folder: str = ""
    listing_id: str = ""
    text: str = ""  # the listing file to write
    notes: list[str] = field(default_factory=list)  # for the reviewer (the pull request); never written
    errors: list[FormError] = field(default_factory=list)  # answers to change before anything is written
    previous: str = ""  # for updates: the file before
    readings: list[Reading] = field(default_factory=list)
    told: list[str] = field(default_factory=list)  # for the contributor: why a maintainer acts, what was kept
    companions: list[tuple[str, str, str]] = field(default_factory=list)  # (folder, id, text) written with it
    questions: dict[str, str] = field(default_factory=dict)
    form: str = ""  # "report" for the report form (the comment's wording)  # model field path -> form question, for the validator's problems


@dataclass
class Directory:
    """What the conversion may know of the directory, as plain functions (tests pass dicts).

    `text(id)` is (folder, file text) of a listing or organisation; `names` maps every id to
    (folder, display name); `version(id, version)` is the file text of an earlier version of a
    listing (the update form's base), or None when that version is unknown."""

    text: Callable[[str], "tuple[str, str] | None"]
    names: dict[str, tuple[str, str]] = field(default_factory=dict)
    version: Callable[[str, str], "str | None"] = lambda listing_id, version: None

"""What the contributor is told: one friendly comment on the issue and one outcome label.

Every problem names the form's question as they saw it and says what to write; the validator's
problems about the new file are mapped back to questions (`questions.py`), never shown as a file
path or a field path. Contributed text is echoed only escaped, so an answer cannot mention
people, add links or images, or break the comment's layout."""

from __future__ import annotations

import re

from generator.contract.problems import Problem

from generator.contributors.forms.outcome import ANY_FIELD, NEEDS_CHANGES, NEEDS_MAINTAINER, READY_FOR_REVIEW, Conversion, FormError
from generator.contributors.forms.questions import in_words, question_for

_MARKDOWN = re.compile(r"([\\`*_{}\[\]<>#|~&])")
_LIMIT = 400
OTHER_FILES = "the directory has errors in other files"


def md(text: str) -> str:
    """Contributed text as inert Markdown: one line, escaped, no @mentions, at most 400 characters."""
    text = " ".join(text.split())
    if len(text) > _LIMIT:
        text = text[:_LIMIT - 1] + "…"
    return _MARKDOWN.sub(r"\\\1", text).replace("@", "@\u2060")


_ORDINALS = ("first", "second", "third", "fourth", "fifth")


def plain_field(field: str) -> str:
    """'meetings[0].start_time' -> "'start_time' (first of 'meetings')": the key people see in the
    details they edited, and where it is, without the path syntax."""
    parts = re.findall(r"[^.\[\]]+|\[\d+\]", field)
    if not parts:
        return field
    words, last = [], f"'{parts[-1]}'" if not parts[-1].startswith("[") else ""
    rest = parts[:-1] if last else parts
    for index, part in enumerate(rest):
        if part.startswith("["):
            number = int(part[1:-1])
            words.append(f"{_ORDINALS[number] if number < len(_ORDINALS) else f'number {number + 1}'} of '{rest[index - 1]}'")
        elif index + 1 >= len(rest) or not rest[index + 1].startswith("["):
            words.append(f"in '{part}'")
    where = ", ".join(reversed(words))
    return f"{last} ({where})" if last and where else (last or where)


def form_errors(conversion: Conversion, problems: list[Problem], severity: str = "error") -> list[FormError]:
    """The validator's problems of the converted files, each named by the form's question."""
    out = []
    answered = {error.question for error in conversion.errors}  # already asked about
    for problem in problems:
        if problem.severity != severity or OTHER_FILES in problem.message:
            continue
        question = conversion.questions.get(ANY_FIELD) or question_for(problem.field, conversion.questions)
        if ANY_FIELD in conversion.questions and problem.field:
            message = f"{plain_field(problem.field)}: {problem.message}"
        elif problem.message.startswith(("is ", "should ", "must ", "needs ", "has ")):
            message = "the answer " + in_words(problem.message, conversion.questions)  # validator sentences follow a field name
        else:
            message = in_words(problem.message, conversion.questions)
        if question and question in answered:
            continue
        out.append(FormError(question, message))
    return list(dict.fromkeys(out))


def outcome(conversion: Conversion, problems: list[Problem]) -> str:
    """The issue's label: the contributor changes answers, a reviewer reviews a pull request, or a maintainer acts."""
    if conversion.errors or form_errors(conversion, problems):
        return NEEDS_CHANGES
    if any(OTHER_FILES in p.message for p in problems):
        return NEEDS_MAINTAINER
    return READY_FOR_REVIEW if conversion.action in ("create", "update") else NEEDS_MAINTAINER


def _bullets(lines: list[str]) -> list[str]:
    return [f"- {line}" for line in lines] + [""]


def _error_line(error: FormError) -> str:
    return f"**{md(error.question)}**: {md(error.message)}" if error.question else md(error.message)


def comment(conversion: Conversion, problems: list[Problem]) -> str:
    """The one comment posted on the issue for this submission (Markdown)."""
    label = outcome(conversion, problems)
    errors = conversion.errors + form_errors(conversion, problems)
    warnings = form_errors(conversion, problems, "warning")
    out: list[str] = []
    if label == NEEDS_CHANGES:
        out += ["Thank you for filling in the form! Before it can become a listing, please change "
                + ("this answer:" if len(errors) == 1 else f"these {len(errors)} answers:"), ""]
        out += _bullets([_error_line(e) for e in errors])
        out += [f"To change {'it' if len(errors) == 1 else 'them'}, edit this issue: the **···** menu at the top right of your issue, then **Edit**. "
                "It is checked again as soon as you save. Leave out anything you do not know; never guess.", ""]
        return "\n".join(out)
    if label == READY_FOR_REVIEW:
        what = {"create": "new listing", "report": "report"}.get(conversion.form or conversion.action, "change")
        out += [f"Thank you! Your {what} is ready for a reviewer: a pull request is linked below.", ""]
    else:
        out += ["Thank you! Nothing in the listing changes automatically; a maintainer takes it from here.", ""]
    if conversion.readings:
        out += ["We read some answers in the directory's format. If any is wrong, edit this issue:", ""]
        out += _bullets([f"**{md(r.question)}**: '{md(r.written)}' → {md(r.read_as)}" for r in conversion.readings])
    if conversion.told:
        out += _bullets([md(line) for line in conversion.told])
    if any(OTHER_FILES in p.message for p in problems):
        out += _bullets(["The directory has a problem of its own just now; a maintainer fixes it and runs your form again."])
    if warnings:
        out += ["Worth a look (these do not stop anything):", ""]
        out += _bullets([_error_line(w) for w in warnings])
    out += ["**What happens next:** a maintainer checks the details against the source you gave, then publishes them "
            "(or asks you here). You do not need to do anything else; you will be notified on this issue.", ""]
    return "\n".join(out)

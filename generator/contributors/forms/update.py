"""The update form: apply only what the contributor changed, against the version they started from.

"Suggest an edit" pre-fills the form with the listing's file and its version: the git blob id of
that file as the site was built (`pages/common.suggest_edit_url`). The CLI finds that version
in the repository's history (`check.git_version`), so this is a three-way merge by field:

- base: the listing as it was when the form was pre-filled;
- current: the file now;
- theirs: the "Current details" as submitted.

A field the contributor changed (theirs != base) is applied when nobody else changed it since
(current == base); a field changed on both sides to different values is reported on the issue
and left as it is now. Nested mappings (`location`, `cost`...) merge field by field; lists
(`meetings`, `topics`...) are one field each. Without a known base nothing is applied: a
maintainer does it by hand, since the old file may hide someone else's later change.
"""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

import yaml

from generator.contract.yaml_loader import YamlProblem, parse_yaml_text
from generator.kinds import MODELS

from generator.contributors.forms.listing_ref import find_listing
from generator.contributors.forms.listing_text import remove_top_level, set_top_level, top_level_block
from generator.contributors.forms.outcome import ANY_FIELD, Conversion, Directory, FormError
from generator.contributors.forms.parse import Answer, Form

MISSING = object()
TOO_LONG = "(Too long to pre-fill"


def _leaves(data: Any, prefix: tuple[str, ...] = ()) -> dict[tuple[str, ...], Any]:
    if isinstance(data, dict) and data:
        out: dict[tuple[str, ...], Any] = {}
        for key, value in data.items():
            out.update(_leaves(value, (*prefix, str(key))))
        return out
    return {prefix: data}


def _get(leaves: dict[tuple[str, ...], Any], path: tuple[str, ...]) -> Any:
    if path in leaves:
        return leaves[path]
    inside = {p[len(path):]: v for p, v in leaves.items() if p[:len(path)] == path and len(p) > len(path)}
    return _rebuild(inside) if inside else MISSING


def _rebuild(leaves: dict[tuple[str, ...], Any]) -> Any:
    out: dict[str, Any] = {}
    for path, value in leaves.items():
        node = out
        for part in path[:-1]:
            node = node.setdefault(part, {})
        node[path[-1]] = copy.deepcopy(value)
    return out


def three_way(base: dict[str, Any], current: dict[str, Any], theirs: dict[str, Any]) -> tuple[dict[tuple[str, ...], Any], list[tuple[str, ...]]]:
    """(changes to make to current: path -> value or MISSING, paths changed on both sides)."""
    base_leaves, current_leaves, their_leaves = _leaves(base), _leaves(current), _leaves(theirs)
    paths = sorted(set(base_leaves) | set(their_leaves), key=lambda p: (list(theirs).index(p[0]) if p[0] in theirs else len(theirs), p))
    changes: dict[tuple[str, ...], Any] = {}
    conflicts: list[tuple[str, ...]] = []
    for path in paths:
        before, mine = _get(base_leaves, path), _get(their_leaves, path)
        if before == mine:
            continue
        now = _get(current_leaves, path)
        if now == before:
            changes[path] = mine
        elif now != mine:
            conflicts.append(path)
    return changes, conflicts


def _apply(text: str, base: dict[str, Any], current: dict[str, Any], submitted: str, changes: dict[tuple[str, ...], Any], order: list[str]) -> str:
    """`text` with the changed top-level fields rewritten, every other line kept as written. A
    field only the contributor changed keeps their lines as they wrote them (a small diff)."""
    updated = copy.deepcopy(current)
    for path, value in changes.items():
        node = updated
        for part in path[:-1]:
            if not isinstance(node.get(part), dict):
                node[part] = {}
            node = node[part]
        if value is MISSING:
            node.pop(path[-1], None)
        else:
            node[path[-1]] = copy.deepcopy(value)
    for key in dict.fromkeys(path[0] for path in changes):
        if key not in updated or updated[key] in ({}, None):
            text = remove_top_level(text, key)
            continue
        before = [k for k in order[:order.index(key)] if k in updated] if key in order else list(updated)
        theirs = top_level_block(submitted, key) if current.get(key, MISSING) == base.get(key, MISSING) else None
        text = set_top_level(text, key, updated[key], after=before[-1] if before else None, block=theirs)
    return text


def _value_text(value: Any) -> str:
    if value is MISSING:
        return "nothing"
    text = yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=4096).strip().removesuffix("...").strip()
    return f"'{text[:77] + '...' if len(text) > 80 else text}'"


def _shown(path: tuple[str, ...]) -> str:
    return " → ".join(path)


def convert_update(answers: dict[str, Answer], form: Form, directory: Directory, today: dt.date, reviewed_by: str) -> Conversion:
    def label(element_id: str) -> str:
        element = form.element(element_id)
        return element.label if element else element_id

    found = find_listing(answers.get("listing"), label("listing"), directory)
    if not isinstance(found, tuple):
        return Conversion("none", errors=[found])
    listing_id, folder, before = found
    result = Conversion("none", folder, listing_id, previous=before, questions={ANY_FIELD: label("current")})
    text = before
    changes_in_words = str(answers.get("changes") or "").strip()
    submitted = answers.get("current")
    conflicts: list[tuple[str, ...]] = []
    if isinstance(submitted, str) and submitted.strip() and not submitted.strip().startswith(TOO_LONG):
        try:
            theirs = parse_yaml_text(submitted).data
        except YamlProblem as problem:
            result.errors.append(FormError(label("current"), f"line {problem.line} cannot be read ({problem.message}); undo the change "
                                                             f"there, or put the details back as they were and describe the change under '{label('changes')}'"))
            return result
        current = parse_yaml_text(before).data
        if not isinstance(theirs, dict):
            result.errors.append(FormError(label("current"), f"this is not the listing's details any more; put them back as they were "
                                                             f"and describe the change under '{label('changes')}'"))
            return result
        if theirs.setdefault("id", listing_id) != listing_id:
            result.errors.append(FormError(label("current"), f"the id cannot change through this form; ask for it under '{label('changes')}'"))
            return result
        version = str(answers.get("version") or "").strip()
        base_text = directory.version(listing_id, version) if version else None
        try:
            base = parse_yaml_text(base_text).data if base_text else None
        except YamlProblem:
            base = None
        if not isinstance(base, dict) or base.get("id") != listing_id:
            base = None  # not a version of this listing
        if base is None:
            if theirs != current:
                result.told.append("We could not tell which version of the listing you started from, so a maintainer applies your edits "
                                   "by hand (that way nobody else's later change is undone).")
                mine, now = _leaves(theirs), _leaves(current)
                changed = sorted(p for p in set(mine) | set(now) if mine.get(p, MISSING) != now.get(p, MISSING))
                result.notes.append("edited fields (no base version, applied by hand): " + ", ".join(_shown(p) for p in changed))
        else:
            if base != current and answers.get("still_correct"):
                result.told.append("The listing changed since you opened the form, so it is not marked as checked yet; "
                                   "a maintainer renews it after looking at both.")
            changes, conflicts = three_way(base, current, theirs)
            text = _apply(text, base, current, submitted, changes, list(MODELS[folder].model_fields))
            mine, now = _leaves(theirs), _leaves(current)
            for path in conflicts:
                result.told.append(f"'{_shown(path)}' was changed by someone else since you opened the form: you wrote "
                                   f"{_value_text(_get(mine, path))}, it now says {_value_text(_get(now, path))}. Your edit to it "
                                   "was not applied; a maintainer compares the two.")
            if conflicts:
                result.notes.append("changed on both sides, kept as now: " + ", ".join(_shown(p) for p in conflicts))
    if answers.get("still_correct") and not conflicts and not result.told:
        text = set_top_level(text, "last_reviewed", today.isoformat())
        text = set_top_level(text, "reviewed_by", reviewed_by, after="last_reviewed")
    if changes_in_words:
        result.notes.append("changes described by the submitter: " + changes_in_words)
        result.told.append(f"A maintainer reads what you wrote under '{label('changes')}' and makes those changes.")
    if text != before:
        result.action, result.text = "update", text
    elif not result.told:
        result.told.append("Your form changes nothing in the listing, so there is nothing to review. If something is wrong, "
                           f"edit this issue and describe it under '{label('changes')}'.")
    return result

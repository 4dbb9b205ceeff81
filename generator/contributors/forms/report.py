"""The report form: "It has closed" / "It is paused" change the listing's `status`, with a fixed
public `status_note` (the reporter's own words go to the reviewer, never onto the site). A listing
that stands for many local groups (a programme with its own group finder, or in-person groups
without one meeting place) is not paused or closed by a report: a maintainer decides."""

from __future__ import annotations

import datetime as dt
from typing import Any

from generator.contract.yaml_loader import YamlProblem, parse_yaml_text

from generator.contributors.forms.listing_ref import find_listing
from generator.contributors.forms.listing_text import set_top_level
from generator.contributors.forms.outcome import Conversion, Directory
from generator.contributors.forms.parse import Answer, Form

REPORT_STATUS = {"it has closed": "closed", "it is paused or not meeting for now": "paused"}
STATUS_NOTE = "Reported {status} on {date}; checked by a maintainer."


def covers_many_groups(data: dict[str, Any]) -> bool:
    """A listing of many local groups: its own group finder, or in-person meetings with no one place."""
    if data.get("find_a_group"):
        return True
    physical = {"in_person", "hybrid"} & set(data.get("attendance") or [])
    return bool(physical) and not data.get("location") and bool(data.get("area_served"))


def convert_report(answers: dict[str, Answer], form: Form, directory: Directory, today: dt.date) -> Conversion:
    listing = form.element("listing")
    found = find_listing(answers.get("listing"), listing.label if listing else "", directory)
    if not isinstance(found, tuple):
        return Conversion("none", errors=[found], form="report")
    listing_id, folder, before = found
    problem = answers.get("problem")
    choice = problem[0] if isinstance(problem, list) and problem else ""
    details = str(answers.get("details") or "").strip()
    result = Conversion("none", folder, listing_id, previous=before, form="report", notes=[f"reported: {choice or 'no choice made'}", f"details: {details}"])
    status = REPORT_STATUS.get(choice.lower())
    if status is None:
        result.told.append("A maintainer checks the listing against your report and changes what needs changing.")
        return result
    try:
        data = parse_yaml_text(before).data
    except YamlProblem:
        data = {}
    if isinstance(data, dict) and covers_many_groups(data):
        result.told.append(f"This listing stands for many local groups, so one group {status.replace('closed', 'closing').replace('paused', 'pausing')} "
                           "does not change it by itself; a maintainer reads your report and decides.")
        result.notes.append(f"not {status}: the listing covers many local groups; a reviewer decides")
        return result
    text = set_top_level(before, "status", status)
    text = set_top_level(text, "status_note", STATUS_NOTE.format(status=status, date=today.isoformat()), after="status")
    result.action = "update"
    result.text = text
    result.told.append(f"The listing is marked {status} once a reviewer has checked your report.")
    return result

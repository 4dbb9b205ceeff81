"""CSV tables, one per kind: api/v1/groups.csv, advocates.csv, training.csv.

Flat columns, one row per active or paused listing; lists are joined with "; ". UTF-8, RFC 4180
quoting (csv module). Text that a spreadsheet would run as a formula (starting with = + - @,
a tab or a carriage return) is prefixed with a single quote; numbers are left as numbers.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from typing import Any

from generator.contract.catalog import Catalog
from generator.contract.spreadsheet import FORMULA_STARTS as SPREADSHEET_FORMULA_STARTS
from generator.kinds import FOLDER_OF_KIND
from generator.exports.common import API, KIND_FOLDERS, end_time, exported_listings, hhmm, page_url, public_meeting_link
from generator.contract.models import Group, Listing
from generator.contract.models.meeting import Meeting
from generator.build.products import BuildSettings, per_record

FORMULA_STARTS = SPREADSHEET_FORMULA_STARTS  # one rule for our CSV files and the template's reader
SEPARATOR = "; "


def safe_cell(value: Any) -> Any:
    """A cell that no spreadsheet evaluates: formula-like text gets a leading single quote."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def joined(values: list[Any]) -> str:
    return SEPARATOR.join(str(v) for v in values)


def meeting_text(meeting: Meeting) -> str:
    """One meeting in words, e.g. 'weekly on tuesday, thursday 18:30-20:00 Europe/London'."""
    end, next_day = end_time(meeting)
    days = ", ".join(meeting.days)
    if meeting.frequency == "weekly":
        when = "weekly" if meeting.interval == 1 else f"every {meeting.interval} weeks"
        when += f" on {days}"
    else:
        weeks = ", ".join("last" if w == -1 else str(w) for w in meeting.weeks_of_month or [])
        when = f"monthly on week {weeks} {days}"
    text = f"{when} {hhmm(meeting.start_time)}-{end}{' (next day)' if next_day else ''} {meeting.timezone}"
    if meeting.attendance:
        text += f" ({meeting.attendance})"
    if meeting.starts_on:
        text += f" from {meeting.starts_on.isoformat()}"
    if meeting.ends_on:
        text += f" until {meeting.ends_on.isoformat()}"
    if meeting.title:
        text = f"{meeting.title}: {text}"
    return text


Column = tuple[str, Callable[[Any], Any]]

COMMON_START: list[Column] = [
    ("id", lambda x: x.id),
    ("name", lambda x: x.name),
    ("status", lambda x: x.status),
    ("status_note", lambda x: x.status_note),
    ("summary", lambda x: x.summary),
    ("website", lambda x: x.website),
    ("topics", lambda x: joined(x.topics)),
    ("audiences", lambda x: joined(x.audiences)),
    ("languages", lambda x: joined(x.languages)),
]
COMMON_END: list[Column] = [
    ("last_reviewed", lambda x: x.last_reviewed.isoformat()),
    ("source", lambda x: x.source),
]


def _contact(field: str) -> Callable[[Any], Any]:
    return lambda x: getattr(x.contact, field) if x.contact else None


def _location(field: str) -> Callable[[Group], Any]:
    return lambda g: getattr(g.location, field) if g.location else None


GROUP_COLUMNS: list[Column] = [
    ("organization", lambda g: g.organization),
    ("attendance", lambda g: joined(g.attendance)),
    ("address", _location("address")),
    ("locality", _location("locality")),
    ("region", _location("region")),
    ("postal_code", _location("postal_code")),
    ("country", _location("country")),
    ("latitude", _location("latitude")),
    ("longitude", _location("longitude")),
    ("venue_notes", _location("venue_notes")),
    ("area_served_countries", lambda g: joined(g.area_served.countries) if g.area_served else None),
    ("area_served_regions", lambda g: joined(g.area_served.regions) if g.area_served else None),
    ("area_served_timezone", lambda g: g.area_served.timezone if g.area_served else None),
    ("joining_method", lambda g: g.joining.method),
    ("meeting_link", public_meeting_link),
    ("link_on_request", lambda g: g.joining.link_on_request),
    ("joining_instructions", lambda g: g.joining.instructions),
    ("find_a_group", lambda g: g.find_a_group),
    ("meetings", lambda g: joined(meeting_text(m) for m in g.meetings)),
    ("schedule_note", lambda g: g.schedule_note),
    ("facilitation", lambda g: g.facilitation),
    ("cost", lambda g: g.cost.kind),
    ("cost_note", lambda g: g.cost.note),
    ("contact_email", _contact("email")),
    ("contact_phone", _contact("phone")),
    ("contact_form", _contact("form")),
    ("accessibility", lambda g: joined(g.accessibility)),
    ("size_limit", lambda g: g.size_limit),
    ("min_age", lambda g: g.min_age),
    ("max_age", lambda g: g.max_age),
    ("new_members", lambda g: g.new_members),
]

ADVOCATE_COLUMNS: list[Column] = [
    ("entity", lambda a: a.entity),
    ("organization", lambda a: a.organization),
    ("platforms", lambda a: joined(f"{p.platform}: {p.url}" for p in a.platforms)),
    ("content_notes", lambda a: joined(a.content_notes)),
    ("country", lambda a: a.place.country if a.place else None),
    ("region", lambda a: a.place.region if a.place else None),
    ("listing_basis", lambda a: a.listing_basis),
]

TRAINING_COLUMNS: list[Column] = [
    ("provider", lambda t: t.provider),
    ("credential", lambda t: t.credential),
    ("credential_type", lambda t: t.credential_type),
    ("jurisdictions", lambda t: joined(
        " ".join(filter(None, [j.region or j.country, f"({j.certifying_body})", j.counts_towards])) for j in t.jurisdictions)),
    ("format", lambda t: joined(t.format)),
    ("hours", lambda t: t.hours),
    ("duration", lambda t: t.duration),
    ("cost", lambda t: t.cost.kind),
    ("cost_note", lambda t: t.cost.note),
    ("lived_experience_required", lambda t: t.prerequisites.lived_experience if t.prerequisites else None),
    ("min_age", lambda t: t.prerequisites.min_age if t.prerequisites else None),
    ("education", lambda t: t.prerequisites.education if t.prerequisites else None),
    ("other_prerequisites", lambda t: joined(t.prerequisites.other) if t.prerequisites else None),
    ("cohorts", lambda t: joined(
        c.starts_on.isoformat() + (f" to {c.ends_on.isoformat()}" if c.ends_on else "")
        + (f" (apply by {c.application_deadline.isoformat()})" if c.application_deadline else "") for c in t.cohorts)),
    ("funding", lambda t: joined(t.funding)),
    ("accessibility", lambda t: joined(t.accessibility)),
    ("contact_email", _contact("email")),
    ("contact_phone", _contact("phone")),
    ("contact_form", _contact("form")),
]

KIND_COLUMNS: dict[str, list[Column]] = {"groups": GROUP_COLUMNS, "advocates": ADVOCATE_COLUMNS, "training": TRAINING_COLUMNS}


def columns(folder: str, settings: BuildSettings) -> list[Column]:
    url: Column = ("url", lambda x: page_url(settings, x))
    return [*COMMON_START[:2], url, *COMMON_START[2:], *KIND_COLUMNS[folder], *COMMON_END]


def table(rows: list[Listing], cols: list[Column], kept_as: str | None = None) -> bytes:
    """The CSV file of `rows`; with `kept_as` (what the columns are, e.g. "groups"), each row's
    line is kept across `mkdocs serve` rebuilds until its listing changes (build.products.per_record)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow([name for name, _ in cols])
    if kept_as is None:
        for row in rows:
            writer.writerow([safe_cell(get(row)) for _, get in cols])
        return buffer.getvalue().encode("utf-8")
    lines = [buffer.getvalue()]
    for row in rows:
        lines.append(per_record(f"csv.{kept_as}", row, lambda row=row: _line(row, cols)))
    return "".join(lines).encode("utf-8")


def _line(row: Listing, cols: list[Column]) -> str:
    """One row's CSV line, as table() writes it."""
    buffer = io.StringIO(newline="")
    csv.writer(buffer, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n").writerow([safe_cell(get(row)) for _, get in cols])
    return buffer.getvalue()


def csv_tables(catalog: Catalog, settings: BuildSettings) -> dict[str, bytes]:
    listings = exported_listings(catalog)
    return {
        f"{API}{folder}.csv": table([x for x in listings if FOLDER_OF_KIND[x.kind] == folder], columns(folder, settings), kept_as=folder)
        for folder in KIND_FOLDERS
    }

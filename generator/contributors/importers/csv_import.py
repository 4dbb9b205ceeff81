"""`peerdir import csv`: the spreadsheet template (contract/spreadsheet.py), one row per listing.

The kind is the file's: a name starting with the kind's folder (groups-template.csv, groups.csv),
or else the one kind whose fields every column names. Row numbers are the spreadsheet's (the
header is row 1); rows whose first cell starts with '#' are notes, and empty rows are skipped.
"""

from __future__ import annotations

import csv
import io

from generator.contract.spreadsheet import NOTE_MARK, check_headers, row_data
from generator.contributors.importers.common import Imported, Record, SourceError, Unmapped, decode
from generator.kinds import LISTING_KINDS, Kind

MAX_CELL = 100_000  # characters in one cell; the longest field (a description) has at most 5,000


def _kind(headers: list[str], stem: str, label: str) -> Kind:
    named = [kind for kind in LISTING_KINDS if stem.lower().startswith(kind.folder)]
    if named:
        return named[0]
    fitting = [kind for kind in LISTING_KINDS if not check_headers(kind.model, headers)]
    if len(fitting) == 1:
        return fitting[0]
    names = ", ".join(f"{kind.folder}.csv" for kind in LISTING_KINDS)
    raise SourceError(f"{label}: cannot tell which kind of listing its rows are; name the file after the kind ({names})")


def read_csv(data: bytes, label: str, stem: str) -> Imported:
    text = decode(data, label)
    if "\x00" in text:
        raise SourceError(f"{label}: holds NUL characters, so it is not a CSV text file")
    csv.field_size_limit(MAX_CELL)
    rows: list[list[str]] = []
    try:
        for row in csv.reader(io.StringIO(text, newline="")):
            rows.append(row)
    except csv.Error as error:
        raise SourceError(f"{label}: row {len(rows) + 1}: cannot be read as CSV ({error})") from None
    if not rows or not any(cell.strip() for cell in rows[0]):
        raise SourceError(f"{label}: is empty; the first row should name the columns, as in the template")
    headers = [cell.strip().lstrip("\ufeff") for cell in rows[0]]
    while headers and not headers[-1]:
        headers.pop()  # spreadsheets may save empty columns at the end
    kind = _kind(headers, stem, label)
    wrong = check_headers(kind.model, headers)
    if wrong:
        raise SourceError(f"{label}: row 1: " + "; ".join(wrong))
    imported = Imported(label)
    for number, row in enumerate(rows[1:], 2):
        if not any(cell.strip() for cell in row) or (row and row[0].strip().startswith(NOTE_MARK)):
            continue
        where = f"row {number}"
        if any(cell.strip() for cell in row[len(headers):]):
            imported.unmapped.append(Unmapped(where, f"has more cells than the {len(headers)} named columns"))
            continue
        fields, errors = row_data(kind.model, headers, row)
        if errors:
            imported.unmapped.append(Unmapped(where, "; ".join(errors)))
            continue
        record_id = fields.get("id") if isinstance(fields.get("id"), str) else ""
        imported.records.append(Record(kind.folder, where, fields, record_id))
    return imported

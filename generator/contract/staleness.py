"""How long ago each listing was reviewed, against the warn and fail limits."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from generator.contract.catalog import Catalog


@dataclass(frozen=True)
class ReviewAge:
    path: str
    line: int
    listing_id: str
    last_reviewed: dt.date
    months: int
    level: str  # "ok", "warn" or "fail"


def months_between(earlier: dt.date, later: dt.date) -> int:
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    return months - (1 if later.day < earlier.day else 0)


def review_ages(catalog: Catalog, today: dt.date, warn_months: int, fail_months: int) -> list[ReviewAge]:
    ages = []
    for record in [*catalog.listings, *catalog.organizations, *catalog.crisis_lines]:
        if getattr(record, "status", "active") == "closed":
            continue  # Closed listings keep their page for old links but need no review.
        source = catalog.source_of(record)
        months = months_between(record.last_reviewed, today)
        level = "fail" if months >= fail_months else "warn" if months >= warn_months else "ok"
        ages.append(ReviewAge(source.display, source.document.line_of(("last_reviewed",)), record.id, record.last_reviewed, months, level))
    return sorted(ages, key=lambda a: (a.last_reviewed, a.path))

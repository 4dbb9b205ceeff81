"""One page per listing (groups, advocates, training), rendered by theme/directory/<kind>.html."""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any

from generator.contract.catalog import Catalog
from generator.pages.jsonld import listing_jsonld
from generator.contract.models import Group, Listing
from generator.pages.common import absolute_url, page_path, current_file, repo_path, review, src_uri, suggest_edit, suggest_email
from generator.pages.presentation import meeting_when
from generator.contract.recurrence import browser_rule, has_calendar, next_occurrences
from generator.build.products import BuildSettings, GeneratedPage


def upcoming(group: Group, settings: BuildSettings) -> list[dict[str, Any]]:
    """The next meetings from the build time, merged across the group's meetings: as many as
    the page shows (each meeting's own first ones are enough to find them)."""
    utc = dt.timezone.utc
    found: list[tuple[dt.datetime, int, dt.datetime]] = []
    for index, meeting in enumerate(group.meetings):
        found.extend((start.astimezone(utc), index, start) for start in next_occurrences(meeting, settings.now, settings.occurrences))
    found.sort(key=lambda item: item[:2])  # by instant, then by meeting
    result = []
    for _, index, start in found[: settings.occurrences]:
        end = start + dt.timedelta(minutes=group.meetings[index].minutes)
        # `iso` with the meeting zone's offset, for <time datetime>.
        result.append({"iso": start.isoformat(), "when": meeting_when(start, end)})
    return result


def suggestions(catalog: Catalog, listing: Listing, settings: BuildSettings, current: tuple[str, str] | None) -> dict[str, Any]:
    """The review box's correction links (each None when not offered) and the listing's file the
    page carries for them: from the first whose file is not too long for its link."""
    edit = suggest_edit(catalog, listing, settings, current)
    email = suggest_email(catalog, listing, settings, current)
    carried = next((link.appended for link in (edit, email) if link is not None and not link.note), None)
    return {"edit": edit, "email": email, "file": carried}


def listing_context(catalog: Catalog, listing: Listing, settings: BuildSettings) -> dict[str, Any]:
    """What a listing's template shows beyond the listing itself."""
    current = current_file(catalog, listing) if settings.repo_url or settings.contact_email else None
    context: dict[str, Any] = {
        "listing": listing,
        "listing_kind": listing.kind,
        "review": review(listing, settings),
        # Correction links; the page carries the listing's file once, for both (Suggestion).
        "suggest": suggestions(catalog, listing, settings, current),
        "jsonld": listing_jsonld(listing, catalog, absolute_url(settings, page_path(listing))),
        "organization": catalog.organization(getattr(listing, "organization", None) or getattr(listing, "provider", None)),
    }
    if isinstance(listing, Group):
        # Paused and closed groups show no next meeting and no add-to-calendar link.
        active = listing.status == "active"
        context["upcoming"] = upcoming(listing, settings) if active else []
        context["upcoming_show"] = settings.occurrences
        context["upcoming_from"] = settings.now.date()
        context["meeting_rules"] = [browser_rule(meeting) for meeting in listing.meetings] if active else []
        context["has_calendar"] = has_calendar(listing, settings.now)
    return context


def listing_pages(catalog: Catalog, settings: BuildSettings) -> list[GeneratedPage]:
    # The context is worked out when the page is rendered: on a large site, in the forked
    # workers that write the pages (direct_pages.py), on every core.
    return [
        GeneratedPage(
            src_uri=src_uri(listing),
            title=listing.name,
            template=f"directory/{listing.kind}.html",
            lazy_context=functools.partial(listing_context, catalog, listing, settings),
            edit_path=repo_path(catalog, listing),
            description=listing.summary,
        )
        for listing in catalog.listings
    ]

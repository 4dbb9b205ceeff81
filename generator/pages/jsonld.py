"""schema.org JSON-LD for listing pages, safe to place inside a <script> element.

Groups are Events with an eventSchedule, advocates ProfilePages about a Person or
Organization, training Courses with CourseInstances.
"""

from __future__ import annotations

import json
from typing import Any

from generator.contract.catalog import Catalog
from generator.contract.models import Advocate, Group, Training
from generator.contract.models.meeting import Meeting

_DAY_URLS = {d: f"https://schema.org/{d.capitalize()}" for d in ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")}
_ATTENDANCE = {"in_person": "OfflineEventAttendanceMode", "online": "OnlineEventAttendanceMode", "phone": "OnlineEventAttendanceMode"}


def script_safe_json(data: Any) -> str:
    """JSON that cannot end its <script> element or open a comment, whatever the text inside."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return (
        text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
        .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    )


def _organization(catalog: Catalog, org_id: str | None) -> dict[str, Any] | None:
    org = catalog.organization(org_id)
    if org is None:
        return None
    return {"@type": "Organization", "name": org.name, "url": org.website}


def _schedule(meeting: Meeting) -> dict[str, Any]:
    schedule: dict[str, Any] = {
        "@type": "Schedule",
        "byDay": [_DAY_URLS[d] for d in meeting.days],
        "startTime": meeting.start_time.strftime("%H:%M"),
        "duration": f"PT{meeting.minutes}M",
        "scheduleTimezone": meeting.timezone,
    }
    if meeting.frequency == "weekly":
        schedule["repeatFrequency"] = f"P{meeting.interval}W"
    else:
        schedule["repeatFrequency"] = "P1M"
        schedule["byMonthWeek"] = list(meeting.weeks_of_month or [])
    if meeting.starts_on:
        schedule["startDate"] = meeting.starts_on.isoformat()
    if meeting.ends_on:
        schedule["endDate"] = meeting.ends_on.isoformat()
    return schedule


def group_jsonld(group: Group, catalog: Catalog, url: str) -> dict[str, Any]:
    modes = set(group.attendance)
    if "hybrid" in modes or ({"in_person"} & modes and {"online", "phone"} & modes):
        mode = "MixedEventAttendanceMode"
    else:
        mode = _ATTENDANCE[sorted(modes)[0]]
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": group.name,
        "description": group.summary,
        "url": url,
        "eventAttendanceMode": f"https://schema.org/{mode}",
        "eventStatus": "https://schema.org/EventScheduled" if group.status == "active" else "https://schema.org/EventPostponed",
        "inLanguage": list(group.languages),
        "isAccessibleForFree": group.cost.kind in ("free", "donation"),
    }
    if group.meetings:
        data["eventSchedule"] = [_schedule(m) for m in group.meetings]
    locations: list[dict[str, Any]] = []
    if group.location:
        address = {"@type": "PostalAddress", "addressLocality": group.location.locality, "addressCountry": group.location.country}
        if group.location.address:
            address["streetAddress"] = group.location.address
        if group.location.postal_code:
            address["postalCode"] = group.location.postal_code
        if group.location.region:
            address["addressRegion"] = group.location.region
        locations.append({"@type": "Place", "name": group.location.locality, "address": address})
    if {"online", "hybrid"} & modes:
        # The join link is never published here: it may be given only on request.
        locations.append({"@type": "VirtualLocation", "url": group.website or url})
    if locations:
        data["location"] = locations if len(locations) > 1 else locations[0]
    organizer = _organization(catalog, group.organization)
    if organizer:
        data["organizer"] = organizer
    return data


def advocate_jsonld(advocate: Advocate, catalog: Catalog, url: str) -> dict[str, Any]:
    entity: dict[str, Any] = {
        "@type": "Person" if advocate.entity == "person" else "Organization",
        "name": advocate.name,
        "description": advocate.summary,
        "sameAs": [p.url for p in advocate.platforms],
    }
    if advocate.website:
        entity["url"] = advocate.website
    return {"@context": "https://schema.org", "@type": "ProfilePage", "url": url, "name": advocate.name, "mainEntity": entity}


def training_jsonld(training: Training, catalog: Catalog, url: str) -> dict[str, Any]:
    modes = {"in_person": "Onsite", "online": "Online", "hybrid": "Blended", "phone": "Online"}
    instances = [
        {
            "@type": "CourseInstance",
            "courseMode": modes[cohort.format] if cohort.format else [modes[f] for f in training.format],
            "startDate": cohort.starts_on.isoformat(),
            **({"endDate": cohort.ends_on.isoformat()} if cohort.ends_on else {}),
            **({"location": cohort.location} if cohort.location else {}),
        }
        for cohort in training.cohorts
    ] or [{"@type": "CourseInstance", "courseMode": [modes[f] for f in training.format]}]
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Course",
        "name": training.name,
        "description": training.summary,
        "url": url,
        "inLanguage": list(training.languages),
        "educationalCredentialAwarded": training.credential,
        "hasCourseInstance": instances,
        "isAccessibleForFree": training.cost.kind == "free",
    }
    provider = _organization(catalog, training.provider)
    if provider:
        data["provider"] = provider
    return data


def listing_jsonld(listing: Group | Advocate | Training, catalog: Catalog, url: str) -> str:
    builders = {Group: group_jsonld, Advocate: advocate_jsonld, Training: training_jsonld}
    return script_safe_json(builders[type(listing)](listing, catalog, url))  # type: ignore[operator]

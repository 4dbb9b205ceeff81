"""Where and when, in HSDS terms: the locations of groups (venues and online), the links between
services and locations, and schedules (group meetings and training cohorts). Part of the HSDS
export (exports/hsds.py).
"""

from __future__ import annotations

from typing import Any

from generator.build.products import BuildSettings
from generator.contract.catalog import Catalog
from generator.contract.formats import LINK_ON_REQUEST_DESCRIPTION, NO_STREET_ADDRESS, ONLINE_DESCRIPTION
from generator.contract.models import Group, Listing, Training
from generator.contract.models.meeting import Meeting
from generator.contract.recurrence import first_occurrence, has_calendar
from generator.exports.common import (
    absolute, calendar_path, end_time, hhmm, is_online, is_physical, meeting_attendance, public_meeting_link,
)
from generator.exports.hsds_ids import _RRULE_DAYS, _WEEK, _country_name, _folder, uid
from generator.pages.presentation import region_name


# --- locations ------------------------------------------------------------------------------


def location_types(group: Group) -> list[str]:
    """The group's HSDS locations, by `location_type`: its venue, and online."""
    types = ["physical"] if is_physical(list(group.attendance)) and group.location is not None else []
    return types + (["virtual"] if is_online(list(group.attendance)) else [])


def location_id(group: Group, location_type: str) -> str:
    return uid("location", "groups", group.id, location_type)


def _locations(group: Group) -> list[dict[str, Any]]:
    """The group's locations, as its service nests them. What is nested in one (its address,
    accessibility) leaves out the location's id, as every nested HSDS object here leaves out its
    parent's: the nesting says it. A location leaves out its organisation too: it is its
    service's (`organization_id` of the service it is in)."""
    found = []
    location = group.location
    for location_type in location_types(group):
        loc_id = location_id(group, location_type)
        record: dict[str, Any] = {"id": loc_id, "location_type": location_type}
        if location_type == "physical" and location is not None:
            record["name"] = group.name
            if location.venue_notes:
                record["transportation"] = location.venue_notes
            if location.latitude is not None and location.longitude is not None:
                record["latitude"] = location.latitude
                record["longitude"] = location.longitude
            if location.address:
                record["addresses"] = [{
                    "id": uid("address", "groups", group.id, "physical"),
                    "address_1": location.address,
                    "city": location.locality,
                    "state_province": region_name(location.region) if location.region else "",
                    "postal_code": location.postal_code or "",
                    "country": location.country,
                    "address_type": "physical",
                }]
            else:
                region = f", {region_name(location.region)}" if location.region else ""
                record["description"] = f"{location.locality}{region}, {_country_name(location.country)}{NO_STREET_ADDRESS}"
            if group.accessibility:
                record["accessibility"] = [
                    {"id": uid("accessibility", "groups", group.id, str(i)), "description": text}
                    for i, text in enumerate(group.accessibility)
                ]
        else:
            record["name"] = f"{group.name} (online)"
            link = public_meeting_link(group)
            if link:
                record["url"] = link
            elif group.joining.link_on_request:
                record["description"] = LINK_ON_REQUEST_DESCRIPTION
            else:
                record["description"] = ONLINE_DESCRIPTION
        found.append(record)
    return found


def service_at_location_id(listing: Listing, location_type: str) -> str:
    return uid("service_at_location", _folder(listing), listing.id, location_type)


def _service_at_location(listing: Listing, location: dict[str, Any]) -> dict[str, Any]:
    """The link as a service nests it: its location inside, so neither the service's id nor the
    location's (`location_id`, the nested location's own `id`) is said again."""
    return {"id": service_at_location_id(listing, location["location_type"]), "location": location}


# --- schedules ------------------------------------------------------------------------------


def _byday(meeting: Meeting) -> str:
    days = sorted(meeting.days, key=_WEEK.index)
    if meeting.frequency == "weekly":
        return ",".join(_RRULE_DAYS[d] for d in days)
    weeks = sorted(meeting.weeks_of_month or [], key=lambda w: (w < 0, w))
    return ",".join(f"{w}{_RRULE_DAYS[d]}" for w in weeks for d in days)


def _when(meeting: Meeting) -> str:
    days = ", ".join(d.capitalize() for d in sorted(meeting.days, key=_WEEK.index))
    if meeting.frequency == "weekly":
        every = "Every" if meeting.interval == 1 else f"Every {meeting.interval} weeks on"
        when = f"{every} {days}"
    else:
        names = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth", -1: "last"}
        weeks = " and ".join(names[w] for w in sorted(meeting.weeks_of_month or [], key=lambda w: (w < 0, w)))
        when = f"The {weeks} {days} of the month"
    end, next_day = end_time(meeting)
    return f"{when}, {hhmm(meeting.start_time)} to {end}{' the next day' if next_day else ''}, {meeting.timezone} time"


def _schedule(catalog: Catalog, group: Group, index: int, settings: BuildSettings) -> dict[str, Any]:
    meeting = group.meetings[index]
    record: dict[str, Any] = {
        "id": uid("schedule", "groups", group.id, str(index + 1)),
        "freq": "WEEKLY" if meeting.frequency == "weekly" else "MONTHLY",
        "interval": meeting.interval,
        "byday": _byday(meeting),
        "wkst": "MO",
        "opens_at": hhmm(meeting.start_time),
        "closes_at": end_time(meeting)[0],
        "description": _when(meeting) + (f": {meeting.title}" if meeting.title else ""),
        "attending_type": ", ".join(catalog.label("attendance", mode) for mode in meeting_attendance(group, meeting)),
    }
    first = first_occurrence(meeting, settings.now)
    if first is not None:
        record["dtstart"] = first.date().isoformat()
    elif meeting.starts_on:
        record["dtstart"] = meeting.starts_on.isoformat()
    if meeting.starts_on:
        record["valid_from"] = meeting.starts_on.isoformat()
    if meeting.ends_on:
        record["until"] = meeting.ends_on.isoformat()
        record["valid_to"] = meeting.ends_on.isoformat()
    if meeting.notes:
        record["notes"] = meeting.notes
    if settings.site_url and has_calendar(group, settings.now):  # only a calendar that is published
        record["schedule_link"] = absolute(settings, calendar_path(group))
    return record


def _cohort_schedules(training: Training) -> list[dict[str, Any]]:
    found = []
    for index, cohort in enumerate(training.cohorts):
        description = f"Cohort starting {cohort.starts_on.isoformat()}"
        if cohort.ends_on:
            description += f", ending {cohort.ends_on.isoformat()}"
        if cohort.application_deadline:
            description += f"; apply by {cohort.application_deadline.isoformat()}"
        record: dict[str, Any] = {
            "id": uid("schedule", "training", training.id, str(index + 1)),
            "valid_from": cohort.starts_on.isoformat(),
            "description": description,
        }
        if cohort.ends_on:
            record["valid_to"] = cohort.ends_on.isoformat()
        if cohort.location:
            record["notes"] = cohort.location
        found.append(record)
    return found

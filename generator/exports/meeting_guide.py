"""meeting-guide.json: the Meeting Guide JSON feed (code4recovery spec) of weekly meetings.

At the site root, where every page's <link rel="alternate" type="application/json"> points (not
under api/v1/: Material's theme fetches sitemap.xml beside every alternate link, and the root is
where that file is). One copy only: api/v1/meeting-guide.json, the same bytes again (27 MB at
50,000 listings), is no longer written.

One object per meeting and weekday of every active group. The spec is for weekly meetings only,
so meetings every 2+ weeks and monthly meetings are left out, as are meetings that have ended or
not started yet (the spec has no start or end dates). `day` counts from 0 = Sunday.

Types use only codes from the spec's list that truly apply to the listing:
- languages: the spec's language codes (EN, S, FR, DE, ...) for the listing's languages;
- audiences: men -> M, women -> W, young_people -> Y, older_adults -> SEN, lgbtqia -> LGBTQ.
Not used: O/C (in AA they mean whether non-members may attend, not our "how to join"), ONL (not a
spec code; online is shown by `conference_url`), accessibility codes (our accessibility is free
text), and AA-literature formats. `conference_url` only when the group publishes its link.
"""

from __future__ import annotations

import hashlib
from typing import Any

import pycountry

from generator.contract.catalog import Catalog
from generator.exports.common import (
    JsonText, end_time, hhmm, is_online, is_physical, json_bytes, json_text, meeting_attendance, page_url, public_meeting_link,
    repo_path,
)
from generator.contract.formats import AUDIENCE_TYPES, LANGUAGE_TYPES, LINK_ON_REQUEST_NOTE, MG_DAY, NEXT_DAY_NOTE
from generator.contract.models import Group
from generator.contract.models.meeting import WEEKDAYS, Meeting
from generator.build.products import BuildSettings, per_record

_DAY_ABBR = {day: day[:3] for day in WEEKDAYS}
NAME_MAX = 255
SLUG_MAX = 64
# Subdivision codes that are the usual postal abbreviations (US states, Canadian provinces, Australian states).
_ABBREVIATED_REGIONS = ("US", "CA", "AU")


def representable(meeting: Meeting) -> bool:
    return meeting.frequency == "weekly" and meeting.interval == 1


def meeting_types(group: Group) -> list[str]:
    types = {LANGUAGE_TYPES[tag.split("-")[0]] for tag in group.languages if tag.split("-")[0] in LANGUAGE_TYPES}
    types |= {AUDIENCE_TYPES[a] for a in group.audiences if a in AUDIENCE_TYPES}
    return sorted(types)


def slug(group: Group, index: int, day: str) -> str:
    """Unique, URL-safe, at most 64 characters: '<group-id>-<meeting number>-<day>'."""
    value = f"{group.id}-{index + 1}-{_DAY_ABBR[day]}"
    if len(value) <= SLUG_MAX:
        return value
    digest = hashlib.sha256(value.encode()).hexdigest()[:8]
    tail = f"-{digest}-{index + 1}-{_DAY_ABBR[day]}"
    return group.id[: SLUG_MAX - len(tail)].rstrip("-") + tail


def state_of(region: str | None) -> str | None:
    if not region:
        return None
    country, code = region.split("-", 1)
    if country in _ABBREVIATED_REGIONS:
        return code
    subdivision = pycountry.subdivisions.get(code=region)
    return subdivision.name if subdivision else code


def _place(group: Group, physical: bool) -> dict[str, Any]:
    location = group.location
    if physical and location is not None:
        place: dict[str, Any] = {"city": location.locality, "country": location.country}
        if location.address:
            place["address"] = location.address
        if location.postal_code:
            place["postal_code"] = location.postal_code
        if location.region:
            place["state"] = state_of(location.region)
        if location.latitude is not None and location.longitude is not None:
            place["latitude"] = round(location.latitude, 5)
            place["longitude"] = round(location.longitude, 5)
        place["approximate"] = "no" if location.address else "yes"
        if location.venue_notes:
            place["location_notes"] = location.venue_notes
        return place
    # Online or phone: an approximate point of origin, only when it is one country.
    place = {}
    area = group.place
    if area is not None:
        place["country"] = area.country
        if area.region:
            place["state"] = state_of(area.region)
        place["approximate"] = "yes"
    return place


def _regions(group: Group) -> list[str]:
    area = group.place
    if area is None:
        return []
    country = pycountry.countries.get(alpha_2=area.country)
    regions = [country.name if country else area.country]
    if area.region:
        subdivision = pycountry.subdivisions.get(code=area.region)
        regions.append(subdivision.name if subdivision else area.region)
    return regions


def meeting_objects(catalog: Catalog, group: Group, index: int, settings: BuildSettings) -> list[dict[str, Any]]:
    meeting = group.meetings[index]
    today = settings.now.date()
    if not representable(meeting) or (meeting.ends_on and meeting.ends_on < today) or (meeting.starts_on and meeting.starts_on > today):
        return []
    modes = meeting_attendance(group, meeting)
    name = f"{group.name}: {meeting.title}" if meeting.title else group.name
    base: dict[str, Any] = {
        "name": name[:NAME_MAX],
        "time": hhmm(meeting.start_time),
        "timezone": meeting.timezone,
        "group": group.name,
        "group_notes": group.summary,
        "url": page_url(settings, group),
        "updated": f"{group.last_reviewed.isoformat()} 00:00:00",
        "types": meeting_types(group),
    }
    end, next_day = end_time(meeting)
    if not next_day:
        base["end_time"] = end
    notes = [meeting.notes] if meeting.notes else []
    if is_online(modes):
        link = public_meeting_link(group)
        if link:
            base["conference_url"] = link
            if group.joining.instructions:
                base["conference_url_notes"] = group.joining.instructions
        elif group.joining.link_on_request:
            notes.append(LINK_ON_REQUEST_NOTE)
    if next_day:
        notes.append(NEXT_DAY_NOTE.format(end=end))
    if notes:
        base["notes"] = "\n".join(notes)
    base.update(_place(group, is_physical(modes)))
    regions = _regions(group)
    if regions:
        base["regions"] = regions
    edit = settings.edit_url(repo_path(catalog, group))
    if edit:
        base["edit_url"] = edit
    org = catalog.organization(group.organization)
    if org is not None:
        base["entity"] = org.name
        base["entity_url"] = org.website
        if org.contact and org.contact.email:
            base["entity_email"] = org.contact.email
    return [{**base, "slug": slug(group, index, day), "day": MG_DAY[day]} for day in sorted(meeting.days, key=WEEKDAYS.index)]


ROOT_FEED = "meeting-guide.json"


def _group_meetings(catalog: Catalog, group: Group, settings: BuildSettings) -> tuple[tuple[str, JsonText], ...]:
    return tuple((m["slug"], json_text(m)) for index in range(len(group.meetings)) for m in meeting_objects(catalog, group, index, settings))


def meeting_guide_feed(catalog: Catalog, settings: BuildSettings) -> dict[str, bytes]:
    # Each meeting is encoded as it is made (its dict let go of), and the texts sorted by slug.
    # While serving, a group's are kept until it changes (build.products.per_record).
    meetings: list[tuple[str, JsonText]] = []
    for group in catalog.groups:
        if group.status == "active":
            meetings.extend(per_record("meeting_guide.meetings", group, lambda group=group: _group_meetings(catalog, group, settings)))
    meetings.sort(key=lambda pair: pair[0])
    return {ROOT_FEED: json_bytes([text for _, text in meetings])}


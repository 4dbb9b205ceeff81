"""`peerdir import meeting-guide`: a Meeting Guide JSON feed (code4recovery spec) as group listings.

The feed is a list of meetings, one per weekday. Meetings of one group (the same `group`, or
`name` when there is none, at the same address and town) become one group listing; meetings
at the same time, end, zone, notes and way of taking part are one meeting on several days.

Read from each meeting: day, time, end_time (an earlier end is the next day), timezone, name (a
title when it differs from the group's), notes, types (language codes as `languages`; M, W, Y,
SEN, LGBTQ as `audiences`; ONL online; TC venue temporarily closed; X, XB as accessibility),
the address (address, city, state, postal_code, country, or a formatted_address written
'street, town, ST 12345, country'), latitude and longitude, location_notes, conference_url (and
its notes) as the joining link, conference_phone as a phone meeting, group_notes as the summary,
`updated` as the review date, and `entity` as the host organisation when the folder has one of
that name. The spec has no topics, facilitation, cost or way of joining: they come from the
`--defaults` file, or the record is reported as not mapped, naming the missing field.
Contact people (contact_1_...) are private people: never imported.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from generator.contract.formats import (
    ACCESS_TYPES, LINK_ON_REQUEST_NOTE, MG_DAY, NEXT_DAY_NOTE, ONLINE_TYPE, TEMPORARILY_CLOSED_TYPE, TYPE_AUDIENCES,
    TYPE_LANGUAGES,
)
from generator.contract.models.meeting import WEEKDAYS
from generator.contributors.importers.common import Imported, Record, SourceError, Unmapped, listed, parse_json, text_of, type_of
from generator.contributors.importers.places import ABBREVIATED, country_code, region_code

DAYS = {number: day for day, number in MG_DAY.items()}
_TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)(?::[0-5]\d)?$")
_NEXT_DAY = re.compile("^" + re.escape(NEXT_DAY_NOTE).replace(re.escape("{end}"), r"(\d\d:\d\d)") + "$")
_STATE_POSTCODE = re.compile(r"^([A-Z]{2})\s+([A-Z0-9][A-Z0-9 -]{2,9})$")
MODES = ("in_person", "online", "hybrid", "phone")


def _time(value: Any) -> str | None:
    match = _TIME.match(value.strip()) if isinstance(value, str) else None
    return f"{int(match.group(1)):02d}:{match.group(2)}" if match else None


def _minutes(hhmm: str) -> int:
    return int(hhmm[:2]) * 60 + int(hhmm[3:])


def _days(value: Any) -> list[str] | str:
    values = value if isinstance(value, list) else [value]
    days = []
    for item in values:
        if isinstance(item, str) and item.strip().isdigit():
            item = int(item)
        if type(item) is not int or item not in DAYS:
            return f"'day' is {item!r}; it should be a number 0 (Sunday) to 6 (Saturday), or a list of them"
        days.append(DAYS[item])
    return days or "'day' is an empty list"


def _address(item: dict[str, Any]) -> dict[str, Any] | str | None:
    """The meeting's place as a Location's fields, None for no place, or why it cannot be read."""
    address, city, state = text_of(item.get("address")), text_of(item.get("city")), text_of(item.get("state"))
    postal, country = text_of(item.get("postal_code")), text_of(item.get("country"))
    formatted = text_of(item.get("formatted_address"))
    if formatted and not city:
        parts = [p.strip() for p in formatted.split(",")]
        found = _STATE_POSTCODE.match(parts[-2]) if len(parts) >= 4 else None
        if not found or country_code(parts[-1]) is None:
            return f"its formatted_address '{formatted}' is not written 'street, town, ST 12345, country'; give address, city and country"
        address, city, state, postal, country = ", ".join(parts[:-3]), parts[-3], found.group(1), found.group(2), parts[-1]
    if not (address or city or country):
        return None
    code = country_code(country) if country else None
    if code is None:
        return f"its country {country!r} is not a country name or ISO code" if country else "it gives no country"
    place: dict[str, Any] = {"country": code}
    if state:
        region = region_code(f"{code}-{state}" if code in ABBREVIATED else state, code) or region_code(state, code)
        if region is None:
            return f"its state '{state}' is not a region of {code}"
        place["region"] = region
    if city:
        place["locality"] = city
    if address:
        place["address"] = address
    if postal:
        place["postal_code"] = postal
    latitude, longitude = item.get("latitude"), item.get("longitude")
    if isinstance(latitude, str) and isinstance(longitude, str):
        try:
            latitude, longitude = float(latitude), float(longitude)
        except ValueError:
            return f"its latitude and longitude ({latitude!r}, {longitude!r}) are not numbers"
    if type(latitude) in (int, float) and type(longitude) in (int, float):
        place["latitude"], place["longitude"] = float(latitude), float(longitude)
    notes = [text for text in (text_of(item.get("location")), text_of(item.get("location_notes"))) if text]
    if notes:
        place["venue_notes"] = ". ".join(notes)
    return place


def _meeting(item: dict[str, Any], zone: str | None) -> tuple[dict[str, Any], str, dict[str, Any] | None, list[str]] | str:
    """(meeting fields, way of taking part, place, notes about the reading) of one feed item, or why not."""
    days = _days(item.get("day"))
    if "day" not in item or item.get("day") is None or item.get("time") in (None, ""):
        return "has no day and time (a meeting by appointment); add it by hand"
    if isinstance(days, str):
        return days
    start = _time(item.get("time"))
    if start is None:
        return f"'time' is {item.get('time')!r}; it should be HH:MM, e.g. 18:30"
    timezone = text_of(item.get("timezone")) or zone
    if timezone is None:
        return "has no 'timezone'; give the meetings' zone with --timezone, e.g. --timezone America/Chicago"
    remarks: list[str] = []
    meeting: dict[str, Any] = {"frequency": "weekly", "days": days, "start_time": start, "timezone": timezone}
    notes = [line.strip() for line in (text_of(item.get("notes")) or "").splitlines() if line.strip()]
    next_day = next((m.group(1) for m in map(_NEXT_DAY.match, notes) if m), None)
    link_on_request = LINK_ON_REQUEST_NOTE in notes
    notes = [n for n in notes if n != LINK_ON_REQUEST_NOTE and not _NEXT_DAY.match(n)]
    end = _time(item.get("end_time")) or next_day
    if item.get("end_time") not in (None, "") and _time(item.get("end_time")) is None:
        return f"'end_time' is {item.get('end_time')!r}; it should be HH:MM"
    if end is None:
        meeting["duration_minutes"] = 60
        remarks.append("no end_time: one hour, as the spec says readers assume")
    elif _minutes(end) > _minutes(start):
        meeting["end_time"] = end
    else:
        meeting["duration_minutes"] = _minutes(end) + 24 * 60 - _minutes(start)
    types = {t.strip().upper() for t in listed(item.get("types")) if isinstance(t, str)}
    place = _address(item)
    if isinstance(place, str):
        return place
    link, phone = text_of(item.get("conference_url")), text_of(item.get("conference_phone"))
    # Online: a link, the ONL type, or our own feed's "link on request" note. In person: a street
    # address, or a town for a meeting not online (an online meeting's town is where it is run from).
    online = bool(link) or ONLINE_TYPE in types or link_on_request
    physical = place is not None and ("address" in place or ("locality" in place and not online))
    physical = physical and TEMPORARILY_CLOSED_TYPE not in types
    online = online or (place is not None and not physical and not phone and TEMPORARILY_CLOSED_TYPE not in types)
    mode = "hybrid" if physical and online else "in_person" if physical else "online" if online else "phone" if phone else ""
    if not mode:
        if TEMPORARILY_CLOSED_TYPE in types:
            return "its venue is temporarily closed (type TC) and it has no online or phone way to take part"
        return "gives no address, link or phone: cannot tell where or how it meets"
    if phone:
        phone_notes = text_of(item.get("conference_phone_notes"))
        notes.append(f"Dial in: {phone}" + (f" ({phone_notes})" if phone_notes else ""))
    if notes:
        meeting["notes"] = " ".join(notes)
    extra = {"link": link, "link_notes": text_of(item.get("conference_url_notes")), "link_on_request": link_on_request,
             "types": types, "place": place, "physical": physical}
    return meeting, mode, extra, remarks


def _but_days(meeting: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in meeting.items() if key != "days"}


def _group_key(item: dict[str, Any]) -> tuple[str, str, str, str]:
    name = text_of(item.get("group")) or text_of(item.get("name")) or ""
    where = [str(item.get(k) or "").strip().casefold() for k in ("address", "city", "country")]
    return (name.casefold(), *where)  # type: ignore[return-value]


def _updated(items: list[dict[str, Any]]) -> str | None:
    days = []
    for item in items:
        value = text_of(item.get("updated"))
        if value and re.match(r"^\d{4}-\d{2}-\d{2}", value):
            try:
                days.append(dt.date.fromisoformat(value[:10]))
            except ValueError:
                continue
    return max(days).isoformat() if days else None


def _group(items: list[tuple[int, dict[str, Any], tuple]], organizations: dict[str, str]) -> Record:
    first = items[0][1]
    group_name = text_of(first.get("group")) or text_of(first.get("name")) or ""
    meetings: list[dict[str, Any]] = []
    modes: list[str] = []
    remarks: list[str] = []
    place = next((extra["place"] for _, _, (_, _, extra, _) in items if extra["physical"]), None)
    area = next((extra["place"] for _, _, (_, _, extra, _) in items if extra["place"]), None)
    links = [extra["link"] for _, _, (_, _, extra, _) in items if extra["link"]]
    types: set[str] = set()
    for _, item, (meeting, mode, extra, notes) in items:
        remarks.extend(notes)
        types |= extra["types"]
        name = text_of(item.get("name")) or ""
        title = name.removeprefix(f"{group_name}: ") if name != group_name else ""
        if title:
            meeting = {"title": title, **meeting}
        if extra["link"] and links and extra["link"] != links[0]:
            meeting["notes"] = (meeting.get("notes", "") + f" Link: {extra['link']}").strip()
        meeting["attendance"] = mode
        same = next((m for m in meetings if _but_days(m) == _but_days(meeting)), None)
        if same is not None:
            same["days"] = sorted(set(same["days"]) | set(meeting["days"]), key=WEEKDAYS.index)
        else:
            meetings.append(meeting)
        modes.append(mode)
    attendance = [mode for mode in MODES if mode in modes]
    for meeting in meetings:
        if len(attendance) == 1:
            del meeting["attendance"]
    data: dict[str, Any] = {"name": group_name, "status": "active", "attendance": attendance, "meetings": meetings}
    summary = text_of(first.get("group_notes"))
    if summary:
        data["summary"] = summary
    else:
        town = (area or {}).get("locality")
        data["summary"] = f"{group_name}: a group listed in a Meeting Guide feed{f', meeting in {town}' if town else ''}."
        remarks.append("no group_notes: the summary says only where it is listed")
    languages = [TYPE_LANGUAGES[t] for t in sorted(types) if t in TYPE_LANGUAGES]
    audiences = [TYPE_AUDIENCES[t] for t in sorted(types) if t in TYPE_AUDIENCES]
    if languages:
        data["languages"] = languages
    if audiences:
        data["audiences"] = audiences
    access = [ACCESS_TYPES[t] for t in sorted(types) if t in ACCESS_TYPES]
    if access:
        data["accessibility"] = access
    if place is not None:
        data["location"] = place
    elif area is not None:
        data["area_served"] = {"countries": [area["country"]], **({"regions": [area["region"]]} if "region" in area else {})}
    joining: dict[str, Any] = {}
    if links:
        joining["meeting_link"] = links[0]
    elif any(extra["link_on_request"] for _, _, (_, _, extra, _) in items):
        joining["link_on_request"] = True
    link_notes = next((extra["link_notes"] for _, _, (_, _, extra, _) in items if extra["link_notes"]), None)
    if link_notes:
        joining["instructions"] = link_notes
    if joining:
        data["joining"] = joining
    updated = _updated([item for _, item, _ in items])
    if updated:
        data["last_reviewed"] = updated
    entity = text_of(first.get("entity"))
    if entity and entity.casefold() in organizations:
        data["organization"] = organizations[entity.casefold()]
    slugs = [str(item.get("slug")) for _, item, _ in items if item.get("slug") not in (None, "")]
    where = "meeting " + ", ".join(str(index) for index, _, _ in items[:5]) + (" and more" if len(items) > 5 else "")
    url = text_of(first.get("url"))
    record = Record("groups", where, data, ", ".join(slugs[:5]) + (f"; {url}" if url else ""))
    record.notes.extend(dict.fromkeys(remarks))
    return record


def read_meeting_guide(data: bytes, label: str, timezone: str | None = None, organizations: dict[str, str] | None = None) -> Imported:
    """Group listings from a feed's bytes. `organizations`: folded organisation names -> ids in the folder."""
    feed = parse_json(data, label)
    if isinstance(feed, dict) and isinstance(feed.get("meetings"), list):
        feed = feed["meetings"]
    if not isinstance(feed, list):
        raise SourceError(f"{label}: a Meeting Guide feed is a list of meetings, not {type_of(feed)}")
    imported = Imported(label)
    groups: dict[tuple, list[tuple[int, dict[str, Any], tuple]]] = {}
    for index, item in enumerate(feed):
        where = f"meeting {index}"
        if not isinstance(item, dict):
            imported.unmapped.append(Unmapped(where, f"is {type_of(item)}, not a meeting (an object with name, day, time...)"))
            continue
        if text_of(item.get("name")) is None:
            imported.unmapped.append(Unmapped(where, "has no 'name'"))
            continue
        found = _meeting(item, timezone)
        if isinstance(found, str):
            imported.unmapped.append(Unmapped(f"{where} ({text_of(item.get('name'))})", found))
            continue
        groups.setdefault(_group_key(item), []).append((index, item, found))
    imported.records = [_group(items, organizations or {}) for items in groups.values()]
    return imported

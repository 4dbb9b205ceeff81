"""Parts of an HSDS 3.0 service read back as a listing's fields: schedules as meetings and cohorts,
locations as a group's place and online link, service areas as countries and regions. The
inverse of exports/hsds_places.py, through the sentences both share (contract/formats.py)."""

from __future__ import annotations

import re
from typing import Any

from generator.contract.formats import LINK_ON_REQUEST_DESCRIPTION, NO_STREET_ADDRESS
from generator.contributors.importers.common import listed, text_of
from generator.contributors.importers.places import country_code, region_code

RRULE_DAYS = {"MO": "monday", "TU": "tuesday", "WE": "wednesday", "TH": "thursday", "FR": "friday", "SA": "saturday", "SU": "sunday"}
_BYDAY = re.compile(r"^([+-]?\d)?(MO|TU|WE|TH|FR|SA|SU)$")
_ZONE = re.compile(r", ([A-Za-z_]+(?:/[A-Za-z0-9_+-]+)*|UTC) time(?:: (.+))?$", re.S)
_TIME = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)")
_APPLY_BY = re.compile(r"apply by (\d{4}-\d{2}-\d{2})")


def _hhmm(value: Any) -> str | None:
    match = _TIME.match(value) if isinstance(value, str) else None
    return f"{match.group(1)}:{match.group(2)}" if match else None


def meeting(schedule: dict[str, Any], modes: dict[str, str]) -> dict[str, Any] | str:
    """A meeting from a schedule, or why it cannot be one. `modes`: attendance labels -> terms."""
    freq = schedule.get("freq")
    if freq not in ("WEEKLY", "MONTHLY"):
        return f"its schedule's freq is {freq!r}; only WEEKLY and MONTHLY schedules are meetings"
    start, end = _hhmm(schedule.get("opens_at")), _hhmm(schedule.get("closes_at"))
    if start is None:
        return "its schedule has no opens_at time (HH:MM)"
    description = text_of(schedule.get("description")) or ""
    zone = _ZONE.search(description)
    if zone is None:
        return ("its schedule does not name its time zone (', Europe/London time' in the description), "
                "and HSDS offsets cannot follow daylight saving")
    days: list[str] = []
    weeks: list[int] = []
    for part in str(schedule.get("byday") or "").split(","):
        found = _BYDAY.match(part.strip())
        if not found:
            return f"its schedule's byday {schedule.get('byday')!r} is not a list of days such as MO,TH or 1SA"
        if RRULE_DAYS[found.group(2)] not in days:
            days.append(RRULE_DAYS[found.group(2)])
        if found.group(1) and int(found.group(1)) not in weeks:
            weeks.append(int(found.group(1)))
    result: dict[str, Any] = {}
    if zone.group(2):
        result["title"] = zone.group(2).strip()
    result["frequency"] = freq.lower()
    result["days"] = days
    interval = schedule.get("interval")
    if freq == "WEEKLY" and type(interval) is int and interval > 1:
        result["interval"] = interval
    if freq == "MONTHLY":
        result["weeks_of_month"] = weeks
    result["start_time"] = start
    minutes = lambda t: int(t[:2]) * 60 + int(t[3:])  # noqa: E731
    if end is None:
        return "its schedule has no closes_at time (HH:MM)"
    if minutes(end) > minutes(start) and "the next day" not in description:
        result["end_time"] = end
    else:
        result["duration_minutes"] = minutes(end) + 24 * 60 - minutes(start)
    result["timezone"] = zone.group(1)
    if text_of(schedule.get("valid_from")):
        result["starts_on"] = schedule["valid_from"]
    if text_of(schedule.get("valid_to") or schedule.get("until")):
        result["ends_on"] = schedule.get("valid_to") or schedule.get("until")
    attending = [modes.get(label.strip().casefold()) for label in str(schedule.get("attending_type") or "").split(",") if label.strip()]
    if len(attending) == 1 and attending[0]:
        result["attendance"] = attending[0]
    if text_of(schedule.get("notes")):
        result["notes"] = schedule["notes"]
    return result


def cohort(schedule: dict[str, Any], modes: dict[str, str]) -> dict[str, Any] | None:
    if not text_of(schedule.get("valid_from")):
        return None
    result: dict[str, Any] = {"starts_on": schedule["valid_from"]}
    if text_of(schedule.get("valid_to")):
        result["ends_on"] = schedule["valid_to"]
    deadline = _APPLY_BY.search(str(schedule.get("description") or ""))
    if deadline:
        result["application_deadline"] = deadline.group(1)
    if text_of(schedule.get("notes")):
        result["location"] = schedule["notes"]
    return result


def area(name: str) -> tuple[str, str] | None:
    """('country', 'GB') or ('region', 'US-GA') for a service area's name, or None."""
    code = country_code(name)
    if code:
        return "country", code
    for country in ("US", "GB", "CA", "AU", "IE", "NZ", "DE", "FR", "ES", "IT", "IN"):
        region = region_code(name, country)
        if region:
            return "region", region
    return None


def place(location: dict[str, Any]) -> dict[str, Any] | str:
    """A group's Location from a physical HSDS location, or why not."""
    result: dict[str, Any] = {}
    addresses = [a for a in listed(location.get("addresses")) if isinstance(a, dict)]
    if addresses:
        address = addresses[0]
        country = country_code(str(address.get("country") or ""))
        if country is None:
            return f"its address's country {address.get('country')!r} is not a country"
        result["country"] = country
        state = text_of(address.get("state_province"))
        if state:
            region = region_code(state, country)
            if region is None:
                return f"its address's state_province '{state}' is not a region of {country}"
            result["region"] = region
        if text_of(address.get("address_1")):
            result["address"] = address["address_1"].strip()
        if not text_of(address.get("city")):
            return "its address has no city"
        result["locality"] = address["city"].strip()
        if text_of(address.get("postal_code")):
            result["postal_code"] = address["postal_code"].strip()
    else:
        description = text_of(location.get("description")) or ""
        parts = [p.strip() for p in description.removesuffix(NO_STREET_ADDRESS).split(",")]
        country = country_code(parts[-1]) if len(parts) >= 2 else None
        if country is None:
            return "its physical location has neither an address nor a description 'Town, Country'"
        result["country"] = country
        if len(parts) >= 3:
            region = region_code(parts[-2], country)
            if region:
                result["region"] = region
        result["locality"] = ", ".join(parts[: -2 if "region" in result else -1])
    if type(location.get("latitude")) in (int, float) and type(location.get("longitude")) in (int, float):
        result["latitude"], result["longitude"] = float(location["latitude"]), float(location["longitude"])
    if text_of(location.get("transportation")):
        result["venue_notes"] = location["transportation"].strip()
    return result


def virtual(location: dict[str, Any]) -> dict[str, Any]:
    """A group's joining link from a virtual HSDS location."""
    if text_of(location.get("url")):
        return {"meeting_link": location["url"].strip()}
    if text_of(location.get("description")) == LINK_ON_REQUEST_DESCRIPTION:
        return {"link_on_request": True}
    return {}


def accessibility(location: dict[str, Any]) -> list[str]:
    return [item["description"].strip() for item in listed(location.get("accessibility"))
            if isinstance(item, dict) and text_of(item.get("description"))]

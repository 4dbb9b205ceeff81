"""A variant of the one fictional directory (tests/fictional.py) with groups around Chicago, for
the finder's "near" and "soon" tests: the shared directory plus the groups below, which only these
tests need (distances between real towns, and meetings at known hours). Everything here is made up
and says so in its name; the places are real towns only so that distances can be checked.
"""

from __future__ import annotations

from pathlib import Path

from fictional import write_fictional_directory

COMMON = """
topics: [depression]
audiences: [everyone]
languages: [en]
status: active
last_reviewed: 2026-10-01
reviewed_by: test-suite
source: Invented for the test suite; not a real group.
joining:
  method: open
facilitation: peer_led
cost: {kind: free}
"""


def _group(slug: str, name: str, where: str, day: str, start: str, end: str, zone: str = "America/Chicago") -> str:
    return f"""id: {slug}
name: {name}
summary: A fictional group used only in the finder's tests.
{where.strip()}
meetings:
  - frequency: weekly
    days: [{day}]
    start_time: "{start}"
    end_time: "{end}"
    timezone: {zone}
{COMMON.strip()}
"""


# slug -> (name, location or area, weekday, start, end). 2026-11-23 (the build time) is a Monday.
GROUPS: dict[str, tuple[str, str, str, str, str]] = {
    "fictional-evanston-circle": ("Fictional Evanston Circle", """
attendance: [in_person]
location: {locality: Evanston, region: US-IL, country: US, latitude: 42.045, longitude: -87.688}
""", "monday", "19:00", "20:30"),
    "fictional-naperville-group": ("Fictional Naperville Group", """
attendance: [in_person]
location: {locality: Naperville, region: US-IL, country: US}
""", "wednesday", "12:00", "13:00"),
    "fictional-milwaukee-group": ("Fictional Milwaukee Group", """
attendance: [in_person]
location: {locality: Milwaukee, region: US-WI, country: US, latitude: 43.039, longitude: -87.906}
""", "sunday", "10:00", "11:30"),
    "fictional-online-midwest": ("Fictional Online Midwest Group", """
attendance: [online]
area_served: {countries: [US]}
""", "tuesday", "20:00", "21:00"),
    "fictional-illinois-phone": ("Fictional Illinois Phone Circle", """
attendance: [phone]
area_served: {countries: [US], regions: [US-IL]}
""", "thursday", "18:00", "19:00"),
    "fictional-ohio-phone": ("Fictional Ohio Phone Circle", """
attendance: [phone]
area_served: {countries: [US], regions: [US-OH]}
""", "friday", "09:00", "10:00"),
}

EVANSTON, NAPERVILLE, MILWAUKEE = "Fictional Evanston Circle", "Fictional Naperville Group", "Fictional Milwaukee Group"
ONLINE, ILLINOIS, OHIO = "Fictional Online Midwest Group", "Fictional Illinois Phone Circle", "Fictional Ohio Phone Circle"
# From Chicago's centre (41.85, -87.65) by great circle: Evanston ~22 km, Naperville (its town
# centre, from the gazetteer) ~42 km, Milwaukee ~132 km, Springfield (the hostile-text group,
# from the gazetteer) ~290 km, Leeds ~6,000 km.


def write_places_directory(root: Path) -> Path:
    write_fictional_directory(root)
    for slug, (name, where, day, start, end) in GROUPS.items():
        modeline = "# yaml-language-server: $schema=../../schemas/group.schema.json\n"
        (root / "groups" / f"{slug}.yml").write_text(modeline + _group(slug, name, where, day, start, end), encoding="utf-8")
    return root

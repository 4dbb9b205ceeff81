"""A small fictional directory for the export tests, with hostile text in it.

The export tests get it loaded as conftest's `export_catalog`, and import `SETTINGS` (a build
time before the 2026 clock changes, which the calendar tests cross) from here. It is apart from
tests/fictional_site.py's directory because its expectations (ids, counts, times around the
clock change) are the export tests' own. Every name starts with "Fictional"; no listing
describes a real group, person or organisation.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from generator.contract.catalog import Catalog, load_catalog
from generator.build.products import BuildSettings

REPO = Path(__file__).resolve().parents[1]

# Before the US (8 March 2026) and European (29 March 2026) clock changes.
SETTINGS = BuildSettings(
    now=dt.datetime(2026, 3, 1, 12, 0, tzinfo=dt.timezone.utc),
    site_url="https://example.org/",
    repo_url="https://github.com/example/peer-support-directory",
)

HOSTILE_NAME = 'Fictional Evening Circle </script> "quoted", comma'
FORMULA_SUMMARY = "=cmd|' /C calc'!A0 is not a formula: a fictional circle, with commas, \"quotes\" & ampersands."

FILES: dict[str, str] = {
    "organizations/fictional-org.yml": """\
# yaml-language-server: $schema=../../schemas/organization.schema.json
id: fictional-org
name: "Fictional Peer Network"
summary: "A fictional charity that hosts peer support groups and runs a peer-specialist course."
website: "https://fictional-org.example.org/"
country: GB
contact: {email: "hello@fictional-org.example.org", phone: "+44 20 7946 0000"}
last_reviewed: 2026-02-01
reviewed_by: "fictional-maintainer"
source: "Fictional source for tests."
""",
    "groups/fictional-evening-circle.yml": f"""\
# yaml-language-server: $schema=../../schemas/group.schema.json
id: fictional-evening-circle
name: '{HOSTILE_NAME}'
summary: '{FORMULA_SUMMARY.replace("'", "''")}'
description: "A *fictional* group. [Read more](https://fictional-org.example.org/circle)."
website: "https://fictional-org.example.org/circle"
organization: fictional-org
topics: [grief, depression]
audiences: [everyone, women]
languages: [en, es]
status: active
last_reviewed: 2026-02-20
reviewed_by: "fictional-maintainer"
source: "Fictional source for tests."
attendance: [in_person, online]
location:
  address: "1 Fictional Street, Unit 2"
  locality: "London"
  region: GB-ENG
  country: GB
  postal_code: "EC1A 1AA"
  latitude: 51.5
  longitude: -0.1
  venue_notes: "Ring the bell, then take the lift to floor 2"
joining:
  method: open
  meeting_link: "https://meet.example.org/fictional-circle"
  instructions: "Just come along; the link is the same every week."
meetings:
  - title: "Evening group"
    frequency: weekly
    days: [tuesday, thursday]
    start_time: "18:30"
    end_time: "20:00"
    timezone: Europe/London
    attendance: in_person
    notes: "Tea from 18:15, =SUM(A1) is just text"
  - frequency: monthly
    days: [saturday]
    weeks_of_month: [1, -1]
    start_time: "10:00"
    duration_minutes: 90
    timezone: Europe/London
    attendance: in_person
  - title: "Online fortnightly"
    frequency: weekly
    interval: 2
    days: [wednesday]
    starts_on: 2026-01-07
    start_time: "19:00"
    end_time: "20:00"
    timezone: Europe/London
    attendance: online
facilitation: peer_led
cost: {{kind: donation, note: "Pay what you can, \\"if\\" you can"}}
contact: {{email: "circle@fictional-org.example.org"}}
accessibility: ["Step-free access", "Hearing loop"]
size_limit: 12
min_age: 18
""",
    "groups/fictional-online-peers.yml": """\
# yaml-language-server: $schema=../../schemas/group.schema.json
id: fictional-online-peers
name: "Fictional Online Peers"
summary: "A fictional online group for people living with anxiety, meeting on weeknights."
topics: [anxiety]
audiences: [lgbtqia, young_people]
languages: [en]
status: active
last_reviewed: 2026-02-25
reviewed_by: "fictional-maintainer"
source: "Fictional source for tests."
attendance: [online]
area_served: {countries: [US], regions: [US-NY], timezone: America/New_York}
joining:
  method: registration
  link_on_request: true
  instructions: "E-mail us and we send the link."
meetings:
  - frequency: weekly
    days: [monday]
    start_time: "20:00"
    end_time: "21:00"
    timezone: America/New_York
  - title: "Late night"
    frequency: weekly
    days: [sunday]
    start_time: "23:30"
    duration_minutes: 60
    timezone: America/New_York
    ends_on: 2026-12-20
facilitation: co_facilitated
cost: {kind: free}
contact: {form: "https://online-peers.example.org/contact"}
""",
    "groups/fictional-paused-group.yml": """\
# yaml-language-server: $schema=../../schemas/group.schema.json
id: fictional-paused-group
name: "Fictional Paused Group"
summary: "A fictional in-person group that is taking a break over the winter months."
topics: [loneliness]
audiences: [older_adults]
languages: [en]
status: paused
status_note: "Resumes in spring"
last_reviewed: 2026-01-10
reviewed_by: "fictional-maintainer"
source: "Fictional source for tests."
attendance: [in_person]
location: {locality: "Dublin", country: IE}
joining: {method: open}
meetings:
  - frequency: weekly
    days: [friday]
    start_time: "11:00"
    end_time: "12:00"
    timezone: Europe/Dublin
facilitation: peer_led
cost: {kind: free}
""",
    "groups/fictional-closed-group.yml": """\
# yaml-language-server: $schema=../../schemas/group.schema.json
id: fictional-closed-group
name: "Fictional Closed Group"
summary: "A fictional group that has stopped meeting and stays listed for old links."
topics: [grief]
audiences: [everyone]
languages: [en]
status: closed
status_note: "Closed in 2025"
last_reviewed: 2026-02-27
reviewed_by: "fictional-maintainer"
source: "Fictional source for tests."
attendance: [in_person]
location: {locality: "Leeds", country: GB, region: GB-ENG}
joining: {method: open}
meetings:
  - frequency: weekly
    days: [monday]
    start_time: "18:00"
    end_time: "19:00"
    timezone: Europe/London
facilitation: peer_led
cost: {kind: free}
""",
    "groups/fictional-no-times.yml": """\
# yaml-language-server: $schema=../../schemas/group.schema.json
id: fictional-no-times
name: "Fictional Network of Local Groups"
summary: "A fictional programme of many local groups whose times vary from place to place."
website: "https://local-groups.example.org/"
find_a_group: "https://local-groups.example.org/find-a-group/"
topics: [recovery]
audiences: [everyone]
languages: [en]
status: active
last_reviewed: 2025-12-01
reviewed_by: "fictional-maintainer"
source: "Fictional source for tests."
attendance: [in_person]
area_served: {countries: [GB, IE]}
joining: {method: open}
schedule_note: "Times vary by local group; see the website."
facilitation: peer_led
cost: {kind: free}
""",
    "advocates/fictional-voices.yml": """\
# yaml-language-server: $schema=../../schemas/advocate.schema.json
id: fictional-voices
name: "Fictional Voices"
summary: "A fictional person who writes about recovery from psychosis, in plain words."
topics: [psychosis, recovery]
audiences: [everyone]
languages: [en]
status: active
last_reviewed: 2026-02-15
reviewed_by: "fictional-maintainer"
source: "Fictional source for tests."
entity: person
platforms:
  - {platform: blog, url: "https://voices.example.org/"}
  - {platform: youtube, handle: "@fictionalvoices", url: "https://video.example.org/@fictionalvoices"}
content_notes: ["Discusses hospital stays"]
place: {country: CA}
listing_basis: self_submitted
""",
    "advocates/fictional-collective.yml": """\
# yaml-language-server: $schema=../../schemas/advocate.schema.json
id: fictional-collective
name: "Fictional Collective"
summary: "A fictional organisation sharing stories of peer support in short videos."
topics: [stigma]
audiences: [everyone]
languages: [en]
status: active
last_reviewed: 2026-02-15
reviewed_by: "fictional-maintainer"
source: "Fictional source for tests."
entity: organization
organization: fictional-org
platforms:
  - {platform: website, url: "https://collective.example.org/"}
listing_basis: public_organization
""",
    "training/fictional-peer-course.yml": """\
# yaml-language-server: $schema=../../schemas/training.schema.json
id: fictional-peer-course
name: "Fictional Peer Specialist Course"
summary: "A fictional 40-hour course that counts towards peer specialist certification."
topics: [peer_work]
audiences: [peer_workers]
languages: [en]
status: active
last_reviewed: 2026-02-10
reviewed_by: "fictional-maintainer"
source: "Fictional source for tests."
provider: fictional-org
credential: "Fictional Certified Peer Specialist"
credential_type: mental_health
jurisdictions:
  - {country: US, region: US-GA, certifying_body: "Fictional Certification Board", counts_towards: "Fictional CPS"}
format: [online]
hours: 40
cost: {kind: paid, note: "USD 500"}
prerequisites: {lived_experience: true, min_age: 18, other: ["A short interview"]}
cohorts:
  - {starts_on: 2026-04-01, ends_on: 2026-05-01, application_deadline: 2026-03-15}
funding: ["Fictional scholarship fund"]
""",
}


def build_catalog(root: Path, extra: dict[str, str] | None = None) -> Catalog:
    """Write the fictional directory under `root` and load it."""
    shutil.copytree(REPO / "directory" / "vocabularies", root / "vocabularies")
    for name, text in {**FILES, **(extra or {})}.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    result = load_catalog(root)
    errors = [p.text() for p in result.problems if p.severity == "error"]
    assert result.catalog is not None, errors
    return result.catalog

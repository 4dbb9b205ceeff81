"""A small fictional directory for site tests: every kind, every state, hostile text.

Everything here is made up and says so in its name; none of it describes a real group.
"""

from __future__ import annotations

import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

HOSTILE_NAME = "Fictional </script><script>window.__pwned=1</script> Circle & Friends"

FILES: dict[str, str] = {
    "organizations/fictional-peer-network.yml": """
id: fictional-peer-network
name: Fictional Peer Network
summary: A made-up organisation that hosts the fictional groups used in tests.
website: https://example.org/fictional-peer-network
country: GB
last_reviewed: 2026-10-01
reviewed_by: test-suite
source: Invented for the test suite; not a real organisation.
""",
    "groups/fictional-grief-circle-leeds.yml": """
id: fictional-grief-circle-leeds
name: Fictional Grief Circle Leeds
summary: A fictional in-person peer group for people living with grief, used only in tests.
description: |
  We meet in a **quiet room**. Read [our guide](https://example.org/guide).
website: https://example.org/fictional-grief-circle
topics: [grief, loneliness]
audiences: [everyone]
languages: [en]
status: active
last_reviewed: 2026-10-01
reviewed_by: test-suite
source: Invented for the test suite.
organization: fictional-peer-network
attendance: [in_person]
location:
  address: 1 Example Street
  locality: Leeds
  region: GB-ENG
  postal_code: "LS1 1AA"
  country: GB
  latitude: 53.8
  longitude: -1.55
joining:
  method: open
  instructions: Just come along; you can listen without speaking.
meetings:
  - frequency: weekly
    days: [tuesday]
    start_time: "18:30"
    end_time: "20:00"
    timezone: Europe/London
facilitation: peer_led
cost: {kind: free}
contact:
  email: fictional-grief@example.org
  phone: "+44 113 496 0000"
accessibility: [Step-free access]
""",
    "groups/fictional-online-anxiety-es.yml": """
id: fictional-online-anxiety-es
name: Fictional Online Anxiety Group (Spanish)
summary: A fictional online group about anxiety, held in Spanish, used only in tests.
website: https://example.org/anxiety-es
find_a_group: https://example.org/anxiety-es/find-a-group
topics: [anxiety]
audiences: [young_people]
languages: [es]
status: active
last_reviewed: 2026-09-15
reviewed_by: test-suite
source: Invented for the test suite.
attendance: [online]
area_served:
  countries: [ES, MX]
  timezone: America/Mexico_City
joining:
  method: registration
  link_on_request: true
meetings:
  - frequency: monthly
    weeks_of_month: [1, 3]
    days: [thursday]
    start_time: "19:00"
    duration_minutes: 60
    timezone: America/Mexico_City
facilitation: co_facilitated
cost: {kind: donation}
""",
    "groups/fictional-hostile-text-group.yml": """
id: fictional-hostile-text-group
name: "HOSTILE_NAME"
summary: "A fictional group whose name tries to break out of HTML & JSON: \\"quotes\\" and 'apostrophes'."
topics: [depression]
audiences: [everyone]
languages: [en]
status: active
last_reviewed: 2026-10-20
reviewed_by: test-suite
source: Invented for the test suite.
attendance: [hybrid]
location:
  locality: Springfield
  region: US-IL
  country: US
joining:
  method: open
  meeting_link: https://example.org/join
meetings:
  - frequency: weekly
    interval: 2
    starts_on: 2026-11-02
    days: [monday]
    start_time: "12:00"
    end_time: "13:00"
    timezone: America/Chicago
facilitation: peer_led
cost: {kind: sliding_scale, note: "Pay what you can, from $0 to $10."}
""".replace("HOSTILE_NAME", HOSTILE_NAME),
    "groups/fictional-paused-group.yml": """
id: fictional-paused-group
name: Fictional Paused Phone Group
summary: A fictional phone group that is paused, and whose listing is out of date, for tests.
topics: [bipolar]
audiences: [families_and_carers]
languages: [en]
status: paused
status_note: Paused while the fictional organisers find a new phone line.
last_reviewed: 2025-01-10
reviewed_by: test-suite
source: Invented for the test suite.
attendance: [phone]
area_served:
  countries: [AU]
joining:
  method: referral
schedule_note: Times are given to members when they join.
facilitation: professionally_led
cost: {kind: paid, note: "A fictional fee of AUD 5 a call."}
""",
    "groups/fictional-closed-group.yml": """
id: fictional-closed-group
name: Fictional Closed Group
summary: A fictional group that has closed; its page stays but it leaves the lists.
topics: [grief]
audiences: [everyone]
languages: [en]
status: closed
status_note: Closed in 2026 (fictional).
last_reviewed: 2026-06-01
reviewed_by: test-suite
source: Invented for the test suite.
attendance: [online]
area_served:
  countries: [IE]
joining:
  method: open
schedule_note: No longer meets.
facilitation: peer_led
cost: {kind: free}
""",
    "advocates/fictional-voices-podcast.yml": """
id: fictional-voices-podcast
name: Fictional Voices Podcast
summary: A fictional organisation's podcast about hearing voices, used only in tests.
website: https://example.org/voices
topics: [hearing_voices, psychosis]
audiences: [everyone]
languages: [en, fr]
status: active
last_reviewed: 2026-10-01
reviewed_by: test-suite
source: Invented for the test suite.
entity: organization
organization: fictional-peer-network
platforms:
  - platform: podcast
    url: https://example.org/voices/feed
  - platform: youtube
    handle: "@fictionalvoices"
    url: https://example.org/voices/video
content_notes: [Episodes discuss suicide and self-harm openly.]
place: {country: CA, region: CA-ON}
listing_basis: public_organization
""",
    "training/fictional-peer-specialist-course.yml": """
id: fictional-peer-specialist-course
name: Fictional Peer Specialist Course
summary: A fictional course that prepares people for a made-up peer specialist certificate.
website: https://example.org/course
topics: [peer_work]
audiences: [peer_workers]
languages: [en]
status: active
last_reviewed: 2026-10-01
reviewed_by: test-suite
source: Invented for the test suite.
provider: fictional-peer-network
credential: Fictional Certified Peer Specialist
credential_type: mental_health
jurisdictions:
  - country: US
    region: US-GA
    certifying_body: Fictional Certification Board
    counts_towards: Fictional CPS credential
format: [online, in_person]
hours: 40
cost: {kind: paid, note: "A fictional fee of $500."}
prerequisites:
  lived_experience: true
  min_age: 18
  education: Fictional school-leaving certificate.
cohorts:
  - starts_on: 2027-02-01
    ends_on: 2027-02-05
    application_deadline: 2027-01-10
    format: online
funding: [Fictional scholarships for people on low incomes.]
""",
}

SCHEMAS = {"organizations": "organization", "groups": "group", "advocates": "advocate", "training": "training"}


def write_fictional_directory(root: Path) -> Path:
    """Write the fictional directory (with the real vocabularies and crisis lines) into root."""
    shutil.copytree(REPO / "directory" / "vocabularies", root / "vocabularies")
    shutil.copytree(REPO / "directory" / "crisis-lines", root / "crisis-lines")
    for relative, text in FILES.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        modeline = f"# yaml-language-server: $schema=../../schemas/{SCHEMAS[path.parent.name]}.schema.json\n"
        path.write_text(modeline + text.lstrip("\n"), encoding="utf-8")
    return root


# The moment every test build counts "next meetings" from, and the browser tests' clock by default:
# a test never reads the machine's clock, so it passes on any day.
BUILD_TIME = "2026-11-23T12:00:00+00:00"


# The address the `fictional_site_with_url` fixture is built for: a project path, as on GitHub Pages.
# Browser tests serve that site under /psd/ on the local server; only the path has to match.
PUBLISHED_URL = "https://directory.example.org/psd/"


def read_project_config() -> dict:
    """The project's mkdocs.yml as plain data: `!!python/...` tags dropped, and every `!ENV` value
    None, so that a test build never depends on the environment it runs in."""
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_constructor("!ENV", lambda loader, node: None)
    return yaml.load((REPO / "mkdocs.yml").read_text(encoding="utf-8").replace("!!python", "#"), Loader=Loader)  # noqa: S506


def write_site_config(folder: Path, directory: Path, build_time: str = BUILD_TIME, site_url: str | None = None) -> Path:
    """An mkdocs.yml in `folder` that builds the project's content and theme from `directory`,
    published at `site_url` (None: no address, as a local preview)."""
    import yaml

    config = read_project_config()
    if site_url:
        config["site_url"] = site_url
    else:
        config.pop("site_url", None)
    config["docs_dir"] = str(REPO / "content")
    config["theme"]["custom_dir"] = str(REPO / "theme")
    config["site_dir"] = str(folder / "site")
    plugins = []
    for plugin in config["plugins"]:
        if isinstance(plugin, dict) and "directory" in plugin:
            plugin = {"directory": {**plugin["directory"], "directory": str(directory), "build_time": build_time}}
        plugins.append(plugin)
    config["plugins"] = plugins
    path = folder / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return path

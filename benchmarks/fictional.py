"""The project's fictional directory, grown to any size: every name starts with "Fictional".

    from benchmarks.fictional import write_fictional_directory
    write_fictional_directory(Path("/tmp/dir"), 10_000, seed=0, today=dt.date(2026, 11, 23))

writes a complete directory folder: the hand-written fictional directory the tests use
(tests/fixtures/directory: every kind, every status, hostile text) and `n` generated groups,
advocates and training programmes spread over many places, languages and meeting patterns,
with their organisations. Every listing it writes is valid and free of likely-duplicate
warnings. `today` dates the generated reviews and cohorts; tests pass a fixed day. The
`fictional_*` functions return plain dicts (the YAML data of one file) for tests that want to
mutate them.
"""

from __future__ import annotations

import datetime as dt
import random
import shutil
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parent.parent
VOCABULARIES = REPO / "directory" / "vocabularies"
# The hand-written fictional directory the tests share (tests/fictional.py); generated listings join it.
CURATED = REPO / "tests" / "fixtures" / "directory"
MODELINE = "# yaml-language-server: $schema=../../schemas/{}.schema.json\n"

try:  # libyaml's emitter is ~10x faster; the pure-Python one writes the same text.
    _Dumper: Any = yaml.CSafeDumper
except AttributeError:  # pragma: no cover
    _Dumper = yaml.SafeDumper

# (country, region, locality, time zone, latitude, longitude, languages)
PLACES: tuple[tuple[str, str, str, str, float, float, tuple[str, ...]], ...] = (
    ("GB", "GB-ENG", "Leeds", "Europe/London", 53.80, -1.55, ("en",)),
    ("GB", "GB-ENG", "Bristol", "Europe/London", 51.45, -2.59, ("en",)),
    ("GB", "GB-ENG", "London", "Europe/London", 51.51, -0.13, ("en", "pl", "ar")),
    ("GB", "GB-SCT", "Glasgow", "Europe/London", 55.86, -4.25, ("en",)),
    ("GB", "GB-WLS", "Cardiff", "Europe/London", 51.48, -3.18, ("en", "cy")),
    ("GB", "GB-NIR", "Belfast", "Europe/London", 54.60, -5.93, ("en", "ga")),
    ("IE", "IE-D", "Dublin", "Europe/Dublin", 53.35, -6.26, ("en", "ga")),
    ("IE", "IE-C", "Galway", "Europe/Dublin", 53.27, -9.05, ("en", "ga")),
    ("US", "US-NY", "New York", "America/New_York", 40.71, -74.01, ("en", "es")),
    ("US", "US-GA", "Atlanta", "America/New_York", 33.75, -84.39, ("en",)),
    ("US", "US-IL", "Chicago", "America/Chicago", 41.88, -87.63, ("en", "es", "pl")),
    ("US", "US-TX", "Austin", "America/Chicago", 30.27, -97.74, ("en", "es")),
    ("US", "US-CO", "Denver", "America/Denver", 39.74, -104.99, ("en",)),
    ("US", "US-CA", "Los Angeles", "America/Los_Angeles", 34.05, -118.24, ("en", "es", "ko")),
    ("US", "US-WA", "Seattle", "America/Los_Angeles", 47.61, -122.33, ("en",)),
    ("CA", "CA-ON", "Toronto", "America/Toronto", 43.65, -79.38, ("en", "fr")),
    ("CA", "CA-QC", "Montreal", "America/Toronto", 45.50, -73.57, ("fr", "en")),
    ("CA", "CA-BC", "Vancouver", "America/Vancouver", 49.28, -123.12, ("en",)),
    ("AU", "AU-NSW", "Sydney", "Australia/Sydney", -33.87, 151.21, ("en",)),
    ("AU", "AU-VIC", "Melbourne", "Australia/Melbourne", -37.81, 144.96, ("en", "el")),
    ("NZ", "NZ-AUK", "Auckland", "Pacific/Auckland", -36.85, 174.76, ("en", "mi")),
    ("NZ", "NZ-WGN", "Wellington", "Pacific/Auckland", -41.29, 174.78, ("en", "mi")),
    ("NO", "NO-03", "Oslo", "Europe/Oslo", 59.91, 10.75, ("nb", "en")),
    ("ES", "ES-MD", "Madrid", "Europe/Madrid", 40.42, -3.70, ("es",)),
    ("ES", "ES-CT", "Barcelona", "Europe/Madrid", 41.39, 2.17, ("ca", "es")),
    ("MX", "MX-CMX", "Mexico City", "America/Mexico_City", 19.43, -99.13, ("es-MX", "es")),
    ("BR", "BR-SP", "São Paulo", "America/Sao_Paulo", -23.55, -46.63, ("pt-BR",)),
    ("DE", "DE-BE", "Berlin", "Europe/Berlin", 52.52, 13.40, ("de", "en", "tr")),
    ("FR", "FR-IDF", "Paris", "Europe/Paris", 48.86, 2.35, ("fr",)),
    ("NL", "NL-NH", "Amsterdam", "Europe/Amsterdam", 52.37, 4.90, ("nl", "en")),
    ("ZA", "ZA-WC", "Cape Town", "Africa/Johannesburg", -33.92, 18.42, ("en", "af", "xh")),
    ("IN", "IN-MH", "Mumbai", "Asia/Kolkata", 19.08, 72.88, ("en", "hi", "mr")),
)

TOPICS = ("general_mental_health", "anxiety", "depression", "bipolar", "psychosis", "hearing_voices", "grief",
          "suicide_bereavement", "self_harm", "eating_disorders", "trauma", "ocd", "perinatal", "substance_use",
          "loneliness", "family_support", "recovery", "stigma")
AUDIENCES = ("everyone", "young_people", "students", "older_adults", "families_and_carers", "parents", "men", "women",
             "lgbtqia", "veterans")
PLATFORMS = ("website", "blog", "podcast", "youtube", "instagram", "bluesky", "mastodon", "newsletter")
CREDENTIAL_TYPES = ("mental_health", "substance_use", "integrated", "family", "youth", "general")
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_SYLLABLES = ("ka", "lo", "mi", "ra", "ven", "tu", "sel", "do", "ri", "ma", "no", "quel", "bri", "zan", "or", "phe",
              "gal", "tem", "vi", "sha", "ul", "den", "ko", "yar", "bel", "fin", "ost", "ru", "cal", "ney")
_DISTRICTS = ("North", "South", "East", "West", "Central", "Old Town", "Harbour", "Hills", "Park", "Riverside", "Market",
              "Green", "Bridge", "Heights", "Vale", "Fields", "Castle", "Docks", "Mill", "Common")
_GROUP_WORDS = ("Circle", "Peer Group", "Support Group", "Café", "Walk and Talk", "Voices Network", "Drop-in")


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize()


def _unique_words(rng: random.Random, index: int) -> str:
    """Two made-up words and a base-30 tag of the index: names never look alike."""
    tag, number = "", index
    while True:
        tag = _SYLLABLES[number % 30] + tag
        number //= 30
        if not number:
            break
    return f"{_word(rng)} {tag.capitalize()} {_word(rng)}"


def _review_fields(rng: random.Random, today: dt.date) -> dict[str, Any]:
    return {
        "last_reviewed": (today - dt.timedelta(days=rng.randint(0, 150))).isoformat(),
        "reviewed_by": "fictional-maintainer",
        "source": "A fictional listing generated for tests and benchmarks; no such service exists.",
    }


def _common(rng: random.Random, index: int, slug: str, name: str, today: dt.date, languages: tuple[str, ...]) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": slug,
        "name": name,
        "summary": f"{name} is a fictional listing used to test the directory at scale; it describes no real service.",
        "website": f"https://{slug}.example.org/",
        "topics": rng.sample(TOPICS, rng.randint(1, 3)),
        "audiences": rng.sample(AUDIENCES, rng.randint(1, 2)),
        "languages": list(rng.sample(languages, rng.randint(1, len(languages)))),
        "status": "active",
    }
    if index % 7 == 0:
        data["description"] = f"Meets to share experience.\n\nMore at [our page](https://{slug}.example.org/about)."
    if index % 29 == 0:
        data["status"] = "paused"
        data["status_note"] = "Paused while the fictional volunteers find a new room."
    data.update(_review_fields(rng, today))
    return data


def _meeting(rng: random.Random, place: tuple, today: dt.date) -> dict[str, Any]:
    hour = rng.choice((9, 10, 11, 14, 18, 19))
    start = f"{hour:02d}:{rng.choice(('00', '15', '30'))}"
    meeting: dict[str, Any] = {"frequency": "weekly", "days": sorted(rng.sample(WEEKDAYS, rng.randint(1, 2)), key=WEEKDAYS.index)}
    pattern = rng.randint(0, 3)
    if pattern == 1:
        meeting["frequency"] = "monthly"
        meeting["weeks_of_month"] = rng.choice(([1, 3], [2, 4], [-1], [1]))
    elif pattern == 2:
        meeting["days"] = [meeting["days"][0]]
        meeting["interval"] = 2
        first = today - dt.timedelta(days=rng.randint(0, 300))
        while WEEKDAYS[first.weekday()] != meeting["days"][0]:
            first += dt.timedelta(days=1)
        meeting["starts_on"] = first.isoformat()
    meeting["start_time"] = start
    if rng.random() < 0.5:
        meeting["end_time"] = f"{hour + rng.choice((1, 2)):02d}:{start[3:]}"
    else:
        meeting["duration_minutes"] = rng.choice((60, 90, 120))
    meeting["timezone"] = place[3]
    return meeting


def fictional_organization(index: int, seed: int = 0, today: dt.date | None = None) -> dict[str, Any]:
    rng = random.Random(f"org-{seed}-{index}")
    today = today or dt.date.today()
    place = PLACES[index % len(PLACES)]
    words = _unique_words(rng, index)
    slug = "fictional-org-" + "-".join(words.lower().split())
    name = f"Fictional {words} Peer Network"
    return {
        "id": slug,
        "name": name,
        "summary": f"{name} is a fictional organisation that hosts fictional groups and courses for tests.",
        "website": f"https://{slug}.example.org/",
        "country": place[0],
        "contact": {"email": f"hello@{slug}.example.org"},
        **_review_fields(rng, today),
    }


def fictional_group(index: int, seed: int = 0, today: dt.date | None = None, organizations: list[str] | None = None) -> dict[str, Any]:
    rng = random.Random(f"group-{seed}-{index}")
    today = today or dt.date.today()
    place = PLACES[rng.randrange(len(PLACES))]
    words = _unique_words(rng, index)
    slug = "fictional-" + "-".join(words.lower().split()) + "-group"
    name = f"Fictional {words} {rng.choice(_GROUP_WORDS)}"
    data = _common(rng, index, slug, name, today, place[6])
    mode = rng.choice(("in_person", "in_person", "online", "hybrid", "phone"))
    if organizations and index % 3 == 0:
        data["organization"] = organizations[index % len(organizations)]
    data["attendance"] = [mode]
    if mode in ("in_person", "hybrid"):
        location: dict[str, Any] = {
            "address": f"{rng.randint(1, 200)} Fictional Street",
            "locality": place[2] if index % 4 == 0 else f"{place[2]} {rng.choice(_DISTRICTS)}",
            "region": place[1],
            "country": place[0],
        }
        if index % 2:
            location["postal_code"] = f"{rng.randint(0, 99999):05d}"
            location["latitude"] = round(place[4] + rng.uniform(-0.05, 0.05), 4)
            location["longitude"] = round(place[5] + rng.uniform(-0.05, 0.05), 4)
        data["location"] = location
    else:
        area: dict[str, Any] = {"countries": [place[0]], "regions": [place[1]]}
        if mode == "online":
            area["timezone"] = place[3]
        data["area_served"] = area
    joining: dict[str, Any] = {"method": rng.choice(("open", "registration", "referral"))}
    if mode in ("online", "hybrid"):
        if index % 2:
            joining["link_on_request"] = True
        else:
            joining["meeting_link"] = f"https://meet.example.org/{slug}"
    data["joining"] = joining
    if index % 11 == 5:
        data["schedule_note"] = "Times vary; see the fictional website."
    else:
        data["meetings"] = [_meeting(rng, place, today) for _ in range(rng.randint(1, 2))]
    data["facilitation"] = rng.choice(("peer_led", "co_facilitated", "professionally_led"))
    cost_kind = rng.choice(("free", "free", "donation", "paid", "sliding_scale"))
    data["cost"] = {"kind": cost_kind} if cost_kind in ("free", "donation") else {"kind": cost_kind, "note": "Five fictional coins a session."}
    if index % 4 == 0:
        data["contact"] = {"email": f"contact@{slug}.example.org"}
        if index % 8 == 0 and index < 80_000:
            data["contact"]["phone"] = f"+61 2 5550 {index // 8:04d}"
    if index % 3 == 1:
        data["accessibility"] = ["Step-free access"] if mode != "online" else ["Live captions"]
    if index % 10 == 3:
        data["min_age"], data["max_age"] = 18, 30
    return data


def fictional_advocate(index: int, seed: int = 0, today: dt.date | None = None, organizations: list[str] | None = None) -> dict[str, Any]:
    rng = random.Random(f"advocate-{seed}-{index}")
    today = today or dt.date.today()
    place = PLACES[rng.randrange(len(PLACES))]
    words = _unique_words(rng, index)
    slug = "fictional-" + "-".join(words.lower().split()) + "-voices"
    name = f"Fictional {words} Voices"
    data = _common(rng, index, slug, name, today, place[6])
    is_org = index % 3 == 0
    data["entity"] = "organization" if is_org else "person"
    if is_org and organizations:
        data["organization"] = organizations[index % len(organizations)]
    data["platforms"] = [
        {"platform": platform, "handle": f"@{slug}", "url": f"https://{platform}.example.org/{slug}"}
        for platform in rng.sample(PLATFORMS, rng.randint(1, 3))
    ]
    if index % 2:
        data["content_notes"] = ["Talks openly about fictional hard times."]
    data["place"] = {"country": place[0], "region": place[1]} if index % 2 else {"country": place[0]}
    if is_org:
        data["listing_basis"] = rng.choice(("public_organization", "self_submitted"))
    elif index % 4 == 1:
        data["listing_basis"] = "consent_on_file"
        data["consent_recorded"] = (today - dt.timedelta(days=400)).isoformat()
    else:
        data["listing_basis"] = "self_submitted"
    return data


def fictional_training(index: int, seed: int = 0, today: dt.date | None = None, organizations: list[str] | None = None) -> dict[str, Any]:
    rng = random.Random(f"training-{seed}-{index}")
    today = today or dt.date.today()
    place = PLACES[rng.randrange(len(PLACES))]
    words = _unique_words(rng, index)
    slug = "fictional-" + "-".join(words.lower().split()) + "-course"
    name = f"Fictional {words} Peer Specialist Course"
    data = _common(rng, index, slug, name, today, place[6])
    data["provider"] = (organizations or ["fictional-org-missing"])[index % len(organizations or [1])]
    data["credential"] = "Certificate of completion"
    data["credential_type"] = rng.choice(CREDENTIAL_TYPES)
    data["jurisdictions"] = [{"country": place[0], "region": place[1], "certifying_body": "Fictional Certification Board"}]
    data["format"] = rng.sample(("in_person", "online", "hybrid"), rng.randint(1, 2))
    data["hours"] = rng.choice((40, 60, 80))
    data["cost"] = {"kind": "paid", "note": "Fictional fee of 100 coins."} if index % 2 else {"kind": "free"}
    data["prerequisites"] = {"lived_experience": True, "min_age": 18}
    if index % 3 == 0:
        starts = today + dt.timedelta(days=rng.randint(30, 200))
        data["cohorts"] = [{"starts_on": starts.isoformat(), "ends_on": (starts + dt.timedelta(days=40)).isoformat(),
                            "application_deadline": (starts - dt.timedelta(days=14)).isoformat(), "format": data["format"][0]}]
    return data


def to_yaml(data: dict[str, Any], schema: str) -> str:
    """The text of a listing file: the schema line, then the data (PyYAML quotes 'NO', '18:30'...)."""
    body = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=200, default_flow_style=False)
    return MODELINE.format(schema) + body


def _write(folder: Path, data: dict[str, Any], schema: str) -> None:
    (folder / f"{data['id']}.yml").write_text(to_yaml(data, schema), encoding="utf-8")


def write_fictional_directory(root: Path, n: int, seed: int = 0, today: dt.date | None = None) -> None:
    """Write a directory folder at `root`: the hand-written fictional directory, then `n`
    generated listings with their organisations.

    The generated listings are spread over groups (60 %), advocates (20 %) and training (20 %);
    there is one organisation per 20 listings (at least two). The result validates without
    problems. `today` (by default the machine's date, for benchmarks) dates reviews and cohorts.
    """
    root = Path(root)
    today = today or dt.date.today()
    shutil.copytree(CURATED, root, dirs_exist_ok=True)
    shutil.copytree(VOCABULARIES, root / "vocabularies", dirs_exist_ok=True)
    folders = {name: root / name for name in ("organizations", "groups", "advocates", "training")}
    for folder in folders.values():
        folder.mkdir(parents=True, exist_ok=True)
    organizations = [fictional_organization(i, seed, today) for i in range(max(2, n // 20))]
    for organization in organizations:
        _write(folders["organizations"], organization, "organization")
    org_ids = [o["id"] for o in organizations]
    for index in range(n):
        slot = index % 5
        if slot < 3:
            _write(folders["groups"], fictional_group(index, seed, today, org_ids), "group")
        elif slot == 3:
            _write(folders["advocates"], fictional_advocate(index, seed, today, org_ids), "advocate")
        else:
            _write(folders["training"], fictional_training(index, seed, today, org_ids), "training")


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", type=Path)
    parser.add_argument("-n", type=int, default=100)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--today", type=dt.date.fromisoformat, default=None, help="the day reviews count from (YYYY-MM-DD)")
    args = parser.parse_args()
    write_fictional_directory(args.root, args.n, args.seed, args.today)

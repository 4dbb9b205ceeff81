"""The built site, read as files: pages, links, escaping, edit links, privacy, failed builds."""

from __future__ import annotations

import base64
import json
import re
import shutil
import zlib
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from conftest import build_site
from fictional import HOSTILE_NAME, write_fictional_directory, write_site_config

from generator.pages.browse import PAGE_SIZE

REPO_URL = "https://github.com/peer-support-directory/peer-support-directory"


def read(site: Path, path: str) -> str:
    return (site / path).read_text(encoding="utf-8")


class _Collector(HTMLParser):
    """Collects tags and attributes, and the text of JSON-LD scripts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.jsonld: list[str] = []
        self._in_jsonld = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        self._in_jsonld = tag == "script" and attributes.get("type") == "application/ld+json"

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_jsonld = False

    def handle_data(self, data: str) -> None:
        if self._in_jsonld:
            self.jsonld.append(data)


def parse(html: str) -> _Collector:
    collector = _Collector()
    collector.feed(html)
    return collector


def test_every_listing_has_a_page_and_closed_ones_leave_the_lists(fictional_site: Path) -> None:
    for listing in ("groups/fictional-grief-circle-leeds", "groups/fictional-closed-group", "groups/fictional-paused-group",
                    "advocates/fictional-voices-podcast", "training/fictional-peer-specialist-course"):
        assert (fictional_site / listing / "index.html").is_file(), listing
    groups = read(fictional_site, "groups/index.html")
    assert "Fictional Grief Circle Leeds" in groups
    assert "Fictional Closed Group" not in groups
    assert "Fictional Paused Phone Group" in groups and "badge--paused" in groups
    closed = read(fictional_site, "groups/fictional-closed-group/index.html")
    assert "Closed in 2026 (fictional)." in closed and "old links still work" in closed
    assert "Fictional Closed Group" not in read(fictional_site, "topics/grief/index.html")


def test_browse_pages_per_topic_audience_country_region_and_attendance(fictional_site: Path) -> None:
    assert "Fictional Grief Circle Leeds" in read(fictional_site, "topics/grief/index.html")
    assert "Fictional Online Anxiety Group (Spanish)" in read(fictional_site, "audiences/young_people/index.html")
    assert "Fictional Grief Circle Leeds" in read(fictional_site, "countries/gb/index.html")
    assert "Fictional Grief Circle Leeds" in read(fictional_site, "countries/gb/eng/index.html")
    assert "Fictional Peer Specialist Course" in read(fictional_site, "countries/us/ga/index.html")
    online = read(fictional_site, "attendance/online/index.html")
    assert "Fictional Online Anxiety Group (Spanish)" in online and "Fictional Grief Circle Leeds" not in online
    # Every attendance mode has a page, even one with nothing listed yet.
    for mode in ("in_person", "online", "hybrid", "phone"):
        assert (fictional_site / "attendance" / mode / "index.html").is_file()
    countries = read(fictional_site, "countries/index.html")
    assert "United Kingdom" in countries and "Mexico" in countries


def test_listing_pages_stay_out_of_the_navigation(fictional_site: Path) -> None:
    home = read(fictional_site, "index.html")
    assert "fictional-grief-circle-leeds" not in home
    assert "Fictional Grief Circle Leeds" not in read(fictional_site, "guides/join-a-group/index.html")


def test_listing_facts_in_plain_language(fictional_site: Path) -> None:
    page = read(fictional_site, "groups/fictional-grief-circle-leeds/index.html")
    for text in ("Every Tuesday, 18:30–20:00 London time", "Just turn up", "Peer-led", "Grief and bereavement",
                 "+44 113 496 0000", "Step-free access", "Open in OpenStreetMap", "https://www.openstreetmap.org/?mlat=53.8&amp;mlon=-1.55"):
        assert text in page, text
    # Next meetings from the fixed build time, in the group's own zone with its abbreviation.
    assert "Tuesday 24 November 2026, 18:30–20:00 GMT" in page
    monthly = read(fictional_site, "groups/fictional-online-anxiety-es/index.html")
    assert "First and third Thursday of the month" in monthly
    assert "given on request" in monthly
    fortnightly = read(fictional_site, "groups/fictional-hostile-text-group/index.html")
    assert "Every 2 weeks on Monday" in fortnightly and "CST" in fortnightly
    training = read(fictional_site, "training/fictional-peer-specialist-course/index.html")
    for text in ("Fictional Certified Peer Specialist", "Fictional Certification Board", "Georgia", "40 hours", "Lived experience is required.", "Apply by 10 January 2027"):
        assert text in training, text
    advocate = read(fictional_site, "advocates/fictional-voices-podcast/index.html")
    assert advocate.index("content notes") < advocate.index("Where to follow"), "content notes come before the links"
    assert "@fictionalvoices" in advocate and "Public organisation" in advocate


def test_stale_listing_warns_and_fresh_one_does_not(fictional_site: Path) -> None:
    assert "May be out of date" in read(fictional_site, "groups/fictional-paused-group/index.html")
    assert "May be out of date" not in read(fictional_site, "groups/fictional-grief-circle-leeds/index.html")


def test_edit_and_suggest_links(fictional_site: Path) -> None:
    page = parse(read(fictional_site, "groups/fictional-grief-circle-leeds/index.html"))
    hrefs = [a.get("href") or "" for tag, a in page.tags if tag == "a"]
    assert any(h.endswith("/edit/main/directory/groups/fictional-grief-circle-leeds.yml") and h.startswith(REPO_URL) for h in hrefs)
    suggest = [h for h in hrefs if "/issues/new?" in h]
    assert suggest, "a Suggest an edit link"
    query = parse_qs(urlsplit(suggest[0]).query)
    assert query["template"] == ["update-listing.yml"]
    assert query["listing"] == ["fictional-grief-circle-leeds"] and len(query["version"][0]) == 40
    # The current details are on the page once, for directory.js to add to the links
    # (tests/test_suggest_links_browser.py), not in each link.
    assert "current" not in query
    files = [inflated(a["data-listing-deflated"]) for tag, a in page.tags if a.get("data-listing-deflated")]
    assert len(files) == 1 and 'start_time: "18:30"' in files[0] and "name: Fictional Grief Circle Leeds" in files[0]
    guide = parse(read(fictional_site, "guides/join-a-group/index.html"))
    assert any((a.get("href") or "").endswith("/edit/main/content/guides/join-a-group.md") for tag, a in guide.tags if tag == "a")


def inflated(packed: str) -> str:
    """A listing's file as the page carries it (pages/presentation.py deflated), as text."""
    return zlib.decompress(base64.b64decode(packed, validate=True)).decode("utf-8")


def test_hostile_text_is_escaped_in_html_and_json_ld(fictional_site: Path) -> None:
    html = read(fictional_site, "groups/fictional-hostile-text-group/index.html")
    assert "<script>window.__pwned" not in html
    assert "&lt;/script&gt;&lt;script&gt;window.__pwned=1&lt;/script&gt;" in html
    data = [json.loads(text) for text in parse(html).jsonld]
    assert len(data) == 1
    assert data[0]["name"] == HOSTILE_NAME
    assert data[0]["@type"] == "Event" and data[0]["eventSchedule"][0]["repeatFrequency"] == "P2W"
    # The hostile name appears on the browse page too, escaped.
    assert "<script>window.__pwned" not in read(fictional_site, "groups/index.html")


def test_json_ld_per_kind(fictional_site: Path) -> None:
    def jsonld(path: str) -> dict:
        return json.loads(parse(read(fictional_site, path)).jsonld[0])

    group = jsonld("groups/fictional-grief-circle-leeds/index.html")
    assert group["@type"] == "Event"
    assert group["eventSchedule"][0]["byDay"] == ["https://schema.org/Tuesday"]
    assert group["eventSchedule"][0]["scheduleTimezone"] == "Europe/London"
    assert group["location"]["address"]["addressLocality"] == "Leeds"
    online = jsonld("groups/fictional-online-anxiety-es/index.html")
    assert online["location"]["@type"] == "VirtualLocation"
    assert "example.org/join" not in json.dumps(online)
    advocate = jsonld("advocates/fictional-voices-podcast/index.html")
    assert advocate["@type"] == "ProfilePage" and advocate["mainEntity"]["@type"] == "Organization"
    training = jsonld("training/fictional-peer-specialist-course/index.html")
    assert training["@type"] == "Course" and training["hasCourseInstance"][0]["@type"] == "CourseInstance"
    assert training["provider"]["name"] == "Fictional Peer Network"


def test_crisis_page_lists_lines_from_the_data_files(fictional_site: Path) -> None:
    page = read(fictional_site, "crisis/index.html")
    assert 'href="tel:988"' in page and 'href="tel:116123"' in page
    assert "Samaritans" in page and "United Kingdom" in page
    # Every page carries the crisis strip pointing at the crisis page.
    for path in ("index.html", "groups/fictional-grief-circle-leeds/index.html", "topics/grief/index.html", "guides/just-talk/index.html"):
        assert "Peer support is not crisis care." in read(fictional_site, path), path


_LOADING_ATTRIBUTES = {"src", "srcset", "poster", "data", "background"}
_LOADING_LINK_RELS = {"stylesheet", "icon", "preload", "prefetch", "modulepreload", "manifest", "apple-touch-icon", "dns-prefetch", "preconnect"}


def _is_foreign(url: str) -> bool:
    url = url.strip()
    return bool(re.match(r"(?i)^(https?:)?//", url))


def foreign_references(site: Path) -> list[str]:
    """References in built files that would make a browser fetch from another origin."""
    found = []
    for path in sorted(site.rglob("*")):
        if not path.is_file():
            continue
        relative = path.relative_to(site)
        if path.suffix == ".html":
            for tag, attributes in parse(path.read_text(encoding="utf-8")).tags:
                for name, value in attributes.items():
                    if value is None:
                        continue
                    if name in _LOADING_ATTRIBUTES and any(_is_foreign(part.split(" ")[0]) for part in value.split(",")):
                        found.append(f"{relative}: <{tag} {name}={value}>")
                    if name == "style" and re.search(r"url\(\s*['\"]?(https?:)?//", value):
                        found.append(f"{relative}: <{tag} style={value}>")
                if tag == "link" and set((attributes.get("rel") or "").lower().split()) & _LOADING_LINK_RELS and _is_foreign(attributes.get("href") or ""):
                    found.append(f"{relative}: <link href={attributes.get('href')}>")
                if tag == "meta" and (attributes.get("http-equiv") or "").lower() == "refresh" and "http" in (attributes.get("content") or ""):
                    found.append(f"{relative}: <meta refresh>")
            html = path.read_text(encoding="utf-8")
            if re.search(r"@import\s+(url\()?['\"]?(https?:)?//", html) or re.search(r"url\(\s*['\"]?(https?:)?//", html):
                found.append(f"{relative}: CSS url() to another origin")
        elif path.suffix == ".css":
            css = path.read_text(encoding="utf-8")
            if re.search(r"@import\s+(url\()?['\"]?(https?:)?//", css) or re.search(r"url\(\s*['\"]?(https?:)?//", css):
                found.append(f"{relative}: CSS url() to another origin")
    return found


def test_privacy_no_reference_loads_from_another_origin(fictional_site: Path) -> None:
    assert foreign_references(fictional_site) == []
    assert "fonts.googleapis.com" not in read(fictional_site, "index.html")


def test_privacy_scan_catches_a_third_party_asset(fictional_site: Path, tmp_path: Path) -> None:
    copy = tmp_path / "site"
    shutil.copytree(fictional_site, copy)
    (copy / "index.html").write_text(read(copy, "index.html").replace("</head>", '<script src="https://cdn.example.com/x.js"></script></head>'), encoding="utf-8")
    (copy / "assets" / "extra.css").write_text("body { background: url('//tracker.example.net/p.gif'); }", encoding="utf-8")
    assert len(foreign_references(copy)) == 2


def test_invalid_listing_fails_the_build_with_the_validators_messages_and_writes_nothing(tmp_path: Path) -> None:
    directory = write_fictional_directory(tmp_path / "directory")
    bad = directory / "groups" / "fictional-grief-circle-leeds.yml"
    bad.write_text(bad.read_text(encoding="utf-8").replace("topics: [grief, loneliness]", "topics: [grief, lonelyness]"), encoding="utf-8")
    config = write_site_config(tmp_path, directory)
    result = build_site(config)
    assert result.returncode != 0
    assert "topics[1]: 'lonelyness' is not a known topic; did you mean 'loneliness'?" in result.stderr + result.stdout
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "site").exists(), "a failed build leaves no site behind"


def test_shipped_site_builds_strictly(shipped_site: Path) -> None:
    assert (shipped_site / "index.html").is_file()
    assert foreign_references(shipped_site) == []
    for folder in ("groups", "advocates", "training"):
        assert len([p for p in (shipped_site / folder).iterdir() if p.is_dir()]) >= 6, folder


def test_head_advertises_the_feeds(fictional_site: Path) -> None:
    tags = parse(read(fictional_site, "index.html")).tags
    alternates = {a.get("type"): a.get("href") for tag, a in tags if tag == "link" and a.get("rel") == "alternate"}
    assert alternates["application/json"] == "meeting-guide.json"
    assert alternates["application/atom+xml"] == "feed.xml"
    assert isinstance(json.loads(read(fictional_site, "meeting-guide.json")), list)
    # One copy of each export: the feed only at the root, every listing only in its kind's file.
    assert not (fictional_site / "api/v1/meeting-guide.json").exists() and not (fictional_site / "api/v1/listings.json").exists()
    assert (fictional_site / "feed.xml").is_file()


def test_long_browse_lists_are_split_into_pages(tmp_path: Path) -> None:
    directory = write_fictional_directory(tmp_path / "directory")
    template = (directory / "groups" / "fictional-closed-group.yml").read_text(encoding="utf-8")
    extra = PAGE_SIZE + 7
    for number in range(extra):
        words = ["Alder", "Birch", "Cedar", "Damson", "Elm", "Fir", "Gorse", "Hazel", "Ivy", "Juniper"]
        name = f"Fictional {words[number % 10]} {words[(number // 10) % 10]} Meeting {number:02d}"
        text = (template.replace("fictional-closed-group", f"fictional-extra-{number:02d}")
                .replace("name: Fictional Closed Group", f"name: {name}")
                .replace("status: closed", "status: active").replace("status_note: Closed in 2026 (fictional).\n", ""))
        (directory / "groups" / f"fictional-extra-{number:02d}.yml").write_text(text, encoding="utf-8")
    result = build_site(write_site_config(tmp_path, directory))
    assert result.returncode == 0, result.stderr
    site = tmp_path / "site"
    listed = [path for path in (directory / "groups").glob("*.yml") if "status: closed" not in path.read_text(encoding="utf-8")]
    active_groups = len(listed)  # the extra ones and the fixture's open and paused groups: closed ones stay out
    first, second = read(site, "groups/index.html"), read(site, "groups/pages/2/index.html")
    assert f"{active_groups} listings: 1 to {PAGE_SIZE} on this page." in first
    assert f"{active_groups} listings: {PAGE_SIZE + 1} to {active_groups} on this page." in second
    rows = re.compile(r'<li><a href="\.\./[^"]*groups/fictional-')
    assert len(rows.findall(first)) == PAGE_SIZE and len(rows.findall(second)) == active_groups - PAGE_SIZE
    assert 'href="pages/2/" rel="next"' in first and 'rel="prev"' in second and "Page 2 of 2" in second
    assert 'aria-label="Page 2" aria-current="page"' in second and 'href="../../" aria-label="Page 1"' in second
    assert not (site / "groups" / "pages" / "3").exists()
    # Facet pages split the same way, under their own folder.
    assert (site / "topics" / "grief" / "pages" / "2" / "index.html").is_file()
    assert "Grief and bereavement (page 2 of 2)" in read(site, "topics/grief/pages/2/index.html")


def test_build_time_defaults_to_the_start_of_the_day_in_utc() -> None:
    """Without a set build time the build counts from the start of the day (UTC), so two builds
    of one day give the same bytes. The clock and the environment are passed in: this test
    reads neither the machine's clock nor its SOURCE_DATE_EPOCH."""
    import datetime as dt

    from generator.build.plugin import build_time

    def clock(text: str):
        return lambda: dt.datetime.fromisoformat(text)

    midnight = dt.datetime(2027, 3, 2, tzinfo=dt.timezone.utc)
    # The first and the last second of a UTC day, and an evening west of UTC that is already that day in UTC.
    for moment in ("2027-03-02T00:00:00+00:00", "2027-03-02T23:59:59+00:00", "2027-03-01T20:00:00-05:00"):
        assert build_time(None, environ={}, clock=clock(moment)) == midnight, moment
    epoch = str(int(dt.datetime(2026, 5, 1, 8, tzinfo=dt.timezone.utc).timestamp()))
    assert build_time(None, environ={"SOURCE_DATE_EPOCH": epoch}, clock=clock("2030-01-01T00:00:00+00:00")) == \
        dt.datetime(2026, 5, 1, 8, tzinfo=dt.timezone.utc)
    assert build_time("2026-11-23T12:00:00+01:00", environ={"SOURCE_DATE_EPOCH": epoch}) == \
        dt.datetime(2026, 11, 23, 11, tzinfo=dt.timezone.utc)


def test_a_build_from_source_date_epoch_is_byte_identical_to_one_with_that_build_time(fictional_site: Path, tmp_path: Path) -> None:
    """Another process, another folder, and the build time from SOURCE_DATE_EPOCH (as a
    reproducible-build system sets it) instead of `build_time` in mkdocs.yml: every file is the
    same as the fictional site's, built with `build_time` set to that moment. So the epoch is
    what the build counted from, and builds are deterministic. The start-of-today default is
    tested above with a fixed clock: neither build reads the machine's."""
    import datetime as dt

    import yaml

    directory = write_fictional_directory(tmp_path / "directory")
    config_path = write_site_config(tmp_path, directory)
    config = yaml.safe_load(config_path.read_text(encoding="utf-8"))
    env = {}
    for plugin in config["plugins"]:
        if isinstance(plugin, dict) and "directory" in plugin:
            env["SOURCE_DATE_EPOCH"] = str(int(dt.datetime.fromisoformat(plugin["directory"].pop("build_time")).timestamp()))
    config_path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    result = build_site(config_path, env)
    assert result.returncode == 0, result.stderr
    site = tmp_path / "site"
    first = {p.relative_to(fictional_site): p.read_bytes() for p in sorted(fictional_site.rglob("*")) if p.is_file()}
    second = {p.relative_to(site): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}
    assert first.keys() == second.keys()
    assert [str(path) for path in first if first[path] != second[path]] == []


def test_page_links_name_the_first_the_last_and_two_either_side() -> None:
    from generator.pages.browse import page_numbers

    assert page_numbers(1, 1) == [1]
    assert page_numbers(2, 2) == [1, 2]
    assert page_numbers(1, 10) == [1, 2, 3, None, 10]
    assert page_numbers(5, 10) == [1, None, 3, 4, 5, 6, 7, None, 10]
    assert page_numbers(4, 10) == [1, 2, 3, 4, 5, 6, None, 10]  # no gap between 1 and 2
    assert page_numbers(300, 300) == [1, None, 298, 299, 300]

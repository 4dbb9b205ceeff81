"""The site's address (SITE_URL): a site built for where it is published, and one without.

With an address (the `fictional_site_with_url` fixture, at a GitHub Pages-like project path) the
sitemap lists every page, every page has its canonical link, and everything that leaves the
site (Atom, iCalendar, JSON-LD, the JSON API, HSDS) carries absolute links; the 404 page uses the
path of the address, so it works at any depth below it. Without one the site still builds for a
local preview. Every calendar file is valid RFC 5545: it holds an event.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from icalendar import Calendar

from conftest import REPO
from fictional import PUBLISHED_URL, read_project_config

BASE_PATH = urlsplit(PUBLISHED_URL).path  # "/psd/"


def _page_url(site: Path, page: Path) -> str:
    folder = page.parent.relative_to(site).as_posix()
    return PUBLISHED_URL + ("" if folder == "." else folder + "/")


def _pages(site: Path) -> list[Path]:
    return sorted(site.rglob("index.html"))


def test_the_project_reads_its_address_from_site_url(monkeypatch: pytest.MonkeyPatch) -> None:
    from mkdocs.config import load_config

    monkeypatch.setenv("SITE_URL", "https://owner.github.io/peer-support-directory")
    assert load_config(str(REPO / "mkdocs.yml")).site_url == "https://owner.github.io/peer-support-directory/"
    monkeypatch.delenv("SITE_URL")
    assert load_config(str(REPO / "mkdocs.yml")).site_url is None
    # The test sites never take it from the environment they run in.
    assert read_project_config()["site_url"] is None


def test_the_sitemap_lists_every_page(fictional_site_with_url: Path) -> None:
    site = fictional_site_with_url
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    listed = re.findall(r"<loc>([^<]*)</loc>", sitemap)
    assert len(listed) == len(set(listed))
    assert set(listed) == {_page_url(site, page) for page in _pages(site)}
    # the pages written outside MkDocs' pipeline too: listings and facet pages
    for path in ("groups/fictional-grief-circle-leeds/", "topics/grief/", "countries/gb/", "attendance/online/"):
        assert PUBLISHED_URL + path in listed
    # One sitemap: MkDocs' gzip copy beside it (sitemap.xml.gz), which nothing pointed to, is not published.
    assert not (site / "sitemap.xml.gz").exists()


def test_every_page_has_its_canonical_link(fictional_site_with_url: Path) -> None:
    site = fictional_site_with_url
    checked = 0
    for page in _pages(site):
        html = page.read_text(encoding="utf-8")
        if page.parent.name == "embed" and page.parent.parent == site:
            continue  # the framed widget: a whole document of its own, not a page to index
        canonical = re.findall(r'<link rel="canonical" href="([^"]*)"', html)
        assert canonical == [_page_url(site, page)], page.relative_to(site)
        checked += 1
    assert checked > 50


def test_feeds_calendars_and_data_carry_absolute_links(fictional_site_with_url: Path) -> None:
    site = fictional_site_with_url
    feed = (site / "feed.xml").read_text(encoding="utf-8")
    hrefs = re.findall(r'href="([^"]*)"', feed)
    assert hrefs and all(h.startswith(("https://", "http://")) for h in hrefs), hrefs
    assert f'href="{PUBLISHED_URL}groups/fictional-grief-circle-leeds/"' in feed
    for ics in site.rglob("*.ics"):
        event = Calendar.from_ical(ics.read_bytes()).walk("VEVENT")[0]
        assert str(event["url"]).startswith(PUBLISHED_URL + "groups/"), ics
        assert f"Listing: {PUBLISHED_URL}groups/" in str(event["description"])
    listings = [item for folder in ("groups", "advocates", "training")
                for item in json.loads((site / f"api/v1/{folder}.json").read_text(encoding="utf-8"))["listings"]]
    from generator.kinds import FOLDER_OF_KIND

    assert listings and all(item["url"] == f"{PUBLISHED_URL}{FOLDER_OF_KIND[item['kind']]}/{item['id']}/" for item in listings)
    services = json.loads((site / "api/v1/hsds/services.json").read_text(encoding="utf-8"))
    links = [s["schedule_link"] for service in services for s in service.get("schedules", []) if "schedule_link" in s]
    assert links and all(link.startswith(PUBLISHED_URL) and (site / link[len(PUBLISHED_URL):]).is_file() for link in links)
    for page in ("groups/fictional-grief-circle-leeds/index.html", "training/fictional-peer-specialist-course/index.html"):
        html = (site / page).read_text(encoding="utf-8")
        data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
        assert data["url"] == PUBLISHED_URL + page.removesuffix("index.html")


def test_the_404_page_uses_the_sites_path_at_any_depth(fictional_site_with_url: Path) -> None:
    html = (fictional_site_with_url / "404.html").read_text(encoding="utf-8")
    links = re.findall(r'(?:href|src)="([^"#]+)"', html)
    local = [link for link in links if not re.match(r"^[a-z][a-z0-9+.-]*:", link)]
    assert len(local) > 20
    assert all(link.startswith(BASE_PATH) for link in local), [link for link in local if not link.startswith(BASE_PATH)]
    assert f'href="{BASE_PATH}crisis/"' in html
    assert re.search(rf'href="{BASE_PATH}assets/stylesheets/main\.[0-9a-f]+\.min\.css"', html)


def test_a_build_without_an_address_still_works_for_a_local_preview(fictional_site: Path) -> None:
    sitemap = (fictional_site / "sitemap.xml").read_text(encoding="utf-8")
    assert "<urlset" in sitemap and "<loc>" not in sitemap  # MkDocs lists nothing without an address
    page = (fictional_site / "groups/fictional-grief-circle-leeds/index.html").read_text(encoding="utf-8")
    assert 'rel="canonical"' not in page
    assert 'href="../../assets/site.css"' in page  # relative: works wherever it is served
    listing = json.loads((fictional_site / "api/v1/groups.json").read_text(encoding="utf-8"))["listings"][0]
    assert listing["url"] == f"groups/{listing['id']}/"  # no address to make it absolute with
    assert 'href="/crisis/"' in (fictional_site / "404.html").read_text(encoding="utf-8")  # the domain root


@pytest.mark.parametrize("which", ["fictional_site", "fictional_site_with_url", "shipped_site"])
def test_every_calendar_file_is_valid_and_holds_an_event(which: str, request: pytest.FixtureRequest) -> None:
    site: Path = request.getfixturevalue(which)
    files = sorted(site.rglob("*.ics"))
    for path in files:
        calendar = Calendar.from_ical(path.read_bytes())
        assert calendar.name == "VCALENDAR"
        components = [c.name for c in calendar.subcomponents if c.name != "VTIMEZONE"]
        assert components and set(components) == {"VEVENT"}, path.relative_to(site)
        assert str(calendar["version"]) == "2.0" and calendar["prodid"]
    if which == "shipped_site":
        assert files == []  # no shipped group lists meeting times: no calendar at all
    else:
        assert len(files) >= 4
    # and nothing links to a calendar that is not published
    for page in site.rglob("*.html"):
        for href in re.findall(r'href="([^"#?:]+\.ics)"', page.read_text(encoding="utf-8")):
            target = site / href.removeprefix(BASE_PATH) if href.startswith("/") else (page.parent / href).resolve()
            assert target.is_file(), f"{page.relative_to(site)} -> {href}"

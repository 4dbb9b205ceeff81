"""Next meetings stay right however old the build is, and paused or closed groups show none.

A small fictional directory (its own, so other tests' counts stay as they are) is built at
BUILD_TIME; the browser's clock is then set 60 and 400 days later, and the finder, the group
pages and the embed must show the next meeting that generator/recurrence.py gives for that
moment: not a stale date, not "No upcoming dates".
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from conftest import REPO, Server, axe_violations, built, describe_violations, open_page, made_once, serve
from fictional import BUILD_TIME, write_site_config

from generator.contract.catalog import load_catalog
from generator.contract.models import Group
from generator.contract.recurrence import next_occurrences

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}
VISITOR_ZONE = "America/New_York"
BUILT = dt.datetime.fromisoformat(BUILD_TIME)
LATER = {"60 days": BUILT + dt.timedelta(days=60, hours=3, minutes=17), "400 days": BUILT + dt.timedelta(days=400, hours=7)}

COMMON = """
topics: [grief]
audiences: [everyone]
languages: [en]
last_reviewed: 2026-10-01
reviewed_by: test-suite
source: Invented for the test suite.
attendance: [online]
area_served:
  countries: [GB, US, AU, CA]  # the guides link to these country pages
joining:
  method: open
facilitation: peer_led
cost: {kind: free}
"""

GROUPS = {
    "clock-weekly-london": ("active", """
  - frequency: weekly
    days: [tuesday]
    start_time: "18:30"
    end_time: "20:00"
    timezone: Europe/London
"""),
    "clock-fortnightly-new-york": ("active", """
  - frequency: weekly
    interval: 2
    starts_on: 2026-11-05
    days: [thursday]
    start_time: "19:00"
    duration_minutes: 90
    timezone: America/New_York
"""),
    "clock-sydney-and-auckland": ("active", """
  - frequency: monthly
    weeks_of_month: [-1]
    days: [friday]
    start_time: "10:00"
    duration_minutes: 60
    timezone: Australia/Sydney
  - frequency: monthly
    weeks_of_month: [1, 3]
    days: [sunday]
    start_time: "02:30"
    duration_minutes: 60
    timezone: Pacific/Auckland
"""),
    "clock-ending-in-march": ("active", """
  - frequency: weekly
    days: [wednesday]
    start_time: "12:00"
    end_time: "13:00"
    timezone: Europe/London
    ends_on: 2027-03-31
"""),
    "clock-paused-group": ("paused", """
  - frequency: weekly
    days: [monday, thursday]
    start_time: "18:00"
    end_time: "19:00"
    timezone: Europe/London
"""),
    "clock-closed-group": ("closed", """
  - frequency: weekly
    days: [friday]
    start_time: "17:00"
    end_time: "18:00"
    timezone: Europe/London
"""),
}
ACTIVE = [gid for gid, (status, _) in GROUPS.items() if status == "active"]
QUIET = [gid for gid, (status, _) in GROUPS.items() if status != "active"]


def title(group_id: str) -> str:
    return "Fictional " + group_id.replace("-", " ").title()


def write_directory(root: Path) -> Path:
    shutil.copytree(REPO / "directory" / "vocabularies", root / "vocabularies")
    shutil.copytree(REPO / "directory" / "crisis-lines", root / "crisis-lines")
    (root / "groups").mkdir()
    for group_id, (status, meetings) in GROUPS.items():
        note = "" if status == "active" else f"status_note: {status.capitalize()} (fictional).\n"
        text = ("# yaml-language-server: $schema=../../schemas/group.schema.json\n"
                f"id: {group_id}\nname: {title(group_id)}\nsummary: A fictional group for the meeting clock tests.\n"
                f"status: {status}\n{note}" + COMMON.lstrip() + "meetings:" + meetings)
        (root / "groups" / f"{group_id}.yml").write_text(text, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def clock_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Group]]:
    folder = made_once(tmp_path_factory, "clock", lambda folder: built(
        folder, write_site_config(folder, write_directory(folder / "directory"))))
    directory = folder / "directory"
    groups = {g.id: g for g in load_catalog(directory).catalog.groups}
    return folder / "site", groups


@pytest.fixture(scope="module")
def clock_server(clock_site: tuple[Path, dict[str, Group]]) -> Iterator[Server]:
    server = serve(clock_site[0])
    yield server
    server.httpd.shutdown()


def expected_next(group: Group, now: dt.datetime, ongoing: bool) -> dt.datetime | None:
    """recurrence.py's answer: the first start (or, on a group page, the first meeting not yet
    over) across the group's meetings."""
    found = []
    for meeting in group.meetings:
        after = now - dt.timedelta(minutes=meeting.minutes) if ongoing else now
        found.extend(next_occurrences(meeting, after, 1))
    return min(found, key=lambda start: start.timestamp()) if found else None


def instant(iso: str | None) -> dt.datetime:
    assert iso is not None and re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d", iso), iso
    return dt.datetime.fromisoformat(iso)


def assert_visitor_offset(iso: str, zone: str = VISITOR_ZONE) -> None:
    moment = instant(iso)
    assert moment.utcoffset() == moment.astimezone(ZoneInfo(zone)).utcoffset()


@pytest.mark.parametrize("later", LATER)
def test_group_pages_show_the_next_meeting_for_the_moment_of_the_visit(browser, clock_site, clock_server, later) -> None:
    site, groups = clock_site
    now = LATER[later]
    page, recorder = open_page(browser, clock_server.origin, timezone_id=VISITOR_ZONE, now=now.isoformat())
    for group_id in ACTIVE:
        page.goto(clock_server.url + f"groups/{group_id}/")
        expected = expected_next(groups[group_id], now, ongoing=True)
        items = page.locator("[data-next-meetings] li")
        if expected is None:  # only the group whose meetings ended in March 2027, seen in 2027-12
            assert group_id == "clock-ending-in-march" and later == "400 days"
            assert items.count() == 0
            assert "No upcoming dates" in page.inner_text("article")
            continue
        assert items.count() == 3, group_id
        first = items.first
        own = first.locator("time").first.get_attribute("datetime")
        visitor = first.locator("time[data-local-time]").get_attribute("datetime")
        assert instant(own) == expected and instant(own).utcoffset() == expected.utcoffset(), (group_id, own, expected)
        assert instant(visitor) == expected
        assert_visitor_offset(visitor)
        assert "Your time:" in first.inner_text() and re.search(r"\b(EST|EDT)\b", first.inner_text())
        # Not the stale date written at the build, which is still in the HTML for readers without JavaScript.
        served = (site / "groups" / group_id / "index.html").read_text(encoding="utf-8")
        stale = re.search(r'<li><time datetime="([^"]+)"', served).group(1)
        assert instant(stale) < now < instant(own) + dt.timedelta(hours=13)
        assert page.locator("[data-next-meetings-as-of]").is_hidden()
        assert page.locator("text=No upcoming dates").count() == 0
    assert recorder.console_errors == []
    page.context.close()


@pytest.mark.parametrize("later", LATER)
def test_finder_shows_the_next_meeting_for_the_moment_of_the_visit(browser, clock_site, clock_server, later) -> None:
    _, groups = clock_site
    now = LATER[later]
    page, recorder = open_page(browser, clock_server.origin, timezone_id=VISITOR_ZONE, now=now.isoformat())
    page.goto(clock_server.url + "find/")
    page.wait_for_selector("[data-finder-state=ready]", timeout=15000)
    for group_id in ACTIVE:
        result = page.locator(".finder-result", has_text=title(group_id))
        assert result.count() == 1, group_id
        # The finder's card, like a group page, counts a meeting going on (issue 11: "happening now").
        expected = expected_next(groups[group_id], now, ongoing=True)
        line = result.locator(".finder-result__next")
        if expected is None:
            assert line.count() == 0
            continue
        iso = line.locator("time").first.get_attribute("datetime")
        assert instant(iso) == expected, (group_id, iso, expected)
        assert_visitor_offset(iso)
        if expected <= now:
            assert line.inner_text().startswith("Happening now") and line.get_attribute("data-happening-now") == ""
        else:
            assert line.inner_text().startswith("Next meeting: ")
    paused = page.locator(".finder-result", has_text=title("clock-paused-group"))
    assert paused.count() == 1 and "Paused" in paused.inner_text()
    assert paused.locator(".finder-result__next").count() == 0 and "Next meeting" not in paused.inner_text()
    assert page.locator(".finder-result", has_text=title("clock-closed-group")).count() == 0
    assert recorder.console_errors == []
    page.context.close()


@pytest.mark.parametrize("later", LATER)
def test_embed_shows_the_next_meeting_for_the_moment_of_the_visit(browser, clock_site, clock_server, later) -> None:
    _, groups = clock_site
    now = LATER[later]
    page, recorder = open_page(browser, clock_server.origin, timezone_id=VISITOR_ZONE, now=now.isoformat())
    page.goto(clock_server.url + "embed/?kind=group")
    page.wait_for_selector("[data-embed-state=ready]", timeout=15000)
    for group_id in ACTIVE:
        item = page.locator(".pe-item", has_text=title(group_id))
        assert item.count() == 1, group_id
        expected = expected_next(groups[group_id], now, ongoing=False)
        if expected is None:
            assert item.locator(".pe-item__next").count() == 0
            continue
        iso = item.locator(".pe-item__next time").get_attribute("datetime")
        assert instant(iso) == expected, (group_id, iso, expected)
        assert_visitor_offset(iso)
    paused = page.locator(".pe-item", has_text=title("clock-paused-group"))
    assert paused.count() == 1 and "Next meeting" not in paused.inner_text()
    assert page.locator(".pe-item", has_text=title("clock-closed-group")).count() == 0
    assert recorder.console_errors == []
    page.context.close()


@pytest.mark.parametrize("group_id", QUIET)
def test_paused_and_closed_group_pages_show_no_upcoming_meeting(browser, clock_site, clock_server, group_id) -> None:
    site, _ = clock_site
    served = (site / "groups" / group_id / "index.html").read_text(encoding="utf-8")
    for text in ("data-next-meetings", "Next meetings", "Add to calendar", ".ics"):
        assert text not in served, (group_id, text)  # nor without JavaScript
    assert not re.search(r'<time datetime="[^"]*T', served)  # no meeting time (the review date stays)
    page, recorder = open_page(browser, clock_server.origin, now=LATER["60 days"].isoformat())
    page.goto(clock_server.url + f"groups/{group_id}/")
    article = page.inner_text("article")
    assert "Next meeting" not in article and "Add to calendar" not in article and "Your time" not in article
    assert page.locator("article time[datetime*='T']").count() == 0
    assert "Every Monday and Thursday" in article or "Every Friday" in article  # the schedule itself stays
    assert recorder.console_errors == []
    page.context.close()


def test_calendar_bundles_carry_no_paused_or_closed_meetings(clock_site) -> None:
    site, _ = clock_site
    bundles = sorted((site / "api" / "v1" / "calendars").rglob("*.ics"))
    assert bundles
    text = "".join(path.read_text(encoding="utf-8") for path in bundles)
    for group_id in ACTIVE:
        assert f"UID:{group_id}-1@" in text
    for group_id in QUIET:
        assert group_id not in text
        own = site / "groups" / f"{group_id}.ics"
        assert not own.exists() or "BEGIN:VEVENT" not in own.read_text(encoding="utf-8")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_next_meetings_on_a_phone_are_accessible(browser, clock_server, artifacts, scheme) -> None:
    now = LATER["400 days"].isoformat()
    for name, path, ready in [("group", "groups/clock-sydney-and-auckland/", "[data-next-meetings] li"),
                              ("finder", "find/", "[data-finder-state=ready]"),
                              ("embed", "embed/?kind=group", "[data-embed-state=ready]")]:
        page, recorder = open_page(browser, clock_server.origin, viewport=PHONE, color_scheme=scheme,
                                   timezone_id="Europe/London", now=now)
        page.goto(clock_server.url + path)
        page.wait_for_selector(ready, timeout=15000)
        if name == "group":
            page.locator("#next-meetings").scroll_into_view_if_needed()
        else:
            page.locator(".finder-result__next, .pe-item__next").first.scroll_into_view_if_needed()
        page.screenshot(path=str(artifacts / f"clock-{name}-{scheme}.png"))
        violations = axe_violations(page)
        assert violations == [], describe_violations(violations)
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], name
        assert recorder.console_errors == [] and recorder.foreign_requests == []
        page.context.close()


@pytest.fixture(scope="module")
def five_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The clock directory built with the `occurrences` option at 5 (3 by default)."""
    import yaml

    def build(folder: Path) -> Path:
        config = write_site_config(folder, write_directory(folder / "directory"))
        data = yaml.safe_load(config.read_text(encoding="utf-8"))
        for plugin in data["plugins"]:
            if isinstance(plugin, dict) and "directory" in plugin:
                plugin["directory"]["occurrences"] = 5
        config.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
        return built(folder, config)

    return made_once(tmp_path_factory, "clock-five", build) / "site"


def test_the_occurrences_option_is_how_many_next_meetings_a_group_page_shows(browser, clock_site, five_site) -> None:
    """As built (for readers without JavaScript) and as directory.js shows them later: 5 when
    the option says 5, 3 by default (the attribute is written only when it is not 3)."""
    group_id = "clock-sydney-and-auckland"
    default = (clock_site[0] / "groups" / group_id / "index.html").read_text(encoding="utf-8")
    five = (five_site / "groups" / group_id / "index.html").read_text(encoding="utf-8")
    for html, count in ((default, 3), (five, 5)):
        listed = re.search(r"<ol class=\"next-meetings\"[^>]*>(.*?)</ol>", html, re.S)
        assert listed is not None and listed.group(1).count("<li>") == count
    assert "data-show" not in default and 'data-show="5"' in five
    server = serve(five_site)
    try:
        page, recorder = open_page(browser, server.origin, timezone_id=VISITOR_ZONE, now=LATER["60 days"].isoformat())
        page.goto(server.url + f"groups/{group_id}/")
        page.wait_for_selector("[data-next-meetings] li time[data-local-time]")
        assert page.locator("[data-next-meetings] li").count() == 5
        assert recorder.console_errors == []
        page.context.close()
    finally:
        server.httpd.shutdown()

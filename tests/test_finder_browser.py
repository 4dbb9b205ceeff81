"""The finder (find/) in headless Chromium, on the fictional site: search, facets, counts, URL
state, time zones, keyboard, phone size, axe-core, privacy, and the page without JavaScript."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from conftest import axe_violations, describe_violations, open_page
from fictional import QUOTED_NAME

pytestmark = pytest.mark.browser

GRIEF = "Fictional Grief Circle Leeds"
ANXIETY = "Fictional Online Anxiety Group (Spanish)"
ALL = 16  # every fictional listing but the two closed groups
EVENING = QUOTED_NAME


def finder(browser, server, query: str = "", **options):
    page, recorder = open_page(browser, server.origin, **options)
    failed: list[str] = []
    page.on("response", lambda response: response.status >= 400 and failed.append(response.url))
    page.goto(server.url + "find/" + query)
    page.wait_for_selector("[data-finder-state=ready]", timeout=15000)
    return page, recorder, failed


def titles(page) -> list[str]:
    return page.locator("[data-finder-results] .finder-result__title").all_inner_texts()


def box(page, param: str, code: str):
    return page.locator(f'fieldset[data-facet="{param}"] input[value="{code}"]')


def count_of(page, param: str, code: str) -> int:
    # After a keystroke the counts follow the results in a task of their own (finder.js count).
    page.wait_for_selector("[data-finder]:not([data-finder-counted=pending])")
    text = page.locator(f'fieldset[data-facet="{param}"] input[value="{code}"] ~ [data-count]').inner_text()
    return int(text.strip("()"))


def type_query(page, text: str) -> None:
    page.fill("[data-finder-q]", "")
    page.type("[data-finder-q]", text)


def assert_clean(recorder, failed) -> None:
    assert not recorder.foreign_requests, recorder.foreign_requests
    assert not failed, failed
    assert not recorder.console_errors, recorder.console_errors


def test_loads_lists_everything_open_and_is_clean(browser, fictional_server) -> None:
    page, recorder, failed = finder(browser, fictional_server)
    assert page.locator("[data-finder-fallback]").is_hidden()
    assert page.locator("[data-finder-app]").is_visible()
    assert page.inner_text("[data-finder-count]").startswith(f"{ALL} listings match")
    assert len(titles(page)) == ALL and "Fictional Closed Group" not in titles(page)
    assert page.locator("[data-finder-more]").is_hidden()
    assert page.evaluate("window.__pwned") is None  # the hostile name is text, not markup
    assert any("Circle & Friends" in title for title in titles(page))
    assert page.locator(".finder-result", has_text="Fictional Paused Phone Group").locator(".badge--paused").count() == 1
    assert_clean(recorder, failed)


@pytest.mark.parametrize(("query", "expected"), [
    ("leeds", [GRIEF, "Fictional Riverside Circle"]),  # in the name first, then in the place
    ("LEE", [GRIEF, "Fictional Riverside Circle"]),  # a beginning, any case
    ("bereavement", [GRIEF, EVENING]),  # topic label
    ("spanish anx", [ANXIETY]),  # every word must match
    ("mexico", [ANXIETY]),  # country names
    ("hearing voices", ["Fictional Voices Podcast"]),
    ("england", [EVENING, GRIEF, "Fictional Riverside Circle"]),  # region names
])
def test_search(browser, fictional_server, query, expected) -> None:
    page, recorder, failed = finder(browser, fictional_server)
    type_query(page, query)
    page.wait_for_function("n => document.querySelectorAll('[data-finder-results] li').length === n", arg=len(expected))
    assert titles(page) == expected
    assert_clean(recorder, failed)


def test_search_by_organisation_ranks_and_matches(browser, fictional_server) -> None:
    page, _, _ = finder(browser, fictional_server, "?query=peer+network")
    # The host organisation's name, and the words in listings' own names.
    assert set(titles(page)) == {GRIEF, "Fictional Voices Podcast", "Fictional Peer Specialist Course",
                                 "Fictional Riverside Circle", "Fictional Network of Local Groups"}
    type_query(page, "nothing-like-this-zzz")
    page.wait_for_function("document.querySelectorAll('[data-finder-results] li').length === 0")
    assert page.inner_text("[data-finder-count]").startswith("No listings match")


def test_every_facet_value_count_is_what_checking_it_gives(browser, fictional_server) -> None:
    page, recorder, failed = finder(browser, fictional_server)
    checked = 0
    for fieldset in page.locator("fieldset[data-facet]").all():
        param = fieldset.get_attribute("data-facet")
        for checkbox in fieldset.locator("input[type=checkbox]").all():
            code = checkbox.get_attribute("value")
            expected = count_of(page, param, code)
            if checkbox.is_disabled():
                assert expected == 0
                continue
            checkbox.check()
            assert len(titles(page)) == expected, (param, code)
            assert page.evaluate("document.activeElement.value") == code  # focus stays on the checkbox
            checkbox.uncheck()
            checked += 1
    assert checked >= 25
    assert_clean(recorder, failed)


def test_facets_or_within_and_across_with_counts_from_other_facets(browser, fictional_server) -> None:
    page, _, _ = finder(browser, fictional_server)
    box(page, "attend", "in_person").check()
    in_person = {EVENING, GRIEF, "Fictional Network of Local Groups", "Fictional Riverside Circle", "Fictional Winter Break Group"}
    assert set(titles(page)) == in_person | {"Fictional Peer Specialist Course"}
    box(page, "attend", "online").check()  # OR within a facet
    online = {EVENING, ANXIETY, "Fictional Online Peers", "Fictional Night Owls Online"}
    assert set(titles(page)) == in_person | online | {"Fictional Peer Specialist Course", "Fictional Forty-Hour Peer Course"}
    box(page, "kind", "group").check()  # AND across facets
    assert set(titles(page)) == in_person | online
    # A facet's counts ignore its own selection and apply the others.
    assert count_of(page, "attend", "hybrid") == 1 and count_of(page, "attend", "phone") == 1
    assert count_of(page, "kind", "training") == 2 and count_of(page, "kind", "advocate") == 0
    assert box(page, "kind", "advocate").is_disabled()
    assert not box(page, "kind", "group").is_disabled()
    # Zero-count values are disabled, not hidden; checked ones stay usable.
    box(page, "topic", "grief").check()
    assert titles(page) == [EVENING, GRIEF]
    assert box(page, "lang", "fr").is_disabled() and box(page, "lang", "fr").is_visible()
    assert page.inner_text("[data-finder-toggle]").strip().endswith("(4 on)")
    page.click("[data-finder-clear]")
    assert len(titles(page)) == ALL


def test_a_pause_while_typing_keeps_one_history_entry_that_follows_the_words(browser, fictional_server) -> None:
    # A pause mid-word writes the URL; the words typed after it replace that entry, so a reload or
    # a shared link never carries a half-typed word, and Back leaves the search in one step.
    page, recorder, failed = finder(browser, fictional_server)
    entries = page.evaluate("history.length")
    page.type("[data-finder-q]", "fiction")
    page.wait_for_function("location.search === '?query=fiction'")
    page.type("[data-finder-q]", "al")
    page.wait_for_function("location.search === '?query=fictional'")
    assert page.evaluate("history.length") == entries + 1
    page.go_back()
    page.wait_for_function("location.search === ''")
    assert page.input_value("[data-finder-q]") == ""
    assert_clean(recorder, failed)
    page.context.close()


def test_url_round_trip_reload_back_and_shared_link(browser, fictional_server) -> None:
    page, _, _ = finder(browser, fictional_server)
    type_query(page, "fictional")
    page.wait_for_timeout(400)  # the URL follows typing after a moment
    box(page, "kind", "group").check()
    box(page, "cost", "free").check()
    params = parse_qs(urlsplit(page.url).query)
    assert params == {"query": ["fictional"], "kind": ["group"], "cost": ["free"]}
    free = ["Fictional Riverside Circle", GRIEF, "Fictional Online Peers", "Fictional Winter Break Group", "Fictional Network of Local Groups"]
    assert titles(page) == free  # by relevance to "fictional": short names first
    page.reload()
    page.wait_for_selector("[data-finder-state=ready]")
    assert page.input_value("[data-finder-q]") == "fictional"
    assert box(page, "cost", "free").is_checked() and titles(page) == free
    page.go_back()
    page.wait_for_function("!document.querySelector('fieldset[data-facet=cost] input[value=free]').checked")
    assert box(page, "kind", "group").is_checked() and len(titles(page)) == 10  # the active groups and the paused ones
    page.go_back()
    page.wait_for_function("!document.querySelector('fieldset[data-facet=kind] input[value=group]').checked")
    assert page.input_value("[data-finder-q]") == "fictional"
    page.go_forward()
    page.wait_for_function("document.querySelector('fieldset[data-facet=kind] input[value=group]').checked")
    shared, _, _ = finder(browser, fictional_server, "?" + urlsplit(page.url).query.replace("kind=group", "kind=group&cost=free"))
    assert titles(shared) == free


@pytest.mark.parametrize(("zone", "day", "time", "abbreviation"), [
    ("America/New_York", "tue", "afternoon", ("EST", "EDT")),  # 18:30 London is 13:30 in New York
    ("Asia/Tokyo", "wed", "morning", ("GMT+9", "JST")),  # and 02:30 or 03:30 on Wednesday in Tokyo
])
def test_day_and_time_in_the_visitors_zone(browser, fictional_server, zone, day, time, abbreviation) -> None:
    page, recorder, failed = finder(browser, fictional_server, f"?day={day}&time={time}", timezone_id=zone)
    assert GRIEF in titles(page)
    next_meeting = page.locator(".finder-result", has_text=GRIEF).locator(".finder-result__next").inner_text()
    assert any(a in next_meeting for a in abbreviation), next_meeting
    assert zone in page.inner_text("[data-finder-zone]")
    other = "wed" if day == "tue" else "tue"
    page.goto(fictional_server.url + f"find/?day={other}&time={time}")
    page.wait_for_selector("[data-finder-state=ready]")
    assert GRIEF not in titles(page)
    assert_clean(recorder, failed)


def test_same_group_lands_in_different_buckets_by_zone(browser, fictional_server) -> None:
    buckets = {}
    for zone in ("America/New_York", "Asia/Tokyo"):
        page, _, _ = finder(browser, fictional_server, "?query=leeds", timezone_id=zone)
        buckets[zone] = (
            [c.get_attribute("value") for c in page.locator("fieldset[data-facet=day] input").all() if count_of(page, "day", c.get_attribute("value"))],
            [c.get_attribute("value") for c in page.locator("fieldset[data-facet=time] input").all() if count_of(page, "time", c.get_attribute("value"))],
        )
    assert buckets["America/New_York"] == (["tue"], ["afternoon"])
    assert buckets["Asia/Tokyo"] == (["wed"], ["morning"])


def test_keyboard_skip_link_announcements_and_more_results(browser, fictional_server) -> None:
    page, _, _ = finder(browser, fictional_server)
    page.focus("[data-finder-q]")
    page.keyboard.type("grief")
    assert page.evaluate("document.activeElement.id") == "finder-q"  # typing keeps focus
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Skip to results"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "finder-results-heading"
    page.wait_for_function("document.querySelector('[data-finder-live]').textContent.includes('2 listings match')")
    assert page.get_attribute("[data-finder-live]", "aria-live") == "polite"
    page.focus("[data-finder-q]")
    page.keyboard.press("Enter")  # submitting moves to the results
    assert page.evaluate("document.activeElement.id") == "finder-results-heading"
    page.focus("[data-finder-results] li:last-child a")
    page.keyboard.press("Tab")  # after the results: the way back up
    assert page.evaluate("document.activeElement.textContent.trim()") == "Back to the search"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "finder-q"
    page.focus('fieldset[data-facet="kind"] input[value="group"]')
    page.keyboard.press("Space")
    assert page.evaluate("document.activeElement.value") == "group" and box(page, "kind", "group").is_checked()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_phone_size_and_axe(browser, fictional_server, artifacts, scheme) -> None:
    page, recorder, failed = finder(browser, fictional_server, "?attend=online", viewport={"width": 360, "height": 740}, color_scheme=scheme)
    assert page.locator("[data-finder-filters]").is_hidden()  # collapsed on a phone
    toggle = page.locator("[data-finder-toggle]")
    assert toggle.get_attribute("aria-expanded") == "false"
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true" and page.locator("[data-finder-filters]").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360  # no sideways scrolling
    page.screenshot(path=str(artifacts / f"finder-phone-{scheme}.png"), full_page=True)
    violations = axe_violations(page)
    assert not violations, describe_violations(violations)
    desktop, _, _ = finder(browser, fictional_server, "?query=fictional&topic=grief", color_scheme=scheme)
    desktop.screenshot(path=str(artifacts / f"finder-desktop-{scheme}.png"), full_page=True)
    violations = axe_violations(desktop)
    assert not violations, describe_violations(violations)
    assert_clean(recorder, failed)


def test_without_javascript_links_to_browse_pages(browser, fictional_server) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(fictional_server.url + "find/")
    fallback = page.locator("[data-finder-fallback]")
    assert fallback.is_visible() and page.locator("[data-finder-app]").is_hidden()
    hrefs = [a.get_attribute("href") for a in fallback.locator("a").all()]
    assert [h.strip("./") for h in hrefs] == ["groups", "advocates", "training", "topics", "countries"]
    context.close()


# ---- words people type, typos, no dead ends, phone filters (issue 11) ----

PODCAST = "Fictional Voices Podcast"
COURSE = "Fictional Peer Specialist Course"


@pytest.mark.parametrize(("query", "expected"), [
    ("español", [ANXIETY]),  # a language in its own name
    ("espanol", [ANXIETY]),  # and without its accent
    ("in person", [EVENING, GRIEF, COURSE]),  # how to take part ("in" is a stop word)
    ("free grief", [GRIEF]),  # cost words
    ("uk grief", [GRIEF]),  # a country as people call it
    ("peer-led", [GRIEF]),  # the other vocabulary labels
])
def test_words_people_type(browser, fictional_server, query, expected) -> None:
    page, recorder, failed = finder(browser, fictional_server, "?query=" + query.replace(" ", "+"))
    assert set(titles(page)) >= set(expected[:1]) and set(expected) <= set(titles(page)), titles(page)
    assert_clean(recorder, failed)


def test_a_typo_is_read_as_the_nearest_word_and_the_page_says_so(browser, fictional_server) -> None:
    page, recorder, failed = finder(browser, fictional_server, "?query=anxeity")
    assert titles(page) == [ANXIETY, "Fictional Riverside Circle", "Fictional Online Peers"]
    assert "Showing results for \u201canxiety\u201d for \u201canxeity\u201d" in page.inner_text("[data-finder-count]")
    type_query(page, "griev")  # four letters of stem: no correction, and a beginning that finds nothing
    page.wait_for_function("document.querySelector('[data-finder-count]').textContent.includes('griev')")
    type_query(page, "greif")  # a transposition is one edit
    page.wait_for_function("document.querySelector('[data-finder-count]').textContent.includes('“grief” for')")
    assert titles(page) == [GRIEF, EVENING]
    type_query(page, "bereavment")  # a stem that begins a word is not a typo
    page.wait_for_function("document.querySelector('[data-finder-count]').textContent.includes('2 listings match')")
    assert titles(page) == [GRIEF, EVENING]
    type_query(page, "anxi")  # short words are beginnings, never corrected
    page.wait_for_function("document.querySelectorAll('[data-finder-results] li').length === 3")
    assert "Showing results for" not in page.inner_text("[data-finder-count]")
    assert_clean(recorder, failed)


def test_no_results_offers_ways_on(browser, fictional_server, artifacts) -> None:
    page, recorder, failed = finder(browser, fictional_server, "?query=grief&lang=fr")
    assert titles(page) == []
    none = page.locator("[data-finder-none]")
    assert none.is_visible()
    ways = none.locator("[data-finder-ways] li").all_inner_texts()
    assert any(text.startswith("Remove the filter \u201cLanguage: French\u201d (2 listings)") for text in ways), ways
    assert any(text.startswith("Online groups") for text in ways), ways
    assert none.locator("a[href$='crisis/']").count() == 1
    assert none.locator(".browse-links a").count() == 5
    page.screenshot(path=str(artifacts / "finder-no-results.png"), full_page=True)
    none.get_by_role("button", name="Remove the filter").click()
    assert titles(page) == [GRIEF, EVENING] and none.is_hidden()
    assert "lang" not in parse_qs(urlsplit(page.url).query)
    # A search that nothing matches, even without filters: clear the search is not offered
    # (it is the whole directory), but online groups and the whole-country groups are.
    page.goto(fictional_server.url + "find/?query=zzzqqq&country=ES")
    page.wait_for_selector("[data-finder-state=ready]")
    ways = none.locator("[data-finder-ways] li").all_inner_texts()
    assert any("Clear the search" in text for text in ways), ways
    assert none.locator("[data-finder-nationwide-note]").inner_text() == "Groups that serve the whole of Spain:"
    assert ANXIETY in none.locator("[data-finder-nationwide]").inner_text()
    assert_clean(recorder, failed)


def test_chips_remove_filters_and_keep_focus(browser, fictional_server) -> None:
    page, recorder, failed = finder(browser, fictional_server, "?kind=group&cost=free")
    chips = page.locator("[data-finder-chips] button")
    assert chips.evaluate_all("buttons => buttons.map(b => b.textContent)") == [
        "Remove the filter Kind of listing: Support groups×", "Remove the filter Cost: Free×"]
    chips.first.click()
    assert not box(page, "kind", "group").is_checked() and box(page, "cost", "free").is_checked()
    assert parse_qs(urlsplit(page.url).query) == {"cost": ["free"]}
    assert page.evaluate("document.activeElement.textContent").startswith("Remove the filter Cost")
    page.keyboard.press("Enter")
    assert page.locator("[data-finder-chips-box]").is_hidden()
    assert page.evaluate("document.activeElement.id") == "finder-results-heading"
    assert len(titles(page)) == ALL
    assert_clean(recorder, failed)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_phone_filters_show_results_and_narrow(browser, fictional_server, artifacts, scheme) -> None:
    page, recorder, failed = finder(browser, fictional_server, viewport={"width": 360, "height": 740}, color_scheme=scheme)
    page.click("[data-finder-toggle]")
    box(page, "attend", "online").check()
    show = page.locator("[data-finder-show]")
    assert show.inner_text() == "Show 6 results"  # four groups and two courses take part online
    page.screenshot(path=str(artifacts / f"finder-phone-filters-{scheme}.png"))
    show.click()
    assert page.locator("[data-finder-filters]").is_hidden()
    assert page.evaluate("document.activeElement.id") == "finder-results-heading"
    top = page.evaluate("document.getElementById('finder-results-heading').getBoundingClientRect().top")
    assert 0 <= top < 740  # the results heading is on the first screen
    assert page.locator("[data-finder-chips] button").count() == 1
    page.screenshot(path=str(artifacts / f"finder-phone-after-filter-{scheme}.png"))
    violations = axe_violations(page)
    assert not violations, describe_violations(violations)
    assert_clean(recorder, failed)


def test_long_facet_lists_narrow_as_you_type(browser, fictional_server) -> None:
    """The fictional directory's eleven topics make a list long enough to offer narrowing."""
    page, recorder, failed = finder(browser, fictional_server)
    narrow = page.locator('fieldset[data-facet="topic"] [data-finder-narrow]')
    box(page, "topic", "anxiety").check()
    narrow.fill("griE")
    visible = [t.strip() for t in page.locator('fieldset[data-facet="topic"] li:visible .finder-facet__label').all_inner_texts()]
    assert visible == ["Anxiety", "Grief and bereavement"]  # a checked value stays in view
    narrow.fill("")
    assert page.locator('fieldset[data-facet="topic"] li:visible').count() == page.locator('fieldset[data-facet="topic"] li').count()
    assert page.locator('fieldset[data-facet="kind"] [data-finder-narrow]').count() == 0  # short lists have none
    assert_clean(recorder, failed)


def test_example_words_in_the_hint_find_listings(browser, fictional_server) -> None:
    page, _, _ = finder(browser, fictional_server)
    hint = page.inner_text("#finder-q-hint")
    examples = hint.split("For example: ")[1].rstrip(".").split(", ")
    assert len(examples) == 3 and "online" in examples
    for word in examples:
        type_query(page, word)
        page.wait_for_function("w => document.querySelector('[data-finder-count]').textContent.includes(w)", arg=word)
        assert titles(page), word


def test_data_is_preloaded_with_the_page(browser, fictional_server) -> None:
    page, _ = open_page(browser, fictional_server.origin)
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(fictional_server.url + "find/")
    page.wait_for_selector("[data-finder-state=ready]")
    preloads = page.eval_on_selector_all("link[rel=preload]", "links => links.map(l => l.getAttribute('href'))")
    assert any(h.endswith("api/finder/docs.json") for h in preloads) and any(h.endswith("assets/finder.js") for h in preloads)
    # The records and scripts are asked for right after Material's style sheets, before the rest of
    # the head; the index and lunr.js only after the first results (they are not needed for them).
    head = page.eval_on_selector_all("head link", "links => links.map(l => l.rel + ' ' + l.getAttribute('href'))")
    docs = next(i for i, h in enumerate(head) if h.endswith("api/finder/docs.json"))
    assert next(i for i, h in enumerate(head) if h.startswith("stylesheet") and "main." in h) < docs
    assert docs < next(i for i, h in enumerate(head) if h.startswith("stylesheet") and h.endswith("finder.css"))
    assert not any("index.json" in h or "lunr.js" in h for h in preloads)
    page.wait_for_selector("[data-finder-search=ready]")
    # Each file is fetched once: the finder's fetch uses the preloaded response.
    assert sum(url.endswith("api/finder/docs.json") for url in requested) == 1, requested
    assert sum(url.endswith("api/finder/index/meta.json") for url in requested) == 1, requested
    assert not any(url.endswith("api/finder/index.json") for url in requested)  # the index comes in shards
    type_query(page, "leeds")
    page.wait_for_function("document.querySelectorAll('[data-finder-results] li').length === 2")
    type_query(page, "leeds")  # again: its shard is here
    shards = [url for url in requested if "/api/finder/index/" in url and not url.endswith("meta.json")]
    assert len(shards) == len(set(shards)) >= 1, shards


def test_a_query_typed_before_the_index_arrives_is_searched_when_it_does(browser, fictional_server) -> None:
    page, recorder = open_page(browser, fictional_server.origin)
    release: list = []
    page.route("**/api/finder/index/*.json", lambda route: release.append(route))  # meta.json, then the shards
    page.goto(fictional_server.url + "find/")
    page.wait_for_selector("[data-finder-state=ready]")  # first results without the index
    assert len(titles(page)) == ALL
    page.wait_for_function("document.querySelector('[data-finder-count]') !== null")
    type_query(page, "leeds")
    assert page.inner_text("[data-finder-count]") == "Loading the search\u2026"
    page.wait_for_timeout(100)
    assert release, "the index was asked for after the first results"
    for _ in range(50):  # meta.json, then (once it is here) the shard of "leeds"
        while release:
            release.pop().continue_()
        if len(titles(page)) == 2:
            break
        page.wait_for_timeout(100)
    page.wait_for_function("document.querySelectorAll('[data-finder-results] li').length === 2")
    assert titles(page) == [GRIEF, "Fictional Riverside Circle"]
    assert not recorder.console_errors, recorder.console_errors

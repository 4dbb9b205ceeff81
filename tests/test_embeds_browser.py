"""Embeds in a real headless Chromium: an organisation's page on another origin with two widgets,
the framed page on its own, and the embed builder."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from fictional import QUOTED_NAME
from conftest import Server, axe_violations, describe_violations, open_page, serve

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}
GRIEF = "Fictional Grief Circle Leeds"
SPANISH = "Fictional Online Anxiety Group (Spanish)"
EVENING = QUOTED_NAME
DEFAULT_LINK_LIGHT = "rgb(27, 86, 96)"  # #1b5660, embed.css
HOSTILE_ACCENT = "red;}body{display:none"

HOST_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>A fictional organisation</title><link rel="icon" href="data:,"></head>
<body><main>
<h1>A fictional organisation's page</h1>
<div id="grief" data-peer-directory data-topic="grief"><a href="{directory}">Peer support listings</a></div>
<p>Text between the widgets.</p>
<div id="spanish" data-peer-directory data-attendance="online" data-language="es" data-accent="{accent}"></div>
<script src="{directory}embed.js" async></script>
</main></body></html>
"""

# A page on a third origin that tries to resize the organisation's widgets.
THIRD_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Third</title><link rel="icon" href="data:,"></head>
<body><script>
var ids = new URLSearchParams(location.search).getAll("id");
function fake() {
  ids.forEach(function (id) { parent.postMessage({type: "peer-directory:height", id: id, height: 1777}, "*"); });
  parent.postMessage({type: "peer-directory:height", id: null, height: 1777}, "*");
  document.title = "sent";
}
</script></body></html>
"""


@pytest.fixture(scope="module")
def host_server(tmp_path_factory: pytest.TempPathFactory, fictional_server: Server) -> Iterator[Server]:
    """The organisation's site: same host name, another port, hence another origin."""
    folder = tmp_path_factory.mktemp("host")
    (folder / "index.html").write_text(HOST_PAGE.format(directory=fictional_server.url, accent=HOSTILE_ACCENT), encoding="utf-8")
    server = serve(folder)
    yield server
    server.httpd.shutdown()


@pytest.fixture(scope="module")
def third_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    folder = tmp_path_factory.mktemp("third")
    (folder / "third.html").write_text(THIRD_PAGE, encoding="utf-8")
    server = serve(folder)
    yield server
    server.httpd.shutdown()


def site_errors(recorder: object) -> list[str]:
    """Console errors of the page."""
    return list(recorder.console_errors)  # type: ignore[attr-defined]


def failed_responses(page: object) -> list[str]:
    failed: list[str] = []
    page.on("response", lambda r: r.status >= 400 and failed.append(r.url))  # type: ignore[attr-defined]
    return failed


def frame_heights(page: object) -> dict[str, float]:
    return page.evaluate(  # type: ignore[attr-defined]
        "() => Object.fromEntries([...document.querySelectorAll('[data-peer-directory] iframe')]"
        ".map(f => [f.parentElement.id, f.getBoundingClientRect().height]))")


def content_height(frame: object) -> float:
    return frame.evaluate("() => document.body.getBoundingClientRect().height")  # type: ignore[attr-defined]


def wait_for_fitted(page: object, widget_id: str) -> object:
    """The widget's frame once its listings are in and its iframe has its content's height."""
    page.wait_for_selector(f"#{widget_id} iframe")  # type: ignore[attr-defined]
    frame = page.frame_locator(f"#{widget_id} iframe")  # type: ignore[attr-defined]
    frame.locator(".pe-item").first.wait_for()
    handle = page.locator(f"#{widget_id} iframe").element_handle()  # type: ignore[attr-defined]
    content = handle.content_frame()
    page.wait_for_function(  # type: ignore[attr-defined]
        "([el, h]) => Math.abs(el.getBoundingClientRect().height - h) <= 2",
        arg=[handle, content_height(content)], timeout=5000)
    return content


def test_two_widgets_on_another_origin(browser: object, fictional_server: Server, host_server: Server,
                                        third_server: Server, artifacts: Path) -> None:
    assert host_server.origin != fictional_server.origin
    page, recorder = open_page(browser, fictional_server.origin, host_server.origin, third_server.origin)
    page.goto(host_server.url)
    grief = wait_for_fitted(page, "grief")
    spanish = wait_for_fitted(page, "spanish")

    # Each widget shows its own filtered listings.
    assert [t.split("\n")[0] for t in grief.locator(".pe-item__title").all_inner_texts()] == [EVENING, GRIEF]
    assert [t.split("\n")[0] for t in spanish.locator(".pe-item__title").all_inner_texts()] == [EVENING, SPANISH, "Fictional Night Owls Online"]
    assert "Grief and bereavement" in grief.locator(".pe-filters").inner_text()

    # The iframes are what embed.js promises.
    frames = page.locator("[data-peer-directory] iframe")
    assert frames.count() == 2
    for index in range(2):
        frame = frames.nth(index)
        assert frame.get_attribute("title") == "Peer support listings"
        assert frame.get_attribute("loading") == "lazy"
        src = frame.get_attribute("src")
        assert src.startswith(fictional_server.url + "embed/?")
        query = parse_qs(urlsplit(src).query)
        assert query["origin"] == [host_server.origin]
        assert query["wid"][0]
    spanish_query = parse_qs(urlsplit(frames.nth(1).get_attribute("src")).query)
    assert spanish_query["attend"] == ["online"] and spanish_query["lang"] == ["es"]

    # Heights fit the content; the two widgets differ.
    heights = frame_heights(page)
    assert abs(heights["grief"] - content_height(grief)) <= 2
    assert abs(heights["spanish"] - content_height(spanish)) <= 2
    assert 100 < heights["grief"] < 2000

    # The crisis line is there, opening in a new tab.
    crisis = grief.get_by_role("link", name="Get crisis help now")
    assert crisis.get_attribute("target") == "_blank" and "noopener" in crisis.get_attribute("rel")
    assert "Peer support is not crisis care." in grief.locator(".pe-crisis").inner_text()

    # The hostile accent is ignored: default link colour, page still displayed.
    assert spanish.evaluate("getComputedStyle(document.body).display") == "block"
    assert spanish.evaluate("document.documentElement.style.cssText") == ""
    assert spanish.locator(".pe-item__title a").first.evaluate("a => getComputedStyle(a).color") == DEFAULT_LINK_LIGHT
    page.screenshot(path=str(artifacts / "embed-host-page.png"), full_page=True)

    # Fake height messages: from the host page itself, from a third origin, and from another
    # frame of the directory's own origin that claims a widget's id. None may resize a widget.
    ids = [parse_qs(urlsplit(frames.nth(i).get_attribute("src")).query)["wid"][0] for i in range(2)]
    page.evaluate("""(ids) => ids.forEach(id => window.postMessage({type: "peer-directory:height", id: id, height: 1555}, "*"))""", ids)
    page.evaluate("""([url]) => { const f = document.createElement("iframe"); f.id = "third"; f.src = url;
                      f.title = "third"; document.body.appendChild(f); }""",
                  [third_server.url + "third.html?" + "&".join(f"id={i}" for i in ids)])
    page.wait_for_function("() => { try { return document.getElementById('third').contentDocument === null; }"
                           " catch (e) { return true; } }")  # loaded, and cross-origin
    third_frame = page.locator("#third").element_handle().content_frame()
    third_frame.wait_for_function("typeof fake === 'function'")
    third_frame.evaluate("fake()")
    assert third_frame.evaluate("document.title") == "sent"
    impostor_src = fictional_server.url + f"embed/?topic=nothing-matches&wid={ids[0]}&origin={host_server.origin}"
    page.evaluate("""([url]) => { const f = document.createElement("iframe"); f.id = "impostor"; f.src = url;
                      f.title = "impostor"; document.body.appendChild(f); }""", [impostor_src])
    impostor = page.frame_locator("#impostor")
    impostor.locator(".pe-status").filter(has_text="No listings").wait_for()
    page.wait_for_timeout(500)
    assert frame_heights(page) == heights, "height messages from anyone but the widget's own frame were ignored"

    # A widget still follows its own content: a narrower page makes it taller.
    page.set_viewport_size({"width": 360, "height": 740})
    page.wait_for_function(
        "([el, h]) => Math.abs(el.getBoundingClientRect().height - h) > 10",
        arg=[page.locator("#grief iframe").element_handle(), heights["grief"]], timeout=5000)
    wait_for_fitted(page, "grief")

    # Listing links open the directory's page in a new tab, without an opener.
    link = grief.get_by_role("link", name=GRIEF)
    assert link.get_attribute("target") == "_blank" and "noopener" in link.get_attribute("rel")
    with page.context.expect_page() as new_tab:
        link.click()
    listing = new_tab.value
    listing.wait_for_load_state()
    assert listing.url == fictional_server.url + "groups/fictional-grief-circle-leeds/"
    assert listing.evaluate("window.opener") is None
    assert page.url == host_server.url, "the organisation's page stays where it was"

    assert recorder.foreign_requests == []
    assert recorder.console_errors == []
    page.context.close()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("topic=grief", [EVENING, GRIEF]),
        ("topic=grief,anxiety", [EVENING, GRIEF, SPANISH, "Fictional Online Peers", "Fictional Riverside Circle"]),
        ("topic=grief&topic=anxiety&attend=online", [EVENING, SPANISH, "Fictional Online Peers"]),  # the evening circle is hybrid
        ("lang=es", [EVENING, SPANISH, "Fictional Night Owls Online"]),
        ("kind=advocate", ["Fictional Collective", "Fictional Sam Voices", "Fictional Voices", "Fictional Voices Podcast"]),
        ("open=yes&country=GB", [EVENING, GRIEF, "Fictional Network of Local Groups", "Fictional Riverside Circle"]),
        ("q=grief", [GRIEF, EVENING]),  # in the name first
        ("q=leeds%20circ", [GRIEF, "Fictional Riverside Circle"]),
        ("q=voices", ["Fictional Voices Podcast", "Fictional Voices", "Fictional Sam Voices"]),
        ("topic=no-such-topic", []),
        ("limit=2", ["Fictional </script><script>window.__pwned=1</script> Circle & Friends", "Fictional Collective"]),
    ],
)
def test_embed_page_filters(browser: object, fictional_server: Server, query: str, expected: list[str]) -> None:
    page, recorder = open_page(browser, fictional_server.origin)
    page.goto(fictional_server.url + "embed/?" + query)
    page.locator("[data-embed-state='ready']").wait_for()
    titles = [t.split("\n")[0] for t in page.locator(".pe-item__title").all_inner_texts()]
    assert titles == expected
    assert page.evaluate("window.__pwned") is None
    if query == "limit=2":
        assert page.locator(".pe-status").inner_text() == "Showing 2 of 16 listings."
        more = page.locator("[data-embed-more-link]")
        assert more.is_visible() and more.get_attribute("target") == "_blank"
    for link in page.locator(".pe a").all():
        assert link.get_attribute("target") == "_blank" and link.get_attribute("rel") == "noopener"
    assert recorder.console_errors == [] and recorder.foreign_requests == []
    page.context.close()


@pytest.mark.parametrize(
    ("accent", "light", "dark"),
    [
        ("8c3a10", "rgb(140, 58, 16)", "rgb(143, 211, 222)"),  # dark enough for light only
        ("fc0", "rgb(27, 86, 96)", "rgb(255, 204, 0)"),  # light enough for dark only
        ("777777", "rgb(27, 86, 96)", "rgb(143, 211, 222)"),  # neither: defaults
        ("red;}body{display:none", "rgb(27, 86, 96)", "rgb(143, 211, 222)"),
        ("1f5a64%22%3E%3Cb%3E", "rgb(27, 86, 96)", "rgb(143, 211, 222)"),
        ("ggg", "rgb(27, 86, 96)", "rgb(143, 211, 222)"),
    ],
)
def test_accent_is_validated_and_keeps_contrast(browser: object, fictional_server: Server, accent: str, light: str, dark: str) -> None:
    for theme, expected in (("light", light), ("dark", dark)):
        page, _ = open_page(browser, fictional_server.origin)
        page.goto(fictional_server.url + f"embed/?theme={theme}&accent={accent}")
        page.locator(".pe-item").first.wait_for()
        assert page.locator(".pe-item__title a").first.evaluate("a => getComputedStyle(a).color") == expected, theme
        assert page.evaluate("getComputedStyle(document.body).display") == "block"
        assert page.locator("b").count() == 0
        page.context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("query", ["topic=grief", "limit=50&theme=auto", "attend=online&theme=dark", "q=grief&theme=light&accent=8c3a10"])
def test_embed_page_has_no_axe_violations(browser: object, fictional_server: Server, scheme: str, query: str, artifacts: Path) -> None:
    page, recorder = open_page(browser, fictional_server.origin, color_scheme=scheme, viewport=PHONE)
    page.goto(fictional_server.url + "embed/?" + query)
    page.locator("[data-embed-state='ready']").wait_for()
    violations = axe_violations(page)
    if query.startswith("limit"):
        page.screenshot(path=str(artifacts / f"embed-phone-{scheme}.png"), full_page=True)
    assert violations == [], describe_violations(violations)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert recorder.console_errors == []
    page.context.close()


def test_embed_page_without_javascript_links_to_the_directory(browser: object, fictional_server: Server) -> None:
    context = browser.new_context(java_script_enabled=False)  # type: ignore[attr-defined]
    page = context.new_page()
    page.goto(fictional_server.url + "embed/?topic=grief")
    fallback = page.locator("[data-embed-fallback]")
    assert fallback.is_visible()
    links = fallback.get_by_role("link")
    assert links.count() >= 3
    assert links.first.get_attribute("href") == "../groups/" and links.first.get_attribute("target") == "_blank"
    assert page.get_by_role("link", name="Get crisis help now").is_visible()
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_builder_has_no_axe_violations(browser: object, fictional_server: Server, scheme: str, viewport: str, artifacts: Path) -> None:
    size = PHONE if viewport == "phone" else {"width": 1280, "height": 900}
    page, recorder = open_page(browser, fictional_server.origin, color_scheme=scheme, viewport=size)
    failed = failed_responses(page)
    page.goto(fictional_server.url + "embed-builder/")
    page.frame_locator("[data-eb-preview]").locator(".pe-item").first.wait_for()
    violations = axe_violations(page)
    page.screenshot(path=str(artifacts / f"embed-builder-{viewport}-{scheme}.png"), full_page=True)
    assert violations == [], describe_violations(violations)
    assert page.evaluate("document.documentElement.scrollWidth") <= size["width"]
    assert site_errors(recorder) == [] and failed == []
    page.context.close()


def test_builder_preview_and_snippets_follow_the_form(browser: object, fictional_server: Server) -> None:
    page, recorder = open_page(browser, fictional_server.origin)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=fictional_server.origin)
    failed = failed_responses(page)
    page.goto(fictional_server.url + "embed-builder/")
    preview = page.frame_locator("[data-eb-preview]")
    preview.locator(".pe-item").first.wait_for()
    assert preview.locator(".pe-item").count() == 10  # the default limit, of 16 listings

    page.get_by_role("group", name="Topic").get_by_label("Grief and bereavement").check()
    page.get_by_role("group", name="How to take part").get_by_label("In person").check()
    page.get_by_role("group", name="Colours").get_by_label("Dark").check()
    page.get_by_label("Number of listings (1 to 50)").fill("5")
    # The preview follows the form after a short pause: wait for the last change to reach it.
    page.wait_for_function("() => ['topic=grief', 'attend=in_person', 'theme=dark', 'limit=5']"
                           ".every(part => document.querySelector('[data-eb-preview]').src.includes(part))")
    src = page.locator("[data-eb-preview]").get_attribute("src")
    query = parse_qs(urlsplit(src).query)
    assert query["topic"] == ["grief"] and query["attend"] == ["in_person"] and query["theme"] == ["dark"]
    assert query["limit"] == ["5"] and query["wid"] == ["preview"] and query["origin"] == [fictional_server.origin]
    preview.locator(".pe-status").filter(has_text="2 listings.").wait_for()  # the evening circle meets in person too
    assert preview.locator(".pe-item__title a").nth(1).inner_text().startswith(GRIEF)
    # The preview sizes itself to its content, like a real embed.
    handle = page.locator("[data-eb-preview]").element_handle()
    inner = handle.content_frame()
    page.wait_for_function("([el, h]) => Math.abs(el.getBoundingClientRect().height - h) <= 2",
                           arg=[handle, content_height(inner)], timeout=5000)

    script = page.locator("#eb-snippet-script").input_value()
    assert 'data-peer-directory data-attendance="in_person" data-topic="grief" data-limit="5" data-theme="dark"' in script
    assert f'<script src="{fictional_server.url}embed.js" async></script>' in script
    iframe = page.locator("#eb-snippet-iframe").input_value()
    assert f'src="{fictional_server.url}embed/?attend=in_person&amp;topic=grief&amp;limit=5&amp;theme=dark"' in iframe
    assert 'title="Peer support listings"' in iframe

    page.get_by_role("button", name="Copy snippet").click()
    page.locator("[data-eb-copy-status='eb-snippet-script']").filter(has_text="Copied").wait_for()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == script
    assert 'data-topic="grief"' in copied and 'data-attendance="in_person"' in copied

    # Search words are escaped in the snippet.
    page.get_by_label("Search words (optional)").fill('leeds "><b>')
    page.wait_for_function("() => document.querySelector('#eb-snippet-script').value.includes('data-q')")
    assert 'data-q="leeds &quot;&gt;&lt;b&gt;"' in page.locator("#eb-snippet-script").input_value()
    assert site_errors(recorder) == [] and failed == []
    assert recorder.foreign_requests == []
    page.context.close()


def test_the_snippet_works_as_written(browser: object, fictional_server: Server, tmp_path: Path) -> None:
    """The builder's default snippet, pasted into a page on another origin, shows listings."""
    page, _ = open_page(browser, fictional_server.origin)
    page.goto(fictional_server.url + "embed-builder/")
    page.get_by_role("group", name="Kind of listing").get_by_label("Advocates").check()
    page.wait_for_function("() => document.querySelector('#eb-snippet-script').value.includes('data-kind')")
    snippet = page.locator("#eb-snippet-script").input_value()
    page.context.close()
    (tmp_path / "index.html").write_text(
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Pasted</title><link rel="icon" href="data:,"></head>'
        f"<body><main id='main'>{snippet}</main></body></html>", encoding="utf-8")
    host = serve(tmp_path)
    try:
        page, recorder = open_page(browser, fictional_server.origin, host.origin)
        page.goto(host.url)
        frame = page.frame_locator("[data-peer-directory] iframe")
        frame.locator(".pe-item").first.wait_for()
        assert [t.split("\n")[0] for t in frame.locator(".pe-item__title").all_inner_texts()] == [
            "Fictional Collective", "Fictional Sam Voices", "Fictional Voices", "Fictional Voices Podcast"]
        assert recorder.console_errors == [] and recorder.foreign_requests == []
        page.context.close()
    finally:
        host.httpd.shutdown()


def test_height_messages_carry_only_the_height(browser: object, fictional_server: Server, host_server: Server) -> None:
    """What the framed page tells its parent: type, widget id and height, nothing else."""
    page, _ = open_page(browser, fictional_server.origin, host_server.origin)
    page.add_init_script("window.__messages = []; addEventListener('message', e => window.__messages.push("
                         "{origin: e.origin, data: JSON.stringify(e.data)}));")
    page.goto(host_server.url)
    wait_for_fitted(page, "grief")
    messages = page.evaluate("window.__messages")
    assert messages
    for message in messages:
        assert message["origin"] == fictional_server.origin
        data = json.loads(message["data"])
        assert set(data) == {"type", "id", "height"} and data["type"] == "peer-directory:height"
    page.context.close()


# Query words must fold as the index was folded (generator/finder/data.py: every text is indexed as
# written and, where different, without accents), on the finder and on the embed page alike.
FOLD_SAMPLES = ["São Paulo", "Zürich Ärzte", "Crème brûlée", "ﬁve", "हिंदी स्वास्थ्य", "Ελληνικά", "Ὀδυσσεύς"]


@pytest.mark.parametrize("path", ["find/", "embed/?q=grief"])
def test_queries_fold_as_the_index_does(browser: object, fictional_server: Server, path: str) -> None:
    from generator.finder.data import fold

    page, recorder = open_page(browser, fictional_server.origin)
    page.goto(fictional_server.url + path)
    page.wait_for_function("window.PeerSearchIndex !== undefined")
    folded = page.evaluate("samples => samples.map(window.PeerSearchIndex.fold)", FOLD_SAMPLES)
    for sample, result in zip(FOLD_SAMPLES, folded):
        assert result in (fold(sample).lower(), sample.lower()), (sample, result)
    assert folded[0] == "sao paulo" and folded[4] == FOLD_SAMPLES[4]
    assert recorder.console_errors == [] and recorder.foreign_requests == []
    page.context.close()

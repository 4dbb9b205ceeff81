"""The embed page reads the finder's files the way the finder does (search-index.js): the index's
shards for a query's words and the files of records it shows; there is no whole index
(api/finder/index.json) any more. Its results are the same whichever files the records come from."""

from __future__ import annotations

import pytest
from conftest import Server, open_page
from fictional import QUOTED_NAME as EVENING

pytestmark = pytest.mark.browser

GRIEF = "Fictional Grief Circle Leeds"
FIRST = "Fictional </script><script>window.__pwned=1</script> Circle & Friends"


def embed(browser: object, server: Server, query: str, record_files_max: int | None = None) -> tuple[list[str], str, list[str]]:
    """The embed's titles, status line and the site's files it fetched. `record_files_max`
    rewrites the page's setting, to make it read docs.json rather than files of records."""
    page, recorder = open_page(browser, server.origin)
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url.removeprefix(server.url)))
    if record_files_max is not None:
        def rewrite(route: object) -> None:
            response = route.fetch()  # type: ignore[attr-defined]
            body = response.text().replace('"recordFilesMax": 24', f'"recordFilesMax": {record_files_max}')
            assert f'"recordFilesMax": {record_files_max}' in body
            route.fulfill(response=response, body=body)  # type: ignore[attr-defined]
        page.route(server.url + "embed/?*", rewrite)
    page.goto(server.url + "embed/?" + query)
    page.locator("[data-embed-state='ready']").wait_for()
    titles = [t.split("\n")[0].replace(" (opens in a new tab)", "") for t in page.locator(".pe-item__title").all_inner_texts()]
    status = page.locator(".pe-status").inner_text()
    assert recorder.console_errors == [] and recorder.foreign_requests == []
    page.context.close()
    return titles, status, requested


def test_a_word_is_found_from_the_shards_without_the_whole_index(browser: object, fictional_server: Server) -> None:
    assert not (fictional_server.root / "api/finder/index.json").exists()
    titles, status, requested = embed(browser, fictional_server, "q=grief")
    assert titles == [GRIEF, EVENING] and status == "2 listings."
    assert "api/finder/index/meta.json" in requested
    assert any(url.startswith("api/finder/index/") and url.removeprefix("api/finder/index/")[:1].isdigit() for url in requested)
    assert "api/finder/records/head.json" in requested and "api/finder/records/0.json" in requested
    assert not any(url.startswith(("api/finder/index.json", "api/finder/docs.json")) for url in requested), requested


def test_without_words_or_filters_only_the_first_records_are_read(browser: object, fictional_server: Server) -> None:
    titles, status, requested = embed(browser, fictional_server, "limit=2")
    assert titles == [FIRST, "Fictional Collective"] and status == "Showing 2 of 16 listings."
    assert "api/finder/docs.json" not in requested and "assets/finder/lunr.js" not in requested


@pytest.mark.parametrize("query", ["q=circle&country=GB", "q=online&attend=online&limit=2", "q=support&topic=no-such-topic", "q=peer%20su&kind=advocate", "q=support&limit=50&open=yes"])
def test_records_from_their_files_or_from_docs_json_are_the_same(browser: object, generated_server: Server, query: str) -> None:
    few = embed(browser, generated_server, query)
    many = embed(browser, generated_server, query, record_files_max=0)
    assert few[:2] == many[:2]
    assert "api/finder/docs.json" not in few[2]
    if "no-such" in query:  # an unknown code matches nothing: nothing is fetched to filter
        assert few[0] == [] and "api/finder/docs.json" not in many[2]
    else:
        assert few[0] and "api/finder/docs.json" in many[2], query



def test_one_filter_value_reads_its_first_page(browser: object, fictional_server: Server) -> None:
    titles, status, requested = embed(browser, fictional_server, "topic=grief")
    assert titles == [EVENING, GRIEF] and status == "2 listings."
    assert "api/finder/first/topic/grief.json" in requested
    assert not any(url.startswith(("api/finder/docs.json", "assets/finder/lunr.js")) for url in requested), requested
    titles, status, requested = embed(browser, fictional_server, "topic=no-such-topic")
    assert titles == [] and status == "No listings match these filters yet."
    assert not any(url.startswith(("api/finder/docs.json", "api/finder/first/")) for url in requested), requested


def test_a_first_page_too_short_for_the_limit_gives_way_to_docs_json(browser: object, generated_server: Server) -> None:
    import json

    docs = json.loads((generated_server.root / "api/finder/docs.json").read_text(encoding="utf-8"))
    counts = [sum(1 for doc in docs["docs"] if position in doc.get("t", [])) for position in range(len(docs["facets"]["t"]))]
    topic = docs["facets"]["t"][counts.index(max(counts))][0]
    assert max(counts) > 25, "a topic with more listings than a first page holds"
    few = embed(browser, generated_server, f"topic={topic}&limit=5")
    many = embed(browser, generated_server, f"topic={topic}&limit=25")
    assert f"api/finder/first/topic/{topic}.json" in few[2] and "api/finder/docs.json" not in few[2]
    assert "api/finder/docs.json" in many[2]
    assert few[0] == many[0][:5] and len(many[0]) == 25
    assert few[1] == f"Showing 5 of {max(counts)} listings." and many[1] == f"Showing 25 of {max(counts)} listings."


@pytest.mark.parametrize(("query", "key", "code"), [("open=yes", "o", None), ("kind=advocate", "k", "advocate"), ("lang=es&limit=20", "l", "es")])
def test_a_first_page_shows_what_docs_json_gives(browser: object, generated_server: Server, query: str, key: str, code: str | None) -> None:
    """One filter value: the first page's listings and count are docs.json's, in its order."""
    import json

    docs = json.loads((generated_server.root / "api/finder/docs.json").read_text(encoding="utf-8"))
    if code is None:
        matching = [doc for doc in docs["docs"] if doc.get(key) == 1]
    else:
        position = [c for c, _ in docs["facets"][key]].index(code)
        matching = [doc for doc in docs["docs"] if position in (doc[key] if isinstance(doc.get(key), list) else [doc.get(key)])]
    limit = 20 if "limit=20" in query else 10
    titles, status, requested = embed(browser, generated_server, query)
    assert titles == [doc["n"] for doc in matching[:limit]]
    assert status == f"Showing {limit} of {len(matching)} listings."
    assert any(url.startswith("api/finder/first/") for url in requested) and "api/finder/docs.json" not in requested

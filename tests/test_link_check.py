"""`peerdir check-links` against a local HTTP server: no outside network."""

from __future__ import annotations

import json
import shutil
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from generator.contract.catalog import load_catalog
from generator.contributors.link_check import URL_FIELDS, Target, check_targets, load_allowlist, targets_from_catalog

REPO = Path(__file__).resolve().parent.parent
SLOW_SECONDS = 3.0


class Handler(BaseHTTPRequestHandler):
    hits: dict[str, int] = {}

    def log_message(self, *args) -> None:  # keep test output clean
        pass

    def do_GET(self) -> None:
        Handler.hits[self.path] = Handler.hits.get(self.path, 0) + 1
        routes = {
            "/ok": (200, {}),
            "/moved": (301, {"Location": "/ok"}),
            "/temporary": (302, {"Location": "/ok"}),
            "/missing": (404, {}),
            "/gone": (410, {}),
            "/busy": (429, {"Retry-After": "60"}),
            "/error": (503, {}),
            "/forbidden": (403, {}),
            "/loop": (301, {"Location": "/loop"}),
        }
        route = self.path.split("?", 1)[0]  # a query only makes an address distinct
        if route == "/slow":
            time.sleep(SLOW_SECONDS)
            status, headers = 200, {}
        else:
            status, headers = routes.get(route, (404, {}))
        body = b"<!doctype html><title>test</title>"
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


async def resolve_locally(host: str, port: int):
    """Tests never ask a real DNS server: '.invalid' names do not exist, 127.0.0.1 does."""
    if host.endswith(".invalid"):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
    return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (host, port))]


def check(targets, **options):
    options.setdefault("timeout", 1.0)
    options.setdefault("resolve", resolve_locally)
    return check_targets(targets, **options)


def target(server: str, path: str, line: int = 3) -> Target:
    return Target("directory/groups/example.yml", line, "website", f"{server}{path}")


def by_url(report) -> dict[str, tuple[str, str]]:
    return {p.message.split(" ", 1)[0]: (p.severity, p.message.split(" ", 1)[1]) for p in report.problems}


def test_verdicts(server: str) -> None:
    paths = ["/ok", "/temporary", "/moved", "/missing", "/gone", "/busy", "/error", "/slow", "/forbidden", "/loop"]
    targets = [target(server, path, line) for line, path in enumerate(paths, start=1)]
    targets.append(Target("directory/advocates/a.yml", 9, "platforms[0].url", "https://no-such-host.invalid/page"))
    started = time.monotonic()
    report = check(targets, concurrency=4)
    assert time.monotonic() - started < SLOW_SECONDS + 2  # the slow page timed out, nothing waited for it
    found = by_url(report)
    assert f"{server}/ok" not in found and f"{server}/temporary" not in found  # fine; temporary redirects are fine
    assert found[f"{server}/moved"] == ("warning", f"moved permanently; use the new address {server}/ok")
    assert found[f"{server}/missing"][0] == "error" and "404" in found[f"{server}/missing"][1]
    assert found[f"{server}/gone"][0] == "error" and "410" in found[f"{server}/gone"][1]
    assert found[f"{server}/busy"] == ("warning", "could not be checked: the server answers 429; retry later")
    assert found[f"{server}/error"] == ("warning", "could not be checked: the server answers 503; retry later")
    assert found[f"{server}/slow"][0] == "warning" and "time limit" in found[f"{server}/slow"][1]
    assert found[f"{server}/forbidden"][0] == "warning" and "allow-list" in found[f"{server}/forbidden"][1]
    assert found[f"{server}/loop"][0] == "error" and "loop" in found[f"{server}/loop"][1]
    assert found["https://no-such-host.invalid/page"] == ("error", "is broken: the domain name 'no-such-host.invalid' does not exist")
    assert report.broken == 4
    # Printed like every other problem: path:line: field: <url> reason.
    missing = next(p for p in report.problems if "/missing" in p.message)
    assert missing.text() == f"directory/groups/example.yml:4: website: {server}/missing is broken: the server answers 404 (not found)"


def test_each_address_is_fetched_once(server: str) -> None:
    Handler.hits.pop("/gone", None)
    targets = [target(server, "/gone", line) for line in (1, 2, 3)]
    report = check(targets)
    assert Handler.hits["/gone"] == 1
    assert [p.line for p in report.problems] == [1, 2, 3]


def test_cache_reuses_working_links_only(server: str, tmp_path: Path) -> None:
    cache = tmp_path / ".cache" / "link-check.json"
    targets = [target(server, "/ok?cache"), target(server, "/missing?cache")]
    Handler.hits.pop("/ok?cache", None)
    Handler.hits.pop("/missing?cache", None)
    first = check(targets, cache_path=cache)
    assert (first.checked, first.cached) == (2, 0)
    stored = json.loads(cache.read_text())["results"]
    assert set(stored) == {f"{server}/ok?cache"} and stored[f"{server}/ok?cache"]["checked_at"]
    second = check(targets, cache_path=cache)
    assert (second.checked, second.cached) == (1, 1)
    assert Handler.hits["/ok?cache"] == 1 and Handler.hits["/missing?cache"] == 2
    assert [p.severity for p in second.problems] == ["error"]
    # Too old: fetched again.
    third = check(targets, cache_path=cache, max_age_hours=0)
    assert third.cached == 0 and Handler.hits["/ok?cache"] == 2


def test_allowlist(server: str, tmp_path: Path) -> None:
    allowlist = tmp_path / "link-allowlist.txt"
    allowlist.write_text(f"# known false positives\n{server}/forbidden  # refuses robots\n\n", encoding="utf-8")
    prefixes = load_allowlist(allowlist)
    assert prefixes == [f"{server}/forbidden"]
    Handler.hits.pop("/forbidden", None)
    report = check([target(server, "/forbidden")], allowlist=prefixes)
    assert report.problems == [] and report.skipped == 1 and "/forbidden" not in Handler.hits
    assert load_allowlist(REPO / ".github" / "link-allowlist.txt")  # the project's own list reads


GROUP = """\
# yaml-language-server: $schema=../../schemas/group.schema.json
id: example-group
name: Example Group
summary: A fictional group used to test how links are found in listings.
description: See [our guide](https://guide.example.org/start) and [e-mail](mailto:a@example.org).
website: https://group.example.org/
attendance: [online]
area_served:
  countries: [GB]
joining:
  method: registration
  meeting_link: https://meet.example.org/room
schedule_note: Times are on the website.
facilitation: peer_led
cost:
  kind: free
contact:
  form: https://group.example.org/contact
find_a_group: https://group.example.org/find
topics: [anxiety]
audiences: [everyone]
languages: [en]
status: active
last_reviewed: 2026-03-01
reviewed_by: tester
source: The group's website.
"""

ADVOCATE = """\
# yaml-language-server: $schema=../../schemas/advocate.schema.json
id: example-advocate
name: Example Advocate
summary: A fictional organisation sharing lived experience, used to test link extraction.
entity: organization
platforms:
  - platform: website
    url: https://advocate.example.org/
  - platform: youtube
    url: https://www.youtube.com/@example-advocate
listing_basis: public_organization
topics: [recovery]
audiences: [everyone]
languages: [en]
status: active
last_reviewed: 2026-03-01
reviewed_by: tester
source: Its channels.
"""


def test_targets_from_catalog(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "directory"
    shutil.copytree(REPO / "directory" / "vocabularies", root / "vocabularies")
    (root / "groups").mkdir()
    (root / "advocates").mkdir()
    (root / "groups" / "example-group.yml").write_text(GROUP, encoding="utf-8")
    (root / "advocates" / "example-advocate.yml").write_text(ADVOCATE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = load_catalog(Path("directory"))
    assert result.ok, result.problems
    found = {(t.path, t.line, t.field, t.url) for t in targets_from_catalog(result.catalog)}
    group = str(Path("directory/groups/example-group.yml"))
    advocate = str(Path("directory/advocates/example-advocate.yml"))
    assert found == {
        (advocate, 8, "platforms[0].url", "https://advocate.example.org/"),
        (advocate, 10, "platforms[1].url", "https://www.youtube.com/@example-advocate"),
        (group, 5, "description", "https://guide.example.org/start"),
        (group, 6, "website", "https://group.example.org/"),
        (group, 12, "joining.meeting_link", "https://meet.example.org/room"),
        (group, 18, "contact.form", "https://group.example.org/contact"),
        (group, 19, "find_a_group", "https://group.example.org/find"),
    }


def test_every_web_address_field_of_the_models_is_checked() -> None:
    # A new field of type WebUrl (as find_a_group was) must not slip past `peerdir check-links`.
    from generator.contract.json_schema import all_schemas
    from generator.contract.catalog import load_catalog as _load

    vocabularies = _load(REPO / "directory").catalog.vocabularies
    names: set[str] = set()

    def walk(node: object, name: str = "") -> None:
        if isinstance(node, dict):
            if node.get("format") == "uri":
                names.add(name)
            for key, value in node.items():
                walk(value, key if key not in ("properties", "anyOf", "items", "$defs", "allOf") else name)
                if key == "properties":
                    for prop, schema in value.items():
                        walk(schema, prop)
        elif isinstance(node, list):
            for item in node:
                walk(item, name)

    for text in all_schemas(vocabularies).values():
        walk(json.loads(text))
    assert "find_a_group" in names and "website" in names
    assert names <= URL_FIELDS, names - URL_FIELDS

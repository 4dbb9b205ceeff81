"""Embeds without a browser: the `_headers` file, the embed pages and the builder's vocabularies."""

from __future__ import annotations

import datetime as dt
import fnmatch
import re
from pathlib import Path

import pytest

from generator.contract.catalog import Catalog
from generator.embeds.options import (
    BUILDER_SRC,
    EMBED_ATTRIBUTES,
    EMBED_FACETS,
    EMBED_SRC,
    HEADERS_PATH,
    builder_vocabularies,
    embed_config,
    headers_text,
)
from generator.finder.data import build_dictionaries, finder_listings
from generator.finder.page import FACETS as FINDER_FACETS
from generator.build.plan import BuildSettings, plan_files, plan_pages

REPO = Path(__file__).resolve().parent.parent
THEME = REPO / "theme"


def settings() -> BuildSettings:
    return BuildSettings(now=dt.datetime(2026, 11, 23, 12, tzinfo=dt.timezone.utc), site_url="https://example.org/psd/", repo_url="")


# ---- _headers -------------------------------------------------------------------------------


def parse_headers(text: str) -> list[tuple[str, list[tuple[str, str | None]]]]:
    """Rules as (path, [(name, value) or (name, None) for a '! name' detach line])."""
    rules: list[tuple[str, list[tuple[str, str | None]]]] = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            assert line.startswith("/"), line
            rules.append((line.strip(), []))
            continue
        entry = line.strip()
        if entry.startswith("!"):
            rules[-1][1].append((entry[1:].strip(), None))
        else:
            name, value = entry.split(":", 1)
            rules[-1][1].append((name.strip(), value.strip()))
    return rules


def matches(pattern: str, path: str) -> bool:
    return fnmatch.fnmatchcase(path, pattern)


def cloudflare(rules: list, path: str) -> dict[str, str]:
    """Cloudflare Pages: every matching rule applies; the same header twice is comma-joined;
    '! Name' in a rule detaches the values other matching rules attached."""
    matching = [entries for pattern, entries in rules if matches(pattern, path)]
    headers: dict[str, list[str]] = {}
    for index, entries in enumerate(matching):
        detached_elsewhere = {name.lower() for other, others in enumerate(matching) if other != index
                              for name, value in others if value is None}
        for name, value in entries:
            if value is not None and name.lower() not in detached_elsewhere:
                headers.setdefault(name.lower(), []).append(value)
    return {name: ", ".join(values) for name, values in headers.items()}


def netlify(rules: list, path: str) -> dict[str, str]:
    """Netlify: lines without a colon are skipped; a header set by several matching rules takes
    the later rule's value (netlify-cli's headersForPath)."""
    headers: dict[str, str] = {}
    for pattern, entries in rules:
        if matches(pattern, path):
            for name, value in entries:
                if value is not None:
                    headers[name.lower()] = value
    return headers


def test_headers_file_rules() -> None:
    text = headers_text()
    assert all(len(line) < 2000 for line in text.splitlines()), "Cloudflare's line limit"
    rules = parse_headers(text)
    paths = [path for path, _ in rules]
    assert paths.index("/*") < paths.index("/embed/*"), "the embed rule must come after the site-wide one (Netlify)"
    everywhere = dict(rules[paths.index("/*")][1])
    assert everywhere["Content-Security-Policy"] == "frame-ancestors 'self'"
    assert everywhere["X-Frame-Options"] == "SAMEORIGIN"
    assert everywhere["X-Content-Type-Options"] == "nosniff"
    assert everywhere["Referrer-Policy"] == "no-referrer"
    assert "camera=()" in everywhere["Permissions-Policy"] and "microphone=()" in everywhere["Permissions-Policy"]
    embed = rules[paths.index("/embed/*")][1]
    assert ("Content-Security-Policy", None) in embed and ("X-Frame-Options", None) in embed
    assert ("Content-Security-Policy", "frame-ancestors *") in embed


@pytest.mark.parametrize("host", [cloudflare, netlify])
def test_only_the_embed_page_may_be_framed_by_other_sites(host) -> None:
    rules = parse_headers(headers_text())
    for path in ("/", "/groups/fictional-grief-circle-leeds/", "/embed-builder/", "/find/", "/crisis/", "/embedded/"):
        headers = host(rules, path)
        assert headers["content-security-policy"] == "frame-ancestors 'self'", path
        assert headers["x-frame-options"] == "SAMEORIGIN", path
        assert headers["referrer-policy"] == "no-referrer"
        assert headers["x-content-type-options"] == "nosniff"
    for path in ("/embed/", "/embed/index.html"):
        headers = host(rules, path)
        assert headers["content-security-policy"] == "frame-ancestors *", (host.__name__, path)
        assert "'self'" not in headers["content-security-policy"]
        if host is cloudflare:
            assert "x-frame-options" not in headers
        # On Netlify X-Frame-Options stays, and browsers ignore it beside frame-ancestors (CSP 3).
        assert headers["referrer-policy"] == "no-referrer"
        assert headers["x-content-type-options"] == "nosniff"


# ---- Pages, files and vocabularies ---------------------------------------------------------


def test_the_plan_has_the_embed_pages_and_the_headers_file(fictional_catalog: Catalog) -> None:
    pages = {page.src_uri: page for page in plan_pages(fictional_catalog, settings())}
    embed = pages[EMBED_SRC]
    assert embed.template == "directory/embed.html" and not embed.searchable
    builder = pages[BUILDER_SRC]
    assert builder.template == "directory/embed-builder.html" and builder.searchable
    assert builder.context["builder_site_url"] == "https://example.org/psd/"
    files = plan_files(fictional_catalog, settings())
    assert files[HEADERS_PATH] == headers_text().encode("utf-8")


def test_embed_facets_use_the_finders_parameter_names() -> None:
    finder = {param: key for param, key, _ in FINDER_FACETS}
    for param, key, _ in EMBED_FACETS:
        assert finder[param] == key
    assert {param for param, _, _ in EMBED_FACETS} == set(finder) - {"day", "time"}
    assert set(EMBED_ATTRIBUTES.values()) >= {param for param, _, _ in EMBED_FACETS}


def test_embed_config_is_what_the_page_script_reads(fictional_catalog: Catalog) -> None:
    config = embed_config(fictional_catalog)
    assert config["limit"] == {"default": 10, "max": 50}
    assert config["themes"] == ["light", "dark", "auto"]
    assert config["message"] == "peer-directory:height"
    assert [param for param, _ in config["facets"]] == [param for param, _, _ in EMBED_FACETS]
    assert config["recordFilesMax"] == 24


def test_embed_page_reads_the_finders_shards_and_records(fictional_catalog: Catalog) -> None:
    """The embed has no whole index of its own: it reads meta.json, the shards and the records."""
    from generator.embeds.options import embed_context

    assert embed_context(fictional_catalog)["embed_files"] == {
        "docs": "api/finder/docs.json", "meta": "api/finder/index/meta.json", "records": "api/finder/records/",
        "facet_first": "api/finder/first/", "lunr": "assets/finder/lunr.js"}


def test_builder_vocabularies_come_from_the_finders_dictionaries(fictional_catalog: Catalog) -> None:
    dictionaries = build_dictionaries(fictional_catalog, finder_listings(fictional_catalog))
    facets = {facet["param"]: facet for facet in builder_vocabularies(fictional_catalog)}
    assert facets["topic"]["values"] == dictionaries["t"]
    assert ["grief", "Grief and bereavement"] in facets["topic"]["values"]
    assert ["es", "Spanish"] in facets["lang"]["values"]
    assert facets["lang"]["control"] == "select" and facets["topic"]["control"] == "checkboxes"
    assert facets["open"]["control"] == "flag"
    assert facets["attend"]["attribute"] == "attendance" and facets["for"]["attribute"] == "audience"
    assert "day" not in facets and "time" not in facets
    codes = [code for facet in facets.values() for code, _ in facet["values"]]
    assert all(re.fullmatch(r"[A-Za-z0-9_-]{1,40}", code) for code in codes), "codes the embed page accepts"


def test_embed_js_maps_the_same_attributes() -> None:
    source = (THEME / "embed.js").read_text(encoding="utf-8")
    table = dict(re.findall(r'"?([a-z]+)"?: "([a-z]+)"', source.split("var ATTRIBUTES = {", 1)[1].split("};", 1)[0]))
    for attribute, param in EMBED_ATTRIBUTES.items():
        assert table[attribute] == param, attribute
    assert 'var MESSAGE = "peer-directory:height"' in source


@pytest.mark.parametrize("name", ["embed.js", "assets/embed-page.js", "assets/embed-builder.js", "assets/search-index.js"])
def test_scripts_never_write_html_from_strings(name: str) -> None:
    source = (THEME / name).read_text(encoding="utf-8")
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function"):
        assert sink not in source, f"{name} uses {sink}"


# ---- The built site --------------------------------------------------------------------------


def test_built_site_has_the_embed_files(fictional_site: Path) -> None:
    assert (fictional_site / "_headers").read_text(encoding="utf-8") == headers_text()
    assert (fictional_site / "embed.js").read_bytes() == (THEME / "embed.js").read_bytes()
    for asset in ("assets/embed.css", "assets/embed-page.js", "assets/embed-builder.js", "assets/embed-builder.css"):
        assert (fictional_site / asset).is_file(), asset
    html = (fictional_site / "embed" / "index.html").read_text(encoding="utf-8")
    assert len(html.encode("utf-8")) < 8000, "the framed page stays small"
    assert "bundle" not in html and "stylesheets/main" not in html, "no Material assets in the framed page"
    assert re.search(r'<a href="../crisis/" target="_blank" rel="noopener">Get crisis help now', html)
    assert "Peer support is not crisis care." in html
    inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", html)
    assert inline == [' type="application/json" id="embed-config"'], "no inline code, only data"
    assert 'name="robots" content="noindex"' in html
    builder = (fictional_site / "embed-builder" / "index.html").read_text(encoding="utf-8")
    assert 'name="topic" value="grief"' in builder and "<legend>Topic</legend>" in builder
    assert "embed-builder.js" in builder

"""Embeds for organisations: what `/embed/`, `embed.js`, the embed builder and `_headers` need.

Pure functions of the Catalog (and constants); `generator.embeds.page` turns them into pages
and the `_headers` file. The browser side:

- `embed.js` (theme/embed.js, copied to the site root by MkDocs): finds every
  `[data-peer-directory]` element of an organisation's page and puts an iframe of `/embed/` in
  it, with the element's `data-*` attributes (`EMBED_ATTRIBUTES`) as URL parameters.
- `/embed/` (theme/directory/embed.html + theme/assets/embed-page.js): the framed page. It reads
  the finder's data as the finder does (search-index.js; `generator.finder.shards`): the index's
  `meta.json`, for a text query lunr.js and the shards its words need, and the records it shows
  from `api/finder/records/`, or for one filter value and no words, from that value's first page
  (`api/finder/first/`: the usual widget, such as one topic, fetches a few KB); only to filter
  many candidates, `api/finder/docs.json`; it filters with
  the finder's URL parameter names (`EMBED_FACETS`), and posts its height to the parent page.
  There is no whole index for it (`api/finder/index.json`, 9 MB at 50,000 listings, is not
  written): an organisation's visitors fetch only what their widget shows.
- `/embed-builder/` (theme/directory/embed-builder.html + theme/assets/embed-builder.js): pick
  filters, see a live preview, copy the snippet.

URL parameters of `/embed/` (unknown parameters are ignored; a facet given several times, or
as a comma-separated list, matches any of its values; different facets must all match):

    kind, attend, topic, for, lang, country, region, cost   facet codes, as in the finder
    open=yes                 only groups taking new members
    q                        full-text search (lunr), at most 100 characters
    limit                    1..50, default 10
    theme                    light | dark | auto (default: light; auto follows the visitor's setting,
                             which a light host page may not)
    accent                   3- or 6-digit hex without '#', used only if it keeps AA contrast
    wid                      the widget id embed.js gives each iframe (echoed in height messages)
    origin                   the embedding page's origin: height messages are sent only to it
"""

from __future__ import annotations

from typing import Any

from generator.contract.catalog import Catalog
from generator.finder.data import DOCS_PATH, LUNR_PATH, build_dictionaries, finder_listings
from generator.finder.page import FACETS as FINDER_FACETS, FIRST_FOLDER
from generator.finder.shards import META_PATH, RECORDS_FOLDER
from generator.kinds import LISTING_KINDS

EMBED_SRC = "embed.md"
BUILDER_SRC = "embed-builder.md"
HEADERS_PATH = "_headers"
EMBED_PATH = "embed/"  # where embed.js points its iframes, relative to the site root
SCRIPT_PATH = "embed.js"

LIMIT_DEFAULT = 10
LIMIT_MAX = 50
QUERY_MAX = 100
THEMES = ("light", "dark", "auto")  # the first is the default
MESSAGE_TYPE = "peer-directory:height"
HEIGHT_MIN = 50
HEIGHT_MAX = 20000
# Above this many files of api/finder/records/ (about 1.7 KB gzip each), the candidates a query
# leaves to filter are read from docs.json instead: one file, 2.7 MB gzip at 50,000 listings.
RECORD_FILES_MAX = 24

# The finder's facets an embed can filter by: all but the day and time of day, which depend on
# the visitor's time zone and make little sense in a standing widget on someone else's page.
EMBED_FACETS: tuple[tuple[str, str, str], ...] = tuple(f for f in FINDER_FACETS if f[1] not in ("day", "time"))

# data-* attribute of the snippet -> URL parameter of /embed/ (embed.js holds the same table).
EMBED_ATTRIBUTES: dict[str, str] = {
    "kind": "kind",
    "attendance": "attend",
    "topic": "topic",
    "audience": "for",
    "language": "lang",
    "country": "country",
    "region": "region",
    "cost": "cost",
    "open": "open",
    "q": "q",
    "limit": "limit",
    "theme": "theme",
    "accent": "accent",
}
# How the builder asks for each facet: checkboxes for short lists, a select for long ones.
SELECT_FACETS = ("lang", "country", "region")

# Permissions the site never needs, for everyone (and the embed's own frames).
PERMISSIONS_POLICY = "camera=(), microphone=(), payment=(), usb=(), geolocation=(self)"


def headers_text() -> str:
    """The `_headers` file (Netlify and Cloudflare Pages syntax).

    Both hosts apply every rule whose path matches, so `/*` also matches `/embed/...`:

    - Cloudflare Pages joins a header set by two rules with a comma, which for a CSP means two
      policies, both enforced ('self' would win). `! Header` detaches the inherited values, so
      `/embed/*` first detaches the site-wide framing headers, then sets its own.
    - Netlify skips lines without a colon (the detach lines) and, for a header set by several
      matching rules, serves the later rule's value: `/embed/*` comes after `/*`. Netlify
      cannot remove the inherited `X-Frame-Options: SAMEORIGIN` there, but browsers ignore
      X-Frame-Options when the response carries a CSP `frame-ancestors` directive (CSP 3),
      which `/embed/*` always does.

    `frame-ancestors` only works as a header (not in a `<meta>` CSP), hence this file.
    """
    return "\n".join([
        "# Response headers for Netlify and Cloudflare Pages, written by the build",
        "# (generator/embeds.py). Every page: no framing by other sites, no referrer (which page",
        "# someone read on a mental-health site is nobody else's business), no MIME sniffing.",
        "/*",
        "  Content-Security-Policy: frame-ancestors 'self'",
        "  X-Frame-Options: SAMEORIGIN",
        "  X-Content-Type-Options: nosniff",
        "  Referrer-Policy: no-referrer",
        f"  Permissions-Policy: {PERMISSIONS_POLICY}",
        "",
        "# The embed page is made to be framed by any site (embed.js, or a plain iframe).",
        "# '! Header' (Cloudflare Pages) detaches the site-wide framing headers above; Netlify",
        "# ignores those lines and serves this later rule's Content-Security-Policy instead.",
        "/embed/*",
        "  ! Content-Security-Policy",
        "  ! X-Frame-Options",
        "  Content-Security-Policy: frame-ancestors *",
        "",
        "# Open data: readable by scripts on any site.",
        "/api/*",
        "  Access-Control-Allow-Origin: *",
        "",
    ])


def _facet_values(catalog: Catalog) -> dict[str, list[list[str]]]:
    return build_dictionaries(catalog, finder_listings(catalog))


def embed_config(catalog: Catalog) -> dict[str, Any]:
    """What embed-page.js needs besides docs.json: parameter names and limits (JSON in the page)."""
    return {
        "facets": [[param, key] for param, key, _ in EMBED_FACETS],
        "limit": {"default": LIMIT_DEFAULT, "max": LIMIT_MAX},
        "queryMax": QUERY_MAX,
        "themes": list(THEMES),
        "message": MESSAGE_TYPE,
        "recordFilesMax": RECORD_FILES_MAX,
    }


def embed_context(catalog: Catalog) -> dict[str, Any]:
    """Template context of /embed/."""
    return {
        "embed_config": embed_config(catalog),
        "embed_files": {"docs": DOCS_PATH, "meta": META_PATH, "records": RECORDS_FOLDER, "facet_first": FIRST_FOLDER, "lunr": LUNR_PATH},
        "embed_browse_links": (*((f"{kind.folder}/", kind.title) for kind in LISTING_KINDS), ("topics/", "Topics")),
    }


def builder_vocabularies(catalog: Catalog) -> list[dict[str, Any]]:
    """The builder's filters: per facet its URL parameter, data-* attribute, legend and values.

    Values are those some listing in the finder uses (the finder's own dictionaries), so a
    widget never offers a filter that can only show nothing.
    """
    dictionaries = _facet_values(catalog)
    attribute_of = {param: attribute for attribute, param in EMBED_ATTRIBUTES.items()}
    facets = []
    for param, key, legend in EMBED_FACETS:
        values = dictionaries.get(key, [])
        if not values:
            continue
        if param == "open":
            control = "flag"
        elif param in SELECT_FACETS:
            control = "select"
        else:
            control = "checkboxes"
        facets.append({"param": param, "attribute": attribute_of[param], "legend": legend,
                       "control": control, "values": values})
    return facets


def builder_context(catalog: Catalog, site_url: str) -> dict[str, Any]:
    return {
        "builder_facets": builder_vocabularies(catalog),
        "builder_attributes": EMBED_ATTRIBUTES,
        "builder_site_url": site_url,
        "builder_limit": {"default": LIMIT_DEFAULT, "max": LIMIT_MAX},
        "builder_themes": (("light", "Light"), ("dark", "Dark"), ("auto", "Follow the visitor's setting")),
        "builder_message": MESSAGE_TYPE,
    }

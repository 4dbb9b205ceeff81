"""Embeds: the framed `/embed/` page, the embed builder, and the `_headers` file.

The logic is in `generator.embeds.options`; this module only wraps it as producers for `build.plan`.
"""

from __future__ import annotations

from generator.contract.catalog import Catalog
from generator.embeds.options import BUILDER_SRC, EMBED_SRC, HEADERS_PATH, builder_context, embed_context, headers_text
from generator.build.products import BuildSettings, GeneratedPage

BUILDER_INTRO = ("Show listings from this directory on your organisation's website: choose what to show, "
                 "check the preview, and copy one line of HTML into your page.")


def embed_pages(catalog: Catalog, settings: BuildSettings) -> list[GeneratedPage]:
    return [
        GeneratedPage(src_uri=EMBED_SRC, title="Peer support listings", template="directory/embed.html",
                      context=embed_context(catalog),
                      description="Peer support listings from the Peer Support Directory, for other sites to embed.",
                      whole_document=True),
        GeneratedPage(src_uri=BUILDER_SRC, title="Embed listings on your site", template="directory/embed-builder.html",
                      context={**builder_context(catalog, settings.site_url), "builder_intro": BUILDER_INTRO},
                      description=BUILDER_INTRO, searchable=True),
    ]


def headers_file(catalog: Catalog, settings: BuildSettings) -> dict[str, bytes]:
    return {HEADERS_PATH: headers_text().encode("utf-8")}

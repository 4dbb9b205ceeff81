"""Browse pages: all listings of a kind, and by topic, audience, country, region and attendance.

Rendered by theme/directory/browse.html. Each page lists rows (a listing's name and one line of
facts) grouped by kind, PAGE_SIZE to a page; index pages
list the values with their counts. Closed listings are left out (their pages remain).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

from generator.contract.catalog import Catalog
from generator.contract.models import Listing
from generator.pages.common import browsable
from generator.pages.presentation import country_name, region_name
from generator.build.products import BuildSettings, GeneratedPage
from generator.kinds import LISTING_KINDS

KIND_TITLES = {kind.code: kind.title for kind in LISTING_KINDS}


# Rows on one page: a browse page stays light on a phone however large the directory grows
# (about 40 KB of HTML, 9 KB compressed), and each page's frame is paid for 200 rows, not 100.
PAGE_SIZE = 200
# Page numbers shown either side of the current one, besides the first and the last.
NEAR_PAGES = 2
KIND_ORDER = {kind: position for position, kind in enumerate(KIND_TITLES)}


def _sections(listings: list[Listing]) -> list[dict[str, Any]]:
    by_kind: dict[str, list[Listing]] = defaultdict(list)
    for listing in listings:
        by_kind[listing.kind].append(listing)
    return [{"kind": kind, "title": KIND_TITLES[kind], "listings": by_kind[kind]} for kind in KIND_TITLES if by_kind[kind]]


def page_uri(src: str, number: int) -> str:
    """'topics/grief.md' for the first page, then 'topics/grief/pages/2.md'."""
    if number == 1:
        return src
    base = src.removesuffix(".md").removesuffix("/index")
    return f"{base}/pages/{number}.md"


def _url(src: str) -> str:
    """The site-relative URL of a page source: 'groups/index.md' -> 'groups/', 'topics/grief.md' -> 'topics/grief/'."""
    return src.removesuffix("index.md") if src.endswith("/index.md") else src.removesuffix(".md") + "/"


def page_numbers(number: int, count: int) -> list[int | None]:
    """The page numbers a list of pages links to: the first, the last, and NEAR_PAGES either
    side of `number`, in order; None where numbers are left out (shown as "…")."""
    shown = sorted({1, count, *range(max(1, number - NEAR_PAGES), min(count, number + NEAR_PAGES) + 1)})
    out: list[int | None] = []
    for value in shown:
        if out and value - (out[-1] or 0) > 1:
            out.append(None)
        out.append(value)
    return out


def _pages(src: str, title: str, intro: str, shown: list[Listing], **extra: Any) -> list[GeneratedPage]:
    """The rows of `shown` (browsable, in their order) grouped by kind, PAGE_SIZE to a page, with links between pages."""
    total = len(shown)
    count = max(1, -(-total // PAGE_SIZE))
    pages = []
    for number in range(1, count + 1):
        chunk = shown[(number - 1) * PAGE_SIZE: number * PAGE_SIZE]
        pagination = None
        if count > 1:
            pagination = {
                "number": number, "count": count, "first": (number - 1) * PAGE_SIZE + 1, "last": (number - 1) * PAGE_SIZE + len(chunk),
                "previous": _url(page_uri(src, number - 1)) if number > 1 else None,
                "next": _url(page_uri(src, number + 1)) if number < count else None,
                "pages": [{"number": n, "url": _url(page_uri(src, n)) if n else None} for n in page_numbers(number, count)],
            }
        context = {"browse_intro": intro, "browse_sections": _sections(chunk), "browse_count": total, "browse_pagination": pagination, **extra}
        if number > 1:
            context.pop("browse_links", None)  # sub-areas are listed on the first page only
        # Pages of cards stay out of Material's full-text index: at thousands of listings it would
        # carry every summary several times over. The finder searches listings instead.
        pages.append(GeneratedPage(src_uri=page_uri(src, number), title=title if number == 1 else f"{title} (page {number} of {count})",
                                   template="directory/browse.html", context=context, description=intro))
    return pages


def _index(src: str, title: str, intro: str, links: list[dict[str, Any]]) -> GeneratedPage:
    return GeneratedPage(src_uri=src, title=title, template="directory/browse.html",
                         context={"browse_intro": intro, "browse_links": links}, description=intro, searchable=True)


def _facet_pages(
    catalog: Catalog, folder: str, title: str, intro: str, values: Callable[[Listing], Iterable[str]],
    label: Callable[[str], str], shown: list[Listing], always: Iterable[str] = (),
) -> list[GeneratedPage]:
    """A page (or pages) per value of a facet, of the listings with it, and an index of the values."""
    members: dict[str, list[Listing]] = defaultdict(list)
    for listing in shown:
        for value in values(listing):
            members[value].append(listing)
    for value in always:
        members.setdefault(value, [])
    pages = [
        page
        for value in sorted(members)
        for page in _pages(f"{folder}/{value}.md", label(value), f"{title}: {label(value)}.", members[value], browse_parent=(title, f"{folder}/"))
    ]
    links = [{"label": label(v), "url": f"{folder}/{v}/", "count": len(members[v])} for v in sorted(members, key=lambda v: label(v).casefold())]
    pages.append(_index(f"{folder}/index.md", title, intro, links))
    return pages


def _country_pages(shown: list[Listing]) -> list[GeneratedPage]:
    by_country: dict[str, list[Listing]] = defaultdict(list)
    by_region: dict[str, list[Listing]] = defaultdict(list)
    for listing in shown:
        for country in listing.countries:
            by_country[country].append(listing)
        for region in listing.regions:
            by_region[region].append(listing)
    pages = []
    for country in sorted(by_country):
        regions = sorted((r for r in by_region if r.startswith(country + "-")), key=lambda r: region_name(r).casefold())
        region_links = [{"label": region_name(r), "url": f"countries/{country.lower()}/{r.split('-', 1)[1].lower()}/", "count": len(by_region[r])} for r in regions]
        pages += _pages(f"countries/{country.lower()}.md", country_name(country), f"Peer support in {country_name(country)}.",
                        by_country[country], browse_links=region_links, browse_parent=("Countries", "countries/"))
        for region in regions:
            pages += _pages(f"countries/{country.lower()}/{region.split('-', 1)[1].lower()}.md", region_name(region),
                            f"Peer support in {region_name(region)}, {country_name(country)}.", by_region[region],
                            browse_parent=(country_name(country), f"countries/{country.lower()}/"))
    links = [{"label": country_name(c), "url": f"countries/{c.lower()}/", "count": len(by_country[c])} for c in sorted(by_country, key=lambda c: country_name(c).casefold())]
    pages.append(_index("countries/index.md", "Countries", "Listings by the country they serve or count in.", links))
    return pages


def browse_pages(catalog: Catalog, settings: BuildSettings) -> list[GeneratedPage]:
    # Sorted once: every list below is a part of this one, taken in its order (at 10,000
    # listings, sorting each list again was most of the browse pages' planning).
    shown = browsable(catalog.listings, KIND_ORDER)
    pages = [
        page
        for kind in LISTING_KINDS
        for page in _pages(f"{kind.folder}/index.md", kind.title, kind.intro, [item for item in shown if item.kind == kind.code], browse_kind=kind.code)
    ]
    vocab = catalog.vocabularies
    pages += _facet_pages(catalog, "topics", "Topics", "Listings by what they are about.",
                          lambda item: item.topics, lambda t: vocab["topics"].terms[t].label, shown)
    pages += _facet_pages(catalog, "audiences", "Who it is for", "Listings by who they are for.",
                          lambda item: item.audiences, lambda t: vocab["audiences"].terms[t].label, shown)
    pages += _facet_pages(catalog, "attendance", "How to take part", "Groups and training by how people take part: in person, online, hybrid or by phone.",
                          lambda item: getattr(item, "attendance", None) or getattr(item, "format", []),
                          lambda t: vocab["attendance"].terms[t].label, shown, always=sorted(vocab["attendance"].terms))
    pages += _country_pages(shown)
    return pages

"""Browse pages: all listings of a kind, and by topic, audience, country, region and attendance.

Rendered by theme/directory/browse.html. Each page lists cards grouped by kind; index pages
list the values with their counts. Closed listings are left out (their pages remain).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

from generator.catalog import Catalog
from generator.models import Listing
from generator.pages.common import browsable
from generator.presentation import country_name, region_name
from generator.site_plan import BuildSettings, GeneratedPage

KIND_TITLES = {"group": "Support groups", "advocate": "Advocates", "training": "Training"}
KIND_INTROS = {
    "group": "Peer support groups that meet in person, online, in hybrid form or by phone.",
    "advocate": "People and organisations sharing lived experience online. Read the content notes before you follow.",
    "training": "Programmes to become a peer specialist or peer support worker, and where they count towards certification.",
}


def _sections(listings: Iterable[Listing]) -> list[dict[str, Any]]:
    by_kind: dict[str, list[Listing]] = defaultdict(list)
    for listing in browsable(list(listings)):
        by_kind[listing.kind].append(listing)
    return [{"kind": kind, "title": KIND_TITLES[kind], "listings": by_kind[kind]} for kind in KIND_TITLES if by_kind[kind]]


def _page(src: str, title: str, intro: str, listings: Iterable[Listing], **extra: Any) -> GeneratedPage:
    sections = _sections(listings)
    context = {"browse_intro": intro, "browse_sections": sections, "browse_count": sum(len(s["listings"]) for s in sections), **extra}
    # Pages of cards stay out of Material's full-text index: at thousands of listings it would
    # carry every summary several times over. The finder searches listings instead.
    return GeneratedPage(src_uri=src, title=title, template="directory/browse.html", context=context, description=intro)


def _index(src: str, title: str, intro: str, links: list[dict[str, Any]]) -> GeneratedPage:
    return GeneratedPage(src_uri=src, title=title, template="directory/browse.html",
                         context={"browse_intro": intro, "browse_links": links}, description=intro, searchable=True)


def _facet_pages(
    catalog: Catalog, folder: str, title: str, intro: str, values: Callable[[Listing], Iterable[str]],
    label: Callable[[str], str], listings: list[Listing], always: Iterable[str] = (),
) -> list[GeneratedPage]:
    members: dict[str, list[Listing]] = defaultdict(list)
    for listing in listings:
        if listing.status == "closed":
            continue
        for value in values(listing):
            members[value].append(listing)
    for value in always:
        members.setdefault(value, [])
    pages = [
        _page(f"{folder}/{value}.md", label(value), f"{title}: {label(value)}.", members[value], browse_parent=(title, f"{folder}/"))
        for value in sorted(members)
    ]
    links = [{"label": label(v), "url": f"{folder}/{v}/", "count": len(browsable(members[v]))} for v in sorted(members, key=lambda v: label(v).casefold())]
    pages.append(_index(f"{folder}/index.md", title, intro, links))
    return pages


def _country_pages(catalog: Catalog) -> list[GeneratedPage]:
    by_country: dict[str, list[Listing]] = defaultdict(list)
    by_region: dict[str, list[Listing]] = defaultdict(list)
    for listing in catalog.listings:
        if listing.status == "closed":
            continue
        for country in listing.countries:
            by_country[country].append(listing)
        for region in listing.regions:
            by_region[region].append(listing)
    pages = []
    for country in sorted(by_country):
        regions = sorted((r for r in by_region if r.startswith(country + "-")), key=lambda r: region_name(r).casefold())
        region_links = [{"label": region_name(r), "url": f"countries/{country.lower()}/{r.split('-', 1)[1].lower()}/", "count": len(browsable(by_region[r]))} for r in regions]
        pages.append(_page(f"countries/{country.lower()}.md", country_name(country), f"Peer support in {country_name(country)}.",
                           by_country[country], browse_links=region_links, browse_parent=("Countries", "countries/")))
        for region in regions:
            pages.append(_page(f"countries/{country.lower()}/{region.split('-', 1)[1].lower()}.md", region_name(region),
                               f"Peer support in {region_name(region)}, {country_name(country)}.", by_region[region],
                               browse_parent=(country_name(country), f"countries/{country.lower()}/")))
    links = [{"label": country_name(c), "url": f"countries/{c.lower()}/", "count": len(browsable(by_country[c]))} for c in sorted(by_country, key=lambda c: country_name(c).casefold())]
    pages.append(_index("countries/index.md", "Countries", "Listings by the country they serve or count in.", links))
    return pages


def browse_pages(catalog: Catalog, settings: BuildSettings) -> list[GeneratedPage]:
    pages = [
        _page(f"{folder}/index.md", KIND_TITLES[kind], KIND_INTROS[kind], listings, browse_kind=kind)
        for folder, kind, listings in (("groups", "group", catalog.groups), ("advocates", "advocate", catalog.advocates), ("training", "training", catalog.training))
    ]
    vocab = catalog.vocabularies
    pages += _facet_pages(catalog, "topics", "Topics", "Listings by what they are about.",
                          lambda item: item.topics, lambda t: vocab["topics"].terms[t].label, catalog.listings)
    pages += _facet_pages(catalog, "audiences", "Who it is for", "Listings by who they are for.",
                          lambda item: item.audiences, lambda t: vocab["audiences"].terms[t].label, catalog.listings)
    pages += _facet_pages(catalog, "attendance", "How to take part", "Groups and training by how people take part: in person, online, hybrid or by phone.",
                          lambda item: getattr(item, "attendance", None) or getattr(item, "format", []),
                          lambda t: vocab["attendance"].terms[t].label, catalog.listings, always=sorted(vocab["attendance"].terms))
    pages += _country_pages(catalog)
    return pages

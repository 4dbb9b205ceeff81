"""What an embed (`/embed/`, the iframe of `embed.js` on an organisation's page) downloads, on an
already built site: for each address, the site's files it fetched until its listings show, and
their gzip size (level 6, as static hosts send them). Bytes are exact; no timing.

    .venv/bin/python -m benchmarks.embed --site /tmp/scale/n50000-s0/site

Run it on two builds (before and after a change) to compare them. Chromium, unthrottled, fresh
context and empty cache per address.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from benchmarks.finder import CHROMIUM, CHROMIUM_ARGS, gzip_size, serve_gzip, site_file

ADDRESSES = (
    "embed/?topic=grief",                 # the usual widget: one topic
    "embed/?lang=es&limit=20",            # one value, a page of 20
    "embed/?topic=grief&attend=online",   # two filters
    "embed/?q=grief",                     # a word
    "embed/?q=spanish%20anxiety&country=GB",  # words and a filter
    "embed/?limit=10",                    # the whole directory, first 10
)


def measure(browser: object, site: Path, base: str, address: str) -> tuple[list[str], int, int, str]:
    context = browser.new_context(viewport={"width": 360, "height": 740})  # type: ignore[attr-defined]
    page = context.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(base + address)
    page.wait_for_selector("[data-embed-state]", state="attached", timeout=600_000)
    status = page.locator("[data-embed-status]").inner_text()
    context.close()
    files = [f for f in (site_file(site, url) for url in requested) if f is not None]
    return [str(f.relative_to(site)) for f in files], sum(f.stat().st_size for f in files), sum(gzip_size(f) for f in files), status


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--site", type=Path, required=True)
    parser.add_argument("--verbose", action="store_true", help="list the files each address fetched")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    server = serve_gzip(args.site)
    print(f"{'address':<42} | {'files':>5} | {'KB raw':>9} | {'KB gzip':>8} | status")
    print("-" * 100)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for address in ADDRESSES:
            files, raw, gz, status = measure(browser, args.site, server.url, address)
            print(f"{address:<42} | {len(files):>5} | {raw / 1000:>9,.1f} | {gz / 1000:>8,.1f} | {status}")
            if args.verbose:
                for name in files:
                    print(f"    {name}")
        browser.close()
    server.httpd.shutdown()


if __name__ == "__main__":
    main()

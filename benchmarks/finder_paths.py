"""The finder's ways in, at 10,000 and 50,000 fictional listings, on a slow phone: what each
downloads before its first results, and when they come.

    .venv/bin/python -m benchmarks.finder_paths --sizes 10000 50000 --work /tmp/finder-bench

Issue 14: `/find/` downloads <= 1 MB gzip before its first results, first results <= 2.5 s at
4x CPU on slow 4G, and the header search obeys the same budget. Each path opens a fresh page
with an empty cache, as benchmarks/finder.py does (same site builds, same throttling, same gzip
server; `--work` reuses its builds):

- `find/`                 no query: first results from first.json;
- `find/?query=spanish`   a query in the address;
- `find/?country=GB`      a filter in the address;
- `find/?near=Chicago`    a place in the address;
- typed                   `find/`, then "spanish" typed as soon as the first results show: from
                          the first key to that query's results;
- header                  a guide page's header search: focus, type "spanish": from the focus
                          to the list of listings.

"First results" is when the count line and the first cards are drawn. A query's first page
draws the first screen's cards (5) as soon as their records are here and the page of 20 when
the rest are (finder-first.js): "whole first page" is when the 20 are drawn (the same time for
the ways in that draw a page at once).

"Before first results" counts each file (gzip, as sent) whose response ended before the
results were drawn (Resource Timing); "in flight" is what was still arriving then (docs.json
fetched at a low priority in the background, for example), counted whole.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from benchmarks.finder import CHROMIUM, CHROMIUM_ARGS, SLOW_4G, build, gzip_size, serve_gzip, site_file

WORD = "spanish"
BUDGET_BYTES = 1_000_000
BUDGET_MS = 2500
PATHS = ("find/", f"find/?query={WORD}", "find/?country=GB", "find/?near=Chicago", "typed", "header")

RESOURCES = """() => {
  const nav = performance.getEntriesByType('navigation')[0];
  return [[location.href, nav.responseEnd], ...performance.getEntriesByType('resource').map(e => [e.name, e.responseEnd])];
}"""


def open_throttled(browser: object, rate: float) -> tuple[object, object]:
    context = browser.new_context(viewport={"width": 360, "height": 740}, timezone_id="Europe/London")  # type: ignore[attr-defined]
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": rate})
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    cdp.send("Network.emulateNetworkConditions", SLOW_4G)
    return context, page


HEADER_WATCH = """() => {
  const list = document.querySelector('[data-psd-search-list]'), status = document.querySelector('[data-psd-search-status]');
  new MutationObserver((changes, observer) => {
    if (list.querySelector('li:not(.psd-search__all)') || /No listings/.test(status.textContent)) {
      observer.disconnect();
      window.__headerShown = performance.now();
    }
  }).observe(document.querySelector('[data-psd-search]'), {childList: true, subtree: true, characterData: true});
}"""


def poll(page: object, expression: str, timeout_s: float = 180) -> object:
    """The value of `expression` once truthy (the site's CSP forbids wait_for_function's eval)."""
    for _ in range(int(timeout_s * 20)):
        value = page.evaluate(expression)  # type: ignore[attr-defined]
        if value:
            return value
        page.wait_for_timeout(50)  # type: ignore[attr-defined]
    raise TimeoutError(expression)


def whole_page(page: object, path: str, first: float) -> float:
    """When the first page's 20 cards were all drawn (finder-first.js), in ms of the page's clock."""
    if path == "header":
        return first
    if path == "typed":
        expression = f"(window.__finderTimings.find(e => e.q === {WORD!r} && !e.screen) || {{}}).at"
    else:
        expression = "window.__finderFirstPage || (document.querySelector('[data-finder-state=ready]') && window.__finderFirstResults)"
    return max(first, poll(page, expression))  # type: ignore[arg-type]


def run_path(page: object, base: str, path: str) -> tuple[float, float]:
    """(start, first results) in ms of the page's clock, for one way in."""
    if path == "header":
        page.goto(base + "guides/join-a-group/")  # type: ignore[attr-defined]
        page.wait_for_load_state("load")  # type: ignore[attr-defined]
        page.evaluate(HEADER_WATCH)  # type: ignore[attr-defined]
        start = page.evaluate("performance.now()")  # type: ignore[attr-defined]
        page.focus("#psd-search-q")  # type: ignore[attr-defined]
        page.keyboard.type(WORD)  # type: ignore[attr-defined]
        return start, poll(page, "window.__headerShown")  # type: ignore[return-value]
    if path == "typed":
        page.goto(base + "find/")  # type: ignore[attr-defined]
        poll(page, "window.__finderFirstResults")
        start = page.evaluate("performance.now()")  # type: ignore[attr-defined]
        page.focus("[data-finder-q]")  # type: ignore[attr-defined]
        page.keyboard.type(WORD)  # type: ignore[attr-defined]
        # `at`: when that update ended (older finders did not say: then, when it was seen)
        return start, poll(page, f"(window.__finderTimings.find(e => e.q === {WORD!r}) || {{}}).at"
                                 f" || (window.__finderTimings.some(e => e.q === {WORD!r}) && performance.now())")  # type: ignore[return-value]
    page.goto(base + path)  # type: ignore[attr-defined]
    return 0.0, poll(page, "window.__finderFirstResults")  # type: ignore[return-value]


def measure_path(browser: object, site: Path, path: str, rate: float) -> dict:
    server = serve_gzip(site)
    try:
        context, page = open_throttled(browser, rate)
        start, first = run_path(page, server.url, path)
        whole = whole_page(page, path, first)
        page.wait_for_timeout(300)  # type: ignore[attr-defined]
        resources = page.evaluate(RESOURCES)  # type: ignore[attr-defined]
        context.close()  # type: ignore[attr-defined]
    finally:
        server.httpd.shutdown()
    before, later = {}, {}
    for url, ended in resources:
        file = site_file(site, url)
        if file is not None:
            (before if ended <= first else later)[file.relative_to(site).as_posix()] = gzip_size(file)
    return {"path": path, "ms": first - start, "page_ms": whole - start, "before": before, "later": later}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 50_000])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--rate", type=float, default=4.0)
    parser.add_argument("--work", type=Path, help="folder to keep builds in (benchmarks/finder.py's --work)")
    parser.add_argument("--paths", nargs="+", default=list(PATHS))
    parser.add_argument("--files", action="store_true", help="also list the files of each path")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    work = args.work or Path(tempfile.mkdtemp(prefix="finder-bench-"))
    rows = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for n in args.sizes:
            site, _ = build(work, n, args.seed, strict=False)
            for path in args.paths:
                row = measure_path(browser, site, path, args.rate)
                row["n"] = n
                rows.append(row)
                if args.files:
                    for name, size in sorted(row["before"].items(), key=lambda item: -item[1]):
                        print(f"  {n:>6}  {path:22} before  {size:9,d} B  {name}")
                    for name, size in sorted(row["later"].items(), key=lambda item: -item[1]):
                        print(f"  {n:>6}  {path:22} later   {size:9,d} B  {name}")
        browser.close()
    print(f"\nFinder ways in: headless Chromium, {args.rate:g}x CPU, slow 4G (1.6 Mbps, 150 ms RTT), gzip, empty cache, 360x740")
    header = ("listings", "way in", "bytes gz before first results", "in flight or later", "first results ms", "whole first page ms", "within 1 MB, 2.5 s")
    print(" | ".join(header))
    print(" | ".join("-" * len(h) for h in header))
    for row in rows:
        bytes_before = sum(row["before"].values())
        ok = bytes_before <= BUDGET_BYTES and row["ms"] <= BUDGET_MS
        cells = (f"{row['n']:,}", row["path"], f"{bytes_before:,}", f"{sum(row['later'].values()):,}", f"{row['ms']:.0f}", f"{row['page_ms']:.0f}", "yes" if ok else "no")
        print(" | ".join(c.rjust(len(h)) for c, h in zip(cells, header)))


if __name__ == "__main__":
    main()

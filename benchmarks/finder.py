"""Benchmark of the finder (find/) at 1,000 and 10,000 fictional listings, on a slow phone.

    .venv/bin/python -m benchmarks.finder                 # 1,000 and 10,000 listings
    .venv/bin/python -m benchmarks.finder --sizes 1000 --work /tmp/finder-bench

For each size: writes a fictional directory (benchmarks.fictional), builds the site with the
project's mkdocs.yml (tests/fictional.write_site_config), serves it locally with gzip (as
any static host does) and opens find/ in headless Chromium as a mid-range phone on slow 4G:
4x CPU throttling (CDP Emulation.setCPUThrottlingRate) and 1.6 Mbps down, 750 kbps up, 150 ms
round trip (CDP Network.emulateNetworkConditions), with an empty cache. It measures the time from
navigation to the first results (window.__finderFirstResults), the bytes downloaded (as sent,
gzip, by the page and by the finder's files), and, over 22 keystrokes 250 ms apart (network
unthrottled for them, CPU still 4x), for each keystroke:

- keystroke -> results (the target, "key->results"): from the input event reaching the page
  (a capture listener, before finder.js) to the end of the finder update that drew that text's
  results (window.__finderTimings `at`): the search, the filters, the order, the cards and the
  count line. When the text's words need a shard not yet here, that wait is included (the
  update runs when it arrives);
- keystroke -> counts ("key->counts"): to the end of drawing that text's facet counts
  (window.__finderCounts `at`), which follow the results in a task of their own while typing;
- "p95, shards here": the same p95 over the keystrokes whose results did not wait for a shard
  of the index (marked * in --verbose);
- the input handler ("handler"): from the input event to the end of its synchronous handling
  (a bubbling listener, after finder.js): what earlier versions of this benchmark called
  "input->done". It leaves out results that wait for a shard and counts drawn after.

finder.js' own update time is printed too ("update"), and with --verbose each index file fetched
while typing (a shard, a beginning's piece, one fetched ahead): when it was asked for after which
keystroke, its fetch (to its last byte, resource timing) and its parse (to its JSON, which waits
for the main thread), and each merge of the files into the searcher.

It also prints where the time to first results goes ("stages", ms from navigation): when the
HTML, first.json (the first page, shown before docs.json), docs.json, finder.js and Material's bundle arrived, when the finder's script ran, when the
records were parsed and loaded, and the first results. The server speaks HTTP/1.1 with
keep-alive, as static hosts do (HTTP/2 hosts do better still: no limit of six connections).

Targets (issue 11): first results <= 1.5 s at 1,000 listings and <= 2.5 s at 10,000; at 10,000
listings <= 1 MB gzip in all and <= 50 ms a keystroke. `--no-network` measures without the
network throttling (CPU only), as earlier versions of this benchmark did.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))

from benchmarks.fictional import write_fictional_directory  # noqa: E402
from conftest import CHROMIUM, CHROMIUM_ARGS, Server  # noqa: E402
from fictional import write_site_config  # noqa: E402

SLOW_4G = {"offline": False, "latency": 150, "downloadThroughput": 1_600_000 / 8, "uploadThroughput": 750_000 / 8}
FIRST_TARGETS_MS = {1000: 1500, 10_000: 2500}
TYPED = "support anxiety london"  # 22 keystrokes; common words first, the worst case
BUDGET_BYTES = 1_000_000
BUDGET_MS = 50.0
FINDER_FILES = ("api/finder/", "assets/finder", "find/")

OBSERVER = """
window.__bench = {inputs: [], handled: []};
document.addEventListener("input", () => window.__bench.inputs.push(performance.now()), true);
document.addEventListener("input", () => window.__bench.handled.push(performance.now()), false);
"""

def build(work: Path, n: int, seed: int, strict: bool) -> tuple[Path, float]:
    folder = work / f"n{n}"
    site = folder / "site"
    if (site / "find" / "index.html").exists():
        return site, float("nan")
    directory = folder / "directory"
    if not directory.exists():
        write_fictional_directory(directory, n, seed)
    config = write_site_config(folder, directory)
    started = time.perf_counter()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "build", "-q", *(["--strict"] if strict else []), "-f", str(config)]
    result = subprocess.run(command, capture_output=True, text=True, env=env, cwd=folder)
    if result.returncode != 0:
        raise SystemExit(f"mkdocs build failed for {n} listings:\n{result.stderr[-4000:]}")
    return site, time.perf_counter() - started


@functools.lru_cache(maxsize=None)
def gzipped(path: Path) -> bytes:
    return gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)


def gzip_size(path: Path) -> int:
    return len(gzipped(path))


class _GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, gzip-compressed for clients that accept it (text types), as hosts serve them,
    over kept-alive HTTP/1.1 connections (http.server's default, HTTP/1.0, opens a connection per
    file, which no static host does)."""

    protocol_version = "HTTP/1.1"

    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, ".js": "text/javascript", ".json": "application/json"}
    COMPRESSIBLE = (".html", ".js", ".css", ".json", ".svg", ".xml", "/")

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if "gzip" not in self.headers.get("Accept-Encoding", "") or not path.is_file() or not self.path.split("?")[0].endswith(self.COMPRESSIBLE):
            return super().do_GET()
        body = gzipped(path)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def serve_gzip(root: Path) -> Server:
    handler = functools.partial(_GzipHandler, directory=str(root))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return Server(root, f"http://127.0.0.1:{httpd.server_address[1]}/", httpd)


def site_file(site: Path, url: str) -> Path | None:
    path = urlsplit(url).path.lstrip("/")
    candidate = site / path
    if candidate.is_dir() or path.endswith("/") or not path:
        candidate = candidate / "index.html"
    return candidate if candidate.is_file() else None


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def percentile(values: list[float], fraction: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))]


def measure(browser: object, site: Path, rate: float, network: bool) -> dict:
    server = serve_gzip(site)
    try:
        context = browser.new_context(viewport={"width": 360, "height": 740}, timezone_id="Europe/London")  # type: ignore[attr-defined]
        page = context.new_page()
        fetched: list[str] = []
        page.on("requestfinished", lambda request: fetched.append(request.url))
        cdp = context.new_cdp_session(page)
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": rate})
        if network:
            cdp.send("Network.enable")
            cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
            cdp.send("Network.emulateNetworkConditions", SLOW_4G)
        page.goto(server.url + "find/")
        page.wait_for_selector("[data-finder-state=ready]", timeout=120_000)
        first = page.evaluate("window.__finderFirstResults")
        # Where the time to first results goes: each file's arrival, then parsing, then the first update.
        stages = page.evaluate("""(() => {
          const out = {}, entries = performance.getEntriesByType('resource');
          for (const e of entries) {
            const name = e.name.split('/').slice(-1)[0];
            if (/^(first|docs|index)\\.json$|^lunr\\.js$|^bundle\\..*\\.js$|^finder\\.js$/.test(name)) out[name] = Math.round(e.responseEnd);
          }
          const nav = performance.getEntriesByType('navigation')[0];
          out.html = Math.round(nav.responseEnd);
          out.domContentLoaded = Math.round(nav.domContentLoadedEventEnd);
          const s = window.__finderStart || {};
          out.finderRuns = Math.round(s.started); out.jsonParsed = Math.round(s.fetched); out.indexLoaded = Math.round(s.loaded); out.first = Math.round(s.first);
          return out;
        })()""")
        page.wait_for_load_state("networkidle")
        if network:  # keystrokes are measured on the CPU alone
            cdp.send("Network.emulateNetworkConditions", {**SLOW_4G, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1})
        page.evaluate(OBSERVER)
        page.evaluate("window.__finderTimings.length = 0")
        page.focus("[data-finder-q]")
        for char in TYPED:
            page.keyboard.type(char)
            page.wait_for_timeout(250)
        entries = page.evaluate("window.__finderTimings")
        # Each index file fetched while typing: when asked, its bytes in (resource timing), parsed.
        loads = page.evaluate("""(() => {
          const got = performance.getEntriesByType('resource').filter(e => e.name.includes('/api/finder/'));
          return (window.__searchLoads || []).map(l => {
            const r = got.find(e => e.name.split('/').pop() === l.name + '.json' && e.startTime >= l.asked - 1);
            return {...l, responseEnd: r ? r.responseEnd : null};
          });
        })()""")
        counts = page.evaluate("window.__finderCounts || []")
        timings = [entry["ms"] for entry in entries]
        bench = page.evaluate("window.__bench")
        results = page.inner_text("[data-finder-count]")
        context.close()
    finally:
        server.httpd.shutdown()
    files = {}
    for url in dict.fromkeys(fetched):
        path = site_file(site, url)
        if path is not None:
            files[path.relative_to(site).as_posix()] = gzip_size(path)
    # input -> handled: from the input event reaching the page (capture, before finder.js) to
    # the end of its handling (bubbling, after finder.js has searched and updated the DOM).
    latencies = [done - start for start, done in zip(bench["inputs"], bench["handled"])]
    to_results, to_counts, waited = keystroke_latencies(bench["inputs"], entries, counts)
    here = [ms for ms, wait in zip(to_results, waited) if not wait]
    finder_bytes = sum(size for path, size in files.items() if path.startswith(FINDER_FILES))
    return {
        "files": files, "total": sum(files.values()), "finder": finder_bytes, "first": first,
        "update_median": statistics.median(timings), "update_p95": percentile(timings, 0.95),
        "dom_median": statistics.median(latencies) if latencies else float("nan"),
        "dom_p95": percentile(latencies, 0.95) if latencies else float("nan"),
        "keystrokes": len(timings), "results": results, "entries": entries, "stages": stages,
        # (a finder older than window.__finderCounts drew its counts with its results)
        "results_median": median(to_results), "results_p95": percentile(to_results, 0.95),
        "counts_median": median(to_counts or to_results), "counts_p95": percentile(to_counts or to_results, 0.95),
        "to_results": to_results, "to_counts": to_counts, "waited": waited, "here_p95": percentile(here, 0.95),
        "loads": [load for load in loads if load["asked"] >= bench["inputs"][0]] if bench["inputs"] else [],
        "inputs": bench["inputs"],
    }


def keystroke_latencies(inputs: list[float], entries: list[dict], counts: list[dict]) -> tuple[list[float], list[float], list[bool]]:
    """Per keystroke, ms from its input event to the end of the update that drew its text's
    results, and to the end of drawing its text's counts (the first such after the event; a
    keystroke whose text was never drawn, because the next key came before its shard, counts
    until the next results drawn after it); and whether its results waited for a shard."""
    to_results, to_counts, waited = [], [], []
    for i, start in enumerate(inputs):
        text = TYPED[: i + 1].strip()
        drawn = [e for e in entries if e["q"] == text and e["at"] >= start and not e.get("first")]
        # never drawn (the next key came before its shard): until the screen's next results
        drawn = drawn or [{**e, "waited": True} for e in entries if e["at"] >= start and not e.get("first")]
        counted = [e["at"] for e in counts if e["q"] == text and e["at"] >= start]
        counted = counted or [e["at"] for e in counts if e["at"] >= start]
        if drawn:
            first = min(drawn, key=lambda e: e["at"])
            to_results.append(first["at"] - start)
            waited.append(bool(first.get("waited")))
        if counted:
            to_counts.append(min(counted) - start)
    return to_results, to_counts, waited


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--rate", type=float, default=4.0, help="CPU throttling rate (4 = a mid-range phone)")
    parser.add_argument("--work", type=Path, help="folder to keep builds in (reused when present)")
    parser.add_argument("--strict", action="store_true", help="build with mkdocs --strict")
    parser.add_argument("--no-network", dest="network", action="store_false", help="no network throttling (CPU only)")
    parser.add_argument("--files", action="store_true", help="also list every file fetched")
    parser.add_argument("--verbose", action="store_true", help="also print each keystroke's timings")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    work = args.work or Path(tempfile.mkdtemp(prefix="finder-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    rows = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for n in args.sizes:
            site, seconds = build(work, n, args.seed, args.strict)
            row = measure(browser, site, args.rate, args.network)
            row["n"], row["build"] = n, seconds
            rows.append(row)
            if args.verbose:
                print(f"  {n:>6}  key->results ms: " + " ".join(f"{v:.0f}" + ("*" if w else "") for v, w in zip(row["to_results"], row["waited"]))
                      + "   (* waited for a shard of the index)")
                print(f"  {n:>6}  key->counts ms:  " + " ".join(f"{v:.0f}" for v in row["to_counts"]))
                for load in row["loads"]:  # index files fetched while typing, and merges
                    key = max((i for i, start in enumerate(row["inputs"]) if start <= load["asked"]), default=0)
                    got = load["responseEnd"]
                    split = (f"fetch {got - load['asked']:6.1f} ms, parse {load['parsed'] - got:6.1f} ms" if got
                             else f"{load['parsed'] - load['asked']:6.1f} ms")
                    size = row["files"].get(f"api/finder/index/{load['name']}.json")
                    print(f"  {n:>6}  after {TYPED[: key + 1]!r:26} {load['name']:>10}: {split}"
                          + (f" ({size / 1000:.1f} kB gz)" if size else ""))
                for entry in row["entries"]:
                    print(f"  {n:>6}  {entry['q']!r:26} {entry['n']:>6} results  update {entry['ms']:6.1f} ms"
                          f" (search {entry['search']:.1f}, facets {entry['compute']:.1f}, render {entry['render']:.1f})")
            print(f"  {n:>6}  stages (ms from navigation): " + ", ".join(f"{k} {v}" for k, v in sorted(row["stages"].items(), key=lambda kv: kv[1])))
            if args.files:
                for path, size in sorted(row["files"].items(), key=lambda item: -item[1]):
                    print(f"  {n:>6}  {size / 1000:9.1f} kB  {path}")
        browser.close()
    network = "slow 4G (1.6 Mbps, 150 ms RTT), gzip, empty cache" if args.network else "no network throttling"
    print(f"\nFinder benchmark: headless Chromium, {args.rate:g}x CPU throttling, {network}, 360x740, typing {TYPED!r}")
    header = ("listings", "build s", "finder kB gz", "page total kB gz", "first results ms",
              "key->results med ms", "key->results p95 ms", "p95, shards here ms", "key->counts med ms", "key->counts p95 ms",
              "handler med ms", "handler p95 ms", "update p95 ms", "keys")
    print(" | ".join(header))
    print(" | ".join("-" * len(h) for h in header))
    for row in rows:
        cells = (f"{row['n']:,}", f"{row['build']:.0f}", f"{row['finder'] / 1000:.0f}", f"{row['total'] / 1000:.0f}",
                 f"{row['first']:.0f}", f"{row['results_median']:.1f}", f"{row['results_p95']:.1f}", f"{row['here_p95']:.1f}",
                 f"{row['counts_median']:.1f}", f"{row['counts_p95']:.1f}",
                 f"{row['dom_median']:.1f}", f"{row['dom_p95']:.1f}", f"{row['update_p95']:.1f}", f"{len(row['to_results'])}/{len(TYPED)}")
        print(" | ".join(c.rjust(len(h)) for c, h in zip(cells, header)))
    for row in rows:
        target = FIRST_TARGETS_MS.get(row["n"])
        if target and args.network:
            print(f"First results at {row['n']:,} listings: {row['first']:.0f} ms ({'within' if row['first'] <= target else 'OVER'} {target} ms).")
    largest = rows[-1]
    ok_bytes = largest["total"] <= BUDGET_BYTES
    ok_ms = largest["results_p95"] <= BUDGET_MS
    print(f"\nAt {largest['n']:,} listings: downloads {largest['total'] / 1000:.0f} kB gzip "
          f"({'within' if ok_bytes else 'OVER'} 1 MB); keystroke to results p95 {largest['results_p95']:.1f} ms "
          f"({'within' if ok_ms else 'OVER'} 50 ms; {largest['here_p95']:.1f} ms for keystrokes whose shards were here); "
          f"to counts p95 {largest['counts_p95']:.1f} ms.")


if __name__ == "__main__":
    main()

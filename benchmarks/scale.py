"""Scale: the site at N fictional listings, against the limits of issue 14.

    .venv/bin/python -m benchmarks.scale                          # N = 10,000 and 50,000
    .venv/bin/python -m benchmarks.scale --sizes 2000 --breakdown # one size, where the bytes are
    .venv/bin/python -m benchmarks.scale --sizes 10000 --work /tmp/scale --no-plain

For each N, on a fictional directory from `benchmarks.fictional.write_fictional_directory(root,
n, seed)` (kept under --work, so a second run reuses it), in fresh processes:

- build time of the site (`mkdocs build`) and of plain mkdocs-material building N one-paragraph
  pages (benchmarks/build.py), side by side, each into a new site folder, and their ratio (target <= 0.8 at 50,000); and the
  CPU time of each (with its workers), which a busy shared machine disturbs less than wall time,
  and its system time. Both builds start with no files deleted in the last minutes (--settle):
  on a file system without a journal, as this machine's, ext4 skips every inode freed in the
  last 60 s, or 360 s while its table block has unwritten changes (which a build's new files
  make), each time it makes a file (fs/ext4/ialloc.c, recently_deleted), so a build after the
  last run's site was deleted paid up to 30 s more system time, and more than plain Material,
  whose build came later after the deletion;
- peak memory per process: the build's own process (getrusage RUSAGE_SELF) and its largest
  worker (RUSAGE_CHILDREN: the largest maximum resident set of the processes it forked and
  waited for; every worker is waited for) (target <= 1,024 MiB each);
- site size and file count: every file under site_dir, as written (target <= 1,000 MB), built
  for a published address (--site-url) as the publish workflow does;
- finder bytes: gzip size (level 6, as static hosts send) of what /find/ loads before its first
  results: the page, its stylesheets and scripts, and what it preloads. Static count only; the
  throttled first-results time is `benchmarks.finder`'s (Chromium on slow 4G);
- `peerdir validate FILE` for one group file: best wall time and CPU time of the command over 8
  runs, after a first run that fills its index and writes the compiled modules, as a
  contributor's Python keeps them (a PYTHONDONTWRITEBYTECODE in the environment is dropped for
  it) (target <= 0.5 s);
- serve reload (N <= --serve-up-to, default 10,000): `mkdocs serve` on the directory, one
  listing's name changed on disk, time until the server's page shows the new name (target <= 3 s).

--breakdown adds where the bytes are: by file type, by top folder, and HTML by kind of page
(listing pages, kind lists, facet pages, others).
"""

from __future__ import annotations

import argparse
import gzip
import os
import re
import resource
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))

from benchmarks.build import measure, plain_site  # noqa: E402
from benchmarks.fictional import write_fictional_directory  # noqa: E402
from fictional import write_site_config  # noqa: E402

MB = 1_000_000
MIB = 1024 * 1024
# As published: with an address the build writes a sitemap, canonical links and absolute URLs.
SITE_URL = "https://peer-support-directory.example.org/"
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def directory_for(work: Path, n: int, seed: int, site_url: str | None) -> tuple[Path, Path]:
    """The fictional directory of n listings and its mkdocs.yml, written once per work folder."""
    folder = work / f"n{n}-s{seed}"
    directory = folder / "directory"
    done = folder / ".written"
    if not done.exists():
        if directory.exists():
            subprocess.run(["rm", "-rf", str(directory)], check=True)
        write_fictional_directory(directory, n, seed=seed)
        done.touch()
    return directory, write_site_config(folder, directory, site_url=site_url or None)


def site_files(site: Path) -> list[tuple[str, int]]:
    return sorted((str(path.relative_to(site)), path.stat().st_size) for path in site.rglob("*") if path.is_file())


def _kind_of(path: str) -> str:
    name = path.rsplit("/", 1)[-1]
    return name.rsplit(".", 1)[-1] if "." in name else "(none)"


def breakdown(files: list[tuple[str, int]]) -> None:
    by_type: Counter[str] = Counter()
    by_folder: Counter[str] = Counter()
    count_type: Counter[str] = Counter()
    count_folder: Counter[str] = Counter()
    for path, size in files:
        kind = _kind_of(path)
        folder = path.split("/")[0] if "/" in path else "(root)"
        if folder == "api":
            folder = "/".join(path.split("/")[:3]) if path.count("/") >= 3 else "/".join(path.split("/")[:2])
        by_type[kind] += size
        count_type[kind] += 1
        by_folder[folder] += size
        count_folder[folder] += 1
    for title, sizes, counts in (("type", by_type, count_type), ("folder", by_folder, count_folder)):
        print(f"\n{'by ' + title:<32} | {'MB':>9} | {'files':>7} | {'KB/file':>8}")
        print("-" * 66)
        for key, size in sizes.most_common(18):
            print(f"{key:<32} | {size / MB:>9.2f} | {counts[key]:>7} | {size / counts[key] / 1000:>8.1f}")
    by_page: Counter[str] = Counter()
    count_page: Counter[str] = Counter()
    for path, size in files:
        page = _page_of(path)
        if page:
            by_page[page] += size
            count_page[page] += 1
    print(f"\n{'HTML by page kind':<32} | {'MB':>9} | {'pages':>7} | {'KB/page':>8}")
    print("-" * 66)
    for key, size in sorted(by_page.items()):
        print(f"{key:<32} | {size / MB:>9.2f} | {count_page[key]:>7} | {size / count_page[key] / 1000:>8.1f}")


_LISTING_FOLDERS = ("groups", "advocates", "training")
_FACET_FOLDERS = ("topics", "countries", "audiences", "attendance")


def _page_of(path: str) -> str | None:
    """Which kind of page an HTML file is: a listing's page, a kind's list, a facet page, or another."""
    if not path.endswith(".html"):
        return None
    parts = path.split("/")
    if parts[0] in _LISTING_FOLDERS:
        return "kind list pages" if len(parts) == 2 or parts[1] == "pages" else "listing pages"
    if parts[0] in _FACET_FOLDERS:
        return "facet pages"
    return "other pages"


_ASSET = re.compile(r'<(?:script[^>]*\ssrc|link[^>]*\shref)="([^"]+)"[^>]*>')


def finder_bytes(site: Path) -> int:
    """gzip bytes of /find/ and what it loads or preloads (scripts, stylesheets, data)."""
    page = site / "find" / "index.html"
    html = page.read_text(encoding="utf-8")
    total = len(gzip.compress(html.encode(), 6, mtime=0))
    seen: set[Path] = set()
    for match in _ASSET.finditer(html):
        tag, ref = match.group(0), match.group(1)
        if tag.startswith("<link") and not re.search(r'rel="(stylesheet|preload|modulepreload)"', tag):
            continue
        if ref.startswith(("http:", "https:", "data:", "//")):
            continue
        target = (page.parent / ref.split("?")[0].split("#")[0]).resolve()
        if target.is_file() and target not in seen:
            seen.add(target)
            total += len(gzip.compress(target.read_bytes(), 6, mtime=0))
    return total


def validate_file_seconds(directory: Path, runs: int = 8) -> tuple[float, float]:
    """Best wall time and best CPU time (user + system) of `peerdir validate FILE`, over `runs`
    runs after a first one (which fills the index of a directory it has not seen, and writes the
    compiled modules). CPU time is what the command costs whatever else the machine is doing;
    wall time is what one waits. The best of several, as a shared machine's load comes and goes."""
    # Python keeps compiled modules unless told not to; some sandboxes tell it not to, and then
    # every run compiles the generator's modules again, which no contributor's machine does.
    env = {key: value for key, value in ENV.items() if key != "PYTHONDONTWRITEBYTECODE"}
    groups = sorted((directory / "groups").glob("*.yml"))
    target = groups[len(groups) // 2]
    peerdir = Path(sys.executable).parent / "peerdir"
    best_wall = best_cpu = float("inf")
    for run in range(runs + 1):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        result = subprocess.run([str(peerdir), "--root", str(directory), "validate", str(target)],
                                capture_output=True, text=True, env=env, cwd=directory.parent)
        wall = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if result.returncode != 0:
            raise SystemExit(f"peerdir validate failed:\n{result.stdout[-2000:]}{result.stderr[-2000:]}")
        if run:
            best_wall = min(best_wall, wall)
            best_cpu = min(best_cpu, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return best_wall, best_cpu


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _page(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return ""


def _wait(url: str, text: str, seconds: float, step: float = 0.05) -> float:
    started = time.perf_counter()
    while time.perf_counter() - started < seconds:
        if text in _page(url):
            return time.perf_counter() - started
        time.sleep(step)
    raise SystemExit(f"{url} did not show {text!r} within {seconds} s")


@contextmanager
def serving(config: Path, listing: Path, env: dict[str, str] = ENV) -> Iterator[tuple[subprocess.Popen, str, Callable[[str], None]]]:
    """`mkdocs serve` of `config` on a free port: the server, the address of `listing`'s page, and
    `rename(marker)`, which saves the listing with the marker after its name. Afterwards the
    listing is as it was and the server stopped."""
    original = listing.read_text(encoding="utf-8")
    name = re.search(r"^name: (.+)$", original, re.M)
    assert name is not None
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-f", str(config), "-a", f"127.0.0.1:{port}"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, cwd=config.parent)

    def rename(marker: str) -> None:
        listing.write_text(original.replace(f"name: {name.group(1)}", f"name: {name.group(1)} {marker}", 1), encoding="utf-8")

    try:
        yield server, f"http://127.0.0.1:{port}/groups/{listing.stem}/", rename
    finally:
        listing.write_text(original, encoding="utf-8")
        server.terminate()
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            server.kill()


def served_name(listing: Path) -> str:
    """The listing's name as its page shows it (HTML-escaped)."""
    found = re.search(r"^name: (.+)$", listing.read_text(encoding="utf-8"), re.M)
    assert found is not None
    return found.group(1).replace("&", "&amp;")


def serve_reload_seconds(directory: Path, config: Path, edits: int = 3) -> list[float]:
    """Seconds from saving one listing (its name changed) to the served page showing it."""
    listing = sorted((directory / "groups").glob("*.yml"))[7]
    times = []
    with serving(config, listing) as (_, url, rename):
        _wait(url, served_name(listing), 900, step=0.5)
        for edit in range(edits):
            marker = f"Renamed{edit}"
            rename(marker)
            times.append(_wait(url, marker, 300))
            time.sleep(1.0)  # the server settles (livereload's own follow-up events)
    return times


def settle(seconds: float) -> None:
    """The deleted sites' inodes written out and out of ext4's "recently deleted" window (see
    the module docstring), so that neither build pays for the last run's deletions."""
    if seconds > 0:
        os.sync()
        time.sleep(seconds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 50_000])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--work", type=Path, default=Path("/tmp/psd-scale"))
    parser.add_argument("--site-url", default=SITE_URL, help="the address built for ('' for a local preview)")
    parser.add_argument("--no-plain", action="store_true", help="skip plain mkdocs-material (no ratio)")
    parser.add_argument("--serve-up-to", type=int, default=10_000, help="measure serve reload up to this N")
    parser.add_argument("--breakdown", action="store_true", help="where the bytes are, by type and folder")
    parser.add_argument("--settle", type=float, default=370.0,
                        help="seconds to wait after deleting the last run's sites, before building (0: none)")
    args = parser.parse_args()

    rows = []
    for n in args.sizes:
        directory, config = directory_for(args.work, n, args.seed, args.site_url)
        # Into a folder of its own, as plain Material's (plain_site starts afresh) and as `make
        # site` builds (generator/build/publish.py): not the time to delete the last run's files.
        subprocess.run(["rm", "-rf", str(config.parent / "site")], check=True)
        plain_config = None if args.no_plain else plain_site(args.work / f"plain-{n}", n)
        settle(args.settle)
        ours = measure(config)
        plain = None if plain_config is None else measure(plain_config)
        site = config.parent / "site"
        files = site_files(site)
        if args.breakdown:
            print(f"\n== {n:,} listings: {sum(s for _, s in files) / MB:,.1f} MB in {len(files):,} files")
            breakdown(files)
        validate = validate_file_seconds(directory)
        serve = serve_reload_seconds(directory, config) if n <= args.serve_up_to else []
        rows.append((n, ours, plain, files, finder_bytes(site), validate, serve))

    print(f"\n{'N':>7} | {'ours s':>7} | {'plain s':>7} | {'ratio':>5} | {'CPU s (sys) ours/plain':>22} | {'parent MiB':>10} | {'worker MiB':>10} | "
          f"{'plain MiB':>9} | {'site MB':>8} | {'files':>7} | {'/find/ KB gz':>12} | {'validate FILE s wall/cpu':>24} | {'reload s':>14}")
    print("-" * 182)
    for n, ours, plain, files, finder, validate, serve in rows:
        ratio = f"{ours['seconds'] / plain['seconds']:.2f}" if plain else "-"
        reload = "/".join(f"{seconds:.1f}" for seconds in serve) if serve else "-"
        cpu = "/".join(f"{run['cpu_seconds']:.0f} ({run['system_seconds']:.0f})" if run else "-" for run in (ours, plain))
        print(
            f"{n:>7} | {ours['seconds']:>7.1f} | {plain['seconds'] if plain else float('nan'):>7.1f} | {ratio:>5} | {cpu:>22} | "
            f"{ours['peak_mib']:>10.0f} | {ours['children_peak_mib']:>10.0f} | "
            f"{plain['peak_mib'] if plain else float('nan'):>9.0f} | {sum(s for _, s in files) / MB:>8.1f} | "
            f"{len(files):>7} | {finder / 1000:>12.0f} | {validate[0]:>15.2f}/{validate[1]:<8.2f} | {reload:>14}"
        )
    print("\nTargets (issue 14): ratio <= 0.80 at 50,000; every process <= 1,024 MiB; site <= 1,000 MB;"
          " validate FILE <= 0.5 s and reload <= 3 s at 10,000. /find/ bytes: static count, see benchmarks.finder.")


if __name__ == "__main__":
    main()

"""Serve reload at N fictional listings: `mkdocs serve`, then one listing saved again and again.

    .venv/bin/python -m benchmarks.serve_reload --size 10000 --work /tmp/scale --edits 5
    .venv/bin/python -m benchmarks.serve_reload --code /tmp/old-checkout ...   # another version's code
    .venv/bin/python -m benchmarks.serve_reload --move ...   # each save moves the listing in every order

The directory is `benchmarks.scale`'s (`benchmarks.fictional`, kept under --work). For the first
build and for each edit (one group's name changed on disk) it prints:

- wall: seconds from saving the file to the served page showing the new name (target <= 3 s at
  10,000 listings); a busy shared machine stretches it;
- CPU: the server's CPU seconds (its own and its waited-for workers') from saving to the page
  showing it, which a busy machine disturbs less;
- the server's resident memory after the edit, and its peak so far (its own process);

and the server's CPU per second while idle (what watching the directory costs).
With `--move`, each save puts a word before the name instead of after it ("Zz…", then "Aa…"), so
the listing moves from one end of every order to the other: the finder's refs shift and every
browse page of its topics, country and kind after its old place is made again (the costliest
kind of save); otherwise it keeps its place (the commonest kind: a typo mended).
`--code` runs the server with another checkout's `generator` first on PYTHONPATH (this
checkout's environment and benchmark), for a before-and-after on the same directory.
"""

from __future__ import annotations

import argparse
import os
import re
import time
from pathlib import Path

from benchmarks.scale import ENV, SITE_URL, _wait, directory_for, served_name, serving

TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    """User and system time of the process and of its children it has waited for."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return sum(int(value) for value in fields[11:15]) / TICK


def memory_mib(pid: int) -> tuple[int, int]:
    """Resident memory now and at its peak (VmRSS, VmHWM), MiB."""
    status = Path(f"/proc/{pid}/status").read_text()
    found = {key: int(re.search(key + r":\s+(\d+)", status).group(1)) // 1024 for key in ("VmRSS", "VmHWM")}  # type: ignore[union-attr]
    return found["VmRSS"], found["VmHWM"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--work", type=Path, default=Path("/tmp/psd-scale"))
    parser.add_argument("--edits", type=int, default=5)
    parser.add_argument("--code", type=Path, help="a checkout whose generator the server runs")
    parser.add_argument("--move", action="store_true", help="each save moves the listing to the other end of every order")
    args = parser.parse_args()

    directory, config = directory_for(args.work, args.size, args.seed, SITE_URL)
    listing = sorted((directory / "groups").glob("*.yml"))[7]
    env = {**ENV, "PYTHONPATH": str(args.code.resolve())} if args.code else ENV
    rows = []
    original = listing.read_text(encoding="utf-8")
    name = served_name(listing).replace("&amp;", "&")
    with serving(config, listing, env) as (server, url, rename):
        first = _wait(url, served_name(listing), 1800, step=0.5)
        rows.append(("first build", first, cpu_seconds(server.pid), *memory_mib(server.pid)))
        time.sleep(2.0)  # the server settles
        idle_from, idle_cpu = time.perf_counter(), cpu_seconds(server.pid)
        time.sleep(5.0)
        idle = (cpu_seconds(server.pid) - idle_cpu) / (time.perf_counter() - idle_from)
        for edit in range(args.edits):
            marker = f"{'Aa' if edit % 2 else 'Zz'}{edit}x" if args.move else f"Renamed{edit}x"
            before = cpu_seconds(server.pid)
            if args.move:
                listing.write_text(original.replace(f"name: {name}", f"name: {marker} {name}", 1), encoding="utf-8")
            else:
                rename(marker)
            wall = _wait(url, marker, 900)
            rows.append((f"edit {edit + 1}", wall, cpu_seconds(server.pid) - before, *memory_mib(server.pid)))
            time.sleep(2.0)  # live reload's follow-up events

    print(f"\nmkdocs serve at {args.size:,} listings ({args.code or 'this checkout'}{', moving' if args.move else ''}); idle: {idle:.3f} CPU s per s")
    print(f"{'':<12} | {'wall s':>7} | {'CPU s':>6} | {'RSS MiB':>7} | {'peak MiB':>8}")
    print("-" * 52)
    for label, wall, cpu, rss, peak in rows:
        print(f"{label:<12} | {wall:>7.2f} | {cpu:>6.2f} | {rss:>7} | {peak:>8}")


if __name__ == "__main__":
    main()

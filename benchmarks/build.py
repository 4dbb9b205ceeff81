"""Site build time: our directory of N fictional listings against plain mkdocs-material.

    .venv/bin/python benchmarks/build.py [--sizes 1000 10000]

For each N, in the same run and on the same machine, builds
- the site from N fictional listings (benchmarks/fictional.py) with the project's config, and
- plain mkdocs-material from N one-paragraph Markdown pages, navigation off (only the home
  page in the nav), search on,
each in a fresh process, and prints wall time, peak memory (max RSS of that process, and of its
largest forked worker) and time per listing, and the ratio of the two. `measure` and
`plain_site` are also used by benchmarks/scale.py. Target: ratio < 1.0 at 10,000.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))

from benchmarks.fictional import write_fictional_directory  # noqa: E402
from fictional import write_site_config  # noqa: E402

PARAGRAPH = (
    "A fictional peer support group for people living with grief, meeting every Tuesday evening "
    "in a quiet room. Everyone is welcome; you can listen without speaking. Run by volunteers "
    "with lived experience, free of charge, with step-free access."
)


def _child(config: str) -> None:
    """Build one site in this process and print its time and peak memory as JSON."""
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    start = time.perf_counter()
    build(load_config(config))
    seconds = time.perf_counter() - start
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # The largest of the processes the build forked and waited for (its workers); Linux reports
    # the maximum resident set of the largest one, not a sum.
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    own = resource.getrusage(resource.RUSAGE_SELF)
    # CPU time of the build and its workers: what the build costs whatever else the machine runs.
    cpu = own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime
    # Kernel time apart: on a file system without a journal, ext4 skips inodes deleted in the
    # last minutes when it creates files (fs/ext4/ialloc.c recently_deleted), so a build right
    # after deleting a large site pays for it in system time.
    system = own.ru_stime + children.ru_stime
    print(json.dumps({"seconds": seconds, "cpu_seconds": cpu, "system_seconds": system, "peak_mib": peak_kib / 1024,
                      "children_peak_mib": children.ru_maxrss / 1024}))


def measure(config: Path) -> dict[str, float]:
    result = subprocess.run(
        [sys.executable, __file__, "--child", str(config)],
        capture_output=True, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, check=False,
    )
    if result.returncode != 0:
        raise SystemExit(f"build failed for {config}:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def plain_site(folder: Path, n: int) -> Path:
    docs = folder / "docs"
    if folder.exists():
        shutil.rmtree(folder)
    docs.mkdir(parents=True)
    (docs / "index.md").write_text("# Fictional directory\n\nHome.\n", encoding="utf-8")
    for index in range(n):
        (docs / f"fictional-listing-{index:05d}.md").write_text(f"# Fictional listing {index}\n\n{PARAGRAPH}\n", encoding="utf-8")
    config = folder / "mkdocs.yml"
    config.write_text(
        "site_name: Plain\n"
        f"docs_dir: {docs}\n"
        f"site_dir: {folder / 'site'}\n"
        "theme:\n  name: material\n  font: false\n"
        "plugins:\n  - search\n"
        "nav:\n  - Home: index.md\n"
        "validation:\n  nav:\n    omitted_files: ignore\n",
        encoding="utf-8",
    )
    return config


def _directory_site(folder: Path, n: int) -> Path:
    directory = folder / "directory"
    write_fictional_directory(directory, n, seed=0)
    return write_site_config(folder, directory)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(args.child)
        return

    rows = []
    for n in args.sizes:
        with tempfile.TemporaryDirectory(prefix="psd-build-") as temp:
            ours = measure(_directory_site(Path(temp) / "ours", n))
            plain = measure(plain_site(Path(temp) / "plain", n))
            site = Path(temp) / "ours" / "site"
            search = site / "search" / "search_index.json"
            search_kb = search.stat().st_size / 1024 if search.exists() else 0.0
            rows.append((n, ours, plain, search_kb))

    print(f"{'N':>7} | {'ours s':>8} | {'ours MiB':>8} | {'workers MiB':>11} | {'ours ms/listing':>15} | {'plain s':>8} | {'plain MiB':>9} | {'plain ms/page':>13} | {'ratio':>5} | {'search index KB':>15}")
    print("-" * 126)
    for n, ours, plain, search_kb in rows:
        ratio = ours["seconds"] / plain["seconds"]
        print(
            f"{n:>7} | {ours['seconds']:>8.2f} | {ours['peak_mib']:>8.0f} | {ours['children_peak_mib']:>11.0f} | {ours['seconds'] / n * 1000:>15.2f} | "
            f"{plain['seconds']:>8.2f} | {plain['peak_mib']:>9.0f} | {plain['seconds'] / n * 1000:>13.2f} | {ratio:>5.2f} | {search_kb:>15.0f}"
        )


if __name__ == "__main__":
    main()

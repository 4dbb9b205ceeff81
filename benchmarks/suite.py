"""Benchmark: the test suite's time at several commits, side by side, on this machine.

    .venv/bin/python -m benchmarks.suite 260182c 2c23268             # before and after a change
    .venv/bin/python -m benchmarks.suite 260182c 2c23268 --rounds 2  # A B B A: drift cancels out
    .venv/bin/python -m benchmarks.suite HEAD --pytest-args "-n 2 tests/test_golden.py"

Each commit is cloned from this repository into --work (kept, so a second run reuses its venv),
set up as `make test` sets it up (a venv from that commit's lock), and its suite is run with
`python -m pytest -n 2 -q -p no:cacheprovider` and the commit's own --dist mode, one run at a
time. With more than one round the order is mirrored (A B, then B A), so a machine that grows
busier or quieter over the runs weighs on every commit alike.

It prints, per run: tests passed and failed, wall time, and CPU time. CPU is counted for the
whole process tree in a cgroup of its own (cgroup v1 cpuacct, as root): Chromium's processes,
which Playwright starts and which no `time` command counts, are most of a browser test's CPU.
Without such a cgroup the CPU column is getrusage of the waited-for children, and says so. On a
shared machine compare CPU, which load disturbs much less than wall time.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shlex
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CPUACCT = Path("/sys/fs/cgroup/cpuacct")


def checkout(commit: str, work: Path) -> Path:
    """A clone of this repository at `commit` with its venv installed, as `make test` makes it."""
    sha = subprocess.run(["git", "rev-parse", "--short=12", commit], cwd=REPO, check=True, capture_output=True, text=True).stdout.strip()
    folder = work / sha
    if not folder.exists():
        subprocess.run(["git", "clone", "-q", str(REPO), str(folder)], check=True)
        subprocess.run(["git", "checkout", "-q", sha], cwd=folder, check=True)
    subprocess.run(["make", "-s", ".venv/.installed", "browser"], cwd=folder, check=True, stdout=subprocess.DEVNULL)
    return folder


def dist_mode(folder: Path) -> str:
    """The --dist mode of the commit's own `make test` (loadgroup or worksteal)."""
    found = re.search(r"--dist (\w+)", (folder / "Makefile").read_text(encoding="utf-8"))
    return found.group(1) if found else "load"


def run_suite(folder: Path, pytest_args: list[str], label: str) -> dict:
    """One run of the suite in `folder`: its outcome, wall time and CPU time."""
    group = CPUACCT / f"psd-suite-{os.getpid()}-{label}"
    command = [str(folder / ".venv/bin/python"), "-m", "pytest", *pytest_args]
    counted = "cgroup"
    try:
        group.mkdir()
    except OSError:
        group, counted = None, "children"
    # The child joins the cgroup before it starts pytest: all it starts is counted there.
    prefix = ["sh", "-c", f'echo $$ > {group}/cgroup.procs && exec "$@"', "sh"] if group else []
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run([*prefix, *command], cwd=folder, capture_output=True, text=True,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    wall = time.perf_counter() - start
    if group:
        cpu = int((group / "cpuacct.usage").read_text()) / 1e9
        group.rmdir()
    else:
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    tail = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else done.stderr.strip()[-200:]
    counts = {kind: int(n) for n, kind in re.findall(r"(\d+) (passed|failed|error)", tail)}
    return {"passed": counts.get("passed", 0), "failed": counts.get("failed", 0) + counts.get("error", 0),
            "wall": wall, "cpu": cpu, "counted": counted}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="The test suite's wall and CPU time at several commits.")
    parser.add_argument("commits", nargs="+", help="commits to compare (any git revision)")
    parser.add_argument("--rounds", type=int, default=1, help="runs per commit, in mirrored order")
    parser.add_argument("--work", type=Path, default=Path("/tmp/psd-suite-bench"), help="where the clones are kept")
    parser.add_argument("--pytest-args", default="-n 2 -q -p no:cacheprovider", help="pytest's arguments (--dist is added)")
    args = parser.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    folders = {commit: checkout(commit, args.work) for commit in args.commits}
    order = [c for r in range(args.rounds) for c in (args.commits if r % 2 == 0 else args.commits[::-1])]
    print(f"{'commit':<14} {'round':>5} {'passed':>7} {'failed':>7} {'wall s':>8} {'CPU s':>8}  CPU counted by")
    for index, commit in enumerate(order):
        folder = folders[commit]
        pytest_args = [*shlex.split(args.pytest_args), "--dist", dist_mode(folder)]
        row = run_suite(folder, pytest_args, str(index))
        print(f"{folder.name:<14} {index + 1:>5} {row['passed']:>7,} {row['failed']:>7} {row['wall']:>8.0f} {row['cpu']:>8.0f}  "
              f"{'the whole process tree (cgroup)' if row['counted'] == 'cgroup' else 'waited-for children only (no Chromium)'}",
              flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Benchmark: load + validate N fictional listings with load_catalog().

    .venv/bin/python -m benchmarks.validate --sizes 1000,10000,50000

Each size is generated into a temporary folder, then measured in a fresh child process so its
peak RSS (resource.getrusage of the child) is honest; large directories are loaded by forked
workers (generator/workers.py), whose largest peak is shown beside it. Targets: 10,000 listings under 2 s;
50,000 under 1 GiB peak memory.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

_CHILD = """
import json, resource, sys, time
from pathlib import Path
from generator.contract.catalog import load_catalog
start = time.perf_counter()
result = load_catalog(Path(sys.argv[1]))
seconds = time.perf_counter() - start
errors = sum(1 for p in result.problems if p.severity == "error")
print(json.dumps({"seconds": seconds, "files": result.files_checked, "errors": errors,
                  "warnings": len(result.problems) - errors,
                  "maxrss_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                  "worker_maxrss_kib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}))
"""


def measure(n: int, seed: int = 0) -> dict:
    sys.path.insert(0, str(REPO))
    from benchmarks.fictional import write_fictional_directory

    with tempfile.TemporaryDirectory(prefix=f"peerdir-bench-{n}-") as folder:
        root = Path(folder) / "directory"
        write_fictional_directory(root, n, seed)
        out = subprocess.run([sys.executable, "-c", _CHILD, str(root)], cwd=REPO, capture_output=True, text=True, check=True)
    return {"n": n, **json.loads(out.stdout.strip().splitlines()[-1])}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Time load + validate of N fictional listings.")
    parser.add_argument("--sizes", default="1000,10000,50000", help="comma-separated listing counts")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    print(f"{'listings':>9} {'files':>7} {'wall s':>8} {'listings/s':>11} {'peak RSS MiB':>13} {'worker peak MiB':>16} {'errors':>7} {'warnings':>9}")
    for n in sizes:
        row = measure(n, args.seed)
        print(f"{row['n']:>9,} {row['files']:>7,} {row['seconds']:>8.2f} {row['n'] / row['seconds']:>11,.0f} "
              f"{row['maxrss_kib'] / 1024:>13.0f} {row.get('worker_maxrss_kib', 0) / 1024:>16.0f} {row['errors']:>7} {row['warnings']:>9}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

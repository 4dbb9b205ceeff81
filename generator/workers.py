"""When to spread work over processes: large inputs, several cores, and a process safe to fork."""

from __future__ import annotations

import multiprocessing
import os
import threading

# Below this many items one process is quicker than starting workers.
PARALLEL_FROM = 500


def can_fork(items: int) -> bool:
    """Forking is cheap (workers inherit what is loaded) and safe only from a process with one
    thread: `mkdocs serve` runs a server thread, so it builds in one process."""
    return (
        items >= PARALLEL_FROM and (os.cpu_count() or 1) > 1 and threading.active_count() == 1
        and "fork" in multiprocessing.get_all_start_methods()
    )

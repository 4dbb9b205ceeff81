"""Forked workers and the cyclic garbage collector: the one place that decides how work is spread
over processes and how the collector is kept out of the way of a large build.

- `can_fork(items)`: when spreading work is worth it and safe (large input, several cores, a
  process with one thread).
- `fork_map(fn, shared, chunks)`: runs `fn(shared, chunk)` for every chunk in forked workers,
  which inherit `shared` (the catalog, the renderer, the list of files...) instead of receiving a
  pickled copy. Workers die with the process that forked them.
- `cyclic_gc_paused()`, `heap_frozen()` and, in a long-running server, `ServedHeap`: the ways
  the build keeps the collector from walking millions of long-lived objects again and again.

A leaf: it imports nothing of the package, so every room may use it.
"""

from __future__ import annotations

import gc
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

# Below this many items one process is quicker than starting workers.
PARALLEL_FROM = 500

S = TypeVar("S")
C = TypeVar("C")
R = TypeVar("R")


def can_fork(items: int) -> bool:
    """Forking is cheap (workers inherit what is loaded) and safe only from a process with one
    thread: `mkdocs serve` runs a server thread, so it builds in one process."""
    if not (items >= PARALLEL_FROM and (os.cpu_count() or 1) > 1 and threading.active_count() == 1):
        return False
    # Imported only when there is work to share: `peerdir validate FILE` starts faster without.
    import multiprocessing

    return "fork" in multiprocessing.get_all_start_methods()


# What the workers of the running fork_map inherit: set before they are forked, cleared after.
_SHARED: dict[int, tuple[Callable[[Any, Any], Any], Any]] = {}
_PR_SET_PDEATHSIG = 1  # linux/prctl.h


def _die_with_parent(parent: int) -> None:
    """In a worker: be killed when the process that forked it dies, however it dies (even
    `kill -9`, when it has no chance to stop its workers), so no orphan keeps writing files."""
    if sys.platform.startswith("linux"):
        import ctypes

        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):  # pragma: no cover - a libc without prctl
            pass
    # The parent may have died between the fork and the prctl call: then nobody sends the signal.
    if os.getppid() != parent:
        os._exit(1)


def _start_worker(parent: int) -> None:
    _die_with_parent(parent)
    # What the worker inherited stays as it is: the collector need not scan it again and again.
    gc.freeze()


def _run(key: int, chunk: Any) -> Any:
    fn, shared = _SHARED[key]
    return fn(shared, chunk)


@contextmanager
def fork_map(fn: Callable[[S, C], R], shared: S, chunks: Sequence[C], workers: int | None = None) -> Iterator[Iterator[R]]:
    """`fn(shared, chunk)` for every chunk, in forked workers; yields the results, in the order of
    the chunks, as they arrive. All the chunks are handed out at once, so the caller can do other
    work before reading the results. Leaving the `with` block waits for the workers to end.

    `fn` and `shared` reach the workers by inheritance (fork), so neither is pickled; each chunk
    and each result is. Call only when `can_fork()` says so.
    """
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    workers = max(1, min(workers or os.cpu_count() or 1, len(chunks)))
    key = id(chunks)
    _SHARED[key] = (fn, shared)
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"),
                                 initializer=_start_worker, initargs=(os.getpid(),)) as pool:
            yield pool.map(_run, [key] * len(chunks), chunks)
    finally:
        del _SHARED[key]


@contextmanager
def collector_paused() -> Iterator[None]:
    """The cyclic collector off for the block, and back as it was afterwards (a forked worker
    running a file producer: its data holds no cycles and is freed by reference counts)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@contextmanager
def cyclic_gc_paused() -> Iterator[None]:
    """For a load that makes a few hundred small objects per file that stay alive (parsed data,
    line tables, models) and no reference cycles. CPython's cyclic collector would walk the
    growing heap again and again as they pile up: a third of the load time at 10,000 files. So it
    is paused for the load (workers forked meanwhile inherit the pause and never collect), and
    while serving, for a rebuild (ServedHeap).

    Afterwards, everything made during the load would sit in the youngest generation, and the
    first collection would walk it all (a quarter of a second at 10,000 files). Freezing and at
    once unfreezing moves every tracked object to the oldest generation without walking it: the
    loaded data is long-lived, and is looked at again only by full collections, as any old
    object is. (Not done if the process keeps frozen objects of its own: unfreezing would
    release them.)"""
    with collector_paused():
        try:
            yield
        finally:
            # ServedHeap's flag first: gc.get_freeze_count() walks every frozen object (0.1-0.2 s
            # per call with a served 10,000-listing heap frozen).
            if not ServedHeap.holding and gc.get_freeze_count() == 0:
                gc.freeze()
                gc.unfreeze()


@contextmanager
def heap_frozen() -> Iterator[None]:
    """Everything alive now (for a build: the catalog, millions of small objects) is moved out of
    the cyclic collector's sight until the block ends: not scanned again at every full
    collection, nor touched, and so copied, by forked workers. Undone however the block ends."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def frozen_until_exit() -> None:
    """At the end of `mkdocs build`, whose process exits next: everything alive out of the
    collector's sight again, as during the build. Python's last collections at exit would walk
    the whole catalog: 6 s at 50,000 listings, after the site was written (0.1 s frozen).
    What is frozen is still freed by its reference count."""
    gc.freeze()


class ServedHeap:
    """The collector in a process that builds again and again (`mkdocs serve`).

    A build's own objects hold cycles (MkDocs' File and Page point at each other, Jinja's
    contexts at themselves, Markdown's processors at the Files), and through them the last
    build's catalog and files. Only the cyclic collector frees those, and only a full collection
    reaches them once the build is over; with the catalog and the kept pieces in the oldest
    generation (hundreds of thousands of objects at 10,000 listings) full collections are so
    rare that each save left about 25 MiB behind, and one would cost 0.6 s of CPU.

    So what outlives a build is frozen after every load, and never unfrozen while serving: at the
    start of the next build, once the last build's objects are let go, one collection walks only
    what was made since (`collect`), which is where that build's garbage is; during a rebuild the
    collector is paused (`cyclic_gc_paused`), as the next build's start collects its garbage
    anyway (at 10,000 listings some 600 collections took 0.25 s of a rebuild). What is frozen and
    later let go (a listing's old model, a piece made again) has no cycles and is freed by its
    reference count, as any object is."""

    frozen = False
    # Whether a ServedHeap of this process keeps objects frozen: cyclic_gc_paused then need not count
    # them (only a saving: without it, it counts, and leaves a frozen heap alone as well).
    holding = False

    def collect(self) -> int:
        """Before a build: the last build's garbage collected (the frozen heap is not walked)."""
        return gc.collect()

    def settle(self, let_go: Callable[[], None]) -> None:
        """Once a server's first build is over: `let_go()` (of what only that build used), its
        garbage collected and what is kept frozen, while no save waits for it (0.4 s at 10,000
        listings: the first build's survivors are walked once, here, not by the first rebuild)."""
        let_go()
        self.collect()
        self.freeze()

    def freeze(self) -> None:
        """After a load: everything alive now out of the collector's sight (see the class)."""
        gc.freeze()
        self.frozen = ServedHeap.holding = True

    def release(self) -> None:
        """When serving ends: the frozen heap back in the collector's sight, for a process that
        goes on (a test that served in-process). Nothing if this heap froze nothing."""
        if self.frozen:
            gc.unfreeze()
            self.frozen = ServedHeap.holding = False

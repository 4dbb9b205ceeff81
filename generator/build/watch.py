"""While `mkdocs serve` runs: the directory of listings watched by the kernel's file events.

MkDocs' live-reload server watches with watchdog's PollingObserver: twice a second it lists and
stats every file under each watched folder. At 10,000 listings that is about 70 ms of CPU per
poll, all the time the server runs, and a save is noticed only at the next poll. The directory
is watched here by watchdog's native observer (inotify on Linux) instead, which wakes the server
as its own watcher does; MkDocs still polls its configuration file, guides and theme (few files).
"""

from __future__ import annotations

import logging
from typing import Any

from watchdog.events import EVENT_TYPE_CREATED, EVENT_TYPE_DELETED, EVENT_TYPE_MODIFIED, EVENT_TYPE_MOVED, FileSystemEvent, FileSystemEventHandler

log = logging.getLogger("mkdocs.plugins.directory")
# What changes a file: not opening or reading it (a rebuild reads the listings it checks again).
CHANGES = frozenset({EVENT_TYPE_CREATED, EVENT_TYPE_DELETED, EVENT_TYPE_MODIFIED, EVENT_TYPE_MOVED})


class _Wake(FileSystemEventHandler):
    def __init__(self, server: Any) -> None:
        self.server = server

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.is_directory or event.event_type not in CHANGES:
            return
        # What MkDocs' LiveReloadServer.watch() callback does: ask its build loop for a rebuild.
        with self.server._rebuild_cond:
            self.server._want_rebuild = True
            self.server._rebuild_cond.notify_all()


def watch_natively(server: Any, path: str) -> Any | None:
    """Watches `path` for the live-reload server by file events; returns the running observer
    (stop it on shutdown), or None when MkDocs' own (polling) watch is used instead: a server
    without the build loop this knows (another MkDocs version), or no file events here."""
    if not (hasattr(server, "_rebuild_cond") and hasattr(server, "_want_rebuild")):
        server.watch(path)
        return None
    from watchdog.observers import Observer

    observer = Observer()
    try:
        observer.schedule(_Wake(server), path, recursive=True)
        observer.start()
    except OSError as error:  # e.g. the system's limit of inotify watches reached
        log.info(f"Watching {path} by polling: {error}")
        server.watch(path)
        return None
    return observer

"""While serving, the directory of listings is watched by file events (generator/build/watch.py):
saving a listing wakes MkDocs' own live-reload server for a rebuild, reading one does not, and
MkDocs no longer polls the directory; where file events cannot be had, MkDocs polls as before and
the log says why.

The first test runs its server and observer in a child process with the real clock
(conftest.real_clock_env): under `faketime` their threads' timed waits would never end."""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, real_clock_env
from mkdocs.livereload import LiveReloadServer
from watchdog.observers import Observer

from generator.build.watch import watch_natively


def _wanted(server: LiveReloadServer, seconds: float) -> bool:
    with server._rebuild_cond:
        return bool(server._rebuild_cond.wait_for(lambda: server._want_rebuild, timeout=seconds))


def test_a_saved_listing_wakes_the_live_reload_server(tmp_path: Path) -> None:
    env = {**real_clock_env(), "PYTHONPATH": f"{REPO}:{REPO / 'tests'}"}
    done = subprocess.run([sys.executable, __file__, str(tmp_path)], env=env, cwd=REPO,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.strip() == "woken by a save and by a new listing, not by a read"


def _saved_listing_wakes_the_server(tmp_path: Path) -> None:
    directory = tmp_path / "directory"
    (directory / "groups").mkdir(parents=True)
    listing = directory / "groups" / "a.yml"
    listing.write_text("id: a\n", encoding="utf-8")
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path))
    observer = watch_natively(server, str(directory))
    try:
        assert observer is not None and str(directory) not in server._watched_paths  # not polled by MkDocs
        listing.read_text(encoding="utf-8")  # a rebuild reads listings: that is no change
        assert not _wanted(server, 1.0)
        listing.write_text("id: a\nname: A\n", encoding="utf-8")
        assert _wanted(server, 10.0)
        with server._rebuild_cond:
            server._want_rebuild = False
        (directory / "groups" / "b.yml").write_text("id: b\n", encoding="utf-8")  # a listing added
        assert _wanted(server, 10.0)
        print("woken by a save and by a new listing, not by a read")
    finally:
        if observer is not None:
            observer.stop()
            observer.join()
        server.server_close()


def test_a_server_without_that_build_loop_polls_as_before(tmp_path: Path) -> None:
    watched: list[str] = []

    class OtherServer:
        def watch(self, path: str) -> None:
            watched.append(path)

    assert watch_natively(OtherServer(), str(tmp_path)) is None
    assert watched == [str(tmp_path)]


def test_without_file_events_the_directory_is_polled_and_the_log_says_why(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                          caplog: pytest.LogCaptureFixture) -> None:
    # As when the system's limit of inotify watches is reached.
    def refuse(self: object, *args: object, **kwargs: object) -> None:
        raise OSError(28, "inotify watch limit reached")

    monkeypatch.setattr(Observer, "schedule", refuse)  # the native observer only: MkDocs polls with another
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path))
    try:
        with caplog.at_level(logging.INFO, logger="mkdocs.plugins.directory"):
            assert watch_natively(server, str(tmp_path)) is None
        assert str(tmp_path) in server._watched_paths  # MkDocs' own polling watch
        assert caplog.messages == [f"Watching {tmp_path} by polling: [Errno 28] inotify watch limit reached"]
    finally:
        server.server_close()


if __name__ == "__main__":  # the child process of the first test
    _saved_listing_wakes_the_server(Path(sys.argv[1]))

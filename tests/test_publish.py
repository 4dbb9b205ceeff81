"""`make site` swaps a finished build in whole (generator/build/publish.py; issue 13)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from fictional import write_fictional_directory, write_site_config
from generator.build.publish import publish, swap_in

REPO = Path(__file__).resolve().parent.parent


def _site(folder: Path, label: str, files: int = 3) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "index.html").write_text(f"<p>{label}</p>")
    for index in range(files):
        (folder / f"page-{index}.html").write_text(f"{label} {index}")
    return folder


def _contents(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


def _leftovers(parent: Path) -> list[str]:
    return sorted(path.name for path in parent.iterdir() if path.name.startswith(".site."))


def test_a_finished_build_replaces_the_site(tmp_path: Path) -> None:
    site = _site(tmp_path / "site", "old", files=5)
    code = publish(site, lambda folder: (_site(folder, "new", files=2), 0)[1])
    assert code == 0
    assert _contents(site) == _contents(_site(tmp_path / "expected", "new", files=2))
    assert oct(site.stat().st_mode & 0o777) == oct(0o755)
    assert _leftovers(tmp_path) == []


def test_a_failed_build_leaves_the_site_as_it_was(tmp_path: Path) -> None:
    site = _site(tmp_path / "site", "old")
    before = _contents(site)

    def half_a_build(folder: Path) -> int:
        (folder / "index.html").write_text("half")
        return 1

    assert publish(site, half_a_build) == 1
    assert _contents(site) == before
    assert _leftovers(tmp_path) == []


def _misses_while(swap: object, site: Path) -> int:
    """How often site/index.html was absent, polled as fast as possible during `swap()`."""
    misses = 0
    done = threading.Event()

    def poll() -> None:
        nonlocal misses
        while not done.is_set():
            misses += not os.path.exists(site / "index.html")

    poller = threading.Thread(target=poll)
    poller.start()
    try:
        swap()  # type: ignore[operator]
    finally:
        done.set()
        poller.join()
    return misses


def test_the_site_is_never_absent_during_a_swap(tmp_path: Path) -> None:
    site = _site(tmp_path / "site", "first", files=3000)

    def swaps() -> None:
        for round_ in range(3):
            swap_in(_site(tmp_path / f".site.new-{os.getpid()}-{round_}", f"round {round_}", files=3000), site)

    assert _misses_while(swaps, site) == 0
    assert (site / "index.html").read_text() == "<p>round 2</p>"

    # What `make site` did before: delete, then move. The same poll sees the site missing, so
    # the measurement above can fail.
    def old_recipe() -> None:
        for round_ in range(3):
            _site(tmp_path / ".site.tmp", f"old {round_}", files=3000)
            subprocess.run(f"rm -rf '{site}' && mv '{tmp_path / '.site.tmp'}' '{site}'", shell=True, check=True)

    assert _misses_while(old_recipe, site) > 0


def _processes_mentioning(text: str) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if text.encode() in (entry / "cmdline").read_bytes():
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


def test_a_killed_build_leaves_the_previous_site_whole_and_no_process(tmp_path: Path) -> None:
    directory = write_fictional_directory(tmp_path / "directory")
    config = write_site_config(tmp_path, directory)
    site = _site(tmp_path / "site", "published", files=50)
    before = _contents(site)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    build = subprocess.Popen([sys.executable, "-m", "generator.build.publish", "--site-dir", str(site), "--strict", "-q", "-f", str(config)],
                             cwd=tmp_path, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        new = None
        while time.monotonic() < deadline and build.poll() is None:
            found = [path for path in tmp_path.glob(".site.new-*") if any(path.iterdir())]
            if found:
                new = found[0]
                break
            time.sleep(0.02)
        assert new is not None and build.poll() is None, "the build never started writing"
        build.send_signal(signal.SIGKILL)
        build.wait()
    finally:
        if build.poll() is None:
            build.kill()
    assert _contents(site) == before
    # mkdocs, the child, dies with its parent instead of writing on into the abandoned folder.
    deadline = time.monotonic() + 10
    while _processes_mentioning(str(new)) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _processes_mentioning(str(new)) == []
    # The next build clears what the killed one left.
    assert publish(site, lambda folder: (_site(folder, "next"), 0)[1]) == 0
    assert _leftovers(tmp_path) == []
    shutil.rmtree(site)

"""`mkdocs serve` rebuilds when a listing changes, and shows validation errors instead of crashing."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from conftest import real_clock_env
from fictional import write_fictional_directory, write_site_config

pytestmark = pytest.mark.slow  # a served site, rebuilt three times


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, ""
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return 0, ""


def _wait_for(url: str, text: str, seconds: float = 60) -> str:
    deadline = time.monotonic() + seconds
    body = ""
    while time.monotonic() < deadline:
        status, body = _fetch(url)
        if status == 200 and text in body:
            return body
        time.sleep(0.5)
    raise AssertionError(f"{url} did not show {text!r} within {seconds} s")


def test_serve_reloads_listings_and_survives_invalid_ones(tmp_path: Path) -> None:
    directory = write_fictional_directory(tmp_path / "directory")
    config = write_site_config(tmp_path, directory)
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-f", str(config), "-a", f"127.0.0.1:{port}"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=real_clock_env(),
    )
    base = f"http://127.0.0.1:{port}/"
    listing = directory / "groups" / "fictional-grief-circle-leeds.yml"
    try:
        _wait_for(base + "groups/fictional-grief-circle-leeds/", "Fictional Grief Circle Leeds", 90)
        # An edited listing is rebuilt.
        listing.write_text(listing.read_text(encoding="utf-8").replace("name: Fictional Grief Circle Leeds", "name: Fictional Grief Circle Leeds Renamed"), encoding="utf-8")
        _wait_for(base + "groups/fictional-grief-circle-leeds/", "Fictional Grief Circle Leeds Renamed")
        # An invalid edit shows the validator's message on the pages instead of stopping the server.
        listing.write_text(listing.read_text(encoding="utf-8").replace("topics: [grief, loneliness]", "topics: [grief, lonelyness]"), encoding="utf-8")
        body = _wait_for(base, "The directory has 1 error")
        assert "is not a known topic; did you mean &#39;loneliness&#39;?" in body or "is not a known topic; did you mean 'loneliness'?" in body
        assert server.poll() is None, "the server is still running"
        # ...and where the contributor is looking: the page of the listing being edited and the
        # finder (they answered 404 while the directory had errors), with the same path:line.
        for url in (base + "groups/fictional-grief-circle-leeds/", base + "find/"):
            page = _wait_for(url, "The directory has 1 error", 30)
            assert "fictional-grief-circle-leeds.yml:" in page and "is not a known topic" in page, url
        # Fixing it brings the listing back.
        listing.write_text(listing.read_text(encoding="utf-8").replace("lonelyness", "loneliness"), encoding="utf-8")
        _wait_for(base + "groups/fictional-grief-circle-leeds/", "Fictional Grief Circle Leeds Renamed")
    finally:
        server.terminate()
        output = server.communicate(timeout=20)[0]
    assert "Traceback" not in output, output[-3000:]

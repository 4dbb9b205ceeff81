"""'Suggest an edit' and 'E-mail a correction' on listing pages: the page carries the listing's file
once (deflated, data-listing-deflated), and directory.js completes both links from it, giving exactly the
addresses pages/common.py computes (Suggestion.full), the form's title and the e-mail's subject
naming the listing by its name and id. Without JavaScript the links still open the form with the
listing's id and version (its title is the form's own "Update: "), and an e-mail whose subject
names the listing by its id. The file on the page is the listing's file without its first line,
the schema line for editors. The completed form, submitted with an edit, goes through
`peerdir from-issue` end to end."""

from __future__ import annotations

import base64
import datetime as dt
import shutil
import subprocess
import zlib
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from conftest import REPO, Server, open_page
from fictional import BUILD_TIME, CONTACT, read_project_config
from form_bodies import render

from generator.build.products import BuildSettings
from generator.contract.catalog import load_catalog
from generator.contributors.cli import main
from generator.pages.common import suggest_edit_url, suggest_email_url

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}
PAGES = ["groups/fictional-grief-circle-leeds/", "groups/fictional-hostile-text-group/",
         "advocates/fictional-voices-podcast/", "training/fictional-peer-course/"]


@pytest.fixture(scope="module")
def reference(fictional_server: Server) -> tuple[object, BuildSettings]:
    """The served site's catalog and build settings, for the addresses Python computes."""
    repo = next(p["directory"]["repo"] for p in read_project_config()["plugins"] if isinstance(p, dict) and "directory" in p)
    catalog = load_catalog(fictional_server.root.parent / "directory").catalog
    return catalog, BuildSettings(dt.datetime.fromisoformat(BUILD_TIME), "", repo, contact_email=CONTACT)


def _hrefs(page: object) -> tuple[str, str]:
    page.wait_for_selector("a[data-suggest=mail][data-suggest-done]", state="attached")  # type: ignore[attr-defined]
    return (page.get_by_role("link", name="Suggest an edit").get_attribute("href"),  # type: ignore[attr-defined]
            page.get_by_role("link", name="E-mail a correction").get_attribute("href"))  # type: ignore[attr-defined]


def test_the_browser_completes_both_links_exactly_as_the_build_computes_them(browser: object, fictional_server: Server, reference) -> None:
    catalog, settings = reference
    page, recorder = open_page(browser, fictional_server.origin, viewport=PHONE)
    for path in PAGES:
        page.goto(fictional_server.url + path)  # type: ignore[attr-defined]
        listing = next(item for item in catalog.listings if path.endswith(f"/{item.id}/"))
        assert _hrefs(page) == (suggest_edit_url(catalog, listing, settings), suggest_email_url(catalog, listing, settings)), path
    edit, mail = _hrefs(page)
    query = parse_qs(urlsplit(edit).query)
    assert query["title"] == ["Update: Fictional Forty-Hour Peer Course (fictional-peer-course)"]
    assert parse_qs(urlsplit(mail).query)["subject"] == ["Correction: Fictional Forty-Hour Peer Course (fictional-peer-course)"]
    written = (fictional_server.root.parent / "directory" / "training" / "fictional-peer-course.yml").read_text(encoding="utf-8")
    assert written.startswith("# yaml-language-server: $schema=../../schemas/training.schema.json\n")
    assert query["current"] == [written.partition("\n")[2]]  # the file without the schema line
    assert recorder.console_errors == []
    page.context.close()  # type: ignore[attr-defined]


def test_without_javascript_the_links_name_the_listing_and_its_version(browser: object, fictional_server: Server) -> None:
    page, _ = open_page(browser, fictional_server.origin, viewport=PHONE, java_script_enabled=False)
    page.goto(fictional_server.url + "groups/fictional-hostile-text-group/")  # type: ignore[attr-defined]
    edit = page.get_by_role("link", name="Suggest an edit").get_attribute("href")  # type: ignore[attr-defined]
    email = page.get_by_role("link", name="E-mail a correction").get_attribute("href")  # type: ignore[attr-defined]
    query = parse_qs(urlsplit(edit).query)
    assert query["listing"] == ["fictional-hostile-text-group"] and len(query["version"][0]) == 40
    assert query["template"] == ["update-listing.yml"]
    assert "current" not in query and "title" not in query  # the form's own title: "Update: "
    # A plain e-mail whose subject names the listing by its id; directory.js writes its body.
    mail = parse_qs(urlsplit(email).query)
    assert mail == {"subject": ["Correction: fictional-hostile-text-group"]}
    # The file is on the page once (deflated, in base64), not in either link.
    packed = page.locator("[data-listing-deflated]").get_attribute("data-listing-deflated")  # type: ignore[attr-defined]
    assert page.locator("[data-listing-deflated]").count() == 1  # type: ignore[attr-defined]
    assert "window.__pwned" in zlib.decompress(base64.b64decode(packed, validate=True)).decode("utf-8")
    page.context.close()  # type: ignore[attr-defined]


def test_a_browser_that_cannot_inflate_keeps_the_links_that_work_without_javascript(browser: object, fictional_server: Server) -> None:
    page, recorder = open_page(browser, fictional_server.origin, viewport=PHONE)
    page.add_init_script("delete window.DecompressionStream")  # type: ignore[attr-defined]
    page.goto(fictional_server.url + "groups/fictional-grief-circle-leeds/")  # type: ignore[attr-defined]
    page.wait_for_function("document.querySelector('.next-meetings .local-time')")  # type: ignore[attr-defined]
    edit = page.get_by_role("link", name="Suggest an edit").get_attribute("href")  # type: ignore[attr-defined]
    email = page.get_by_role("link", name="E-mail a correction").get_attribute("href")  # type: ignore[attr-defined]
    assert set(parse_qs(urlsplit(edit).query)) == {"template", "listing", "version"}
    assert parse_qs(urlsplit(email).query) == {"subject": ["Correction: fictional-grief-circle-leeds"]}
    assert recorder.console_errors == []
    page.context.close()  # type: ignore[attr-defined]


@pytest.mark.skipif(shutil.which("git") is None, reason="versions live in git")
def test_the_completed_form_updates_the_listing_end_to_end(browser: object, fictional_server: Server, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    # The repository as the site was built from it.
    directory = tmp_path / "directory"
    shutil.copytree(fictional_server.root.parent / "directory", directory)
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org"]
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "as built"]):
        subprocess.run(git + args, cwd=tmp_path, check=True, capture_output=True)
    page, _ = open_page(browser, fictional_server.origin, viewport=PHONE)
    page.goto(fictional_server.url + "groups/fictional-grief-circle-leeds/")  # type: ignore[attr-defined]
    query = parse_qs(urlsplit(_hrefs(page)[0]).query)
    page.context.close()  # type: ignore[attr-defined]
    # The contributor changes the meeting's start in the pre-filled details and submits.
    edited = query["current"][0].replace('start_time: "18:30"', 'start_time: "18:45"')
    assert edited != query["current"][0]
    forms = REPO / ".github" / "ISSUE_TEMPLATE"
    answers = {"listing": query["listing"][0], "version": query["version"][0], "current": edited, "source": "I run the group."}
    (tmp_path / "body.md").write_text(render((forms / "update-listing.yml").read_text(encoding="utf-8"), answers), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code = main(["--root", "directory", "from-issue", "body.md", "--forms", str(forms), "--reviewed-by", "octocat",
                 "--today", "2026-11-24", "--comment", "comment.md", "--label", "label.txt"])
    assert code == 0, (tmp_path / "comment.md").read_text(encoding="utf-8")
    before = (fictional_server.root.parent / "directory" / "groups" / "fictional-grief-circle-leeds.yml").read_text(encoding="utf-8")
    after = (directory / "groups" / "fictional-grief-circle-leeds.yml").read_text(encoding="utf-8")
    assert after == before.replace('start_time: "18:30"', 'start_time: "18:45"')  # that change, and only it
    assert load_catalog(directory).ok

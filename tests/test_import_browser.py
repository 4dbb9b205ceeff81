"""The data page's spreadsheet templates, as a visitor on a phone finds them: the section reads
well in light and dark, is axe-clean, and each link downloads the template."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import Server, axe_violations, describe_violations, open_page
from generator.exports.import_template import template_path
from generator.kinds import LISTING_KINDS

PHONE = {"width": 360, "height": 740}


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_templates_section_on_a_phone(browser: object, fictional_server: Server, artifacts: Path, scheme: str) -> None:
    page, recorder = open_page(browser, fictional_server.origin, viewport=PHONE, color_scheme=scheme)
    page.goto(fictional_server.url + "data/")
    heading = page.get_by_role("heading", name="Add many listings at once: the spreadsheet template")
    heading.scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts / f"data-templates-{scheme}.png"))
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    violations = axe_violations(page)
    assert violations == [], describe_violations(violations)
    for kind in LISTING_KINDS:
        link = page.get_by_role("link", name=f"{kind.folder}-template.csv")
        assert link.get_attribute("href").endswith(template_path(kind.folder))
        with page.expect_download() as download:
            link.click(modifiers=["Alt"])  # Alt+click saves the linked file, as a visitor would
        saved = Path(download.value.path())
        assert saved.read_bytes().startswith(b"id,name,summary,")
    assert recorder.console_errors == [] and recorder.foreign_requests == []
    page.context.close()

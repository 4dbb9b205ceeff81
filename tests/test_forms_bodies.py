"""`peerdir from-issue` on form bodies exactly as GitHub renders them, messy ones included:
extra spaces, Windows line endings, emoji, "6.30 PM", "UK", names instead of ids."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from generator.contract.catalog import load_catalog
from generator.contributors.cli import main
from generator.contributors.forms.comment import md

from tests import form_bodies
from tests.form_bodies import ADD_GROUP
from tests.test_from_issue import EXISTING_GROUP, FORMS, REPO

GROUP = ADD_GROUP
ORGANISATION = """\
# yaml-language-server: $schema=../../schemas/organization.schema.json
id: fictional-mind-leeds
name: Fictional Mind in Leeds
summary: A fictional local mental health charity that hosts peer groups.
website: https://mind-leeds.example.org/
country: GB
last_reviewed: 2026-03-01
reviewed_by: example-maintainer
source: Fictional, for the tests.
"""


def render(form_file: str, answers: dict) -> str:
    """The body of `form_file` (in .github/ISSUE_TEMPLATE) filled with `answers`, as GitHub renders it."""
    return form_bodies.render((FORMS / form_file).read_text(encoding="utf-8"), answers)


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    directory = tmp_path / "directory"
    shutil.copytree(REPO / "directory" / "vocabularies", directory / "vocabularies")
    (directory / "groups").mkdir()
    (directory / "groups" / "fictional-grief-circle-leeds.yml").write_text(EXISTING_GROUP, encoding="utf-8")
    (directory / "organizations").mkdir()
    (directory / "organizations" / "fictional-mind-leeds.yml").write_text(ORGANISATION, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return directory


def submit(root: Path, body: str) -> tuple[int, str, str, str]:
    """(exit status, printed output, comment, label) of `peerdir from-issue` on `body`."""
    work = root.parent
    (work / "body.md").write_bytes(body.encode("utf-8"))
    code = main(["--root", "directory", "from-issue", "body.md", "--forms", str(FORMS), "--reviewed-by", "octocat",
                 "--today", "2026-03-02", "--comment", "comment.md", "--label", "label.txt"])
    return code, "", (work / "comment.md").read_text(encoding="utf-8"), (work / "label.txt").read_text(encoding="utf-8").strip()


def written(root: Path, listing_id: str = "fictional-hearing-voices-circle-leeds"):
    result = load_catalog(root)
    assert result.ok, result.problems
    return next(g for g in result.catalog.groups if g.id == listing_id)


def test_everyday_answers_are_read_and_shown_back(root: Path) -> None:
    body = render("add-group.yml", {**GROUP, "meeting-start_time": "6.30 PM", "meeting-end_time": "8pm", "location-country": "UK",
                                    "languages": "English, Español", "website": "www.hearing-voices-leeds.example.org",
                                    "contact-phone": "0113 496 0000", "meeting-timezone": "GMT", "min_age": "18+"})
    code, _, comment, label = submit(root, body)
    assert (code, label) == (0, "ready for review"), comment
    group = written(root)
    meeting = group.meetings[0]
    assert (meeting.start_time.isoformat(), meeting.end_time.isoformat(), meeting.timezone) == ("18:30:00", "20:00:00", "Europe/London")
    assert group.location.country == "GB" and group.languages == ["en", "es"] and group.min_age == 18
    assert group.website == "https://www.hearing-voices-leeds.example.org" and group.contact.phone == "+441134960000"
    for line in ("**Start time**: '6.30 PM' → 18:30", "**Country**: 'UK' → GB", "**Languages**: 'English, Español' → en, es",
                 "**Time zone of these times**: 'GMT' → Europe/London", "**Youngest age welcome (optional)**: '18+' → 18"):
        assert line in comment
    assert "What happens next" in comment


def test_england_is_the_country_gb_and_its_region(root: Path) -> None:
    code, _, comment, _ = submit(root, render("add-group.yml", {**GROUP, "location-country": "England"}))
    assert code == 0, comment
    assert (written(root).location.country, written(root).location.region) == ("GB", "GB-ENG")


def test_messy_rendering_windows_line_endings_spaces_and_emoji(root: Path) -> None:
    body = render("add-group.yml", {**GROUP, "name": "Fictional Hearing Voices Circle 🌈 Leeds", "meeting-start_time": "  6.30 PM  ",
                                    "location-country": " united  kingdom "})
    body = body.replace("\n", "\r\n").replace("### Start time\r\n", "### Start time   \r\n")
    code, _, comment, _ = submit(root, body)
    assert code == 0, comment
    group = written(root, "fictional-hearing-voices-circle-leeds")
    assert group.name == "Fictional Hearing Voices Circle 🌈 Leeds" and group.meetings[0].start_time.isoformat() == "18:30:00"


def test_all_unreadable_answers_at_once_by_question(root: Path) -> None:
    body = render("add-group.yml", {**GROUP, "meeting-start_time": "7ish", "location-country": "Narnia", "languages": "Englsh",
                                    "meeting-frequency": None, "summary": "Too short."})
    code, _, comment, label = submit(root, body)
    assert (code, label) == (1, "needs changes")
    assert "please change these 5 answers:" in comment and "- **Summary**: " in comment
    for line in ("- **Start time**: '7ish' is not a time we can read; write it like 18:30 or 6:30pm",
                 "- **Country**: 'Narnia' is not a country we know",
                 "- **Languages**: 'Englsh' is not a language we know",
                 "- **How often**: please choose how often it meets"):
        assert line in comment
    assert ".yml" not in comment and "meetings[0]" not in comment and "directory/" not in comment


def test_the_validators_problems_name_the_question(root: Path) -> None:
    code, _, comment, _ = submit(root, render("add-group.yml", {**GROUP, "summary": "Too short."}))
    assert code == 1
    assert "- **Summary**: " in comment and "meetings" not in comment and ".yml" not in comment


def test_an_empty_how_often_is_never_weekly(root: Path) -> None:
    code, _, comment, _ = submit(root, render("add-group.yml", {**GROUP, "meeting-frequency": None}))
    assert code == 1 and "**How often**" in comment
    assert not (root / "groups" / "fictional-hearing-voices-circle-leeds.yml").exists()


def test_a_host_organisation_by_its_name(root: Path) -> None:
    code, _, comment, _ = submit(root, render("add-group.yml", {**GROUP, "organization": "fictional mind in LEEDS"}))
    assert code == 0, comment
    assert written(root).organization == "fictional-mind-leeds"
    assert "'fictional mind in LEEDS' → fictional-mind-leeds" in comment


def test_a_new_host_organisation_does_not_block_the_listing(root: Path) -> None:
    code, _, comment, label = submit(root, render("add-group.yml", {**GROUP, "organization": "Fictional Voices Trust"}))
    assert (code, label) == (0, "ready for review")
    assert written(root).organization is None
    assert "Host organisation (optional): 'Fictional Voices Trust' is not in the directory yet, so the listing is published without a link to it" in comment


def test_a_new_host_organisation_with_its_website_is_added_in_the_same_change(root: Path) -> None:
    body = render("add-group.yml", {**GROUP, "organization": "Fictional Voices Trust", "organization_website": "voices-trust.example.org"})
    code, _, comment, _ = submit(root, body)
    assert code == 0, comment
    result = load_catalog(root)
    assert result.ok, result.problems
    organisation = next(o for o in result.catalog.organizations if o.id == "fictional-voices-trust")
    assert (organisation.name, organisation.website, organisation.country) == ("Fictional Voices Trust", "https://voices-trust.example.org", "GB")
    assert written(root).organization == "fictional-voices-trust"


REPORT = {"listing": "Fictional Grief Circle Leeds", "problem": "It has closed", "source": None,
          "details": "went last week @someone nobody there [click](https://evil.example) <b>sad</b> :( ```"}


def test_a_report_by_display_name_with_a_fixed_public_note(root: Path) -> None:
    code, _, comment, label = submit(root, render("report-listing.yml", REPORT))
    assert (code, label) == (0, "ready for review")
    text = (root / "groups" / "fictional-grief-circle-leeds.yml").read_text(encoding="utf-8")
    assert "status: closed\nstatus_note: Reported closed on 2026-03-02; checked by a maintainer.\n" in text
    assert "nobody there" not in text and "Your report is ready for a reviewer" in comment


def test_a_report_of_one_local_group_does_not_close_a_national_listing(root: Path) -> None:
    national = EXISTING_GROUP.replace("location:\n  locality: Leeds\n  country: GB\n", "area_served:\n  countries: [GB]\n").replace(
        "website: https://grief-circle.example.org/leeds\n", "website: https://grief-circle.example.org/\nfind_a_group: https://grief-circle.example.org/find\n")
    (root / "groups" / "fictional-grief-circle-leeds.yml").write_text(national, encoding="utf-8")
    assert load_catalog(root).ok, load_catalog(root).problems
    code, _, comment, label = submit(root, render("report-listing.yml", {**REPORT, "problem": "It is paused or not meeting for now"}))
    assert (code, label) == (0, "needs a maintainer")
    assert (root / "groups" / "fictional-grief-circle-leeds.yml").read_text(encoding="utf-8") == national
    assert "stands for many local groups" in comment


def test_a_report_naming_no_listing_suggests_one(root: Path) -> None:
    code, _, comment, label = submit(root, render("report-listing.yml", {**REPORT, "listing": "grief circle leeds"}))
    assert (code, label) == (1, "needs changes")
    assert "Did you mean 'Fictional Grief Circle Leeds' \\(fictional-grief-circle-leeds\\)?" in comment or \
        "Did you mean 'Fictional Grief Circle Leeds' (fictional-grief-circle-leeds)?" in comment


def test_contributed_text_in_the_comment_is_inert() -> None:
    text = md("@octocat [x](https://evil.example) ![i](https://evil.example/i.png) <img src=x> `code`\n\n# heading")
    assert "@octocat" not in text and "\n" not in text
    # Every character Markdown or HTML would act on is escaped with a backslash.
    assert re.findall(r"(?<!\\)[\[\]<>`#]", text) == []
    assert md("x" * 1000).endswith("…") and len(md("x" * 1000)) == 400


def test_an_issue_made_with_an_earlier_form_still_reads(root: Path) -> None:
    # A question added to the form later (the organisation's website) is simply missing.
    body = render("add-group.yml", GROUP).replace("### Host organisation's website (optional)\n\n_No response_\n\n", "")
    code, _, comment, _ = submit(root, body)
    assert code == 0, comment
    assert written(root).name == GROUP["name"]


def test_a_missing_required_question_is_named(root: Path) -> None:
    body = render("report-listing.yml", {"listing": "fictional-grief-circle-leeds", "problem": "It has closed", "details": "x"})
    code, _, comment, label = submit(root, body.replace("### Details\n", "### Detail\n"))
    assert (code, label) == (1, "needs changes")
    assert "the issue has no 'Details' question; please open a new issue with the form that fits" in comment


def test_how_often_without_a_day_is_asked_about(root: Path) -> None:
    answers = {k: v for k, v in GROUP.items() if not k.startswith("meeting-") or k == "meeting-frequency"}
    code, _, comment, _ = submit(root, render("add-group.yml", answers))
    assert code == 1
    assert "**Day of the week**: you chose 'Every week' under 'How often'; please tick the day it meets too" in comment


def test_countries_served_in_words(root: Path) -> None:
    answers = {**GROUP, "attendance": "Online", "location-locality": None, "location-country": None,
               "area_served-countries": "UK and Ireland", "meeting-timezone": "Europe/London"}
    code, _, comment, _ = submit(root, render("add-group.yml", answers))
    assert code == 0, comment
    assert written(root).area_served.countries == ["GB", "IE"] and "'UK and Ireland' → GB, IE" in comment


def test_the_validators_sentences_use_the_forms_words(root: Path) -> None:
    code, _, comment, _ = submit(root, render("add-group.yml", {**GROUP, "meeting-frequency": "Monthly, on the weeks ticked below"}))
    assert code == 1
    assert ("- **Weeks of the month (monthly meetings only)**: a monthly meeting needs "
            "'Weeks of the month (monthly meetings only)'") in comment
    code, _, comment, _ = submit(root, render("add-group.yml", {**GROUP, "location-locality": None, "location-country": None}))
    assert code == 1
    assert "- **Where it meets**: a group that meets in person needs a 'Where it meets'" in comment
    assert "weeks_of_month" not in comment and "'location'" not in comment


def test_advocate_and_training_answers_in_words(root: Path) -> None:
    bodies = REPO / "tests" / "cases" / "issue-bodies"
    advocate = (bodies / "add-advocate.md").read_text(encoding="utf-8").replace("\nIE\n", "\nIreland\n").replace("\nen, ga\n", "\nEnglish, Irish\n")
    code, _, comment, _ = submit(root, advocate.replace("\n", "\r\n"))
    assert code == 0, comment
    training = (bodies / "add-training.md").read_text(encoding="utf-8")
    training = training.replace("\nUS-GA: Georgia", "\nGeorgia: Georgia").replace("\nen, es\n", "\nEnglish and Spanish\n")
    training = training.replace("### Provider's website\n\n_No response_", "### Provider's website\n\ntraining.example.org")
    code, _, comment, _ = submit(root, training)
    # 'Georgia' is a country and a US state: asked back, never guessed.
    assert code == 1 and "'Georgia' could be GE (the country) or US-GA (a region); write the code you mean" in comment
    code, _, comment, _ = submit(root, training.replace("\nGeorgia: Georgia", "\nUS-GA: Georgia"))
    assert code == 0, comment
    result = load_catalog(root)
    assert result.ok, result.problems
    assert result.catalog.advocates[0].languages == ["en", "ga"] and result.catalog.advocates[0].place.country == "IE"
    training_listing = result.catalog.training[0]
    assert training_listing.languages == ["en", "es"] and training_listing.provider == "fictional-recovery-network"
    provider = next(o for o in result.catalog.organizations if o.id == "fictional-recovery-network")
    assert provider.website == "https://training.example.org" and provider.country == "US"

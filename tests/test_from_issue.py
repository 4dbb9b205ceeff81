"""`peerdir from-issue`: rendered issue-form bodies -> listing files, written only if valid."""

from __future__ import annotations

import datetime as dt
import io
import shutil
from pathlib import Path

import pytest

from generator.contract.catalog import load_vocabularies, load_catalog
from generator.contributors.cli import main
from generator.contributors.forms.answers import vocabulary_term, field_for, slugify
from generator.contributors.forms.convert import FORM_ONLY_IDS, convert
from generator.contributors.forms.listing_text import set_top_level
from generator.contributors.forms.outcome import Directory
from generator.contributors.forms.parse import detect_form, load_forms, parse_body
from generator.kinds import MODELS as KINDS
from generator.contract.yaml_loader import parse_yaml_text

REPO = Path(__file__).resolve().parent.parent
FORMS = REPO / ".github" / "ISSUE_TEMPLATE"
BODIES = REPO / "tests" / "cases" / "issue-bodies"
TODAY = "2026-03-02"

EXISTING_GROUP = """\
# yaml-language-server: $schema=../../schemas/group.schema.json
id: fictional-grief-circle-leeds
name: Fictional Grief Circle Leeds
summary: A fictional peer-led group for adults living with the death of someone close, meeting every other Tuesday evening in Leeds and online.
website: https://grief-circle.example.org/leeds
attendance:
  - in_person
location:
  locality: Leeds
  country: GB
joining:
  method: open
meetings:
  - frequency: weekly
    interval: 2
    days: [tuesday]
    starts_on: 2026-01-13
    start_time: '18:30'
    end_time: '20:00'
    timezone: Europe/London
facilitation: peer_led
cost:
  kind: free
topics: [grief]
audiences: [everyone]
languages: [en]
status: active
last_reviewed: 2026-01-10
reviewed_by: example-reviewer
source: The group's page, checked 2 March 2026.
"""

PROVIDER = """\
# yaml-language-server: $schema=../../schemas/organization.schema.json
id: fictional-recovery-network
name: Fictional Recovery Network
summary: A fictional organisation that trains peer specialists in Georgia.
website: https://training.example.org/
country: US
last_reviewed: 2026-03-01
reviewed_by: example-maintainer
source: Its website, checked 1 March 2026.
"""


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    directory = tmp_path / "directory"
    shutil.copytree(REPO / "directory" / "vocabularies", directory / "vocabularies")
    monkeypatch.chdir(tmp_path)
    return directory


def run(root: Path, body: str | Path, *extra: str) -> int:
    return main(["--root", "directory", "from-issue", str(body), "--forms", str(FORMS), "--reviewed-by", "octocat", "--today", TODAY, *extra])


@pytest.fixture(scope="module")
def forms():
    return load_forms(FORMS)


@pytest.fixture(scope="module")
def vocabularies():
    vocabularies, problems, _ = load_vocabularies(REPO / "directory")
    assert not problems
    return vocabularies


def test_add_group_writes_a_valid_listing(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(root, BODIES / "add-group.md") == 0
    path = root / "groups" / "fictional-hearing-voices-circle-leeds.yml"
    out = capsys.readouterr().out
    assert f"Wrote {Path('directory/groups/fictional-hearing-voices-circle-leeds.yml')}" in out
    # The reviewer notes are printed, never written, and a '### ' line inside an answer stays in it.
    assert "note: from the submitter: There is also a monthly Saturday meeting" in out
    assert "### Not a heading we know" in out
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../schemas/group.schema.json\n")
    assert "start_time: '18:30'" in text  # quoted, so YAML 1.1 readers do not see 1110
    assert "Not a heading" not in text
    result = load_catalog(root)
    assert result.ok, result.problems
    group = result.catalog.groups[0]
    assert group.location.country == "GB"  # "United Kingdom" in the form
    assert group.location.postal_code == "LS1 1AA"
    assert group.attendance == ["in_person", "online"]
    assert group.joining.method == "open" and group.joining.link_on_request is True
    meeting = group.meetings[0]
    assert (meeting.frequency, meeting.interval, meeting.days) == ("weekly", 2, ["tuesday"])
    assert meeting.timezone == "Europe/London" and meeting.starts_on == dt.date(2026, 1, 13)
    assert group.topics == ["hearing_voices", "psychosis"]
    assert group.accessibility == ["Step-free access", "Hearing loop"]
    assert group.contact.phone == "+441134960000"
    assert group.min_age == 18 and group.new_members is True
    assert group.description.startswith("We meet in a quiet room upstairs.\n\nTea")
    assert (group.status, group.last_reviewed, group.reviewed_by) == ("active", dt.date(2026, 3, 2), "octocat")


def test_add_advocate_detects_platforms(root: Path) -> None:
    assert run(root, BODIES / "add-advocate.md") == 0
    result = load_catalog(root)
    assert result.ok, result.problems
    advocate = result.catalog.advocates[0]
    assert advocate.id == "fictional-sam-rivers"
    assert [(p.platform, p.url) for p in advocate.platforms] == [
        ("podcast", "https://sam-rivers.example.org/podcast"),
        ("youtube", "https://www.youtube.com/@fictional-sam-rivers"),
    ]
    assert advocate.entity == "person" and advocate.listing_basis == "self_submitted"
    assert advocate.languages == ["en", "ga"] and advocate.place.country == "IE"
    assert advocate.content_notes == ["Talks openly about suicidal feelings"]


def test_add_training_needs_its_provider(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # The provider is not in directory/organizations/ and no website is given for it: the form's
    # question says what to add; nothing is written.
    assert run(root, BODIES / "add-training.md") == 1
    out = capsys.readouterr().out
    assert ("Provider: 'fictional-recovery-network' is not in the directory yet; give its website under "
            "'Provider's website' so we can add it with this listing") in out
    assert "directory/" not in out and "provider:" not in out
    assert not (root / "training").exists() or not any((root / "training").iterdir())

    (root / "organizations").mkdir()
    (root / "organizations" / "fictional-recovery-network.yml").write_text(PROVIDER, encoding="utf-8")
    assert run(root, BODIES / "add-training.md") == 0
    result = load_catalog(root)
    assert result.ok, result.problems
    training = result.catalog.training[0]
    assert training.credential_type == "mental_health" and training.format == ["online", "hybrid"]
    jurisdiction = training.jurisdictions[0]
    assert (jurisdiction.country, jurisdiction.region, jurisdiction.certifying_body, jurisdiction.counts_towards) == (
        "US", "US-GA", "Georgia Certification Board", "Certified Peer Specialist (CPS)")
    cohort = training.cohorts[0]
    assert (cohort.starts_on, cohort.ends_on, cohort.application_deadline, cohort.format) == (
        dt.date(2026, 9, 7), dt.date(2026, 9, 18), dt.date(2026, 8, 14), "online")
    assert training.prerequisites.lived_experience is True and training.prerequisites.min_age == 18
    assert training.cost.kind == "paid" and training.hours == 40


def test_invalid_answers_write_nothing(root: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    body = (BODIES / "add-group.md").read_text(encoding="utf-8").replace("\n18:30\n", "\n7ish\n")
    (tmp_path / "bad.md").write_text(body, encoding="utf-8")
    assert run(root, tmp_path / "bad.md") == 1
    out = capsys.readouterr().out
    assert "Start time: '7ish' is not a time we can read; write it like 18:30 or 6:30pm" in out
    assert "meetings[0]" not in out and ".yml" not in out and str(tmp_path) not in out
    assert not (root / "groups" / "fictional-hearing-voices-circle-leeds.yml").exists()


def test_stdin_and_the_comment_file(root: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO((BODIES / "add-training.md").read_text(encoding="utf-8")))
    assert run(root, "-", "--comment", str(tmp_path / "comment.md"), "--label", str(tmp_path / "label.txt")) == 1
    comment = (tmp_path / "comment.md").read_text(encoding="utf-8")
    assert comment.startswith("Thank you for filling in the form! Before it can become a listing, please change this answer:")
    assert "- **Provider**: 'fictional-recovery-network' is not in the directory yet" in comment
    assert "edit this issue" in comment
    assert (tmp_path / "label.txt").read_text(encoding="utf-8") == "needs changes\n"


def test_dry_run_prints_and_writes_nothing(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(root, BODIES / "add-advocate.md", "--dry-run") == 0
    out = capsys.readouterr().out
    assert "listing_basis: self_submitted" in out and "Would write" in out
    assert not (root / "advocates").exists()


def test_an_existing_id_is_not_overwritten(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(root, BODIES / "add-advocate.md") == 0
    assert run(root, BODIES / "add-advocate.md") == 1
    out = capsys.readouterr().out
    assert "Short id (optional): there is already a listing 'fictional-sam-rivers'; if it is the same, use the update form" in out


def _with_existing_group(root: Path) -> Path:
    path = root / "groups" / "fictional-grief-circle-leeds.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(EXISTING_GROUP, encoding="utf-8")
    assert load_catalog(root).ok
    return path


def test_update_without_a_known_version_is_left_to_a_maintainer(root: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    # Without the version the form started from, the old text could hide someone else's change.
    path = _with_existing_group(root)
    assert run(root, BODIES / "update-edited.md", "--comment", str(tmp_path / "c.md"), "--label", str(tmp_path / "l.txt")) == 0
    out = capsys.readouterr().out
    assert "Nothing written (needs a maintainer)" in out and "edited fields (no base version, applied by hand): last_reviewed, meetings" in out
    assert path.read_text(encoding="utf-8") == EXISTING_GROUP
    assert "could not tell which version of the listing you started from" in (tmp_path / "c.md").read_text(encoding="utf-8")
    assert (tmp_path / "l.txt").read_text(encoding="utf-8") == "needs a maintainer\n"


def test_update_in_words_only_writes_nothing(root: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = _with_existing_group(root)
    assert run(root, BODIES / "update-words-only.md", "--comment", str(tmp_path / "c.md")) == 0
    out = capsys.readouterr().out
    assert "We moved to the library on Park Road" in out and "Nothing written (needs a maintainer)." in out
    assert path.read_text(encoding="utf-8") == EXISTING_GROUP
    assert "A maintainer reads what you wrote under 'What should change'" in (tmp_path / "c.md").read_text(encoding="utf-8")


def test_update_only_renewal_changes_two_lines(root: Path, tmp_path: Path) -> None:
    path = _with_existing_group(root)
    body = (BODIES / "update-words-only.md").read_text(encoding="utf-8").replace("- [ ] I have checked", "- [X] I have checked")
    body = body.replace("We moved to the library on Park Road from May.", "_No response_")
    (tmp_path / "renew.md").write_text(body, encoding="utf-8")
    assert run(root, tmp_path / "renew.md") == 0
    expected = EXISTING_GROUP.replace("last_reviewed: 2026-01-10\nreviewed_by: example-reviewer", "last_reviewed: 2026-03-02\nreviewed_by: octocat")
    assert path.read_text(encoding="utf-8") == expected


def test_update_with_no_change_still_gets_an_answer(root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _with_existing_group(root)
    body = (BODIES / "update-words-only.md").read_text(encoding="utf-8").replace("We moved to the library on Park Road from May.", "_No response_")
    (tmp_path / "same.md").write_text(body, encoding="utf-8")
    assert run(root, tmp_path / "same.md", "--comment", str(tmp_path / "c.md"), "--label", str(tmp_path / "l.txt")) == 0
    assert "changes nothing in the listing" in (tmp_path / "c.md").read_text(encoding="utf-8")
    assert (tmp_path / "l.txt").read_text(encoding="utf-8") == "needs a maintainer\n"


def test_update_cannot_change_the_id_or_miss(root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _with_existing_group(root)
    body = (BODIES / "update-edited.md").read_text(encoding="utf-8").replace("id: fictional-grief-circle-leeds\nname", "id: another-id\nname")
    (tmp_path / "rename.md").write_text(body, encoding="utf-8")
    assert run(root, tmp_path / "rename.md") == 1
    assert "Current details: the id cannot change through this form" in capsys.readouterr().out
    missing = (BODIES / "update-words-only.md").read_text(encoding="utf-8").replace("\nfictional-grief-circle-leeds\n", "\nFictional Grief Circle Leds\n")
    (tmp_path / "missing.md").write_text(missing, encoding="utf-8")
    assert run(root, tmp_path / "missing.md") == 1
    assert ("Listing: we could not find a listing called 'Fictional Grief Circle Leds'. Did you mean "
            "'Fictional Grief Circle Leeds' (fictional-grief-circle-leeds)?") in capsys.readouterr().out


def test_report_closed_sets_status_with_a_fixed_note(root: Path) -> None:
    path = _with_existing_group(root)
    assert run(root, BODIES / "report-closed.md") == 0
    text = path.read_text(encoding="utf-8")
    # The reporter's words go to the reviewer, never onto the public page.
    assert "status: closed\nstatus_note: Reported closed on 2026-03-02; checked by a maintainer.\n" in text
    assert "organisers have retired" not in text
    # Every other line is kept as written.
    assert "\n".join(line for line in text.splitlines() if not line.startswith("status")) == (
        "\n".join(line for line in EXISTING_GROUP.splitlines() if not line.startswith("status")))
    result = load_catalog(root)
    assert result.ok, result.problems
    assert result.catalog.groups[0].status == "closed"


def test_other_reports_are_left_to_a_maintainer(root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _with_existing_group(root)
    body = (BODIES / "report-closed.md").read_text(encoding="utf-8").replace("\nIt has closed\n", "\nSomething else\n")
    (tmp_path / "else.md").write_text(body, encoding="utf-8")
    assert run(root, tmp_path / "else.md", "--comment", str(tmp_path / "c.md"), "--label", str(tmp_path / "l.txt")) == 0
    assert "Nothing written (needs a maintainer)." in capsys.readouterr().out
    assert path.read_text(encoding="utf-8") == EXISTING_GROUP
    assert "A maintainer checks the listing against your report" in (tmp_path / "c.md").read_text(encoding="utf-8")
    assert (tmp_path / "l.txt").read_text(encoding="utf-8") == "needs a maintainer\n"


def test_a_body_from_no_form_is_refused(root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "blank.md").write_text("Please add my group, it meets on Tuesdays.\n", encoding="utf-8")
    assert run(root, tmp_path / "blank.md") == 1
    assert "this issue was not made with one of the directory's forms" in capsys.readouterr().out


# ----------------------------------------------------------------------------- the pure parts


@pytest.mark.parametrize("name, form_file", [
    ("add-group", "add-group.yml"), ("add-advocate", "add-advocate.yml"), ("add-training", "add-training.yml"),
    ("update-edited", "update-listing.yml"), ("update-words-only", "update-listing.yml"), ("report-closed", "report-listing.yml"),
])
def test_each_body_is_matched_to_its_form(forms, name: str, form_file: str) -> None:
    body = (BODIES / f"{name}.md").read_text(encoding="utf-8")
    assert detect_form(body, forms).file == form_file
    # GitHub may deliver the body with Windows line endings.
    assert detect_form(body.replace("\n", "\r\n"), forms).file == form_file


def test_answers_are_parsed_as_github_renders_them(forms) -> None:
    form = next(f for f in forms if f.file == "add-group.yml")
    answers = parse_body((BODIES / "add-group.md").read_text(encoding="utf-8"), form)
    assert answers["id"] is None  # _No response_
    assert answers["attendance"] == ["In person", "Online"]  # a multiple-choice dropdown
    assert answers["meeting-days"] == ["Tuesday"]  # ticked checkboxes only
    assert answers["meeting-weeks_of_month"] == []
    assert answers["meeting-frequency"] == ["Every two weeks"]
    update = next(f for f in forms if f.file == "update-listing.yml")
    current = parse_body((BODIES / "update-edited.md").read_text(encoding="utf-8"), update)["current"]
    assert current.startswith("id: fictional-grief-circle-leeds\n") and "```" not in current


def test_values_are_written_safely(forms, vocabularies) -> None:
    body = (BODIES / "add-advocate.md").read_text(encoding="utf-8")
    tricky = "NO: yes\n- !!python/object/apply:os.system ['true']\n&a *a {x: 1} # '18:30'"
    body = body.replace("\nFictional Sam Rivers\n", "\nNO\n").replace("_No response_", tricky, 1)  # the id answer... then description
    form = next(f for f in forms if f.file == "add-advocate.yml")
    answers = parse_body(body, form)
    conversion = convert(body, forms, vocabularies, today=dt.date(2026, 3, 2), reviewed_by="yes", directory=Directory(lambda _: None))
    data = parse_yaml_text(conversion.text).data
    assert data["name"] == "NO" and data["reviewed_by"] == "yes"
    assert answers["id"] == tricky
    assert conversion.listing_id == slugify(tricky) and data["id"] == conversion.listing_id


def test_every_add_form_field_is_a_model_field(forms, vocabularies) -> None:
    adds = [f for f in forms if f.action in KINDS]
    assert {f.action for f in adds} == {"groups", "advocates", "training"}
    for form in adds:
        model = KINDS[form.action]
        for element in form.elements:
            if element.id in FORM_ONLY_IDS:
                continue
            found = field_for(model, element.id)
            assert found is not None, f"{form.file}: '{element.id}' is not a field of {model.__name__}"
            path, info = found
            vocabulary = (info.json_schema_extra or {}).get("x-vocabulary") if isinstance(info.json_schema_extra, dict) else None
            annotation_text = repr(info.annotation)
            for name in vocabularies:
                if f"'x-vocabulary': '{name}'" in annotation_text:
                    vocabulary = name
            if vocabulary and element.options:
                for option in element.options:
                    assert vocabulary_term(option, vocabularies[vocabulary]) in vocabularies[vocabulary].terms, (
                        f"{form.file}: option '{option}' of '{element.id}' is not a term of {vocabulary}")


def test_set_top_level_keeps_other_lines() -> None:
    text = "a: 1\nstatus: active\nnote: |\n  two\n  lines\nz: 2\n"
    assert set_top_level(text, "note", "one") == "a: 1\nstatus: active\nnote: one\nz: 2\n"
    assert set_top_level(text, "status_note", "Closed: for good", after="status") == (
        "a: 1\nstatus: active\nstatus_note: 'Closed: for good'\nnote: |\n  two\n  lines\nz: 2\n")
    assert set_top_level(text, "when", "2026-03-02") == text + "when: 2026-03-02\n"


def test_slugify() -> None:
    assert slugify("Café Crème — Leeds (Tuesdays)") == "cafe-creme-leeds-tuesdays"
    assert len(slugify("word " * 40)) <= 80

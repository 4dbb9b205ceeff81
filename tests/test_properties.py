"""Property tests: no input crashes the loader or validator; valid listings round-trip."""

from __future__ import annotations

import sys
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.contract.catalog import validate_document, load_catalog
from generator.kinds import MODELS as KINDS
from generator.contract.problems import Problem
from generator.contract.yaml_loader import LoadedDocument, YamlProblem, load_yaml_file, parse_yaml_text

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
from benchmarks import fictional  # noqa: E402

FIXTURE = REPO / "tests" / "fixtures" / "directory"
CATALOG = load_catalog(FIXTURE).catalog
CONTEXT = {"vocabularies": CATALOG.vocabularies}
MAKERS = {"groups": fictional.fictional_group, "advocates": fictional.fictional_advocate, "training": fictional.fictional_training}
ORGS = ["fictional-harbour-peer-network"]
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6), st.floats(allow_nan=False, width=32), st.text(max_size=30),
                    st.sampled_from(["NO", "yes", "on", "18:30", "012345", "1e3", "~", "2026-02-30", "+44", "<b>x</b>"]))
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4), max_leaves=12)


def validate(folder: str, data: object) -> list[Problem]:
    document = LoadedDocument(data=data if isinstance(data, dict) else {"x": data})
    record, problems = validate_document(KINDS[folder], document, "x.yml", folder, CONTEXT)
    assert (record is None) == bool(problems)
    assert all(isinstance(p, Problem) and p.message for p in problems)
    return problems


@SETTINGS
@given(st.text(max_size=300))
def test_random_text_never_crashes_the_loader(text: str) -> None:
    try:
        parse_yaml_text(text)
    except YamlProblem as problem:
        assert problem.line >= 1 and problem.message
    except RecursionError:
        pass


@SETTINGS
@given(st.binary(max_size=300))
def test_random_bytes_never_crash_load_yaml_file(tmp_path_factory, raw: bytes) -> None:
    path = tmp_path_factory.mktemp("b") / "x.yml"
    path.write_bytes(raw)
    result = load_yaml_file(path, "x.yml")
    assert isinstance(result, (Problem, LoadedDocument))


@SETTINGS
@given(st.sampled_from(sorted(MAKERS)), st.integers(0, 500), st.data())
def test_mutated_listings_give_problems_not_exceptions(folder: str, index: int, data: st.DataObject) -> None:
    listing = MAKERS[folder](index, organizations=ORGS)
    keys = sorted(listing)
    action = data.draw(st.sampled_from(["delete", "rename", "replace", "add"]))
    key = data.draw(st.sampled_from(keys))
    if action == "delete":
        del listing[key]
    elif action == "rename":
        listing[key + data.draw(st.text(min_size=1, max_size=3))] = listing.pop(key)
    elif action == "replace":
        listing[key] = data.draw(values)
    else:
        listing[data.draw(st.text(max_size=8))] = data.draw(values)
    text = yaml.safe_dump(listing, allow_unicode=True, sort_keys=False)
    document = parse_yaml_text(text)
    _, problems = validate_document(KINDS[folder], document, "x.yml", folder, CONTEXT)
    assert all(p.line >= 1 for p in problems)


@SETTINGS
@given(st.sampled_from(sorted(MAKERS)), st.integers(0, 10_000))
def test_valid_listings_round_trip(folder: str, index: int) -> None:
    listing = MAKERS[folder](index, organizations=ORGS)
    assert validate(folder, listing) == []
    model = KINDS[folder].model_validate(listing, context=CONTEXT)
    text = yaml.safe_dump(model.model_dump(mode="json", exclude_none=True), allow_unicode=True, sort_keys=False)
    again = KINDS[folder].model_validate(parse_yaml_text(text).data, context=CONTEXT)
    assert again == model


@SETTINGS
@given(st.text(alphabet=st.sampled_from(list("ab: -[]{}'\"\n#&*!|>?,0123456789\t")), max_size=80))
def test_c_and_python_parsers_agree_on_yamlish_text(text: str) -> None:
    def outcome(fast: bool):
        try:
            doc = parse_yaml_text(text, fast=fast)
            return ("ok", doc.data, doc.lines)
        except YamlProblem as problem:
            return ("problem", problem.line, problem.field, problem.message)
        except RecursionError:
            return ("recursion",)

    slow = outcome(False)
    # Whatever PyYAML's parser accepts, libyaml's path loads identically (data and every line).
    # libyaml is more lenient on a few malformed texts (e.g. '|#'), so refusals are not compared.
    if slow[0] == "ok":
        assert outcome(True) == slow


@given(st.dictionaries(st.text(max_size=12), st.text(max_size=200), max_size=5))
@SETTINGS
def test_form_encode_is_urlencode(params: dict[str, str]) -> None:
    from urllib.parse import urlencode

    from generator.pages.common import form_encode

    assert form_encode(params) == urlencode(params)


@given(st.sampled_from(["form", "mail"]), st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200),
       st.text(max_size=40, alphabet=st.characters(blacklist_categories=("Cs",))),
       st.text(max_size=40, alphabet=st.characters(blacklist_categories=("Cs",))))
@SETTINGS
def test_a_suggestion_knows_its_length_without_encoding(kind: str, appended: str, before: str, title: str) -> None:
    from generator.pages.common import Suggestion

    suggestion = Suggestion(kind, "https://example.org/issues/new?template=x", appended, None, before, title)
    assert suggestion.full_length == len(suggestion.full)

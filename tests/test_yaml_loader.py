"""The strict loader: YAML 1.2 scalars, duplicate keys, line numbers, and refusals."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.contract import yaml_loader
from generator.contract.problems import Problem
from generator.contract.yaml_loader import MAX_FILE_BYTES, MAX_NODES, LoadedDocument, YamlProblem, load_yaml_file, parse_yaml_text


def value(text: str):
    return parse_yaml_text(f"v: {text}\n").data["v"]


@pytest.mark.parametrize(
    "text",
    ["NO", "no", "No", "yes", "Yes", "YES", "on", "On", "off", "OFF", "y", "n", "18:30", "1:30:00", "012345", "0123", "1e3",
     "1E3", "0x1F", "0o17", "0b101", ".inf", "-.inf", ".nan", "1_000", "+1", "2026-01-31", "2026-01-31 18:30:00", "=", "<<"],
)
def test_yaml_11_specials_stay_text(text: str) -> None:
    if text == "+1":
        assert value(text) == 1  # plain decimal with a sign is a number
        return
    assert value(text) == text


@pytest.mark.parametrize("text, expected", [("true", True), ("false", False), ("True", True), ("FALSE", False),
                                            ("null", None), ("~", None), ("", None), ("42", 42), ("-7", -7),
                                            ("0", 0), ("3.5", 3.5), ("-0.25", -0.25)])
def test_yaml_12_core_scalars(text: str, expected: object) -> None:
    result = value(text)
    assert result == expected and type(result) is type(expected)


@pytest.mark.parametrize("text", ['"true"', "'false'", '"null"', "'42'", '"3.5"', "''"])
def test_quoted_scalars_are_always_text(text: str) -> None:
    assert isinstance(value(text), str)


def test_dates_and_times_are_not_constructed() -> None:
    data = parse_yaml_text("a: 2026-01-31\nb: 2026-01-31T10:00:00Z\nc: 18:30\n").data
    assert data == {"a": "2026-01-31", "b": "2026-01-31T10:00:00Z", "c": "18:30"}


def test_duplicate_keys_name_both_lines() -> None:
    with pytest.raises(YamlProblem) as caught:
        parse_yaml_text("a: 1\nb:\n  c: 2\n  d: 3\n  c: 4\n")
    assert caught.value.line == 5
    assert caught.value.field == "b.c"
    assert "lines 3 and 5" in caught.value.message


def test_lines_of_keys_and_list_items() -> None:
    doc = parse_yaml_text("# comment\nid: x\nitems:\n  - a\n  -\n    k: v\n    m: [1, 2]\nlast: z\n")
    assert doc.lines[("id",)] == 2
    assert doc.lines[("items",)] == 3
    assert doc.lines[("items", 0)] == 4
    assert doc.lines[("items", 1)] == 6
    assert doc.lines[("items", 1, "k")] == 6
    assert doc.lines[("items", 1, "m", 1)] == 7
    assert doc.lines[("last",)] == 8
    assert doc.lines[()] == 2


def test_line_of_a_missing_key_is_its_nearest_parent() -> None:
    doc = parse_yaml_text("id: x\ncost:\n  note: y\n")
    assert doc.line_of(("cost", "kind")) == 2
    assert doc.line_of(("cost", "note")) == 3
    assert doc.line_of(("absent", "deeper", 3)) == 1
    assert LoadedDocument(data={}).line_of(("x",)) == 1


@pytest.mark.parametrize(
    "text, fragment",
    [
        ("a: !!python/object/apply:os.system ['echo hi']\n", "'!!python/object/apply:os.system'"),
        ("a: !!python/name:os.system\n", "!!python/name:os.system"),
        ("a: !foo bar\n", "'!foo'"),
        ("a: !!set {x, y}\n", "'!!set'"),
        ("a: !!binary aGVsbG8=\n", "'!!binary'"),
        ("a: !!timestamp 2026-01-01\n", "'!!timestamp'"),
        ("a: !custom [1, 2]\n", "'!custom'"),
        ("a: !!str 12\n", None),
    ],
)
def test_tags(text: str, fragment: str | None) -> None:
    if fragment is None:
        assert parse_yaml_text(text).data == {"a": "12"}
        return
    with pytest.raises(YamlProblem) as caught:
        parse_yaml_text(text)
    assert fragment in caught.value.message and "not allowed" in caught.value.message


def test_python_objects_are_never_constructed(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    text = f"a: !!python/object/apply:pathlib.Path.touch [!!python/object/apply:pathlib.Path ['{marker}']]\n"
    with pytest.raises(YamlProblem):
        parse_yaml_text(text)
    assert not marker.exists()


def test_anchors_within_the_budget_expand() -> None:
    assert parse_yaml_text("a: &x [1, 2]\nb: *x\n").data == {"a": [1, 2], "b": [1, 2]}


def test_alias_bomb_is_refused_quickly() -> None:
    text = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n" for i in range(8)
    )
    with pytest.raises(YamlProblem) as caught:
        parse_yaml_text(text)
    assert f"more than {MAX_NODES} values" in caught.value.message


def test_self_referencing_alias() -> None:
    with pytest.raises(YamlProblem) as caught:
        parse_yaml_text("a: &loop [1, *loop]\n")
    assert "refers to itself" in caught.value.message


def test_merge_keys_are_refused() -> None:
    with pytest.raises(YamlProblem) as caught:
        parse_yaml_text("base: &b {x: 1}\nother:\n  <<: *b\n")
    assert "merge keys" in caught.value.message and caught.value.line == 3


@pytest.mark.parametrize("text, line", [("- a\n- b\n", 1), ("just text\n", 1), ("# only a comment\n", 1), ("", 1), ("42\n", 1),
                                        ("# c\n\n[1, 2]\n", 3)])
def test_top_level_must_be_a_mapping(text: str, line: int) -> None:
    with pytest.raises(YamlProblem) as caught:
        parse_yaml_text(text)
    assert caught.value.line == line
    assert "empty" in caught.value.message or "not a list or a single value" in caught.value.message


@pytest.mark.parametrize(
    "text, line, fragment",
    [("a: 1\n\tb: 2\n", 2, "tab"), ("a: 'open\nb: 2\n", 3, "not valid YAML"), ("a: [1, 2\n", 2, "not valid YAML"),
     ("a: b: c\n", 1, "':'"), ("a: 1\n  b: 2\n", 2, "':'"), ("a: \x07\n", 1, "control character")],
)
def test_syntax_errors_have_a_line(text: str, line: int, fragment: str) -> None:
    with pytest.raises(YamlProblem) as caught:
        parse_yaml_text(text)
    assert caught.value.line == line
    assert fragment in caught.value.message


def test_keys_must_be_plain_text() -> None:
    with pytest.raises(YamlProblem, match="field name must be plain text"):
        parse_yaml_text("? [a, b]\n: c\n")
    assert parse_yaml_text("1: a\ntrue: b\n").data == {"1": "a", "true": "b"}


def _load(tmp_path: Path, raw: bytes) -> LoadedDocument | Problem:
    path = tmp_path / "x.yml"
    path.write_bytes(raw)
    return load_yaml_file(path, "shown/x.yml")


def test_file_not_utf8(tmp_path: Path) -> None:
    problem = _load(tmp_path, b"a: 1\nb: caf\xe9\n")
    assert problem == Problem("shown/x.yml", 2, "", "the file is not UTF-8 text; save it with UTF-8 encoding")


def test_file_over_the_limit(tmp_path: Path) -> None:
    problem = _load(tmp_path, b"a: 1\n" + b"#" * MAX_FILE_BYTES)
    assert isinstance(problem, Problem) and "at most 256 KB" in problem.message


def test_file_at_the_limit_is_read(tmp_path: Path) -> None:
    raw = b"a: 1\n"
    loaded = _load(tmp_path, raw + b"#" * (MAX_FILE_BYTES - len(raw)))
    assert isinstance(loaded, LoadedDocument) and loaded.data == {"a": 1}


def test_bom_is_removed_and_nul_refused(tmp_path: Path) -> None:
    loaded = _load(tmp_path, b"\xef\xbb\xbfa: x\n")
    assert isinstance(loaded, LoadedDocument) and loaded.data == {"a": "x"}
    problem = _load(tmp_path, b"a: x\nb: \x00\n")
    assert isinstance(problem, Problem) and problem.line == 2 and "NUL" in problem.message


def test_missing_file_is_a_problem_not_an_exception(tmp_path: Path) -> None:
    problem = load_yaml_file(tmp_path / "absent.yml", "absent.yml")
    assert isinstance(problem, Problem) and "cannot be read" in problem.message


def test_deep_nesting_is_a_problem(tmp_path: Path) -> None:
    problem = _load(tmp_path, b"a: " + b"[" * 5000 + b"]" * 5000 + b"\n")
    assert isinstance(problem, Problem)


def test_multiple_documents_are_refused() -> None:
    with pytest.raises(YamlProblem):
        parse_yaml_text("a: 1\n---\nb: 2\n")


def test_c_and_python_parsers_agree() -> None:
    if not getattr(yaml_loader, "_C_LOADER", None):
        pytest.skip("libyaml is not available")
    text = (Path(__file__).parent / "fixtures/directory/groups/fictional-riverside-circle.yml").read_text()
    fast = parse_yaml_text(text)
    slow = yaml_loader.parse_yaml_text(text, fast=False)
    assert fast.data == slow.data and fast.lines == slow.lines
    for bad in ("a: 1\na: 2\n", "a: 'x\n", "a: !foo x\n", "- 1\n", "a: \t\n\tb: 1\n"):
        with pytest.raises(YamlProblem) as c_error:
            parse_yaml_text(bad)
        with pytest.raises(YamlProblem) as py_error:
            yaml_loader.parse_yaml_text(bad, fast=False)
        assert (c_error.value.line, c_error.value.field) == (py_error.value.line, py_error.value.field), bad


RAW_PARSER_WORDS = ("token", "<block end>", "<scalar>", "found character", "expected", "while scanning", "while parsing", "mapping values")


@pytest.mark.parametrize("text", [
    "a: @b\n", "a: `b`\n", "a: b\n c: d\n", "a: 'b\n", 'a: "b\n', "a: [b, c\n", "a: {b: c\n", "a: *nothing\n", "a: b\n---\nc: d\n",
    "a: \"\\q\"\n", "- a\nb: c\n", "a:\n  - b\n  c: d\n", "a: b: c\n", "a: |0\n  x\n", "a: &x b\nc: &x d\n", "\ta: b\n",
    "a: b\n...\nc\n", "? [a\n", "a: %b\n", "a: >-x\n",
])
def test_no_raw_parser_text_in_messages(text: str) -> None:
    with pytest.raises(YamlProblem) as caught:
        parse_yaml_text(text)
    message = caught.value.message
    assert not any(word in message for word in RAW_PARSER_WORDS), message
    assert message.startswith("this is not valid YAML") or "'" in message

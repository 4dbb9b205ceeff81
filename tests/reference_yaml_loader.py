"""The YAML loader as it was before its fast path (commit 4ffa5ae), kept as the oracle that
tests/test_loader_equivalence.py compares the current loader with: same data, same line of
every key and item, same problems. Test code only; do not import it from generator/.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from generator.contract.problems import Problem

MAX_FILE_BYTES = 256 * 1024
# Nodes built from one file, aliases counted each time they are expanded ("billion laughs").
MAX_NODES = 20_000

FieldPath = tuple[str | int, ...]

_TAG_STR = "tag:yaml.org,2002:str"
_TAG_INT = "tag:yaml.org,2002:int"
_TAG_FLOAT = "tag:yaml.org,2002:float"
_TAG_BOOL = "tag:yaml.org,2002:bool"
_TAG_NULL = "tag:yaml.org,2002:null"
_TAG_MAP = "tag:yaml.org,2002:map"
_TAG_SEQ = "tag:yaml.org,2002:seq"

_INT = re.compile(r"^[-+]?(0|[1-9][0-9]*)$")
_FLOAT = re.compile(r"^[-+]?(0|[1-9][0-9]*)\.[0-9]+$")


_PLAIN = re.compile(
    r"^(?:(?P<bool>true|True|TRUE|false|False|FALSE)|(?P<null>~|null|Null|NULL|)"
    r"|(?P<int>[-+]?(?:0|[1-9][0-9]*))|(?P<float>[-+]?(?:0|[1-9][0-9]*)\.[0-9]+))$"
)
_TYPED_STARTS = frozenset("tTfFnN~-+0123456789")
_PLAIN_TAGS = {"bool": _TAG_BOOL, "null": _TAG_NULL, "int": _TAG_INT, "float": _TAG_FLOAT}


class _Resolver(yaml.resolver.BaseResolver):
    """YAML 1.2 core booleans and null; numbers only in plain decimal notation; the rest is text.

    One regular expression instead of PyYAML's table walk: it runs for every scalar of every file.
    """

    def resolve(self, kind: type, value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is ScalarNode:
            # Only plain scalars starting like a boolean, null or number need the expression.
            if implicit[0] and (not value or value[0] in _TYPED_STARTS):
                match = _PLAIN.match(value)
                if match:
                    return _PLAIN_TAGS[match.lastgroup]  # type: ignore[index]
            return _TAG_STR
        return _TAG_SEQ if kind is SequenceNode else _TAG_MAP


class _ComposingLoader(
    yaml.reader.Reader,
    yaml.scanner.Scanner,
    yaml.parser.Parser,
    yaml.composer.Composer,
    _Resolver,
):
    def __init__(self, stream: str) -> None:
        yaml.reader.Reader.__init__(self, stream)
        yaml.scanner.Scanner.__init__(self)
        yaml.parser.Parser.__init__(self)
        yaml.composer.Composer.__init__(self)
        _Resolver.__init__(self)


try:  # libyaml composes ~10x faster; it calls the same resolver and gives the same marks.
    from yaml._yaml import CParser as _CParser
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    _CParser = None

if _CParser is not None:

    class _CComposingLoader(_CParser, _Resolver):  # type: ignore[misc, valid-type]
        def __init__(self, stream: str) -> None:
            _CParser.__init__(self, stream)
            _Resolver.__init__(self)

    _C_LOADER: type | None = _CComposingLoader
else:  # pragma: no cover
    _C_LOADER = None


@dataclass
class LoadedDocument:
    """The plain data of one file and the line of every key and list item in it."""

    data: dict[str, Any]
    lines: dict[FieldPath, int] = field(default_factory=dict)
    first_line: str = ""  # as written, for the schema-line check without reading the file again

    def line_of(self, path: FieldPath) -> int:
        """The line of `path`, or of its nearest parent that exists (for a missing key)."""
        for cut in range(len(path), -1, -1):
            line = self.lines.get(tuple(path[:cut]))
            if line is not None:
                return line
        return 1


class YamlProblem(Exception):
    def __init__(self, line: int, field: str, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.field = field
        self.message = message


def _field_name(path: FieldPath) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


class _Builder:
    def __init__(self) -> None:
        self.lines: dict[FieldPath, int] = {}
        self.budget = MAX_NODES
        self.active: set[int] = set()

    def build(self, node: Node, path: FieldPath) -> Any:
        self.budget -= 1
        if type(node) is ScalarNode and node.tag == _TAG_STR and self.budget >= 0:
            return node.value  # most values: plain text, the fast way
        if self.budget < 0:
            raise YamlProblem(
                node.start_mark.line + 1,
                _field_name(path),
                f"the file expands to more than {MAX_NODES} values; "
                "anchors and aliases (& and *) may only be used sparingly",
            )
        if id(node) in self.active:
            raise YamlProblem(node.start_mark.line + 1, _field_name(path), "an alias (*) refers to itself")
        if isinstance(node, MappingNode):
            return self._mapping(node, path)
        if isinstance(node, SequenceNode):
            if node.tag != _TAG_SEQ:
                raise self._tag_problem(node, path)
            self.active.add(id(node))
            items = []
            for index, item in enumerate(node.value):
                self.lines[path + (index,)] = item.start_mark.line + 1
                items.append(self.build(item, path + (index,)))
            self.active.discard(id(node))
            return items
        assert isinstance(node, ScalarNode)
        return self._scalar(node, path)

    def _tag_problem(self, node: Node, path: FieldPath) -> YamlProblem:
        tag = "!!" + node.tag.removeprefix("tag:yaml.org,2002:") if node.tag.startswith("tag:yaml.org,2002:") else node.tag
        return YamlProblem(
            node.start_mark.line + 1,
            _field_name(path),
            f"the tag '{tag}' is not allowed; write plain values without '!' tags",
        )

    def _mapping(self, node: MappingNode, path: FieldPath) -> dict[str, Any]:
        if node.tag != _TAG_MAP:
            raise self._tag_problem(node, path)
        self.active.add(id(node))
        result: dict[str, Any] = {}
        first_line: dict[str, int] = {}
        lines = self.lines
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            if type(key_node) is ScalarNode and key_node.tag == _TAG_STR and key_node.value != "<<":
                key = key_node.value  # the usual case, checked the short way
                if key not in first_line and type(value_node) is ScalarNode and value_node.tag == _TAG_STR:
                    self.budget -= 1
                    first_line[key] = line
                    lines[path + (key,)] = line
                    result[key] = value_node.value
                    continue
            if key_node.tag == "tag:yaml.org,2002:merge" or (isinstance(key_node, ScalarNode) and key_node.value == "<<" and not key_node.style):
                raise YamlProblem(line, _field_name(path), "merge keys ('<<') are not allowed; write each field out")
            if not isinstance(key_node, ScalarNode) or key_node.tag not in (_TAG_STR, _TAG_INT, _TAG_BOOL, _TAG_NULL, _TAG_FLOAT):
                raise YamlProblem(line, _field_name(path), "a field name must be plain text")
            key = str(key_node.value)
            if key in first_line:
                raise YamlProblem(
                    line,
                    _field_name(path + (key,)),
                    f"'{key}' is given twice, on lines {first_line[key]} and {line}; keep only one",
                )
            first_line[key] = line
            self.lines[path + (key,)] = line
            result[key] = self.build(value_node, path + (key,))
        self.active.discard(id(node))
        return result

    def _scalar(self, node: ScalarNode, path: FieldPath) -> Any:
        value = node.value
        if node.tag == _TAG_STR:
            return value
        # Quoted scalars are always text; the resolver only types plain ones.
        # Plain style is None from PyYAML's parser and '' from libyaml's.
        if node.tag == _TAG_NULL and not node.style:
            return None
        if node.tag == _TAG_BOOL and not node.style:
            return value.lower() == "true"
        if node.tag == _TAG_INT and _INT.match(value):
            return int(value)
        if node.tag == _TAG_FLOAT and _FLOAT.match(value):
            return float(value)
        raise self._tag_problem(node, path)


# PyYAML's wording of common mistakes -> what to do about them.
_SYNTAX_HINTS = (
    ("found character '\\t' that cannot start any token", "a tab character: indent with spaces, never tabs"),
    ("found a tab character", "a tab character: indent with spaces, never tabs"),
    ("mapping values are not allowed here", "a ':' where no field can start: check the indentation, and put text containing ': ' in quotes"),
    ("expected <block end>, but found", "the indentation or the quotes do not match: check this line and the one before"),
    ("found unexpected end of stream", "a quote or bracket is not closed"),
)


def _syntax_problem(problem: str) -> str:
    for pitfall, hint in _SYNTAX_HINTS:
        if problem.startswith(pitfall):
            return f"this is not valid YAML: {hint} ({problem})"
    return f"this is not valid YAML: {problem}"


def _compose_fast(text: str) -> tuple[bool, Node | None]:
    """(True, root) from libyaml, or (False, None) when it is missing or finds a problem."""
    if _C_LOADER is None or "\t" in text:  # libyaml accepts some tabs that PyYAML (and our messages) refuse
        return False, None
    loader = _C_LOADER(text)
    try:
        return True, loader.get_single_node()
    except yaml.YAMLError:
        return False, None  # the pure-Python parser words the problem (the same words as ever)
    finally:
        loader.dispose()


def parse_yaml_text(text: str, fast: bool = True) -> LoadedDocument:
    """Parse one YAML document; raises YamlProblem with the line of the first problem."""
    done, root = _compose_fast(text) if fast else (False, None)
    if not done:
        root = _compose_python(text)
    if root is None:
        raise YamlProblem(1, "", "the file is empty; a listing is a set of 'field: value' lines")
    if not isinstance(root, MappingNode):
        raise YamlProblem(root.start_mark.line + 1, "", "a listing must be a set of 'field: value' lines, not a list or a single value")
    builder = _Builder()
    builder.lines[()] = root.start_mark.line + 1  # a missing top-level field is reported here
    data = builder.build(root, ())
    return LoadedDocument(data=data, lines=builder.lines)


def _compose_python(text: str) -> Node | None:
    loader = None
    try:
        loader = _ComposingLoader(text)
        root = loader.get_single_node()
    except yaml.reader.ReaderError as error:
        line = text[: error.position].count("\n") + 1
        raise YamlProblem(line, "", f"contains an invisible control character (#x{error.character:04x}); retype the text") from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        problem = (error.problem or error.context or "the file is not valid YAML").strip()
        raise YamlProblem(line, "", _syntax_problem(problem)) from None
    except yaml.YAMLError as error:
        raise YamlProblem(1, "", f"this is not valid YAML: {error}") from None
    finally:
        if loader is not None:
            loader.dispose()
    return root


def load_yaml_file(path: Path, display: str) -> LoadedDocument | Problem:
    """Read and parse one listing file, or return the one problem that stops it being read."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return Problem(display, 1, "", f"the file is {size // 1024} KB; a listing file may be at most {MAX_FILE_BYTES // 1024} KB")
        raw = path.read_bytes()
    except OSError as error:
        return Problem(display, 1, "", f"the file cannot be read: {error.strerror or error}")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return Problem(display, line, "", "the file is not UTF-8 text; save it with UTF-8 encoding")
    text = text.removeprefix("\ufeff")
    if "\x00" in text:
        return Problem(display, text[: text.index("\x00")].count("\n") + 1, "", "the file contains a NUL character; it is not a text file")
    try:
        document = parse_yaml_text(text)
        document.first_line = text.split("\n", 1)[0].strip()
        return document
    except YamlProblem as problem:
        return Problem(display, problem.line, problem.field, problem.message)
    except RecursionError:
        return Problem(display, 1, "", "the file is nested too deeply to be a listing")

"""A strict YAML reader for listing files.

PyYAML follows YAML 1.1, where `NO` is False, `18:30` is 1110 and `012` is octal. We compose
the document into nodes with a resolver of our own, then build plain dicts, lists and scalars
ourselves, typing plain scalars on the way (only `true`/`false`, `null` and plain decimal
numbers are anything but text), so no Python object is ever constructed from the file. Every
key and list item keeps its line.
"""

from __future__ import annotations

import operator
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from generator.contract.problems import Problem
from generator.contract.yaml_syntax import (  # noqa: F401 (MAX_DEPTH, FieldPath: part of this module's interface)
    COMMENT_AFTER_TEXT, MAX_DEPTH, FieldPath, YamlProblem, check_text_cut_by_comment, depth_problem, field_name, syntax_problem,
)

MAX_FILE_BYTES = 256 * 1024
# Nodes built from one file, aliases counted each time they are expanded ("billion laughs").
MAX_NODES = 20_000
# Digits of a plain number: Python refuses to convert integers of more than 4,300 digits, and no
# field wants more than a few.
MAX_NUMBER_DIGITS = 100


_TAG_STR = "tag:yaml.org,2002:str"
_TAG_INT = "tag:yaml.org,2002:int"
_TAG_FLOAT = "tag:yaml.org,2002:float"
_TAG_BOOL = "tag:yaml.org,2002:bool"
_TAG_NULL = "tag:yaml.org,2002:null"
_TAG_MAP = "tag:yaml.org,2002:map"
_TAG_SEQ = "tag:yaml.org,2002:seq"

_TAG_MERGE = "tag:yaml.org,2002:merge"
_intern = sys.intern
_KEY_TAGS = (_TAG_STR, _TAG_INT, _TAG_BOOL, _TAG_NULL, _TAG_FLOAT)

_INT = re.compile(r"^[-+]?(0|[1-9][0-9]*)$")
_FLOAT = re.compile(r"^[-+]?(0|[1-9][0-9]*)\.[0-9]+$")

# YAML 1.2 core, as far as this project reads it: these exact words are booleans or null, plain
# decimals are numbers, every other plain scalar is text.
_WORD_TAGS = {
    **dict.fromkeys(("true", "True", "TRUE", "false", "False", "FALSE"), _TAG_BOOL),
    **dict.fromkeys(("~", "null", "Null", "NULL", ""), _TAG_NULL),
}
_NUMBER = re.compile(r"[-+]?(?:0|[1-9][0-9]*)(\.[0-9]+)?$")
_NUMBER_STARTS = frozenset("-+0123456789")
# A plain scalar starting with none of these is text: the test that settles most scalars.
_TYPED_STARTS = frozenset("tTfFnN~-+0123456789")


def _plain_tag(value: str) -> str:
    """The tag of a plain (unquoted, untagged) scalar: bool, null, int, float or str."""
    tag = _WORD_TAGS.get(value)
    if tag is not None:
        return tag
    if value[0] in _NUMBER_STARTS:  # not empty: '' is null
        match = _NUMBER.match(value)
        if match:
            return _TAG_FLOAT if match.group(1) else _TAG_INT
    return _TAG_STR


class _Resolver(yaml.resolver.BaseResolver):
    """Leaves the type of plain scalars to the builder; everything else is decided here.

    PyYAML calls `resolve` for every node of every file, so it does the least it can: a plain
    scalar (or one tagged '!') gets the tag None and `_Builder` types it only if its first
    character could start a boolean, null or number (`_plain_tag`); a quoted scalar is text.
    """

    def resolve(self, kind: type, value: Any, implicit: Any) -> str | None:
        if kind is ScalarNode:
            return None if implicit[0] else _TAG_STR
        return _TAG_SEQ if kind is SequenceNode else _TAG_MAP

    # PyYAML also calls these around every node, for path resolvers, which we never register.
    # A builtin that takes the same arguments and whose result is ignored is the cheapest no-op.
    descend_resolver = staticmethod(operator.is_)
    ascend_resolver = staticmethod(tuple)


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
        """CParser's own __init__ only: the resolver keeps no state (it has no path resolvers)."""

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


class _Builder:
    """Plain dicts, lists and scalars from the composed nodes, and the line of every key and item.

    Every value counts against a budget (an alias counts each time it is expanded). Text
    scalars, the most common values, are taken in the loops over mappings and sequences;
    everything else goes through `build`, which checks the budget first.
    """

    def __init__(self) -> None:
        self.lines: dict[FieldPath, int] = {}
        self.budget = MAX_NODES
        self.active: set[int] = set()

    def build(self, node: Node, path: FieldPath) -> Any:
        self.budget -= 1
        if self.budget < 0:
            raise YamlProblem(
                node.start_mark.line + 1,
                field_name(path),
                f"the file expands to more than {MAX_NODES} values; "
                "anchors and aliases (& and *) may only be used sparingly",
            )
        if id(node) in self.active:
            raise YamlProblem(node.start_mark.line + 1, field_name(path), "an alias (*) refers to itself")
        kind = type(node)
        if kind is MappingNode:
            return self._mapping(node, path)
        if kind is SequenceNode:  # here rather than in a method of its own: one frame per level
            if node.tag != _TAG_SEQ:
                raise self._tag_problem(node, node.tag, path)
            self.active.add(id(node))
            lines = self.lines
            items = []
            for index, item in enumerate(node.value):
                item_path = path + (index,)
                lines[item_path] = item.start_mark.line + 1
                # In a list, a spent budget goes through `build`, which says so (as before).
                text = self._text(item) if self.budget > 0 else None
                items.append(self.build(item, item_path) if text is None else text)
            self.active.discard(id(node))
            return items
        assert kind is ScalarNode
        return self._scalar(node, path)

    def _text(self, node: Node) -> str | None:
        """A text scalar's value, counted against the budget; None for any other node."""
        if type(node) is not ScalarNode:
            return None
        value = node.value
        tag = node.tag
        if tag is None:
            tag = _TAG_STR if value and value[0] not in _TYPED_STARTS else _plain_tag(value)
        if tag != _TAG_STR:
            return None
        self.budget -= 1
        return value

    def _tag_problem(self, node: Node, tag: str, path: FieldPath) -> YamlProblem:
        shown = "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:yaml.org,2002:") else tag
        return YamlProblem(
            node.start_mark.line + 1,
            field_name(path),
            f"the tag '{shown}' is not allowed; write plain values without '!' tags",
        )

    def _mapping(self, node: MappingNode, path: FieldPath) -> dict[str, Any]:
        if node.tag != _TAG_MAP:
            raise self._tag_problem(node, node.tag, path)
        self.active.add(id(node))
        result: dict[str, Any] = {}
        lines = self.lines  # also where the first line of each key is looked up, for duplicates
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            key = key_node.value
            key_tag = key_node.tag
            if type(key_node) is ScalarNode and (key_tag is None or key_tag == _TAG_STR) and key != "<<":
                pass  # the usual key: text (a plain key of any type is read as its text)
            elif key_tag == _TAG_MERGE or (type(key_node) is ScalarNode and key == "<<" and not key_node.style):
                raise YamlProblem(line, field_name(path), "merge keys ('<<') are not allowed; write each field out")
            elif type(key_node) is not ScalarNode or (key_tag is not None and key_tag not in _KEY_TAGS):
                raise YamlProblem(line, field_name(path), "a field name must be plain text")
            # One object per field name across files: less memory for thousands of line tables,
            # and pickled once per chunk of files that a worker sends back.
            key = _intern(key)
            key_path = path + (key,)
            if key in result:
                raise YamlProblem(
                    line,
                    field_name(key_path),
                    f"'{key}' is given twice, on lines {lines[key_path]} and {line}; keep only one",
                )
            lines[key_path] = line
            text = self._text(value_node)
            result[key] = self.build(value_node, key_path) if text is None else text
        self.active.discard(id(node))
        return result

    def _scalar(self, node: ScalarNode, path: FieldPath) -> Any:
        value = node.value
        tag = node.tag
        if tag is None:
            tag = _plain_tag(value)
        if tag == _TAG_STR:
            return value
        # Quoted scalars are always text; the resolver only types plain ones.
        # Plain style is None from PyYAML's parser and '' from libyaml's.
        if tag == _TAG_NULL and not node.style:
            return None
        if tag == _TAG_BOOL and not node.style:
            return value.lower() == "true"
        if tag in (_TAG_INT, _TAG_FLOAT) and len(value) > MAX_NUMBER_DIGITS:
            digits = sum(map(str.isdigit, value))
            if digits > MAX_NUMBER_DIGITS:
                raise YamlProblem(
                    node.start_mark.line + 1, field_name(path),
                    f"this number has {digits} digits; a number here has at most {MAX_NUMBER_DIGITS} (text goes in quotes)",
                )
        if tag == _TAG_INT and _INT.match(value):
            return int(value)
        if tag == _TAG_FLOAT and _FLOAT.match(value):
            return float(value)
        raise self._tag_problem(node, tag, path)


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
    problem = depth_problem(text)
    if problem is not None:
        raise problem
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
    # A comment after text needs a space or tab before its '#': most files have none, and the
    # substring tests are many times quicker than the expression.
    if (" #" in text or "\t#" in text) and COMMENT_AFTER_TEXT.search(text):
        check_text_cut_by_comment(root, text.split("\n"), lambda node: (node.tag is None or node.tag == _TAG_STR) and _plain_tag(node.value) == _TAG_STR)
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
        raise YamlProblem(line, "", syntax_problem(problem)) from None
    except yaml.YAMLError:
        raise YamlProblem(1, "", syntax_problem("")) from None
    finally:
        if loader is not None:
            loader.dispose()
    return root


def _too_large(size: int, display: str) -> Problem:
    return Problem(display, 1, "", f"the file is {size // 1024} KB; a listing file may be at most {MAX_FILE_BYTES // 1024} KB")


def _read_bytes(path: Path, display: str) -> bytes | Problem:
    """The file's bytes, read with one open, one fstat and two reads (half the system calls of
    stat() + read_bytes()), with the problems that those would have given."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as error:
        try:  # the size is checked first, as before, for a file too large and unreadable
            if (size := os.stat(path).st_size) > MAX_FILE_BYTES:
                return _too_large(size, display)
        except OSError as stat_error:
            error = stat_error
        return Problem(display, 1, "", f"the file cannot be read: {error.strerror or error}")
    try:
        size = os.fstat(fd).st_size
        if size > MAX_FILE_BYTES:
            return _too_large(size, display)
        chunks = [os.read(fd, size + 1)]
        while chunks[-1]:  # to the end, whatever the size said (as read_bytes() does)
            chunks.append(os.read(fd, 65536))
        return chunks[0] if len(chunks) <= 2 else b"".join(chunks)
    except OSError as error:
        return Problem(display, 1, "", f"the file cannot be read: {error.strerror or error}")
    finally:
        os.close(fd)


_LONE_CR = re.compile("\r(?!\n)")


def load_yaml_file(path: Path, display: str) -> LoadedDocument | Problem:
    """Read and parse one listing file, or return the one problem that stops it being read."""
    raw = _read_bytes(path, display)
    if isinstance(raw, Problem):
        return raw
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return Problem(display, line, "", "the file is not UTF-8 text; save it with UTF-8 encoding")
    text = text.removeprefix("\ufeff")
    if "\x00" in text:
        return Problem(display, text[: text.index("\x00")].count("\n") + 1, "", "the file contains a NUL character; it is not a text file")
    if "\r" in text and (lone := _LONE_CR.search(text)) is not None:
        # YAML would read it, but the schema line, line numbers in messages and every diff
        # would not: say so rather than that the first line is wrong.
        return Problem(display, text[: lone.start()].count("\n") + 1, "",
                       "this line ends with a lone carriage return (CR), as some old editors end lines; "
                       "save the file with LF (Unix) line endings")
    try:
        document = parse_yaml_text(text)
        document.first_line = text.split("\n", 1)[0].strip()
        return document
    except YamlProblem as problem:
        return Problem(display, problem.line, problem.field, problem.message)
    except RecursionError:
        return Problem(display, 1, "", "the file is nested too deeply to be a listing")

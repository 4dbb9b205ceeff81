"""The YAML reader's checks and words: how deep a file may nest (checked on parser events,
before libyaml's recursive composer runs), unquoted text that a ' #' cut short, and PyYAML's
problems in plain words. A leaf of `yaml_loader`, which raises what these find."""

from __future__ import annotations

import math
import re
from collections.abc import Callable

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

FieldPath = tuple[str | int, ...]
# Lists and sets of fields inside each other. libyaml's composer recurses once per level, in C,
# and some tens of thousands of levels ('[[[[...') overflow its stack and kill the process, so
# the depth is measured on the event stream before anything is composed. A listing needs 4;
# our own builder recurses too, two frames a level, well within Python's limit of 1,000.
MAX_DEPTH = 200

# libyaml's event parser keeps a stack (it does not recurse); the pure-Python one is the fallback.
try:
    from yaml._yaml import CParser as _C_PARSER
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    _C_PARSER = None


class YamlProblem(Exception):
    def __init__(self, line: int, field: str, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.field = field
        self.message = message


def field_name(path: FieldPath) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


# PyYAML's wording of each problem -> what to do about it, in plain words. The parser's own
# text ("found character '@' that cannot start any token") is never shown.
_SYNTAX_HINTS = (
    ("found character '\\t' that cannot start any token", "there is a tab character; indent with spaces, never tabs"),
    ("found a tab character", "there is a tab character; indent with spaces, never tabs"),
    ("found character", "a value cannot start with {char}; put the whole value in double quotes"),
    ("mapping values are not allowed here", "there is a ':' where no field can start; check the indentation, and put text containing ': ' in double quotes"),
    ("expected <block end>, but found", "the indentation or the quotes do not match; check this line and the one before"),
    ("could not find expected ':'", "a line has no ':' after its field name, or a quote is not closed"),
    ("found unexpected end of stream", "a quote or bracket is not closed"),
    ("found unknown escape character", "a backslash in double quotes starts an escape; write the text in single quotes instead, or double the backslash"),
    ("expected ',' or ']'", "a list in [brackets] is not closed, or an item needs quotes"),
    ("expected ',' or '}'", "a set of fields in {braces} is not closed, or a value needs quotes"),
    ("found undefined alias", "a '*' starts an alias that refers to nothing; put text starting with '*' in double quotes"),
    ("expected alphabetic or numeric character", "a value starting with '*' or '&' needs double quotes"),
    ("found duplicate anchor", "an '&' anchor name is used twice; write the values out instead"),
    ("expected a single document", "the file holds more than one listing ('---' separates them); keep one listing per file"),
    ("but found another document", "the file holds more than one listing ('---' separates them); keep one listing per file"),
    ("found unexpected document separator", "a line starting with '---' or '...' ends the listing; put such text in double quotes"),
    ("sequence entries are not allowed here", "a '- ' list item is where a value should be; check the indentation"),
    ("mapping keys are not allowed here", "a field is where a value should be; check the indentation"),
    ("invalid indentation or unclosed", "the indentation is wrong, or a '[' or '{' is not closed"),
    ("expected the node content", "a value is missing or starts with a character that needs quotes"),
    ("expected a comment or a line break", "there is text after a value that ends there; put the whole value in double quotes"),
)
# Problems that need no part of PyYAML's wording.
_PLAIN_PROBLEMS = (
    ("but found another document", "a listing file holds one listing, but a '---' line starts a second one here; "
     "remove it (and what follows, or move that to a file of its own)"),
)


def syntax_problem(problem: str) -> str:
    for pitfall, sentence in _PLAIN_PROBLEMS:
        if problem.startswith(pitfall):
            return sentence
    for pitfall, hint in _SYNTAX_HINTS:
        if problem.startswith(pitfall):
            found = re.search(r"character ('.')", problem)
            return "this is not valid YAML: " + hint.replace("{char}", found[1] if found else "this character")
    return "this is not valid YAML here: check the indentation, and put text with special characters (: # @ ` * & ! | > ' \" % [ ] { }) in double quotes"


# Characters that can open a level: flow brackets, block list dashes and complex-key marks.
_OPENERS = ("[", "{", "-", "?")


def depth_problem(text: str) -> YamlProblem | None:
    """The first place where the document is nested deeper than MAX_DEPTH, if it is.

    Most files are passed on a count alone: a level opens with one of _OPENERS, or by indenting
    further than the level above, and d levels of indentation take at least d*(d-1)/2 spaces. The
    rest are read as parser events (libyaml's parser keeps a stack; it does not recurse)."""
    if sum(map(text.count, _OPENERS)) + math.isqrt(2 * len(text)) + 1 <= MAX_DEPTH:
        return None
    parser = _C_PARSER(text) if _C_PARSER is not None and "\t" not in text else yaml.SafeLoader(text)
    depth = 0
    try:
        while (event := parser.get_event()) is not None:
            kind = type(event)
            if kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                depth += 1
                if depth > MAX_DEPTH:
                    return YamlProblem(
                        event.start_mark.line + 1, "",
                        f"nesting deeper than {MAX_DEPTH} levels: lists and sets of fields are put inside each other "
                        "too many times (a listing needs only a few levels)",
                    )
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                depth -= 1
    except yaml.YAMLError:
        return None  # not valid YAML: composing says where and why
    finally:
        parser.dispose()
    return None


# A line with a value and then ' #': YAML ends an unquoted value there and drops the rest as a comment.
COMMENT_AFTER_TEXT = re.compile(r"(?m)^[^#\n]*\S[ \t]+#")


def check_text_cut_by_comment(root: Node, lines: list[str], plain_text: Callable[[ScalarNode], bool]) -> None:
    """Refuse unquoted text that a ' #' cut short (`summary: ... #hearingvoices in Brighton.`).

    A comment right after text, with one space before the '#' or a word right after it (a
    hashtag), was meant as part of the text; a comment set apart ('value  # note') is left alone.
    Walked only when some line has ' #' after a value (see the caller), and once per node."""
    stack: list[tuple[Node, FieldPath]] = [(root, ())]
    seen: set[int] = set()
    while stack:
        node, path = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, MappingNode):
            stack.extend((value, path + (str(key.value),)) for key, value in node.value)
        elif isinstance(node, SequenceNode):
            stack.extend((item, path + (index,)) for index, item in enumerate(node.value))
        elif isinstance(node, ScalarNode) and not node.style and node.value and plain_text(node):
            end = node.end_mark
            rest = lines[end.line][end.column:] if end.line < len(lines) else ""
            comment = rest.lstrip(" \t")
            gap = len(rest) - len(comment)
            if comment.startswith("#") and (gap == 1 or comment[1:2].isalnum()):
                lost = comment.strip()
                raise YamlProblem(end.line + 1, field_name(path),
                                  f"YAML reads ' #' as the start of a comment, so '{lost[:40]}' would be lost; put the whole text in double quotes")

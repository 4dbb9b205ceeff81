"""HTML without template indentation: whitespace that no browser shows.

Outside `<pre>`, `<textarea>`, `<script>` and `<style>`, HTML renders a run of whitespace like one
space (Material's frame and our CSS use no `white-space: pre*`), so every run that holds a line
break can become one line break: the same page, shown the same way, a fifth smaller. Used for
every page's frame (build/frame.py) and, as the `compact_whitespace` filter, for the body of
listing pages (theme/directory/<kind>.html), tens of thousands of them, and of browse pages. Not for attribute values
that hold line breaks, which it would change: templates keep those outside (listing pages have
none: their listing's file is deflated, one line of base64). A line break beside a block's tag
goes too (between_blocks_dropped).
"""

from __future__ import annotations

import re

from markupsafe import Markup

# Whatever must keep its whitespace, taken whole (non-greedy to its own closing tag).
_VERBATIM = re.compile(r"(<(pre|textarea|script|style)\b.*?</\2\s*>)", re.S | re.I)
# HTML's whitespace but the line break (not \s, which would take a no-break space too).
_SPACE = " \t\r\f"
# Elements that are blocks in these pages (Material's and our styles make none of them inline): a
# line break beside such an element's opening or closing tag is not shown (a block's line boxes
# start and end there, where a browser drops a space; flex and grid containers drop it too).
# Inline elements (a, span, strong, time, label, button, input, svg, script...) keep theirs: a
# line break between two of them, or between one and text, is a space people see.
_BLOCK = r"(?:html|head|body|meta|link|title|div|header|footer|main|nav|aside|section|article|address|ul|ol|li|dl|dt|dd|p|h[1-6]|form)"
_BLOCK_TAG = re.compile(rf"</?{_BLOCK}\b[^<>]*>")
_BLOCK_TAG_START = re.compile(rf"</?{_BLOCK}\b")


def compact_runs(text: str) -> str:
    """`text` with every whitespace run that holds a line break made one line break: the same
    as re.sub(r"[ \t\r\f]*\n[ \t\r\n\f]*", "\n", text) (tests/test_whitespace.py), by lines,
    several times faster than that pattern, which is tried at every space of the text."""
    lines = text.split("\n")
    if len(lines) == 1:
        return text
    kept = [lines[0].rstrip(_SPACE)]
    kept += [line for line in (middle.strip(_SPACE) for middle in lines[1:-1]) if line]
    kept.append(lines[-1].lstrip(_SPACE))
    return "\n".join(kept)


def between_blocks_dropped(html: str) -> str:
    """`html` (compacted) without the line breaks beside a block's tags: by lines (a compacted
    page has a few dozen), each break looked at once, several times faster than a pattern tried
    at every tag."""
    lines = html.split("\n")
    if len(lines) == 1:
        return html
    out = [lines[0]]
    for before, line in zip(lines, lines[1:]):
        if not (_BLOCK_TAG_START.match(line) or (before.endswith(">") and _BLOCK_TAG.fullmatch(before, before.rfind("<")))):
            out.append("\n")
        out.append(line)
    return "".join(out)


def compact_html(html: str) -> str:
    """compact_runs() outside the elements that keep their whitespace, and no line break
    beside a block's tags (between_blocks_dropped)."""
    pieces = _VERBATIM.split(html)
    # split() with two groups: text, whole element, tag name, text, ...
    for index in range(0, len(pieces), 3):
        pieces[index] = between_blocks_dropped(compact_runs(pieces[index]))
        if index + 2 < len(pieces):
            pieces[index + 2] = ""
    return "".join(pieces)


def compact_whitespace(html: str) -> Markup:
    """The Jinja filter: a block of rendered (already escaped) HTML, compacted."""
    return Markup(compact_html(str(html)))

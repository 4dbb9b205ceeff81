"""The page frame without its template indentation: whitespace that no browser shows.

Material's templates indent every tag and leave blank lines where their `{% if %}`s were: about
a fifth of a listing page (5 of 27 KB), on every one of tens of thousands of pages. Outside
`<pre>`, `<textarea>`, `<script>` and `<style>`, and outside the page's own content (the
`<article>` that holds it, where a contributor's Markdown may hold code blocks), HTML renders a
run of whitespace like one space (Material's frame and our CSS use no `white-space: pre*`), so
every run that holds a line break becomes one line break: the same page, shown the same way.

Pure string work, applied to every page the build writes through MkDocs (`on_post_page`) and
to each page shell once (`direct_pages.py`): the page's own values that go into a shell's slots
(title, description, URL) are single lines, so both ways give the same bytes, which
tests/test_direct_pages.py checks.
"""

from __future__ import annotations

import re

# Whatever must keep its whitespace, taken whole (non-greedy to its own closing tag).
_VERBATIM = re.compile(r"(<(pre|textarea|script|style)\b.*?</\2\s*>)", re.S | re.I)
# HTML's whitespace only (not \s, which would take a no-break space too).
_RUN = re.compile(r"[ \t\r\f]*\n[ \t\r\n\f]*")
_CONTENT_START = '<article class="md-content__inner md-typeset">'
_CONTENT_END = "</article>"


def _compact_part(html: str) -> str:
    pieces = _VERBATIM.split(html)
    # split() with two groups: text, whole element, tag name, text, ...
    for index in range(0, len(pieces), 3):
        pieces[index] = _RUN.sub("\n", pieces[index])
        if index + 2 < len(pieces):
            pieces[index + 2] = ""
    return "".join(pieces)


def compact_text(value: str) -> str:
    """A value that goes into the frame (a title, a description) as compact_frame() leaves it."""
    return _RUN.sub("\n", value)


def compact_frame(html: str) -> str:
    """`html` with every whitespace run that holds a line break made one line break, outside
    the page's content and the elements that keep their whitespace."""
    start = html.find(_CONTENT_START)
    end = html.rfind(_CONTENT_END)
    if start < 0 or end < start:
        return _compact_part(html)
    start += len(_CONTENT_START)
    return _compact_part(html[:start]) + html[start:end] + _compact_part(html[end:])

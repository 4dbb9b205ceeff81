"""The page frame without its template indentation, and without Material's pieces no page uses.

Material's templates indent every tag and leave blank lines where their `{% if %}`s were: about
a fifth of a listing page (5 of 27 KB), on every one of tens of thousands of pages. Outside
`<pre>`, `<textarea>`, `<script>` and `<style>`, and outside the page's own content (the
`<article>` that holds it, where a contributor's Markdown may hold code blocks), HTML renders a
run of whitespace like one space (Material's frame and our CSS use no `white-space: pre*`), so
every run that holds a line break becomes one line break: the same page, shown the same way.
The whitespace at either end of the content (inside its `<article>`, before its first and after
its last element) is not shown either, and goes.

Material's base.html also prints, on every page, pieces that have no block to leave them out
with and that nothing here reads (checked against bundle.js of mkdocs-material 9.8):
- `<meta name="generator">`: for nobody (search engines and browsers ignore it);
- the skip link's `<div>` when it is empty (pages without a table of contents): bundle.js only
  swaps it during instant navigation, which is off, and tolerates its absence;
- the dialog (`data-md-component="dialog"`): bundle.js mounts it only if present, and shows in
  it only "Copied to clipboard", which needs the `content.code.copy` feature (off: kept if on).
The drawer and search toggles stay: bundle.js requires both when it loads.

Pure string work (pages/whitespace.py), applied to every page the build writes through MkDocs (`on_post_page`) and
to each page shell once (`direct_pages.py`): the page's own values that go into a shell's slots
(title, description, URL) are single lines, so both ways give the same bytes, which
tests/test_direct_pages.py checks.
"""

from __future__ import annotations

import re

from generator.pages.whitespace import compact_html, compact_runs

_CONTENT_START = '<article class="md-content__inner md-typeset">'
_CONTENT_END = "</article>"
_HTML_SPACE = " \t\n\r\f"  # HTML's whitespace (not str.strip()'s, which takes a no-break space too)
# As compact_html() leaves them (no line breaks at a block's tags).
_GENERATOR = re.compile(r'<meta name="generator" content="[^"<>]*">\n?')
_EMPTY_SKIP = '<div data-md-component="skip"></div>'
_DIALOG = '<div class="md-dialog" data-md-component="dialog"><div class="md-dialog__inner md-typeset"></div></div>'


def compact_text(value: str) -> str:
    """A value that goes into the frame (a title, a description) as compact_frame() leaves it."""
    return compact_runs(value)


def compact_content(content: str) -> str:
    """A page's content (what its `<article>` holds) as compact_frame() leaves it."""
    return content.strip(_HTML_SPACE)


def _unused_pieces_removed(frame: str, clipboard: bool) -> str:
    frame = _GENERATOR.sub("", frame, count=1).replace(_EMPTY_SKIP, "", 1)
    return frame if clipboard else frame.replace(_DIALOG, "", 1)


def compact_frame(html: str) -> str:
    """`html` with every whitespace run that holds a line break made one line break, outside
    the page's content and the elements that keep their whitespace, the content's outer
    whitespace dropped, and Material's unused pieces left out."""
    clipboard = '"content.code.copy"' in html
    html = html.lstrip(_HTML_SPACE)  # the line Material's first `{% import %}` leaves before <!doctype>
    start = html.find(_CONTENT_START)
    end = html.rfind(_CONTENT_END)
    if start < 0 or end < start:
        return _unused_pieces_removed(compact_html(html), clipboard)
    start += len(_CONTENT_START)
    head = _unused_pieces_removed(compact_html(html[:start]), clipboard)
    tail = _unused_pieces_removed(compact_html(html[end:]), clipboard)
    return head + compact_content(html[start:end]) + tail

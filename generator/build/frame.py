"""The page frame without its template indentation: whitespace that no browser shows.

Material's templates indent every tag and leave blank lines where their `{% if %}`s were: about
a fifth of a listing page (5 of 27 KB), on every one of tens of thousands of pages. Outside
`<pre>`, `<textarea>`, `<script>` and `<style>`, and outside the page's own content (the
`<article>` that holds it, where a contributor's Markdown may hold code blocks), HTML renders a
run of whitespace like one space (Material's frame and our CSS use no `white-space: pre*`), so
every run that holds a line break becomes one line break: the same page, shown the same way.

Pure string work (pages/whitespace.py), applied to every page the build writes through MkDocs (`on_post_page`) and
to each page shell once (`direct_pages.py`): the page's own values that go into a shell's slots
(title, description, URL) are single lines, so both ways give the same bytes, which
tests/test_direct_pages.py checks.
"""

from __future__ import annotations

from generator.pages.whitespace import compact_html, compact_runs

_CONTENT_START = '<article class="md-content__inner md-typeset">'
_CONTENT_END = "</article>"


def compact_text(value: str) -> str:
    """A value that goes into the frame (a title, a description) as compact_frame() leaves it."""
    return compact_runs(value)


def compact_frame(html: str) -> str:
    """`html` with every whitespace run that holds a line break made one line break, outside
    the page's content and the elements that keep their whitespace."""
    start = html.find(_CONTENT_START)
    end = html.rfind(_CONTENT_END)
    if start < 0 or end < start:
        return compact_html(html)
    start += len(_CONTENT_START)
    return compact_html(html[:start]) + html[start:end] + compact_html(html[end:])

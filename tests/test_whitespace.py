"""pages/whitespace.py: template indentation out, what a browser shows kept."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.pages.whitespace import compact_html, compact_runs

RUN = re.compile(r"[ \t\r\f]*\n[ \t\r\n\f]*")


@settings(max_examples=3000, derandomize=True)
@given(st.text(alphabet=st.sampled_from(["a", "b", " ", "\t", "\r", "\f", "\n", "\xa0", "<"]), max_size=40))
def test_compact_runs_is_the_pattern_it_stands_for(text: str) -> None:
    assert compact_runs(text) == RUN.sub("\n", text)


def test_verbatim_elements_keep_their_whitespace() -> None:
    html = "<p>\n   a\n\n  b</p>\n  <pre>  x\n\n   y</pre>\n <textarea>\n  t\n</textarea>  \n<p>c  d</p>"
    assert compact_html(html) == "<p>a\nb</p><pre>  x\n\n   y</pre>\n<textarea>\n  t\n</textarea><p>c  d</p>"


def test_line_breaks_at_a_blocks_tags_go_and_between_inline_ones_stay() -> None:
    html = "<div>\n  <p>a</p>\n  <strong>x</strong>\n<span>y</span>\n</div>\n<ul>\n<li><a>1</a>\n<a>2</a></li>\n</ul>\n<label>z</label>"
    assert compact_html(html) == "<div><p>a</p><strong>x</strong>\n<span>y</span></div><ul><li><a>1</a>\n<a>2</a></li></ul><label>z</label>"
    # Text beside a block's tag loses its line break; beside an inline one it keeps it; names that
    # only begin like a block's (<pre>, <link> are not <p>, <li>) are told apart.
    assert compact_html("<dd>\nBy referral\n</dd>\ntext\n<b>\nbold\n</b>") == "<dd>By referral</dd>text\n<b>\nbold\n</b>"
    assert compact_html("<a>\n<link rel=x>\n<b>\n<bdi>") == "<a><link rel=x><b>\n<bdi>"

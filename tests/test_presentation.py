"""Presentation filters that keep state between calls must give what a fresh call gives."""

from __future__ import annotations

import markdown
import nh3
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.pages.presentation import _ALLOWED_SCHEMES, _ALLOWED_TAGS, markdown_html

PIECES = ["word ", "**bold** ", "*it* ", "[link][ref] ", "[ref]: https://example.org/a\n", "\n\n", "- item\n",
          "1. one\n", "[x](https://example.org/x) ", "`code` ", "> quote\n", "### heading\n", "<b>html</b> ", "[^1] "]


def fresh_conversion(text: str) -> str:
    """markdown_html as it was: a new converter for every text."""
    html = markdown.markdown(text, extensions=["sane_lists"], output_format="html")
    return nh3.clean(html, tags=_ALLOWED_TAGS, attributes={"a": {"href", "title"}}, url_schemes=_ALLOWED_SCHEMES,
                     link_rel="noopener noreferrer nofollow")


def test_a_link_reference_from_one_description_does_not_reach_the_next() -> None:
    assert 'href="https://example.org/a"' in markdown_html("See [our page][ref].\n\n[ref]: https://example.org/a\n")
    assert "href" not in markdown_html("See [our page][ref].")


@given(st.lists(st.lists(st.sampled_from(PIECES), min_size=1, max_size=8).map("".join), min_size=1, max_size=4))
@settings(max_examples=80, deadline=None)
def test_markdown_html_is_a_fresh_conversion_each_time(texts: list[str]) -> None:
    for text in texts:
        assert markdown_html(text) == fresh_conversion(text)

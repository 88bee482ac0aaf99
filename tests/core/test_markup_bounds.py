"""Hostile Markdown renders in linear time: field limits and the parser pre-pass.

The pre-pass marks characters that can start nothing (an unclosed ``[``, a ``(``
that never closes, a ``<`` after the last ``>``, quote markers past a sane depth,
dense emphasis runs) so Python-Markdown does not rescan the rest of the text from
each of them. These tests check what it marks and that normal documents render
exactly as the stock parser renders them; bench/markup_corpus.py measures time.
"""

from __future__ import annotations

import markdown
import pytest
from bleach import html5lib_shim

from pydotorg.core import markdown_bounds, markup
from pydotorg.core.markdown_bounds import neutralise, neutralise_brackets
from pydotorg.core.markup import (
    MARKUP_LIMITS,
    MAX_RENDER_CHARS,
    _render_markdown,
    markup_length_error,
    render,
    sanitize,
)

# The site's own extensions and settings, without the bounds.
STOCK_EXTENSIONS = markup._MARKDOWN_EXTENSIONS
MARKED = "\ufdd0"


def stock(text: str) -> str:
    return markdown.markdown(
        text,
        extensions=STOCK_EXTENSIONS,
        extension_configs=markup._MARKDOWN_CONFIG,
        output_format="html",
    )


NORMAL_DOCUMENTS = [
    'A [link](https://example.com) and an ![image](/a.png "title").',
    "A [link with [nested] brackets](https://example.com/x_(y)) here.",
    '[ref link][py] and [py] and [Py][]\n\n[py]: https://python.org "Python"',
    "An unclosed [bracket and a closed [one](u). Also a] stray.",
    "Code `a[0` and ``b ` [c`` and \\[escaped\\] and \\\\[x](y).",
    "```python\nitems = [1, 2\nprint(items[0)\n```\n\nAfter [a](b).",
    "    indented = [code\n\nThen [a](b (c)).",
    "> quoted [text\n> > nested [a](b)\n\n*em* **strong** _u_ __uu__ ***both***",
    "| a | b |\n|---|---|\n| [x](y) | [z |\n\n- [list\n- item](u)",
    "a <b>bold</b> tag, a < b, <https://example.com> and <me@example.com>",
    "[link](<https://example.com/a b> 'title') [empty]() [a]( b )",
    "## Heading [with] brackets {: #custom-id }\n\n[see above](#custom-id)",
    'multi-line [link\ntext](https://example.com/"q") and [a] [b]\n\n[b]: /b',
    "1 < 2 and 3 > 2 but 4 < 5",
    'a [b](c "(x)" ) d',
]


@pytest.mark.parametrize("text", NORMAL_DOCUMENTS)
def test_normal_documents_render_exactly_as_the_stock_parser_renders_them(text):
    assert _render_markdown(text) == stock(text)


@pytest.mark.parametrize(
    ("text", "marked"),
    [
        ("[[[a", [0, 1, 2]),  # no partner at all
        ("[a] [b", [4]),
        ("[[a]]", [0]),  # holds another bracket and is no link or reference
        ("[[a]](u)", []),  # an inline link: kept
        ("[[a]][x]", [0]),  # reference to an id that is not defined
        ("`[` [a", [4]),  # inside a code span nothing counts
        ("\\[ [a", [3]),  # an escaped bracket is no bracket
    ],
)
def test_brackets_that_can_start_nothing_are_marked(text, marked):
    result = neutralise_brackets(text, references={})
    assert [i for i, c in enumerate(result) if c == MARKED] == marked
    assert markdown_bounds.restore(result) == text


def test_a_bracket_before_a_defined_reference_is_kept():
    assert neutralise_brackets("[[a]][x]", references={"x": ("/u", None)}) == (
        "[[a]][x]"
    )


def test_a_paren_after_a_bracket_that_never_closes_is_marked_not_the_link_text():
    result = neutralise_brackets("[a](b [c](d", references={})
    assert result == "[a]\ufdd1b [c]\ufdd1d"


def test_the_attack_renders_as_the_text_it_is():
    assert render("[" * 2_000, "markdown") == "<p>" + "[" * 2_000 + "</p>"
    assert render("![" * 1_000, "markdown") == "<p>" + "![" * 1_000 + "</p>"
    assert render("[a](" * 500, "markdown") == "<p>" + "[a](" * 500 + "</p>"


def test_text_level_pre_pass():
    # "<" after the last ">" can be no tag, comment or autolink.
    assert neutralise("<b>x</b> <a <a") == "<b>x</b> \ufdd2a \ufdd2a"
    # Quote markers past the sixteenth level are text.
    deep = neutralise(">" * 20 + " x")
    assert deep == ">" * 16 + "\ufdd3" * 4 + " x"
    # Dense runs of emphasis markers are shown as written; prose is untouched.
    assert neutralise("*a" * 40) == "\ufdd4a" * 40
    assert neutralise("*a* and _b_ and **c**") == "*a* and _b_ and **c**"
    # The sentinels themselves never come from the input.
    assert neutralise("a\ufdd0b") == "ab"
    assert render("<a " * 10 + "x", "markdown") == "<p>" + "&lt;a " * 10 + "x</p>"
    assert render("*a" * 40, "markdown") == "<p>" + "*a" * 40 + "</p>"


def test_deep_quotes_stop_nesting_at_sixteen_levels():
    html_text = render(">" * 100 + " deep", "markdown")
    assert html_text.count("<blockquote>") == 16
    assert "&gt;" * 84 + " deep" in html_text


def test_code_span_pairing_matches_the_stock_parser():
    for text in ["`a``b```c", "```a`b``", "``a`b``c`", "\\`a` `b`", "\\\\`a`"]:
        assert _render_markdown(text) == stock(text), text


def test_the_sanitiser_walks_long_sibling_lists_with_the_same_result(monkeypatch):
    rows = "".join(
        f"<tr><td><a href='/x{i}'>{i}</a> <em>e</em></td><td>{i}</td></tr>"
        for i in range(300)
    )
    html_text = f"<p>a <b>b</b></p><table><tbody>{rows}</tbody></table><p><i>c</i></p>"
    linear = sanitize(html_text, "localhost")
    monkeypatch.setattr(
        markup, "_LinearTreeWalker", html5lib_shim.getTreeWalker("etree")
    )
    assert sanitize(html_text, "localhost") == linear
    assert linear.count("<tr>") == 300


def test_every_markup_field_has_a_limit_and_longer_text_is_refused():
    assert MARKUP_LIMITS["jobs.description"] == 20_000
    assert markup_length_error("x" * 20_000, 20_000) is None
    assert "no more than 20,000 characters" in markup_length_error("x" * 20_001, 20_000)
    # Newlines are counted as the stored LF, not as the CRLF a browser posts.
    assert markup_length_error("x\r\n" * 10, 20) is None


def test_text_over_every_limit_is_not_parsed_as_markup():
    text = "*" + "a" * MAX_RENDER_CHARS + "*"
    assert render(text, "markdown") == f"<pre>{text}</pre>"
    assert str(render("<b>" * (MAX_RENDER_CHARS // 3 + 1), "markdown")).startswith(
        "<pre>&lt;b&gt;"
    )

"""Content ids are prefixed and classes allowlisted, so content cannot restyle or
clobber the site's elements, while footnotes, anchors and highlighting still work."""

from __future__ import annotations

import re

from pydotorg.core.markup import render

RST_FOOTNOTES = """\
Text with a footnote [#note]_, a numbered one [1]_ and a link to Details_.

.. [#note] The auto-numbered footnote.
.. [1] The numbered footnote.

Details
-------

.. note:: Careful.
"""


def in_page_links_resolve(html_text: str) -> None:
    ids = set(re.findall(r'\bid="([^"]+)"', html_text))
    targets = re.findall(r'href="#([^"]+)"', html_text)
    assert targets, "no in-page links"
    for target in targets:
        assert target.startswith("c-")
        assert target in ids, f"#{target} points nowhere"
    assert all(i.startswith("c-") for i in ids)


def test_rst_footnotes_and_section_links_still_resolve(app_ctx):
    html_text = str(render(RST_FOOTNOTES, "restructuredtext"))
    in_page_links_resolve(html_text)
    assert 'class="footnote-reference brackets"' in html_text or (
        'class="brackets"' in html_text
    )
    assert '<aside class="admonition note">' in html_text
    assert 'class="admonition-title"' in html_text


def test_markdown_heading_anchors_still_resolve(app_ctx):
    html_text = str(render("## Install Python\n\n[jump](#install-python)", "markdown"))
    assert '<h2 id="c-install-python">' in html_text
    in_page_links_resolve(html_text)


def test_content_cannot_take_the_sites_ids_or_classes(app_ctx):
    html_text = str(
        render(
            '<div id="site-header" class="navbar hidden note">x</div>'
            '<a name="top" href="#top" class="btn">top</a>'
            '<span class="k">not code</span>',
            "html",
        )
    )
    assert html_text == (
        '<div id="c-site-header" class="note">x</div>'
        '<a name="c-top" href="#c-top">top</a>'
        "<span>not code</span>"
    )


def test_pygments_classes_are_kept_only_inside_a_highlight_wrapper(app_ctx):
    html_text = str(
        render(
            '<div class="highlight"><pre><span class="k">def</span> '
            '<span class="nf navbar">f</span></pre></div>',
            "html",
        )
    )
    assert html_text == (
        '<div class="highlight"><pre><span class="k">def</span> '
        '<span class="nf">f</span></pre></div>'
    )

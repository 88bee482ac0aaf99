"""The one markup service: an XSS corpus comes out inert, real content survives."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from pydotorg.core import markup
from pydotorg.core.markup import (
    ALLOWED_TAGS,
    ContentType,
    render,
    sanitize,
    without_title,
)

ALL_TYPES = list(ContentType)
# The checker's own list (not the module's), so loosening the service fails tests.
SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
SCRIPT_TAGS = frozenset({"script", "style", "svg", "math", "iframe", "object", "embed", "form", "input", "button", "base", "meta", "link", "template", "textarea"})  # fmt: skip
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "background", "poster", "data", "cite"}  # fmt: skip

# Payloads written as raw HTML: Markdown and HTML pass them to the sanitiser, RST
# shows them as text. All three must be inert.
HTML_PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<scr<script>x</script>ipt>alert(2)</script>",
    "<img src=x onerror=alert(1)>",
    '<img src="javascript:alert(1)">',
    '<img src="data:image/svg+xml;base64,PHN2Zy8+">',
    "<body onload=alert(1)>",
    '<div onmouseover="alert(1)">hover</div>',
    '<a href="javascript:alert(1)">click</a>',
    '<a href="JaVaScRiPt:alert(1)">click</a>',
    '<a href="jav&#x09;ascript:alert(1)">tab</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;:alert(1)">ent</a>',
    '<a href=" javascript:alert(1)">space</a>',
    '<a href="vbscript:msgbox(1)">vb</a>',
    '<a href="data:text/html,<script>alert(1)</script>">data</a>',
    '<form action="javascript:alert(1)"><input type=submit></form>',
    '<form><button formaction="javascript:alert(1)">go</button></form>',
    '<svg onload=alert(1)><circle r="10"/></svg>',
    "<svg><script>alert(1)</script></svg>",
    '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
    '<math><maction actiontype="statusline" xlink:href="javascript:alert(1)">x</maction></math>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<div style="width: expression(alert(1))">ie</div>',
    '<p style="background-image: url(javascript:alert(1))">bg</p>',
    '<span style="color: red; behavior: url(x.htc)">behav</span>',
    "<style>body { background: url(javascript:alert(1)) }</style>",
    '<iframe src="javascript:alert(1)"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<object data="javascript:alert(1)"></object>',
    '<embed src="javascript:alert(1)">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<link rel="stylesheet" href="javascript:alert(1)">',
    '<base href="javascript:alert(1)//">',
    "<details open ontoggle=alert(1)>",
    '<table background="javascript:alert(1)"><tr><td>t</td></tr></table>',
    "<<script>alert(1);//<</script>",
    '<a href="#" onclick="alert(1)">x</a>',
    '<img """><script>alert(1)</script>">',
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "<!--<img src=x onerror=alert(1)>-->",
    "<textarea><script>alert(1)</script></textarea>",
    "<template><script>alert(1)</script></template>",
    '<video><source onerror="alert(1)"></video>',
    '<a href="//evil.example/" target="_blank">tabnabbing</a>',
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    '<a href="javascript&colon;alert(1)">named colon</a>',
    '<a href="java\nscript:alert(1)">newline</a>',
    '<a href="\x01javascript:alert(1)">control</a>',
    "<IMG SRC=`javascript:alert(1)`>",
    '<img srcset="javascript:alert(1) 1x, x.png 2x">',
    '<a href="https://ok.example/" ping="https://evil.example/">ping</a>',
    '<div style="color: \\65 xpression(alert(1))">css escape</div>',
    '<div style="background-color: red; -moz-binding: url(x.xml#xss)">binding</div>',
    '<div style="width: e/**/xpression(alert(1))">css comment</div>',
    "<input autofocus onfocus=alert(1)>",
    "<isindex action=javascript:alert(1) type=image>",
    "<svg><animate onbegin=alert(1) attributeName=x dur=1s>",
    '<svg><use href="data:image/svg+xml,<svg id=x><image href=1 onerror=alert(1) /></svg>#x" />',
    "<</p>iframe src=javascript:alert(1)//<</p>/iframe>",
]

MARKDOWN_PAYLOADS = [
    "[click](javascript:alert(1))",
    "[click](JAVASCRIPT:alert(1))",
    "[click](javascript&#58;alert(1))",
    "[click]( javascript:alert(1) )",
    "![img](javascript:alert(1))",
    "![img](data:image/png;base64,iVBORw0KGgo=)",
    "[ref][x]\n\n[x]: javascript:alert(1)",
    "<javascript:alert(1)>",
    "[vb](vbscript:msgbox(1))",
    '[title](https://ok.example/ "x\\" onmouseover=\\"alert(1)")',
    "## Heading {: onclick=alert(1) }",
    'Text {: style="width: expression(alert(1))" }',
    "[angle](<javascript:alert(1)>)",
    "![ref img][i]\n\n[i]: javascript:alert(1)",
    "<vbscript:msgbox(1)>",
    "<data:text/html,<script>alert(1)</script>>",
    "[b64](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[pct](java%0ascript:alert(1))",
    "[link](https://ok.example/){: href=javascript:alert(1) onclick=alert(1) }",
    '![i](https://ok.example/x.png){: onerror=alert(1) style="background:url(javascript:alert(1))" }',
]

RST_PAYLOADS = [
    ".. raw:: html\n\n   <script>alert(1)</script>\n",
    ".. raw:: html\n   :file: /etc/passwd\n",
    ".. raw:: html\n   :url: http://127.0.0.1:9/\n",
    ".. role:: raw-html(raw)\n   :format: html\n\n:raw-html:`<script>alert(1)</script>`\n",
    ".. include:: /etc/passwd\n",
    ".. include:: /etc/passwd\n   :literal:\n",
    ".. include:: <isonum.txt>\n",
    ".. csv-table:: Users\n   :file: /etc/passwd\n",
    ".. csv-table:: Remote\n   :url: http://127.0.0.1:9/data.csv\n",
    "`click <javascript:alert(1)>`_",
    "`click`_\n\n.. _click: javascript:alert(1)\n",
    ".. image:: javascript:alert(1)\n",
    ".. image:: x.png\n   :target: javascript:alert(1)\n",
    ".. figure:: data:image/svg+xml;base64,PHN2Zy8+\n",
    ".. |sub| image:: javascript:alert(1)\n\n|sub|\n",
    '.. class:: x" onmouseover="alert(1)\n\nparagraph\n',
    ".. image:: /etc/passwd\n   :scale: 50\n",
    ".. figure:: /etc/passwd\n   :scale: 50\n\n   caption\n",
    ".. image:: x.svg\n",
    ".. image:: x.mp4\n",
    ".. image:: x.png\n   :target: vbscript:msgbox(1)\n",
    "`anonymous`__\n\n__ javascript:alert(1)\n",
    ".. |x| replace:: y\n\n|x|_\n\n.. _x: javascript:alert(1)\n",
    "`x <data:text/html,<script>alert(1)</script>>`_",
    ".. meta::\n   :http-equiv=refresh: 0;url=javascript:alert(1)\n",
    ".. title:: <script>alert(1)</script>\n",
    '.. container:: x" onclick="alert(1)\n\n   text\n',
    ".. math::\n\n   \\href{javascript:alert(1)}{x}\n",
    ":math:`\\href{javascript:alert(1)}{x}`",
    ".. default-role:: raw\n\n`<script>alert(1)</script>`\n",
    ".. include:: /etc/passwd\n   :code:\n",
    ".. include:: /etc/passwd\n   :parser: rst\n",
    '.. csv-table:: x\n\n   "a", "<script>alert(1)</script>"\n',
]


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    handle_startendtag = handle_starttag


def _scheme(url: str) -> str:
    # The parser already decoded entities once, as a browser does (a second decoding
    # would read ``javascript&amp;colon;`` as a scheme a browser never sees). Browsers
    # ignore whitespace and control characters inside a scheme.
    compact = re.sub(r"[\x00-\x20]", "", url).lower()
    match = re.match(r"([a-z][a-z0-9+.-]*):", compact)
    return match.group(1) if match else ""


def assert_inert(output: str) -> None:
    """No element, attribute, URL or style in ``output`` can run script."""
    collector = _Collector()
    collector.feed(output)
    for tag, attrs in collector.elements:
        assert tag in ALLOWED_TAGS, f"disallowed <{tag}> in {output!r}"
        assert tag not in SCRIPT_TAGS, f"<{tag}> in {output!r}"
        for name, value in attrs.items():
            assert not name.startswith("on"), f"event handler {name} in {output!r}"
            assert name not in {"srcdoc", "formaction", "xlink:href", "target"}
            if name in URL_ATTRIBUTES and value:
                scheme = _scheme(value)
                assert not scheme or scheme in SAFE_SCHEMES, (
                    f"{name}={value!r} in {output!r}"
                )
            if name == "style" and value:
                lowered = value.lower()
                for bad in ("expression", "url(", "javascript", "behavior", "\\"):
                    assert bad not in lowered, f"style {value!r}"
    assert "root:x:0:0" not in output, "file contents leaked"


@pytest.mark.parametrize("content_type", ALL_TYPES, ids=lambda t: t.name)
@pytest.mark.parametrize("payload", HTML_PAYLOADS)
def test_html_payloads_are_inert_in_every_content_type(app_ctx, payload, content_type):
    output = str(render(payload, content_type))
    assert_inert(output)
    assert "<script" not in output.lower()


@pytest.mark.parametrize("content_type", ALL_TYPES, ids=lambda t: t.name)
@pytest.mark.parametrize("payload", MARKDOWN_PAYLOADS)
def test_markdown_payloads_are_inert(app_ctx, payload, content_type):
    assert_inert(str(render(payload, content_type)))


@pytest.mark.parametrize("content_type", ALL_TYPES, ids=lambda t: t.name)
@pytest.mark.parametrize("payload", RST_PAYLOADS)
def test_rst_payloads_are_inert(app_ctx, payload, content_type):
    assert_inert(str(render(payload, content_type)))


def test_rendering_the_corpus_prints_nothing(app_ctx, capfd):
    # docutils reports through its warning stream; nothing may reach stdout/stderr.
    for payload in HTML_PAYLOADS + MARKDOWN_PAYLOADS + RST_PAYLOADS:
        for content_type in ALL_TYPES:
            render(payload, content_type)
    captured = capfd.readouterr()
    assert captured.err == ""
    assert captured.out == ""


def test_rst_file_and_raw_directives_report_that_they_are_disabled(app_ctx):
    output = str(render(".. include:: /etc/passwd\n", "restructuredtext"))
    assert "root:" not in output
    assert 'class="system-message"' in output
    assert "&quot;include&quot; directive disabled" in output

    output = str(
        render(".. csv-table:: Users\n   :file: /etc/passwd\n", "RESTRUCTUREDTEXT")
    )
    assert "File and URL access deactivated" in output

    output = str(
        render(".. raw:: html\n\n   <b>bold</b>\n", ContentType.RESTRUCTUREDTEXT)
    )
    assert "&quot;raw&quot; directive disabled" in output
    assert "<b>bold</b>" not in output


def test_script_contents_are_dropped_not_shown(app_ctx):
    output = str(
        render(
            "<p>before</p><script>steal()</script><style>p{}</style><p>after</p>",
            "html",
        )
    )
    assert output == "<p>before</p><p>after</p>"


def test_javascript_links_lose_their_href_but_keep_their_text(app_ctx):
    assert (
        str(render("[click](javascript:alert(1))", "markdown")) == "<p><a>click</a></p>"
    )
    output = str(render("`click <javascript:alert(1)>`_", "restructuredtext"))
    assert "href" not in output
    assert "click" in output


def test_style_keeps_safe_declarations_only(app_ctx):
    output = str(
        render(
            '<p style="text-align: center; color: expression(alert(1)); position: fixed">x</p>',
            "html",
        )
    )
    assert output == '<p style="text-align: center;">x</p>'
    assert str(render('<span style="color: rgb(255, 0, 0)">r</span>', "html")) == (
        '<span style="color: rgb(255, 0, 0);">r</span>'
    )
    assert (
        str(render('<span style="color: rgb(url(x))">r</span>', "html"))
        == "<span>r</span>"
    )


MARKDOWN_DOC = """\
# Main heading

## Sub heading

- one
- two

1. first
2. second

| Name | Value |
|:-----|------:|
| a    | 1     |

```python
def f():
    return "<b>"
```

[inside](/about/) [outside](https://example.com/) [mail](mailto:psf@python.org)

![logo](/media/pages/about/logo.png)
"""

RST_DOC = """\
Main heading
============

Sub heading
-----------

* one
* two

#. first
#. second

=====  =====
Name   Value
=====  =====
a      1
=====  =====

.. code:: python

   def f():
       return "<b>"

`inside </about/>`_ `outside <https://example.com/>`_ `mail <mailto:psf@python.org>`_

.. image:: /media/pages/about/logo.png
   :alt: logo
"""

HTML_DOC = """\
<h1 id="main-heading">Main heading</h1>
<h2>Sub heading</h2>
<ul><li>one</li><li>two</li></ul>
<ol><li>first</li><li>second</li></ol>
<table><thead><tr><th>Name</th><th>Value</th></tr></thead><tbody><tr><td>a</td><td>1</td></tr></tbody></table>
<pre><code>def f():
    return "&lt;b&gt;"</code></pre>
<p><a href="/about/">inside</a> <a href="https://example.com/">outside</a> <a href="mailto:psf@python.org">mail</a></p>
<img src="/media/pages/about/logo.png" alt="logo">
"""


@pytest.mark.parametrize(
    ("text", "content_type"),
    [
        (MARKDOWN_DOC, ContentType.MARKDOWN),
        (RST_DOC, ContentType.RESTRUCTUREDTEXT),
        (HTML_DOC, ContentType.HTML),
    ],
    ids=["markdown", "rst", "html"],
)
def test_real_content_survives(app_ctx, text, content_type):
    output = str(render(text, content_type))
    assert_inert(output)
    assert re.search(r"<h[12][^>]*>Main heading</h[12]>", output)
    assert re.search(r"<h[23][^>]*>Sub heading</h[23]>", output)
    assert re.search(r"<ul[^>]*>\s*<li>(<p>)?one", output)
    assert re.search(r"<ol[^>]*>\s*<li>(<p>)?first", output)
    assert "<table" in output
    assert re.search(r"<t[hd][^>]*>(<p>)?Name", output)
    assert "<pre" in output
    assert "&lt;b&gt;" in output
    assert '<a href="/about/"' in output or 'href="/about/"' in output
    assert 'href="mailto:psf' in output  # docutils writes @ as &#64;
    assert 'src="/media/pages/about/logo.png"' in output
    assert 'alt="logo"' in output


def test_external_links_get_nofollow_internal_do_not(app, app_ctx):
    output = str(
        render(
            '<a href="https://example.com/">ext</a> <a href="http://localhost/jobs/">abs</a>'
            ' <a href="/about/" rel="nofollow">rel</a> <a href="//evil.example/">proto</a>',
            "html",
        )
    )
    assert app.config["SITE_URL"] == "http://localhost"
    assert '<a href="https://example.com/" rel="nofollow noopener">ext</a>' in output
    assert '<a href="http://localhost/jobs/">abs</a>' in output
    assert '<a href="/about/">rel</a>' in output
    assert '<a href="//evil.example/" rel="nofollow noopener">proto</a>' in output


def test_site_url_decides_what_is_external(app):
    with app.app_context():
        app.config["SITE_URL"] = "https://www.python.org"
        try:
            output = str(render("[docs](https://www.python.org/doc/)", "markdown"))
        finally:
            app.config["SITE_URL"] = "http://localhost"
    assert output == '<p><a href="https://www.python.org/doc/">docs</a></p>'


def test_markdown_headers_get_ids_and_fenced_code_is_highlighted(app_ctx):
    output = str(
        render("## Install Python\n\n```python\ndef f(): pass\n```", "markdown")
    )
    assert '<h2 id="c-install-python">Install Python</h2>' in output
    assert '<div class="highlight"><pre>' in output
    assert '<span class="k">def</span>' in output
    assert '<span class="nf">f</span>' in output


def test_rst_code_blocks_are_highlighted_and_escaped(app_ctx):
    for directive in ("code", "code-block"):
        text = f".. {directive}:: python\n\n   def f(): return '<b>'\n"
        output = str(render(text, "restructuredtext"))
        assert '<div class="highlight"><pre class="code literal-block">' in output
        assert '<span class="k">def</span>' in output
        assert "&lt;b&gt;" in output and "<b>" not in output


def test_pygments_classes_outside_a_highlight_block_are_dropped(app_ctx):
    output = str(render('<pre><span class="k">x</span></pre>', "html"))
    assert 'class="k"' not in output


def test_rst_errors_are_inline_with_line_numbers_and_silent(app_ctx, capsys):
    output = str(
        render(
            "Title\n=====\n\nSee `missing`_.\n\n.. unknown-directive::\n",
            "restructuredtext",
        )
    )
    assert 'class="system-message"' in output
    assert "line 6" in output
    assert "Unknown target name" in output
    captured = capsys.readouterr()
    assert captured.err == ""
    assert captured.out == ""


def test_rst_section_titles_stay_in_the_body(app_ctx):
    output = str(render("Only title\n==========\n\ntext\n", "restructuredtext"))
    assert "Only title</h" in output


def test_content_type_names_in_any_case(app_ctx):
    assert (
        render("*x*", "markdown")
        == render("*x*", "MARKDOWN")
        == render("*x*", ContentType.MARKDOWN)
    )
    assert render("*x*", "Markdown") == "<p><em>x</em></p>"
    with pytest.raises(ValueError, match="unknown content type"):
        render("x", "textile")


def test_empty_text_renders_empty(app_ctx):
    assert render("", "html") == ""
    assert render(None, "restructuredtext") == ""


def test_sanitize_returns_markup(app_ctx):
    output = sanitize("<b onclick=x>bold</b>")
    assert output == "<b>bold</b>"
    assert hasattr(output, "__html__")


def test_crlf_and_lf_render_the_same(app_ctx):
    for content_type in ALL_TYPES:
        text = "Title\n=====\n\n* a\n* b\n\n<p>x</p>\n"
        assert render(text.replace("\n", "\r\n"), content_type) == render(
            text, content_type
        )


def test_the_jinja_filter_uses_the_service(app):
    with app.test_request_context():
        template = app.jinja_env.from_string("{{ text|markup('markdown') }}")
        output = template.render(text="<script>x</script>\n\n**b**")
        assert output.strip() == "<p><strong>b</strong></p>"


def test_the_same_text_runs_docutils_once(app, monkeypatch):
    # Domains that render on display (jobs, events, releases) must not run docutils
    # on every view: renderings are cached by content.
    calls = []
    real = markup.publish_parts

    def counting(*args, **kwargs):
        calls.append(kwargs.get("source"))
        return real(*args, **kwargs)

    monkeypatch.setattr(markup, "publish_parts", counting)
    markup.clear_render_cache()
    text = "Release notes\n=============\n\n* `docs <https://docs.python.org/>`_\n"
    with app.app_context():
        first = render(text, "restructuredtext")
        assert render(text.replace("\n", "\r\n"), ContentType.RESTRUCTUREDTEXT) == first
        assert len(calls) == 1
        app.config["SITE_URL"] = "https://docs.python.org"
        try:
            # Which links are external depends on SITE_URL: a separate rendering.
            assert 'rel="nofollow' not in render(text, "restructuredtext")
        finally:
            app.config["SITE_URL"] = "http://localhost"
        assert len(calls) == 2
        assert 'rel="nofollow noopener"' in render(text, "restructuredtext")
        assert len(calls) == 2
        render(text + "\nmore\n", "restructuredtext")
        assert len(calls) == 3


def test_a_leading_heading_that_repeats_the_title_is_dropped(app_ctx):
    rst = str(render("About Python\n============\n\nText.\n", "restructuredtext"))
    shown = str(without_title(rst, "About Python"))
    assert "<h2>" not in shown
    assert '<section id="c-about-python">' in shown and "<p>Text.</p>" in shown

    md = str(render("# About &amp; more\n\nText.", "markdown"))
    assert "<h1" not in str(without_title(md, "About & more"))


def test_a_different_or_later_heading_stays(app_ctx):
    rst = str(render("Other title\n===========\n\nText.\n", "restructuredtext"))
    assert "<h2>Other title</h2>" in str(without_title(rst, "About Python"))
    later = str(render("Intro.\n\n# About Python\n", "markdown"))
    assert "About Python</h1>" in str(without_title(later, "About Python"))

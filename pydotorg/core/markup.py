"""The one markup service: Markdown, reStructuredText or HTML in, sanitised HTML out.

Every domain renders user or staff content through :func:`render`; nothing else in
the project imports a markup library. There is no trusted bypass: editors' HTML is
sanitised too, because rendered content is served as ``|safe`` to every visitor.
"""

from __future__ import annotations

import enum
import io
import re
from functools import partial
from typing import Any
from urllib.parse import urlsplit

import bleach
import markdown
from bleach.css_sanitizer import CSSSanitizer
from bleach.linkifier import LinkifyFilter
from docutils.core import publish_parts
from flask import current_app, has_app_context
from markupsafe import Markup


class ContentType(enum.Enum):
    """How a text column is written (the seed's enum)."""

    MARKDOWN = "markdown"
    RESTRUCTUREDTEXT = "restructuredtext"
    HTML = "html"


ALLOWED_TAGS = frozenset(
    {
        "a", "abbr", "acronym", "address", "article", "aside", "b", "bdi", "bdo",
        "blockquote", "br", "caption", "cite", "code", "col", "colgroup", "dd", "del",
        "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "footer",
        "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "i", "img", "ins", "kbd",
        "li", "mark", "nav", "ol", "p", "pre", "q", "rp", "rt", "ruby", "s", "samp",
        "section", "small", "span", "strike", "strong", "sub", "summary", "sup",
        "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "tt", "u", "ul",
        "var", "wbr",
    }
)  # fmt: skip
_GLOBAL_ATTRIBUTES = ["class", "id", "title", "lang", "dir", "role", "aria-label"]
ALLOWED_ATTRIBUTES: dict[str, list[str]] = {
    "*": _GLOBAL_ATTRIBUTES,
    "a": [*_GLOBAL_ATTRIBUTES, "href", "rel", "name"],
    "img": [*_GLOBAL_ATTRIBUTES, "src", "alt", "width", "height", "loading"],
    "td": [*_GLOBAL_ATTRIBUTES, "colspan", "rowspan", "align", "style"],
    "th": [*_GLOBAL_ATTRIBUTES, "colspan", "rowspan", "align", "scope", "style"],
    "col": [*_GLOBAL_ATTRIBUTES, "span", "width"],
    "ol": [*_GLOBAL_ATTRIBUTES, "start", "type", "reversed"],
    "li": [*_GLOBAL_ATTRIBUTES, "value"],
    "time": [*_GLOBAL_ATTRIBUTES, "datetime"],
    "blockquote": [*_GLOBAL_ATTRIBUTES, "cite"],
    "q": [*_GLOBAL_ATTRIBUTES, "cite"],
    "abbr": [*_GLOBAL_ATTRIBUTES, "title"],
    "div": [*_GLOBAL_ATTRIBUTES, "style"],
    "span": [*_GLOBAL_ATTRIBUTES, "style"],
    "p": [*_GLOBAL_ATTRIBUTES, "style"],
}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})
_CSS = CSSSanitizer(
    allowed_css_properties=["text-align", "color", "background-color", "font-weight"]
)

_MARKDOWN_EXTENSIONS = ["tables", "fenced_code", "toc", "sane_lists", "attr_list"]

_DOCUTILS_SETTINGS = {
    "_disable_config": True,
    "raw_enabled": False,
    "file_insertion_enabled": False,
    "doctitle_xform": False,
    "sectsubtitle_xform": False,
    "report_level": 2,
    "halt_level": 5,
    "syntax_highlight": "none",
    "embed_stylesheet": False,
    "input_encoding": "unicode",
}


def _render_markdown(text: str) -> str:
    return markdown.markdown(
        text, extensions=_MARKDOWN_EXTENSIONS, output_format="html"
    )


def _render_rst(text: str) -> str:
    # Errors are rendered inline (system messages) instead of raised or printed.
    settings = dict(_DOCUTILS_SETTINGS, warning_stream=io.StringIO())
    parts = publish_parts(source=text, writer="html5", settings_overrides=settings)
    return parts["body"]


_RENDERERS = {
    ContentType.MARKDOWN: _render_markdown,
    ContentType.RESTRUCTUREDTEXT: _render_rst,
    ContentType.HTML: lambda text: text,
}


def site_netloc() -> str:
    """The host of ``SITE_URL``: links elsewhere are external."""
    site_url = (
        current_app.config.get("SITE_URL", "") if has_app_context() else ""
    ) or "http://127.0.0.1:5000"
    return urlsplit(site_url).netloc.lower()


def _mark_external(attrs: dict[Any, str], new: bool = False, *, netloc: str) -> dict:
    href = attrs.get((None, "href"), "")
    host = urlsplit(href).netloc.lower()
    if host and host != netloc:
        attrs[(None, "rel")] = "nofollow noopener"
    else:
        attrs.pop((None, "rel"), None)
    return attrs


def sanitize(html: str) -> Markup:
    """Clean HTML against the one allowlist; external links get ``rel=nofollow``."""
    cleaner = bleach.Cleaner(
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        protocols=ALLOWED_PROTOCOLS,
        strip=True,
        strip_comments=True,
        css_sanitizer=_CSS,
        filters=[
            partial(
                LinkifyFilter,
                callbacks=[partial(_mark_external, netloc=site_netloc())],
                parse_email=False,
                skip_tags={"pre", "code"},
            )
        ],
    )
    return Markup(cleaner.clean(_drop_dangerous_blocks(html)))  # noqa: S704


_BLOCKS = re.compile(
    r"<\s*(script|style|template|noscript|iframe|object|embed|svg|math|textarea|xmp|noembed|noframes)\b.*?<\s*/\s*\1\s*>",
    re.IGNORECASE | re.DOTALL,
)


def _drop_dangerous_blocks(html: str) -> str:
    """Remove script/style elements with their contents (bleach would keep the text)."""
    return _BLOCKS.sub("", html)


def content_type_of(value: ContentType | str) -> ContentType:
    if isinstance(value, ContentType):
        return value
    try:
        return ContentType[str(value).upper()]
    except KeyError:
        raise ValueError(f"unknown content type: {value!r}") from None


def render(text: str | None, content_type: ContentType | str) -> Markup:
    """Render ``text`` written as ``content_type`` to sanitised HTML."""
    if not text:
        return Markup("")
    renderer = _RENDERERS[content_type_of(content_type)]
    return sanitize(renderer(text))

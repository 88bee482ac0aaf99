"""The one markup service: Markdown, reStructuredText or HTML in, sanitised HTML out.

Every domain renders user or staff content through :func:`render`; nothing else in
the project imports a markup library. There is no trusted bypass: editors' HTML is
sanitised too, because rendered content is served as ``|safe`` to every visitor.

**One rendering mode: stored.** Every long markup body (pages, release notes, jobs,
events, success stories, minutes, community posts, work group charters, nomination
statements, election descriptions, user bios) keeps its sanitised HTML in a
``<field>_rendered`` column, declared once with :func:`store_rendered`. A
``before_flush`` hook renders whenever the source or its content type changes, so
pages, feeds, structured data and search documents only read a column. Why stored
rather than cached on display:

- Rendering costs what a save can afford and a view cannot: docutils and the
  sanitiser take tens of milliseconds on a short document and hundreds on a
  release note of a few pages, while a view, a feed of 20 items or a reindex of
  every row should not run them at all.
- A per-process cache is cold after every restart and on every worker, and is
  bounded (256 texts of at most 64 KiB: a crawler or a feed of long texts evicts
  it), so the cost comes back when traffic does; long release notes and minutes
  are not cached at all.
- Every path that writes content (admin, API, CLI, public forms, imports) goes
  through the session, so the hook sees them all; the rendered HTML is then also
  in the database for the search index and for exports. python.org stores
  ``_<field>_rendered`` the same way.

The price: a change to this module (renderer, sanitiser, allowlist) reaches stored
HTML only when ``flask markup rerender`` rebuilds every stored rendering, so run it
after deploying such a change. Short texts (review comments, code sample notes)
and previews of unsaved text still call :func:`render` on display.
"""

from __future__ import annotations

import enum
import html
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache, partial
from html.parser import HTMLParser
from typing import Annotated, Any
from urllib.parse import urlsplit

import bleach
import markdown
import sqlalchemy as sa
import tinycss2
from bleach import html5lib_shim
from bleach.css_sanitizer import CSSSanitizer
from bleach.linkifier import LinkifyFilter
from docutils.core import publish_parts
from flask import current_app, has_app_context
from markupsafe import Markup
from sqlalchemy import event
from sqlalchemy.orm import Session, mapped_column

from pydotorg.core import markdown_bounds, rst_bounds
from pydotorg.core.types import enum_type


class ContentType(enum.Enum):
    """How a text column is written (the seed's enum)."""

    MARKDOWN = "markdown"
    RESTRUCTUREDTEXT = "restructuredtext"
    HTML = "html"

    @property
    def label(self) -> str:
        return {"MARKDOWN": "Markdown", "RESTRUCTUREDTEXT": "reStructuredText"}.get(
            self.name, self.name
        )


# A text column's markup: ``content_type: Mapped[MarkupType]`` (reStructuredText
# unless the column says otherwise: ``= mapped_column(default=ContentType.HTML)``).
MarkupType = Annotated[
    ContentType,
    mapped_column(enum_type(ContentType), default=ContentType.RESTRUCTUREDTEXT),
]


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
    "col": [*_GLOBAL_ATTRIBUTES, "span", "width", "style"],
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
ALLOWED_CSS_PROPERTIES = frozenset(
    {
        "text-align",
        "vertical-align",
        "color",
        "background-color",
        "font-weight",
        "width",
    }
)

_MARKDOWN_EXTENSIONS = [
    "tables",
    "fenced_code",
    "codehilite",
    "toc",
    "sane_lists",
    "attr_list",
]
# Fenced code is highlighted by Pygments inside a ``highlight`` wrapper (the only
# place the sanitiser keeps Pygments' classes); no language given, no guessing.
_MARKDOWN_CONFIG = {"codehilite": {"css_class": "highlight", "guess_lang": False}}
# docutils' highlighted ``code``/``code-block`` output, to wrap the same way.
_RST_CODE_BLOCK = re.compile(r'<pre class="code [^"]*">.*?</pre>', re.DOTALL)

_DOCUTILS_SETTINGS = {
    "_disable_config": True,  # never read docutils.conf from the working directory
    "raw_enabled": False,
    "file_insertion_enabled": False,
    "doctitle_xform": False,
    "sectsubtitle_xform": False,
    "report_level": 2,
    "halt_level": 5,
    "syntax_highlight": "short",  # Pygments' short token classes (``k``, ``nf``)
    "embed_stylesheet": False,
    "image_loading": "link",  # never read image files to embed them
    "input_encoding": "unicode",
}


# The longest text each markup field accepts, in characters, as "table.column".
# Forms, the admin and the API refuse longer input with a field error; render()
# shows anything longer than MAX_RENDER_CHARS (imports, old rows) as plain text.
MARKUP_LIMITS: dict[str, int] = {
    "jobs.description": 20_000,
    "jobs.requirements": 20_000,
    "jobs.company_description": 20_000,
    "job_review_comments.comment": 5_000,
    "nominations.nomination_statement": 20_000,
    "elections.description": 20_000,
    "users.bio": 5_000,
    "success_stories.content": 50_000,
    "community_posts.content": 50_000,
    "events.description": 50_000,
    "work_groups.purpose": 20_000,
    "work_groups.active_time": 20_000,
    "work_groups.core_values": 20_000,
    "work_groups.rules": 20_000,
    "work_groups.communication": 20_000,
    "work_groups.support": 20_000,
    "pages.content": 200_000,
    "releases.content": 200_000,
    "minutes.content": 200_000,
}
MAX_RENDER_CHARS = max(MARKUP_LIMITS.values())


def markup_limit(table: str, column: str) -> int | None:
    """The most characters ``table.column`` accepts, if it is a markup field."""
    return MARKUP_LIMITS.get(f"{table}.{column}")


def markup_length_error(text: str | None, limit: int) -> str | None:
    """The field error for ``text`` longer than ``limit``, else ``None``."""
    if text and len(normalize_newlines(text)) > limit:
        return f"Ensure this field has no more than {limit:,} characters (it has {len(text):,})."
    return None


def normalize_newlines(text: str) -> str:
    """Browsers post CRLF; the preview sends LF. Store and render LF only."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _render_markdown(text: str) -> str:
    # The pre-pass and the BoundedMarkdown extension keep hostile input linear.
    html_text = markdown.markdown(
        markdown_bounds.neutralise(text),
        extensions=[*_MARKDOWN_EXTENSIONS, markdown_bounds.BoundedMarkdown()],
        extension_configs=_MARKDOWN_CONFIG,
        output_format="html",
    )
    return markdown_bounds.restore(html_text)


def _render_rst(text: str) -> str:
    # Errors are rendered inline (system messages) instead of raised or printed.
    settings = dict(_DOCUTILS_SETTINGS, warning_stream=io.StringIO())
    try:
        with rst_bounds.collector_paused():
            parts = publish_parts(
                source=text,
                reader=rst_bounds.bounded_reader(),  # linear on hostile input
                writer="html5",
                settings_overrides=settings,
            )
    except Exception as error:  # a docutils bug must not become a 500
        return (
            '<aside class="system-message"><p class="system-message-title">'
            "System Message: SEVERE/4 (reStructuredText could not be rendered)</p>"
            f"<p>{html.escape(str(error))}</p>"
            f'<pre class="literal-block">{html.escape(text)}</pre></aside>'
        )
    return wrap_code_blocks(parts["body"])


def wrap_code_blocks(body: str) -> str:
    """docutils' highlighted code blocks inside the ``highlight`` wrapper that the
    sanitiser keeps Pygments' classes in."""
    return _RST_CODE_BLOCK.sub(
        lambda block: f'<div class="highlight">{block.group(0)}</div>', body
    )


_RENDERERS = {
    ContentType.MARKDOWN: _render_markdown,
    ContentType.RESTRUCTUREDTEXT: _render_rst,
    ContentType.HTML: lambda text: text,
}


class StrictCSSSanitizer(CSSSanitizer):
    """bleach's sanitizer checks property names only; this one checks values too.

    A value may hold keywords, numbers, lengths, percentages, colours and
    ``rgb()``/``hsl()`` of numbers: no ``url()``, ``expression()``, escapes or
    other functions (old IE ran ``expression(...)`` as script).
    """

    _SAFE_TOKENS = frozenset(
        {"whitespace", "ident", "number", "percentage", "dimension", "hash"}
    )
    _SAFE_FUNCTIONS = frozenset({"rgb", "rgba", "hsl", "hsla"})
    _SAFE_LITERALS = frozenset({",", "/", "!", "."})

    def __init__(self) -> None:
        super().__init__(
            allowed_css_properties=ALLOWED_CSS_PROPERTIES,
            allowed_svg_properties=frozenset(),
        )

    def _safe_value(self, tokens: list[Any], *, nested: bool = False) -> bool:
        for token in tokens:
            if token.type in self._SAFE_TOKENS:
                if token.type == "ident" and not re.fullmatch(
                    r"-?[a-z][a-z0-9-]*", token.value, re.IGNORECASE
                ):
                    return False
                if token.type == "ident" and "expression" in token.lower_value:
                    return False
            elif token.type == "literal" and token.value in self._SAFE_LITERALS:
                continue
            elif token.type == "function" and not nested:
                if token.lower_name not in self._SAFE_FUNCTIONS:
                    return False
                if not self._safe_value(token.arguments, nested=True):
                    return False
            else:
                return False
        return True

    def sanitize_css(self, style: str) -> str:
        declarations = [
            token
            for token in tinycss2.parse_declaration_list(
                style, skip_comments=True, skip_whitespace=True
            )
            if token.type == "declaration"
            and token.lower_name in self.allowed_css_properties
            and self._safe_value(token.value)
        ]
        return "; ".join(
            f"{d.lower_name}: {tinycss2.serialize(d.value).strip()}"
            + (" !important" if d.important else "")
            for d in declarations
        ) + (";" if declarations else "")


_CSS = StrictCSSSanitizer()
# Links are taken as written: no bare-text autolinking (the filter is only there to
# run the callback on every existing <a>).
_NO_AUTOLINK = re.compile(r"(?!x)x")


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


_BLOCKS = re.compile(
    r"<\s*(script|style|template|noscript|iframe|object|embed|svg|math|textarea|xmp"
    r"|noembed|noframes|title|select|applet|frameset)\b.*?<\s*/\s*\1\s*>",
    re.IGNORECASE | re.DOTALL,
)


def _drop_dangerous_blocks(html_text: str) -> str:
    """Remove script-like elements with their contents (bleach would keep the text).

    Repeated until stable, so ``<scr<script>x</script>ipt>`` cannot reassemble a
    tag. This is tidiness only: bleach below is what makes the output safe.
    """
    previous = None
    while previous != html_text:
        previous, html_text = html_text, _BLOCKS.sub("", html_text)
    return html_text


ID_PREFIX = "c-"
# Classes content may carry: what docutils' html5 writer and Python-Markdown emit,
# admonitions, and the "highlight" wrapper of highlighted code. The site's own
# classes are not among them, so content cannot borrow their styles.
ALLOWED_CLASSES = frozenset(
    {
        "abbreviation", "acronym", "admonition", "admonition-title", "align-bottom",
        "align-center", "sidebar-title", "topic-title", "toc",
        "align-left", "align-middle", "align-right", "align-top", "arabic",
        "attention", "auto-toc", "backrefs", "brackets", "bullet", "caption",
        "caution", "citation", "citation-list", "citation-reference", "classifier",
        "code", "colwidths-auto", "colwidths-given", "compound", "container",
        "contents", "danger", "docinfo", "docutils", "doctest-block",
        "enumerated", "epigraph", "error", "external", "field-body", "field-list",
        "field-name", "figure", "first", "fn-backref", "footer", "footnote",
        "footnote-list", "footnote-reference", "header", "hint", "highlight",
        "highlights", "image-reference", "important", "internal", "kbd", "label",
        "last", "legend", "line", "line-block", "literal", "literal-block",
        "loweralpha", "lowerroman", "menuselection", "note", "option-list",
        "problematic", "pull-quote", "reference", "rubric", "section", "sectnum",
        "seealso", "sidebar", "simple", "subtitle", "system-message",
        "system-message-title", "table", "target", "tip", "title", "toc-backref",
        "topic", "transition", "upperalpha", "upperroman", "warning",
    }
)  # fmt: skip
_LANGUAGE_CLASS = re.compile(r"language-[A-Za-z0-9_+#.-]{1,40}")


@lru_cache(maxsize=1)
def _pygments_classes() -> frozenset[str]:
    """The short CSS classes Pygments gives its tokens (``k``, ``nf``, ``s1``...)."""
    from pygments.token import STANDARD_TYPES  # lazy: only when a page is rendered

    return frozenset(name for name in STANDARD_TYPES.values() if name)


class _IdClassFilter(html5lib_shim.Filter):
    """Prefix ids (and in-page links to them) and keep only allowlisted classes.

    Content then cannot clobber or restyle the site's own elements, while
    footnotes, anchors and highlighted code keep working.
    """

    def __iter__(self) -> Iterator[dict[str, Any]]:
        highlight_depth: list[int] = []  # open elements, marked when "highlight"
        for token in super().__iter__():
            kind = token["type"]
            if kind in ("StartTag", "EmptyTag"):
                attrs = token["data"]
                opens_highlight = self._clean(attrs, in_highlight=any(highlight_depth))
                if kind == "StartTag":
                    highlight_depth.append(1 if opens_highlight else 0)
            elif kind == "EndTag" and highlight_depth:
                highlight_depth.pop()
            yield token

    def _clean(self, attrs: dict[Any, str], *, in_highlight: bool) -> bool:
        for name in ("id", "name"):
            value = attrs.get((None, name))
            if value:
                attrs[(None, name)] = ID_PREFIX + value
        href = attrs.get((None, "href"))
        if href and href.startswith("#") and len(href) > 1:
            attrs[(None, "href")] = "#" + ID_PREFIX + href[1:]
        classes = attrs.get((None, "class"))
        if classes is None:
            return False
        tokens = classes.split()
        opens_highlight = "highlight" in tokens
        allowed = ALLOWED_CLASSES
        if in_highlight or opens_highlight:
            allowed = allowed | _pygments_classes()
        kept = [c for c in tokens if c in allowed or _LANGUAGE_CLASS.fullmatch(c)]
        if kept:
            attrs[(None, "class")] = " ".join(kept)
        else:
            del attrs[(None, "class")]
        return opens_highlight


_EtreeWalker = html5lib_shim.getTreeWalker("etree")


class _LinearTreeWalker(_EtreeWalker):  # type: ignore[misc,valid-type]
    """html5lib's etree walker, minus a quadratic step.

    Climbing back to a parent, the stock walker finds that parent's position with
    ``list(grandparent).index(parent)`` (and an assert that counts it): linear in
    the number of siblings, so a table of 3,000 rows or 3,000 paragraphs holding a
    link cost seconds. Positions are looked up once per grandparent instead.
    """

    def __init__(self, tree: Any) -> None:
        super().__init__(tree)
        self._positions: dict[int, dict[int, int]] = {}

    def getParentNode(self, node: Any) -> Any:  # noqa: N802 (html5lib's API)
        if isinstance(node, tuple):
            _element, _key, parents, flag = node
            if flag != "text" and len(parents) > 1:
                parent = parents.pop()
                grandparent = parents[-1]
                positions = self._positions.get(id(grandparent))
                if positions is None:
                    positions = {id(child): i for i, child in enumerate(grandparent)}
                    self._positions[id(grandparent)] = positions
                return parent, positions[id(parent)], parents, None
        return super().getParentNode(node)


def sanitize(html_text: str, netloc: str | None = None) -> Markup:
    """Clean HTML against the one allowlist; external links get ``rel=nofollow``.

    ``netloc`` is this site's host (default: from ``SITE_URL``).
    """
    netloc = site_netloc() if netloc is None else netloc
    # A Cleaner is not thread-safe, so each call builds its own.
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
                callbacks=[partial(_mark_external, netloc=netloc)],
                parse_email=False,
                url_re=_NO_AUTOLINK,
                skip_tags={"pre", "code"},
            ),
            _IdClassFilter,
        ],
    )
    cleaner.walker = _LinearTreeWalker
    cleaned = cleaner.clean(_drop_dangerous_blocks(html_text))
    return Markup(cleaned.replace(' style=""', ""))  # noqa: S704  (bleach output)


def content_type_of(value: ContentType | str) -> ContentType:
    """The member for ``value``: a member, its name or its value, in any case."""
    if isinstance(value, ContentType):
        return value
    try:
        return ContentType[str(value).strip().upper()]
    except KeyError:
        raise ValueError(f"unknown content type: {value!r}") from None


# Texts up to this size are cached by content: what still renders on display (short
# texts, previews) runs docutils once per text, not once per view.
_CACHE_MAX_CHARS = 64 * 1024


@lru_cache(maxsize=256)
def _render_cached(kind: ContentType, text: str, netloc: str) -> Markup:
    return sanitize(_RENDERERS[kind](text), netloc)


def render(text: str | None, content_type: ContentType | str) -> Markup:
    """Render ``text`` written as ``content_type`` to sanitised HTML."""
    kind = content_type_of(content_type)
    if not text:
        return Markup("")
    text = normalize_newlines(text)
    if len(text) > MAX_RENDER_CHARS:
        # Over every field's limit (forms and the API refuse it): not parsed as markup.
        return Markup("<pre>{}</pre>").format(text)
    if len(text) > _CACHE_MAX_CHARS:
        return sanitize(_RENDERERS[kind](text))
    return _render_cached(kind, text, site_netloc())


# Tags that separate words visually, so their text must not run together.
_BLOCK_TAGS = frozenset(
    {"p", "br", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td",
     "th", "dt", "dd", "blockquote", "pre", "hr", "section", "article", "aside",
     "figure", "figcaption", "table"}
)  # fmt: skip


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self._skip:
            self._skip -= 1
        elif tag in _BLOCK_TAGS:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def visible_text(html: str) -> str:
    """Text a reader would see in ``html``, whitespace collapsed."""
    extractor = _TextExtractor()
    extractor.feed(html)
    extractor.close()
    return " ".join("".join(extractor.parts).split())


# A leading heading, alone or opening the first section (docutils' ``<section
# id="c-..."><h2>``, Markdown's ``<h1 id="c-...">``).
_LEADING_HEADING = re.compile(
    r'\A(\s*(?:<section id="[^"]*">\s*)?)<(h[1-6])(?: id="[^"]*")?>(.*?)</\2>\s*',
    re.DOTALL,
)


def without_title(html_text: str | None, title: str) -> Markup:
    """Rendered content without its first heading when that repeats ``title``.

    The page template shows the title already; reStructuredText documents often
    start with it as their first section (DECISIONS, "Markup").
    """
    html_text = html_text or ""
    match = _LEADING_HEADING.match(html_text)
    if match is not None:
        heading = " ".join(
            html.unescape(re.sub(r"<[^>]*>", "", match.group(3))).split()
        )
        if heading == " ".join(title.split()):
            html_text = match.group(1) + html_text[match.end() :]
    return Markup(html_text)  # noqa: S704  (already sanitised content)


def clear_render_cache() -> None:
    """Forget cached renderings (tests that count renderer calls start clean)."""
    _render_cached.cache_clear()


# Stored renderings ---------------------------------------------------------------


@dataclass(frozen=True)
class RenderedField:
    """``model.target`` holds ``render(model.source, content type)``.

    ``content_type`` is either the name of the attribute holding the ContentType
    or a fixed :class:`ContentType` for columns that are always one markup.
    """

    model: type
    source: str
    target: str
    content_type: str | ContentType

    @property
    def label(self) -> str:
        return f"{self.model.__tablename__}.{self.source}"  # type: ignore[attr-defined]

    def type_of(self, obj: Any) -> ContentType | str:
        if isinstance(self.content_type, ContentType):
            return self.content_type
        value = getattr(obj, self.content_type)
        if value is None:
            # A new row that leaves its content type to the column's default.
            column = sa.inspect(self.model).columns[self.content_type]
            if column.default is not None and column.default.is_scalar:
                value = column.default.arg
        return value  # type: ignore[no-any-return]

    def render_for(self, obj: Any) -> str:
        return str(render(getattr(obj, self.source), self.type_of(obj)))

    def watched(self) -> tuple[str, ...]:
        if isinstance(self.content_type, ContentType):
            return (self.source,)
        return (self.source, self.content_type)


RENDERED_FIELDS: list[RenderedField] = []


def store_rendered(
    model: type, source: str, target: str, content_type: str | ContentType
) -> RenderedField:
    """Declare that ``model.target`` stores the rendering of ``model.source``."""
    field = RenderedField(model, source, target, content_type)
    if field not in RENDERED_FIELDS:
        RENDERED_FIELDS.append(field)
    return field


def stored_html(html_text: str | None) -> Markup:
    """A stored rendering as template output (``|stored_html``): it was sanitised
    when it was rendered on save."""
    return Markup(html_text or "")  # noqa: S704  (already sanitised content)


def rendered_columns(model: type) -> frozenset[str]:
    """The columns of ``model`` that hold stored renderings: never edited by hand."""
    return frozenset(
        field.target for field in RENDERED_FIELDS if issubclass(model, field.model)
    )


def _needs_render(obj: Any, field: RenderedField, *, is_new: bool) -> bool:
    if is_new:
        return True
    state = sa.inspect(obj)
    return any(state.attrs[name].history.has_changes() for name in field.watched())


@event.listens_for(Session, "before_flush")
def _render_on_save(session: Session, flush_context: Any, instances: Any) -> None:
    """Render changed sources before they are written, so views never render."""
    if not RENDERED_FIELDS:
        return
    new = set(session.new)
    for obj in list(new) + list(session.dirty):
        for field in RENDERED_FIELDS:
            if not isinstance(obj, field.model):
                continue
            source = getattr(obj, field.source)
            if isinstance(source, str) and "\r" in source:
                setattr(obj, field.source, normalize_newlines(source))
            if _needs_render(obj, field, is_new=obj in new):
                setattr(obj, field.target, field.render_for(obj))


def rerender_all(
    session: Session, batch_size: int = 200
) -> Iterator[tuple[str, int, int]]:
    """Rebuild every stored rendering; yields (field label, rows, rows changed)."""
    clear_render_cache()
    for field in RENDERED_FIELDS:
        total = changed = 0
        query = sa.select(field.model).execution_options(yield_per=batch_size)
        for obj in session.scalars(query):
            total += 1
            html_text = field.render_for(obj)
            if getattr(obj, field.target) != html_text:
                setattr(obj, field.target, html_text)
                changed += 1
        session.flush()
        yield field.label, total, changed

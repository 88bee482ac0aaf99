"""Jinja filters and globals available in every template."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from flask import Flask, g, request, url_for

from pydotorg.core.markup import ContentType, render, stored_html, without_title
from pydotorg.core.permissions import is_staff
from pydotorg.core.seo import site_url
from pydotorg.core.timezones import in_time_zone
from pydotorg.core.types import enum_label


def register_template_helpers(app: Flask) -> None:
    app.add_template_filter(render, "markup")
    app.add_template_filter(without_title, "without_title")
    app.add_template_filter(stored_html, "stored_html")
    app.add_template_filter(in_time_zone, "in_time_zone")
    # Templates name a markup as ``ContentType.MARKDOWN``, never as a string.
    app.add_template_global(ContentType, "ContentType")
    app.add_template_filter(enum_label, "enum_label")
    app.add_template_global(is_staff, "is_staff")
    app.add_template_global(site_url, "site_url")
    app.add_template_global(url_for_each, "url_for_each")

    @app.before_request
    def _fresh_url_builders() -> None:
        # ``g`` may outlive a request (an app context kept open around several).
        g.pop("_url_for_each", None)

    @app.context_processor
    def site_context() -> dict[str, Any]:
        return {
            "site_name": app.config["SITE_NAME"],
            # The page's own address on SITE_URL (the query string is left out);
            # a view serving a mirror of another URL names the original in
            # ``request.environ["pydotorg.canonical_path"]`` (per request, unlike g).
            "canonical_url": site_url(
                request.environ.get("pydotorg.canonical_path", request.path)
            )
            if request
            else site_url("/"),
        }


# The quoting werkzeug's default (string) converter applies to a path segment.
_SEGMENT_SAFE = "!$&'()*+,/:;=@"


def url_for_each(endpoint: str, argument: str) -> Callable[[Any], str]:
    """``url_for(endpoint, **{argument: value})`` for many values, built once.

    For lists that link every row: the route is built once per request (kept on
    ``g``, dropped when the next request starts), then each
    address is the common prefix and suffix around the quoted value (the same text
    as ``url_for`` gives for a rule with one plain ``<argument>`` or ``<int:...>``).
    A rule that does not build that way gets ``url_for`` for each value.
    """
    builders = g.get("_url_for_each")
    if builders is None:
        builders = g._url_for_each = {}
    builder = builders.get((endpoint, argument))
    if builder is None:
        builder = builders[(endpoint, argument)] = _builder(endpoint, argument)
    return builder


def _builder(endpoint: str, argument: str) -> Callable[[Any], str]:
    zero = url_for(endpoint, **{argument: "0"})
    head, _, tail = zero.rpartition("/0")
    if not head or url_for(endpoint, **{argument: "1"}) != f"{head}/1{tail}":
        return lambda value: url_for(endpoint, **{argument: value})
    head += "/"

    def build(value: Any) -> str:
        if type(value) is int:  # digits need no quoting
            return f"{head}{value}{tail}"
        return head + quote(str(value), safe=_SEGMENT_SAFE) + tail

    return build

"""What search engines and link previews read: absolute URLs on ``SITE_URL``.

Structured data (schema.org JSON-LD) is built as plain dicts by each domain and
written by ``base.html`` as ``<script type="application/ld+json">`` through
Jinja's ``tojson`` (which escapes ``<``, ``>`` and ``&``, so content cannot close
the element). It is data, not script: ``script-src 'self'`` does not apply.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from flask import current_app

SCHEMA_CONTEXT = "https://schema.org"


def site_url(path: str = "/") -> str:
    """``path`` on ``SITE_URL``: never the request's Host header (it can be forged)."""
    return current_app.config["SITE_URL"].rstrip("/") + "/" + path.lstrip("/")


def iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def schema(kind: str, **properties: Any) -> dict[str, Any]:
    """A schema.org object; properties that are None or empty are left out."""
    data: dict[str, Any] = {"@context": SCHEMA_CONTEXT, "@type": kind}
    data.update(
        (key, value)
        for key, value in properties.items()
        if value not in (None, "", [], {})
    )
    return data


def thing(kind: str, **properties: Any) -> dict[str, Any]:
    """A nested schema.org object (no ``@context``)."""
    data = schema(kind, **properties)
    del data["@context"]
    return data

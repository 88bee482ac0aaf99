"""The one URL rule for anything that ends up in an ``href`` or ``src``.

Only ``http``/``https`` URLs with a host pass, plus (where a field allows it) a
path on this site (``/about/``, never ``//host``). ``javascript:``, ``data:``,
``vbscript:`` and every other scheme are refused, whoever writes the value: forms
and the admin (:class:`SafeURL`), the API (:func:`check_url`), services and
importers (:func:`safe_url_or_empty`), and, last, the model itself: columns
declared with :func:`url_info` are checked at flush.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Session
from wtforms.validators import ValidationError

ABSOLUTE_MESSAGE = "The URL must start with http:// or https://."
RELATIVE_MESSAGE = "The URL must start with http://, https:// or /."
_CONTROL = {chr(c) for c in range(32)} | {"\x7f"}


def is_safe_url(value: str, *, relative: bool = False) -> bool:
    """``value`` is an http(s) URL with a host (or, if ``relative``, a site path)."""
    if not value or any(c in _CONTROL for c in value) or "\\" in value:
        return False
    try:
        parts = urlsplit(value)
    except ValueError:  # e.g. an unbalanced "[" in the host
        return False
    if parts.scheme:
        return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)
    return relative and value.startswith("/") and not value.startswith("//")


def check_url(value: str | None, *, relative: bool = False) -> str:
    """``value`` stripped, or ``ValueError`` with the field message. Empty passes."""
    value = (value or "").strip()
    if value and not is_safe_url(value, relative=relative):
        raise ValueError(RELATIVE_MESSAGE if relative else ABSOLUTE_MESSAGE)
    return value


def safe_url_or_empty(value: str | None, *, relative: bool = False) -> str:
    """For importers: a bad URL becomes ``""`` (nothing to link) instead of an error."""
    try:
        return check_url(value, relative=relative)
    except ValueError:
        return ""


class SafeURL:
    """WTForms validator: :func:`check_url` as a field error."""

    def __init__(self, *, relative: bool = False) -> None:
        self.relative = relative

    def __call__(self, form: Any, field: Any) -> None:
        if isinstance(field.data, str):
            try:
                field.data = check_url(field.data, relative=self.relative)
            except ValueError as error:
                raise ValidationError(str(error)) from None


# Model level ---------------------------------------------------------------------


def url_info(*, relative: bool = False) -> dict[str, str]:
    """``info=`` for a column that holds a link: checked at flush, and in the admin."""
    return {"url": "relative" if relative else "absolute"}


def url_rule(column: Any) -> bool | None:
    """``None`` if ``column`` is no link column, else whether it allows site paths."""
    kind = getattr(column, "info", {}).get("url")
    return None if kind is None else kind == "relative"


class UnsafeURLError(ValueError):
    """A link column was about to store a URL the rule refuses."""


@event.listens_for(Session, "before_flush")
def _check_url_columns(session: Session, flush_context: Any, instances: Any) -> None:
    for obj in [*session.new, *session.dirty]:
        mapper = sa.inspect(obj).mapper
        for column in mapper.columns:
            relative = url_rule(column)
            if relative is None:
                continue
            value = getattr(obj, mapper.get_property_by_column(column).key)
            if value and not is_safe_url(value.strip(), relative=relative):
                raise UnsafeURLError(
                    f"{mapper.local_table.name}.{column.name}: "
                    + (RELATIVE_MESSAGE if relative else ABSOLUTE_MESSAGE)
                )

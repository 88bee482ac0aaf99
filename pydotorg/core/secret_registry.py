"""The one list of what is secret: template variables and database columns.

Everything that could leak a secret asks this module instead of keeping its own list:

* mail subjects never receive a secret variable, and templates that do receive one
  are edited by superusers only (``mailing``);
* the mail log stores bodies with secret values redacted, and mail that carried a
  secret is never resent from the log (the user asks for a fresh link);
* email templates cannot read a secret column (``user.password_hash``);
* admin views never list, show, search, filter, export or edit a secret column;
* change logs and history redact secret columns.

A secret is anything that grants access on its own: a link with a token in it, a
token, an API key, a password or a digest of one.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from markupsafe import escape

REDACTED = "[redacted]"

# Template variables whose values grant access (reset and verification links, tokens,
# keys). Code that mails a secret must pass it under one of these names.
SECRET_TEMPLATE_VARIABLES: frozenset[str] = frozenset(
    {
        "reset_url",
        "verify_url",
        "token",
        "reset_token",
        "verify_token",
        "api_key",
        "raw_key",
        "password",
    }
)

# Columns holding secrets, by table: password hashes, key digests, tokens.
SECRET_COLUMNS: Mapping[str, frozenset[str]] = {
    "users": frozenset({"password_hash"}),
    "api_keys": frozenset({"key_hash"}),
}

# Every secret column name, whatever its table (for checks that only see a name).
SECRET_COLUMN_NAMES: frozenset[str] = frozenset().union(*SECRET_COLUMNS.values())


def is_secret_variable(name: str) -> bool:
    return name in SECRET_TEMPLATE_VARIABLES


def secret_variables_in(names: Iterable[str]) -> set[str]:
    """The secret names among ``names``."""
    return {name for name in names if name in SECRET_TEMPLATE_VARIABLES}


def secret_columns(table: str) -> frozenset[str]:
    """The secret columns of ``table`` (empty when it has none)."""
    return SECRET_COLUMNS.get(table, frozenset())


def is_secret_column(obj: Any, attribute: str) -> bool:
    """Whether ``attribute`` of a model instance or class is a secret column."""
    target = obj if isinstance(obj, type) else type(obj)
    table = getattr(target, "__tablename__", None)
    return isinstance(table, str) and attribute in secret_columns(table)


def without_secrets(context: Mapping[str, Any]) -> dict[str, Any]:
    """``context`` minus its secret variables (what a mail subject may see)."""
    return {k: v for k, v in context.items() if k not in SECRET_TEMPLATE_VARIABLES}


def secret_values(context: Mapping[str, Any]) -> list[str]:
    """The text of every secret variable in ``context``, longest first."""
    values = {
        str(value)
        for name, value in context.items()
        if name in SECRET_TEMPLATE_VARIABLES and value is not None and str(value)
    }
    return sorted(values, key=len, reverse=True)


def redact(text: str | None, values: Iterable[str]) -> str | None:
    """``text`` with every secret value (as written or HTML-escaped) replaced."""
    if not text:
        return text
    for value in values:
        for form in {value, str(escape(value))}:
            text = text.replace(form, REDACTED)
    return text

"""Signed, expiring account tokens: email verification and password reset.

Tokens carry no secret state in the database. Each purpose has its own salt, so a
verification token can never be replayed as a reset token. Single use comes from
binding the token to state the action changes: verifying sets ``email_verified``,
and resetting changes the password hash the token was made from.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from pydotorg.core.rules import RuleError

VERIFY_EMAIL = "verify-email"
RESET_PASSWORD = "reset-password"  # noqa: S105  (a salt name, not a password)

_MAX_AGE_SETTINGS = {
    VERIFY_EMAIL: "EMAIL_TOKEN_MAX_AGE",
    RESET_PASSWORD: "PASSWORD_RESET_MAX_AGE",
}


class TokenError(RuleError):
    """A token was refused; the message is safe to show."""

    def __init__(self, message: str, *, code: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class TokenMessages:
    expired: str
    invalid: str


MESSAGES = {
    VERIFY_EMAIL: TokenMessages(
        expired="This confirmation link has expired. Ask for a new one below.",
        invalid="This confirmation link is invalid. Ask for a new one below.",
    ),
    RESET_PASSWORD: TokenMessages(
        expired="This password reset link has expired. Ask for a new one below.",
        invalid="This password reset link is invalid. Ask for a new one below.",
    ),
}


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(
        current_app.config["SECRET_KEY"], salt=f"pydotorg.users.{purpose}"
    )


def make_token(purpose: str, payload: dict[str, Any]) -> str:
    return _serializer(purpose).dumps(payload)


def read_token(purpose: str, token: str) -> dict[str, Any]:
    """The payload of a valid, unexpired token, or :class:`TokenError`."""
    max_age = current_app.config[_MAX_AGE_SETTINGS[purpose]]
    messages = MESSAGES[purpose]
    try:
        payload = _serializer(purpose).loads(token, max_age=max_age)
    except SignatureExpired:
        raise TokenError(messages.expired, code="expired") from None
    except BadSignature:
        raise TokenError(messages.invalid, code="invalid") from None
    if not isinstance(payload, dict):
        raise TokenError(messages.invalid, code="invalid")
    return payload


def fingerprint(value: str | None) -> str:
    """A short digest of a secret (the password hash) to bind a token to it."""
    return hashlib.sha256((value or "").encode()).hexdigest()[:16]

"""Form pieces shared by every domain's public forms."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask import url_for
from flask_wtf import FlaskForm
from wtforms import StringField

# Deliberately vague: a bot learns nothing from it.
HONEYPOT_MESSAGE = "Your submission could not be processed. Please try again."


class HoneypotForm(FlaskForm):
    """A form with a hidden field that people leave empty and bots fill in."""

    email_body_text = StringField("Leave this field empty")

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators)
        if self.email_body_text.data:
            self.form_errors.append(HONEYPOT_MESSAGE)
            return False
        return valid


class EmptyForm(FlaskForm):
    """Only the CSRF token: for POST buttons."""


def safe_next(target: str | None) -> str:
    """Only same-site relative paths are followed (after login, edit, ...)."""
    if not target:
        return url_for("home")
    parts = urlsplit(target)
    if (
        parts.scheme
        or parts.netloc
        or not target.startswith("/")
        or target.startswith("//")
        or "\\" in target
    ):
        return url_for("home")
    return target

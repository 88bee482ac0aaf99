"""Form pieces shared by every domain's public forms."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from flask import flash, url_for
from flask_wtf import FlaskForm
from wtforms import StringField

from pydotorg.core.permissions import PermissionDenied
from pydotorg.core.rules import NON_FIELD, RuleError
from pydotorg.extensions import db

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


def attach_errors(form: FlaskForm, error: RuleError | PermissionDenied) -> None:
    """A service's refusal onto the form: beside the field it names, or at the top."""
    errors = getattr(error, "errors", None) or {NON_FIELD: [str(error)]}
    for name, messages in errors.items():
        if name != NON_FIELD and name in form:
            form[name].errors = [*form[name].errors, *messages]
        else:
            form.form_errors.extend(messages)


@dataclass
class ActionOutcome:
    """Whether the block of :func:`form_action` was committed."""

    ok: bool = False


@contextmanager
def form_action(form: FlaskForm | None = None) -> Iterator[ActionOutcome]:
    """Run a view's write as one transaction: commit, or roll back and show why.

    A :class:`RuleError` or :class:`PermissionDenied` raised in the block rolls
    the session back and lands on ``form`` (beside its field) or, without a form,
    in a flashed message; the view goes on to re-render or redirect. Anything else
    propagates (a bug is a 500, not a form error)::

        with form_action(form) as done:
            job = jobs().create(by=viewer(), **fields)
        if done.ok:
            return redirect(...)
    """
    outcome = ActionOutcome()
    try:
        yield outcome
    except (RuleError, PermissionDenied) as error:
        db.session.rollback()
        if form is None:
            flash(str(error), "error")
        else:
            attach_errors(form, error)
    else:
        db.session.commit()
        outcome.ok = True

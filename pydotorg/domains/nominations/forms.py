"""The public nomination form and the nominee's accept button.

Field names are the Nomination's columns; ``email`` names the nominee's account.
The rules (nominations open, self-nomination needs, duplicates) live in
``NominationService.nominate``.
"""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from pydotorg.core.markup import MARKUP_LIMITS

# The statement's cap, shared by the form and the live preview.
STATEMENT_MAX_LENGTH = MARKUP_LIMITS["nominations.nomination_statement"]


class NominationForm(FlaskForm):
    email = EmailField(
        "Nominee's email address",
        validators=[DataRequired(), Length(max=254)],
        description="The address of their python.org account; yours to nominate yourself.",
    )
    name = StringField(
        "Nominee's name",
        validators=[Optional(), Length(max=1024)],
        description="Leave empty to use the name on their account.",
    )
    employer = StringField("Employer", validators=[Optional(), Length(max=1024)])
    other_affiliations = StringField(
        "Other affiliations", validators=[Optional(), Length(max=2048)]
    )
    previous_board_service = StringField(
        "Previous board service",
        validators=[Optional(), Length(max=1024)],
        description="The years served, e.g. “2019, 2021”, or “New board member”.",
    )
    nomination_statement = TextAreaField(
        "Nomination statement",
        validators=[DataRequired(), Length(max=STATEMENT_MAX_LENGTH)],
        description="Markdown. Why this person should serve on the board.",
    )
    coc_acknowledged = BooleanField(
        "I have read and agree to abide by the PSF Code of Conduct "
        "(required when nominating yourself)"
    )


class AcceptForm(FlaskForm):
    """Only the CSRF token: accepting is one button."""


class NominationEditForm(FlaskForm):
    """The nominator's (or nominee's) changes: everything but who is nominated."""

    name = NominationForm.name
    employer = NominationForm.employer
    other_affiliations = NominationForm.other_affiliations
    previous_board_service = NominationForm.previous_board_service
    nomination_statement = NominationForm.nomination_statement

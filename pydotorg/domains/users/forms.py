"""Forms for accounts, profiles, membership, user groups and API keys.

Forms check shape (required, lengths, matching passwords); account rules
(reserved or taken usernames, password strength, Code of Conduct) live in the
services, and views copy service errors onto the fields.
"""

from __future__ import annotations

import enum
from typing import Any

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    PasswordField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    DataRequired,
    EqualTo,
    InputRequired,
    Length,
    Optional,
    ValidationError,
)

from pydotorg.core.forms import HoneypotForm
from pydotorg.core.markup import MARKUP_LIMITS
from pydotorg.core.urls import ABSOLUTE_MESSAGE, is_safe_url
from pydotorg.domains.users.models import EmailPrivacy, SearchVisibility, UserGroupType
from pydotorg.domains.users.services.accounts import is_valid_email, normalize_email

PASSWORD_MISMATCH = "The two password fields didn't match."  # noqa: S105


def enum_choices(enum_class: type[enum.Enum], labels: dict[str, str]) -> list[Any]:
    """Choices keyed by member name (DECISIONS: enums are chosen by name)."""
    return [SelectChoice(member.name, labels[member.name]) for member in enum_class]


class LoginForm(FlaskForm):
    username = StringField(
        "Username or email", validators=[DataRequired(), Length(max=254)]
    )
    password = PasswordField("Password", validators=[DataRequired()])


class SignupForm(HoneypotForm):
    username = StringField(
        "Username",
        validators=[DataRequired(), Length(max=150)],
        description="ASCII letters, digits and @ . + - _ only.",
    )
    email = StringField("Email address", validators=[DataRequired(), Length(max=254)])
    password1 = PasswordField("Password", validators=[DataRequired()])
    password2 = PasswordField(
        "Password (again)",
        validators=[DataRequired(), EqualTo("password1", message=PASSWORD_MISMATCH)],
    )


class EmailForm(FlaskForm):
    email = StringField("Email address", validators=[DataRequired(), Length(max=254)])


class SetPasswordForm(FlaskForm):
    password1 = PasswordField("New password", validators=[DataRequired()])
    password2 = PasswordField(
        "New password (again)",
        validators=[DataRequired(), EqualTo("password1", message=PASSWORD_MISMATCH)],
    )


class PasswordChangeForm(HoneypotForm):
    old_password = PasswordField("Current password")
    password1 = PasswordField("New password", validators=[DataRequired()])
    password2 = PasswordField(
        "New password (again)",
        validators=[DataRequired(), EqualTo("password1", message=PASSWORD_MISMATCH)],
    )


class ProfileForm(HoneypotForm):
    first_name = StringField("First name", validators=[Length(max=150)])
    last_name = StringField("Last name", validators=[Length(max=150)])
    bio = TextAreaField(
        "Bio",
        validators=[Length(max=MARKUP_LIMITS["users.bio"])],
        description="Markdown is supported.",
    )
    public_profile = BooleanField("Show my profile page to others")
    search_visibility = RadioField(
        "Search visibility",
        choices=enum_choices(
            SearchVisibility,
            {"PUBLIC": "Public: listed and shown", "PRIVATE": "Private: hidden"},
        ),
        validators=[InputRequired()],
    )
    email_privacy = RadioField(
        "Who can see my email address",
        choices=enum_choices(
            EmailPrivacy,
            {
                "PUBLIC": "Everyone",
                "PRIVATE": "Only logged-in users",
                "NEVER": "Nobody",
            },
        ),
        validators=[InputRequired()],
    )


class DeactivateForm(FlaskForm):
    confirm = BooleanField(
        "I understand that I will no longer be able to log in.",
        validators=[DataRequired(message="Tick the box to confirm.")],
    )


class MembershipUpdateForm(HoneypotForm):
    legal_name = StringField("Legal name", validators=[DataRequired(), Length(max=200)])
    preferred_name = StringField(
        "Preferred name", validators=[DataRequired(), Length(max=200)]
    )
    email_address = StringField(
        "Email address", validators=[DataRequired(), Length(max=254)]
    )
    city = StringField("City", validators=[DataRequired(), Length(max=100)])
    region = StringField(
        "State, province or region", validators=[DataRequired(), Length(max=100)]
    )
    country = StringField("Country", validators=[DataRequired(), Length(max=100)])
    postal_code = StringField(
        "Postal code", validators=[DataRequired(), Length(max=20)]
    )
    psf_announcements = BooleanField(
        "I would like to receive occasional PSF email announcements."
    )

    def validate_email_address(self, field: StringField) -> None:
        # The welcome mail goes here: refuse what is not an address.
        field.data = normalize_email(field.data or "")
        if not is_valid_email(field.data):
            raise ValidationError("Enter a valid email address.")


class MembershipForm(MembershipUpdateForm):
    psf_code_of_conduct = BooleanField(
        "I agree to the PSF Code of Conduct.",
        validators=[DataRequired(message="You must agree to the PSF Code of Conduct.")],
    )


class UserGroupForm(HoneypotForm):
    name = StringField("Name", validators=[DataRequired(), Length(max=255)])
    location = StringField("Location", validators=[DataRequired(), Length(max=255)])
    url = StringField("Website", validators=[DataRequired(), Length(max=500)])
    url_type = SelectField(
        "Type",
        choices=enum_choices(
            UserGroupType,
            {
                "MEETUP": "Meetup",
                "DISTRIBUTION_LIST": "Distribution list",
                "OTHER": "Other",
            },
        ),
        validators=[InputRequired()],
    )
    start_date = DateField("Founded", validators=[Optional()])

    def validate_url(self, field: StringField) -> None:
        if not is_safe_url((field.data or "").strip()):
            raise ValidationError(ABSOLUTE_MESSAGE)


class ApiKeyForm(FlaskForm):
    # One-time token from the session: a refreshed POST re-sends a used one.
    nonce = HiddenField()
    name = StringField(
        "Name",
        validators=[Length(max=100)],
        description="A note to tell your keys apart, e.g. the machine using it.",
    )

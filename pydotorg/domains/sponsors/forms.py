"""The public sponsorship application form: a level and the sponsor's details.

The form checks shape (required fields, lengths, URLs); the application rules
(one open application per sponsor, who may update a sponsor, the logo) live in
``SponsorshipService.submit_application`` and views copy its errors onto fields.
"""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import URL, DataRequired, Length, Optional, Regexp

from pydotorg.core.urls import SafeURL
from pydotorg.domains.sponsors.models import Sponsor, SponsorshipLevel

NEW_SPONSOR = ""


def _text(label: str, max_length: int, *, required: bool = False) -> StringField:
    first = DataRequired() if required else Optional()
    return StringField(label, validators=[first, Length(max=max_length)])


def _url(label: str, *, required: bool = False) -> StringField:
    first = DataRequired() if required else Optional()
    return StringField(
        label,
        validators=[
            first,
            Length(max=500),
            URL(message="Enter a full web address, starting with https://."),
            Regexp(
                r"^https?://", message="Only http and https addresses are accepted."
            ),
            SafeURL(),
        ],
    )


# Field names are the Sponsor's column names (DECISIONS), so a sponsor fills the form.
SPONSOR_FIELDS = (
    "name",
    "description",
    "landing_page_url",
    "twitter_handle",
    "linked_in_page_url",
    "primary_phone",
    "mailing_address_line_1",
    "mailing_address_line_2",
    "city",
    "state",
    "postal_code",
    "country",
    "country_of_incorporation",
    "state_of_incorporation",
)


class SponsorshipApplicationForm(FlaskForm):
    level_id = SelectField("Sponsorship level", validators=[DataRequired()])
    sponsor_id = SelectField("Sponsor", validate_choice=True)

    name = _text("Sponsor name", 200, required=True)
    description = TextAreaField(
        "Description",
        validators=[DataRequired(), Length(max=4000)],
        description="Shown on python.org's sponsors page.",
    )
    landing_page_url = _url("Landing page URL", required=True)
    twitter_handle = StringField(
        "Twitter handle",
        validators=[
            Optional(),
            Regexp(r"^@?\w{1,31}$", message="Letters, digits and _ only."),
        ],
    )
    linked_in_page_url = _url("LinkedIn page URL")
    web_logo = FileField(
        "Web logo",
        description="PNG, JPEG, GIF or WebP, at most 5 MB. Required for a new sponsor.",
    )
    primary_phone = _text("Primary phone", 32, required=True)
    mailing_address_line_1 = _text("Mailing address", 128, required=True)
    mailing_address_line_2 = _text("Mailing address (line 2)", 128)
    city = _text("City", 64, required=True)
    state = _text("State / province / region", 64)
    postal_code = _text("Postal code", 64, required=True)
    country = _text("Country", 64, required=True)
    country_of_incorporation = _text("Country of incorporation", 64)
    state_of_incorporation = _text("State of incorporation", 64)

    def set_choices(
        self, levels: list[SponsorshipLevel], sponsors: list[Sponsor]
    ) -> None:
        self.level_id.choices = [
            SelectChoice("", "Choose a level"),
            *(
                SelectChoice(str(level.id), f"{level} — ${level.sponsorship_amount:,}")
                for level in levels
            ),
        ]
        self.sponsor_id.choices = [
            SelectChoice(NEW_SPONSOR, "A new sponsor"),
            *(SelectChoice(str(s.id), s.name) for s in sponsors),
        ]

    def sponsor_details(self) -> dict[str, Any]:
        return {
            name: (getattr(self, name).data or "").strip() for name in SPONSOR_FIELDS
        }

"""The public form for submitting a success story (python.org's ``/success-stories/create/``)."""

from __future__ import annotations

from wtforms import EmailField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from pydotorg.core.forms import HoneypotForm
from pydotorg.domains.users.services.accounts import is_valid_email

# The form fields stored on the story as they are (the category is chosen apart).
FIELDS = (
    "name", "company_name", "company_url", "author", "author_email", "pull_quote",
    "content",
)  # fmt: skip


class StoryForm(HoneypotForm):
    name = StringField("Story title", validators=[DataRequired(), Length(max=200)])
    company_name = StringField(
        "Company name", validators=[DataRequired(), Length(max=500)]
    )
    company_url = StringField(
        "Company website", validators=[Optional(), Length(max=1000)]
    )
    category = SelectField("Category", validators=[DataRequired()])
    author = StringField("Your name", validators=[DataRequired(), Length(max=500)])
    author_email = EmailField(
        "Your email", validators=[DataRequired(), Length(max=254)]
    )
    pull_quote = TextAreaField(
        "Pull quote", validators=[DataRequired(), Length(max=1000)]
    )
    content = TextAreaField(
        "Story",
        validators=[DataRequired(), Length(max=50_000)],
        description="Written in Markdown: blank lines between paragraphs, "
        "**bold**, *italic*, [links](https://www.python.org/) and lists.",
    )

    def validate_company_url(self, field: StringField) -> None:
        if field.data and not field.data.lower().startswith(("http://", "https://")):
            raise ValidationError("The URL must start with http:// or https://.")

    def validate_author_email(self, field: StringField) -> None:
        if not is_valid_email((field.data or "").strip()):
            raise ValidationError("Enter a valid email address.")

"""Forms of the job board: posting a job and commenting on its review.

Field names are the column names. The choices of job types and categories are
set by the view from the active rows (``set_choices``); posting rules (who may
edit, active types only) live in ``JobService``.
"""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from pydotorg.core.forms import HoneypotForm
from pydotorg.core.markup import MARKUP_LIMITS, ContentType
from pydotorg.core.urls import SafeURL
from pydotorg.domains.jobs.models import Job, JobCategory, JobType
from pydotorg.domains.users.services.accounts import is_valid_email, normalize_email

# Posters write in reStructuredText (python.org's default) or Markdown; raw HTML is
# left to staff in the admin.
MARKUP_CHOICES = [
    SelectChoice(ContentType.RESTRUCTUREDTEXT.name, "reStructuredText"),
    SelectChoice(ContentType.MARKDOWN.name, "Markdown"),
]


class CheckboxListField(SelectMultipleField):
    """Several choices as a list of checkboxes."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class JobForm(HoneypotForm):
    job_title = StringField("Job title", validators=[DataRequired(), Length(max=100)])
    company_name = StringField(
        "Company name", validators=[DataRequired(), Length(max=100)]
    )
    company_description = TextAreaField(
        "Company description",
        validators=[Length(max=MARKUP_LIMITS["jobs.company_description"])],
    )
    city = StringField("City", validators=[DataRequired(), Length(max=100)])
    region = StringField("State, province or region", validators=[Length(max=100)])
    country = StringField("Country", validators=[DataRequired(), Length(max=100)])
    telecommuting = BooleanField("Remote work (telecommuting) is possible")
    job_types = CheckboxListField("Job types")
    other_job_type = StringField(
        "Other job type", validators=[Length(max=100)], description="If none fits."
    )
    category = SelectField("Category")
    content_type = SelectField(
        "Markup", choices=MARKUP_CHOICES, validators=[InputRequired()]
    )
    description = TextAreaField(
        "Job description",
        validators=[DataRequired(), Length(max=MARKUP_LIMITS["jobs.description"])],
    )
    requirements = TextAreaField(
        "Requirements",
        validators=[DataRequired(), Length(max=MARKUP_LIMITS["jobs.requirements"])],
    )
    contact = StringField("Contact name", validators=[Length(max=100)])
    email = StringField(
        "Contact email",
        validators=[DataRequired(), Length(max=254)],
        description="Shown on the job's page.",
    )
    url = StringField("Website", validators=[Length(max=500)])
    agencies = BooleanField("Agencies may apply", default=True)

    def set_choices(
        self, job_types: list[JobType], categories: list[JobCategory]
    ) -> None:
        self.job_types.choices = [SelectChoice(str(t.id), t.name) for t in job_types]
        self.category.choices = [SelectChoice("", "Choose a category")] + [
            SelectChoice(str(c.id), c.name) for c in categories
        ]

    def validate_job_types(self, field: CheckboxListField) -> None:
        if field.choices and not field.data and not self.other_job_type.data:
            raise ValidationError("Choose at least one job type, or name another.")

    def validate_category(self, field: SelectField) -> None:
        if len(field.choices or []) > 1 and not field.data:
            raise ValidationError("Choose a category.")

    def validate_email(self, field: StringField) -> None:
        field.data = normalize_email(field.data or "")
        if not is_valid_email(field.data):
            raise ValidationError("Enter a valid email address.")

    def validate_url(self, field: StringField) -> None:
        SafeURL()(self, field)

    def job_fields(self) -> dict[str, Any]:
        """The column values for ``JobService.create``/``update``."""
        text = ("job_title", "company_name", "city", "country", "other_job_type")
        optional = ("region", "contact", "url")
        fields: dict[str, Any] = {name: self._text(name) for name in text}
        fields.update({name: self._text(name) or None for name in optional})
        fields.update(
            company_description=self.company_description.data or "",
            description=self.description.data,
            requirements=self.requirements.data,
            content_type=ContentType[self.content_type.data],
            email=self.email.data,
            telecommuting=self.telecommuting.data,
            agencies=self.agencies.data,
        )
        return fields

    def fill_from(self, job: Job) -> None:
        """Show a saved job (choices and enums by their ids and names)."""
        self.process(obj=job)
        self.job_types.data = [str(t.id) for t in job.job_types]
        self.category.data = str(job.category_id) if job.category_id else ""
        self.content_type.data = job.content_type.name

    def _text(self, name: str) -> str:
        return str(getattr(self, name).data or "").strip()


class ReviewCommentForm(FlaskForm):
    comment = TextAreaField(
        "Comment",
        validators=[
            DataRequired(),
            Length(max=MARKUP_LIMITS["job_review_comments.comment"]),
        ],
        description="Only you and the job board staff see review comments.",
    )

"""Form fields for the events admin (durations, rrule frequencies) and the public
event submission form."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from wtforms import (
    DateField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from pydotorg.core.forms import HoneypotForm
from pydotorg.domains.events.models import RecurrenceFrequency

_UNITS = {
    "d": "days", "day": "days", "days": "days",
    "h": "hours", "hr": "hours", "hrs": "hours", "hour": "hours", "hours": "hours",
    "m": "minutes", "min": "minutes", "mins": "minutes", "minute": "minutes",
    "minutes": "minutes",
}  # fmt: skip
_PART = re.compile(r"(\d+)\s*([a-z]+)")
_CLOCK = re.compile(r"^(?:(\d+)\s+days?,?\s*)?(\d+):(\d{1,2})(?::(\d{1,2}))?$")


def parse_duration(text: str) -> timedelta:
    """``2 hours 30 min``, ``1 day``, ``01:30`` or ``1:30:00`` as a timedelta."""
    text = (text or "").strip().lower()
    if not text:
        raise ValueError("Enter a duration, e.g. “2 hours 30 min” or “01:30”.")
    if clock := _CLOCK.match(text):
        days, hours, minutes, seconds = (int(g or 0) for g in clock.groups())
        if minutes > 59 or seconds > 59:
            raise ValueError(f"Not a valid duration: {text!r}.")
        return timedelta(days=days, hours=hours, minutes=minutes, seconds=seconds)
    parts = _PART.findall(text)
    leftover = _PART.sub("", text).replace(",", "").replace("and", "").strip()
    if not parts or leftover or any(unit not in _UNITS for _, unit in parts):
        raise ValueError(
            f"Not a valid duration: {text!r}. Use e.g. “2 hours 30 min” or “01:30”."
        )
    values: dict[str, int] = {}
    for amount, unit in parts:
        key = _UNITS[unit]
        values[key] = values.get(key, 0) + int(amount)
    return timedelta(**values)


def format_duration(value: timedelta | None) -> str:
    if value is None:
        return ""
    total = int(value.total_seconds())
    days, rest = divmod(total, 86400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    parts = [
        f"{n} {unit}{'s' if n != 1 and unit != 'min' else ''}"
        for n, unit in ((days, "day"), (hours, "hour"), (minutes, "min"))
        if n
    ]
    return " ".join(parts) or "0 min"


class DurationField(StringField):
    """A text field that reads and shows a ``timedelta`` (python.org's duration text)."""

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        return format_duration(self.data)

    def process_formdata(self, valuelist: list[Any]) -> None:
        if not valuelist:
            return
        try:
            self.data = parse_duration(valuelist[0])
        except ValueError as error:
            self.data = None
            raise ValueError(str(error)) from error


FREQUENCY_CHOICES = [(int(f), f.name.title()) for f in RecurrenceFrequency]


class FrequencyField(SelectField):
    """The rrule frequency as a choice of YEARLY/MONTHLY/WEEKLY/DAILY (stored as int)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("choices", FREQUENCY_CHOICES)
        kwargs.setdefault("coerce", int)
        super().__init__(*args, **kwargs)


EVENT_TYPES = [
    ("Conference", "Conference"),
    ("User group meeting", "User group meeting"),
    ("Sprint", "Sprint"),
    ("Workshop or training", "Workshop or training"),
    ("Other", "Other"),
]


class EventSubmissionForm(HoneypotForm):
    """python.org's event submission form: mailed to the events team, not stored."""

    event_name = StringField("Event name", validators=[DataRequired(), Length(max=200)])
    event_type = SelectField("Event type", choices=EVENT_TYPES)
    python_focus = StringField(
        "Python focus", validators=[DataRequired(), Length(max=200)]
    )
    expected_attendees = IntegerField(
        "Expected attendees", validators=[Optional(), NumberRange(min=1, max=1_000_000)]
    )
    location = StringField("Location", validators=[DataRequired(), Length(max=200)])
    date_from = DateField("First day", validators=[DataRequired()])
    date_to = DateField("Last day", validators=[DataRequired()])
    recurrence = StringField(
        "Recurrence",
        validators=[Optional(), Length(max=200)],
        description="For a regular event, e.g. “every second Tuesday of the month”.",
    )
    url = StringField("Website", validators=[DataRequired(), Length(max=500)])
    description = TextAreaField(
        "Description", validators=[DataRequired(), Length(max=5000)]
    )

    def validate_url(self, field: StringField) -> None:
        if not (field.data or "").lower().startswith(("http://", "https://")):
            raise ValidationError("The URL must start with http:// or https://.")

    def validate_date_to(self, field: DateField) -> None:
        if self.date_from.data and field.data and field.data < self.date_from.data:
            raise ValidationError("The last day cannot be before the first day.")

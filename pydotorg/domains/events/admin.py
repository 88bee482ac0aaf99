"""Admin views for calendars, events, categories, locations, occurrences and rules.

Saving an event (with its recurring rules inline) or a rule regenerates the event's
occurrences through ``EventService``; a rule that cannot be expanded is a form error.
"""

from __future__ import annotations

from typing import Any

from flask import flash, url_for
from flask_admin import Admin
from flask_admin.actions import action
from markupsafe import Markup
from sqlalchemy.orm import selectinload
from wtforms.validators import ValidationError

from pydotorg.core.admin import (
    ContentManageableView,
    StaffModelView,
    apply_action,
    format_datetime,
    model_view,
    selected_rows,
)
from pydotorg.domains.events.forms import (
    DurationField,
    FrequencyField,
    format_duration,
)
from pydotorg.domains.events.models import (
    Calendar,
    Event,
    EventCategory,
    EventLocation,
    EventOccurrence,
    RecurringRule,
)
from pydotorg.domains.events.services import EventError, EventService
from pydotorg.extensions import db

RULE_COLUMNS = ("begin", "finish", "duration", "interval", "frequency", "all_day")
RULE_FORM = {
    # Inline rows need their primary key (hidden) to be matched on save.
    "form_columns": ("id", *RULE_COLUMNS),
    "form_overrides": {"duration": DurationField, "frequency": FrequencyField},
    "form_args": {
        "duration": {"description": "e.g. “2 hours 30 min”, “1 day” or “01:30”"}
    },
}

RULE_FORMATTERS = {
    "duration": lambda view, context, model, name: format_duration(model.duration),
    "frequency": lambda view, context, model, name: model.frequency_name,
}


class CalendarAdmin(ContentManageableView):
    column_list = ("name", "slug", "url", "rss", "created")
    column_searchable_list = ("name", "slug", "description")
    column_filters = ("created",)
    form_columns = ("name", "slug", "description", "url", "rss", "embed", "twitter")


def _event_dates(view: Any, context: Any, event: Event, name: str) -> Markup:
    """The first occurrence, and how many more there are (loaded with the list)."""
    starts = sorted(o.dt_start for o in event.occurrences)
    if not starts:
        return Markup('<span class="text-muted">No dates</span>')
    first = format_datetime(view, starts[0], name)
    more = f" (+{len(starts) - 1} more)" if len(starts) > 1 else ""
    return Markup("{}{}").format(first, more)


class EventAdmin(ContentManageableView):
    def public_url(self, row: Event) -> str | None:
        if row.calendar is None:
            return None
        return url_for(
            "events.event_detail", calendar_slug=row.calendar.slug, slug=row.slug
        )

    column_list = ("title", "dates", "calendar", "venue", "featured", "created")
    column_formatters = {"dates": _event_dates}
    column_searchable_list = ("title", "slug", "uid")
    column_filters = (
        "occurrences.dt_start", "featured", "created", "calendar.name", "venue.name",
    )  # fmt: skip
    column_labels = {"occurrences.dt_start": "Date"}
    column_sortable_list = (
        "title", ("calendar", "calendar.name"), ("venue", "venue.name"), "featured",
        "created",
    )  # fmt: skip
    form_columns = (
        "title", "slug", "calendar", "venue", "categories", "featured",
        "content_type", "description", "uid", "recurring_rules",
    )  # fmt: skip
    inline_models = [(RecurringRule, RULE_FORM)]

    def get_query(self) -> Any:
        # The "dates" column reads every listed event's occurrences: one query.
        return super().get_query().options(selectinload(Event.occurrences))

    def on_model_change(self, form: Any, model: Event, is_created: bool) -> None:
        super().on_model_change(form, model, is_created)
        # In the save's own transaction: the event and its occurrences change together.
        try:
            EventService(db.session).regenerate_occurrences(model)
        except EventError as error:
            raise ValidationError(str(error)) from error

    @action("regenerate", "Regenerate occurrences", None)
    def action_regenerate(self, ids: list[str]) -> None:
        service = EventService(db.session)
        occurrences = 0

        def regenerate(event: Event) -> None:
            nonlocal occurrences
            occurrences += service.regenerate_occurrences(event)

        if apply_action(
            selected_rows(Event, ids),
            regenerate,
            done="{count} event(s) regenerated.",
        ):
            flash(f"{occurrences} occurrence(s) generated.", "success")


class EventCategoryAdmin(StaffModelView):
    column_list = ("name", "slug", "calendar")
    column_searchable_list = ("name", "slug")
    column_filters = ("calendar.name", "created_at")
    column_default_sort = ("name", False)
    form_columns = ("name", "slug", "calendar")


class EventLocationAdmin(StaffModelView):
    column_list = ("name", "address", "url", "calendar")
    column_searchable_list = ("name", "address")
    column_filters = ("calendar.name", "created_at")
    column_default_sort = ("name", False)
    form_columns = ("name", "address", "url", "calendar")


class EventOccurrenceAdmin(StaffModelView):
    column_list = ("event", "dt_start", "dt_end", "all_day", "recurring_rule")
    column_labels = {
        "recurring_rule": "Generated from rule",
        "dt_start": "Starts",
        "dt_end": "Ends",
    }
    column_filters = ("dt_start", "dt_end", "all_day", "event.title")
    column_sortable_list = (("event", "event.title"), "dt_start", "dt_end", "all_day")
    column_default_sort = ("dt_start", False)
    form_columns = ("event", "dt_start", "dt_end", "all_day")
    form_ajax_refs = {"event": {"fields": ("title", "slug"), "page_size": 10}}

    def on_model_change(
        self, form: Any, model: EventOccurrence, is_created: bool
    ) -> None:
        if (
            model.dt_end is not None
            and model.dt_start is not None
            and (model.dt_end < model.dt_start)
        ):
            raise ValidationError("An occurrence cannot end before it starts.")


class RecurringRuleAdmin(StaffModelView):
    column_list = (
        "event",
        "begin",
        "finish",
        "duration",
        "interval",
        "frequency",
        "all_day",
    )
    column_formatters = RULE_FORMATTERS
    column_filters = ("begin", "finish", "all_day", "event.title")
    column_sortable_list = (("event", "event.title"), "begin", "finish", "frequency")
    column_default_sort = ("begin", True)
    form_columns = ("event", *RULE_COLUMNS)
    form_overrides = RULE_FORM["form_overrides"]
    form_args = RULE_FORM["form_args"]
    form_ajax_refs = {"event": {"fields": ("title", "slug"), "page_size": 10}}

    def on_model_change(
        self, form: Any, model: RecurringRule, is_created: bool
    ) -> None:
        # In the save's own transaction: the rule and its occurrences change together.
        try:
            EventService.validate_rule(model)
            EventService(db.session).regenerate_occurrences(model.event)
        except EventError as error:
            raise ValidationError(str(error)) from error


def register_admin(admin: Admin) -> None:
    category = "Community"
    admin.add_view(model_view(CalendarAdmin, Calendar, category=category))
    admin.add_view(model_view(EventAdmin, Event, category=category))
    admin.add_view(model_view(EventCategoryAdmin, EventCategory, category=category))
    admin.add_view(model_view(EventLocationAdmin, EventLocation, category=category))
    admin.add_view(model_view(EventOccurrenceAdmin, EventOccurrence, category=category))
    admin.add_view(model_view(RecurringRuleAdmin, RecurringRule, category=category))

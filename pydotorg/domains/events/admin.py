"""Admin views for calendars, events, categories, locations, occurrences and rules.

An event is edited with all its dates in one form: its time zone, its one-off
dates and its recurring rules inline (each repeating until a date or a number of
times, not both), and a preview of the next times it happens. The times typed in
are wall-clock times in the event's zone; they are stored in UTC (all-day dates
stay dates). Saving goes through ``EventService.save_dates``, which regenerates
the rules' occurrences in the same transaction; a rule it refuses is a form error.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flask import flash, request, url_for
from flask_admin import Admin
from flask_admin.actions import action
from flask_admin.contrib.sqla.form import InlineModelConverter
from flask_admin.model.form import InlineFormAdmin
from markupsafe import Markup
from sqlalchemy.orm import selectinload
from wtforms import SelectField
from wtforms.validators import NumberRange, Optional, StopValidation, ValidationError

from pydotorg.core.admin import (
    ContentManageableView,
    StaffModelView,
    apply_action,
    format_datetime,
    model_view,
    selected_rows,
)
from pydotorg.core.timezones import site_time_zone, time_zone_choices
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
from pydotorg.domains.events.services import (
    MAX_OCCURRENCES_PER_RULE,
    EventError,
    EventService,
    Slot,
    aware,
    in_zone,
)
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
# How many upcoming times the event's edit page previews.
PREVIEW_COUNT = 10


def _ends_after_start(form: Any, field: Any) -> None:
    """The field's own error (the service checks it again for every other path)."""
    start = form.dt_start.data
    if field.data is not None and start is not None and field.data < start:
        raise ValidationError("A date cannot end before it starts.")


class OneOffDateInline(InlineFormAdmin):
    """A date entered by hand, in the event's zone."""

    form_columns = ("id", "dt_start", "dt_end", "all_day")
    form_label = "One-off dates"
    column_labels = {"dt_start": "Start", "dt_end": "End", "all_day": "All day"}
    form_args = {"dt_end": {"validators": [_ends_after_start]}}


def _until_or_count(form: Any, field: Any) -> None:
    """On the count field, before ``Optional`` (which would skip an empty one)."""
    given = bool(field.raw_data and str(field.raw_data[0]).strip())
    if given and form.finish.data is not None:
        raise StopValidation("Give an “until” date or a count, not both.")
    if not given and form.finish.data is None and not form.finish.errors:
        raise StopValidation("Give an “until” date or a count.")


def _finishes_after_begin(form: Any, field: Any) -> None:
    begin = form.begin.data
    if field.data is not None and begin is not None and field.data < begin:
        raise ValidationError("A recurring rule cannot finish before it begins.")


class RecurringRuleInline(InlineFormAdmin):
    """A rule repeating from its start, in the event's zone, until a date or N times."""

    form_columns = ("id", "begin", "duration", "all_day", "frequency", "interval",
                    "finish", "count")  # fmt: skip
    form_label = "Recurring rules"
    form_overrides = RULE_FORM["form_overrides"]
    column_labels = {
        "begin": "Start", "duration": "Lasts", "all_day": "All day",
        "finish": "Until", "count": "Count",
    }  # fmt: skip
    form_args = {
        **RULE_FORM["form_args"],
        "interval": {"description": "Every how many periods (1: every week, ...)"},
        "finish": {"description": "The last day it may happen; or give a count."},
        "count": {
            "description": "How many times it happens; or give an until date.",
            "validators": [
                _until_or_count,
                Optional(),
                NumberRange(min=1, max=MAX_OCCURRENCES_PER_RULE),
            ],
        },
    }

    def postprocess_form(self, form_class: Any) -> Any:
        # "Until" is needed only without a count (the rule's finish is then set
        # from the count); one of the two, never both.
        form_class.finish.kwargs["validators"] = [_finishes_after_begin, Optional()]
        return form_class


class EventInlineConverter(InlineModelConverter):
    """Inline one-off dates edit ``Event.one_off_occurrences``, not every occurrence."""

    def _calculate_mapping_key_pair(self, model: Any, info: Any) -> dict[str, str]:
        if info.model is EventOccurrence:
            return {"one_off_occurrences": "event"}
        return super()._calculate_mapping_key_pair(model, info)


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
        "content_type", "description", "uid", "time_zone", "one_off_occurrences",
        "recurring_rules",
    )  # fmt: skip
    form_overrides = {"time_zone": SelectField}
    form_args = {
        "time_zone": {
            "label": "Time zone",
            "choices": time_zone_choices,
            "default": site_time_zone,
            "description": "The dates below are in this zone.",
        }
    }
    inline_models = [
        OneOffDateInline(EventOccurrence),
        RecurringRuleInline(RecurringRule),
    ]
    inline_model_form_converter = EventInlineConverter
    edit_template = "admin/events/edit.html"

    def get_query(self) -> Any:
        # The "dates" column reads every listed event's occurrences: one query.
        return super().get_query().options(selectinload(Event.occurrences))

    def edit_form(self, obj: Event | None = None) -> Any:
        """Times shown in the event's zone; a counted rule shows its count only."""
        form = super().edit_form(obj)
        if obj is None or request.method != "GET":
            return form
        zone = event_zone(obj)
        for entry in form.one_off_occurrences.entries:
            if not entry.form.all_day.data:
                for name in ("dt_start", "dt_end"):
                    entry.form[name].data = wall_clock(entry.form[name].data, zone)
        for entry in form.recurring_rules.entries:
            rule_zone = UTC if entry.form.all_day.data else zone
            entry.form.begin.data = wall_clock(entry.form.begin.data, rule_zone)
            if entry.form.count.data:
                entry.form.finish.data = None
            else:
                entry.form.finish.data = wall_clock(entry.form.finish.data, rule_zone)
        return form

    def on_model_change(self, form: Any, model: Event, is_created: bool) -> None:
        super().on_model_change(form, model, is_created)
        # The form's times are wall-clock times in the event's zone (dates of
        # all-day times stay at midnight UTC); the service gets them in UTC.
        zone = event_zone(model)
        for occurrence in model.one_off_occurrences:
            occurrence_zone = UTC if occurrence.all_day else zone
            occurrence.dt_start = in_zone(occurrence.dt_start, occurrence_zone)
            occurrence.dt_end = in_zone(occurrence.dt_end, occurrence_zone)
        for rule in model.recurring_rules:
            rule_zone = UTC if rule.all_day else zone
            rule.begin = in_zone(rule.begin, rule_zone)
            if rule.finish is not None:
                rule.finish = in_zone(rule.finish, rule_zone)
        # In the save's own transaction: the event and its occurrences change together.
        try:
            EventService(db.session).save_dates(model)
        except EventError as error:
            raise ValidationError(str(error)) from error

    def preview(self, event: Event) -> list[tuple[str, str]]:
        """The next times the event happens (as saved), in its zone, for the edit page."""
        zone = event_zone(event)
        slots = EventService(db.session).next_occurrences(event, count=PREVIEW_COUNT)
        return [(slot.start.isoformat(), describe_slot(slot, zone)) for slot in slots]

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
    """One rule on its own; its times are UTC (the event's form shows them in the
    event's zone)."""

    column_list = (
        "event", "begin", "finish", "count", "duration", "interval", "frequency",
        "all_day",
    )  # fmt: skip
    column_formatters = RULE_FORMATTERS
    column_filters = ("begin", "finish", "all_day", "event.title")
    column_sortable_list = (("event", "event.title"), "begin", "finish", "frequency")
    column_default_sort = ("begin", True)
    column_labels = {"begin": "Start (UTC)", "finish": "Until (UTC)"}
    form_columns = ("event", *RULE_COLUMNS, "count")
    form_overrides = RULE_FORM["form_overrides"]
    form_args = {
        **RULE_FORM["form_args"],
        "finish": RecurringRuleInline.form_args["finish"],
        "count": RecurringRuleInline.form_args["count"],
    }
    form_ajax_refs = {"event": {"fields": ("title", "slug"), "page_size": 10}}

    def scaffold_form(self) -> Any:
        form_class = super().scaffold_form()
        form_class.finish.kwargs["validators"] = [_finishes_after_begin, Optional()]
        return form_class

    def edit_form(self, obj: RecurringRule | None = None) -> Any:
        form = super().edit_form(obj)
        if obj is not None and obj.count and request.method == "GET":
            form.finish.data = None  # the count decides; "until" follows from it
        return form

    def on_model_change(
        self, form: Any, model: RecurringRule, is_created: bool
    ) -> None:
        # In the save's own transaction: the rule and its occurrences change together.
        try:
            EventService.complete_rule(model)
            EventService(db.session).regenerate_occurrences(model.event)
        except EventError as error:
            raise ValidationError(str(error)) from error


def event_zone(event: Event) -> Any:
    try:
        return ZoneInfo(event.time_zone or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return UTC


def wall_clock(value: datetime | None, zone: Any) -> datetime | None:
    """A stored UTC time as the naive wall-clock time a form shows."""
    if value is None:
        return None
    return aware(value).astimezone(zone).replace(tzinfo=None)


def describe_slot(slot: Slot, zone: Any) -> str:
    if slot.all_day:
        first, last = slot.start.date(), slot.end.date()
        if first == last:
            return f"{first:%a %d %b %Y} (all day)"
        return f"{first:%a %d %b %Y} to {last:%a %d %b %Y} (all day)"
    start, end = slot.start.astimezone(zone), slot.end.astimezone(zone)
    until = f"{end:%H:%M}" if start.date() == end.date() else f"{end:%a %d %b %H:%M}"
    return f"{start:%a %d %b %Y, %H:%M} to {until} {start.tzname()}"


def register_admin(admin: Admin) -> None:
    category = "Community"
    admin.add_view(model_view(CalendarAdmin, Calendar, category=category))
    admin.add_view(model_view(EventAdmin, Event, category=category))
    admin.add_view(model_view(EventCategoryAdmin, EventCategory, category=category))
    admin.add_view(model_view(EventLocationAdmin, EventLocation, category=category))
    admin.add_view(model_view(EventOccurrenceAdmin, EventOccurrence, category=category))
    admin.add_view(model_view(RecurringRuleAdmin, RecurringRule, category=category))

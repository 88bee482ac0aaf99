"""The staff admin: one ``Admin`` per app, and the base views every domain uses."""

from __future__ import annotations

import dataclasses
import enum
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from functools import partial
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask import Flask, abort, current_app, flash, redirect, request, url_for
from flask_admin import Admin, AdminIndexView, expose
from flask_admin.contrib.sqla import ModelView
from flask_admin.contrib.sqla.filters import FilterConverter
from flask_admin.contrib.sqla.form import AdminModelConverter
from flask_admin.helpers import get_redirect_target
from flask_admin.model.filters import convert
from flask_admin.model.form import converts
from flask_admin.model.template import LinkRowAction
from flask_admin.model.typefmt import BASE_FORMATTERS, DETAIL_FORMATTERS
from flask_admin.theme import Bootstrap4Theme
from flask_login import current_user
from flask_wtf import FlaskForm
from markupsafe import Markup
from werkzeug.routing import BuildError
from wtforms import HiddenField, IntegerField
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    Optional,
    ValidationError,
)

from pydotorg.core.api import parse_id
from pydotorg.core.cdn import CdnPurge
from pydotorg.core.history import (
    ChangeLogEntry,
    field_diffs,
    history_of,
    restorable_values,
    show_value,
)
from pydotorg.core.markup import markup_limit, rendered_columns
from pydotorg.core.models import ApiIdCounter, SlugMixin
from pydotorg.core.permissions import PermissionDenied, is_staff
from pydotorg.core.rules import RuleError
from pydotorg.core.secret_registry import secret_columns
from pydotorg.core.security import csp_nonce
from pydotorg.core.types import enum_label
from pydotorg.core.urls import SafeURL, url_rule
from pydotorg.extensions import db

# Columns the system fills in; never edited by hand.
AUDIT_COLUMNS = (
    "created_at",
    "updated_at",
    "created",
    "updated",
    "creator",
    "last_modified_by",
)


# The admin menu's sections, in this order; every view belongs to one of them.
MENU_SECTIONS = ("Content", "Downloads", "Community", "PSF", "Accounts", "System")


def enum_choices(enum_class: type[enum.Enum]) -> list[tuple[str, str]]:
    """Form and filter choices: stored by member name, shown by label."""
    return [(member.name, enum_label(member)) for member in enum_class]


def site_time(value: datetime) -> datetime:
    """``value`` in the site's time zone (``TIME_ZONE``); naive values are UTC."""
    zone = ZoneInfo(current_app.config["TIME_ZONE"])
    if value.tzinfo is None:
        value = value.replace(tzinfo=ZoneInfo("UTC"))
    return value.astimezone(zone)


def format_datetime(view: Any, value: datetime, name: str) -> str:
    """To the minute in the site's time zone, with the zone's abbreviation."""
    local = site_time(value)
    return f"{local:%Y-%m-%d %H:%M} {local.tzname()}"


def format_date(view: Any, value: date, name: str) -> str:
    return value.isoformat()


def format_bool(view: Any, value: bool, name: str) -> Markup:
    """An icon for the eye and Yes/No for screen readers (the icon is hidden from them)."""
    icon = "fa-check-circle text-success" if value else "fa-minus-circle text-muted"
    return Markup(
        '<span class="fa {icon}" aria-hidden="true"></span>'
        '<span class="sr-only">{text}</span>'
    ).format(icon=icon, text="Yes" if value else "No")


def format_enum(view: Any, value: enum.Enum, name: str) -> str:
    return enum_label(value)


# ``datetime`` before ``date``: Flask-Admin picks the first type that matches.
READABLE_FORMATTERS: dict[type, Callable[..., Any]] = {
    bool: format_bool,
    datetime: format_datetime,
    date: format_date,
    enum.Enum: format_enum,
}
LIST_FORMATTERS = {**BASE_FORMATTERS, **READABLE_FORMATTERS}
DETAIL_VIEW_FORMATTERS = {**DETAIL_FORMATTERS, **READABLE_FORMATTERS}


class StaffAccessMixin:
    """Anonymous visitors go to the login page; logged-in non-staff get 403."""

    def is_accessible(self) -> bool:
        return is_staff(current_user)

    def inaccessible_callback(self, name: str, **kwargs: Any) -> Any:
        if not current_user.is_authenticated:
            return redirect(url_for("users.login", next=request.full_path.rstrip("?")))
        abort(403)


@dataclass(frozen=True)
class DashboardQueue:
    """Rows waiting for staff: one COUNT query and the admin list that shows them.

    ``filters`` maps a column of the list view to the value its "equals" filter
    takes (or a filter's own name to its value), so the link opens the list
    filtered to exactly the counted rows.
    """

    title: str
    count: Callable[[], sa.Select[Any]]
    endpoint: str
    filters: Mapping[str, str] = dataclasses.field(default_factory=dict)


@dataclass(frozen=True)
class DashboardPanel:
    """A block of the dashboard drawn by its own template with its own query."""

    title: str
    template: str
    context: Callable[[], dict[str, Any]]


@dataclass(frozen=True)
class QueueCount:
    title: str
    count: int
    url: str


class StaffIndexView(StaffAccessMixin, AdminIndexView):
    """The dashboard: queues of work with counts, then panels (e.g. latest releases).

    Core knows no domain: ``pydotorg.site`` registers the queues and panels.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.queues: list[DashboardQueue] = []
        self.panels: list[DashboardPanel] = []

    def add_queue(self, queue: DashboardQueue) -> None:
        self.queues.append(queue)

    def add_panel(self, panel: DashboardPanel) -> None:
        self.panels.append(panel)

    def queue_counts(self) -> list[QueueCount]:
        return [
            QueueCount(
                queue.title,
                db.session.scalar(queue.count()) or 0,
                filtered_list_url(self.admin, queue.endpoint, queue.filters),
            )
            for queue in self.queues
        ]

    @expose("/")
    def index(self) -> Any:
        return self.render(
            "admin/index.html",
            queues=self.queue_counts(),
            panels=[(panel, panel.context()) for panel in self.panels],
        )


def filtered_list_url(admin: Admin, endpoint: str, filters: Mapping[str, str]) -> str:
    """The URL of an admin list with its "equals" filters set.

    Flask-Admin names filter arguments by their position (``flt0_3``), so the
    position is looked up rather than written down where it would go stale.
    """
    view = next(v for v in admin._views if v.endpoint == endpoint)
    args: dict[str, str] = {}
    for number, (wanted, value) in enumerate(filters.items()):
        column, _, operation = wanted.partition(":")
        for index, flt in enumerate(view._filters or ()):
            key = getattr(getattr(flt, "column", None), "key", None)
            if (
                key == column and str(flt.operation()) == (operation or "equals")
            ) or flt.name == wanted:
                args[f"flt{number}_{view.get_filter_arg(index, flt)}"] = value
                break
        else:
            raise LookupError(f"{endpoint} has no filter {wanted!r}")
    return url_for(f"{endpoint}.index_view", **args)


class ModelConverter(AdminModelConverter):
    """Flask-Admin's converter, taught our portable datetime type."""

    @converts("UTCDateTime")
    def convert_utc_datetime(self, field_args: Any, **extra: Any) -> Any:
        return self.convert_datetime(field_args=field_args, **extra)

    @converts("sqlalchemy.sql.sqltypes.Enum")
    def convert_enum(self, column: Any, field_args: Any, **extra: Any) -> Any:
        field = super().convert_enum(column=column, field_args=field_args, **extra)
        if column.type.enum_class is not None:
            field.kwargs["choices"] = enum_choices(column.type.enum_class)
        return field


class StaffFilterConverter(FilterConverter):
    @convert("utcdatetime")
    def conv_utc_datetime(self, column: Any, name: str, **kwargs: Any) -> Any:
        return self.conv_datetime(column, name, **kwargs)

    @convert("enum")
    def conv_enum(
        self, column: Any, name: str, options: Any = None, **kwargs: Any
    ) -> Any:
        if not options and column.type.enum_class is not None:
            options = enum_choices(column.type.enum_class)
        return super().conv_enum(column, name, options, **kwargs)


BLANK_CHOICE = "(none)"
MAX_ADMIN_PAGE = 100_000
MAX_SORT_COLUMN = 1_000


class AdminForm(FlaskForm):
    """A CSRF-protected form that remembers the edited row.

    Flask-Admin's ``Unique`` validator reads ``form._obj`` to let a row keep its own
    value on edit; its own base form sets it, ``FlaskForm`` does not.

    Optional relation selects get a visible "no value" label: Flask-Admin's blank
    option has an empty label, which WTForms 3.3 replaces with its value, so staff
    would see ``__None``.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._obj = kwargs.get("obj")
        super().__init__(*args, **kwargs)
        for field in self:
            if getattr(field, "allow_blank", False) and not field.blank_text:
                field.blank_text = BLANK_CHOICE


def make_slug_optional(slug: Any, source: str) -> None:
    """Let the form leave the (unbound) ``slug`` field empty, with a help text.

    Flask-Admin makes a NOT NULL column required; an empty slug is made from
    ``slug_source`` when the row is flushed, so the form must accept one.
    """
    kept = [
        validator
        for validator in slug.kwargs.get("validators") or ()
        if not isinstance(validator, InputRequired | DataRequired | Optional)
    ]
    slug.kwargs["validators"] = [Optional(), *kept]
    if not slug.kwargs.get("description"):
        slug.kwargs["description"] = f"Leave empty to make it from the {source}."


def limit_markup_fields(form_class: Any, table: str) -> None:
    """Give each markup field its length limit (``MARKUP_LIMITS``)."""
    for name in dir(form_class):
        limit = markup_limit(table, name)
        field = getattr(form_class, name, None)
        if limit is None or not hasattr(field, "kwargs"):
            continue
        validators = list(field.kwargs.get("validators") or ())
        field.kwargs["validators"] = [*validators, Length(max=limit)]


def check_url_fields(form_class: Any, model: type) -> None:
    """Link columns (``url_info``) accept only http(s) URLs (or site paths)."""
    mapper = sa.inspect(model)
    for column in mapper.columns:
        relative = url_rule(column)
        if relative is None:
            continue
        field = getattr(form_class, mapper.get_property_by_column(column).key, None)
        if field is None or not hasattr(field, "kwargs"):
            continue
        validators = list(field.kwargs.get("validators") or ())
        field.kwargs["validators"] = [*validators, SafeURL(relative=relative)]


class RestoreForm(FlaskForm):
    """The History page's Restore button: which object, which entry (CSRF on)."""

    id = HiddenField(validators=[DataRequired()])
    entry = IntegerField(validators=[DataRequired()])


# Errors a service raises when a restored state breaks one of its rules.
RESTORE_REFUSED: tuple[type[Exception], ...] = (
    ValidationError,
    ValueError,
    PermissionDenied,
    sa.exc.IntegrityError,
)


@dataclass(frozen=True)
class ServiceAction:
    """A list action that runs ``view.service(session).<name>(row)`` on each chosen
    row, through :func:`apply_action`; ``by=True`` passes the acting staff member."""

    name: str
    text: str
    done: str  # flashed with the count: "{count} minutes published."
    confirmation: str | None = None
    by: bool = True


PUBLISH = (("publish", "published"), ("unpublish", "unpublished"))
ACTIVATE = (("activate", "activated"), ("deactivate", "deactivated"))


def switch_actions(
    verbs: tuple[tuple[str, str], ...],
    *,
    counted: str,
    selected: str | None = None,
    by: bool = True,
) -> tuple[ServiceAction, ...]:
    """The on/off pair of list actions (``PUBLISH``, ``ACTIVATE``): ``counted`` names
    rows in the flash ("code sample(s)"), ``selected`` in the confirmation, if any."""
    return tuple(
        ServiceAction(
            verb,
            verb.capitalize(),
            f"{{count}} {counted} {done}.",
            f"{verb.capitalize()} the selected {selected}?" if selected else None,
            by,
        )
        for verb, done in verbs
    )


def unbound(field: Any) -> Any:
    """``field`` (an unbound WTForms field) shown and validated, never written to
    the model: a service decides what its value means (``form.<name>.data``)."""

    class Unbound(field.field_class):  # type: ignore[name-defined,misc]
        def populate_obj(self, obj: Any, name: str) -> None:
            pass

    field.field_class = Unbound
    return field


class StaffModelView(StaffAccessMixin, ModelView):
    """Base for every model view: staff only, CSRF-protected forms, audit columns hidden.

    Every view has a History page (``change_history_view``, linked from the edit
    view): the object's change-log entries with their diffs, and a Restore button
    on each earlier state that saves the object through the view's own
    ``on_model_change`` (the domain service), so its rules still apply.

    A model with a generated slug (``SlugMixin`` with a ``slug_source``) gets an
    optional slug field; ``slug_source_label`` names the source in its help text
    when the attribute's name doesn't read well.
    """

    form_base_class = AdminForm
    model_form_converter = ModelConverter
    filter_converter = StaffFilterConverter()
    page_size = 50
    can_view_details = True
    can_set_page_size = True
    column_display_pk = False
    column_type_formatters = LIST_FORMATTERS
    column_type_formatters_detail = DETAIL_VIEW_FORMATTERS
    slug_source_label: str | None = None
    edit_template = "admin/model/staff_edit.html"
    # List actions that call the model's service on each row (see ServiceAction).
    service: type | None = None
    service_actions: tuple[ServiceAction, ...] = ()
    # What a service action skips a row for (flashed with the row); more stops it.
    action_errors: tuple[type[Exception], ...] = (RuleError,)
    action_order: tuple[str, ...] = ()  # the order rows are changed (and reported)
    # A method of ``service`` run on each row before it is saved (``"clean"``); the
    # RuleError it raises is shown on the form and nothing is saved.
    save_check: str | None = None
    # A row added here is credited to the staff member who adds it (its ``creator``),
    # unless the form names someone else.
    credit_creator = False

    def __init__(self, model: type, *args: Any, **kwargs: Any) -> None:
        # Secrets, and stored renderings (the save writes them from their source).
        hidden = secret_columns(model.__tablename__) | rendered_columns(model)  # type: ignore[attr-defined]
        if self.form_columns is None:
            excluded = (
                set(self.form_excluded_columns or ()) | set(AUDIT_COLUMNS) | hidden
            )
            self.form_excluded_columns = sorted(excluded)
        if hidden:
            self._hide_secret_columns(hidden)
        super().__init__(model, *args, **kwargs)

    def _hide_secret_columns(self, secret: frozenset[str]) -> None:
        """No admin view lists, shows, searches, filters, exports or edits a secret
        (nor a stored rendering)."""
        for name in ("column_exclude_list", "column_details_exclude_list",
                     "column_export_exclude_list"):  # fmt: skip
            setattr(self, name, sorted(set(getattr(self, name) or ()) | secret))
        for name in ("column_list", "column_details_list", "column_export_list",
                     "column_searchable_list", "column_filters", "column_sortable_list",
                     "form_columns"):  # fmt: skip
            columns = getattr(self, name)
            if columns is not None:
                kept = [c for c in columns if str(c) not in secret]
                setattr(
                    self,
                    name,
                    type(columns)(kept) if isinstance(columns, tuple) else kept,
                )

    def init_actions(self) -> None:
        super().init_actions()
        for service_action in self.service_actions:
            self._actions.append((service_action.name, service_action.text))
            self._actions_data[service_action.name] = (
                partial(self.run_service_action, service_action),
                service_action.text,
                service_action.confirmation,
            )

    def run_service_action(self, service_action: ServiceAction, ids: list[str]) -> None:
        if self.service is None:
            raise TypeError(f"{type(self).__name__} has service actions but no service")
        step = getattr(self.service(db.session), service_action.name)
        by = {"by": current_user._get_current_object()} if service_action.by else {}
        order = [getattr(self.model, column) for column in self.action_order]
        apply_action(
            selected_rows(self.model, ids, *order),
            lambda row: step(row, **by),
            done=service_action.done,
            skip_on=self.action_errors,
        )

    def on_model_change(self, form: Any, model: Any, is_created: bool) -> None:
        credit = self.credit_creator and is_created and model.creator_id is None
        if credit and model.creator is None:
            model.creator = current_user._get_current_object()
        if self.save_check is None:
            return
        if self.service is None:
            raise TypeError(f"{type(self).__name__} has a save check but no service")
        try:
            getattr(self.service(db.session), self.save_check)(model)
        except RuleError as error:
            raise ValidationError(str(error)) from error

    def scaffold_form(self) -> Any:
        form_class = super().scaffold_form()
        limit_markup_fields(form_class, self.model.__tablename__)  # type: ignore[attr-defined]
        check_url_fields(form_class, self.model)
        source = self.generated_slug_source()
        if source and hasattr(form_class, "slug"):
            make_slug_optional(form_class.slug, source)
        return form_class

    def public_url(self, row: Any) -> str | None:
        """The row's page on the site, if it has one (drafts show to staff there)."""
        return None

    def get_list_row_actions(self) -> list[Any]:
        actions = list(super().get_list_row_actions())
        if type(self).public_url is not StaffModelView.public_url:
            actions.append(
                LinkRowAction(
                    "fa fa-external-link",
                    lambda action, row_id, row: self.public_url(row) or "#",
                    title="View on site",
                )
            )
        return actions

    def _get_list_filter_args(self) -> Any:
        """Flask-Admin's, but a value its filter cannot read is flashed and dropped.

        Its ``validate`` catches ``ValueError`` only; enum filters raise
        ``KeyError`` for an unknown member (a 500 on ``?flt0_status_equals=BOGUS``).
        """
        if not self._filters:
            return None
        filters = []
        for arg, value in request.args.items():
            if not arg.startswith("flt") or "_" not in arg:
                continue
            position, key = arg[3:].split("_", 1)
            if key not in self._filter_args:  # type: ignore[operator]
                continue
            index, flt = self._filter_args[key]  # type: ignore[index]
            try:
                valid = flt.validate(value) and (flt.clean(value) or True)
            except (LookupError, TypeError, ValueError, ArithmeticError):
                valid = False
            if valid:
                filters.append((position, (index, str(flt.name), value)))
            else:
                flash(self.get_invalid_value_msg(value, flt), "error")
        return [item for _, item in sorted(filters, key=lambda pair: pair[0])]

    def _get_list_extra_args(self) -> Any:
        """Flask-Admin's list arguments, bounded: a negative or huge ``?page=``
        would reach the database as a negative or overflowing OFFSET (a 500)."""
        args = super()._get_list_extra_args()
        args.page = min(max(args.page or 0, 0), MAX_ADMIN_PAGE)
        args.page_size = min(max(args.page_size or 0, 0), max(self.page_size_options))
        if args.sort is not None and not 0 <= args.sort < MAX_SORT_COLUMN:
            args.sort = None
        return args

    def get_one(self, id: Any) -> Any:
        """``None`` for a malformed ``?id=`` (Flask-Admin then says the record doesn't exist)."""
        primary_key = sa.inspect(self.model).primary_key
        if len(primary_key) == 1:
            kind = primary_key[0].type.python_type
            if kind is uuid.UUID and not parse_ids([id]):
                return None
            if kind is int and parse_id(str(id)) is None:
                return None
        return super().get_one(id)

    # History ------------------------------------------------------------------

    def _object_or_back(self, object_id: str | None) -> Any:
        model = self.get_one(object_id) if object_id else None
        if model is None:
            flash("That record does not exist.", "error")
        return model

    def _history_key(self, model: Any) -> str:
        return str(self.get_pk_value(model))

    @expose("/changes/")
    def change_history_view(self) -> Any:
        """Every recorded change of one object, newest first, each restorable."""
        return_url = get_redirect_target() or self.get_url(".index_view")
        model = self._object_or_back(request.args.get("id"))
        if model is None:
            return redirect(return_url)
        table = self.model.__tablename__  # type: ignore[attr-defined]
        entries = history_of(db.session, table, self._history_key(model))
        return self.render(
            "admin/model/change_history.html",
            model=model,
            entries=[(entry, field_diffs(entry)) for entry in entries],
            restore_form=RestoreForm(),
            show_value=show_value,
            return_url=return_url,
        )

    @expose("/changes/restore/", methods=("POST",))
    def change_restore_view(self) -> Any:
        """Bring an object back to an entry's snapshot, through the view's service."""
        if not self.can_edit:
            abort(403)
        form = RestoreForm()
        object_id = request.form.get("id")
        back = self.get_url(".change_history_view", id=object_id)
        if not form.validate_on_submit():
            flash("The restore request was not valid; try again.", "error")
            return redirect(back)
        model = self._object_or_back(object_id)
        if model is None:
            return redirect(self.get_url(".index_view"))
        entry = db.session.get(ChangeLogEntry, form.entry.data)
        table = self.model.__tablename__  # type: ignore[attr-defined]
        if (
            entry is None
            or entry.table_name != table
            or entry.object_id != self._history_key(model)
            or entry.kind == "deleted"
        ):
            flash("That entry is not a state of this record.", "error")
            return redirect(back)
        edit_form = self.restore(model, entry)
        if edit_form is None:
            return redirect(back)
        self.after_model_change(edit_form, model, False)
        when = entry.created_at.strftime("%Y-%m-%d %H:%M")
        flash(f"Restored the state of {when} (entry {entry.id}).", "success")
        return redirect(back)

    def restore(self, model: Any, entry: ChangeLogEntry) -> Any:
        """Set the entry's values, save as an edit would and commit; the edit form,
        or ``None`` (rolled back, with a message) when a rule refuses it."""
        try:
            with db.session.no_autoflush:
                for name, value in restorable_values(self.model, entry).items():
                    setattr(model, name, value)
                # The edit form filled from the restored row, as a save would see it.
                edit_form = self.get_edit_form()(formdata=None, obj=model)
                self.on_model_change(edit_form, model, False)
            db.session.commit()
        except RESTORE_REFUSED as error:
            db.session.rollback()
            message = getattr(error, "orig", None) or error
            flash(f"This state cannot be restored: {message}", "error")
            return None
        return edit_form

    def generated_slug_source(self) -> str | None:
        """What an empty slug is made from, in words; ``None`` if it isn't generated."""
        if not issubclass(self.model, SlugMixin) or not self.model.slug_source:
            return None
        return self.slug_source_label or self.model.slug_source.replace("_", " ")


class ReadOnlyView(StaffModelView):
    """A view that lists and shows rows; nothing is created, edited or deleted here."""

    can_create = False
    can_edit = False
    can_delete = False


class ContentManageableView(StaffModelView):
    """python.org's ContentManageableAdmin: records who created and changed a row."""

    column_default_sort = ("created", True)

    def on_model_change(self, form: Any, model: Any, is_created: bool) -> None:
        if is_created and model.creator_id is None:
            model.creator = current_user._get_current_object()
        model.last_modified_by = current_user._get_current_object()


def _diff_summary(view: Any, context: Any, model: ChangeLogEntry, name: str) -> str:
    return ", ".join(sorted(model.changes or {})) or "-"


def _object_link(view: Any, context: Any, model: ChangeLogEntry, name: str) -> Any:
    """The object's History page when its table has an admin view."""
    endpoint = f"{model.table_name}_admin.change_history_view"
    try:
        url = url_for(endpoint, id=model.object_id)
    except BuildError:  # no admin view for that table
        return model.object_label
    return Markup('<a href="{}">{}</a>').format(url, model.object_label)


class ChangeLogAdmin(ReadOnlyView):
    """The change log, read-only: who changed what, when, and how."""

    column_list = (
        "created_at", "actor", "kind", "table_name", "object_label", "changes",
    )  # fmt: skip
    column_labels = {
        "created_at": "When",
        "actor": "Who",
        "table_name": "Table",
        "object_label": "Object",
        "changes": "Fields changed",
    }
    column_filters = ("table_name", "kind", "actor", "actor_kind", "created_at")
    column_searchable_list = ("object_label", "actor", "object_id")
    column_default_sort = ("id", True)
    column_formatters = {"changes": _diff_summary, "object_label": _object_link}


def model_view(
    view_class: type[StaffModelView], model: type, *, category: str, **kwargs: Any
) -> StaffModelView:
    """A view whose endpoint and URL come from the table name (unique across domains)."""
    table = model.__tablename__  # type: ignore[attr-defined]
    kwargs.setdefault("name", table.replace("_", " ").title())
    return view_class(
        model,
        db,
        category=category,
        endpoint=f"{table}_admin",
        url=f"/admin/{table}/",
        **kwargs,
    )


def add_model_views(admin: Admin, category: str, *views: tuple[Any, ...]) -> None:
    """Add ``(view_class, model)`` or ``(view_class, model, name)`` views to one menu
    category, in the order given (see :func:`model_view`)."""
    for view_class, model, *name in views:
        named = {"name": name[0]} if name else {}
        admin.add_view(model_view(view_class, model, category=category, **named))


def parse_ids(ids: Iterable[str]) -> list[uuid.UUID]:
    """The well-formed ids of an action request (anything else is ignored)."""
    parsed = []
    for value in ids:
        try:
            parsed.append(uuid.UUID(str(value)))
        except ValueError:
            continue
    return parsed


def selected_rows(model: type, ids: Iterable[str], *order_by: Any) -> list[Any]:
    """The rows of ``model`` an admin list action was asked to change."""
    query = sa.select(model).where(model.id.in_(parse_ids(ids)))  # type: ignore[attr-defined]
    return list(db.session.scalars(query.order_by(*order_by)))


def apply_action(
    rows: Iterable[Any],
    step: Callable[[Any], Any],
    *,
    done: str,
    skip_on: tuple[type[Exception], ...] = (RuleError,),
) -> int:
    """The one way an admin list action runs a workflow step on the chosen rows.

    Each row's step runs in its own SAVEPOINT: a row whose step raises one of
    ``skip_on`` (by default any service's :class:`RuleError`) is undone alone,
    nothing half-changed, and the error is flashed with the row; the other rows
    are kept. One bad row
    rolls back nothing else. ``PermissionDenied`` stops the action and rolls every
    row back. A step that returns False had nothing to do and is not counted.
    One commit at the end; ``done`` (with ``{count}``) is flashed when a row changed.
    Returns the count.
    """
    changed = 0
    try:
        for row in rows:
            try:
                with db.session.begin_nested():
                    result = step(row)
            except skip_on as error:
                flash(f"{row}: {error}", "error")
            else:
                changed += result is not False
    except PermissionDenied as error:
        db.session.rollback()
        flash(str(error), "error")
        return 0
    db.session.commit()
    if changed:
        flash(done.format(count=changed), "success")
    return changed


class ApiIdCounterAdmin(ReadOnlyView):
    """Read-only: the counters only grow, through the rows they number."""

    can_view_details = False
    column_list = ("table_name", "last_value")
    column_default_sort = "table_name"


class CdnPurgeAdmin(StaffModelView):
    """Read-only: every purge sent to the CDN, why, and what it answered."""

    can_create = False
    can_edit = False
    can_delete = False
    can_view_details = True
    column_list = (
        "created_at", "keys", "reason", "succeeded", "attempts", "response_status", "error",
    )  # fmt: skip
    column_labels = {"created_at": "When", "response_status": "Status"}
    column_filters = ("succeeded", "created_at", "response_status")
    column_searchable_list = ("keys", "reason")
    column_default_sort = ("id", True)


def create_admin(app: Flask) -> Admin:
    admin = Admin(
        app,
        name="Python.org admin",
        index_view=StaffIndexView(url="/admin"),
        # Fluid: the menu's six sections and the account links fit one line at 1280 px.
        theme=Bootstrap4Theme(swatch=app.config["FLASK_ADMIN_SWATCH"], fluid=True),
        csp_nonce_generator=csp_nonce,
    )
    # Created up front so the menu keeps this order whatever order domains register in.
    for section in MENU_SECTIONS:
        admin.add_category(section)
    admin.add_view(
        ChangeLogAdmin(
            ChangeLogEntry,
            db,
            name="Change log",
            category="System",
            endpoint="change_log_admin",
            url="/admin/change_log/",
        )
    )
    admin.add_view(
        model_view(ApiIdCounterAdmin, ApiIdCounter, category="System", name="API ids")
    )
    admin.add_view(
        model_view(CdnPurgeAdmin, CdnPurge, category="System", name="CDN purges")
    )
    return admin

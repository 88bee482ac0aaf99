"""The staff admin: one ``Admin`` per app, and the base views every domain uses."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial
from typing import Any

import sqlalchemy as sa
from flask import Flask, abort, flash, redirect, request, url_for
from flask_admin import Admin, AdminIndexView, expose
from flask_admin.contrib.sqla import ModelView
from flask_admin.contrib.sqla.filters import FilterConverter
from flask_admin.contrib.sqla.form import AdminModelConverter
from flask_admin.model.filters import convert
from flask_admin.model.form import converts
from flask_admin.theme import Bootstrap4Theme
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from pydotorg.core.markup import markup_limit
from pydotorg.core.models import SlugMixin
from pydotorg.core.permissions import PermissionDenied, is_staff
from pydotorg.core.secret_registry import secret_columns
from pydotorg.core.security import csp_nonce
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


class StaffAccessMixin:
    """Anonymous visitors go to the login page; logged-in non-staff get 403."""

    def is_accessible(self) -> bool:
        return is_staff(current_user)

    def inaccessible_callback(self, name: str, **kwargs: Any) -> Any:
        if not current_user.is_authenticated:
            return redirect(url_for("users.login", next=request.full_path.rstrip("?")))
        abort(403)


class StaffIndexView(StaffAccessMixin, AdminIndexView):
    @expose("/")
    def index(self) -> Any:
        return self.render("admin/index.html")


class ModelConverter(AdminModelConverter):
    """Flask-Admin's converter, taught our portable datetime type."""

    @converts("UTCDateTime")
    def convert_utc_datetime(self, field_args: Any, **extra: Any) -> Any:
        return self.convert_datetime(field_args=field_args, **extra)


class StaffFilterConverter(FilterConverter):
    @convert("utcdatetime")
    def conv_utc_datetime(self, column: Any, name: str, **kwargs: Any) -> Any:
        return self.conv_datetime(column, name, **kwargs)


BLANK_CHOICE = "(none)"


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
    slug_source_label: str | None = None
    # List actions that call the model's service on each row (see ServiceAction).
    service: type | None = None
    service_actions: tuple[ServiceAction, ...] = ()
    action_errors: tuple[type[Exception], ...] = ()  # the service's rule errors
    action_order: tuple[str, ...] = ()  # the order rows are changed (and reported)

    def __init__(self, model: type, *args: Any, **kwargs: Any) -> None:
        secret = secret_columns(model.__tablename__)  # type: ignore[attr-defined]
        if self.form_columns is None:
            excluded = (
                set(self.form_excluded_columns or ()) | set(AUDIT_COLUMNS) | secret
            )
            self.form_excluded_columns = sorted(excluded)
        if secret:
            self._hide_secret_columns(secret)
        super().__init__(model, *args, **kwargs)

    def _hide_secret_columns(self, secret: frozenset[str]) -> None:
        """No admin view lists, shows, searches, filters, exports or edits a secret."""
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

    def scaffold_form(self) -> Any:
        form_class = super().scaffold_form()
        limit_markup_fields(form_class, self.model.__tablename__)  # type: ignore[attr-defined]
        check_url_fields(form_class, self.model)
        source = self.generated_slug_source()
        if source and hasattr(form_class, "slug"):
            make_slug_optional(form_class.slug, source)
        return form_class

    def get_one(self, id: Any) -> Any:
        """``None`` for a malformed ``?id=`` (Flask-Admin then says the record doesn't exist)."""
        primary_key = sa.inspect(self.model).primary_key
        if (
            len(primary_key) == 1
            and primary_key[0].type.python_type is uuid.UUID
            and not parse_ids([id])
        ):
            return None
        return super().get_one(id)

    def generated_slug_source(self) -> str | None:
        """What an empty slug is made from, in words; ``None`` if it isn't generated."""
        if not issubclass(self.model, SlugMixin) or not self.model.slug_source:
            return None
        return self.slug_source_label or self.model.slug_source.replace("_", " ")


class ContentManageableView(StaffModelView):
    """python.org's ContentManageableAdmin: records who created and changed a row."""

    column_default_sort = ("created", True)

    def on_model_change(self, form: Any, model: Any, is_created: bool) -> None:
        if is_created and model.creator_id is None:
            model.creator = current_user._get_current_object()
        model.last_modified_by = current_user._get_current_object()


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
    skip_on: tuple[type[Exception], ...] = (),
) -> int:
    """The one way an admin list action runs a workflow step on the chosen rows.

    Each row's step runs in its own SAVEPOINT: a row whose step raises one of
    ``skip_on`` (the service's rule error) is undone alone, nothing half-changed,
    and the error is flashed with the row; the other rows are kept. One bad row
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


def create_admin(app: Flask) -> Admin:
    return Admin(
        app,
        name="Python.org admin",
        index_view=StaffIndexView(url="/admin"),
        theme=Bootstrap4Theme(swatch=app.config["FLASK_ADMIN_SWATCH"]),
        csp_nonce_generator=csp_nonce,
    )

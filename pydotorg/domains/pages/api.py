"""python.org's pages API: v1 ``pages/page`` (read, create, delete) and v2 (read-only).

One :class:`~pydotorg.core.api.Resource` (``PAGE_API``) for the shared views of
:mod:`pydotorg.core.api_views`: the same keys, envelopes, error bodies and URIs as
the download API, whose releases link here through ``release_page``. Writes go through :class:`PageService` (path rules, rendering,
history). Drafts are staff-only: v1 answers 401 for one, v2 404 (``clients.md`` 5.3, 5.6).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask
from sqlalchemy.exc import IntegrityError
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import MethodNotAllowed

from pydotorg.core import api_views as views
from pydotorg.core.api import (
    ApiLinks,
    Resource,
    SchemaParts,
    api_blueprints,
    parse_bool,
    parse_text,
    register_api_blueprints,
    schema_field,
)
from pydotorg.core.api_filters import EXACT, V1Filters, v1_value, v2_bool, v2_strict
from pydotorg.core.api_views import Route, add_routes
from pydotorg.core.markup import MARKUP_LIMITS, ContentType, markup_length_error
from pydotorg.core.models import commit_with_api_id_retry
from pydotorg.core.rules import RuleError
from pydotorg.domains.pages.media import MediaService
from pydotorg.domains.pages.models import Page
from pydotorg.domains.pages.services import (
    PageError,
    PageService,
    normalize_path,
    path_problem,
    template_problem,
)
from pydotorg.extensions import db

api_v1, api_v2 = api_blueprints("pages", __name__)

RESOURCE = "pages/page"
# Output order of each version (tastypie keeps the declared order; DRF the serializer's).
V1_ORDER = (
    "title", "keywords", "description", "path", "content", "is_published",
    "template_name",
)  # fmt: skip
V2_ORDER = (
    "title", "path", "keywords", "description", "content", "is_published",
    "template_name",
)  # fmt: skip
V1_FILTERING: dict[str, frozenset[str]] = {
    "title": EXACT,
    "path": EXACT,
    "is_published": EXACT,
    "keywords": frozenset({"exact", "icontains"}),
}
V2_PARAMS = frozenset(
    {"title", "path", "keywords", "keywords__icontains", "is_published"}
)
# Text fields a v1 POST may set: (required, most characters or None).
TEXT_FIELDS: dict[str, tuple[bool, int | None]] = {
    "title": (True, 500),
    "keywords": (False, 1000),
    "description": (False, None),
    "path": (True, None),  # path_problem() bounds it
    "template_name": (False, None),  # template_problem() bounds it
}

# python.org's default markup for pages; a v1 body can't choose another.
NEW_PAGE_DEFAULTS: dict[str, Any] = {
    "content_type": ContentType.RESTRUCTUREDTEXT,
    "content": "",
    "keywords": "",
    "description": "",
    "template_name": "",
}


def dump_page(page: Page, links: ApiLinks) -> dict[str, Any]:
    values = {
        "title": page.title,
        "keywords": page.keywords or "",
        "description": page.description or "",
        "path": page.path,
        # python.org's MarkupField reads as its rendering (sources are write-only).
        "content": page.content_rendered or "",
        "is_published": page.is_published,
        "template_name": page.template_name or "",
    }
    order = V1_ORDER if links.version == "v1" else V2_ORDER
    data = {name: values[name] for name in order}
    data["resource_uri"] = links.page(page)
    return data


# Filters ---------------------------------------------------------------------


class PageFilters(V1Filters):
    """v1 page filters: ``is_published`` is a boolean, the rest text."""

    def compare(self, name: str, column: Any, lookup: str, raw: str) -> Any:
        if name == "is_published":
            return self.boolean(name, column, raw)
        if v1_value(raw) is None:
            return column.is_(None)
        if lookup == "icontains":
            return column.icontains(raw, autoescape=True)
        return column == raw


V1_FILTERS = PageFilters(Page, (*V1_ORDER, "resource_uri"), V1_FILTERING)


def v2_conditions(args: MultiDict[str, str]) -> list[Any]:
    v2_strict(args, V2_PARAMS)

    def last(name: str) -> str:
        # The last value wins, as in Django's QueryDict; django-filter skips blanks.
        return args.getlist(name)[-1] if name in args else ""

    conditions = [
        getattr(Page, field) == last(field)
        for field in ("title", "path", "keywords")
        if last(field)
    ]
    if raw := last("keywords__icontains"):
        conditions.append(Page.keywords.icontains(raw, autoescape=True))
    if (published := v2_bool(last("is_published"))) is not None:
        conditions.append(Page.is_published.is_(published))
    return conditions


# Writes ----------------------------------------------------------------------


def parse_page(data: Any) -> dict[str, Any]:
    """Model values from a v1 POST body; unknown keys are ignored."""
    if not isinstance(data, Mapping):
        raise RuleError({"__all__": ["Invalid data. Expected a dictionary."]})
    errors: dict[str, list[str]] = {}
    values: dict[str, Any] = {}
    for name, (required, most) in TEXT_FIELDS.items():
        if name not in data:
            if required:
                errors[name] = ["This field is required."]
            continue
        try:
            value = parse_text(data[name], required=required)
        except ValueError as error:
            errors[name] = [str(error)]
            continue
        if most is not None and len(value) > most:
            errors[name] = [f"Ensure this field has no more than {most} characters."]
            continue
        values[name] = value
    content = data.get("content")
    if content is not None and not isinstance(content, str):
        errors["content"] = ["Not a valid string."]
    elif content is not None and (
        too_long := markup_length_error(content, MARKUP_LIMITS["pages.content"])
    ):
        errors["content"] = [too_long]
    elif content is not None:
        # Not stripped: leading indentation is meaningful in reStructuredText.
        values["content"] = content
    if "is_published" in data:
        try:
            values["is_published"] = parse_bool(data["is_published"])
        except ValueError as error:
            errors["is_published"] = [str(error)]
    if "path" in values:
        values["path"] = normalize_path(values["path"])
        if problem := path_problem(values["path"]):
            errors["path"] = [problem]
    if problem := template_problem(values.get("template_name")):
        errors["template_name"] = [problem]
    if errors:
        raise RuleError(errors)
    return values


class PageWrites:
    """v1 creates and deletes pages through :class:`PageService` (path rules,
    rendering, history); nothing updates them through the API."""

    def create(self, resource: Resource, data: Any, user: Any) -> Page:
        """Save a new page; retried if a concurrent writer took its api_id. The
        path and template were checked while parsing, so a PageError here is the
        path being taken."""
        values = parse_page(data)

        def work() -> Page:
            # Column defaults only apply on insert; rendering runs before it.
            page = Page(**{**NEW_PAGE_DEFAULTS, **values})
            try:
                PageService(db.session).save(page, by=user)
            except PageError as error:
                db.session.rollback()
                raise RuleError({"path": [str(error)]}) from None
            return page

        try:
            return commit_with_api_id_retry(db.session, work)
        except IntegrityError:
            # Another writer took the path between our check and the insert.
            raise RuleError(
                {"path": [f"Another page already lives at /{values['path']}/."]}
            ) from None

    def update(
        self, resource: Resource, api_id: int, data: Any, user: Any, *, partial: bool
    ) -> Page:
        raise MethodNotAllowed(valid_methods=views.READ_ONLY_METHODS)

    def delete(self, resource: Resource, page: Page, user: Any) -> None:
        files = PageService(db.session).delete(page, by=user)
        db.session.commit()
        media = MediaService(db.session)
        for relative in files:
            media.delete_file(relative)


def v1_schema_of() -> SchemaParts:
    fields = {
        name: schema_field(
            name,
            "boolean" if name == "is_published" else "string",
            blank=name not in ("title", "path"),
            unique=name == "path",
            default=True if name == "is_published" else None,
        )
        for name in V1_ORDER
    }
    filtering = {name: sorted(lookups) for name, lookups in V1_FILTERING.items()}
    return fields, filtering


PAGE_API = Resource(
    name=RESOURCE,
    model=Page,
    dump=dump_page,
    # python.org's Page ordering: title, then path.
    order_by=(Page.title, Page.path, Page.api_id),
    v1_filters=V1_FILTERS,
    v2_filters=v2_conditions,
    v1_schema=v1_schema_of(),
    public=Page.visible_to(None),
    is_public=lambda page: page.visible_to(None),
    writes=PageWrites(),
    v2_read_only=True,
)

# Every URL of the pages API: (rule, endpoint, view, resource, methods).
V1_ROUTES: tuple[Route, ...] = (
    ("/api/v1/pages/page/", "v1_list", views.v1_list, PAGE_API, ["GET", "POST"]),
    ("/api/v1/pages/page/<int:api_id>/", "v1_detail", views.v1_detail, PAGE_API, ["GET", "DELETE"]),
    ("/api/v1/pages/page/schema/", "v1_schema", views.v1_schema, PAGE_API, None),
    ("/api/v1/pages/page/set/<ids>/", "v1_multiple", views.v1_multiple, PAGE_API, None),
)  # fmt: skip
# v2 is read-only, but answers writes itself (401, 403, then 405 to staff).
V2_ROUTES: tuple[Route, ...] = (
    ("/api/v2/pages/page/", "v2_list", views.v2_list, PAGE_API, ["GET", *views.WRITE_METHODS]),
    ("/api/v2/pages/page.json", "v2_list_json", views.v2_list, PAGE_API, None),
    ("/api/v2/pages/page/<int:api_id>/", "v2_detail", views.v2_detail, PAGE_API, ["GET", *views.WRITE_METHODS]),
)  # fmt: skip
add_routes(api_v1, V1_ROUTES)
add_routes(api_v2, V2_ROUTES)


def register_api(app: Flask) -> None:
    register_api_blueprints(app, api_v1, api_v2)

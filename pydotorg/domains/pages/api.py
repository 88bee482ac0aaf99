"""python.org's pages API: v1 ``pages/page`` (read, create, delete) and v2 (read-only).

Built on the shared API machinery (:mod:`pydotorg.core.api`): the same keys, envelopes,
error bodies and URIs as the download API, whose releases link here through
``release_page``. Writes go through :class:`PageService` (path rules, rendering,
history). Drafts are staff-only: v1 answers 401 for one, v2 404 (``clients.md`` 5.3, 5.6).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa
from flask import Flask, Response, request
from sqlalchemy.exc import IntegrityError
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import MethodNotAllowed

from pydotorg.core.api import (
    ApiLinks,
    FilterError,
    PayloadError,
    empty,
    json_response,
    parse_bool,
    parse_text,
    register_api_blueprints,
    request_data,
    request_root,
    schema_field,
    v1_blueprint,
    v1_list_response,
    v1_page,
    v1_require_staff,
    v1_schema_response,
    v1_set_response,
    v1_user,
    v2_blueprint,
    v2_require_staff,
    v2_user,
)
from pydotorg.core.api_filters import EXACT, V1Filters, v1_value, v2_bool, v2_strict
from pydotorg.core.markup import MARKUP_LIMITS, ContentType, markup_length_error
from pydotorg.core.models import commit_with_api_id_retry
from pydotorg.core.permissions import is_staff
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

api_v1 = v1_blueprint("pages_api_v1", __name__, "/api/v1/pages")
api_v2 = v2_blueprint("pages_api_v2", __name__, "/api/v2/pages")

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
READ_ONLY_METHODS = ["GET", "HEAD", "OPTIONS"]
WRITE_METHODS = ["POST", "PUT", "PATCH", "DELETE"]
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


# Queries ---------------------------------------------------------------------


def _visibility(user: Any) -> list[Any]:
    return [] if is_staff(user) else [Page.is_published.is_(True)]


def pages_statement(user: Any, conditions: list[Any]) -> sa.Select[Any]:
    # python.org's Page ordering: title, then path.
    return (
        sa.select(Page)
        .where(*_visibility(user), *conditions)
        .order_by(Page.title, Page.path, Page.api_id)
    )


def count_statement(user: Any, conditions: list[Any]) -> sa.Select[Any]:
    return (
        sa.select(sa.func.count())
        .select_from(Page)
        .where(*_visibility(user), *conditions)
    )


def find(api_id: int) -> Page | None:
    return db.session.scalar(sa.select(Page).where(Page.api_id == api_id))


def is_hidden(page: Page, user: Any) -> bool:
    return not page.is_published and not is_staff(user)


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
        raise PayloadError({"__all__": ["Invalid data. Expected a dictionary."]})
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
        raise PayloadError(errors)
    return values


def create_page(values: dict[str, Any], user: Any) -> Page:
    """Save a new page through the service; retried if a concurrent writer took
    its api_id. The path and template were checked while parsing, so a PageError
    here is the path being taken."""

    def work() -> Page:
        # Column defaults only apply on insert; rendering runs before it.
        page = Page(**{**NEW_PAGE_DEFAULTS, **values})
        try:
            PageService(db.session).save(page, by=user)
        except PageError as error:
            db.session.rollback()
            raise PayloadError({"path": [str(error)]}) from None
        return page

    try:
        return commit_with_api_id_retry(db.session, work)
    except IntegrityError:
        # Another writer took the path between our check and the insert.
        raise PayloadError(
            {"path": [f"Another page already lives at /{values['path']}/."]}
        ) from None


def delete_page(page: Page, user: Any) -> None:
    files = PageService(db.session).delete(page, by=user)
    db.session.commit()
    media = MediaService(db.session)
    for relative in files:
        media.delete_file(relative)


# v1 --------------------------------------------------------------------------


@api_v1.route("/page/", methods=["GET", "POST"])
def v1_list() -> Response:
    user = v1_user()
    if request.method == "POST":
        return v1_create(user)
    try:
        conditions = V1_FILTERS(request.args)
        limit, offset = v1_page()
    except FilterError as error:
        return json_response(error.body, 400)
    total = db.session.scalar(count_statement(user, conditions)) or 0
    rows = db.session.scalars(
        pages_statement(user, conditions).limit(limit).offset(offset)
    )
    links = ApiLinks("v1")
    return v1_list_response(
        [dump_page(page, links) for page in rows], total, limit, offset
    )


def v1_create(user: Any) -> Response:
    v1_require_staff(user)
    try:
        page = create_page(parse_page(request_data()), user)
    except PayloadError as error:
        return json_response({RESOURCE: error.errors}, 400)
    return empty(201, Location=ApiLinks("v1").uri(RESOURCE, page.api_id))


@api_v1.route("/page/<int:api_id>/", methods=["GET", "DELETE"])
def v1_detail(api_id: int) -> Response:
    user = v1_user()
    page = find(api_id)
    if page is None:
        return empty(404)
    if request.method == "DELETE":
        v1_require_staff(user)
        delete_page(page, user)
        return empty(204)
    if is_hidden(page, user):
        # tastypie refuses unauthorised detail reads with 401, not 404.
        return empty(401)
    return json_response(dump_page(page, ApiLinks("v1")))


@api_v1.get("/page/schema/")
def v1_schema() -> Response:
    v1_user()
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
    return v1_schema_response(fields, filtering, ["get", "post"])


@api_v1.get("/page/set/<ids>/")
def v1_multiple(ids: str) -> Response:
    user = v1_user()
    links = ApiLinks("v1")

    def load(api_id: int) -> dict[str, Any] | None:
        page = find(api_id)
        if page is None or is_hidden(page, user):
            return None
        return dump_page(page, links)

    return v1_set_response(ids, load)


# v2 (read-only) --------------------------------------------------------------


def v2_refuse_write(user: Any) -> None:
    """DRF checks permissions before the method: anonymous 401, non-staff 403,
    and only staff learn that the resource is read-only (405)."""
    v2_require_staff(user)
    raise MethodNotAllowed(valid_methods=READ_ONLY_METHODS)


@api_v2.route("/page/", methods=["GET", *WRITE_METHODS])
@api_v2.get("/page.json", endpoint="v2_list_json")
def v2_list() -> Response:
    user = v2_user()
    if request.method in WRITE_METHODS:
        v2_refuse_write(user)
    try:
        conditions = v2_conditions(request.args)
    except FilterError as error:
        return json_response(error.body, 400)
    links = ApiLinks("v2", request_root())
    rows = db.session.scalars(pages_statement(user, conditions))
    return json_response([dump_page(page, links) for page in rows])


@api_v2.route("/page/<int:api_id>/", methods=["GET", *WRITE_METHODS])
def v2_detail(api_id: int) -> Response:
    user = v2_user()
    if request.method in WRITE_METHODS:
        v2_refuse_write(user)
    page = find(api_id)
    if page is None or is_hidden(page, user):
        return json_response({"detail": "No Page matches the given query."}, 404)
    return json_response(dump_page(page, ApiLinks("v2", request_root())))


def register_api(app: Flask) -> None:
    register_api_blueprints(app, api_v1, api_v2)

"""python.org's download API, v1 (tastypie-shaped) and v2 (DRF-shaped).

Both sit on the same services; only the envelopes, authentication headers, error
bodies and status-code rules differ (``reference/clients.md`` section 5).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from flask import Flask, Response, request
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import contains_eager, joinedload

from pydotorg.core.api import (
    FilterError,
    empty,
    json_response,
    parse_id,
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
from pydotorg.core.api_filters import CHOICE_ERROR, RELATION, V1Filters
from pydotorg.core.models import commit_with_api_id_retry
from pydotorg.core.permissions import is_staff
from pydotorg.domains.downloads.filters import (
    OS_V1,
    RELEASE_FILE_V1,
    RELEASE_V1,
    v2_os,
    v2_release,
    v2_release_file,
)
from pydotorg.domains.downloads.models import OS, Release, ReleaseFile
from pydotorg.domains.downloads.serializers import (
    DUMPERS,
    FIELDS,
    MODELS,
    RESOURCES,
    Links,
    PayloadParser,
)
from pydotorg.domains.downloads.services import (
    DownloadsError,
    OSService,
    ReleaseFileService,
    ReleaseService,
)
from pydotorg.extensions import db

api_v1 = v1_blueprint("downloads_api_v1", __name__, "/api/v1/downloads")
api_v2 = v2_blueprint("downloads_api_v2", __name__, "/api/v2/downloads")

V1_FILTERS: dict[str, V1Filters] = {
    "os": OS_V1,
    "release": RELEASE_V1,
    "release_file": RELEASE_FILE_V1,
}
V2_FILTERS = {"os": v2_os, "release": v2_release, "release_file": v2_release_file}

COLLECTION_DELETE_ERROR = (
    "Deleting release files requires exactly one 'release' filter."
)


# Queries ---------------------------------------------------------------------


def _joins(resource: str, statement: sa.Select[Any]) -> sa.Select[Any]:
    if resource == "release_file":
        return statement.join(ReleaseFile.release).join(ReleaseFile.os)
    return statement


def _visibility(resource: str, user: Any) -> list[Any]:
    # Files follow their release: readers who can't see a draft can't see its files.
    if resource in ("release", "release_file") and not is_staff(user):
        return [Release.is_published.is_(True)]
    return []


def rows_statement(resource: str, user: Any, conditions: list[Any]) -> sa.Select[Any]:
    model = MODELS[resource]
    statement = _joins(resource, sa.select(model)).where(
        *_visibility(resource, user), *conditions
    )
    if resource == "os":
        return statement.order_by(OS.name, OS.api_id)
    if resource == "release":
        return statement.options(joinedload(Release.release_page)).order_by(
            Release.name, Release.api_id
        )
    return statement.options(
        contains_eager(ReleaseFile.release), contains_eager(ReleaseFile.os)
    ).order_by(
        Release.is_published.desc(),
        Release.name,
        OS.name,
        ReleaseFile.name,
        ReleaseFile.api_id,
    )


def count_statement(resource: str, user: Any, conditions: list[Any]) -> sa.Select[Any]:
    model = MODELS[resource]
    return _joins(resource, sa.select(sa.func.count()).select_from(model)).where(
        *_visibility(resource, user), *conditions
    )


def find(resource: str, api_id: int) -> Any:
    # Visibility is the caller's business (v1 answers 401 where v2 answers 404).
    statement = _joins(resource, sa.select(MODELS[resource])).where(
        MODELS[resource].api_id == api_id
    )
    if resource == "release_file":
        statement = statement.options(
            contains_eager(ReleaseFile.release), contains_eager(ReleaseFile.os)
        )
    return db.session.scalar(statement)


def is_hidden(resource: str, obj: Any, user: Any) -> bool:
    if is_staff(user):
        return False
    if resource == "release":
        return not obj.is_published
    if resource == "release_file":
        return not obj.release.is_published
    return False


# Writes ----------------------------------------------------------------------


def _service(resource: str) -> Any:
    return {
        "os": OSService,
        "release": ReleaseService,
        "release_file": ReleaseFileService,
    }[resource](db.session)


def write(
    resource: str,
    data: Any,
    user: Any,
    *,
    obj_id: int | None = None,
    partial: bool = False,
) -> Any:
    """Create (or update row ``obj_id``) in one transaction; retried on api_id races."""

    def work() -> Any:
        values = PayloadParser(db.session).parse(resource, data, partial=partial)
        service = _service(resource)
        if obj_id is None:
            return service.create(values, by=user)
        return service.update(find(resource, obj_id), values, by=user)

    try:
        return commit_with_api_id_retry(db.session, work)
    except DownloadsError:
        db.session.rollback()
        raise
    except IntegrityError:
        # A concurrent writer took a unique value between our check and the insert.
        raise DownloadsError(
            "This conflicts with an existing row (slug, url or download button).",
            field="non_field_errors",
        ) from None


def delete(resource: str, obj: Any) -> None:
    _service(resource).delete(obj)
    db.session.commit()


# v1 views --------------------------------------------------------------------


def v1_list(resource: str) -> Response:
    user = v1_user()
    if request.method == "POST":
        return v1_create(resource, user)
    if request.method == "DELETE":
        return v1_delete_files(user)
    try:
        conditions = V1_FILTERS[resource](request.args)
        limit, offset = v1_page()
    except FilterError as error:
        return json_response(error.body, 400)
    total = db.session.scalar(count_statement(resource, user, conditions)) or 0
    rows = db.session.scalars(
        rows_statement(resource, user, conditions).limit(limit).offset(offset)
    ).unique()
    links = Links("v1")
    objects = [DUMPERS[resource](row, links) for row in rows]
    return v1_list_response(objects, total, limit, offset)


def v1_create(resource: str, user: Any) -> Response:
    v1_require_staff(user)
    try:
        obj = write(resource, request_data(), user)
    except DownloadsError as error:
        return json_response({f"downloads/{resource}": error.errors}, 400)
    return empty(201, Location=Links("v1").resource(resource, obj.api_id))


def v1_delete_files(user: Any) -> Response:
    v1_require_staff(user)
    params = list(request.args.items(multi=True))
    if len(params) != 1 or params[0][0] != "release" or not params[0][1].isdigit():
        return json_response({"error": COLLECTION_DELETE_ERROR}, 400)
    api_id = parse_id(params[0][1])
    release = find("release", api_id) if api_id is not None else None
    if release is not None:
        ReleaseFileService(db.session).delete_by_release(release)
        db.session.commit()
    return empty(204)


def v1_detail(resource: str, api_id: int) -> Response:
    user = v1_user()
    obj = find(resource, api_id)
    if obj is None:
        return empty(404)
    if request.method == "DELETE":
        v1_require_staff(user)
        delete(resource, obj)
        return empty(204)
    if is_hidden(resource, obj, user):
        # tastypie refuses unauthorised detail reads with 401, not 404.
        return empty(401)
    return json_response(DUMPERS[resource](obj, Links("v1")))


# v2 views --------------------------------------------------------------------


def v2_links() -> Links:
    return Links("v2", request_root())


def v2_list(resource: str) -> Response:
    user = v2_user()
    if request.method == "POST":
        v2_require_staff(user)
        try:
            obj = write(resource, request_data(), user)
        except DownloadsError as error:
            return json_response(error.errors, 400)
        body = DUMPERS[resource](obj, v2_links())
        return json_response(body, 201, Location=body["resource_uri"])
    try:
        conditions = V2_FILTERS[resource](request.args)
        if resource == "release_file":
            v2_check_choices(user)
    except FilterError as error:
        return json_response(error.body, 400)
    rows = db.session.scalars(rows_statement(resource, user, conditions)).unique()
    links = v2_links()
    return json_response([DUMPERS[resource](row, links) for row in rows])


def v2_check_choices(user: Any) -> None:
    """``os``/``release`` must name a row the reader may see, as django-filter's
    choice filters do (400, not an empty list, for an unknown id)."""
    for field in ("os", "release"):
        raw = request.args.getlist(field)[-1] if field in request.args else ""
        if not raw:
            continue
        api_id = parse_id(raw.strip())
        obj = find(field, api_id) if api_id is not None else None
        if obj is None or is_hidden(field, obj, user):
            raise FilterError({field: [CHOICE_ERROR]})


def v2_detail(resource: str, api_id: int) -> Response:
    user = v2_user()
    if request.method != "GET":
        v2_require_staff(user)
    obj = find(resource, api_id)
    if obj is None or is_hidden(resource, obj, user):
        detail = f"No {MODELS[resource].__name__} matches the given query."
        return json_response({"detail": detail}, 404)
    if request.method == "DELETE":
        delete(resource, obj)
        return empty(204)
    if request.method in ("PUT", "PATCH"):
        try:
            obj = write(
                resource,
                request_data(),
                user,
                obj_id=api_id,
                partial=request.method == "PATCH",
            )
        except DownloadsError as error:
            return json_response(error.errors, 400)
    return json_response(DUMPERS[resource](obj, v2_links()))


def v2_delete_by_release() -> Response:
    user = v2_user()
    v2_require_staff(user)
    raw = request.args.get("release", "").strip()
    if not (raw.isascii() and raw.isdigit()):
        return json_response({"release": ["A valid integer is required."]}, 400)
    api_id = parse_id(raw)
    release = find("release", api_id) if api_id is not None else None
    if release is not None:
        ReleaseFileService(db.session).delete_by_release(release)
        db.session.commit()
    return empty(204)


# v1 schema and multi-get ------------------------------------------------------

_SCHEMA_TYPES = {
    "str": "string",
    "bool": "boolean",
    "int": "integer",
    "version": "integer",
    "date": "datetime",
}


def v1_list_methods(resource: str) -> list[str]:
    return ["get", "post", "delete"] if resource == "release_file" else ["get", "post"]


def v1_schema(resource: str) -> Response:
    """tastypie's ``schema/`` of one download resource."""
    v1_user()
    fields: dict[str, Any] = {}
    for name, spec in FIELDS[resource].items():
        kind = _SCHEMA_TYPES.get(spec.kind, "related")
        related_schema = None
        if kind == "related":
            related_schema = (
                "/api/v1/pages/page/schema/"
                if spec.kind == "page"
                else f"{api_v1.url_prefix}/{spec.kind}/schema/"
            )
        fields[name] = schema_field(
            name,
            kind,
            blank=not spec.required,
            nullable=spec.kind in ("page", "date"),
            unique=name in ("slug", "url") or (resource == "os" and name == "name"),
            related_schema=related_schema,
        )
    filtering = {
        name: 2 if lookups == RELATION else sorted(lookups)
        for name, lookups in V1_FILTERS[resource].filtering.items()
    }
    return v1_schema_response(fields, filtering, v1_list_methods(resource))


def v1_multiple(resource: str, ids: str) -> Response:
    """tastypie's ``set/<id>;<id>/`` of one download resource."""
    user = v1_user()
    links = Links("v1")

    def load(api_id: int) -> dict[str, Any] | None:
        obj = find(resource, api_id)
        if obj is None or is_hidden(resource, obj, user):
            return None
        return DUMPERS[resource](obj, links)

    return v1_set_response(ids, load)


# Wiring ----------------------------------------------------------------------


def _bind(view: Callable[..., Response], resource: str) -> Callable[..., Response]:
    def bound(**kwargs: Any) -> Response:
        return view(resource, **kwargs)

    return bound


for _resource in RESOURCES:
    api_v1.add_url_rule(
        f"/{_resource}/",
        f"{_resource}_list",
        _bind(v1_list, _resource),
        methods=["GET", "POST", "DELETE"]
        if _resource == "release_file"
        else ["GET", "POST"],
    )
    api_v1.add_url_rule(
        f"/{_resource}/<int:api_id>/",
        f"{_resource}_detail",
        _bind(v1_detail, _resource),
        methods=["GET", "DELETE"],
    )
    api_v1.add_url_rule(
        f"/{_resource}/schema/", f"{_resource}_schema", _bind(v1_schema, _resource)
    )
    api_v1.add_url_rule(
        f"/{_resource}/set/<ids>/",
        f"{_resource}_multiple",
        _bind(v1_multiple, _resource),
    )
    api_v2.add_url_rule(
        f"/{_resource}/",
        f"{_resource}_list",
        _bind(v2_list, _resource),
        methods=["GET", "POST"],
    )
    api_v2.add_url_rule(
        f"/{_resource}.json",
        f"{_resource}_list_json",
        _bind(v2_list, _resource),
        methods=["GET"],
    )
    api_v2.add_url_rule(
        f"/{_resource}/<int:api_id>/",
        f"{_resource}_detail",
        _bind(v2_detail, _resource),
        methods=["GET", "PUT", "PATCH", "DELETE"],
    )
api_v2.add_url_rule(
    "/release_file/delete_by_release/",
    "release_file_delete_by_release",
    v2_delete_by_release,
    methods=["DELETE"],
)


def register_api(app: Flask) -> None:
    register_api_blueprints(app, api_v1, api_v2)

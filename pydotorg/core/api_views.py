"""The generic v1 (tastypie) and v2 (DRF) views of a :class:`~pydotorg.core.api.Resource`.

A domain lists every URL of its API written out in full (so a URL can be found by
searching for it), each with its view and resource, and hands the list to
:func:`add_routes`. The views read everything else from the resource: the model,
its JSON, filters, ordering, eager loads, who may see what, and how it is written
(:class:`ServiceWrites` for a domain service of the usual shape). Status codes and
bodies follow ``reference/clients.md`` section 5.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import wraps
from typing import Any
from urllib.parse import urlencode

import sqlalchemy as sa
from flask import Blueprint, Response, request
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, contains_eager
from werkzeug.exceptions import MethodNotAllowed

from pydotorg.core.api import (
    MAX_SQL_INT,
    V1_DEFAULT_LIMIT,
    V1_MAX_LIMIT,
    ApiLinks,
    FilterError,
    Resource,
    Writes,
    empty,
    json_response,
    parse_id,
    request_data,
    request_root,
    schema_field,
    v1_require_staff,
    v1_user,
    v2_require_staff,
    v2_user,
)
from pydotorg.core.api_filters import CHOICE_ERROR
from pydotorg.core.models import commit_with_api_id_retry
from pydotorg.core.permissions import is_staff
from pydotorg.core.rules import RuleError
from pydotorg.extensions import db

#: One URL: (rule, endpoint, view, resource the view is bound to or None, methods).
Route = tuple[str, str, Callable[..., Response], Resource | None, list[str] | None]

READ_ONLY_METHODS = ["GET", "HEAD", "OPTIONS"]
WRITE_METHODS = ["POST", "PUT", "PATCH", "DELETE"]


def add_routes(blueprint: Blueprint, routes: Iterable[Route]) -> None:
    """Route each URL to its view, bound to its resource (methods None: GET only).

    Domains list their URLs written out in full, so a URL can be found by grep.
    """
    for rule, endpoint, view, resource, methods in routes:
        bound = view if resource is None else _bind(view, resource)
        blueprint.add_url_rule(rule, endpoint, bound, methods=methods)


def _bind(view: Callable[..., Response], resource: Resource) -> Callable[..., Response]:
    # A function, not a functools.partial: extensions (the rate limiter) read the
    # view's name.
    @wraps(view)
    def bound(**kwargs: Any) -> Response:
        return view(resource, **kwargs)

    return bound


# Queries ---------------------------------------------------------------------


def _joined(resource: Resource, statement: sa.Select[Any]) -> sa.Select[Any]:
    for relationship in resource.joins:
        statement = statement.join(relationship)
    return statement


def _loaded_joins(resource: Resource) -> list[Any]:
    # The joined rows fill the relationships: no query per row to load them.
    return [contains_eager(relationship) for relationship in resource.joins]


def _visible(resource: Resource, user: Any) -> list[Any]:
    if resource.public is None or is_staff(user):
        return []
    return [resource.public]


def rows_statement(
    resource: Resource, user: Any, conditions: list[Any]
) -> sa.Select[Any]:
    """The rows ``user`` may see that meet ``conditions``, in the model's order."""
    return (
        _joined(resource, sa.select(resource.model))
        .where(*_visible(resource, user), *conditions)
        .options(*_loaded_joins(resource), *resource.list_options)
        .order_by(*resource.order_by)
    )


def count_statement(
    resource: Resource, user: Any, conditions: list[Any]
) -> sa.Select[Any]:
    statement = sa.select(sa.func.count()).select_from(resource.model)
    return _joined(resource, statement).where(*_visible(resource, user), *conditions)


def find(resource: Resource, api_id: int) -> Any:
    """The object with ``api_id``, hidden or not: v1 answers 401 where v2 says 404."""
    statement = (
        _joined(resource, sa.select(resource.model))
        .where(resource.model.api_id == api_id)
        .options(*_loaded_joins(resource))
    )
    return db.session.scalar(statement)


def is_hidden(resource: Resource, obj: Any, user: Any) -> bool:
    if resource.is_public is None or is_staff(user):
        return False
    return not resource.is_public(obj)


# v1 views --------------------------------------------------------------------


def v1_list(resource: Resource) -> Response:
    user = v1_user()
    if request.method == "POST":
        return v1_create(resource, user)
    if request.method == "DELETE" and resource.v1_delete_list is not None:
        return resource.v1_delete_list(user)
    try:
        conditions = resource.v1_filters(request.args)
        limit, offset = v1_page()
    except FilterError as error:
        return json_response(error.body, 400)
    total = db.session.scalar(count_statement(resource, user, conditions)) or 0
    rows = db.session.scalars(
        rows_statement(resource, user, conditions).limit(limit).offset(offset)
    ).unique()
    links = ApiLinks("v1")
    objects = [resource.dump(row, links) for row in rows]
    return v1_list_response(objects, total, limit, offset)


def v1_create(resource: Resource, user: Any) -> Response:
    v1_require_staff(user)
    try:
        obj = _writes(resource).create(resource, request_data(), user)
    except RuleError as error:
        return json_response({resource.name: error.errors}, 400)
    # tastypie's always_return_data is off: an empty body, a relative Location.
    return empty(201, Location=resource.uri(ApiLinks("v1"), obj.api_id))


def v1_detail(resource: Resource, api_id: int) -> Response:
    user = v1_user()
    obj = find(resource, api_id)
    if obj is None:
        return empty(404)
    if request.method == "DELETE":
        v1_require_staff(user)
        _writes(resource).delete(resource, obj, user)
        return empty(204)
    if is_hidden(resource, obj, user):
        # tastypie refuses unauthorised detail reads with 401, not 404.
        return empty(401)
    return json_response(resource.dump(obj, ApiLinks("v1")))


def v1_schema(resource: Resource) -> Response:
    """tastypie's ``schema/``: the fields, their types, methods and filters."""
    v1_user()
    fields, filtering = resource.v1_schema
    uri = schema_field("resource_uri", "string", blank=False, default="")
    return json_response(
        {
            "allowed_detail_http_methods": ["get", "delete"],
            "allowed_list_http_methods": ["get", "post"]
            + (["delete"] if resource.v1_delete_list is not None else []),
            "default_format": "application/json",
            "default_limit": V1_DEFAULT_LIMIT,
            "fields": {**fields, "resource_uri": {**uri, "readonly": True}},
            "filtering": dict(filtering),
        }
    )


def v1_multiple(resource: Resource, ids: str) -> Response:
    """tastypie's ``set/<id>;<id>/``: the objects found, and the ids that were not
    (missing or hidden)."""
    user = v1_user()
    links = ApiLinks("v1")
    objects, not_found = [], []
    for part in ids.split(";"):
        api_id = parse_id(part)
        obj = find(resource, api_id) if api_id is not None else None
        if obj is None or is_hidden(resource, obj, user):
            not_found.append(part)
        else:
            objects.append(resource.dump(obj, links))
    body: dict[str, Any] = {"objects": objects}
    if not_found:
        body["not_found"] = not_found
    return json_response(body)


# v2 views --------------------------------------------------------------------


def v2_list(resource: Resource) -> Response:
    user = v2_user()
    if request.method in WRITE_METHODS:
        _v2_may_write(resource, user)
        return v2_create(resource, user)
    try:
        conditions = resource.v2_filters(request.args)
        v2_check_choices(resource, user)
    except FilterError as error:
        return json_response(error.body, 400)
    rows = db.session.scalars(rows_statement(resource, user, conditions)).unique()
    links = ApiLinks("v2", request_root())
    return json_response([resource.dump(row, links) for row in rows])


def v2_check_choices(resource: Resource, user: Any) -> None:
    """Each of ``resource.v2_choices`` must name a row the reader may see (400,
    not an empty list, for an unknown id)."""
    for name, related in resource.v2_choices.items():
        raw = request.args.getlist(name)[-1] if name in request.args else ""
        if not raw:
            continue
        api_id = parse_id(raw.strip())
        obj = find(related, api_id) if api_id is not None else None
        if obj is None or is_hidden(related, obj, user):
            raise FilterError({name: [CHOICE_ERROR]})


def v2_create(resource: Resource, user: Any) -> Response:
    try:
        obj = _writes(resource).create(resource, request_data(), user)
    except RuleError as error:
        return json_response(error.errors, 400)
    body = resource.dump(obj, ApiLinks("v2", request_root()))
    return json_response(body, 201, Location=body["resource_uri"])


def v2_detail(resource: Resource, api_id: int) -> Response:
    user = v2_user()
    if request.method in WRITE_METHODS:
        _v2_may_write(resource, user)
    elif request.method == "HEAD" and not resource.v2_read_only:
        # Kept as this API has always answered: a HEAD of a writable detail asks
        # for staff, though DRF treats HEAD as a safe method.
        v2_require_staff(user)
    obj = find(resource, api_id)
    if obj is None or is_hidden(resource, obj, user):
        detail = f"No {resource.model.__name__} matches the given query."
        return json_response({"detail": detail}, 404)
    if request.method == "DELETE":
        _writes(resource).delete(resource, obj, user)
        return empty(204)
    if request.method in ("PUT", "PATCH"):
        try:
            obj = _writes(resource).update(
                resource,
                api_id,
                request_data(),
                user,
                partial=request.method == "PATCH",
            )
        except RuleError as error:
            return json_response(error.errors, 400)
    return json_response(resource.dump(obj, ApiLinks("v2", request_root())))


def _v2_may_write(resource: Resource, user: Any) -> None:
    """DRF checks permissions before the method: anonymous 401, non-staff 403,
    and only staff learn that a read-only resource refuses writes (405)."""
    v2_require_staff(user)
    if resource.v2_read_only:
        raise MethodNotAllowed(valid_methods=READ_ONLY_METHODS)


def _writes(resource: Resource) -> Writes:
    if resource.writes is None:
        raise MethodNotAllowed(valid_methods=READ_ONLY_METHODS)
    return resource.writes


# Writes ----------------------------------------------------------------------


@dataclass(frozen=True)
class ServiceWrites:
    """Writes through a domain service with the house shape: built on the session,
    ``create(values, by=)``, ``update(obj, values, by=)`` and ``delete(obj)``.

    ``parse(data, partial)`` turns the body into values (raising
    :class:`RuleError`); parsing and saving are one transaction, rerun when a
    concurrent writer took the same api_id. A unique value taken meanwhile by
    another writer is reported as ``conflict``.
    """

    service: Callable[[Session], Any]
    parse: Callable[[Any, bool], dict[str, Any]]
    conflict: str

    def create(self, resource: Resource, data: Any, user: Any) -> Any:
        return self._save(resource, data, user, None, partial=False)

    def update(
        self, resource: Resource, api_id: int, data: Any, user: Any, *, partial: bool
    ) -> Any:
        return self._save(resource, data, user, api_id, partial=partial)

    def delete(self, resource: Resource, obj: Any, user: Any) -> None:
        self.service(db.session).delete(obj)
        db.session.commit()

    def _save(
        self,
        resource: Resource,
        data: Any,
        user: Any,
        api_id: int | None,
        *,
        partial: bool,
    ) -> Any:
        def work() -> Any:
            values = self.parse(data, partial)
            service = self.service(db.session)
            if api_id is None:
                return service.create(values, by=user)
            # Found again in each attempt: a retry starts a fresh transaction.
            return service.update(find(resource, api_id), values, by=user)

        try:
            return commit_with_api_id_retry(db.session, work)
        except RuleError:
            db.session.rollback()
            raise
        except IntegrityError:
            raise RuleError(self.conflict, field="non_field_errors") from None


# v1 envelopes ----------------------------------------------------------------


def v1_page() -> tuple[int, int]:
    try:
        limit = int(request.args.get("limit", V1_DEFAULT_LIMIT))
        offset = int(request.args.get("offset", 0))
    except ValueError:
        raise FilterError({"error": "Invalid limit or offset provided."}) from None
    if limit < 0 or not 0 <= offset <= MAX_SQL_INT:
        raise FilterError({"error": "Invalid limit or offset provided."})
    if limit == 0 or limit > V1_MAX_LIMIT:
        limit = V1_MAX_LIMIT
    return limit, offset


def v1_page_link(limit: int, offset: int) -> str:
    params = [
        (k, v)
        for k, v in request.args.items(multi=True)
        if k not in ("limit", "offset")
    ]
    params += [("limit", str(limit)), ("offset", str(offset))]
    return f"{request.path}?{urlencode(params)}"


def v1_list_response(
    objects: list[dict[str, Any]], total: int, limit: int, offset: int
) -> Response:
    """tastypie's list envelope: ``meta`` with relative next/previous links."""
    meta = {
        "limit": limit,
        "next": v1_page_link(limit, offset + limit) if offset + limit < total else None,
        "offset": offset,
        "previous": v1_page_link(limit, max(offset - limit, 0)) if offset > 0 else None,
        "total_count": total,
    }
    return json_response({"meta": meta, "objects": objects})

"""Machinery shared by every REST resource: python.org's v1 (tastypie) and v2 (DRF).

Domains describe each model they expose as a :class:`Resource` (``downloads``,
``pages``) and route it to the generic views of :mod:`pydotorg.core.api_views`.
Here: that description, authentication headers, error bodies, filter conventions,
resource URIs and the blueprint wiring (CSRF exemption,
rate limits, 429/500 bodies). The rules come from ``reference/clients.md`` section 5.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from flask import Blueprint, Flask, Response, current_app, request
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import HTTPException, TooManyRequests

from pydotorg.core.changes import Actor, set_request_actor
from pydotorg.core.permissions import is_staff
from pydotorg.extensions import csrf, db, limiter

V1_DEFAULT_LIMIT = 20
V1_MAX_LIMIT = 1000
# The largest value an SQL INTEGER column or OFFSET takes on every backend.
MAX_SQL_INT = 2**31 - 1


class ApiAbort(HTTPException):
    """Stop with a ready-made response (401 with an empty body, 400 JSON, ...)."""

    def __init__(self, response: Response) -> None:
        super().__init__(response=response)


class FilterError(ValueError):
    """A bad filter; ``body`` is the JSON error python.org answers with."""

    def __init__(self, body: dict[str, Any]) -> None:
        super().__init__(str(body))
        self.body = body


def json_response(data: Any, status: int = 200, **headers: str) -> Response:
    # Not jsonify: it sorts keys, and python.org's field order is part of the contract.
    return Response(
        json.dumps(data), status=status, mimetype="application/json", headers=headers
    )


def empty(status: int, **headers: str) -> Response:
    return Response(b"", status=status, headers=headers)


def api_rate_limit() -> str:
    return current_app.config["API_RATELIMIT"]


# Resource URIs ---------------------------------------------------------------


@dataclass(frozen=True)
class ApiLinks:
    """Builds ``resource_uri`` values: relative paths in v1, absolute URLs in v2.

    Every resource (and every link to one from another resource) goes through
    :meth:`uri`, so a release's ``release_page`` equals the page's own URI.
    """

    version: str
    root: str = ""

    def uri(self, resource: str, api_id: int) -> str:
        return f"{self.root}/api/{self.version}/{resource}/{api_id}/"

    def page(self, page: Any) -> str | None:
        if page is None:
            return None
        return self.uri("pages/page", page.api_id)


def request_root() -> str:
    """The request's scheme and host: v2 links are absolute."""
    return request.url_root.rstrip("/")


# Authentication --------------------------------------------------------------


def v1_user() -> Any:
    """``Authorization: ApiKey <username>:<key>``; no header is a guest; else 401."""
    if any(
        name in source
        for source in (request.args, request.form)
        for name in ("username", "api_key")
    ):
        raise ApiAbort(empty(401))
    user = None
    header = request.headers.get("Authorization")
    if header is not None:
        scheme, space, data = header.partition(" ")
        if scheme.lower() != "apikey" or not space or data.count(":") != 1:
            raise ApiAbort(empty(401))
        username, key = data.split(":")
        if not username or not key or username != username.strip():
            raise ApiAbort(empty(401))
        user = _authenticate(key, username)
        if user is None:
            raise ApiAbort(empty(401))
    set_request_actor(Actor.for_user(user, via="api"))
    return user


def v2_user() -> Any:
    """``Authorization: Token <key>``; other schemes are anonymous; a bad token 401."""
    user = None
    parts = request.headers.get("Authorization", "").split()
    if parts and parts[0].lower() == "token":
        if len(parts) != 2:
            # DRF's own wording for the two malformed shapes.
            problem = (
                "No credentials provided."
                if len(parts) == 1
                else "Token string should not contain spaces."
            )
            raise ApiAbort(
                json_response(
                    {"detail": f"Invalid token header. {problem}"},
                    401,
                    **{"WWW-Authenticate": "Token"},
                )
            )
        user = _authenticate(parts[1], None)
        if user is None:
            raise ApiAbort(
                json_response(
                    {"detail": "Invalid token."}, 401, **{"WWW-Authenticate": "Token"}
                )
            )
    set_request_actor(Actor.for_user(user, via="api"))
    return user


KeyAuthenticator = Callable[[str, str | None], Any]
_KEY_AUTHENTICATOR = "pydotorg.api_key_authenticator"


def set_key_authenticator(app: Flask, authenticator: KeyAuthenticator) -> None:
    """Register who owns an API key, as Flask-Login's ``request_loader``.

    ``authenticator(key, username)`` returns the key's user, or None for a bad key
    (``username`` is v1's, None in v2). The users domain registers it: core knows
    the headers, not the keys. It only looks up: it never commits.
    """
    app.extensions[_KEY_AUTHENTICATOR] = authenticator


def _authenticate(key: str, username: str | None) -> Any:
    authenticator = current_app.extensions.get(_KEY_AUTHENTICATOR)
    if authenticator is None:
        raise RuntimeError("No API key authenticator: call set_key_authenticator().")
    return authenticator(key, username)


def v1_require_staff(user: Any) -> None:
    if not is_staff(user):
        raise ApiAbort(empty(401))


def v2_require_staff(user: Any) -> None:
    if user is None:
        raise ApiAbort(
            json_response(
                {"detail": "Authentication credentials were not provided."},
                401,
                **{"WWW-Authenticate": "Token"},
            )
        )
    if not is_staff(user):
        raise ApiAbort(
            json_response(
                {"detail": "You do not have permission to perform this action."}, 403
            )
        )


def request_data() -> Any:
    data = request.get_json(silent=True)
    if data is None and request.form:
        data = request.form.to_dict()
    return data


# Write bodies ----------------------------------------------------------------

_TRUE = {"true", "1", "yes", "on"}
_FALSE = {"false", "0", "no", "off"}


def parse_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
        return value.strip().lower() in _TRUE
    raise ValueError("Must be a valid boolean.")


def parse_text(value: Any, *, required: bool = False) -> str:
    """A string field of a write body, stripped; null is blank unless required."""
    if value is None:
        if required:
            raise ValueError("This field may not be null.")
        return ""
    if not isinstance(value, str):
        raise ValueError("Not a valid string.")
    if required and not value.strip():
        raise ValueError("This field may not be blank.")
    return value.strip()


def parse_id(raw: str) -> int | None:
    """An id written in ASCII digits that fits an SQL INTEGER, else ``None``.

    ``str.isdigit`` also accepts digits such as ``²`` that ``int()`` refuses.
    """
    if not raw.isascii() or not raw.isdigit():
        return None
    value = int(raw)
    return value if value <= MAX_SQL_INT else None


def schema_field(
    name: str,
    kind: str,
    *,
    blank: bool = True,
    nullable: bool = False,
    unique: bool = False,
    default: Any = None,
    related_schema: str | None = None,
) -> dict[str, Any]:
    """One entry of a tastypie ``schema/`` ``fields`` object."""
    field: dict[str, Any] = {
        "blank": blank,
        "default": default,
        "help_text": "",
        "nullable": nullable,
        "primary_key": False,
        "readonly": False,
        "type": kind,
        "unique": unique,
        "verbose_name": name.replace("_", " "),
    }
    if related_schema is not None:
        field["related_type"] = "to_one"
        field["related_schema"] = related_schema
    return field


# Resources -------------------------------------------------------------------

Dumper = Callable[[Any, ApiLinks], dict[str, Any]]
SchemaParts = tuple[dict[str, dict[str, Any]], dict[str, Any]]


class Writes(Protocol):
    """How a resource's objects are created, updated and deleted; each commits.

    ``create`` and ``update`` raise :class:`RuleError` for a refused body.
    """

    def create(self, resource: Resource, data: Any, user: Any) -> Any: ...

    def update(
        self, resource: Resource, api_id: int, data: Any, user: Any, *, partial: bool
    ) -> Any: ...

    def delete(self, resource: Resource, obj: Any, user: Any) -> None: ...


@dataclass(frozen=True, eq=False)
class Resource:
    """One model as python.org's v1 and v2 APIs show it, declared once.

    The generic views of :mod:`pydotorg.core.api_views` take everything they need
    from here; a domain declares one per model it exposes and writes its routes out.
    """

    #: The path below ``/api/<version>/``, e.g. ``"downloads/release"``; it is
    #: also the key of v1's validation errors.
    name: str
    model: type[Any]
    #: The object's JSON in either version (``links.version`` says which).
    dump: Dumper
    #: python.org's model ordering, ``api_id`` last so pages never overlap.
    order_by: tuple[Any, ...]
    #: Query string to SQL conditions (raising :class:`FilterError`).
    v1_filters: Callable[[MultiDict[str, str]], list[Any]]
    v2_filters: Callable[[MultiDict[str, str]], list[Any]]
    #: tastypie's ``schema/``: the fields and the filtering it shows.
    v1_schema: SchemaParts
    #: Relationships every query joins (filters, ordering and visibility read
    #: their columns); lists and details load them from that join.
    joins: tuple[Any, ...] = ()
    #: Eager loads for lists only (a detail loads the rest lazily).
    list_options: tuple[Any, ...] = ()
    #: What readers who are not staff may see, as an SQL condition and as the same
    #: rule for one loaded object. None: everything is public.
    public: Any = None
    is_public: Callable[[Any], bool] | None = None
    #: Creating, updating and deleting; None for a resource no API writes.
    writes: Writes | None = None
    #: v2 refuses every write (405 to staff) even where v1 takes them.
    v2_read_only: bool = False
    #: v1's collection ``DELETE`` (given the caller), where the list route takes it.
    v1_delete_list: Callable[[Any], Response] | None = None
    #: v2 filters naming a related row by id (``release_file/?os=1``): as
    #: django-filter's choice filters, one the reader may not see is a 400.
    v2_choices: Mapping[str, Resource] = field(default_factory=dict)

    def uri(self, links: ApiLinks, api_id: int) -> str:
        return links.uri(self.name, api_id)


# Blueprint wiring ------------------------------------------------------------


def _retry_after() -> int:
    return limiter.retry_after()


def _v1_server_error(error: Exception) -> Response:
    # tastypie's body for an unexpected error; release tooling prints error_message.
    db.session.rollback()
    return json_response(
        {
            "error_message": "Sorry, this request could not be processed. "
            "Please try again later."
        },
        500,
    )


def _v1_throttled(error: TooManyRequests) -> Response:
    return empty(429, **{"Retry-After": str(_retry_after())})


def _v2_throttled(error: TooManyRequests) -> Response:
    seconds = _retry_after()
    return json_response(
        {"detail": f"Request was throttled. Expected available in {seconds} seconds."},
        429,
        **{"Retry-After": str(seconds)},
    )


def v1_blueprint(
    name: str, import_name: str, url_prefix: str | None = None
) -> Blueprint:
    """A v1 (tastypie-shaped) API blueprint with its 500 and 429 bodies."""
    bp = Blueprint(name, import_name, url_prefix=url_prefix)
    bp.register_error_handler(500, _v1_server_error)
    bp.register_error_handler(TooManyRequests, _v1_throttled)
    return bp


def v2_blueprint(
    name: str, import_name: str, url_prefix: str | None = None
) -> Blueprint:
    """A v2 (DRF-shaped) API blueprint with its 429 body."""
    bp = Blueprint(name, import_name, url_prefix=url_prefix)
    bp.register_error_handler(TooManyRequests, _v2_throttled)
    return bp


def api_blueprints(domain: str, import_name: str) -> tuple[Blueprint, Blueprint]:
    """A domain's v1 and v2 API blueprints, ``<domain>_api_v1`` and ``_v2``.

    They take no URL prefix: each route is written out in full.
    """
    return (
        v1_blueprint(f"{domain}_api_v1", import_name),
        v2_blueprint(f"{domain}_api_v2", import_name),
    )


def register_api_blueprints(app: Flask, *blueprints: Blueprint) -> None:
    """CSRF-exempt (keys, not cookies, authenticate writes), rate limited, registered.

    Every API blueprint draws on one budget per client (``API_RATELIMIT``), so
    spreading requests over v1, v2, downloads and pages gains nothing.
    """
    for blueprint in blueprints:
        csrf.exempt(blueprint)
        limiter.shared_limit(api_rate_limit, scope="api")(blueprint)
        app.register_blueprint(blueprint)

"""Error pages (HTML for the site, JSON for the API)."""

from __future__ import annotations

import contextlib
import json
import re
from typing import Any

from flask import Flask, Response, abort, jsonify, render_template, request
from flask_login import current_user
from sqlalchemy import exc as sa_exc
from werkzeug.exceptions import HTTPException, MethodNotAllowed

from pydotorg.extensions import db, limiter


def wants_json() -> bool:
    return request.path.startswith("/api/")


def api_method_not_allowed(error: MethodNotAllowed) -> Response:
    """python.org's 405 bodies: tastypie's is empty, DRF names the method."""
    if request.path.startswith("/api/v1/"):
        response = Response(b"", status=405)
    else:
        detail = {"detail": f'Method "{request.method}" not allowed.'}
        response = Response(json.dumps(detail), 405, mimetype="application/json")
    for name, value in error.get_headers():
        if name.lower() == "allow":
            response.headers[name] = value
    return response


# Deeper JSON than any API body needs; Python's parser raises RecursionError (a
# 500) somewhere near 1,000 levels.
MAX_JSON_DEPTH = 32


def _bad_json(body: bytes) -> bool:
    """Too deep, or holding a NUL or a lone surrogate (no database stores those).

    Malformed JSON is left to the views, which answer with their own errors.
    """
    if not body.strip():
        return False
    try:
        data = json.loads(body)
    except RecursionError:
        return True
    except ValueError:
        return False
    pending: list[tuple[Any, int]] = [(data, 1)]
    while pending:
        value, depth = pending.pop()
        if isinstance(value, str):
            if "\x00" in value or _SURROGATE.search(value):
                return True
        elif isinstance(value, dict | list):
            if depth > MAX_JSON_DEPTH:
                return True
            items = value.items() if isinstance(value, dict) else enumerate(value)
            for key, item in items:
                pending.append((key, depth))
                pending.append((item, depth + 1))
    return False


_SURROGATE = re.compile("[\ud800-\udfff]")


def reject_bad_input() -> None:
    """404/400 for a NUL byte in the path, query or body, or for a hostile JSON body.

    PostgreSQL refuses NUL bytes in text, and no database stores a lone surrogate.
    """
    if "\x00" in request.path:
        abort(404)
    for key, value in request.args.items(multi=True):
        if "\x00" in key or "\x00" in value:
            abort(400)
    if request.mimetype in ("application/x-www-form-urlencoded", "multipart/form-data"):
        # Parsing enforces MAX_CONTENT_LENGTH first (a 413). File contents may
        # hold any byte; their names and every other field may not hold a NUL.
        for key, value in request.form.items(multi=True):
            if "\x00" in key or "\x00" in value:
                abort(400)
        for key, upload in request.files.items(multi=True):
            if "\x00" in key or "\x00" in (upload.filename or ""):
                abort(400)
    elif request.is_json:
        body = request.get_data(cache=True)
        if b"\x00" in body or _bad_json(body):
            abort(400)


def not_found_cache_control() -> str:
    """python.org caches its 404 page for five minutes. A logged-in visitor's page
    names them in the header, so only their own browser may keep it."""
    if getattr(current_user, "is_authenticated", False):
        return "private, max-age=300"
    return "max-age=300"


def register_error_handlers(app: Flask) -> None:
    app.before_request(reject_bad_input)

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> Any:
        if wants_json() and isinstance(error, MethodNotAllowed):
            return api_method_not_allowed(error)
        if wants_json():
            response = jsonify(error=error.description or error.name)
            response.status_code = error.code or 500
            # Keep Allow (405) and Retry-After (429) from the exception.
            for name, value in error.get_headers():
                if name.lower() != "content-type":
                    response.headers[name] = value
            return response
        if error.code in (403, 404, 405, 413, 429):
            # Keep Allow (405) and Retry-After (429) on the HTML pages too.
            headers = [
                (name, value)
                for name, value in error.get_headers()
                if name.lower() != "content-type"
            ]
            if error.code == 429 and not any(
                name.lower() == "retry-after" for name, _ in headers
            ):
                headers.append(("Retry-After", str(limiter.retry_after())))
            html = render_template(f"errors/{error.code}.html", error=error)
            if error.code == 404:
                headers.append(("Cache-Control", not_found_cache_control()))
            return html, error.code, headers
        return error

    @app.errorhandler(sa_exc.OperationalError)
    @app.errorhandler(sa_exc.InterfaceError)
    def database_unavailable(error: Exception) -> Any:
        """The database is down or unreachable: a 503 that needs no database."""
        app.logger.error("database unavailable: %s", error)
        with contextlib.suppress(sa_exc.SQLAlchemyError):
            db.session.rollback()
        headers = {"Retry-After": "30"}
        if wants_json():
            return jsonify(error="service unavailable"), 503, headers
        # Rendered without context processors (banners query the database) from a
        # standalone template (base.html asks who is logged in: the database again).
        template = app.jinja_env.get_template("errors/503.html")
        return template.render(site_name=app.config["SITE_NAME"]), 503, headers

    @app.errorhandler(500)
    def server_error(error: Exception) -> Any:
        db.session.rollback()
        if wants_json():
            return jsonify(error="internal server error"), 500
        return render_template("errors/500.html"), 500

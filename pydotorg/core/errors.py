"""Error pages (HTML for the site, JSON for the API)."""

from __future__ import annotations

import json
from typing import Any

from flask import Flask, Response, abort, jsonify, render_template, request
from flask_login import current_user
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


def reject_nul_bytes() -> None:
    """404/400 for a NUL byte in the path, query or body: PostgreSQL refuses them in text."""
    if "\x00" in request.path:
        abort(404)
    for key, value in request.args.items(multi=True):
        if "\x00" in key or "\x00" in value:
            abort(400)
    # Plain form and JSON bodies only: multipart uploads are left to the views,
    # whose size checks must run before anything reads the body.
    mimetype = request.mimetype
    if mimetype == "application/x-www-form-urlencoded":
        for key, value in request.form.items(multi=True):
            if "\x00" in key or "\x00" in value:
                abort(400)
    elif mimetype == "application/json":
        body = request.get_data(cache=True)
        if b"\x00" in body or b"\\u0000" in body:
            abort(400)


def not_found_cache_control() -> str:
    """python.org caches its 404 page for five minutes. A logged-in visitor's page
    names them in the header, so only their own browser may keep it."""
    if getattr(current_user, "is_authenticated", False):
        return "private, max-age=300"
    return "max-age=300"


def register_error_handlers(app: Flask) -> None:
    app.before_request(reject_nul_bytes)

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

    @app.errorhandler(500)
    def server_error(error: Exception) -> Any:
        db.session.rollback()
        if wants_json():
            return jsonify(error="internal server error"), 500
        return render_template("errors/500.html"), 500

"""Security headers, the proxy setup, and ``Cache-Control: no-store`` for private pages.

Public pages get a Content-Security-Policy without nonces (``script-src 'self'``): they
load no inline script, so the same bytes can be cached for everyone later. The admin
(``/admin``) is never cached: its script blocks carry Flask-Admin's per-request nonce,
and Flask-Admin's few fixed inline handlers are allowed by hash (``'unsafe-hashes'``);
the handlers whose text varies (list actions, inline "Add") are overridden in
``templates/admin/`` and bound by ``static/admin/handlers.js`` instead.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import Flask, Response, current_app, request
from werkzeug.middleware.proxy_fix import ProxyFix

# Flask-Admin 2.x's fixed inline event handlers, allowed by hash in the admin.
ADMIN_INLINE_HANDLERS = (
    # Row "delete" button (admin/model/row_actions.html).
    "return faHelpers.safeConfirm('Are you sure you want to delete this record?');",
    # Filter menu entries (admin/model/layout.html); its script opens the filter.
    "return false;",
)

PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
)

# Content images may come from anywhere on the web (pages, blogs, sponsor logos).
_COMMON_DIRECTIVES = (
    "default-src 'self'",
    "img-src 'self' https: http: data:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "frame-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "frame-ancestors 'none'",
)

PUBLIC_CSP = "; ".join(
    (
        *_COMMON_DIRECTIVES,
        "script-src 'self'",
        "style-src 'self'",
        # Sanitised content keeps a few style attributes (table alignment, colours;
        # values checked by core.markup); <style> elements stay refused.
        "style-src-attr 'unsafe-inline'",
    )
)

F = TypeVar("F", bound=Callable[..., Any])


def source_hash(text: str) -> str:
    digest = hashlib.sha256(text.encode()).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


def admin_csp(nonce: str) -> str:
    hashes = " ".join(source_hash(handler) for handler in ADMIN_INLINE_HANDLERS)
    return "; ".join(
        (
            *_COMMON_DIRECTIVES,
            f"script-src 'self' 'nonce-{nonce}' 'unsafe-hashes' {hashes}",
            # Flask-Admin's widgets (Select2, x-editable, Bootstrap) write style
            # attributes; styles cannot run code, so the admin allows them.
            "style-src 'self' 'unsafe-inline'",
        )
    )


# Kept in the WSGI environ, not ``g``: ``g`` belongs to the app context, which
# outlives a request wherever one context serves several (tests, CLI).
_NONCE = "pydotorg.csp_nonce"
_NO_STORE = "pydotorg.no_store"


def csp_nonce() -> str:
    """This request's nonce for the admin's script blocks (Flask-Admin calls it)."""
    if _NONCE not in request.environ:
        request.environ[_NONCE] = secrets.token_urlsafe(16)
    return str(request.environ[_NONCE])


def no_store(view: F) -> F:
    """Mark a view whose pages show secrets or account data: never stored by a cache."""

    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        request.environ[_NO_STORE] = True
        return view(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


def is_admin_path(path: str) -> bool:
    return path == "/admin" or path.startswith("/admin/")


def add_security_headers(response: Response) -> Response:
    headers = response.headers
    admin = is_admin_path(request.path)
    if admin:
        headers["Content-Security-Policy"] = admin_csp(csp_nonce())
    else:
        headers.setdefault("Content-Security-Policy", PUBLIC_CSP)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
    headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
    max_age = int(current_app.config["HSTS_MAX_AGE"])
    if request.is_secure and max_age > 0:
        headers.setdefault(
            "Strict-Transport-Security", f"max-age={max_age}; includeSubDomains"
        )
    if admin or request.environ.get(_NO_STORE):
        headers["Cache-Control"] = "no-store"
    return response


def register_security(app: Flask) -> None:
    """Trust ``TRUSTED_PROXY_COUNT`` proxies and add the headers to every response."""
    proxies = int(app.config["TRUSTED_PROXY_COUNT"])
    if proxies > 0:
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies, x_port=proxies
        )
    app.after_request(add_security_headers)

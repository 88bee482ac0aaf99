"""Public pages of the pages domain: the page fallback, media files and the preview.

Pages have no URL rule of their own. Like python.org's fallback middleware, a 404
from routing (no rule matched) is offered to :func:`page_fallback`, which checks the
redirects first and then the pages, so every other route always wins.
"""

from __future__ import annotations

from typing import Any

from flask import (
    Blueprint,
    Response,
    current_app,
    has_request_context,
    jsonify,
    redirect,
    render_template,
    request,
    send_from_directory,
)
from flask_login import current_user
from werkzeug.exceptions import HTTPException, NotFound

from pydotorg.core.markup import content_type_of
from pydotorg.core.permissions import staff_required
from pydotorg.domains.pages.menus import navigation
from pydotorg.domains.pages.services import (
    UNSERVED_PREFIXES,
    PageService,
    normalize_path,
    template_for,
)
from pydotorg.extensions import db

bp = Blueprint("pages", __name__, cli_group="pages")


@bp.app_context_processor
def site_navigation() -> dict[str, Any]:
    """The menus every page shows, for the current path (cached, see menus.py)."""
    if not has_request_context():
        return {}
    return {"nav": navigation(db.session, request.path)}


# Prefixes whose 404s are never pages (JSON API errors, admin, media files).
_NOT_PAGES = tuple(f"/{prefix}/" for prefix in UNSERVED_PREFIXES)


@bp.route("/media/<path:filename>")
def media(filename: str) -> Response:
    """Uploaded page images and documents (``send_from_directory`` refuses ``..``)."""
    response = send_from_directory(current_app.config["MEDIA_ROOT"], filename)
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@bp.route("/admin/pages/preview/", methods=["POST"])
@staff_required
def preview() -> Any:
    """The sanitised HTML of the posted content, exactly as the page will show it."""
    try:
        content_type = content_type_of(request.form.get("content_type", ""))
    except ValueError as error:
        return jsonify(error=str(error)), 400
    html = PageService(db.session).preview(
        request.form.get("content", ""), content_type
    )
    response = Response(str(html), mimetype="text/html")
    response.headers["Cache-Control"] = "no-store"
    return response


def serve_page(path: str) -> Any | None:
    """A redirect or page response for ``path``, or None to fall through to 404."""
    slug = normalize_path(path)
    if not slug:
        return None
    service = PageService(db.session)
    target, page = service.resolve(slug)
    if target:
        return redirect(target, code=301)
    if page is None or not page.visible_to(current_user):
        return None
    if not path.endswith("/"):
        query = request.query_string.decode("latin-1")
        return redirect(f"/{slug}/" + (f"?{query}" if query else ""), code=301)
    draft = not page.is_published
    response = Response(
        render_template(template_for(page.template_name), page=page, is_draft=draft)
    )
    if draft:
        response.headers["Cache-Control"] = "private, no-store"
        response.headers["X-Robots-Tag"] = "noindex"
    return response


def _not_found(error: HTTPException) -> Any:
    """The site's usual 404 (core's HTTPException handler: HTML, or JSON for the API)."""
    handler = current_app.error_handler_spec[None][None].get(HTTPException)
    if handler is not None:
        return handler(error)
    return render_template("errors/404.html", error=error), 404


@bp.app_errorhandler(404)
def page_fallback(error: HTTPException) -> Any:
    """Routing found nothing: try a redirect, then a page, then the 404 page."""
    routed = request.url_rule is not None  # a view's own abort(404) is final
    if (
        not routed
        and request.method in ("GET", "HEAD")
        and not request.path.startswith(_NOT_PAGES)
    ):
        response = serve_page(request.path)
        if response is not None:
            return response
    return _not_found(error if isinstance(error, HTTPException) else NotFound())

"""The banners blueprint: puts the banners shown now into every public page."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, g, has_request_context, request, url_for

from pydotorg.core.response_cache import valid_until_next_day
from pydotorg.core.types import utcnow
from pydotorg.domains.banners.models import Banner, BannerTarget
from pydotorg.domains.banners.services import BannerService
from pydotorg.extensions import db

bp = Blueprint("banners", __name__, cli_group="banners")


def request_banners() -> list[Banner]:
    """The FRONTEND banners for the current page: one query per request, kept on ``g``."""
    if not has_request_context():
        return []
    # The cache remembers its request: tests and CLI code may reuse one app
    # context (and so one ``g``) for several requests.
    current = request._get_current_object()  # type: ignore[attr-defined]
    cached = g.get("_pydotorg_banners")
    if cached is None or cached[0] is not current:
        today = utcnow().date()
        valid_until_next_day(today)  # banners start and end by date
        banners = BannerService(db.session).active_banners(
            BannerTarget.FRONTEND, today, request.path
        )
        cached = g._pydotorg_banners = (current, banners)
    return cached[1]


def _is_admin_page() -> bool:
    # Flask-Admin pages don't extend base.html; they never show banners.
    admin_root = url_for("admin.index")
    return request.path == admin_root.rstrip("/") or request.path.startswith(admin_root)


@bp.app_context_processor
def banner_context() -> dict[str, Any]:
    if not has_request_context() or _is_admin_page():
        return {"site_banners": []}
    return {"site_banners": request_banners()}

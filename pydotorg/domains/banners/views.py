"""The banners blueprint: puts the banners shown now into every public page.

Every page shows the banners, so the ones active today are read once and kept in
memory per process, as the menus are: a banner saved in this process clears them
at once; other processes pick it up within ``BANNER_CACHE_SECONDS`` (0: a query
per request). A page the response cache may store reads them afresh.
"""

from __future__ import annotations

import datetime
import time
from threading import Lock
from typing import Any

from flask import Blueprint, current_app, g, has_request_context, request, url_for
from sqlalchemy import event

from pydotorg.core.response_cache import caching, valid_until_next_day
from pydotorg.core.types import utcnow
from pydotorg.domains.banners.models import Banner, BannerTarget
from pydotorg.domains.banners.services import BannerService, ShownBanner
from pydotorg.extensions import db

bp = Blueprint("banners", __name__, cli_group="banners")

# (target, day) -> (when read, the banners active that day, every scope)
_cache: dict[tuple[BannerTarget, datetime.date], tuple[float, list[ShownBanner]]] = {}
_lock = Lock()


def clear_banner_cache() -> None:
    with _lock:
        _cache.clear()


@event.listens_for(Banner, "after_insert")
@event.listens_for(Banner, "after_update")
@event.listens_for(Banner, "after_delete")
def _banner_changed(*args: Any) -> None:
    clear_banner_cache()


def banners_of_day(target: BannerTarget, today: datetime.date) -> list[ShownBanner]:
    """The banners active on ``today`` for ``target`` on any page, most urgent first."""
    key = (target, today)
    now = time.monotonic()
    with _lock:
        cached = _cache.get(key)
    # A response that may be cached reads afresh: another process may have
    # changed the banners, and the cached page would keep the old ones.
    if (
        not caching()
        and cached is not None
        and now - cached[0] < current_app.config["BANNER_CACHE_SECONDS"]
    ):
        return cached[1]
    shown = BannerService(db.session).shown_banners(target, today)
    with _lock:
        _cache[key] = (now, shown)
    return shown


def request_banners() -> list[ShownBanner]:
    """The FRONTEND banners for the current page, kept on ``g`` for the request."""
    if not has_request_context():
        return []
    # The cache remembers its request: tests and CLI code may reuse one app
    # context (and so one ``g``) for several requests.
    current = request._get_current_object()  # type: ignore[attr-defined]
    cached = g.get("_pydotorg_banners")
    if cached is None or cached[0] is not current:
        today = utcnow().date()
        valid_until_next_day(today)  # banners start and end by date
        path = request.path
        banners = [
            b for b in banners_of_day(BannerTarget.FRONTEND, today) if b.shows_on(path)
        ]
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

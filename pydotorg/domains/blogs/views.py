"""Public pages of the blogs domain: the latest entries of the aggregated feeds."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from flask import Blueprint, render_template

from pydotorg.core.pagination import paginate
from pydotorg.domains.blogs.services import BlogEntryService
from pydotorg.extensions import db

bp = Blueprint("blogs", __name__, url_prefix="/blogs", cli_group="blogs")

ENTRIES_PER_PAGE = 6  # python.org: the newest entry shown large, plus the next 5


@bp.route("/")
def entry_list() -> str:
    page = paginate(BlogEntryService(db.session).latest_statement(), ENTRIES_PER_PAGE)
    return render_template("blogs/list.html", page=page)


def feed_aggregate_entries(slug: str, limit: int = 5) -> list[Any]:
    """Template global: the newest entries of the feed aggregate ``slug``."""
    if not slug:
        return []
    return BlogEntryService(db.session).latest_in_aggregate(slug, limit)


def feed_aggregate_choices() -> list[tuple[str, str]]:
    return BlogEntryService(db.session).aggregate_choices()


bp.add_app_template_global(feed_aggregate_entries, "feed_aggregate_entries")
# Pages choose an aggregate by slug in their admin without importing this domain
# (DECISIONS: no imports between domains): the app carries the lookup.
bp.record_once(
    lambda state: state.app.extensions.__setitem__(
        "feed_aggregates",
        SimpleNamespace(choices=feed_aggregate_choices, entries=feed_aggregate_entries),
    )
)

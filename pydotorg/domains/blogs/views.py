"""Public pages of the blogs domain: the latest entries of the aggregated feeds."""

from __future__ import annotations

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

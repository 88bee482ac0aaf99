"""Public pages of the minutes domain: the list of board minutes and one meeting."""

from __future__ import annotations

from flask import Blueprint, abort, render_template
from flask_login import current_user

from pydotorg.core.admin import is_staff
from pydotorg.core.pagination import paginate
from pydotorg.domains.minutes.services import MinutesService
from pydotorg.extensions import db

bp = Blueprint(
    "minutes", __name__, url_prefix="/psf/records/board/minutes", cli_group="minutes"
)


@bp.route("/")
def minutes_list() -> str:
    staff = is_staff(current_user)
    page = paginate(MinutesService(db.session).listing(include_drafts=staff))
    return render_template("minutes/list.html", page=page)


@bp.route("/<slug>/")
def minutes_detail(slug: str) -> str:
    staff = is_staff(current_user)
    service = MinutesService(db.session)
    minutes = service.get_by_slug(slug, include_drafts=staff)
    if minutes is None:
        abort(404)
    same_year = service.same_year(minutes, include_drafts=staff)
    return render_template("minutes/detail.html", minutes=minutes, same_year=same_year)

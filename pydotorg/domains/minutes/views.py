"""Public pages of the minutes domain: the list of board minutes, one meeting, the feed."""

from __future__ import annotations

from flask import Blueprint, Response, abort, render_template, url_for
from flask_login import current_user

from pydotorg.core.feeds import Feed, FeedItem, midnight, rss_response
from pydotorg.core.pagination import paginate
from pydotorg.domains.minutes.services import MinutesService
from pydotorg.extensions import db

bp = Blueprint(
    "minutes", __name__, url_prefix="/psf/records/board/minutes", cli_group="minutes"
)

FEED_SIZE = 20


@bp.route("/")
def minutes_list() -> str:
    page = paginate(MinutesService(db.session).listing(viewer=current_user))
    return render_template("minutes/list.html", page=page)


@bp.get("/feed/")
def minutes_feed() -> Response:
    """RSS 2.0: the 20 latest published minutes, dated at midnight of the meeting."""
    latest = db.session.scalars(MinutesService(db.session).listing().limit(FEED_SIZE))
    items = [
        FeedItem(
            title=f"PSF Meeting Minutes for {minutes.date.isoformat()}",
            link=url_for("minutes.minutes_detail", slug=minutes.slug, _external=True),
            description=minutes.content_rendered,
            pub_date=midnight(minutes.date),
        )
        for minutes in latest
    ]
    return rss_response(
        Feed(
            title="PSF Board Meeting Minutes Feed",
            link=url_for("minutes.minutes_list", _external=True),
            description="PSF Board Meeting Minutes",
            items=items,
        )
    )


@bp.route("/<slug>/")
def minutes_detail(slug: str) -> str:
    service = MinutesService(db.session)
    minutes = service.get_by_slug(slug, viewer=current_user)
    if minutes is None:
        abort(404)
    same_year = service.same_year(minutes, viewer=current_user)
    return render_template("minutes/detail.html", minutes=minutes, same_year=same_year)

"""Public pages of the successstories domain: published stories and categories."""

from __future__ import annotations

from flask import Blueprint, abort, render_template
from flask_login import current_user

from pydotorg.core.pagination import paginate
from pydotorg.core.permissions import is_staff
from pydotorg.domains.successstories.services import StoryService
from pydotorg.extensions import db

bp = Blueprint(
    "successstories",
    __name__,
    url_prefix="/success-stories",
    cli_group="successstories",
)


@bp.get("/")
def story_list() -> str:
    service = StoryService(db.session)
    return render_template(
        "successstories/list.html",
        page=paginate(service.published_query()),
        categories=service.categories(),
        category=None,
    )


@bp.get("/category/<slug>/")
def category(slug: str) -> str:
    service = StoryService(db.session)
    chosen = service.category_by_slug(slug) or abort(404)
    return render_template(
        "successstories/list.html",
        page=paginate(service.published_query(chosen)),
        categories=service.categories(),
        category=chosen,
    )


@bp.get("/<slug>/")
def detail(slug: str) -> str:
    service = StoryService(db.session)
    story = service.get_visible(slug, staff=is_staff(current_user)) or abort(404)
    return render_template("successstories/detail.html", story=story)

"""Public pages of the community domain: published posts only."""

from __future__ import annotations

from flask import Blueprint, abort, render_template

from pydotorg.core.pagination import paginate
from pydotorg.domains.community.services import PostService
from pydotorg.extensions import db

bp = Blueprint("community", __name__, url_prefix="/community", cli_group="community")


@bp.get("/")
def post_list() -> str:
    page = paginate(PostService(db.session).published_query(), per_page=25)
    return render_template("community/list.html", page=page)


@bp.get("/<slug>/")
def post_detail(slug: str) -> str:
    post = PostService(db.session).get_published(slug) or abort(404)
    return render_template("community/detail.html", post=post)

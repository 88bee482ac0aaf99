"""Public pages of the successstories domain: published stories, categories, submitting."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from pydotorg.core.forms import form_action
from pydotorg.core.pagination import paginate
from pydotorg.domains.successstories.forms import FIELDS, StoryForm
from pydotorg.domains.successstories.services import StoryService
from pydotorg.extensions import db, limiter

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
    story = service.get_visible(slug, viewer=current_user) or abort(404)
    return render_template("successstories/detail.html", story=story)


SUBMIT_LIMIT = "10 per hour"


@bp.route("/create/", methods=["GET", "POST"])
@limiter.limit(SUBMIT_LIMIT, methods=["POST"])
@login_required
def create() -> str | Response:
    """Visitors submit a story; it waits unpublished until staff review it."""
    service = StoryService(db.session)
    form = StoryForm()
    categories = service.categories()
    form.category.choices = [(str(c.id), c.name) for c in categories]
    if request.method == "GET" and current_user.email:
        form.author_email.data = form.author_email.data or current_user.email
    if form.validate_on_submit():
        chosen = {str(c.id): c for c in categories}[form.category.data]
        with form_action(form) as done:
            service.submit(
                by=current_user._get_current_object(),
                category=chosen,
                **{name: (getattr(form, name).data or "").strip() for name in FIELDS},
            )
        if done.ok:
            flash(
                "Thank you! Your story was sent to the PSF staff, who will review it "
                "before it is published.",
                "success",
            )
            return redirect(url_for("successstories.story_list"))
    return render_template("successstories/create.html", form=form)

"""Pages of the jobs domain: the board and its filters, one job, and posting a job
(create, preview, edit, submit for review, "my jobs", review comments)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import Select
from werkzeug.wrappers import Response

from pydotorg.core.forms import EmptyForm, form_action, safe_next
from pydotorg.core.pagination import paginate
from pydotorg.core.permissions import PermissionDenied
from pydotorg.core.security import no_store
from pydotorg.domains.jobs.feeds import job_feed
from pydotorg.domains.jobs.forms import JobForm, ReviewCommentForm
from pydotorg.domains.jobs.models import Job, JobCategory, JobType
from pydotorg.domains.jobs.services import (
    TELECOMMUTE_SLUG,
    JobError,
    JobLocation,
    JobReviewCommentService,
    JobService,
    today,
)
from pydotorg.domains.jobs.structured_data import job_structured_data
from pydotorg.extensions import db

bp = Blueprint("jobs", __name__, url_prefix="/jobs", cli_group="jobs")

JOBS_PER_PAGE = 25


LOGIN_TO_POST = "Please login to create a job posting."


def jobs() -> JobService:
    return JobService(db.session)


def viewer() -> Any:
    return current_user._get_current_object()


def render_board(
    statement: Select[Any],
    *,
    heading: str = "",
    endpoint: str = "jobs.job_list",
    places: tuple[list[JobLocation], bool] | None = None,
    **endpoint_args: Any,
) -> str:
    """One page of ``statement`` with the sidebar of types, categories, locations."""
    service = jobs()
    locations, has_remote = places or service.places()
    types, categories = service.board_filters()
    return render_template(
        "jobs/list.html",
        page=paginate(statement, JOBS_PER_PAGE),
        heading=heading,
        endpoint=endpoint,
        endpoint_args=endpoint_args,
        types=types,
        categories=categories,
        locations=locations,
        has_remote=has_remote,
        telecommute_slug=TELECOMMUTE_SLUG,
    )


@bp.route("/")
def job_list() -> str:
    return render_board(jobs().visible_statement())


@bp.get("/type/<slug>/")
def jobs_by_type(slug: str) -> str:
    service = jobs()
    job_type = service.type_by_slug(slug) or abort(404)
    return render_board(
        service.visible_of_type(job_type),
        heading=f"{job_type.name} jobs",
        endpoint="jobs.jobs_by_type",
        slug=slug,
    )


@bp.get("/category/<slug>/")
def jobs_by_category(slug: str) -> str:
    service = jobs()
    category = service.category_by_slug(slug) or abort(404)
    return render_board(
        service.visible_in_category(category),
        heading=f"{category.name} jobs",
        endpoint="jobs.jobs_by_category",
        slug=slug,
    )


@bp.get("/location/<slug>/")
def jobs_by_location(slug: str) -> str:
    service = jobs()
    places = service.places()
    if slug == TELECOMMUTE_SLUG:
        heading = "Remote jobs"
    else:
        place = next((p for p in places[0] if p.slug == slug), None)
        if place is None:
            abort(404)  # no visible job is there
        heading = f"Jobs in {place.name}"
    return render_board(
        service.visible_in_location(slug, places[0]),
        heading=heading,
        endpoint="jobs.jobs_by_location",
        places=places,
        slug=slug,
    )


@bp.get("/types/")
def job_types() -> str:
    return render_template(
        "jobs/index.html", kind="types", rows=jobs().types_with_jobs()
    )


@bp.get("/categories/")
def job_categories() -> str:
    return render_template(
        "jobs/index.html", kind="categories", rows=jobs().categories_with_jobs()
    )


@bp.get("/locations/")
def job_locations() -> str:
    places, remote = jobs().locations_with_jobs()
    return render_template(
        "jobs/index.html",
        kind="locations",
        rows=places,
        remote=remote,
        telecommute_slug=TELECOMMUTE_SLUG,
    )


def job_or_404(slug: str) -> Job:
    """The job if the viewer may see it: a hidden job of someone else is a 404."""
    job = jobs().get_for_viewer(slug, current_user)
    if job is None:
        abort(404)
    return job


def render_job(job: Job, comment_form: ReviewCommentForm | None = None) -> str:
    can_manage = JobService.can_manage(job, current_user)
    if can_manage and comment_form is None:
        comment_form = ReviewCommentForm()
    public = job.is_visible(today())
    return render_template(
        "jobs/detail.html",
        job=job,
        structured_data=job_structured_data(job, request.path) if public else None,
        can_manage=can_manage,
        can_edit=JobService.can_edit(job, current_user),
        can_preview=JobService.can_preview(job, current_user),
        comment_form=comment_form,
    )


@bp.route("/<slug>/")
def job_detail(slug: str) -> str:
    return render_job(job_or_404(slug))


# -- posting a job -----------------------------------------------------------------


def job_form() -> tuple[JobForm, list[JobType], list[JobCategory]]:
    service = jobs()
    job_types, categories = service.active_types(), service.active_categories()
    form = JobForm()
    form.set_choices(job_types, categories)
    return form, job_types, categories


def chosen(
    form: JobForm, job_types: list[JobType], categories: list[JobCategory]
) -> dict[str, Any]:
    """The rows picked in the form (the choices were exactly these rows)."""
    types_by_id = {str(t.id): t for t in job_types}
    categories_by_id = {str(c.id): c for c in categories}
    return {
        "job_types": [types_by_id[i] for i in form.job_types.data or ()],
        "category": categories_by_id.get(form.category.data or ""),
    }


@bp.route("/create/", methods=["GET", "POST"])
@no_store
def job_create() -> str | Response:
    if not current_user.is_authenticated:
        flash(LOGIN_TO_POST, "info")
        return redirect(url_for("users.login", next=request.path))
    form, job_types, categories = job_form()
    if form.validate_on_submit():
        with form_action(form) as done:
            job = jobs().create(
                by=viewer(), **chosen(form, job_types, categories), **form.job_fields()
            )
        if done.ok:
            flash(
                "Your job posting was saved as a draft. Check the preview, then "
                "submit it for review.",
                "success",
            )
            return redirect(url_for("jobs.job_preview", slug=job.slug))
    return render_template("jobs/form.html", form=form, job=None)


@bp.route("/<slug>/edit/", methods=["GET", "POST"])
@no_store
@login_required
def job_edit(slug: str) -> str | Response:
    service = jobs()
    job = job_or_404(slug)
    if JobService.is_owner(job, current_user) and not service.can_preview(
        job, current_user
    ):
        abort(404)  # published: python.org's owner queryset no longer has it
    try:
        service.check_can_edit(job, viewer())
    except PermissionDenied:
        abort(403)
    except JobError as error:
        flash(str(error), "error")
        return redirect(url_for("jobs.job_detail", slug=job.slug))
    form, job_types, categories = job_form()
    if request.method == "GET":
        form.fill_from(job)
    if form.validate_on_submit():
        with form_action(form) as done:
            service.update(
                job,
                by=viewer(),
                **chosen(form, job_types, categories),
                **form.job_fields(),
            )
        if done.ok:
            flash("Your changes were saved.", "success")
            preview = url_for("jobs.job_preview", slug=job.slug)
            return redirect(safe_next(request.args.get("next") or preview))
    return render_template("jobs/form.html", form=form, job=job)


@bp.route("/<slug>/preview/", methods=["GET", "POST"])
@no_store
@login_required
def job_preview(slug: str) -> str | Response:
    """The job as the public will see it; POST ``action=review`` submits it."""
    job = job_or_404(slug)
    if not JobService.can_manage(job, current_user):
        abort(403)
    if not JobService.can_preview(job, current_user):
        abort(404)  # the owner's job is published (or withdrawn): as python.org
    form = EmptyForm()
    if form.validate_on_submit():
        if request.form.get("action") != "review":
            abort(400)
        with form_action() as done:
            jobs().submit(job, by=viewer())
        if not done.ok:
            return redirect(url_for("jobs.job_preview", slug=job.slug))
        flash(
            "Thank you! Your job posting was submitted for review; we will email "
            "you when it is approved.",
            "success",
        )
        return redirect(url_for("jobs.job_mine"))
    return render_template(
        "jobs/preview.html",
        job=job,
        form=form,
        can_submit=JobService.can_submit(job),
        can_edit=JobService.can_edit(job, current_user),
    )


@bp.get("/mine/")
@no_store
@login_required
def job_mine() -> str:
    page = paginate(jobs().mine_statement(current_user), JOBS_PER_PAGE)
    return render_template(
        "jobs/mine.html",
        page=page,
        can_edit=JobService.can_edit,
        can_preview=JobService.can_preview,
        withdraw_form=EmptyForm(),
    )


@bp.post("/<slug>/remove/")
@login_required
def job_remove(slug: str) -> Response:
    """The owner withdraws their job (python.org's "remove"); it is archived."""
    service = jobs()
    job = service.owned_by(slug, current_user) or abort(404)
    if not EmptyForm().validate_on_submit():
        abort(400)
    with form_action() as done:
        service.withdraw(job, by=viewer())
    if done.ok:
        flash(f"Your job posting “{job}” was withdrawn.", "success")
    return redirect(url_for("jobs.job_mine"))


@bp.post("/<slug>/comment/")
@login_required
def job_comment(slug: str) -> str | Response:
    job = job_or_404(slug)
    if not JobService.can_manage(job, current_user):
        abort(403)
    form = ReviewCommentForm()
    if form.validate_on_submit():
        with form_action(form) as done:
            JobReviewCommentService(db.session).add(
                job, by=viewer(), comment=form.comment.data
            )
        if done.ok:
            flash("Your comment was added.", "success")
            return redirect(url_for("jobs.job_detail", slug=job.slug) + "#comments")
    return render_job(job, comment_form=form)


# python.org's address for the jobs feed (aggregators poll it).
bp.add_url_rule("/feed/rss/", "job_feed", job_feed)

"""Public pages of the jobs domain: the board and one job."""

from __future__ import annotations

from flask import Blueprint, abort, render_template
from flask_login import current_user

from pydotorg.core.pagination import paginate
from pydotorg.domains.jobs.feeds import job_feed
from pydotorg.domains.jobs.services import JobService
from pydotorg.extensions import db

bp = Blueprint("jobs", __name__, url_prefix="/jobs", cli_group="jobs")

JOBS_PER_PAGE = 25


@bp.route("/")
def job_list() -> str:
    page = paginate(JobService(db.session).visible_statement(), JOBS_PER_PAGE)
    return render_template("jobs/list.html", page=page)


@bp.route("/<slug>/")
def job_detail(slug: str) -> str:
    job = JobService(db.session).get_for_viewer(slug, current_user)
    if job is None:
        abort(404)
    return render_template("jobs/detail.html", job=job)


# python.org's address for the jobs feed (aggregators poll it).
bp.add_url_rule("/feed/rss/", "job_feed", job_feed)

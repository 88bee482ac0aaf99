"""Public pages of the work_groups domain: the active PSF work groups."""

from __future__ import annotations

from flask import Blueprint, abort, render_template
from flask_login import current_user

from pydotorg.core.pagination import paginate
from pydotorg.domains.work_groups.services import WorkGroupService
from pydotorg.extensions import db

bp = Blueprint(
    "work_groups", __name__, url_prefix="/psf/workgroups", cli_group="work_groups"
)


@bp.route("/")
def work_group_list() -> str:
    service = WorkGroupService(db.session)
    page = paginate(service.listing(viewer=current_user))
    return render_template("work_groups/list.html", page=page)


@bp.route("/<slug>/")
def work_group_detail(slug: str) -> str:
    service = WorkGroupService(db.session)
    group = service.get_by_slug(slug, viewer=current_user)
    if group is None:
        abort(404)
    return render_template("work_groups/detail.html", group=group)

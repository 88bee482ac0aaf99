"""Public pages of the nominations domain: elections and their nominees."""

from __future__ import annotations

from flask import Blueprint, abort, render_template

from pydotorg.domains.nominations.services import ElectionService
from pydotorg.extensions import db

bp = Blueprint(
    "nominations", __name__, url_prefix="/nominations", cli_group="nominations"
)


@bp.get("/")
def election_list() -> str:
    return render_template(
        "nominations/list.html", elections=ElectionService(db.session).all()
    )


@bp.get("/<slug>/")
def election_detail(slug: str) -> str:
    service = ElectionService(db.session)
    election = service.get_by_slug(slug) or abort(404)
    return render_template(
        "nominations/election.html",
        election=election,
        nominees=service.public_nominees(election),
    )

"""Public pages of the sponsors domain: the current sponsors by level."""

from __future__ import annotations

from itertools import groupby

from flask import Blueprint, render_template

from pydotorg.domains.sponsors.services import SponsorshipService
from pydotorg.extensions import db

bp = Blueprint("sponsors", __name__, url_prefix="/sponsors", cli_group="sponsors")


@bp.get("/")
def sponsor_list() -> str:
    sponsorships = SponsorshipService(db.session).current_sponsorships()
    # Already ordered by level, so groupby gives one group per level.
    levels = [
        (level, list(group))
        for level, group in groupby(sponsorships, key=lambda s: s.level)
    ]
    return render_template("sponsors/list.html", levels=levels)

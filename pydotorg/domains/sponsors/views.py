"""Public pages of the sponsors domain: current sponsors and the application form."""

from __future__ import annotations

import uuid
from itertools import groupby
from typing import TypeVar

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from pydotorg.core.forms import form_action
from pydotorg.core.security import no_store
from pydotorg.domains.sponsors.forms import NEW_SPONSOR, SponsorshipApplicationForm
from pydotorg.domains.sponsors.models import Sponsor, SponsorshipLevel
from pydotorg.domains.sponsors.services import (
    SponsorshipService,
    notification_recipients,
)
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


T = TypeVar("T", Sponsor, SponsorshipLevel)


def _pick(choices: list[T], raw: str | None) -> T | None:
    """The chosen row among those offered (ids come back from the form as text)."""
    return next((item for item in choices if str(item.id) == raw), None)


@bp.route("/application/", methods=["GET", "POST"])
@no_store
@login_required
def application() -> str | Response:
    service = SponsorshipService(db.session)
    levels = service.application_levels()
    sponsors = service.managed_sponsors(current_user)
    # ``?sponsor=<id>`` fills the form with a sponsor the user applied for before.
    prefill = (
        _pick(sponsors, request.args.get("sponsor"))
        if request.method == "GET"
        else None
    )
    form = SponsorshipApplicationForm(obj=prefill)
    form.set_choices(levels, sponsors)
    if prefill is not None:
        form.sponsor_id.data = str(prefill.id)
    if form.validate_on_submit():
        with form_action(form) as done:
            sponsorship = service.submit_application(
                current_user,
                level=_pick(levels, form.level_id.data),
                sponsor=(
                    None
                    if form.sponsor_id.data == NEW_SPONSOR
                    else _pick(sponsors, form.sponsor_id.data)
                ),
                details=form.sponsor_details(),
                logo=form.web_logo.data,
            )
        if done.ok:
            return redirect(
                url_for("sponsors.application_finished", sponsorship_id=sponsorship.id)
            )
    return render_template(
        "sponsors/application.html", form=form, has_levels=bool(levels)
    )


@bp.get("/application/<uuid:sponsorship_id>/finished/")
@no_store
@login_required
def application_finished(sponsorship_id: uuid.UUID) -> str:
    sponsorship = SponsorshipService(db.session).application_for(
        sponsorship_id, current_user
    )
    if sponsorship is None:
        abort(404)
    return render_template(
        "sponsors/application_finished.html",
        sponsorship=sponsorship,
        notified=notification_recipients(sponsorship),
    )

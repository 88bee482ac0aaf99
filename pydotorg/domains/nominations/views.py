"""Public pages of the nominations domain: elections, nominees, nominating, accepting."""

from __future__ import annotations

import uuid
from typing import Any

from flask import (
    Blueprint,
    abort,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from pydotorg.core.forms import form_action
from pydotorg.core.markup import ContentType, render
from pydotorg.core.security import no_store
from pydotorg.domains.nominations.forms import (
    STATEMENT_MAX_LENGTH,
    AcceptForm,
    NominationEditForm,
    NominationForm,
)
from pydotorg.domains.nominations.models import Election, Nomination
from pydotorg.domains.nominations.services import (
    ElectionService,
    NominationService,
    NomineeService,
    not_open_message,
)
from pydotorg.extensions import db

bp = Blueprint(
    "nominations", __name__, url_prefix="/nominations", cli_group="nominations"
)


def _election(slug: str) -> Election:
    return ElectionService(db.session).get_by_slug(slug) or abort(404)


def _nomination(election: Election, nomination_id: uuid.UUID) -> Nomination:
    return NominationService(db.session).get(election, nomination_id) or abort(404)


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


@bp.route("/<slug>/create/", methods=["GET", "POST"])
@no_store
@login_required
def nomination_create(slug: str) -> str | Response:
    election = _election(slug)
    if not election.nominations_are_open:
        flash(not_open_message(election), "error")
        return redirect(url_for("nominations.election_detail", slug=election.slug))
    form = NominationForm()
    if form.validate_on_submit():
        with form_action(form) as done:
            nomination = NominationService(db.session).nominate(
                election,
                nominator=current_user,
                email=form.email.data,
                coc_acknowledged=form.coc_acknowledged.data,
                name=(form.name.data or "").strip(),
                employer=(form.employer.data or "").strip(),
                other_affiliations=(form.other_affiliations.data or "").strip(),
                previous_board_service=(form.previous_board_service.data or "").strip(),
                nomination_statement=form.nomination_statement.data,
            )
        if done.ok:
            flash(f"Thank you: {nomination.name} has been nominated.", "success")
            return redirect(
                url_for(
                    "nominations.nomination_detail",
                    slug=election.slug,
                    nomination_id=nomination.id,
                )
            )
    return render_template("nominations/create.html", election=election, form=form)


@bp.post("/statement-preview/")
@login_required
def statement_preview() -> Any:
    """The statement's HTML exactly as the nomination page will show it (JSON)."""
    payload = request.get_json(silent=True) if request.is_json else request.form
    text = (payload or {}).get("nomination_statement", "")
    if not isinstance(text, str):
        return jsonify(error="nomination_statement must be a string."), 400
    if len(text) > STATEMENT_MAX_LENGTH:
        return jsonify(
            error=f"The statement is longer than {STATEMENT_MAX_LENGTH} characters."
        ), 400
    response = jsonify(html=str(render(text, ContentType.MARKDOWN)))
    response.headers["Cache-Control"] = "no-store"
    return response


def all_my_nominations() -> str:
    """/users/nominations/: the user's nominations in every election, newest first."""
    service = NominationService(db.session)
    return render_template(
        "nominations/all_mine.html",
        groups=service.all_for_user(current_user),
        editable=service.editable,
        accept_form=AcceptForm(),
    )


# Under /users/ as on python.org; the view stays in this domain (users imports none).
bp.record_once(
    lambda state: state.app.add_url_rule(
        "/users/nominations/",
        "nominations.all_mine",
        login_required(all_my_nominations),
    )
)


@bp.get("/<slug>/mine/")
@no_store
@login_required
def my_nominations(slug: str) -> str:
    election = _election(slug)
    nominations = NominationService(db.session).for_user(election, current_user)
    return render_template(
        "nominations/mine.html",
        election=election,
        nominations=nominations,
        accept_form=AcceptForm(),
    )


@bp.get("/<slug>/<uuid:nomination_id>/")
def nomination_detail(slug: str, nomination_id: uuid.UUID) -> str:
    election = _election(slug)
    nomination = _nomination(election, nomination_id)
    if not NominationService.visible(nomination, current_user):
        abort(404)
    return render_template(
        "nominations/nomination.html",
        election=election,
        nomination=nomination,
        accept_form=AcceptForm(),
        can_edit=NominationService.editable(nomination, current_user),
    )


@bp.route("/<slug>/<uuid:nomination_id>/edit/", methods=["GET", "POST"])
@login_required
def nomination_edit(slug: str, nomination_id: uuid.UUID) -> str | Response:
    election = _election(slug)
    nomination = _nomination(election, nomination_id)
    if current_user.id not in (nomination.nominator_id, nomination.nominee.user_id):
        abort(403)
    detail = url_for(
        "nominations.nomination_detail", slug=election.slug, nomination_id=nomination.id
    )
    service = NominationService(db.session)
    if not service.editable(nomination, current_user):
        flash(
            "This nomination can no longer be edited: nominations are closed, or "
            "the nominee has accepted it.",
            "error",
        )
        return redirect(detail)
    form = NominationEditForm(obj=nomination)
    if form.validate_on_submit():
        with form_action(form) as done:
            service.update(
                nomination,
                by=current_user,
                name=(form.name.data or "").strip() or nomination.name,
                employer=(form.employer.data or "").strip(),
                other_affiliations=(form.other_affiliations.data or "").strip(),
                previous_board_service=(form.previous_board_service.data or "").strip(),
                nomination_statement=form.nomination_statement.data,
            )
        if done.ok:
            flash("Your changes to the nomination were saved.", "success")
            return redirect(detail)
    return render_template(
        "nominations/edit.html", election=election, nomination=nomination, form=form
    )


@bp.route("/<slug>/<uuid:nomination_id>/accept/", methods=["GET", "POST"])
@no_store
@login_required
def nomination_accept(slug: str, nomination_id: uuid.UUID) -> str | Response:
    election = _election(slug)
    nomination = _nomination(election, nomination_id)
    if nomination.nominee.user_id != current_user.id:
        abort(403)
    form = AcceptForm()
    if form.validate_on_submit():
        with form_action(form) as done:
            NomineeService(db.session).accept_nomination(nomination, by=current_user)
        if done.ok:
            flash(
                f"You accepted your nomination for {election.name}. "
                "PSF staff will review it before it is published.",
                "success",
            )
            return redirect(url_for("nominations.my_nominations", slug=election.slug))
    return render_template(
        "nominations/accept.html", election=election, nomination=nomination, form=form
    )

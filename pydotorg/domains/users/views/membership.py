"""PSF Basic membership: sign-up, changes, vote affirmation, cancellation."""

from __future__ import annotations

from typing import Any

from flask import (
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from pydotorg.core.forms import EmptyForm, form_action
from pydotorg.core.permissions import PermissionDenied
from pydotorg.core.security import no_store
from pydotorg.domains.users.forms import (
    MembershipForm,
    MembershipUpdateForm,
)
from pydotorg.domains.users.models import (
    Membership,
)
from pydotorg.domains.users.services.membership import (
    MembershipService,
)
from pydotorg.domains.users.views import bp
from pydotorg.extensions import db

# -- membership ------------------------------------------------------------------


def own_membership_or_404() -> Membership:
    membership = MembershipService(db.session).for_user(current_user)
    if membership is None:
        abort(404)
    return membership


def posted_membership() -> Membership:
    """The user's membership, for a button's POST (400 without a valid CSRF token)."""
    membership = own_membership_or_404()
    if not EmptyForm().validate_on_submit():
        abort(400)
    return membership


def membership_fields(form: MembershipUpdateForm) -> dict[str, Any]:
    names = (
        "legal_name", "preferred_name", "email_address", "city", "region", "country",
        "postal_code",
    )  # fmt: skip
    fields: dict[str, Any] = {name: getattr(form, name).data.strip() for name in names}
    fields["psf_announcements"] = form.psf_announcements.data
    return fields


@bp.route("/users/membership/", methods=["GET", "POST"])
@no_store
@login_required
def membership_create() -> str | Response:
    service = MembershipService(db.session)
    if service.for_user(current_user) is not None:
        return redirect(url_for("users.membership_edit"))
    form = MembershipForm()
    if request.method == "GET":
        form.email_address.data = current_user.email
    if form.validate_on_submit():
        with form_action(form) as done:
            service.create(
                current_user._get_current_object(),
                psf_code_of_conduct=form.psf_code_of_conduct.data,
                **membership_fields(form),
            )
        if done.ok:
            flash("Thank you for becoming a PSF Basic member!", "success")
            return redirect(url_for("users.membership_edit"))
    return render_template("users/membership_form.html", form=form, creating=True)


@bp.route("/users/membership/edit/", methods=["GET", "POST"])
@no_store
@login_required
def membership_edit() -> str | Response:
    membership = own_membership_or_404()  # python.org: nothing to edit is a 404
    form = MembershipUpdateForm(obj=membership)
    if form.validate_on_submit():
        MembershipService(db.session).update(
            membership, by=current_user, **membership_fields(form)
        )
        db.session.commit()
        flash("Your membership has been updated.", "success")
        return redirect(url_for("users.membership_edit"))
    return render_template(
        "users/membership_form.html",
        form=form,
        creating=False,
        membership=membership,
        needs_affirmation=MembershipService.needs_vote_affirmation(membership),
        action_form=EmptyForm(),
    )


@bp.route("/users/membership/affirm/", methods=["POST"])
@login_required
def membership_affirm() -> Response:
    membership = posted_membership()
    MembershipService(db.session).affirm_vote(membership, by=current_user)
    db.session.commit()
    flash("Thank you: your intention to vote is affirmed.", "success")
    return redirect(url_for("users.membership_edit"))


@bp.route("/users/membership/delete/", methods=["POST"])
@login_required
def membership_delete() -> Response:
    membership = posted_membership()
    try:
        MembershipService(db.session).delete(membership, by=current_user)
    except PermissionDenied:
        abort(403)
    db.session.commit()
    flash("Your PSF membership has been cancelled.", "info")
    return redirect(url_for("users.profile", username=current_user.username))

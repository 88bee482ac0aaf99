"""Public profiles, editing one's own, deactivation."""

from __future__ import annotations

from flask import (
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user, login_required, logout_user
from werkzeug.wrappers import Response

from pydotorg.core.security import no_store
from pydotorg.domains.users.forms import (
    DeactivateForm,
    ProfileForm,
)
from pydotorg.domains.users.models import (
    EmailPrivacy,
    SearchVisibility,
)
from pydotorg.domains.users.services.accounts import (
    UserService,
)
from pydotorg.domains.users.services.membership import (
    MembershipService,
)
from pydotorg.domains.users.views import bp, users
from pydotorg.extensions import db

# -- profiles --------------------------------------------------------------------


@bp.route("/users/edit/", methods=["GET", "POST"])
@no_store
@login_required
def profile_edit() -> str | Response:
    user = current_user._get_current_object()
    form = ProfileForm(obj=user)
    if request.method == "GET":
        form.search_visibility.data = user.search_visibility.name
        form.email_privacy.data = user.email_privacy.name
    if form.validate_on_submit():
        users().update_profile(
            user,
            first_name=form.first_name.data.strip(),
            last_name=form.last_name.data.strip(),
            bio=form.bio.data,
            public_profile=form.public_profile.data,
            search_visibility=SearchVisibility[form.search_visibility.data],
            email_privacy=EmailPrivacy[form.email_privacy.data],
        )
        db.session.commit()
        flash("Your profile has been updated.", "success")
        return redirect(url_for("users.profile", username=user.username))
    return render_template(
        "users/profile_edit.html", form=form, deactivate_form=DeactivateForm()
    )


@bp.route("/users/<username>/")
def profile(username: str) -> str:
    viewer = current_user._get_current_object()
    user = users().visible_profile(username, viewer)
    if user is None:
        abort(404)
    is_owner = viewer.is_authenticated and viewer.id == user.id
    return render_template(
        "users/profile.html",
        profile=user,
        is_owner=is_owner,
        show_email=UserService.email_visible_to(user, viewer),
        needs_affirmation=bool(
            is_owner
            and user.membership
            and MembershipService.needs_vote_affirmation(user.membership)
        ),
    )


@bp.route("/users/<username>/delete/", methods=["POST"])
@login_required
def deactivate(username: str) -> Response:
    user = current_user._get_current_object()
    if username.lower() != user.username.lower():
        abort(403)
    form = DeactivateForm()
    if not form.validate_on_submit():
        flash("Tick the confirmation box to deactivate your account.", "error")
        return redirect(url_for("users.profile_edit"))
    users().deactivate(user, by=user)
    db.session.commit()
    logout_user()
    flash("Your account has been deactivated.", "info")
    return redirect(url_for("home"))

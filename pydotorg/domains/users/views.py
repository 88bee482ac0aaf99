"""Account pages: log in and log out."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user, logout_user
from werkzeug.wrappers import Response

from pydotorg.domains.users.forms import LoginForm
from pydotorg.domains.users.models import User
from pydotorg.domains.users.services import AuthenticationError, UserService
from pydotorg.extensions import db, login_manager

bp = Blueprint("users", __name__, cli_group="users")


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    user = db.session.get(User, user_id)
    return user if user is not None and user.is_active else None


def safe_next(target: str | None) -> str:
    """Only same-site relative paths are followed after login."""
    if not target:
        return url_for("home")
    parts = urlsplit(target)
    if (
        parts.scheme
        or parts.netloc
        or not target.startswith("/")
        or target.startswith("//")
    ):
        return url_for("home")
    return target


@bp.route("/accounts/login/", methods=["GET", "POST"])
def login() -> str | Response:
    if current_user.is_authenticated:
        return redirect(safe_next(request.args.get("next")))
    form = LoginForm()
    if form.validate_on_submit():
        try:
            user = UserService(db.session).authenticate(
                form.username.data, form.password.data
            )
        except AuthenticationError as error:
            db.session.rollback()
            form.form_errors.append(str(error))
        else:
            db.session.commit()
            login_user(user)
            return redirect(safe_next(request.args.get("next")))
    return render_template("users/login.html", form=form)


@bp.route("/accounts/logout/", methods=["POST"])
@login_required
def logout() -> Response:
    logout_user()
    flash("You have been logged out.", "info")
    return redirect(url_for("home"))

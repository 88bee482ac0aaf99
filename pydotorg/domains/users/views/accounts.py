"""Logging in and out, sign-up and email verification, passwords, GitHub login."""

from __future__ import annotations

from typing import Any

from flask import (
    abort,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_required, login_user, logout_user
from werkzeug.wrappers import Response

from pydotorg.core.forms import EmptyForm, form_action, safe_next
from pydotorg.core.security import no_store
from pydotorg.domains.users import oauth
from pydotorg.domains.users.forms import (
    EmailForm,
    LoginForm,
    PasswordChangeForm,
    SetPasswordForm,
    SignupForm,
)
from pydotorg.domains.users.services.accounts import (
    AuthenticationError,
    TokenError,
)
from pydotorg.domains.users.views import MAIL_FORM_LIMIT, bp, users
from pydotorg.domains.users.views.api_keys import API_KEY_NONCES
from pydotorg.extensions import db, limiter

OAUTH_STATE_KEY = "github_oauth_state"
OAUTH_NEXT_KEY = "github_oauth_next"


# -- logging in and out ----------------------------------------------------------


@bp.route("/accounts/login/", methods=["GET", "POST"])
@no_store
def login() -> str | Response:
    if current_user.is_authenticated:
        return redirect(safe_next(request.args.get("next")))
    form = LoginForm()
    unverified = False
    if form.validate_on_submit():
        try:
            user = users().login(
                form.username.data, form.password.data, address=request.remote_addr
            )
        except AuthenticationError as error:
            db.session.commit()  # keeps the failure count; nothing else changed
            form.form_errors.append(str(error))
            unverified = error.code == "unverified"
        else:
            db.session.commit()
            login_user(user)
            return redirect(safe_next(request.args.get("next")))
    return render_template(
        "users/login.html",
        form=form,
        unverified=unverified,
        github_enabled=oauth.is_enabled(),
    )


@bp.route("/accounts/logout/", methods=["POST"])
@login_required
def logout() -> Response:
    # The session is a signed cookie: a copy of it stays valid until the version
    # it carries is outdated, so logging out ends every session of the account.
    users().end_sessions(current_user._get_current_object())
    db.session.commit()
    logout_user()
    session.pop(API_KEY_NONCES, None)  # the account's state goes with it
    flash("You have been logged out.", "info")
    return redirect(url_for("home"))


@bp.route("/accounts/logout/everywhere/", methods=["POST"])
@login_required
def logout_everywhere() -> Response:
    """End every other session of the account; this one stays logged in."""
    if not EmptyForm().validate_on_submit():
        abort(400)
    user = current_user._get_current_object()
    users().end_sessions(user)
    db.session.commit()
    login_user(user)  # this session carries the new version
    flash("You have been logged out of every other session.", "success")
    return redirect(url_for("users.profile_edit"))


# -- sign-up and email verification --------------------------------------------


def verification_sent_message(email: str) -> str:
    return (
        f"We have sent an email to {email} with a link to verify the address. "
        "If it doesn't arrive within a few minutes, check your spam folder or "
        "ask for a new link below."
    )


@bp.route("/accounts/signup/", methods=["GET", "POST"])
@no_store
@limiter.limit(MAIL_FORM_LIMIT, methods=["POST"])
def signup() -> str | Response:
    if current_user.is_authenticated:
        return redirect(url_for("home"))
    form = SignupForm()
    if form.validate_on_submit():
        with form_action(form) as done:
            users().sign_up(form.username.data, form.email.data, form.password1.data)
        if done.ok:
            # The same answer whether the address was new or already registered.
            flash(verification_sent_message(form.email.data.strip()), "info")
            return redirect(url_for("users.resend_confirmation"))
    return render_template(
        "users/signup.html", form=form, github_enabled=oauth.is_enabled()
    )


@bp.route("/accounts/confirm-email/", methods=["GET", "POST"])
@no_store
@limiter.limit(MAIL_FORM_LIMIT, methods=["POST"])
def resend_confirmation() -> str | Response:
    form = EmailForm()
    if request.method == "GET" and request.args.get("email"):
        form.email.data = request.args["email"]
    if form.validate_on_submit():
        users().resend_verification(form.email.data)
        db.session.commit()
        flash(verification_sent_message(form.email.data.strip()), "info")
        return redirect(url_for("users.resend_confirmation"))
    return render_template("users/confirm_email_resend.html", form=form)


def token_error(
    error: TokenError, retry_endpoint: str, retry_label: str
) -> tuple[str, int]:
    """400 for a link that is invalid, expired or used, with a way to get a new one."""
    db.session.rollback()
    return render_template(
        "users/token_error.html",
        message=str(error),
        retry_url=url_for(retry_endpoint),
        retry_label=retry_label,
    ), 400


@bp.route("/accounts/confirm-email/<token>/", methods=["GET", "POST"])
@no_store
def confirm_email(token: str) -> Any:
    form = EmptyForm()
    service = users()
    try:
        if form.validate_on_submit():
            user = service.verify_email(token)
            db.session.commit()
            flash(
                f"Thank you: {user.email} is verified. You can log in now.", "success"
            )
            return redirect(url_for("users.login"))
        user = service.user_for_verification(token)
    except TokenError as error:
        return token_error(
            error, "users.resend_confirmation", "Send a new confirmation link"
        )
    return render_template("users/confirm_email.html", form=form, user=user)


# -- passwords -----------------------------------------------------------------


@bp.route("/accounts/password/reset/", methods=["GET", "POST"])
@no_store
@limiter.limit(MAIL_FORM_LIMIT, methods=["POST"])
def password_reset() -> str | Response:
    form = EmailForm()
    if form.validate_on_submit():
        users().request_password_reset(form.email.data)
        db.session.commit()
        flash(
            f"If an account uses {form.email.data.strip()}, we have sent it a link "
            "to choose a new password.",
            "info",
        )
        return redirect(url_for("users.password_reset"))
    return render_template("users/password_reset.html", form=form)


@bp.route("/accounts/password/reset/<token>/", methods=["GET", "POST"])
@no_store
def password_reset_confirm(token: str) -> Any:
    form = SetPasswordForm()
    service = users()
    try:
        service.user_for_reset(token)
        if form.validate_on_submit():
            with form_action(form) as done:
                service.reset_password(token, form.password1.data)
            if done.ok:
                flash("Your password has been changed. You can log in now.", "success")
                return redirect(url_for("users.login"))
    except TokenError as error:
        return token_error(error, "users.password_reset", "Ask for a new reset link")
    return render_template("users/password_reset_confirm.html", form=form)


@bp.route("/accounts/password/change/", methods=["GET", "POST"])
@no_store
@login_required
def password_change() -> str | Response:
    form = PasswordChangeForm()
    user = current_user._get_current_object()
    if form.validate_on_submit():
        with form_action(form) as done:
            users().change_password(
                user, form.old_password.data or "", form.password1.data
            )
        if done.ok:
            login_user(user)  # the change ended every other session, not this one
            flash("Your password has been changed.", "success")
            return redirect(url_for("users.profile", username=user.username))
    return render_template(
        "users/password_change.html", form=form, has_password=bool(user.password_hash)
    )


# -- GitHub ----------------------------------------------------------------------


@bp.route("/accounts/github/login/")
def github_login() -> Response:
    if not oauth.is_enabled():
        abort(404)
    url, state = oauth.authorization_url(
        url_for("users.github_callback", _external=True)
    )
    session[OAUTH_STATE_KEY] = state
    session[OAUTH_NEXT_KEY] = safe_next(request.args.get("next"))
    return redirect(url)


@bp.route("/accounts/github/callback/")
@no_store
def github_callback() -> Response:
    if not oauth.is_enabled():
        abort(404)
    expected_state = session.pop(OAUTH_STATE_KEY, None)
    next_url = safe_next(session.pop(OAUTH_NEXT_KEY, None))
    if request.args.get("error"):
        flash("GitHub login was cancelled.", "warning")
        return redirect(url_for("users.login"))
    if not expected_state or request.args.get("state") != expected_state:
        flash("GitHub login failed: the request expired. Please try again.", "error")
        return redirect(url_for("users.login"))
    try:
        profile = oauth.fetch_profile(
            request.args.get("code", ""),
            expected_state,
            url_for("users.github_callback", _external=True),
        )
        user = users().sign_in_with_oauth(
            oauth.PROVIDER,
            profile.oauth_id,
            login=profile.login,
            verified_emails=profile.verified_emails,
            name=profile.name,
        )
    except (oauth.OAuthError, AuthenticationError) as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(url_for("users.login"))
    db.session.commit()
    login_user(user)
    flash(f"Welcome, {user.username}!", "success")
    return redirect(next_url)

"""Account, profile, membership, user group and API key pages."""

from __future__ import annotations

import secrets
import uuid
from typing import Any

from flask import (
    Blueprint,
    abort,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_required, login_user, logout_user
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response

from pydotorg.core.forms import EmptyForm, safe_next
from pydotorg.core.pagination import paginate
from pydotorg.core.permissions import PermissionDenied
from pydotorg.core.security import no_store
from pydotorg.domains.users import oauth
from pydotorg.domains.users.forms import (
    ApiKeyForm,
    DeactivateForm,
    EmailForm,
    LoginForm,
    MembershipForm,
    MembershipUpdateForm,
    PasswordChangeForm,
    ProfileForm,
    SetPasswordForm,
    SignupForm,
    UserGroupForm,
)
from pydotorg.domains.users.models import (
    ApiKey,
    EmailPrivacy,
    Membership,
    SearchVisibility,
    User,
    UserGroupType,
)
from pydotorg.domains.users.services import (
    AccountValidationError,
    APIKeyService,
    AuthenticationError,
    MembershipError,
    MembershipService,
    TokenError,
    UserGroupError,
    UserGroupService,
    UserService,
)
from pydotorg.domains.users.throttle import init_app as init_login_throttle
from pydotorg.extensions import db, limiter, login_manager

bp = Blueprint("users", __name__, cli_group="users")
bp.record_once(lambda state: init_login_throttle(state.app))

OAUTH_STATE_KEY = "github_oauth_state"
OAUTH_NEXT_KEY = "github_oauth_next"


# Forms that send mail to any address are limited per client address.
MAIL_FORM_LIMIT = "10 per hour"


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    user = db.session.get(User, user_id)
    return user if user is not None and user.is_active else None


def copy_errors(form: FlaskForm, error: AccountValidationError) -> None:
    """Service errors onto the form: beside their field, or at the top."""
    for name, messages in error.errors.items():
        field = getattr(form, name, None)
        if field is not None:
            field.errors = [*field.errors, *messages]
        else:
            form.form_errors.extend(messages)


def users() -> UserService:
    return UserService(db.session)


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
            db.session.rollback()
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
    logout_user()
    flash("You have been logged out.", "info")
    return redirect(url_for("home"))


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
        try:
            users().sign_up(form.username.data, form.email.data, form.password1.data)
        except AccountValidationError as error:
            db.session.rollback()
            copy_errors(form, error)
        else:
            db.session.commit()
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
        db.session.rollback()
        return render_template(
            "users/token_error.html",
            message=str(error),
            retry_url=url_for("users.resend_confirmation"),
            retry_label="Send a new confirmation link",
        ), 400
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
            try:
                service.reset_password(token, form.password1.data)
            except AccountValidationError as error:
                db.session.rollback()
                copy_errors(form, error)
            else:
                db.session.commit()
                flash("Your password has been changed. You can log in now.", "success")
                return redirect(url_for("users.login"))
    except TokenError as error:
        db.session.rollback()
        return render_template(
            "users/token_error.html",
            message=str(error),
            retry_url=url_for("users.password_reset"),
            retry_label="Ask for a new reset link",
        ), 400
    return render_template("users/password_reset_confirm.html", form=form)


@bp.route("/accounts/password/change/", methods=["GET", "POST"])
@no_store
@login_required
def password_change() -> str | Response:
    form = PasswordChangeForm()
    user = current_user._get_current_object()
    if form.validate_on_submit():
        try:
            users().change_password(
                user, form.old_password.data or "", form.password1.data
            )
        except AccountValidationError as error:
            db.session.rollback()
            copy_errors(form, error)
        else:
            db.session.commit()
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


# -- membership ------------------------------------------------------------------


def own_membership_or_404() -> Membership:
    membership = MembershipService(db.session).for_user(current_user)
    if membership is None:
        abort(404)
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
        try:
            service.create(
                current_user._get_current_object(),
                psf_code_of_conduct=form.psf_code_of_conduct.data,
                **membership_fields(form),
            )
        except MembershipError as error:
            db.session.rollback()
            form.form_errors.append(str(error))
        else:
            db.session.commit()
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
    membership = own_membership_or_404()
    if not EmptyForm().validate_on_submit():
        abort(400)
    MembershipService(db.session).affirm_vote(membership, by=current_user)
    db.session.commit()
    flash("Thank you: your intention to vote is affirmed.", "success")
    return redirect(url_for("users.membership_edit"))


@bp.route("/users/membership/delete/", methods=["POST"])
@login_required
def membership_delete() -> Response:
    membership = own_membership_or_404()
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        MembershipService(db.session).delete(membership, by=current_user)
    except PermissionDenied:
        abort(403)
    db.session.commit()
    flash("Your PSF membership has been cancelled.", "info")
    return redirect(url_for("users.profile", username=current_user.username))


# -- API keys --------------------------------------------------------------------


# A refresh of the page showing a new key would re-POST and create another key. The
# raw key can't go through a redirect (the session cookie is signed, not secret), so
# each rendering of the form carries a one-time nonce kept in the session instead.
API_KEY_NONCES = "api_key_nonces"
MAX_API_KEY_NONCES = 5  # a few open tabs each keep a usable form


def _issue_api_key_nonce(form: ApiKeyForm) -> None:
    nonce = secrets.token_urlsafe(16)
    session[API_KEY_NONCES] = [*session.get(API_KEY_NONCES, []), nonce][
        -MAX_API_KEY_NONCES:
    ]
    form.nonce.data = nonce


def _consume_api_key_nonce(nonce: str | None) -> bool:
    nonces = session.get(API_KEY_NONCES, [])
    if not nonce or nonce not in nonces:
        return False
    session[API_KEY_NONCES] = [n for n in nonces if n != nonce]
    return True


@bp.route("/users/api-keys/", methods=["GET", "POST"])
@no_store
@login_required
def api_keys() -> Any:
    user = current_user._get_current_object()
    service = APIKeyService(db.session)
    form = ApiKeyForm()
    new_key = None
    if form.validate_on_submit():
        if not _consume_api_key_nonce(form.nonce.data):
            flash(
                "That form was already used (did the page reload?); "
                "no new key was created.",
                "info",
            )
            return redirect(url_for("users.api_keys"))
        try:
            _, new_key = service.create(user, form.name.data or "", by=user)
        except PermissionDenied as error:
            db.session.rollback()
            form.form_errors.append(str(error))
        else:
            db.session.commit()
            form = ApiKeyForm(formdata=None)
    _issue_api_key_nonce(form)
    return render_template(
        "users/api_keys.html",
        form=form,
        keys=service.for_user(user),
        new_key=new_key,
        revoke_form=EmptyForm(),
    )


@bp.route("/users/api-keys/<key_id>/revoke/", methods=["POST"])
@login_required
def api_key_revoke(key_id: str) -> Response:
    try:
        key = db.session.get(ApiKey, uuid.UUID(key_id))
    except ValueError:
        key = None
    if key is None or key.user_id != current_user.id:
        abort(404)
    if not EmptyForm().validate_on_submit():
        abort(400)
    APIKeyService(db.session).revoke(key, by=current_user)
    db.session.commit()
    flash(f"The key {key.key_prefix}… has been revoked.", "info")
    return redirect(url_for("users.api_keys"))


# -- user groups -----------------------------------------------------------------


@bp.route("/community/user-groups/")
def user_groups() -> str:
    type_name = request.args.get("type", "")
    url_type = UserGroupType.__members__.get(type_name)
    location = request.args.get("location", "")[:100]
    statement = UserGroupService(db.session).directory(
        url_type=url_type, location=location
    )
    return render_template(
        "users/user_groups.html",
        page=paginate(statement),
        types=list(UserGroupType),
        selected_type=url_type.name if url_type else "",
        location=location,
    )


@bp.route("/community/user-groups/submit/", methods=["GET", "POST"])
@no_store
@login_required
def user_group_submit() -> str | Response:
    form = UserGroupForm()
    if form.validate_on_submit():
        try:
            UserGroupService(db.session).submit(
                by=current_user._get_current_object(),
                name=form.name.data.strip(),
                location=form.location.data.strip(),
                url=form.url.data.strip(),
                url_type=UserGroupType[form.url_type.data],
                start_date=form.start_date.data,
            )
        except UserGroupError as error:
            db.session.rollback()
            form.form_errors.append(str(error))
        else:
            db.session.commit()
            flash(
                "Thank you! The group will be listed once staff have reviewed it.",
                "success",
            )
            return redirect(url_for("users.user_groups"))
    return render_template("users/user_group_form.html", form=form)

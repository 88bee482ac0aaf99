"""API keys: listed, issued (shown once) and revoked by their owner."""

from __future__ import annotations

import secrets
import uuid
from typing import Any

from flask import (
    abort,
    flash,
    redirect,
    render_template,
    session,
    url_for,
)
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from pydotorg.core.forms import EmptyForm, form_action
from pydotorg.core.security import no_store
from pydotorg.domains.users.forms import (
    ApiKeyForm,
)
from pydotorg.domains.users.models import (
    ApiKey,
)
from pydotorg.domains.users.services.api_keys import APIKeyService
from pydotorg.domains.users.views import bp
from pydotorg.extensions import db

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
        with form_action(form) as done:
            _, new_key = service.create(user, form.name.data or "", by=user)
        if done.ok:
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

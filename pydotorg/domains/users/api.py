"""The users domain's part of the API: who is calling, by API key.

Core parses the ``Authorization`` headers and asks the authenticator registered
here who owns the key (:func:`pydotorg.core.api.set_key_authenticator`). Finding
the caller never writes. The key's last use is recorded in one place,
:func:`record_key_use`, once the response is made. API views end their own
transaction (commit, or roll back a refused write), so that commit carries only
the key's use. It is the request's session, not a second connection: on SQLite the
request's open read transaction would block another connection's commit.
"""

from __future__ import annotations

import logging
import uuid

from flask import Flask, Response, g

from pydotorg.core.api import set_key_authenticator
from pydotorg.domains.users.models import User
from pydotorg.domains.users.services.api_keys import APIKeyService
from pydotorg.extensions import db

logger = logging.getLogger(__name__)

_KEY_USED = "api_key_used"


def authenticate_api_key(raw_key: str, username: str | None) -> User | None:
    key = APIKeyService(db.session).find_valid(raw_key, username)
    if key is None:
        return None
    setattr(g, _KEY_USED, key.id)
    return key.user


def record_key_use(response: Response) -> Response:
    """After an API request made with a key: note when the key was last used."""
    key_id: uuid.UUID | None = g.pop(_KEY_USED, None)
    if key_id is not None:
        try:
            APIKeyService(db.session).record_use(key_id)
            db.session.commit()
        except Exception:  # bookkeeping must never fail the caller's request
            db.session.rollback()
            logger.exception("could not record the use of API key %s", key_id)
    return response


def register_api(app: Flask) -> None:
    set_key_authenticator(app, authenticate_api_key)
    app.after_request(record_key_use)

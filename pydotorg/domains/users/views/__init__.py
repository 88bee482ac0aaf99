"""The users blueprint: accounts, profiles, membership, API keys and user groups,
one module each; this module holds what they share."""

from __future__ import annotations

from flask import Blueprint

from pydotorg.domains.users.models import User
from pydotorg.domains.users.services.accounts import UserService
from pydotorg.domains.users.throttle import init_app as init_login_throttle
from pydotorg.extensions import db, login_manager

bp = Blueprint("users", __name__, cli_group="users")
bp.record_once(lambda state: init_login_throttle(state.app))

# Forms that send mail to any address are limited per client address.
MAIL_FORM_LIMIT = "10 per hour"


@login_manager.user_loader
def load_user(session_id: str) -> User | None:
    # ``User.get_id()`` is "<id>:<session version>": an outdated version is a
    # session that a password change, a reset or a logout has ended.
    return users().user_for_session(session_id)


def users() -> UserService:
    return UserService(db.session)


# Each module adds its routes to ``bp``.
from pydotorg.domains.users.views import (  # noqa: E402
    accounts,
    api_keys,
    groups,
    membership,
    profiles,
)

__all__ = ["accounts", "api_keys", "bp", "groups", "membership", "profiles"]

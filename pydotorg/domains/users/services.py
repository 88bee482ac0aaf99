"""Business rules for accounts and API keys."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from pydotorg.core.types import utcnow
from pydotorg.domains.users.models import ApiKey, User


class AuthenticationError(Exception):
    """Login refused; the message is safe to show to the person logging in."""

    def __init__(self, message: str, *, code: str = "invalid") -> None:
        super().__init__(message)
        self.code = code


@dataclass
class UserService:
    session: Session

    def find_by_login(self, login: str) -> User | None:
        """A user by username or email, both case-insensitively."""
        login = login.strip().lower()
        if not login:
            return None
        return self.session.scalar(
            sa.select(User).where(
                sa.or_(
                    sa.func.lower(User.username) == login,
                    sa.func.lower(User.email) == login,
                )
            )
        )

    def set_password(self, user: User, password: str) -> None:
        method = current_app.config["PASSWORD_HASH_METHOD"]
        user.password_hash = generate_password_hash(password, method=method)

    def check_password(self, user: User, password: str) -> bool:
        return bool(user.password_hash) and check_password_hash(
            user.password_hash or "", password
        )

    def authenticate(self, login: str, password: str) -> User:
        """The user for these credentials, or :class:`AuthenticationError`."""
        user = self.find_by_login(login)
        if user is None or not self.check_password(user, password):
            raise AuthenticationError("Invalid username or password.")
        if not user.is_active:
            raise AuthenticationError("This account is inactive.", code="inactive")
        if not user.email_verified:
            raise AuthenticationError(
                "Please verify your email address before logging in.", code="unverified"
            )
        user.last_login = utcnow()
        return user

    def create_superuser(self, username: str, email: str, password: str) -> User:
        """An active, verified staff superuser (or that user, promoted and re-passworded)."""
        user = self.find_by_login(username) or self.find_by_login(email)
        if user is None:
            user = User(username=username, email=email)
            self.session.add(user)
        user.is_active = user.email_verified = True
        user.is_staff = user.is_superuser = True
        self.set_password(user, password)
        self.session.flush()
        return user


def hash_api_key(raw_key: str) -> str:
    # A fast, deterministic digest is enough: keys are 160 random bits.
    return hashlib.sha256(raw_key.encode()).hexdigest()


@dataclass
class APIKeyService:
    session: Session

    def create(self, user: User, name: str = "") -> tuple[ApiKey, str]:
        """A new key for ``user``; the raw key is returned once and never stored."""
        raw_key = secrets.token_hex(20)
        key = ApiKey(
            user=user, name=name, key_hash=hash_api_key(raw_key), key_prefix=raw_key[:8]
        )
        self.session.add(key)
        self.session.flush()
        return key, raw_key

    def revoke(self, key: ApiKey) -> None:
        if key.revoked_at is None:
            key.revoked_at = utcnow()
        self.session.flush()

    def authenticate(self, raw_key: str, username: str | None = None) -> User | None:
        """The active owner of a valid, unrevoked key (and of ``username``, if given)."""
        if not raw_key:
            return None
        key = self.session.scalar(
            sa.select(ApiKey).where(ApiKey.key_hash == hash_api_key(raw_key.strip()))
        )
        if key is None or key.is_revoked or not key.user.is_active:
            return None
        if username is not None and key.user.username.lower() != username.lower():
            return None
        key.last_used_at = utcnow()
        return key.user

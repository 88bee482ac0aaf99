"""API keys: issued by their owner, stored hashed, revoked by owner or staff."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from pydotorg.core.permissions import (
    PermissionDenied,
    require_may_act_for,
)
from pydotorg.core.types import utcnow
from pydotorg.domains.users.models import (
    ApiKey,
    User,
)


def hash_api_key(raw_key: str) -> str:
    # A fast, deterministic digest is enough: keys are 160 random bits.
    return hashlib.sha256(raw_key.encode()).hexdigest()


@dataclass
class APIKeyService:
    session: Session

    def for_user(self, user: User) -> list[ApiKey]:
        return list(
            self.session.scalars(
                sa.select(ApiKey)
                .where(ApiKey.user_id == user.id)
                .order_by(ApiKey.created_at.desc())
            )
        )

    def create(
        self, user: User, name: str = "", *, by: Any = None
    ) -> tuple[ApiKey, str]:
        """A new key for ``user``; the raw key is returned once and never stored.

        ``by`` is who asks (None for the command line): users make their own keys,
        staff make keys for non-staff users, superusers for anyone.
        """
        if by is not None:
            self.check_may_manage(user, by)
        if not user.is_active:
            raise PermissionDenied(f"{user.username} is inactive.")
        raw_key = secrets.token_hex(20)
        key = ApiKey(
            user=user,
            name=name.strip(),
            key_hash=hash_api_key(raw_key),
            key_prefix=raw_key[:8],
        )
        self.session.add(key)
        self.session.flush()
        return key, raw_key

    @staticmethod
    def check_may_manage(user: User, by: Any) -> None:
        """Who may create or revoke ``user``'s keys: the user, staff for non-staff
        users, superusers for anyone (a staffer must not cut off a superuser's tools).
        """
        require_may_act_for(
            user,
            by,
            own="You can only manage your own keys.",
            staff="Only a superuser can manage the keys of the staff account "
            f"{user.username}.",
        )

    def revoke(self, key: ApiKey, *, by: Any = None) -> None:
        """Revoke ``key``; ``by`` is who asks (None for the command line)."""
        if by is not None:
            self.check_may_manage(key.user, by)
        if key.revoked_at is None:
            key.revoked_at = utcnow()
        self.session.flush()

    def authenticate(self, raw_key: str, username: str | None = None) -> User | None:
        """The active owner of a valid, unrevoked key (and of ``username``, if given)."""
        key = self.find_valid(raw_key, username)
        return key.user if key is not None else None

    def find_valid(self, raw_key: str, username: str | None = None) -> ApiKey | None:
        """The valid, unrevoked key of an active user (``username``'s, if given).

        A pure lookup: the key's last use is recorded by :meth:`record_use`.
        """
        if not raw_key:
            return None
        key = self.session.scalar(
            sa.select(ApiKey).where(ApiKey.key_hash == hash_api_key(raw_key.strip()))
        )
        if key is None or key.is_revoked or not key.user.is_active:
            return None
        if username is not None and key.user.username.lower() != username.lower():
            return None
        return key

    def record_use(self, key_id: uuid.UUID) -> None:
        self.session.execute(
            sa.update(ApiKey).where(ApiKey.id == key_id).values(last_used_at=utcnow())
        )

"""Models for user accounts, PSF membership, user groups and API keys."""

from __future__ import annotations

import enum
import uuid
from datetime import date, datetime

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship

from pydotorg.core.markup import ContentType, store_rendered
from pydotorg.core.models import AuditBase, Base
from pydotorg.core.types import (
    BlankText,
    Counter,
    Flag,
    IndexedFlag,
    UTCDateTime,
    UUIDType,
    enum_type,
)
from pydotorg.core.urls import url_info


class SearchVisibility(enum.Enum):
    PUBLIC = "public"
    PRIVATE = "private"


class EmailPrivacy(enum.Enum):
    PUBLIC = "public"
    PRIVATE = "private"
    NEVER = "never"


class MembershipType(enum.Enum):
    BASIC = "basic"
    SUPPORTING = "supporting"
    SPONSOR = "sponsor"
    MANAGING = "managing"
    CONTRIBUTING = "contributing"
    FELLOW = "fellow"


class UserGroupType(enum.Enum):
    MEETUP = "meetup"
    DISTRIBUTION_LIST = "distribution_list"
    OTHER = "other"


class User(UserMixin, AuditBase):
    __tablename__ = "users"

    username: Mapped[str] = mapped_column(sa.String(150), unique=True, index=True)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True, index=True)
    password_hash: Mapped[str | None] = mapped_column(sa.String(255))
    email_verified: Mapped[Flag]

    first_name: Mapped[str] = mapped_column(sa.String(150), default="")
    last_name: Mapped[str] = mapped_column(sa.String(150), default="")
    bio: Mapped[BlankText]  # Markdown
    bio_rendered: Mapped[BlankText]  # sanitised HTML of ``bio``, on save
    public_profile: Mapped[bool] = mapped_column(default=True)

    is_active: Mapped[bool] = mapped_column(default=True)
    is_staff: Mapped[Flag]
    is_superuser: Mapped[Flag]
    last_login: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Part of the login session's id: raising it ends every session made before
    # (password change, reset, logging out, "log out everywhere").
    session_version: Mapped[int] = mapped_column(default=0, server_default="0")

    oauth_provider: Mapped[str | None] = mapped_column(sa.String(50), index=True)
    oauth_id: Mapped[str | None] = mapped_column(sa.String(255), index=True)

    search_visibility: Mapped[SearchVisibility] = mapped_column(
        enum_type(SearchVisibility), default=SearchVisibility.PUBLIC
    )
    email_privacy: Mapped[EmailPrivacy] = mapped_column(
        enum_type(EmailPrivacy), default=EmailPrivacy.NEVER
    )

    membership: Mapped[Membership | None] = relationship(
        back_populates="user", uselist=False, cascade="all, delete-orphan"
    )
    api_keys: Mapped[list[ApiKey]] = relationship(
        back_populates="user", cascade="all, delete-orphan"
    )

    def get_id(self) -> str:
        """The id Flask-Login keeps in the session: the user's id and session version."""
        return f"{self.id}:{self.session_version or 0}"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip() or self.username

    def __str__(self) -> str:
        return self.username


# Usernames and emails are unique case-insensitively: the service checks first,
# and these indexes close the race between two simultaneous sign-ups.
sa.Index("uq_users_username_lower", sa.func.lower(User.username), unique=True)
sa.Index("uq_users_email_lower", sa.func.lower(User.email), unique=True)


store_rendered(User, "bio", "bio_rendered", ContentType.MARKDOWN)


class Membership(AuditBase):
    __tablename__ = "memberships"

    user_id: Mapped[uuid.UUID] = mapped_column(
        UUIDType, sa.ForeignKey("users.id", ondelete="CASCADE"), unique=True
    )
    membership_type: Mapped[MembershipType] = mapped_column(
        enum_type(MembershipType), default=MembershipType.BASIC
    )
    legal_name: Mapped[str] = mapped_column(sa.String(200))
    preferred_name: Mapped[str] = mapped_column(sa.String(200))
    email_address: Mapped[str] = mapped_column(sa.String(254))

    city: Mapped[str] = mapped_column(sa.String(100), default="")
    region: Mapped[str] = mapped_column(sa.String(100), default="")
    country: Mapped[str] = mapped_column(sa.String(100), default="")
    postal_code: Mapped[str] = mapped_column(sa.String(20), default="")

    psf_code_of_conduct: Mapped[Flag]
    psf_announcements: Mapped[Flag]
    votes: Mapped[Flag]
    last_vote_affirmation: Mapped[date | None] = mapped_column(sa.Date)

    user: Mapped[User] = relationship(back_populates="membership")

    def __str__(self) -> str:
        return f"{self.legal_name} ({self.membership_type.name})"


class UserGroup(AuditBase):
    __tablename__ = "user_groups"

    name: Mapped[str] = mapped_column(sa.String(255))
    location: Mapped[str] = mapped_column(sa.String(255))
    url: Mapped[str] = mapped_column(sa.String(500), info=url_info())
    url_type: Mapped[UserGroupType] = mapped_column(
        enum_type(UserGroupType), default=UserGroupType.MEETUP
    )
    start_date: Mapped[date | None] = mapped_column(sa.Date)
    approved: Mapped[IndexedFlag]
    trusted: Mapped[Flag]
    submitted_by_id: Mapped[uuid.UUID | None] = mapped_column(
        UUIDType, sa.ForeignKey("users.id", ondelete="SET NULL")
    )

    submitted_by: Mapped[User | None] = relationship()


class ApiKey(AuditBase):
    """An API key: only its SHA-256 digest is stored; the key is shown once."""

    __tablename__ = "api_keys"

    user_id: Mapped[uuid.UUID] = mapped_column(
        UUIDType, sa.ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(sa.String(100), default="")
    key_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    key_prefix: Mapped[str] = mapped_column(sa.String(8))
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship(back_populates="api_keys")

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    def __str__(self) -> str:
        return f"{self.key_prefix}… ({self.name or 'key'})"


class LoginFailure(Base):
    """Failed logins counted for one key (an account, or an account from an address).

    Kept in the database so every worker and machine sees the same counts (Redis
    holds them instead when ``REDIS_URL`` is set); see :mod:`.throttle`.
    """

    __tablename__ = "login_failures"
    track_changes = False  # bookkeeping, not content

    key: Mapped[str] = mapped_column(sa.String(400), unique=True)
    failures: Mapped[Counter]
    window_ends_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)

    def __str__(self) -> str:
        return self.key

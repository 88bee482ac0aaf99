"""Models for PSF board meeting minutes."""

from __future__ import annotations

import datetime
import uuid
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from pydotorg.core.markup import MarkupType, store_rendered
from pydotorg.core.models import AuditBase, SlugMixin
from pydotorg.core.types import BlankText, IndexedFlag, UUIDType

if TYPE_CHECKING:
    from pydotorg.domains.users.models import User


class Minutes(AuditBase, SlugMixin):
    """The minutes of one board meeting; one per date, addressed by the date."""

    __tablename__ = "minutes"

    date: Mapped[datetime.date] = mapped_column(sa.Date, unique=True, index=True)
    content: Mapped[BlankText]
    content_type: Mapped[MarkupType]
    content_rendered: Mapped[BlankText]  # sanitised HTML of ``content``, on save
    is_published: Mapped[IndexedFlag]
    creator_id: Mapped[uuid.UUID] = mapped_column(
        UUIDType, sa.ForeignKey("users.id", ondelete="RESTRICT"), index=True
    )

    creator: Mapped[User] = relationship()

    @validates("date")
    def _slug_follows_date(self, key: str, value: datetime.date) -> datetime.date:
        # python.org addresses minutes as YYYY-MM-DD; the date is unique, so is this.
        if value is not None:
            self.slug = value.isoformat()
        return value

    @property
    def display_date(self) -> str:
        """``January 5, 2024``."""
        return f"{self.date:%B} {self.date.day}, {self.date.year}"

    def __str__(self) -> str:
        return f"Minutes of {self.date.isoformat()}" if self.date else "Minutes"


store_rendered(Minutes, "content", "content_rendered", "content_type")

"""Models for code samples: short Python snippets shown on the home page."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, ClassVar

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from pydotorg.core.models import AuditBase, SlugMixin
from pydotorg.core.types import IndexedFlag, UUIDType

if TYPE_CHECKING:
    from pydotorg.domains.users.models import User


class CodeSample(AuditBase, SlugMixin):
    """A snippet of code with a title and an HTML description (python.org's ``copy``)."""

    __tablename__ = "code_samples"

    slug_source: ClassVar[str | None] = "title"

    # python.org puts the heading inside its HTML ``copy``; a column keeps it plain text.
    title: Mapped[str] = mapped_column(sa.String(200))
    code: Mapped[str] = mapped_column(sa.Text)
    description: Mapped[str] = mapped_column(sa.Text)
    is_published: Mapped[IndexedFlag]
    creator_id: Mapped[uuid.UUID] = mapped_column(
        UUIDType, sa.ForeignKey("users.id", ondelete="RESTRICT"), index=True
    )

    creator: Mapped[User] = relationship()

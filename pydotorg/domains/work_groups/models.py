"""Models for PSF working groups."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from pydotorg.core.markup import MarkupType, store_rendered
from pydotorg.core.models import AuditBase, NameSlugMixin
from pydotorg.core.types import BlankText, UUIDType
from pydotorg.core.urls import url_info

if TYPE_CHECKING:
    from pydotorg.domains.users.models import User

# The optional charter sections python.org keeps besides ``purpose``, in page order.
CHARTER_SECTIONS = ("active_time", "core_values", "rules", "communication", "support")


class WorkGroup(AuditBase, NameSlugMixin):
    """A PSF working group and its charter (sections written in ``content_type``)."""

    __tablename__ = "work_groups"
    publication = ("active", True)  # inactive groups are hidden from the public

    short_description: Mapped[str] = mapped_column(sa.String(500), default="")
    purpose: Mapped[str] = mapped_column(sa.Text)
    active_time: Mapped[BlankText]
    core_values: Mapped[BlankText]
    rules: Mapped[BlankText]
    communication: Mapped[BlankText]
    support: Mapped[BlankText]
    content_type: Mapped[MarkupType]
    # Sanitised HTML of ``purpose`` and each charter section, written on save.
    purpose_rendered: Mapped[BlankText]
    active_time_rendered: Mapped[BlankText]
    core_values_rendered: Mapped[BlankText]
    rules_rendered: Mapped[BlankText]
    communication_rendered: Mapped[BlankText]
    support_rendered: Mapped[BlankText]
    active: Mapped[bool] = mapped_column(default=True, index=True)
    url: Mapped[str | None] = mapped_column(sa.String(500), info=url_info())
    creator_id: Mapped[uuid.UUID] = mapped_column(
        UUIDType, sa.ForeignKey("users.id", ondelete="RESTRICT"), index=True
    )

    creator: Mapped[User] = relationship()

    def charter_sections(self, *, rendered: bool = False) -> list[tuple[str, str]]:
        """The filled-in optional sections as ``(heading, text)`` pairs; with
        ``rendered``, the text is the section's stored HTML."""
        return [
            (
                name.replace("_", " ").capitalize(),
                getattr(self, f"{name}_rendered" if rendered else name),
            )
            for name in CHARTER_SECTIONS
            if getattr(self, name)
        ]


for _source in ("purpose", *CHARTER_SECTIONS):
    store_rendered(WorkGroup, _source, f"{_source}_rendered", "content_type")

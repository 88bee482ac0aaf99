"""Models for the job board: jobs, their types and categories, review comments."""

from __future__ import annotations

import enum
import uuid
from datetime import date
from typing import TYPE_CHECKING, ClassVar

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from pydotorg.core.markup import MarkupType, store_rendered
from pydotorg.core.models import AuditBase, NameSlugMixin, SlugMixin, association_table
from pydotorg.core.types import BlankText, Flag, IndexedFlag, UUIDType, enum_type
from pydotorg.core.urls import url_info

if TYPE_CHECKING:
    from pydotorg.domains.users.models import User


class JobStatus(enum.Enum):
    DRAFT = "draft"
    REVIEW = "review"
    APPROVED = "approved"
    REJECTED = "rejected"
    ARCHIVED = "archived"
    EXPIRED = "expired"


job_job_types = association_table(
    "job_job_types", job_id="jobs", job_type_id="job_types"
)


class JobType(AuditBase, NameSlugMixin):
    """Full time, contract, ... (only ``active`` ones are offered to posters)."""

    __tablename__ = "job_types"

    active: Mapped[bool] = mapped_column(default=True, index=True)


class JobCategory(AuditBase, NameSlugMixin):
    """The industry a job belongs to."""

    __tablename__ = "job_categories"

    active: Mapped[bool] = mapped_column(default=True, index=True)


class Job(AuditBase, SlugMixin):
    """A job posting; its status moves only through ``JobService``."""

    __tablename__ = "jobs"

    # The slug is made from "job title company" when left empty.
    slug_source: ClassVar[str | None] = "slug_text"
    publication = ("status", JobStatus.APPROVED)

    creator_id: Mapped[uuid.UUID] = mapped_column(
        UUIDType, sa.ForeignKey("users.id", ondelete="RESTRICT"), index=True
    )
    company_name: Mapped[str] = mapped_column(sa.String(100))
    company_description: Mapped[BlankText]
    job_title: Mapped[str] = mapped_column(sa.String(100))
    other_job_type: Mapped[str] = mapped_column(sa.String(100), default="")

    city: Mapped[str | None] = mapped_column(sa.String(100))
    region: Mapped[str | None] = mapped_column(sa.String(100))
    country: Mapped[str] = mapped_column(sa.String(100), index=True)

    description: Mapped[str] = mapped_column(sa.Text)
    requirements: Mapped[str | None] = mapped_column(sa.Text)
    content_type: Mapped[MarkupType]
    # Sanitised HTML of the three markup fields above, written on save.
    company_description_rendered: Mapped[BlankText]
    description_rendered: Mapped[BlankText]
    requirements_rendered: Mapped[BlankText]

    contact: Mapped[str | None] = mapped_column(sa.String(100))
    url: Mapped[str | None] = mapped_column(sa.String(500), info=url_info())
    email: Mapped[str] = mapped_column(sa.String(254))

    status: Mapped[JobStatus] = mapped_column(
        enum_type(JobStatus), default=JobStatus.DRAFT, index=True
    )
    telecommuting: Mapped[Flag]
    agencies: Mapped[bool] = mapped_column(default=True)
    is_featured: Mapped[IndexedFlag]
    expires: Mapped[date | None] = mapped_column(sa.Date)

    category_id: Mapped[uuid.UUID | None] = mapped_column(
        UUIDType, sa.ForeignKey("job_categories.id", ondelete="SET NULL"), index=True
    )

    creator: Mapped[User] = relationship()
    job_types: Mapped[list[JobType]] = relationship(
        secondary=job_job_types, order_by="JobType.name"
    )
    category: Mapped[JobCategory | None] = relationship()
    review_comments: Mapped[list[JobReviewComment]] = relationship(
        back_populates="job",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="JobReviewComment.created_at",
    )

    @property
    def slug_text(self) -> str:
        return f"{self.job_title or ''} {self.company_name or ''}".strip()

    @property
    def location(self) -> str:
        return ", ".join(
            part for part in (self.city, self.region, self.country) if part
        )

    def is_visible(self, today: date) -> bool:
        """Approved and not past its expiry date: what the public may see."""
        return self.status is JobStatus.APPROVED and (
            self.expires is None or self.expires >= today
        )

    def __str__(self) -> str:
        return f"{self.job_title}, {self.company_name}"


store_rendered(
    Job, "company_description", "company_description_rendered", "content_type"
)
store_rendered(Job, "description", "description_rendered", "content_type")
store_rendered(Job, "requirements", "requirements_rendered", "content_type")


class JobReviewComment(AuditBase):
    """A moderation note on a job, by staff or by the job's owner."""

    __tablename__ = "job_review_comments"

    job_id: Mapped[uuid.UUID] = mapped_column(
        UUIDType, sa.ForeignKey("jobs.id", ondelete="CASCADE"), index=True
    )
    creator_id: Mapped[uuid.UUID] = mapped_column(
        UUIDType, sa.ForeignKey("users.id", ondelete="RESTRICT"), index=True
    )
    comment: Mapped[str] = mapped_column(sa.Text)

    job: Mapped[Job] = relationship(back_populates="review_comments")
    creator: Mapped[User] = relationship()

    def __str__(self) -> str:
        text = " ".join(self.comment.split())
        return text if len(text) <= 60 else f"{text[:59]}…"

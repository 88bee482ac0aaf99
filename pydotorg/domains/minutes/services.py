"""Business rules for board minutes: publishing and what visitors may read."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from pydotorg.core.permissions import require_staff
from pydotorg.core.rules import RuleError
from pydotorg.core.switches import switch
from pydotorg.domains.minutes.models import Minutes


class MinutesError(RuleError):
    """A rule about minutes was broken; the message is safe to show to staff."""


def _require_content(minutes: Minutes) -> None:
    if not (minutes.content or "").strip():
        raise MinutesError(f"{minutes} have no content and cannot be published.")


@dataclass
class MinutesService:
    session: Session

    def check(self, minutes: Minutes) -> None:
        """The rules saved minutes must meet: published minutes have content."""
        if minutes.is_published:
            _require_content(minutes)

    def publish(self, minutes: Minutes, *, by: Any) -> None:
        require_staff(by)
        _require_content(minutes)
        minutes.is_published = True
        self.session.flush()

    unpublish = switch("is_published", False)

    def listing(self, *, viewer: Any = None) -> sa.Select[tuple[Minutes]]:
        """Minutes newest first; drafts only for staff."""
        return (
            sa.select(Minutes)
            .where(Minutes.visible_to(viewer))
            .order_by(Minutes.date.desc())
        )

    def get_by_slug(self, slug: str, *, viewer: Any = None) -> Minutes | None:
        return self.session.scalar(
            sa.select(Minutes).where(Minutes.slug == slug, Minutes.visible_to(viewer))
        )

    def same_year(self, minutes: Minutes, *, viewer: Any = None) -> list[Minutes]:
        """The other minutes of the same year, oldest first (python.org's navigation)."""
        statement = (
            self.listing(viewer=viewer)
            .where(
                Minutes.date >= minutes.date.replace(month=1, day=1),
                Minutes.date <= minutes.date.replace(month=12, day=31),
                Minutes.id != minutes.id,
            )
            .order_by(None)
            .order_by(Minutes.date)
        )
        return list(self.session.scalars(statement))

"""Business rules for work groups: which are listed, and switching them on and off."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from pydotorg.core.rules import RuleError
from pydotorg.core.switches import switch
from pydotorg.core.urls import ABSOLUTE_MESSAGE, is_safe_url
from pydotorg.domains.work_groups.models import WorkGroup


class WorkGroupError(RuleError):
    """A work group rule was broken; the message is safe to show to staff."""


@dataclass
class WorkGroupService:
    session: Session

    def clean(self, group: WorkGroup) -> None:
        """Check the rules a saved work group must meet."""
        group.url = (group.url or "").strip() or None
        if group.url is not None and not is_safe_url(group.url):
            raise WorkGroupError(ABSOLUTE_MESSAGE)

    def listing(self, *, viewer: Any = None) -> sa.Select[tuple[WorkGroup]]:
        """Work groups by name; inactive ones only for staff."""
        return (
            sa.select(WorkGroup)
            .where(WorkGroup.visible_to(viewer))
            .order_by(WorkGroup.name)
        )

    def get_by_slug(self, slug: str, *, viewer: Any = None) -> WorkGroup | None:
        return self.session.scalar(
            sa.select(WorkGroup).where(
                WorkGroup.slug == slug, WorkGroup.visible_to(viewer)
            )
        )

    activate = switch("active", True)
    deactivate = switch("active", False)

"""Business rules for code samples: publishing, and picking one for the home page."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from pydotorg.core.switches import switch
from pydotorg.domains.codesamples.models import CodeSample


@dataclass
class CodeSampleService:
    session: Session

    publish = switch("is_published", True)
    unpublish = switch("is_published", False)

    def published(self) -> sa.Select[tuple[CodeSample]]:
        """Published samples, oldest first (python.org's home page order)."""
        return (
            sa.select(CodeSample)
            .where(CodeSample.is_published.is_(True))
            .order_by(CodeSample.created_at, CodeSample.title)
        )

    def latest_published(self) -> CodeSample | None:
        """The most recently created published sample, or ``None``."""
        return self.session.scalar(
            sa.select(CodeSample)
            .where(CodeSample.is_published.is_(True))
            .order_by(CodeSample.created_at.desc(), CodeSample.title)
            .limit(1)
        )

    def random_published(self) -> CodeSample | None:
        """One published sample chosen at random (one query), or ``None``."""
        # random() exists on both SQLite and PostgreSQL.
        return self.session.scalar(
            sa.select(CodeSample)
            .where(CodeSample.is_published.is_(True))
            .order_by(sa.func.random())
            .limit(1)
        )

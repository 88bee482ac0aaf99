"""Business rules for banners: scheduling, scope and which banners show now."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from pydotorg.core.permissions import require_staff
from pydotorg.core.rules import RuleError
from pydotorg.core.switches import switch
from pydotorg.core.types import utcnow
from pydotorg.domains.banners.models import (
    Banner,
    BannerTarget,
    BannerType,
    is_safe_link,
)

# Most urgent first when several banners show at once.
SEVERITY_ORDER = (
    BannerType.ERROR,
    BannerType.WARNING,
    BannerType.SUCCESS,
    BannerType.INFO,
)


class BannerError(RuleError):
    """A banner rule was broken; the message is safe to show to staff."""


def normalize_prefix(prefix: str) -> str:
    """``psf`` or ``/psf`` becomes ``/psf/``; empty stays empty."""
    prefix = (prefix or "").strip().strip("/")
    return f"/{prefix}/" if prefix else ""


@dataclass(frozen=True, slots=True)
class ShownBanner:
    """What a page shows of a banner, detached from any session (kept per process)."""

    title: str
    message: str
    safe_link: str
    banner_type: BannerType
    is_sitewide: bool
    path_prefix: str

    shows_on = Banner.shows_on

    @classmethod
    def of(cls, banner: Banner) -> ShownBanner:
        return cls(
            banner.title,
            banner.message,
            banner.safe_link,
            banner.banner_type,
            banner.is_sitewide,
            banner.path_prefix,
        )


@dataclass
class BannerService:
    session: Session

    def active_banners(
        self,
        target: BannerTarget,
        today: datetime.date,
        path: str | None = None,
    ) -> list[Banner]:
        """The banners shown now for ``target`` on ``path``, most urgent first.

        Active, with ``today`` within the dates (both inclusive), and sitewide or
        scoped to a prefix of ``path``. ``path=None`` means "no page": sitewide only.
        """
        statement = self._active(target, today)
        # The prefix test is exact in Python (LIKE would treat "_" as a wildcard);
        # the candidates are the handful of banners active today.
        return [b for b in self.session.scalars(statement) if b.shows_on(path)]

    def shown_banners(
        self, target: BannerTarget, today: datetime.date
    ) -> list[ShownBanner]:
        """``active_banners`` of every scope, as detached values pages can keep."""
        statement = self._active(target, today)
        return [ShownBanner.of(banner) for banner in self.session.scalars(statement)]

    def _active(self, target: BannerTarget, today: datetime.date) -> sa.Select[Any]:
        severity = sa.case(
            *(
                (Banner.banner_type == member, rank)
                for rank, member in enumerate(SEVERITY_ORDER)
            ),
            else_=len(SEVERITY_ORDER),
        )
        return (
            sa.select(Banner)
            .where(
                Banner.is_active.is_(True),
                Banner.target == target,
                sa.or_(Banner.start_date.is_(None), Banner.start_date <= today),
                sa.or_(Banner.end_date.is_(None), Banner.end_date >= today),
            )
            .order_by(
                severity,
                Banner.start_date.desc().nulls_last(),
                Banner.created_at.desc(),
            )
        )

    def clean(self, banner: Banner) -> None:
        """Normalise the scope and check the rules a saved banner must meet."""
        banner.path_prefix = normalize_prefix(banner.path_prefix)
        banner.link = (banner.link or "").strip()
        if (
            banner.start_date
            and banner.end_date
            and banner.end_date < banner.start_date
        ):
            raise BannerError("The end date must not be before the start date.")
        if not banner.is_sitewide and not banner.path_prefix:
            raise BannerError(
                "A banner that is not sitewide needs a path prefix (e.g. /psf/)."
            )
        if banner.link and not is_safe_link(banner.link):
            raise BannerError(
                "The link must be an http(s) URL or a path starting with /."
            )

    def activate(
        self, banner: Banner, *, by: Any, today: datetime.date | None = None
    ) -> None:
        require_staff(by)
        today = today or utcnow().date()
        if banner.end_date is not None and banner.end_date < today:
            raise BannerError(
                f"“{banner.title}” ended on {banner.end_date.isoformat()}; "
                "change its end date before activating it."
            )
        banner.is_active = True
        self.session.flush()

    deactivate = switch("is_active", False)

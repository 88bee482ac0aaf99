"""Models for site-wide and targeted announcement banners."""

from __future__ import annotations

import datetime
import enum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from pydotorg.core.models import AuditBase
from pydotorg.core.types import IndexedFlag, enum_type
from pydotorg.core.urls import is_safe_url, url_info

SAFE_LINK_SCHEMES = ("http", "https")


def is_safe_link(link: str) -> bool:
    """An absolute http(s) URL or a site path (never ``javascript:`` and friends)."""
    return is_safe_url(link, relative=True)


class BannerType(enum.Enum):
    INFO = "info"
    SUCCESS = "success"
    WARNING = "warning"
    ERROR = "error"


class BannerTarget(enum.Enum):
    FRONTEND = "frontend"
    API = "api"


class Banner(AuditBase):
    """An announcement shown while active and within its dates.

    python.org's ``psf_pages_only`` (default on) maps to ``is_sitewide=False`` with
    ``path_prefix="/psf/"``: a banner that is not sitewide shows only on the pages
    under its prefix.
    """

    __tablename__ = "banners"

    # The text of the banner's button (python.org's ``title``).
    title: Mapped[str] = mapped_column(sa.String(200))
    message: Mapped[str] = mapped_column(sa.Text)
    link: Mapped[str] = mapped_column(
        sa.String(1024), default="", info=url_info(relative=True)
    )
    banner_type: Mapped[BannerType] = mapped_column(
        enum_type(BannerType), default=BannerType.INFO, index=True
    )
    target: Mapped[BannerTarget] = mapped_column(
        enum_type(BannerTarget), default=BannerTarget.FRONTEND, index=True
    )
    is_active: Mapped[IndexedFlag]
    is_sitewide: Mapped[IndexedFlag]
    path_prefix: Mapped[str] = mapped_column(sa.String(200), default="/psf/")
    start_date: Mapped[datetime.date | None] = mapped_column(sa.Date, index=True)
    end_date: Mapped[datetime.date | None] = mapped_column(sa.Date, index=True)

    @property
    def safe_link(self) -> str:
        """The link if it is safe to put in ``href`` (checked on save too), else ""."""
        return self.link if self.link and is_safe_link(self.link) else ""

    def shows_on(self, path: str | None) -> bool:
        """Whether the banner's scope covers the page at ``path``."""
        if self.is_sitewide:
            return True
        if not path or not self.path_prefix:
            return False
        # "/psf" and "/psf/" are the same page; prefixes always end with "/".
        return (path.rstrip("/") + "/").startswith(self.path_prefix)

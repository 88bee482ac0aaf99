"""Models for downloads: operating systems, releases, their files and daily counts."""

from __future__ import annotations

import enum
import re
import uuid
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from pydotorg.core.markup import ContentType, MarkupType, store_rendered
from pydotorg.core.models import (
    ApiIdMixin,
    AuditBase,
    Base,
    ContentManageableMixin,
    NameSlugMixin,
)
from pydotorg.core.types import (
    BlankText,
    Counter,
    Flag,
    IndexedFlag,
    UUIDType,
    enum_type,
    utcnow,
)
from pydotorg.core.urls import url_info
from pydotorg.domains.pages.models import Page


class PythonVersion(enum.Enum):
    """The release family; the value is the integer python.org's API uses."""

    PYTHON1 = 1
    PYTHON2 = 2
    PYTHON3 = 3
    PYMANAGER = 100

    @property
    def label(self) -> str:
        if self is PythonVersion.PYMANAGER:
            return "Python install manager"
        return f"Python {self.value}"


class ReleaseStatus(enum.Enum):
    PRERELEASE = "prerelease"
    BUGFIX = "bugfix"
    SECURITY = "security"
    EOL = "eol"

    @property
    def label(self) -> str:
        return {"PRERELEASE": "Pre-release", "EOL": "End of life"}.get(
            self.name, self.name.capitalize()
        )


_VERSION_RE = re.compile(r"(\d+)\.(\d+)(?:\.(\d+))?(?:(a|b|rc)(\d+))?")
# Final releases sort after their alphas, betas and release candidates.
_PRE_RANK = {"a": 0, "b": 1, "rc": 2, None: 3}


def utc_today() -> date:
    return utcnow().date()


def version_key(name: str) -> tuple[int, ...]:
    """Sortable numeric version parsed from a release name (``()`` if there is none)."""
    match = _VERSION_RE.search(name or "")
    if match is None:
        return ()
    major, minor, micro, pre, pre_number = match.groups()
    return (
        int(major),
        int(minor),
        int(micro or 0),
        _PRE_RANK[pre],
        int(pre_number or 0),
    )


class OS(ApiIdMixin, AuditBase, ContentManageableMixin, NameSlugMixin):
    __tablename__ = "download_os"

    files: Mapped[list[ReleaseFile]] = relationship(back_populates="os")

    def __str__(self) -> str:
        return self.name or self.slug or "OS"


class Release(ApiIdMixin, AuditBase, ContentManageableMixin, NameSlugMixin):
    __tablename__ = "releases"

    version: Mapped[PythonVersion] = mapped_column(
        enum_type(PythonVersion), default=PythonVersion.PYTHON3
    )
    status: Mapped[ReleaseStatus] = mapped_column(
        enum_type(ReleaseStatus), default=ReleaseStatus.BUGFIX
    )
    is_latest: Mapped[IndexedFlag]
    is_published: Mapped[IndexedFlag]
    pre_release: Mapped[Flag]
    show_on_download_page: Mapped[bool] = mapped_column(default=True)
    release_date: Mapped[date | None] = mapped_column(sa.Date, default=utc_today)
    eol_date: Mapped[date | None] = mapped_column(sa.Date)
    release_page_id: Mapped[uuid.UUID | None] = mapped_column(
        UUIDType, sa.ForeignKey("pages.id", ondelete="SET NULL")
    )
    release_notes_url: Mapped[str] = mapped_column(
        sa.String(200), default="", info=url_info(relative=True)
    )
    content: Mapped[BlankText]
    content_type: Mapped[MarkupType] = mapped_column(default=ContentType.MARKDOWN)
    content_rendered: Mapped[BlankText]  # sanitised HTML of ``content``, on save

    release_page: Mapped[Page | None] = relationship()
    files: Mapped[list[ReleaseFile]] = relationship(
        back_populates="release",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="ReleaseFile.name",
    )

    def __str__(self) -> str:
        return self.name or self.slug or "Release"

    @property
    def version_key(self) -> tuple[int, ...]:
        return version_key(self.name)

    @property
    def version_number(self) -> str:
        """``3.14.0rc2`` from ``Python 3.14.0rc2`` (the name without its family word)."""
        match = _VERSION_RE.search(self.name or "")
        return match.group(0) if match else self.name

    @property
    def minor_series(self) -> tuple[int, int] | None:
        key = self.version_key
        return (key[0], key[1]) if key else None

    @property
    def is_eol(self) -> bool:
        if self.status is ReleaseStatus.EOL:
            return True
        return self.eol_date is not None and self.eol_date <= utc_today()


store_rendered(Release, "content", "content_rendered", "content_type")


class ReleaseFile(ApiIdMixin, AuditBase, ContentManageableMixin, NameSlugMixin):
    __tablename__ = "release_files"
    __table_args__ = (
        # At most one featured download per (release, OS), as python.org.
        sa.Index(
            "uq_release_files_download_button",
            "release_id",
            "os_id",
            unique=True,
            sqlite_where=sa.text("download_button = 1"),
            postgresql_where=sa.text("download_button"),
        ),
    )

    release_id: Mapped[uuid.UUID] = mapped_column(
        UUIDType, sa.ForeignKey("releases.id", ondelete="CASCADE"), index=True
    )
    os_id: Mapped[uuid.UUID] = mapped_column(
        UUIDType, sa.ForeignKey("download_os.id", ondelete="CASCADE"), index=True
    )
    description: Mapped[BlankText]
    is_source: Mapped[Flag]
    url: Mapped[str] = mapped_column(sa.String(200), unique=True, info=url_info())

    gpg_signature_file: Mapped[str] = mapped_column(sa.String(200), default="")
    sigstore_signature_file: Mapped[str] = mapped_column(sa.String(200), default="")
    sigstore_cert_file: Mapped[str] = mapped_column(sa.String(200), default="")
    sigstore_bundle_file: Mapped[str] = mapped_column(sa.String(200), default="")
    sbom_spdx2_file: Mapped[str] = mapped_column(sa.String(200), default="")
    md5_sum: Mapped[str] = mapped_column(sa.String(200), default="")
    sha256_sum: Mapped[str] = mapped_column(sa.String(200), default="")

    filesize: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    download_button: Mapped[Flag]

    release: Mapped[Release] = relationship(back_populates="files")
    os: Mapped[OS] = relationship(back_populates="files")
    statistics: Mapped[list[DownloadStatistic]] = relationship(
        back_populates="release_file",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )

    def __str__(self) -> str:
        return self.name or self.slug or "Release file"

    @property
    def has_sigstore_materials(self) -> bool:
        return bool(
            self.sigstore_bundle_file
            or self.sigstore_cert_file
            or self.sigstore_signature_file
        )


class DownloadStatistic(Base):
    __tablename__ = "download_statistics"
    track_changes = False  # a counter bumped on every download, not content
    __table_args__ = (sa.UniqueConstraint("release_file_id", "date"),)

    release_file_id: Mapped[uuid.UUID] = mapped_column(
        UUIDType, sa.ForeignKey("release_files.id", ondelete="CASCADE"), index=True
    )
    date: Mapped[date] = mapped_column(sa.Date, index=True)
    download_count: Mapped[Counter]

    release_file: Mapped[ReleaseFile] = relationship(back_populates="statistics")

    def __str__(self) -> str:
        return f"{self.release_file} on {self.date}: {self.download_count}"


__all__ = [
    "OS",
    "DownloadStatistic",
    "PythonVersion",
    "Release",
    "ReleaseFile",
    "ReleaseStatus",
    "version_key",
]

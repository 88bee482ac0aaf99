"""Business rules for releases and their files: one place for the admin, API and CLI.

Services flush and never commit. Rule violations raise :class:`DownloadsError`,
which carries per-field messages, so every caller can show them next to the field
(admin), as a 400 JSON body (API) or as a CLI error.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, TypeVar

import sqlalchemy as sa
from flask import current_app, has_app_context
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import (
    Session,
    aliased,
    joinedload,
    selectinload,
)

from pydotorg.core.rules import RuleError
from pydotorg.domains.downloads.models import (
    OS,
    DownloadStatistic,
    PythonVersion,
    Release,
    ReleaseFile,
    ReleaseStatus,
    utc_today,
    version_key,
)
from pydotorg.domains.pages.models import Page
from pydotorg.domains.users.models import User

DEFAULT_URL_PREFIX = "https://www.python.org/"
LEGACY_URL_PREFIX = "http://www.python.org/"

# Each signature/SBOM sidecar sits next to its artifact with a fixed suffix.
SIDECAR_SUFFIXES: dict[str, str] = {
    "gpg_signature_file": ".asc",
    "sigstore_signature_file": ".sig",
    "sigstore_cert_file": ".crt",
    "sigstore_bundle_file": ".sigstore",
    "sbom_spdx2_file": ".spdx.json",
}
URL_FIELDS = ("url", *SIDECAR_SUFFIXES)
MAX_LENGTH = 200
_SHA256 = re.compile(r"[0-9a-f]{64}")

# Featured downloads on a release page: macOS, then Windows, then source.
FEATURED_OS_ORDER = ("macos", "windows", "source")


class DownloadsError(RuleError):
    """A downloads rule was broken; ``errors`` maps field names to messages."""


def url_prefix() -> str:
    if has_app_context():
        return current_app.config.get("DOWNLOADS_URL_PREFIX") or DEFAULT_URL_PREFIX
    return DEFAULT_URL_PREFIX


def _previous_value(obj: Any, field: str) -> Any:
    """The stored value of ``field`` when it is unchanged in this unit of work."""
    state = sa.inspect(obj)
    if state.transient or state.pending:
        return None
    history = state.attrs[field].history
    return history.unchanged[0] if history.unchanged else None


def _stamp(obj: Any, by: Any, *, created: bool) -> None:
    if isinstance(by, User):
        if created and obj.creator is None:
            obj.creator = by
        obj.last_modified_by = by


def _apply(obj: Any, values: Mapping[str, Any]) -> None:
    for name, value in values.items():
        setattr(obj, name, value)


class _Checks:
    """Collects field errors and raises them together."""

    def __init__(self) -> None:
        self.errors: dict[str, list[str]] = {}

    def add(self, field: str, message: str) -> None:
        self.errors.setdefault(field, []).append(message)

    def required(self, obj: Any, *fields: str) -> None:
        for field in fields:
            value = getattr(obj, field)
            if value is None or (isinstance(value, str) and not value.strip()):
                self.add(field, "This field is required.")

    def max_length(self, obj: Any, *fields: str) -> None:
        for field in fields:
            value = getattr(obj, field) or ""
            if len(value) > MAX_LENGTH:
                self.add(
                    field,
                    f"Ensure this field has no more than {MAX_LENGTH} characters.",
                )

    def unique(self, session: Session, obj: Any, field: str, label: str) -> None:
        value = getattr(obj, field)
        if not value:
            return
        model = type(obj)
        statement = sa.select(model.id).where(getattr(model, field) == value)
        if obj.id is not None:
            statement = statement.where(model.id != obj.id)
        with session.no_autoflush:
            if session.scalar(statement.limit(1)) is not None:
                self.add(field, f"{label} with this {field} already exists.")

    def raise_if_any(self) -> None:
        if self.errors:
            raise DownloadsError(self.errors)


@dataclass
class OSService:
    session: Session

    def all(self) -> list[OS]:
        return list(self.session.scalars(sa.select(OS).order_by(OS.name)))

    def get_by_slug(self, slug: str) -> OS | None:
        return self.session.scalar(sa.select(OS).where(OS.slug == slug))

    def create(self, values: Mapping[str, Any], *, by: Any = None) -> OS:
        os = OS()
        _apply(os, values)
        return self.save(os, by=by, created=True)

    def update(self, os: OS, values: Mapping[str, Any], *, by: Any = None) -> OS:
        _apply(os, values)
        return self.save(os, by=by)

    def save(self, os: OS, *, by: Any = None, created: bool = False) -> OS:
        checks = _Checks()
        checks.required(os, "name")
        checks.max_length(os, "name", "slug")
        checks.unique(self.session, os, "name", "OS")
        checks.unique(self.session, os, "slug", "OS")
        checks.raise_if_any()
        _stamp(os, by, created=created)
        self.session.add(os)
        self.session.flush()
        return os

    def delete(self, os: OS) -> None:
        self.session.delete(os)
        self.session.flush()


@dataclass
class ReleaseService:
    session: Session

    # Writing -----------------------------------------------------------------

    def create(self, values: Mapping[str, Any], *, by: Any = None) -> Release:
        release = Release()
        _apply(release, values)
        if release.pre_release and "status" not in values:
            release.status = ReleaseStatus.PRERELEASE
        return self.save(release, by=by, created=True)

    def update(
        self, release: Release, values: Mapping[str, Any], *, by: Any = None
    ) -> Release:
        _apply(release, values)
        return self.save(release, by=by)

    def save(
        self, release: Release, *, by: Any = None, created: bool = False
    ) -> Release:
        """Check the rules, then flush; ``is_latest`` clears it on the same version."""
        checks = _Checks()
        checks.required(release, "name")
        checks.max_length(release, "name", "slug", "release_notes_url")
        checks.unique(self.session, release, "slug", "Release")
        checks.raise_if_any()
        if release.version is None:
            release.version = PythonVersion.PYTHON3
        _stamp(release, by, created=created)
        self.session.add(release)
        self.session.flush()
        if release.is_latest:
            self._clear_other_latest(release)
        return release

    def _clear_other_latest(self, release: Release) -> None:
        # Row by row, not one UPDATE: each release's change is announced.
        others = self.session.scalars(
            sa.select(Release).where(
                Release.version == release.version,
                Release.id != release.id,
                Release.is_latest.is_(True),
            )
        )
        for other in others:
            other.is_latest = False
        self.session.flush()

    def publish(self, release: Release, *, by: Any = None) -> Release:
        release.is_published = True
        return self.save(release, by=by)

    def unpublish(self, release: Release, *, by: Any = None) -> Release:
        release.is_published = False
        return self.save(release, by=by)

    def mark_latest(self, release: Release, *, by: Any = None) -> Release:
        release.is_latest = True
        return self.save(release, by=by)

    def delete(self, release: Release) -> None:
        self.session.delete(release)
        self.session.flush()

    # Reading -----------------------------------------------------------------

    def get_by_slug(self, slug: str, viewer: Any = None) -> Release | None:
        """One release with its files, their OS and its page (drafts for staff only)."""
        return self.session.scalar(
            sa.select(Release)
            .where(Release.slug == slug, Release.visible_to(viewer))
            .options(
                selectinload(Release.files).joinedload(ReleaseFile.os),
                joinedload(Release.release_page),
            )
        )

    def get_by_version(self, version: str, viewer: Any = None) -> Release | None:
        """The release named ``Python <version>`` (names are exact; slugs of
        3.1.19 and 3.11.9 are the same), drafts for staff only."""
        return self.session.scalar(
            sa.select(Release)
            .where(Release.name == f"Python {version}", Release.visible_to(viewer))
            .options(joinedload(Release.release_page))
            .limit(1)
        )

    def downloads(self, viewer: Any = None) -> list[ReleaseListing]:
        """Python releases listed on /downloads/: stable, shown, newest version first."""
        statement = self._listing().where(
            Release.visible_to(viewer),
            Release.show_on_download_page.is_(True),
            Release.pre_release.is_(False),
            # The install manager has its own call-out, not a place in the list.
            Release.version != PythonVersion.PYMANAGER,
        )
        return sort_by_version(_listings(self.session.execute(statement)))

    def for_os(
        self, os: OS, viewer: Any = None
    ) -> tuple[list[ReleaseListing], list[ReleaseListing]]:
        """(stable, pre-releases) shown for ``os``, each with that OS's files only."""
        releases = self._listing().where(
            Release.visible_to(viewer), Release.show_on_download_page.is_(True)
        )
        by_id = {row.api_id: row for row in _listings(self.session.execute(releases))}
        # One files query at any size, the releases' conditions joined in.
        files = (
            sa.select(
                Release.api_id.label("release"),
                ReleaseFile.name,
                ReleaseFile.description,
                ReleaseFile.api_id,
            )
            .join(Release, ReleaseFile.release_id == Release.id)
            .where(
                ReleaseFile.os_id == os.id,
                Release.visible_to(viewer),
                Release.show_on_download_page.is_(True),
            )
            .order_by(ReleaseFile.name)
        )
        for file in self.session.execute(files):
            by_id[file.release].files.append(file)
        releases = sort_by_version(by_id.values())
        stable = [r for r in releases if not r.pre_release]
        pre = [r for r in releases if r.pre_release]
        return stable, pre

    def _listing(self) -> sa.Select[Any]:
        """The columns a list of releases shows, for ``ReleaseListing``."""
        return sa.select(
            Release.api_id,
            Release.name,
            Release.slug,
            Release.release_date,
            Release.is_published,
            Release.pre_release,
            Release.release_notes_url,
            Release.status,
            Release.eol_date,
            sa.case(
                (sa.func.coalesce(Release.content, "") == "", Page.path),
                else_=None,
            ).label("page_path"),
        ).outerjoin(Page, Release.release_page_id == Page.id)

    def _published(self) -> sa.Select[Any]:
        return sa.select(Release).where(Release.visible_to(None))

    def latest_python3(self, minor: int | None = None) -> Release | None:
        """The latest Python 3 release, or the newest 3.<minor>.x release."""
        statement = self._published().where(
            Release.version == PythonVersion.PYTHON3, Release.pre_release.is_(False)
        )
        if minor is None:
            return self._newest(statement, prefer_latest=True)
        statement = statement.where(Release.name.startswith(f"Python 3.{minor}."))
        return self._newest(statement)

    def latest_python2(self) -> Release | None:
        statement = self._published().where(
            Release.version == PythonVersion.PYTHON2, Release.pre_release.is_(False)
        )
        return self._newest(statement, prefer_latest=True)

    def latest_prerelease(self) -> Release | None:
        statement = self._published().where(
            Release.version == PythonVersion.PYTHON3, Release.pre_release.is_(True)
        )
        return self._newest(statement)

    def latest_pymanager(self) -> Release | None:
        statement = self._published().where(
            Release.version == PythonVersion.PYMANAGER,
            Release.pre_release.is_(False),
        )
        return self._newest(statement, prefer_latest=True)

    def latest_of_families(
        self, *versions: PythonVersion
    ) -> dict[PythonVersion, Release]:
        """``latest_python3()``, ``latest_pymanager()``... of several families in one query."""
        rank = (
            sa.func.row_number()
            .over(
                partition_by=Release.version,
                order_by=[
                    Release.is_latest.desc(),
                    Release.release_date.desc().nulls_last(),
                    Release.name.desc(),
                ],
            )
            .label("rank")
        )
        ranked = (
            self._published()
            .where(Release.version.in_(versions), Release.pre_release.is_(False))
            .add_columns(rank)
            .subquery()
        )
        newest = aliased(Release, ranked)
        rows = self.session.scalars(sa.select(newest).where(ranked.c.rank == 1))
        return {release.version: release for release in rows}

    def _newest(
        self, statement: sa.Select[Any], *, prefer_latest: bool = False
    ) -> Release | None:
        order: list[Any] = [Release.is_latest.desc()] if prefer_latest else []
        order += [Release.release_date.desc().nulls_last(), Release.name.desc()]
        return self.session.scalar(statement.order_by(*order).limit(1))

    def latest_series(self) -> list[ReleaseListing]:
        """The newest release of each Python 3 minor series, newest series first.

        A series with only pre-releases (the one in development) shows its newest
        pre-release.
        """
        statement = self._listing().where(
            Release.visible_to(None), Release.version == PythonVersion.PYTHON3
        )
        return latest_of_each_series(_listings(self.session.execute(statement)))

    def documented_series(self) -> list[Release]:
        """/doc/versions/: the newest final release of every Python 2 and 3 X.Y series,
        newest series first."""
        statement = self._published().where(
            Release.version.in_((PythonVersion.PYTHON2, PythonVersion.PYTHON3)),
            Release.pre_release.is_(False),
        )
        return latest_of_each_series(self.session.scalars(statement))

    def superseded_by(self, release: Release) -> Release | None:
        """The newest published final release of the same minor series, if newer."""
        series = release.minor_series
        if series is None:
            return None
        statement = self._published().where(
            Release.version == release.version,
            Release.pre_release.is_(False),
            Release.name.startswith(f"Python {series[0]}.{series[1]}."),
        )
        candidates = [
            r
            for r in self.session.scalars(statement)
            if r.minor_series == series and r.version_key > release.version_key
        ]
        return max(candidates, key=lambda r: r.version_key, default=None)

    def feed(self, limit: int = 10) -> list[Release]:
        statement = (
            self._published()
            .options(joinedload(Release.release_page))
            .order_by(Release.release_date.desc().nulls_last(), Release.name.desc())
            .limit(limit)
        )
        return list(self.session.scalars(statement))


@dataclass(slots=True)
class ReleaseListing:
    """A release as the download lists show it: read-only columns, no ORM object
    (the lists show every release; building and tracking objects dominated them).
    ``page_path`` is the legacy page that stands for a release without content;
    ``files`` holds rows with ``name``, ``description`` and ``api_id``."""

    api_id: int
    name: str
    slug: str
    release_date: date | None
    is_published: bool
    pre_release: bool
    release_notes_url: str
    status: ReleaseStatus
    eol_date: date | None
    page_path: str | None
    files: list[Any]

    @property
    def version_key(self) -> tuple[int, ...]:
        return version_key(self.name)

    @property
    def minor_series(self) -> tuple[int, int] | None:
        key = self.version_key
        return (key[0], key[1]) if key else None


_Sorted = TypeVar("_Sorted", Release, ReleaseListing)


def _listings(rows: Iterable[Any]) -> list[ReleaseListing]:
    return [ReleaseListing(*row, []) for row in rows]


def sort_by_version(releases: Iterable[_Sorted]) -> list[_Sorted]:
    return sorted(releases, key=lambda r: (r.version_key, r.name), reverse=True)


def latest_of_each_series(releases: Iterable[_Sorted]) -> list[_Sorted]:
    best: dict[tuple[int, int], _Sorted] = {}
    for release in releases:
        series = release.minor_series
        if series is None:
            continue
        current = best.get(series)
        if current is None or _series_rank(release) > _series_rank(current):
            best[series] = release
    return [best[s] for s in sorted(best, reverse=True)]


def _series_rank(release: Release | ReleaseListing) -> tuple[bool, tuple[int, ...]]:
    # A final release beats every pre-release of its series.
    return (not release.pre_release, release.version_key)


@dataclass
class ReleaseFileService:
    session: Session

    def create(
        self, values: Mapping[str, Any], *, by: Any = None, check_urls: bool = True
    ) -> ReleaseFile:
        release_file = ReleaseFile()
        _apply(release_file, values)
        return self.save(release_file, by=by, created=True, check_urls=check_urls)

    def update(
        self, release_file: ReleaseFile, values: Mapping[str, Any], *, by: Any = None
    ) -> ReleaseFile:
        _apply(release_file, values)
        return self.save(release_file, by=by)

    def save(
        self,
        release_file: ReleaseFile,
        *,
        by: Any = None,
        created: bool = False,
        check_urls: bool = True,
    ) -> ReleaseFile:
        with self.session.no_autoflush:
            try:
                self.validate(release_file, check_urls=check_urls)
            except DownloadsError:
                if created:
                    # Detach the refused file from its release's and OS's lists,
                    # or the next flush would try to save it through them.
                    release_file.release = None  # type: ignore[assignment]
                    release_file.os = None  # type: ignore[assignment]
                raise
        _stamp(release_file, by, created=created)
        self.session.add(release_file)
        self.session.flush()
        return release_file

    def validate(self, release_file: ReleaseFile, *, check_urls: bool = True) -> None:
        """Every rule python.org enforces on a file, all errors at once."""
        checks = _Checks()
        checks.required(release_file, "name", "url")
        if release_file.release is None and release_file.release_id is None:
            checks.add("release", "This field is required.")
        if release_file.os is None and release_file.os_id is None:
            checks.add("os", "This field is required.")
        checks.max_length(release_file, "name", "slug", "md5_sum", *URL_FIELDS)
        if check_urls:
            self._check_urls(release_file, checks)
        self._check_checksum(release_file, checks)
        if (release_file.filesize or 0) < 0:
            checks.add("filesize", "Ensure this value is greater than or equal to 0.")
        checks.unique(self.session, release_file, "slug", "Release file")
        checks.unique(self.session, release_file, "url", "Release file")
        self._check_download_button(release_file, checks)
        checks.raise_if_any()

    def _check_urls(self, release_file: ReleaseFile, checks: _Checks) -> None:
        prefix = url_prefix()
        for field in URL_FIELDS:
            value = getattr(release_file, field) or ""
            if not value or value.startswith(prefix):
                continue
            # Old http:// rows may stay as they are, but no new ones come in.
            legacy = value.startswith(LEGACY_URL_PREFIX)
            if legacy and _previous_value(release_file, field) == value:
                continue
            checks.add(field, f"Release file URLs must begin with '{prefix}'.")
        url = release_file.url or ""
        for field, suffix in SIDECAR_SUFFIXES.items():
            value = getattr(release_file, field) or ""
            if value and value != url + suffix:
                checks.add(
                    field, f"Sidecar URL must match the artifact URL plus '{suffix}'."
                )

    def _check_checksum(self, release_file: ReleaseFile, checks: _Checks) -> None:
        value = (release_file.sha256_sum or "").strip().lower()
        release_file.sha256_sum = value
        if value and not _SHA256.fullmatch(value):
            checks.add("sha256_sum", "SHA-256 must be 64 hexadecimal digits.")

    def _check_download_button(
        self, release_file: ReleaseFile, checks: _Checks
    ) -> None:
        if not release_file.download_button:
            return
        release_id = release_file.release_id or getattr(
            release_file.release, "id", None
        )
        os_id = release_file.os_id or getattr(release_file.os, "id", None)
        if release_id is None or os_id is None:
            return
        statement = sa.select(ReleaseFile.id).where(
            ReleaseFile.release_id == release_id,
            ReleaseFile.os_id == os_id,
            ReleaseFile.download_button.is_(True),
        )
        if release_file.id is not None:
            statement = statement.where(ReleaseFile.id != release_file.id)
        if self.session.scalar(statement.limit(1)) is not None:
            checks.add(
                "download_button",
                "This release already has a download button for this operating system.",
            )

    def delete(self, release_file: ReleaseFile) -> None:
        self.session.delete(release_file)
        self.session.flush()

    def delete_by_release(self, release: Release) -> int:
        """Delete every file of ``release``; returns how many there were."""
        # Row by row, not one DELETE: each file's deletion is announced.
        files = list(
            self.session.scalars(
                sa.select(ReleaseFile).where(ReleaseFile.release_id == release.id)
            )
        )
        for release_file in files:
            self.session.delete(release_file)
        self.session.flush()
        return len(files)

    def featured(self, release: Release) -> list[ReleaseFile]:
        """Files with the download button: macOS, then Windows, then source."""

        def rank(release_file: ReleaseFile) -> tuple[int, str]:
            slug = release_file.os.slug if release_file.os else ""
            order = (
                FEATURED_OS_ORDER.index(slug)
                if slug in FEATURED_OS_ORDER
                else len(FEATURED_OS_ORDER)
            )
            return order, release_file.name

        return sorted((f for f in release.files if f.download_button), key=rank)

    def table(self, release: Release) -> list[ReleaseFile]:
        """All files for the release page's table: source first, then by OS and name."""
        return sorted(
            release.files,
            key=lambda f: (not f.is_source, f.os.name if f.os else "", f.name),
        )

    # Download statistics ---------------------------------------------------

    def record_download(
        self, release_file_id: uuid.UUID, day: date | None = None
    ) -> None:
        """Count one download with one upsert, safe under concurrent requests."""
        day = day or utc_today()
        table = DownloadStatistic.__table__
        dialect = self.session.get_bind().dialect.name
        insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        statement = insert(table).values(
            id=uuid.uuid4(), release_file_id=release_file_id, date=day, download_count=1
        )
        statement = statement.on_conflict_do_update(
            index_elements=[table.c.release_file_id, table.c.date],
            set_={"download_count": table.c.download_count + 1},
        )
        self.session.execute(statement)

    def downloads_per_release(self, days: int) -> list[tuple[str, int]]:
        return self._downloads_by(Release.name, days)

    def downloads_per_os(self, days: int) -> list[tuple[str, int]]:
        return self._downloads_by(OS.name, days)

    def _downloads_by(self, label: Any, days: int) -> list[tuple[str, int]]:
        since = utc_today() - timedelta(days=days - 1)
        total = sa.func.sum(DownloadStatistic.download_count)
        statement = (
            sa.select(label, total)
            .select_from(DownloadStatistic)
            .join(ReleaseFile, DownloadStatistic.release_file_id == ReleaseFile.id)
            .join(Release, ReleaseFile.release_id == Release.id)
            .join(OS, ReleaseFile.os_id == OS.id)
            .where(DownloadStatistic.date >= since)
            .group_by(label)
            .order_by(total.desc(), label)
        )
        return [
            (name, int(count or 0)) for name, count in self.session.execute(statement)
        ]


__all__ = [
    "SIDECAR_SUFFIXES",
    "URL_FIELDS",
    "DownloadsError",
    "OSService",
    "ReleaseFileService",
    "ReleaseService",
    "latest_of_each_series",
    "sort_by_version",
    "version_key",
]

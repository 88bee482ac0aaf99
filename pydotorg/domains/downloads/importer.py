"""Load python.org's v2 download JSON (``os``, ``release``, ``release_file`` arrays).

python.org's integer ids (the last segment of each ``resource_uri``) become our
``api_id`` values, so URIs and the release tooling keep working after an import.
Rows are upserted by natural key (slug, file URL) or by that id; the services'
rules apply, but file URLs are kept exactly as python.org has them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from pydotorg.core.models import allocate_api_ids
from pydotorg.domains.downloads.models import OS, Release, ReleaseFile
from pydotorg.domains.downloads.serializers import (
    parse_bool,
    parse_date,
    parse_int,
    parse_uri,
    parse_version,
)
from pydotorg.domains.downloads.services import (
    DownloadsError,
    OSService,
    ReleaseFileService,
    ReleaseService,
)
from pydotorg.domains.pages.models import Page

FILE_TEXT_FIELDS = (
    "name", "slug", "description", "url", "gpg_signature_file", "md5_sum",
    "sha256_sum", "sigstore_signature_file", "sigstore_cert_file",
    "sigstore_bundle_file", "sbom_spdx2_file",
)  # fmt: skip


@dataclass
class ImportReport:
    oses: int = 0
    releases: int = 0
    files: int = 0
    skipped_files: list[str] = field(default_factory=list)


def _id(item: Mapping[str, Any], kind: str) -> int:
    try:
        return parse_uri(item.get("resource_uri"))[2]
    except ValueError:
        raise DownloadsError(
            f"{kind} {item.get('name')!r} has no usable resource_uri.",
            field="resource_uri",
        ) from None


@dataclass
class DownloadsImporter:
    session: Session

    def load(self, data: Any) -> ImportReport:
        if not isinstance(data, Mapping):
            raise DownloadsError(
                "Expected a JSON object with 'os', 'release' and 'release_file' arrays."
            )
        report = ImportReport()
        for item in data.get("os") or []:
            self._os(item)
            report.oses += 1
        for item in data.get("release") or []:
            self._release(item)
            report.releases += 1
        for item in data.get("release_file") or []:
            if self._file(item):
                report.files += 1
            else:
                report.skipped_files.append(str(item.get("name")))
        return report

    def _existing(self, model: Any, api_id: int) -> Any:
        return self.session.scalar(sa.select(model).where(model.api_id == api_id))

    def _match(self, model: Any, api_id: int, key: str, value: str) -> Any:
        """The row for python.org's ``api_id``, found by its natural key first.

        Rows made here (``flask seed``, the admin) have ids of their own, which may
        be python.org's ids for other objects: the row with the same slug (or file
        URL) is updated and takes python.org's id, and a row holding that id for
        something else moves to the next free id instead of being overwritten.
        """
        holder = self._existing(model, api_id)
        if not value:
            return holder
        row = self.session.scalar(sa.select(model).where(getattr(model, key) == value))
        if row is not None and row.api_id == api_id:
            return row
        if holder is not None and (row is not None or getattr(holder, key) != value):
            holder.api_id = allocate_api_ids(self.session, model)[0]
            self.session.flush()
        elif holder is not None:
            return holder
        if row is not None:
            row.api_id = api_id
        return row

    def _os(self, item: Mapping[str, Any]) -> None:
        api_id = _id(item, "OS")
        values = {"name": item.get("name") or "", "slug": item.get("slug") or ""}
        service = OSService(self.session)
        if os := self._match(OS, api_id, "slug", values["slug"]):
            service.update(os, values)
        else:
            service.create({**values, "api_id": api_id})

    def _release(self, item: Mapping[str, Any]) -> None:
        api_id = _id(item, "Release")
        try:
            values: dict[str, Any] = {
                "name": item.get("name") or "",
                "slug": item.get("slug") or "",
                "version": parse_version(item.get("version", 3)),
                "is_published": parse_bool(item.get("is_published", False)),
                "is_latest": parse_bool(item.get("is_latest", False)),
                "release_date": parse_date(item.get("release_date")),
                "pre_release": parse_bool(item.get("pre_release", False)),
                "show_on_download_page": parse_bool(
                    item.get("show_on_download_page", True)
                ),
                "release_notes_url": item.get("release_notes_url") or "",
                "release_page": self._page(item.get("release_page")),
            }
        except ValueError as error:
            raise DownloadsError(f"Release {item.get('name')!r}: {error}") from None
        service = ReleaseService(self.session)
        if release := self._match(Release, api_id, "slug", values["slug"]):
            service.update(release, values)
        else:
            service.create({**values, "api_id": api_id})

    def _page(self, uri: Any) -> Page | None:
        # python.org's legacy release pages are only linked when we have that page.
        if not uri:
            return None
        try:
            _, _, page_id = parse_uri(uri)
        except ValueError:
            return None
        return self.session.scalar(sa.select(Page).where(Page.api_id == page_id))

    def _file(self, item: Mapping[str, Any]) -> bool:
        api_id = _id(item, "Release file")
        try:
            os = self._existing(OS, parse_uri(item.get("os"))[2])
            release = self._existing(Release, parse_uri(item.get("release"))[2])
        except ValueError:
            return False
        if os is None or release is None:
            return False
        values: dict[str, Any] = {
            name: item.get(name) or "" for name in FILE_TEXT_FIELDS
        }
        try:
            values.update(
                os=os,
                release=release,
                is_source=parse_bool(item.get("is_source", False)),
                download_button=parse_bool(item.get("download_button", False)),
                filesize=parse_int(item.get("filesize") or 0),
            )
        except ValueError as error:
            raise DownloadsError(
                f"Release file {item.get('name')!r}: {error}"
            ) from None
        service = ReleaseFileService(self.session)
        if release_file := self._match(ReleaseFile, api_id, "url", values["url"]):
            for name, value in values.items():
                setattr(release_file, name, value)
            service.save(release_file, check_urls=False)
        else:
            service.create({**values, "api_id": api_id}, check_urls=False)
        return True

"""Demo operating systems, releases and files for ``flask seed``.

Upserted by natural key (OS and release slug, file URL), so running it twice
creates nothing new. Checksums and sizes are demo values: the URLs are real
python.org paths, the bytes behind them are not ours to hash.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from pydotorg.core.models import slugify
from pydotorg.domains.downloads.models import (
    OS,
    PythonVersion,
    Release,
    ReleaseFile,
    ReleaseStatus,
    version_key,
)
from pydotorg.domains.downloads.services import ReleaseFileService, ReleaseService

FTP = "https://www.python.org/ftp/python/"

# python.org's ids: release tooling hard-codes source = 3, installers windows = 1.
OPERATING_SYSTEMS = (
    (1, "windows", "Windows"),
    (2, "macos", "macOS"),
    (3, "source", "Source release"),
    (4, "android", "Android"),
    (5, "ios", "iOS"),
)


@dataclass(frozen=True)
class DemoRelease:
    number: str  # 3.14.2, 3.15.0a3, 25.2 (install manager)
    released: date
    status: ReleaseStatus
    eol: date | None = None
    is_latest: bool = False
    published: bool = True
    version: PythonVersion = PythonVersion.PYTHON3
    content: str = ""

    @property
    def name(self) -> str:
        if self.version is PythonVersion.PYMANAGER:
            return f"Python install manager {self.number}"
        return f"Python {self.number}"

    @property
    def slug(self) -> str:
        if self.version is PythonVersion.PYMANAGER:
            return "pymanager-" + self.number.replace(".", "")
        return slugify(self.name)

    @property
    def base(self) -> str:
        """``3.15.0`` for ``3.15.0a3``: the FTP directory."""
        match = re.match(r"\d+\.\d+(\.\d+)?", self.number)
        return match.group(0) if match else self.number

    @property
    def pre_release(self) -> bool:
        return self.status is ReleaseStatus.PRERELEASE


EOL_314, EOL_313 = date(2030, 10, 31), date(2029, 10, 31)
RELEASES = (
    DemoRelease(
        "3.14.2", date(2025, 12, 5), ReleaseStatus.BUGFIX, EOL_314, is_latest=True,
        content="Python 3.14.2 is the second maintenance release of Python 3.14.\n\n"
        "* Free-threaded Python is officially supported.\n"
        "* Template string literals (PEP 750) and deferred annotations (PEP 649).",
    ),
    DemoRelease("3.14.1", date(2025, 12, 2), ReleaseStatus.BUGFIX, EOL_314),
    DemoRelease(
        "3.14.0", date(2025, 10, 7), ReleaseStatus.BUGFIX, EOL_314,
        content="Python 3.14.0 is the newest major release of the Python programming "
        "language.",
    ),
    DemoRelease("3.13.11", date(2025, 12, 5), ReleaseStatus.BUGFIX, EOL_313),
    DemoRelease("3.13.10", date(2025, 12, 2), ReleaseStatus.BUGFIX, EOL_313),
    DemoRelease("3.15.0a3", date(2025, 12, 16), ReleaseStatus.PRERELEASE),
    DemoRelease("3.15.0a4", date(2026, 1, 13), ReleaseStatus.PRERELEASE, published=False),
    DemoRelease(
        "2.7.18", date(2020, 4, 20), ReleaseStatus.EOL, date(2020, 1, 1),
        is_latest=True, version=PythonVersion.PYTHON2,
    ),
    DemoRelease(
        "25.2", date(2025, 12, 10), ReleaseStatus.BUGFIX, is_latest=True,
        version=PythonVersion.PYMANAGER,
        content="Install and manage Python versions on Windows with `py install`.",
    ),
)  # fmt: skip


def _files(release: DemoRelease) -> list[dict[str, Any]]:
    """The file set python.org publishes for a release of this kind."""
    n, base = release.number, release.base
    if release.version is PythonVersion.PYMANAGER:
        return [
            _file(base, f"python-manager-{n}.msix", "Windows", "windows", True, "Recommended", 19_500_000),
            _file(base, f"python-manager-{n}.msi", "Windows MSI installer", "windows", False, "", 19_800_000),
        ]  # fmt: skip
    if release.version is PythonVersion.PYTHON2:
        return [
            _file(base, f"Python-{n}.tgz", "Gzipped source tarball", "source", False, "", 17_539_408, gpg=True),
            _file(base, f"Python-{n}.tar.xz", "XZ compressed source tarball", "source", True, "", 12_854_736, gpg=True),
            _file(base, f"python-{n}.amd64.msi", "Windows x86-64 MSI installer", "windows", True, "for AMD64/EM64T/x64", 20_598_784, gpg=True),
            _file(base, f"python-{n}-macosx10.9.pkg", "macOS 64-bit installer", "macos", True, "for OS X 10.9 and later", 24_889_285, gpg=True),
        ]  # fmt: skip
    # PEP 761: no PGP signatures from 3.14 on; Sigstore and SBOMs instead.
    gpg = version_key(release.name) < (3, 14)
    mac = "for macOS 10.15 and later" if not gpg else "for macOS 10.13 and later"
    return [
        _file(base, f"Python-{n}.tgz", "Gzipped source tarball", "source", False, "", 29_851_238, gpg=gpg, sbom=True),
        _file(base, f"Python-{n}.tar.xz", "XZ compressed source tarball", "source", True, "", 23_012_256, gpg=gpg, sbom=True),
        _file(base, f"python-{n}-amd64.exe", "Windows installer (64-bit)", "windows", True, "Recommended", 28_795_488, gpg=gpg, sbom=True),
        _file(base, f"python-{n}-arm64.exe", "Windows installer (ARM64)", "windows", False, "Experimental", 28_060_432, gpg=gpg, sbom=True),
        _file(base, f"python-{n}-embed-amd64.zip", "Windows embeddable package (64-bit)", "windows", False, "", 11_092_131, gpg=gpg),
        _file(base, f"python-{n}-macos11.pkg", "macOS installer", "macos", True, mac, 73_155_710, gpg=gpg),
    ]  # fmt: skip


def _file(
    base: str,
    filename: str,
    name: str,
    os_slug: str,
    button: bool,
    description: str,
    size: int,
    *,
    gpg: bool = False,
    sbom: bool = False,
) -> dict[str, Any]:
    url = f"{FTP}{base}/{filename}"
    return {
        "name": name,
        "os_slug": os_slug,
        "url": url,
        "download_button": button,
        "description": description,
        "is_source": os_slug == "source",
        "filesize": size,
        "sha256_sum": hashlib.sha256(f"demo:{url}".encode()).hexdigest(),
        "md5_sum": hashlib.md5(
            f"demo:{url}".encode(), usedforsecurity=False
        ).hexdigest(),
        "gpg_signature_file": url + ".asc" if gpg else "",
        "sigstore_bundle_file": url + ".sigstore",
        "sbom_spdx2_file": url + ".spdx.json" if sbom else "",
    }


def _file_slug(release: DemoRelease, name: str) -> str:
    # release-tools' convention: compact version, then the label.
    compact = release.base.replace(".", "")
    suffix = release.number[len(release.base) :]
    prefix = compact + (f"-{suffix}" if suffix else "")
    return f"{prefix}-{re.sub(r'[^a-zA-Z0-9_-]', '', name.replace(' ', '-'))[:40]}"


def seed_oses(session: Session) -> dict[str, OS]:
    rows = {}
    for api_id, slug, name in OPERATING_SYSTEMS:
        os = session.scalar(sa.select(OS).where(OS.slug == slug))
        if os is None:
            taken = session.scalar(sa.select(OS.id).where(OS.api_id == api_id))
            os = OS(slug=slug, name=name, api_id=None if taken else api_id)
            session.add(os)
        rows[slug] = os
    session.flush()
    return rows


def seed(session: Session) -> None:
    oses = seed_oses(session)
    releases = ReleaseService(session)
    files = ReleaseFileService(session)
    for demo in RELEASES:
        values: dict[str, Any] = {
            "name": demo.name,
            "version": demo.version,
            "status": demo.status,
            "pre_release": demo.pre_release,
            "is_published": demo.published,
            "is_latest": demo.is_latest,
            "release_date": demo.released,
            "eol_date": demo.eol,
            "content": demo.content,
            "release_notes_url": (
                f"https://docs.python.org/release/{demo.base}/whatsnew/changelog.html"
                if demo.version is PythonVersion.PYTHON3
                else ""
            ),
        }
        release = session.scalar(sa.select(Release).where(Release.slug == demo.slug))
        if release is None:
            release = releases.create({**values, "slug": demo.slug})
        for spec in _files(demo):
            values = {k: v for k, v in spec.items() if k != "os_slug"}
            if session.scalar(
                sa.select(ReleaseFile.id).where(ReleaseFile.url == spec["url"])
            ):
                continue
            files.create(
                {
                    **values,
                    "release": release,
                    "os": oses[spec["os_slug"]],
                    "slug": _file_slug(demo, spec["name"]),
                }
            )

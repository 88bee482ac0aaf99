"""The release and file rules, enforced in the services for every caller."""

import pytest
import sqlalchemy as sa

from pydotorg.core.models import commit_with_api_id_retry
from pydotorg.domains.downloads.models import OS, PythonVersion, Release, ReleaseFile
from pydotorg.domains.downloads.services import (
    DownloadsError,
    ReleaseFileService,
    ReleaseService,
)
from pydotorg.extensions import db
from tests.factories.downloads import ReleaseFactory, ReleaseFileFactory

FTP = "https://www.python.org/ftp/python/3.14.0/"
SHA = "a" * 64


def file_values(release, os, name="Python-3.14.0.tar.xz", **extra):
    return {
        "name": name,
        "release": release,
        "os": os,
        "url": FTP + name,
        "sha256_sum": SHA,
        "filesize": 23_012_256,
        **extra,
    }


def test_slug_follows_django_slugify(session):
    release = ReleaseService(session).create({"name": "Python 3.14.0rc2"})
    assert release.slug == "python-3140rc2"


def test_explicit_slug_that_is_taken_is_an_error(session):
    ReleaseFactory(name="Python 3.14.0", slug="python-3140")
    with pytest.raises(DownloadsError) as error:
        ReleaseService(session).create({"name": "Python 3.14.0", "slug": "python-3140"})
    assert "slug" in error.value.errors


def test_is_latest_clears_other_releases_of_the_same_version_only(session):
    old3 = ReleaseFactory(name="Python 3.13.0", is_latest=True)
    py2 = ReleaseFactory(
        name="Python 2.7.18", version=PythonVersion.PYTHON2, is_latest=True
    )
    new3 = ReleaseService(session).create({"name": "Python 3.14.0", "is_latest": True})
    session.refresh(old3)
    session.refresh(py2)
    assert new3.is_latest
    assert not old3.is_latest
    assert py2.is_latest


def test_prerelease_gets_prerelease_status(session):
    release = ReleaseService(session).create(
        {"name": "Python 3.15.0a1", "pre_release": True}
    )
    assert release.status.name == "PRERELEASE"


def test_api_ids_are_max_plus_one_and_explicit_ids_are_kept(session):
    first = ReleaseFactory(api_id=832)
    second = ReleaseFactory()
    assert first.api_id == 832
    assert second.api_id == 833


def test_api_id_retry_reruns_the_work_after_a_conflict(session):
    ReleaseFactory(api_id=1)
    db.session.commit()
    attempts = []

    def work():
        attempts.append(1)
        # The first attempt collides like a concurrent writer would.
        api_id = 1 if len(attempts) == 1 else None
        return ReleaseService(db.session).create(
            {"name": f"Python 3.9.{len(attempts)}", "api_id": api_id}
        )

    release = commit_with_api_id_retry(db.session, work)
    assert len(attempts) == 2
    assert release.api_id == 2


def test_valid_file_is_saved(session, oses):
    release = ReleaseFactory(name="Python 3.14.0")
    url = FTP + "Python-3.14.0.tar.xz"
    release_file = ReleaseFileService(session).create(
        file_values(
            release,
            oses["source"],
            gpg_signature_file=url + ".asc",
            sigstore_bundle_file=url + ".sigstore",
            sbom_spdx2_file=url + ".spdx.json",
            sha256_sum=SHA.upper(),
        )
    )
    assert release_file.api_id >= 1
    assert release_file.sha256_sum == SHA


@pytest.mark.parametrize(
    ("extra", "field", "message"),
    [
        (
            {"url": "http://www.python.org/ftp/python/3.14.0/x.tgz"},
            "url",
            "must begin with 'https://www.python.org/'",
        ),
        (
            {"url": "https://evil.example/x.tgz"},
            "url",
            "must begin with 'https://www.python.org/'",
        ),
        (
            {"gpg_signature_file": FTP + "other.tgz.asc"},
            "gpg_signature_file",
            "Sidecar URL must match the artifact URL plus '.asc'.",
        ),
        (
            {"sigstore_cert_file": FTP + "Python-3.14.0.tar.xz.sig"},
            "sigstore_cert_file",
            "plus '.crt'",
        ),
        (
            {"sbom_spdx2_file": FTP + "Python-3.14.0.tar.xz.json"},
            "sbom_spdx2_file",
            "plus '.spdx.json'",
        ),
        ({"sha256_sum": "abc"}, "sha256_sum", "64 hexadecimal digits"),
        ({"sha256_sum": "g" * 64}, "sha256_sum", "64 hexadecimal digits"),
    ],
)
def test_bad_file_values_are_refused_by_field(session, oses, extra, field, message):
    release = ReleaseFactory()
    with pytest.raises(DownloadsError) as error:
        ReleaseFileService(session).create(
            file_values(release, oses["source"], **extra)
        )
    assert any(message in m for m in error.value.errors[field])
    assert session.scalar(sa.select(sa.func.count(ReleaseFile.id))) == 0


def test_legacy_http_url_may_stay_but_not_be_introduced(session, oses):
    legacy = "http://www.python.org/ftp/python/2.7.5/Python-2.7.5.tgz"
    release_file = ReleaseFileService(session).create(
        file_values(ReleaseFactory(), oses["source"], url=legacy), check_urls=False
    )
    session.expire(release_file)
    service = ReleaseFileService(session)
    service.update(release_file, {"description": "old, kept as it was"})
    with pytest.raises(DownloadsError):
        service.update(
            release_file, {"url": "http://www.python.org/ftp/python/2.7.5/other.tgz"}
        )


def test_second_download_button_for_release_and_os_is_refused(session, oses):
    release = ReleaseFactory()
    service = ReleaseFileService(session)
    service.create(file_values(release, oses["windows"], "a.exe", download_button=True))
    service.create(file_values(release, oses["macos"], "b.pkg", download_button=True))
    with pytest.raises(DownloadsError) as error:
        service.create(
            file_values(release, oses["windows"], "c.exe", download_button=True)
        )
    assert "download_button" in error.value.errors


def test_url_is_unique(session, oses):
    release = ReleaseFactory()
    service = ReleaseFileService(session)
    service.create(file_values(release, oses["source"]))
    with pytest.raises(DownloadsError) as error:
        service.create(file_values(release, oses["source"], slug="another-slug"))
    assert "url" in error.value.errors


def test_latest_helpers(session):
    ReleaseFactory(name="Python 3.13.1", release_date=_d("2024-12-03"))
    newest_313 = ReleaseFactory(name="Python 3.13.2", release_date=_d("2025-02-04"))
    latest = ReleaseFactory(
        name="Python 3.14.0", is_latest=True, release_date=_d("2025-10-07")
    )
    ReleaseFactory(
        name="Python 3.15.0a1", pre_release=True, release_date=_d("2025-10-14")
    )
    ReleaseFactory(
        name="Python 3.14.1", is_published=False, release_date=_d("2025-12-02")
    )
    service = ReleaseService(session)
    assert service.latest_python3() == latest
    assert service.latest_python3(13) == newest_313
    assert service.latest_prerelease().name == "Python 3.15.0a1"
    assert service.latest_pymanager() is None
    assert [r.name for r in service.latest_series()] == [
        "Python 3.15.0a1",
        "Python 3.14.0",
        "Python 3.13.2",
    ]


def test_latest_of_several_families_in_one_query(session, count_queries):
    ReleaseFactory(name="Python 3.13.2", release_date=_d("2025-02-04"))
    flagged = ReleaseFactory(
        name="Python 3.14.0", is_latest=True, release_date=_d("2025-01-07")
    )
    ReleaseFactory(
        name="Python 3.15.0a1", pre_release=True, release_date=_d("2025-10-14")
    )
    ReleaseFactory(
        name="Python 3.14.1", is_published=False, release_date=_d("2025-12-02")
    )
    ReleaseFactory(
        name="Python install manager 25.0",
        version=PythonVersion.PYMANAGER,
        release_date=_d("2025-05-01"),
    )
    manager = ReleaseFactory(
        name="Python install manager 25.1",
        version=PythonVersion.PYMANAGER,
        release_date=_d("2025-09-01"),
    )
    service = ReleaseService(session)
    with count_queries() as counter:
        latest = service.latest_of_families(
            PythonVersion.PYTHON3, PythonVersion.PYMANAGER, PythonVersion.PYTHON2
        )
    assert counter.count == 1
    # The same answers as the one-family helpers: the flag wins over the date.
    assert latest == {PythonVersion.PYTHON3: flagged, PythonVersion.PYMANAGER: manager}
    assert latest[PythonVersion.PYTHON3] == service.latest_python3()
    assert latest[PythonVersion.PYMANAGER] == service.latest_pymanager()


def test_superseded_by_newest_patch_of_the_series(session):
    old = ReleaseFactory(name="Python 3.13.9")
    ReleaseFactory(name="Python 3.13.10")
    newest = ReleaseFactory(name="Python 3.13.11")
    ReleaseFactory(name="Python 3.14.0")
    service = ReleaseService(session)
    assert service.superseded_by(old) == newest
    assert service.superseded_by(newest) is None


def test_deleting_a_release_deletes_its_files(session, oses):
    release_file = ReleaseFileFactory(os=oses["source"])
    ReleaseService(session).delete(release_file.release)
    assert session.scalar(sa.select(sa.func.count(ReleaseFile.id))) == 0
    assert session.scalar(sa.select(sa.func.count(OS.id))) == 5
    assert session.scalar(sa.select(sa.func.count(Release.id))) == 0


def _d(text):
    from datetime import date

    return date.fromisoformat(text)

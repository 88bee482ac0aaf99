"""python.org's release upload conversation, run over real HTTP against a live server."""

import pytest
import sqlalchemy as sa

from pydotorg.domains.downloads.models import ReleaseFile
from pydotorg.extensions import db
from tests.downloads.uploader import ReleaseUploader, UploadError
from tests.factories.downloads import ReleaseFactory, ReleaseFileFactory

ARTIFACTS = (
    "Python-3.14.0.tgz",
    "Python-3.14.0.tar.xz",
    "python-3.14.0-amd64.exe",
    "python-3.14.0-embed-amd64.zip",
    "python-3.14.0-macos11.pkg",
    "python-3.14.0-aarch64-linux-android.tar.gz",
)


@pytest.fixture
def ftp_dir(tmp_path):
    directory = tmp_path / "3.14.0"
    directory.mkdir()
    for name in ARTIFACTS:
        (directory / name).write_bytes(f"contents of {name}".encode() * 100)
        (directory / f"{name}.sigstore").write_text("bundle")
    for name in ARTIFACTS[:2]:
        (directory / f"{name}.spdx.json").write_text("{}")
    (directory / "README.txt").write_text("not an artifact")
    return directory


@pytest.fixture
def release_id(oses, staff_key):
    # Unpublished: the release manager uploads files before publishing.
    release = ReleaseFactory(
        name="Python 3.14.0", slug="python-3140", is_published=False
    )
    db.session.commit()
    release_id = release.id
    end_read_transaction()
    return release_id


@pytest.fixture
def auth_info(staff_key):
    user, raw = staff_key
    db.session.commit()
    value = f"{user.username}:{raw}"
    end_read_transaction()
    return value


def end_read_transaction():
    # SQLite: a read transaction left open here would block the server's commits.
    db.session.rollback()


def files_of(release_id):
    rows = {
        (
            f.name,
            f.url,
            f.sha256_sum,
            f.filesize,
            f.os.slug,
            f.download_button,
            f.sbom_spdx2_file,
        )
        for f in db.session.scalars(
            sa.select(ReleaseFile).where(ReleaseFile.release_id == release_id)
        )
    }
    end_read_transaction()
    return rows


def test_uploader_runs_unchanged_and_a_second_run_leaves_the_same_files(
    downloads_server, ftp_dir, release_id, auth_info
):
    uploader = ReleaseUploader(f"{downloads_server}/api/v1/", auth_info)

    first_ids = uploader.upload("3.14.0", ftp_dir)
    first = files_of(release_id)
    assert len(first_ids) == len(ARTIFACTS) == len(first)
    assert (
        "XZ compressed source tarball",
        "https://www.python.org/ftp/python/3.14.0/Python-3.14.0.tar.xz",
    ) in {(name, url) for name, url, *_ in first}
    assert (
        sum(1 for *_, button, _sbom in first if button) == 3
    )  # source, windows, macos
    assert {sbom for *_, sbom in first} == {
        "",
        "https://www.python.org/ftp/python/3.14.0/Python-3.14.0.tgz.spdx.json",
        "https://www.python.org/ftp/python/3.14.0/Python-3.14.0.tar.xz.spdx.json",
    }

    second_ids = uploader.upload("3.14.0", ftp_dir)
    assert files_of(release_id) == first
    assert len(second_ids) == len(ARTIFACTS)
    methods = [method for method, _ in uploader.requests]
    assert methods.count("DELETE") == 2 and methods.count("POST") == 2 * len(ARTIFACTS)


def test_unknown_release_stops_before_any_write(
    downloads_server, ftp_dir, release_id, auth_info
):
    uploader = ReleaseUploader(f"{downloads_server}/api/v1/", auth_info)
    with pytest.raises(UploadError, match="no object for release"):
        uploader.upload("3.14.1", ftp_dir)
    assert [method for method, _ in uploader.requests] == ["GET"]


def test_wrong_key_is_refused_at_the_first_request(
    downloads_server, ftp_dir, release_id, auth_info
):
    username = auth_info.split(":")[0]
    uploader = ReleaseUploader(f"{downloads_server}/api/v1/", f"{username}:{'0' * 40}")
    with pytest.raises(UploadError, match="no object for release"):
        uploader.upload("3.14.0", ftp_dir)
    assert [method for method, _ in uploader.requests] == ["GET"]
    assert files_of(release_id) == set()


def test_a_refused_post_rolls_back_the_files_created(
    downloads_server, ftp_dir, release_id, oses, auth_info
):
    # Another release already owns one of the URLs, which are unique.
    other = ReleaseFactory(name="Python 3.14.0 (copy)")
    ReleaseFileFactory(
        release=other,
        os=oses["macos"],
        url="https://www.python.org/ftp/python/3.14.0/python-3.14.0-macos11.pkg",
    )
    db.session.commit()
    end_read_transaction()
    uploader = ReleaseUploader(f"{downloads_server}/api/v1/", auth_info)
    with pytest.raises(UploadError, match="macOS installer"):
        uploader.upload("3.14.0", ftp_dir)
    assert files_of(release_id) == set()

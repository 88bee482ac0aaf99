"""A release edited with its files inline: each file saved by its own service."""

import sqlalchemy as sa

from pydotorg.domains.downloads.models import Release, ReleaseFile
from pydotorg.extensions import db
from tests.factories.downloads import ReleaseFactory, ReleaseFileFactory
from tests.fixtures.admin_forms import admin_form, form_values

FTP = "https://www.python.org/ftp/python/3.14.0/"


def release_data(**extra):
    return {
        "name": "Python 3.14.0",
        "version": "PYTHON3",
        "status": "BUGFIX",
        "release_date": "2025-10-07",
        "content_type": "MARKDOWN",
        **extra,
    }


def file_fields(index, os, name, filename, **extra):
    fields = {"name": name, "os": str(os.id), "url": FTP + filename, **extra}
    return {f"files-{index}-{key}": value for key, value in fields.items()}


def count_files():
    return db.session.scalar(sa.select(sa.func.count(ReleaseFile.id)))


def test_a_release_is_created_with_its_files(staff_client, oses):
    data = release_data(
        **file_fields(0, oses["source"], "Source tarball", "Python-3.14.0.tgz"),
        **file_fields(
            1,
            oses["windows"],
            "Windows installer",
            "python-3.14.0-amd64.exe",
            download_button="y",
            filesize="28000000",
            sha256_sum="b" * 64,
        ),
    )
    response = admin_form(staff_client, "/admin/releases/new/", data)
    assert response.status_code == 302, response.get_data(as_text=True)[-3000:]
    release = db.session.scalar(sa.select(Release))
    files = {f.name: f for f in release.files}
    assert set(files) == {"Source tarball", "Windows installer"}
    windows = files["Windows installer"]
    assert (windows.download_button, windows.filesize) == (True, 28000000)
    # Saved by the file service: slug, api id and who made it are set.
    assert windows.slug and windows.api_id is not None
    assert windows.creator.username == "admin"


def test_a_file_the_rules_refuse_saves_neither_it_nor_the_release(staff_client, oses):
    data = release_data(
        **file_fields(0, oses["source"], "Source tarball", "Python-3.14.0.tgz")
    )
    data["files-0-url"] = "http://example.com/Python-3.14.0.tgz"
    response = admin_form(staff_client, "/admin/releases/new/", data)
    assert response.status_code == 200
    assert "Release file URLs must begin with" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(Release.id))) == 0
    assert count_files() == 0


def test_editing_a_release_edits_and_deletes_its_files_inline(staff_client, oses):
    release = ReleaseFactory(name="Python 3.14.0")
    kept = ReleaseFileFactory(release=release, os=oses["source"], name="Tarball")
    dropped = ReleaseFileFactory(release=release, os=oses["macos"], name="Old pkg")
    db.session.commit()
    url = f"/admin/releases/edit/?id={release.id}"
    shown = form_values(staff_client.get(url).get_data(as_text=True))
    index = {shown[k]: k.split("-")[1] for k in shown if k.endswith("-name")}
    shown[f"files-{index['Tarball']}-name"] = "Gzipped source tarball"
    shown[f"del-files-{index['Old pkg']}"] = "y"

    response = admin_form(staff_client, url, shown)

    assert response.status_code == 302, response.get_data(as_text=True)[-3000:]
    db.session.expire_all()
    assert [f.name for f in db.session.get(Release, release.id).files] == [
        "Gzipped source tarball"
    ]
    assert db.session.get(ReleaseFile, dropped.id) is None
    assert db.session.get(ReleaseFile, kept.id).last_modified_by.username == "admin"


def test_a_second_download_button_inline_is_refused(staff_client, oses):
    release = ReleaseFactory(name="Python 3.14.0")
    ReleaseFileFactory(release=release, os=oses["windows"], download_button=True)
    db.session.commit()
    url = f"/admin/releases/edit/?id={release.id}"
    shown = form_values(staff_client.get(url).get_data(as_text=True))
    shown.update(
        file_fields(
            1,
            oses["windows"],
            "Another installer",
            "python-3.14.0-arm64.exe",
            download_button="y",
        )
    )
    response = admin_form(staff_client, url, shown)
    assert "already has a download button" in response.get_data(as_text=True)
    assert count_files() == 1

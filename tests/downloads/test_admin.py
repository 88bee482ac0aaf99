"""Admin views for downloads: forms go through the services, actions too."""

import sqlalchemy as sa

from pydotorg.domains.downloads.models import Release, ReleaseFile
from pydotorg.extensions import db
from tests.factories.downloads import ReleaseFactory, ReleaseFileFactory
from tests.fixtures.admin_forms import admin_action, admin_form


def test_every_download_table_has_an_admin_list(staff_client, oses):
    ReleaseFileFactory(os=oses["source"])
    db.session.commit()
    for table in ("download_os", "releases", "release_files", "download_statistics"):
        assert staff_client.get(f"/admin/{table}/").status_code == 200, table
        assert staff_client.get(f"/admin/{table}/new/").status_code in (200, 302), table


def _create_file(client, release, os, **fields):
    data = {
        "release": str(release.id),
        "os": str(os.id),
        "name": "XZ compressed source tarball",
        "slug": "",
        "description": "",
        "url": "https://www.python.org/ftp/python/3.14.0/Python-3.14.0.tar.xz",
        "sha256_sum": "a" * 64,
        "md5_sum": "",
        "filesize": "23012256",
        **fields,
    }
    return admin_form(client, "/admin/release_files/new/", data, follow_redirects=True)


def test_admin_saves_a_valid_file(staff_client, oses):
    release = ReleaseFactory()
    db.session.commit()
    response = _create_file(staff_client, release, oses["source"])
    assert response.status_code == 200
    created = db.session.scalar(sa.select(ReleaseFile))
    assert created is not None and created.api_id is not None
    assert created.creator.username == "admin"


def test_admin_refuses_http_url_and_bad_sidecar_and_saves_nothing(staff_client, oses):
    release = ReleaseFactory()
    db.session.commit()
    response = _create_file(
        staff_client,
        release,
        oses["source"],
        url="http://www.python.org/ftp/python/3.14.0/Python-3.14.0.tar.xz",
        gpg_signature_file="https://www.python.org/ftp/python/3.14.0/other.asc",
    )
    html = response.get_data(as_text=True)
    assert "Release file URLs must begin with" in html
    assert "Sidecar URL must match the artifact URL plus &#39;.asc&#39;." in html
    assert db.session.scalar(sa.select(sa.func.count(ReleaseFile.id))) == 0


def test_admin_refuses_a_second_download_button(staff_client, oses):
    release = ReleaseFactory()
    ReleaseFileFactory(release=release, os=oses["windows"], download_button=True)
    db.session.commit()
    response = _create_file(staff_client, release, oses["windows"], download_button="y")
    assert "already has a download button" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(ReleaseFile.id))) == 1


def test_publish_unpublish_and_mark_latest_actions(staff_client):
    draft = ReleaseFactory(name="Python 3.14.1", is_published=False)
    latest = ReleaseFactory(name="Python 3.14.0", is_latest=True)
    db.session.commit()
    response = admin_action(staff_client, "releases", "publish", [draft.id])
    assert "1 release(s) published." in response.get_data(as_text=True)
    admin_action(staff_client, "releases", "mark_latest", [draft.id])
    db.session.expire_all()
    assert draft.is_published and draft.is_latest
    assert not latest.is_latest
    admin_action(staff_client, "releases", "unpublish", [latest.id])
    db.session.expire_all()
    assert not latest.is_published
    refused = admin_action(
        staff_client, "releases", "mark_latest", [draft.id, latest.id]
    )
    assert "exactly one release" in refused.get_data(as_text=True)


def test_admin_release_form_applies_the_latest_rule(staff_client):
    old = ReleaseFactory(name="Python 3.13.0", is_latest=True)
    db.session.commit()
    response = admin_form(
        staff_client,
        "/admin/releases/new/",
        {
            "name": "Python 3.14.0",
            "slug": "",
            "version": "PYTHON3",
            "status": "BUGFIX",
            "is_latest": "y",
            "is_published": "y",
            "show_on_download_page": "y",
            "release_date": "2025-10-07",
            "release_notes_url": "",
            "content": "",
            "content_type": "MARKDOWN",
        },
        follow_redirects=True,
    )
    assert response.status_code == 200
    created = db.session.scalar(
        sa.select(Release).where(Release.name == "Python 3.14.0")
    )
    assert created is not None, response.get_data(as_text=True)[:3000]
    assert created.slug == "python-3140"
    db.session.expire_all()
    assert not old.is_latest

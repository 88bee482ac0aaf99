"""API v2 (DRF-shaped): bare arrays, absolute links, strict file filters, Token auth."""

import sqlalchemy as sa

from pydotorg.domains.downloads.models import Release, ReleaseFile
from pydotorg.extensions import db
from tests.factories.downloads import ReleaseFactory, ReleaseFileFactory

BASE = "/api/v2/downloads"
ROOT = "http://localhost"
FTP = "https://www.python.org/ftp/python/3.14.0/"

RELEASE_KEYS = {
    "name": str, "slug": str, "version": int, "is_published": bool, "is_latest": bool,
    "release_date": str, "pre_release": bool, "release_page": type(None),
    "release_notes_url": str, "show_on_download_page": bool, "resource_uri": str,
}  # fmt: skip
FILE_KEYS = [
    "name", "slug", "os", "release", "description", "is_source", "url",
    "gpg_signature_file", "md5_sum", "sha256_sum", "filesize", "download_button",
    "resource_uri", "sigstore_signature_file", "sigstore_cert_file",
    "sigstore_bundle_file", "sbom_spdx2_file",
]  # fmt: skip


def test_release_objects_have_exactly_python_org_keys_and_types(client):
    ReleaseFactory(name="Python 3.14.0", slug="python-3140", api_id=832)
    db.session.commit()
    body = client.get(f"{BASE}/release/").get_json()
    assert isinstance(body, list)
    (release,) = body
    assert list(release) == list(RELEASE_KEYS)
    for key, kind in RELEASE_KEYS.items():
        assert type(release[key]) is kind, key
    assert release["resource_uri"] == f"{ROOT}/api/v2/downloads/release/832/"
    assert release["release_date"] == "2025-10-07T00:00:00Z"


def test_release_list_without_slash_redirects(client):
    response = client.get(f"{BASE}/release")
    assert response.status_code in (301, 308)
    assert response.location.endswith(f"{BASE}/release/")


def test_file_links_are_string_equal_to_release_and_os_uris(client, oses):
    release_file = ReleaseFileFactory(
        os=oses["macos"], url=FTP + "python-3.14.0-macos11.pkg"
    )
    db.session.commit()
    releases = client.get(f"{BASE}/release/?is_published=true").get_json()
    files = client.get(f"{BASE}/release_file/").get_json()
    os_list = client.get(f"{BASE}/os/").get_json()
    (file_obj,) = files
    assert list(file_obj) == FILE_KEYS
    assert file_obj["release"] in {r["resource_uri"] for r in releases}
    assert file_obj["os"] in {o["resource_uri"] for o in os_list}
    assert file_obj["os"] == f"{ROOT}/api/v2/downloads/os/2/"
    assert type(file_obj["filesize"]) is int
    assert file_obj["gpg_signature_file"] == ""
    assert file_obj["resource_uri"].endswith(f"/release_file/{release_file.api_id}/")


def test_release_filters_and_ignored_parameters(client):
    ReleaseFactory(name="Python 3.11.9")
    ReleaseFactory(name="Python 3.15.0a1", pre_release=True)
    ReleaseFactory(name="Python 3.14.0", is_published=False)
    db.session.commit()

    def names(query):
        return sorted(
            r["name"] for r in client.get(f"{BASE}/release/?{query}").get_json()
        )

    assert names("pre_release=false&is_published=true&version=3") == ["Python 3.11.9"]
    assert names("pre_release=1") == ["Python 3.15.0a1"]
    assert names("pre_release=maybe") == ["Python 3.11.9", "Python 3.15.0a1"]
    assert names("name=Python+3.11.9&limit=1&order_by=-release_date") == [
        "Python 3.11.9"
    ]
    assert client.get(f"{BASE}/release/?version=x").status_code == 400


def test_release_file_filters_are_strict(client, oses):
    ReleaseFileFactory(os=oses["windows"], url=FTP + "python-3.14.0-embed-amd64.zip")
    db.session.commit()
    for query, message in {
        "description=x": "'exact' is not an allowed filter on the 'description' field.",
        "format=json": "'exact' is not an allowed filter on the 'format' field.",
        "os__slug=windows": "'slug' is not an allowed filter on the 'os' field.",
    }.items():
        response = client.get(f"{BASE}/release_file/?{query}")
        assert response.status_code == 400
        assert response.get_json() == {"error": [message]}
    files = client.get(f"{BASE}/release_file/?release=1&os=1").get_json()
    assert [f["url"] for f in files] == [FTP + "python-3.14.0-embed-amd64.zip"]
    assert client.get(f"{BASE}/release_file/?os=2").get_json() == []
    assert client.get(f"{BASE}/release_file/?os=abc").status_code == 400


def test_anonymous_sees_no_drafts_or_their_files(client, oses, v2_staff):
    draft = ReleaseFactory(name="Python 3.14.1", is_published=False)
    ReleaseFileFactory(release=draft, os=oses["source"])
    db.session.commit()
    assert client.get(f"{BASE}/release/").get_json() == []
    assert client.get(f"{BASE}/release_file/").get_json() == []
    assert client.get(f"{BASE}/release/{draft.api_id}/").status_code == 404
    assert len(client.get(f"{BASE}/release/", headers=v2_staff).get_json()) == 1
    assert len(client.get(f"{BASE}/release_file/", headers=v2_staff).get_json()) == 1


def test_invalid_token_is_401_even_for_get(client):
    response = client.get(f"{BASE}/release/", headers={"Authorization": "Token nope"})
    assert response.status_code == 401
    assert response.get_json() == {"detail": "Invalid token."}


def test_write_permissions(client, user_key):
    body = {"name": "Python 3.14.0"}
    anonymous = client.post(f"{BASE}/release/", json=body)
    assert anonymous.status_code == 401
    assert anonymous.headers["WWW-Authenticate"] == "Token"
    assert anonymous.get_json() == {
        "detail": "Authentication credentials were not provided."
    }
    reader = client.post(
        f"{BASE}/release/", json=body, headers={"Authorization": f"Token {user_key[1]}"}
    )
    assert reader.status_code == 403
    assert db.session.scalar(sa.select(sa.func.count(Release.id))) == 0


def test_create_update_delete_release(client, v2_staff):
    response = client.post(
        f"{BASE}/release/",
        json={
            "name": "Python 3.14.0",
            "is_published": True,
            "release_date": "2025-10-07T14:00:00Z",
            "version": 3,
            "unknown": "ignored",
        },
        headers=v2_staff,
    )
    assert response.status_code == 201
    body = response.get_json()
    assert response.headers["Location"] == body["resource_uri"]
    assert body["slug"] == "python-3140"
    assert body["release_date"] == "2025-10-07T00:00:00Z"
    # python.org's defaults.
    assert body["show_on_download_page"] is True
    assert body["is_latest"] is False and body["pre_release"] is False
    patched = client.patch(
        body["resource_uri"], json={"is_latest": True}, headers=v2_staff
    )
    assert patched.status_code == 200
    assert patched.get_json()["is_latest"] is True
    put = client.put(
        body["resource_uri"], json={"is_published": False}, headers=v2_staff
    )
    assert put.status_code == 400
    assert put.get_json() == {"name": ["This field is required."]}
    assert client.delete(body["resource_uri"], headers=v2_staff).status_code == 204
    assert db.session.scalar(sa.select(sa.func.count(Release.id))) == 0


def test_create_file_accepts_absolute_links_and_reports_field_errors(
    client, oses, v2_staff
):
    release = ReleaseFactory(name="Python 3.14.0")
    db.session.commit()
    url = FTP + "Python-3.14.0.tgz"
    good = {
        "name": "Gzipped source tarball",
        "os": f"{ROOT}/api/v2/downloads/os/3/",
        "release": f"{ROOT}/api/v2/downloads/release/{release.api_id}/",
        "url": url,
        "sha256_sum": "1" * 64,
        "filesize": 29851238,
    }
    bad = client.post(
        f"{BASE}/release_file/",
        json={**good, "sbom_spdx2_file": url + ".json"},
        headers=v2_staff,
    )
    assert bad.status_code == 400
    assert bad.get_json() == {
        "sbom_spdx2_file": [
            "Sidecar URL must match the artifact URL plus '.spdx.json'."
        ]
    }
    created = client.post(f"{BASE}/release_file/", json=good, headers=v2_staff)
    assert created.status_code == 201
    assert created.get_json()["release"] == good["release"]


def test_delete_by_release(client, oses, v2_staff, user_key):
    release_file = ReleaseFileFactory(os=oses["source"])
    other = ReleaseFileFactory(os=oses["source"])
    db.session.commit()
    url = f"{BASE}/release_file/delete_by_release/"
    assert client.get(url).status_code == 405
    assert client.delete(url, headers=v2_staff).status_code == 400
    assert client.delete(f"{url}?release=", headers=v2_staff).status_code == 400
    assert client.delete(f"{url}?release=x", headers=v2_staff).status_code == 400
    reader = {"Authorization": f"Token {user_key[1]}"}
    assert client.delete(f"{url}?release=1", headers=reader).status_code == 403
    response = client.delete(
        f"{url}?release={release_file.release.api_id}&os=99", headers=v2_staff
    )
    assert response.status_code == 204
    assert db.session.scalars(sa.select(ReleaseFile)).all() == [other]


def test_unknown_or_hidden_release_and_os_ids_are_400_not_an_empty_list(
    client, oses, v2_staff
):
    draft = ReleaseFactory(name="Python 3.15.0a1", is_published=False)
    ReleaseFileFactory(release=draft, os=oses["source"])
    db.session.commit()
    choice = ["Select a valid choice. That choice is not one of the available choices."]
    for query, field in (
        ("release=99999", "release"),
        ("os=99", "os"),
        (f"release={draft.api_id}", "release"),
    ):
        response = client.get(f"{BASE}/release_file/?{query}")
        assert response.status_code == 400, query
        assert response.get_json() == {field: choice}
    staff = client.get(f"{BASE}/release_file/?release={draft.api_id}", headers=v2_staff)
    assert staff.status_code == 200
    assert len(staff.get_json()) == 1
    # As Django's QueryDict: the last of repeated values counts.
    assert client.get(f"{BASE}/release_file/?os=99&os=3").status_code == 200


def test_malformed_token_headers_get_drf_messages(client):
    for header, detail in (
        ("Token", "Invalid token header. No credentials provided."),
        ("Token a b", "Invalid token header. Token string should not contain spaces."),
    ):
        response = client.get(f"{BASE}/os/", headers={"Authorization": header})
        assert response.status_code == 401
        assert response.headers["WWW-Authenticate"] == "Token"
        assert response.get_json() == {"detail": detail}
    # Another scheme is not DRF's business: the request is anonymous.
    assert (
        client.get(f"{BASE}/os/", headers={"Authorization": "Bearer x"}).status_code
        == 200
    )


def test_a_filesize_too_big_for_the_database_is_a_field_error(client, oses, v2_staff):
    release = ReleaseFactory(name="Python 3.14.0")
    db.session.commit()
    url = FTP + "Python-3.14.0.tgz"
    response = client.post(
        f"{BASE}/release_file/",
        json={
            "name": "Huge",
            "os": f"{ROOT}/api/v2/downloads/os/3/",
            "release": f"{ROOT}/api/v2/downloads/release/{release.api_id}/",
            "url": url,
            "filesize": 10**30,
        },
        headers=v2_staff,
    )
    assert response.status_code == 400
    assert "filesize" in response.get_json()
    assert db.session.scalars(sa.select(ReleaseFile)).all() == []

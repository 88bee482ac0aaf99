"""API v1 (tastypie-shaped): what python.org's release tooling relies on."""

import json

import pytest
import sqlalchemy as sa

from pydotorg.domains.downloads.models import ReleaseFile
from pydotorg.extensions import db
from tests.factories.downloads import ReleaseFactory, ReleaseFileFactory

BASE = "/api/v1/downloads"
FTP = "https://www.python.org/ftp/python/3.14.0/"


def file_body(for_release, os_id=3, name="Python-3.14.0.tar.xz", **extra):
    url = FTP + name
    return {
        "name": "XZ compressed source tarball",
        "slug": f"3140-{name}".replace(".", "-"),
        "os": f"/api/v1/downloads/os/{os_id}/",
        "release": f"/api/v1/downloads/release/{for_release.api_id}/",
        "description": "",
        "is_source": os_id == 3,
        "url": url,
        "sha256_sum": "0" * 64,
        "filesize": 23012256,
        "download_button": True,
        "sigstore_bundle_file": url + ".sigstore",
        "md5_sum": "ignored-old-field-is-still-a-column",
        "sha256sum": "misspelled keys from old clients are ignored",
        **extra,
    }


def count_files():
    return db.session.scalar(sa.select(sa.func.count(ReleaseFile.id)))


def test_list_envelope_and_fields(client, oses):
    ReleaseFactory(name="Python 3.14.0", slug="python-3140", api_id=832)
    db.session.commit()
    response = client.get(f"{BASE}/release/")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert list(body) == ["meta", "objects"]
    assert body["meta"] == {
        "limit": 20, "next": None, "offset": 0, "previous": None, "total_count": 1,
    }  # fmt: skip
    release = body["objects"][0]
    assert list(release) == [
        "name", "slug", "version", "is_published", "is_latest", "release_date",
        "pre_release", "release_page", "release_notes_url", "show_on_download_page",
        "resource_uri",
    ]  # fmt: skip
    assert release["resource_uri"] == "/api/v1/downloads/release/832/"
    assert release["release_date"] == "2025-10-07T00:00:00"
    assert release["version"] == 3


def test_name_filter_decodes_plus_and_matches_exactly(client):
    ReleaseFactory(name="Python 3.14.0", api_id=7)
    ReleaseFactory(name="Python 3.14.0rc2")
    db.session.commit()
    for query in ("name=Python+3.14.0", "name=Python%203.14.0"):
        objects = client.get(f"{BASE}/release/?{query}").get_json()["objects"]
        assert [o["resource_uri"] for o in objects] == ["/api/v1/downloads/release/7/"]


def test_os_slug_filter_gives_python_org_ids(client, oses):
    db.session.commit()
    objects = client.get(f"{BASE}/os/?slug=source").get_json()["objects"]
    assert objects == [
        {
            "name": "Source release",
            "slug": "source",
            "resource_uri": "/api/v1/downloads/os/3/",
        }
    ]


def test_anonymous_sees_published_releases_only(client, v1_staff):
    ReleaseFactory(name="Python 3.14.0")
    draft = ReleaseFactory(name="Python 3.14.1", is_published=False)
    ReleaseFileFactory(release=draft)
    db.session.commit()
    anonymous = client.get(f"{BASE}/release/").get_json()
    assert [o["name"] for o in anonymous["objects"]] == ["Python 3.14.0"]
    assert client.get(f"{BASE}/release_file/").get_json()["objects"] == []
    staff = client.get(f"{BASE}/release/", headers=v1_staff).get_json()
    assert {o["name"] for o in staff["objects"]} == {"Python 3.14.0", "Python 3.14.1"}
    assert client.get(f"{BASE}/release/{draft.api_id}/").status_code == 401
    assert (
        client.get(f"{BASE}/release/{draft.api_id}/", headers=v1_staff).status_code
        == 200
    )


def test_reader_key_can_read_but_not_write(client, user_key, oses):
    user, raw = user_key
    headers = {"Authorization": f"ApiKey {user.username}:{raw}"}
    release = ReleaseFactory()
    db.session.commit()
    assert client.get(f"{BASE}/release/", headers=headers).status_code == 200
    response = client.post(
        f"{BASE}/release_file/", json=file_body(release), headers=headers
    )
    assert response.status_code == 401
    assert count_files() == 0


@pytest.mark.parametrize(
    "header",
    [
        "Token {key}",
        "ApiKey {user}{key}",
        "ApiKey  {user}:{key}",
        "ApiKey {user}:{key}:x",
        "ApiKey nobody:{key}",
        "ApiKey {user}:" + "f" * 40,
        "ApiKey :{key}",
    ],
)
def test_bad_authorization_is_401_with_empty_body_even_for_get(
    client, staff_key, header
):
    user, raw = staff_key
    db.session.commit()
    value = header.format(user=user.username, key=raw)
    response = client.get(f"{BASE}/os/", headers={"Authorization": value})
    assert response.status_code == 401
    assert response.data == b""


def test_scheme_word_is_case_insensitive(client, staff_key):
    user, raw = staff_key
    db.session.commit()
    response = client.get(
        f"{BASE}/os/", headers={"Authorization": f"apikey {user.username}:{raw}"}
    )
    assert response.status_code == 200


def test_credentials_in_query_string_are_refused(client, staff_key):
    user, raw = staff_key
    db.session.commit()
    response = client.get(f"{BASE}/os/?username={user.username}&api_key={raw}")
    assert response.status_code == 401


def test_inactive_user_key_is_refused(client, staff_key, v1_staff):
    staff_key[0].is_active = False
    db.session.commit()
    assert client.get(f"{BASE}/os/", headers=v1_staff).status_code == 401


def test_staff_session_without_key_cannot_write(staff_client, oses):
    release = ReleaseFactory()
    db.session.commit()
    response = staff_client.post(f"{BASE}/release_file/", json=file_body(release))
    assert response.status_code == 401
    assert count_files() == 0


def test_create_returns_201_with_relative_location_and_empty_body(
    client, oses, v1_staff
):
    release = ReleaseFactory(name="Python 3.14.0")
    db.session.commit()
    response = client.post(
        f"{BASE}/release_file/",
        data=json.dumps(file_body(release)),
        headers={**v1_staff, "Content-Type": "application/json"},
    )
    assert response.status_code == 201, response.data
    assert response.data == b""
    created = db.session.scalar(sa.select(ReleaseFile))
    assert (
        response.headers["Location"]
        == f"/api/v1/downloads/release_file/{created.api_id}/"
    )
    assert created.release == release
    assert created.os.slug == "source"
    assert created.is_source
    assert created.sigstore_bundle_file.endswith(".tar.xz.sigstore")
    detail = client.get(response.headers["Location"]).get_json()
    assert detail["release"] == f"/api/v1/downloads/release/{release.api_id}/"
    assert detail["filesize"] == 23012256


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"url": "http://www.python.org/ftp/python/3.14.0/x.tar.xz"}, "url"),
        ({"gpg_signature_file": FTP + "other.asc"}, "gpg_signature_file"),
        ({"release": "/api/v1/downloads/release/9999/"}, "release"),
        ({"os": "not-a-uri"}, "os"),
        ({"sha256_sum": "xyz"}, "sha256_sum"),
        ({"filesize": "big"}, "filesize"),
    ],
)
def test_bad_input_is_400_naming_the_field_and_saves_nothing(
    client, oses, v1_staff, change, field
):
    release = ReleaseFactory()
    db.session.commit()
    response = client.post(
        f"{BASE}/release_file/", json=file_body(release, **change), headers=v1_staff
    )
    assert response.status_code == 400
    errors = response.get_json()["downloads/release_file"]
    assert field in errors and errors[field][0]
    assert count_files() == 0


def test_second_download_button_is_400(client, oses, v1_staff):
    release = ReleaseFactory()
    db.session.commit()
    first = client.post(
        f"{BASE}/release_file/", json=file_body(release), headers=v1_staff
    )
    assert first.status_code == 201
    second = client.post(
        f"{BASE}/release_file/",
        json=file_body(release, name="Python-3.14.0.tgz"),
        headers=v1_staff,
    )
    assert second.status_code == 400
    assert "download_button" in second.get_json()["downloads/release_file"]
    assert count_files() == 1


def test_collection_delete_needs_exactly_one_release_filter(client, oses, v1_staff):
    keep = ReleaseFileFactory(os=oses["source"])
    gone = ReleaseFileFactory(os=oses["windows"])
    db.session.commit()
    release_id = gone.release.api_id
    for query in (
        "",
        f"?release={release_id}&os=1",
        f"?release={release_id}&release=1",
        "?os=1",
    ):
        response = client.delete(f"{BASE}/release_file/{query}", headers=v1_staff)
        assert response.status_code == 400
        assert response.get_json() == {
            "error": "Deleting release files requires exactly one 'release' filter."
        }
    assert count_files() == 2
    response = client.delete(
        f"{BASE}/release_file/?release={release_id}", headers=v1_staff
    )
    assert response.status_code == 204
    assert db.session.scalars(sa.select(ReleaseFile)).all() == [keep]


def test_anonymous_collection_delete_is_401(client, oses):
    ReleaseFileFactory(os=oses["source"])
    db.session.commit()
    response = client.delete(f"{BASE}/release_file/?release=1")
    assert response.status_code == 401
    assert count_files() == 1


def test_detail_delete_is_204_and_missing_is_404(client, oses, v1_staff):
    release_file = ReleaseFileFactory(os=oses["source"])
    db.session.commit()
    url = f"{BASE}/release_file/{release_file.api_id}/"
    assert client.delete(url, headers=v1_staff).status_code == 204
    missing = client.get(url, headers=v1_staff)
    assert missing.status_code == 404
    assert missing.data == b""


def test_put_patch_and_collection_delete_of_other_resources_are_405(client, v1_staff):
    for method, url in [
        ("put", f"{BASE}/release/"),
        ("patch", f"{BASE}/release/1/"),
        ("put", f"{BASE}/os/1/"),
        ("delete", f"{BASE}/release/"),
        ("delete", f"{BASE}/os/"),
    ]:
        response = getattr(client, method)(url, headers=v1_staff)
        assert response.status_code == 405, (method, url)
        assert "GET" in response.headers["Allow"]


def test_options_lists_allowed_methods(client):
    response = client.options(f"{BASE}/release_file/")
    assert response.status_code == 200
    assert {"GET", "POST", "DELETE"} <= set(response.headers["Allow"].split(", "))


def test_filter_errors(client):
    cases = {
        "description=x": "'exact' is not an allowed filter on the 'description' field.",
        "url=x": "The 'url' field does not allow filtering.",
        "order_by=name": "The 'name' field does not allow ordering.",
        "release=abc": "Invalid resource lookup data provided (mismatched type).",
    }
    for query, message in cases.items():
        response = client.get(f"{BASE}/release_file/?{query}")
        assert response.status_code == 400, query
        assert response.get_json() == {"error": message}


def test_unknown_parameters_are_ignored_and_relation_filters_work(client, oses):
    wanted = ReleaseFileFactory(os=oses["windows"], description="Recommended installer")
    ReleaseFileFactory(os=oses["source"])
    db.session.commit()
    for query in (
        "os=1",
        "os__slug=windows",
        f"release__name={wanted.release.name.replace(' ', '+')}",
        "description__contains=Recommended",
        "whatever=1&format=json",
    ):
        objects = client.get(f"{BASE}/release_file/?{query}").get_json()["objects"]
        names = [o["name"] for o in objects]
        assert wanted.name in names, query
        if query != "whatever=1&format=json":
            assert len(names) == 1, query


def test_release_filters(client):
    ReleaseFactory(name="Python 3.14.0", release_date=_d("2025-10-07"))
    ReleaseFactory(
        name="Python 3.15.0a1", pre_release=True, release_date=_d("2025-10-14")
    )
    db.session.commit()

    def names(query):
        return [
            o["name"]
            for o in client.get(f"{BASE}/release/?{query}").get_json()["objects"]
        ]

    assert names("pre_release=true") == ["Python 3.15.0a1"]
    assert names("pre_release=False") == ["Python 3.14.0"]
    assert names("release_date__gt=2025-10-08") == ["Python 3.15.0a1"]
    assert names("release_date__range=2025-10-01,2025-10-08") == ["Python 3.14.0"]
    assert len(names("version=3")) == 2
    assert names("version=2") == []
    assert len(names("version__startswith=3")) == 2


def test_pagination_meta_links(client):
    for n in range(5):
        ReleaseFactory(name=f"Python 3.{n}.0")
    db.session.commit()
    body = client.get(f"{BASE}/release/?limit=2&offset=2&is_published=true").get_json()
    assert body["meta"]["total_count"] == 5
    assert [o["name"] for o in body["objects"]] == ["Python 3.2.0", "Python 3.3.0"]
    assert body["meta"]["next"] == f"{BASE}/release/?is_published=true&limit=2&offset=4"
    assert (
        body["meta"]["previous"]
        == f"{BASE}/release/?is_published=true&limit=2&offset=0"
    )
    assert client.get(f"{BASE}/release/?limit=-1").status_code == 400
    assert client.get(f"{BASE}/release/?limit=0").get_json()["meta"]["limit"] == 1000


def _d(text):
    from datetime import date

    return date.fromisoformat(text)


def test_unexpected_error_is_500_with_tastypie_error_message(app, client, monkeypatch):
    # Release tooling prints ``error_message`` from a failed request's body.
    def explode(self, args):
        raise RuntimeError("database went away")

    monkeypatch.setattr("pydotorg.domains.downloads.api.V1Filters.conditions", explode)
    monkeypatch.setitem(app.config, "PROPAGATE_EXCEPTIONS", False)
    response = client.get(f"{BASE}/release/")
    assert response.status_code == 500
    assert response.mimetype == "application/json"
    assert response.get_json() == {
        "error_message": "Sorry, this request could not be processed. "
        "Please try again later."
    }

"""The API roots, v1 ``schema/`` and v1 multi-get ``set/``, as python.org serves them."""

from pydotorg.extensions import db
from tests.factories.downloads import ReleaseFactory

V1 = "/api/v1/downloads"


def test_v1_root_lists_each_resource_with_list_and_schema_endpoints(client):
    response = client.get("/api/v1/")
    assert response.status_code == 200
    body = response.get_json()
    assert body["downloads/release_file"] == {
        "list_endpoint": "/api/v1/downloads/release_file/",
        "schema": "/api/v1/downloads/release_file/schema/",
    }
    assert {"downloads/os", "downloads/release"} <= set(body)
    for entry in body.values():
        assert client.get(entry["list_endpoint"]).status_code == 200


def test_v2_root_maps_names_to_absolute_list_urls(client):
    body = client.get("/api/v2/").get_json()
    assert body["downloads/release"] == "http://localhost/api/v2/downloads/release/"
    assert {"downloads/os", "downloads/release_file"} <= set(body)
    assert not any("sponsors" in name for name in body)


def test_roots_apply_each_versions_authentication(client):
    assert (
        client.get("/api/v1/", headers={"Authorization": "Token x"}).status_code == 401
    )
    bad_token = client.get("/api/v2/", headers={"Authorization": "Token x"})
    assert bad_token.status_code == 401


def test_v1_schema_describes_fields_methods_and_filters(client):
    response = client.get(f"{V1}/release_file/schema/")
    assert response.status_code == 200
    schema = response.get_json()
    assert schema["allowed_list_http_methods"] == ["get", "post", "delete"]
    assert schema["allowed_detail_http_methods"] == ["get", "delete"]
    assert schema["default_limit"] == 20
    fields = schema["fields"]
    assert fields["filesize"]["type"] == "integer"
    assert fields["download_button"]["type"] == "boolean"
    assert fields["os"]["related_schema"] == f"{V1}/os/schema/"
    assert fields["resource_uri"]["readonly"] is True
    assert schema["filtering"]["description"] == ["contains"]
    assert schema["filtering"]["release"] == 2  # tastypie's ALL_WITH_RELATIONS
    release = client.get(f"{V1}/release/schema/").get_json()
    assert release["allowed_list_http_methods"] == ["get", "post"]
    assert release["fields"]["release_date"]["type"] == "datetime"


def test_v1_set_returns_objects_in_order_and_names_the_missing(client, v1_staff):
    first = ReleaseFactory(name="Python 3.14.0", api_id=11)
    second = ReleaseFactory(name="Python 3.13.0", api_id=12)
    ReleaseFactory(name="Python 3.15.0a1", api_id=13, is_published=False)
    db.session.commit()
    body = client.get(f"{V1}/release/set/12;11;999;13/").get_json()
    assert [o["resource_uri"] for o in body["objects"]] == [
        f"{V1}/release/{second.api_id}/",
        f"{V1}/release/{first.api_id}/",
    ]
    # A draft is not the anonymous reader's to see.
    assert body["not_found"] == ["999", "13"]
    staff = client.get(f"{V1}/release/set/13/", headers=v1_staff).get_json()
    assert staff == {"objects": [staff["objects"][0]]}
    assert staff["objects"][0]["name"] == "Python 3.15.0a1"

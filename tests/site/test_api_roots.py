"""The API roots list every domain's resources, as python.org serves them."""


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

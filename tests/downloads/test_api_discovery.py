"""v1 ``schema/`` and v1 multi-get ``set/``, as python.org serves them."""

from pydotorg.extensions import db
from tests.factories.downloads import ReleaseFactory

V1 = "/api/v1/downloads"


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

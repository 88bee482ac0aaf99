"""A key from ``flask users create-api-key`` works as v1 ``ApiKey`` and v2 ``Token``."""

from pydotorg.extensions import db
from tests.factories.downloads import ReleaseFactory
from tests.factories.users import UserFactory


def test_cli_key_reads_drafts_and_writes_through_both_versions(runner, session, client):

    UserFactory(username="rm", is_staff=True)
    draft = ReleaseFactory(name="Python 3.15.0a1", is_published=False)
    db.session.commit()
    result = runner.invoke(args=["users", "create-api-key", "--username", "rm"])
    assert result.exit_code == 0, result.output
    key = result.output.strip().splitlines()[-1]
    assert len(key) == 40 and int(key, 16) >= 0
    v1 = {"Authorization": f"ApiKey rm:{key}"}
    v2 = {"Authorization": f"Token {key}"}

    name = "name=Python+3.15.0a1"
    assert client.get(f"/api/v1/downloads/release/?{name}").get_json()["objects"] == []
    found = client.get(f"/api/v1/downloads/release/?{name}", headers=v1).get_json()
    assert [o["resource_uri"] for o in found["objects"]] == [
        f"/api/v1/downloads/release/{draft.api_id}/"
    ]
    assert len(client.get(f"/api/v2/downloads/release/?{name}", headers=v2).json) == 1

    created = client.post(
        "/api/v1/downloads/os/", json={"name": "Linux", "slug": "linux"}, headers=v1
    )
    assert created.status_code == 201
    os_uri = created.headers["Location"]
    deleted = client.delete(
        f"http://localhost{os_uri}".replace("/v1/", "/v2/"), headers=v2
    )
    assert deleted.status_code == 204
    assert client.get(os_uri, headers=v1).status_code == 404

    # The wrong user name with a valid key is refused in v1.
    assert (
        client.get(
            "/api/v1/downloads/os/",
            headers={"Authorization": f"ApiKey someone-else:{key}"},
        ).status_code
        == 401
    )

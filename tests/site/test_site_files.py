"""Small site files and URLs python.org serves: /humans.txt, /funding.json and the
/m/ short links to media."""

import json

import pytest


def test_humans_txt_is_plain_text(client, session):
    response = client.get("/humans.txt")
    assert response.status_code == 200
    assert response.mimetype == "text/plain"
    assert "/* TEAM */" in response.get_data(as_text=True)


def test_funding_json_is_a_funding_manifest(client, session):
    response = client.get("/funding.json")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    manifest = json.loads(response.get_data(as_text=True))
    assert manifest["version"] == "v1.0.0"
    assert manifest["entity"]["name"] == "Python Software Foundation"
    channels = {c["guid"] for c in manifest["funding"]["channels"]}
    assert all(set(p["channels"]) <= channels for p in manifest["funding"]["plans"])


def test_funding_json_comes_from_the_setting_when_set(
    client, app, tmp_path, monkeypatch
):
    manifest = {"version": "v1.0.0", "entity": {"name": "Example Foundation"}}
    path = tmp_path / "funding.json"
    path.write_text(json.dumps(manifest))
    monkeypatch.setitem(app.config, "FUNDING_JSON", str(path))
    assert client.get("/funding.json").get_json() == manifest
    path.write_text("not json")
    assert client.get("/funding.json").status_code == 404


@pytest.mark.parametrize(
    ("path", "target"),
    [
        ("/m/files/report.pdf", "/media/files/report.pdf"),
        ("/m/files/report.pdf/", "/media/files/report.pdf"),
        ("/m/files/./sub/../report.pdf", "/media/files/report.pdf"),
        ("/m/pages/about/logo.png", "/media/pages/about/logo.png"),
    ],
)
def test_m_links_redirect_permanently_to_media(client, path, target):
    response = client.get(path)
    assert response.status_code == 301
    assert response.location == target


@pytest.mark.parametrize(
    "path",
    [
        "/m/../instance/secret_key",
        "/m/files/../../secret_key",
        "/m/%2e%2e/secret_key",
        "/m/..",
        "/m/files\\..\\..\\secret_key",
    ],
)
def test_m_links_refuse_path_traversal(client, session, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "Location" not in response.headers

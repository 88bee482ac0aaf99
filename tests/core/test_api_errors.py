"""405 answers under /api/: python.org's bodies per engine, with the Allow header."""

import pytest


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/downloads/os/",
        "/api/v1/downloads/release/1/",
        "/api/v1/pages/page/",
        "/api/v1/pages/page/1/",
    ],
)
def test_v1_method_not_allowed_is_an_empty_405_with_allow(client, url):
    response = client.put(url, json={})
    assert response.status_code == 405
    assert response.data == b""
    assert "GET" in response.headers["Allow"]
    assert "PUT" not in response.headers["Allow"]


@pytest.mark.parametrize(
    ("method", "url", "allowed"),
    [
        ("put", "/api/v2/downloads/release/", "POST"),
        ("post", "/api/v2/downloads/os/1/", "PATCH"),
        ("get", "/api/v2/downloads/release_file/delete_by_release/", "DELETE"),
    ],
)
def test_v2_method_not_allowed_names_the_method_as_drf_does(
    client, method, url, allowed
):
    response = getattr(client, method)(url)
    assert response.status_code == 405
    assert response.mimetype == "application/json"
    assert response.get_json() == {"detail": f'Method "{method.upper()}" not allowed.'}
    assert allowed in response.headers["Allow"]


def test_site_pages_keep_their_html_405(client):
    response = client.get("/accounts/logout/")
    assert response.status_code == 405
    assert response.mimetype == "text/html"
    assert "POST" in response.headers["Allow"]

"""NUL bytes in form and JSON bodies are refused before they reach the database."""

import sqlalchemy as sa

from pydotorg.domains.users.models import User
from pydotorg.extensions import db
from tests.conftest import csrf_token_from


def test_form_body_with_nul_is_400_and_saves_nothing(client, session):
    token = csrf_token_from(client.get("/accounts/signup/").get_data(as_text=True))
    response = client.post(
        "/accounts/signup/",
        data={
            "username": "nul\x00user",
            "email": "nul@example.com",
            "password1": "a long enough passphrase",
            "password2": "a long enough passphrase",
            "csrf_token": token,
        },
    )
    assert response.status_code == 400
    assert (
        db.session.scalar(sa.select(User).where(User.email == "nul@example.com"))
        is None
    )


def test_json_body_with_escaped_nul_is_400(client):
    response = client.post(
        "/api/v2/downloads/os/",
        data='{"name": "Bad\\u0000OS"}',
        content_type="application/json",
    )
    assert response.status_code == 400


def test_ordinary_json_passes_the_check(client):
    response = client.post("/api/v2/downloads/os/", json={"name": "Plan 9"})
    assert response.status_code == 401  # reaches the API, which wants a token

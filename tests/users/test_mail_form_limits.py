"""Forms that send mail are rate limited per address when limits are on."""

import pytest

from pydotorg import create_app
from pydotorg.extensions import db
from tests.conftest import csrf_token_from


@pytest.fixture
def limited_client(app):
    limited = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test",
            "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
            "RATELIMIT_ENABLED": True,
            "MAIL_SERVER": "",
        }
    )
    yield limited.test_client()
    with limited.app_context():
        db.engine.dispose()


def test_password_reset_is_limited(limited_client):
    statuses = []
    for _ in range(11):
        page = limited_client.get("/accounts/password/reset/").get_data(as_text=True)
        response = limited_client.post(
            "/accounts/password/reset/",
            data={"email": "nobody@example.com", "csrf_token": csrf_token_from(page)},
        )
        statuses.append(response.status_code)
    assert 429 not in statuses[:10]
    assert statuses[-1] == 429
    # The HTML 429 page says when to come back.
    assert 0 < int(response.headers["Retry-After"]) <= 3600
    assert "text/html" in response.content_type

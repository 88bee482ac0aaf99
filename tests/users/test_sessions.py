"""A password change, a reset, logging out and "log out everywhere" end old sessions.

Each test logs the same user in on two clients (two browsers), or copies a session
cookie (a stolen one), and checks which of them can still open the account page.
"""

import pytest

from pydotorg.domains.users.services.accounts import UserService
from pydotorg.extensions import db
from tests.conftest import AuthActions, csrf_token_from
from tests.users.conftest import Browser, post_form

NEW_PASSWORD = "a brand new passphrase"
ACCOUNT_PAGE = "/users/edit/"


@pytest.fixture
def browsers(app, user):
    """Two browsers logged in as ``user``."""
    db.session.commit()
    browsers = [Browser(app), Browser(app)]
    for browser in browsers:
        assert AuthActions(browser).login(user.username).status_code == 302
        assert logged_in(browser)
    return browsers


def logged_in(browser):
    return browser.get(ACCOUNT_PAGE).status_code == 200


def copy_of(app, browser):
    """A third browser holding a copy of ``browser``'s session cookie."""
    thief = Browser(app)
    cookie = browser.client.get_cookie("session")
    thief.client.set_cookie("session", cookie.value, domain=cookie.domain)
    return thief


def test_a_password_change_ends_the_other_sessions_but_not_this_one(
    app, browsers, user
):
    here, there = browsers
    stolen = copy_of(app, there)

    response = post_form(
        here,
        "/accounts/password/change/",
        {
            "old_password": "correct horse battery staple",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
        },
    )

    assert response.status_code == 302
    assert logged_in(here)
    assert not logged_in(there) and not logged_in(stolen)
    assert "/accounts/login/" in there.get(ACCOUNT_PAGE).location


def test_a_password_reset_ends_every_session(app, browsers, user):
    token = UserService(db.session).password_reset_token(user)
    path = f"/accounts/password/reset/{token}/"

    post_form(
        Browser(app), path, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )

    assert not any(logged_in(client) for client in browsers)


def test_log_out_everywhere_ends_the_other_sessions(app, browsers):
    here, there = browsers
    stolen = copy_of(app, there)

    page = here.get(ACCOUNT_PAGE).get_data(as_text=True)
    assert 'action="/accounts/logout/everywhere/"' in page

    response = here.post(
        "/accounts/logout/everywhere/", data={"csrf_token": csrf_token_from(page)}
    )

    assert response.status_code == 302
    assert logged_in(here)
    assert not logged_in(there) and not logged_in(stolen)


def test_log_out_everywhere_needs_a_post_with_csrf(browsers):
    here, there = browsers
    assert here.get("/accounts/logout/everywhere/").status_code == 405
    assert here.post("/accounts/logout/everywhere/").status_code == 400
    assert logged_in(there)


def test_logging_out_ends_copies_of_the_session_too(app, browsers):
    here, _ = browsers
    stolen = copy_of(app, here)

    AuthActions(here).logout()

    with here.client.session_transaction() as flask_session:
        assert "_user_id" not in flask_session
    assert not logged_in(here)
    assert not logged_in(stolen)

"""Logging in and out, and who may enter the admin."""

from pydotorg.extensions import db
from tests.factories.users import UserFactory


def test_staff_login_by_email_reaches_admin(client, auth, staff_user):
    db.session.commit()
    response = auth.login(staff_user.email)
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_wrong_password_is_a_form_error_and_no_session(client, auth, user):
    db.session.commit()
    response = auth.login(user.username, "wrong")
    assert response.status_code == 200
    assert b"Invalid username or password." in response.data
    with client.session_transaction() as flask_session:
        assert "_user_id" not in flask_session


def test_inactive_user_is_refused_with_a_message(client, auth, session):
    UserFactory(username="gone", is_active=False)
    db.session.commit()
    response = auth.login("gone")
    assert b"This account is inactive." in response.data


def test_login_without_csrf_token_is_refused(client, user):
    db.session.commit()
    response = client.post(
        "/accounts/login/", data={"username": user.username, "password": "x"}
    )
    assert response.status_code in (200, 400)
    with client.session_transaction() as flask_session:
        assert "_user_id" not in flask_session


def test_logout_is_post_only(client, auth, user):
    db.session.commit()
    auth.login(user.username)
    assert client.get("/accounts/logout/").status_code == 405
    auth.logout()
    with client.session_transaction() as flask_session:
        assert "_user_id" not in flask_session


def test_open_redirect_is_ignored(client, auth, user):
    db.session.commit()
    token = auth.csrf_token()
    response = client.post(
        "/accounts/login/?next=https://evil.example/",
        data={
            "username": user.username,
            "password": "correct horse battery staple",
            "csrf_token": token,
        },
    )
    assert response.location == "/"


def test_create_superuser_cli(runner, session):
    result = runner.invoke(
        args=[
            "users",
            "create-superuser",
            "--username",
            "root",
            "--email",
            "root@example.com",
            "--password",
            "pw123456",
        ]
    )
    assert result.exit_code == 0, result.output
    from pydotorg.domains.users.services.accounts import UserService

    user = UserService(db.session).find_by_login("root")
    assert (
        user.is_staff and user.is_superuser and user.email_verified and user.is_active
    )

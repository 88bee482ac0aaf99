"""Visitors propose events: the events team gets a mail through the mail templates."""

import pytest
import sqlalchemy as sa

from pydotorg import create_app
from pydotorg.domains.mailing.models import EmailLog
from pydotorg.domains.mailing.services import EmailTemplateService
from pydotorg.extensions import db
from tests.conftest import csrf_token_from

SUBMISSION = {
    "event_name": "PyCon Namibia 2027",
    "event_type": "Conference",
    "python_focus": "Teaching and data science",
    "expected_attendees": "300",
    "location": "Windhoek, Namibia",
    "date_from": "2027-02-18",
    "date_to": "2027-02-20",
    "recurrence": "",
    "url": "https://na.pycon.org/",
    "description": "Three days of talks and tutorials.",
    "email_body_text": "",
}


@pytest.fixture
def member(client, auth, user):
    EmailTemplateService(db.session).sync_defaults()
    db.session.commit()
    auth.login(user.username)
    return user


def submit(client, **changes):
    token = csrf_token_from(client.get("/events/submit/").get_data(as_text=True))
    return client.post(
        "/events/submit/", data={**SUBMISSION, **changes, "csrf_token": token}
    )


def mails():
    db.session.expire_all()
    return list(
        db.session.scalars(
            sa.select(EmailLog).where(EmailLog.template_name == "event_submitted")
        )
    )


def test_anonymous_visitors_are_asked_to_log_in(client):
    response = client.get("/events/submit/")
    assert response.status_code == 302
    assert "/accounts/login/" in response.headers["Location"]


def test_submission_mails_the_events_team_from_the_submitter(client, member):
    response = submit(client)
    assert response.status_code == 302
    [mail] = mails()
    assert mail.recipient_email == "events@python.org"
    assert mail.reply_to == member.email
    assert mail.subject == "Event submission: PyCon Namibia 2027"
    assert "Windhoek, Namibia" in mail.body_text
    assert "2027-02-18 to 2027-02-20" in mail.body_text


def test_events_email_setting_is_the_recipient(app, client, member):
    app.config["EVENTS_EMAIL"] = "calendar-team@example.org"
    try:
        submit(client)
    finally:
        del app.config["EVENTS_EMAIL"]
    assert [m.recipient_email for m in mails()] == ["calendar-team@example.org"]


def test_filled_honeypot_sends_nothing(client, member):
    response = submit(client, email_body_text="cheap pills")
    assert response.status_code == 200
    assert "could not be processed" in response.get_data(as_text=True)
    assert mails() == []


def test_invalid_dates_are_field_errors(client, member):
    response = submit(client, date_to="2027-02-01", url="ftp://example.org/")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "The last day cannot be before the first day." in page
    assert "The URL must start with http:// or https://." in page
    assert mails() == []


@pytest.fixture
def limited_client(app):
    limited = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test",
            "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
            "RATELIMIT_ENABLED": True,
        }
    )
    yield limited.test_client()
    with limited.app_context():
        db.engine.dispose()


def test_submissions_are_rate_limited(limited_client):
    # The limit is checked before the login, so anonymous posts count too.
    page = limited_client.get("/accounts/login/").get_data(as_text=True)
    data = {**SUBMISSION, "csrf_token": csrf_token_from(page)}
    statuses = [
        limited_client.post("/events/submit/", data=data).status_code for _ in range(11)
    ]
    assert statuses[:10] == [302] * 10
    assert statuses[10] == 429

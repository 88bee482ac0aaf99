"""EmailService.send: never raises, logs every attempt, ties delivery to the commit."""

import sqlalchemy as sa

from pydotorg.domains.mailing.models import EmailLog, EmailStatus
from pydotorg.domains.mailing.services import EmailService, absolute_url
from pydotorg.extensions import db
from tests.factories.mailing import EmailLogFactory, EmailTemplateFactory
from tests.factories.users import UserFactory

CONTEXT = {"user": {"username": "ada"}}


def logs(**where):
    query = sa.select(EmailLog).filter_by(**where).order_by(EmailLog.recipient_email)
    return list(db.session.scalars(query))


def test_server_down_is_a_failed_row_and_retry_delivers_it(
    smtp_server, session, runner
):
    EmailTemplateFactory(internal_name="welcome")
    user = UserFactory(email="ada@example.com")
    smtp_server.stop()

    [row] = EmailService(db.session).send("welcome", user.email, {"user": user})
    db.session.commit()  # must not raise

    assert row.status is EmailStatus.FAILED
    assert "could not connect" in row.error
    assert logs(template_name="welcome")[0].status is EmailStatus.FAILED

    smtp_server.start()
    result = runner.invoke(args=["mail", "retry-failed"])
    assert result.exit_code == 0, result.output
    assert "Resent 1 mail(s); 0 failed again." in result.output

    [message] = smtp_server.messages
    assert message["To"] == "ada@example.com"
    db.session.expire_all()
    [stored] = logs(template_name="welcome")
    assert stored.status is EmailStatus.SENT
    assert stored.attempts == 2
    assert stored.error is None


def test_retry_skips_rows_out_of_attempts_and_rows_never_rendered(
    smtp_server, session, runner, app
):
    tired = EmailLogFactory(
        status=EmailStatus.FAILED, attempts=app.config["MAIL_MAX_ATTEMPTS"]
    )
    unrendered = EmailLogFactory(status=EmailStatus.FAILED, attempts=0, body_text=None)
    retried = EmailLogFactory(status=EmailStatus.FAILED, attempts=1)
    db.session.commit()

    result = runner.invoke(args=["mail", "retry-failed"])
    assert "Resent 1 mail(s)" in result.output
    assert [m["To"] for m in smtp_server.messages] == [retried.recipient_email]
    db.session.expire_all()
    assert tired.status is EmailStatus.FAILED
    assert unrendered.status is EmailStatus.FAILED
    assert retried.status is EmailStatus.SENT


def test_retry_never_sends_to_an_address_that_was_refused_as_invalid(
    smtp_server, session, runner
):
    EmailTemplateFactory(internal_name="welcome")
    service = EmailService(db.session)
    to = ["a@example.com, b@example.com", "Ann <ann@example.com>"]
    rows = service.send("welcome", to, CONTEXT) + service.send("welcome", "", CONTEXT)
    db.session.commit()
    assert [row.status for row in rows] == [EmailStatus.FAILED] * 3
    assert smtp_server.messages == []

    result = runner.invoke(args=["mail", "retry-failed"])

    assert result.exit_code == 0, result.output
    assert "Resent 0 mail(s); 0 failed again." in result.output
    assert smtp_server.messages == []
    db.session.expire_all()
    for row in logs(template_name="welcome"):
        assert row.status is EmailStatus.FAILED
        assert "recipient address" in row.error
        assert row.attempts == 0


def test_missing_or_inactive_template_is_a_failed_row(smtp_server, session):
    EmailTemplateFactory(internal_name="off", is_active=False)
    service = EmailService(db.session)

    [missing] = service.send("nope", "a@example.com", {})
    [inactive] = service.send("off", "b@example.com", {})
    db.session.commit()

    assert missing.status is EmailStatus.FAILED
    assert missing.error == "no active email template 'nope'"
    assert inactive.error == "no active email template 'off'"
    assert smtp_server.messages == []
    assert {row.recipient_email for row in logs(status=EmailStatus.FAILED)} == {
        "a@example.com",
        "b@example.com",
    }


def test_one_row_per_recipient_and_a_refused_one_fails_alone(smtp_server, session):
    EmailTemplateFactory(internal_name="welcome")
    smtp_server.refuse("bad@example.com")

    rows = EmailService(db.session).send(
        "welcome",
        ["a@example.com", "bad@example.com", "not an address"],
        {"user": {"username": "x"}},
    )
    db.session.commit()

    assert [(r.recipient_email, r.status) for r in rows] == [
        ("a@example.com", EmailStatus.SENT),
        ("bad@example.com", EmailStatus.FAILED),
        ("not an address", EmailStatus.FAILED),
    ]
    assert "bad@example.com" in rows[1].error
    assert "invalid recipient address" in rows[2].error
    assert [m["To"] for m in smtp_server.messages] == ["a@example.com"]
    assert len(logs(template_name="welcome")) == 3


def test_nothing_is_sent_or_logged_when_the_caller_rolls_back(smtp_server, session):
    EmailTemplateFactory(internal_name="welcome")
    db.session.commit()
    UserFactory()  # the caller wrote something in its transaction

    [row] = EmailService(db.session).send("welcome", "a@example.com", CONTEXT)
    db.session.rollback()

    assert row.status is EmailStatus.QUEUED
    assert smtp_server.messages == []
    assert logs(template_name="welcome") == []


def test_an_idle_session_sends_at_once(smtp_server, session):
    EmailTemplateFactory(internal_name="welcome")
    db.session.commit()

    [row] = EmailService(db.session).send("welcome", "a@example.com", CONTEXT)

    assert row.status is EmailStatus.SENT
    assert len(smtp_server.messages) == 1


def test_a_read_only_transaction_sends_when_it_ends(smtp_server, session):
    EmailTemplateFactory(internal_name="welcome")
    user = UserFactory(email="ada@example.com")
    db.session.commit()
    db.session.get(type(user), user.id)  # the caller only reads

    [row] = EmailService(db.session).send("welcome", user.email, {"user": user})
    assert smtp_server.messages == []
    db.session.close()  # what the request teardown does

    assert row.status is EmailStatus.SENT
    assert len(smtp_server.messages) == 1


def test_a_template_that_does_not_render_is_a_failed_row(smtp_server, session):
    EmailTemplateFactory(
        internal_name="broken",
        subject="Hi",
        content_text="{{ ''.__class__ }}",
        content_html=None,
    )

    [row] = EmailService(db.session).send("broken", "a@example.com", {})
    db.session.commit()

    assert row.status is EmailStatus.FAILED
    assert "SecurityError" in row.error
    assert row.body_text is None
    assert smtp_server.messages == []


def test_console_backend_prints_the_mail_without_a_server(session, capsys):
    EmailTemplateFactory(internal_name="welcome", subject="Hi {{ user.username }}")

    [row] = EmailService(db.session).send(
        "welcome", "a@example.com", {"user": {"username": "ada"}}
    )
    db.session.commit()

    assert row.status is EmailStatus.SENT
    out = capsys.readouterr().out
    assert "To: a@example.com" in out
    assert "Subject: Hi ada" in out
    assert "Hi ada, visit" in out


def test_absolute_url_outside_a_request_uses_site_url(app_ctx, app):
    assert absolute_url("users.login") == "http://localhost/accounts/login/"


def test_mail_links_use_site_url_not_the_request_host(app):
    from pydotorg.domains.mailing.services import absolute_url

    with app.test_request_context("/", headers={"Host": "evil.example"}):
        url = absolute_url("jobs.job_list")
    assert url == "http://localhost/jobs/"

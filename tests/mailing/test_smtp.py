"""Mail goes through a real SMTP server on loopback, after the caller's commit."""

from pydotorg.domains.mailing.models import EmailLog, EmailStatus
from pydotorg.domains.mailing.services import EmailService
from pydotorg.extensions import db
from tests.factories.mailing import EmailTemplateFactory
from tests.factories.users import UserFactory


def test_mail_arrives_with_rendered_subject_text_and_html(smtp_server, session):
    EmailTemplateFactory(internal_name="welcome")
    user = UserFactory(username="ada<b>", email="ada@example.com")
    rows = EmailService(db.session).send(
        "welcome", user.email, {"user": user, "url": "https://x.test/?a=1&b=2"}
    )
    assert [row.status for row in rows] == [EmailStatus.QUEUED]
    assert smtp_server.messages == []  # nothing leaves before the caller commits
    db.session.commit()

    [message] = smtp_server.messages
    assert message["Subject"] == "Hello ada<b>"
    assert message["To"] == user.email
    assert message.get_content_type() == "multipart/alternative"
    assert smtp_server.text(message).strip() == (
        "Hi ada<b>, visit https://x.test/?a=1&b=2."
    )
    assert "Hi ada&lt;b&gt;" in smtp_server.html(message)
    assert 'href="https://x.test/?a=1&amp;b=2"' in smtp_server.html(message)
    [row] = rows
    assert row.status is EmailStatus.SENT and row.attempts == 1 and row.sent_at
    stored = db.session.get(EmailLog, row.id)
    assert stored.status is EmailStatus.SENT
    assert stored.recipient_email == user.email
    assert stored.template_name == "welcome"

"""With real commits: the mail log lives in its own transaction, apart from the caller's."""

import sqlalchemy as sa

from pydotorg.domains.mailing.models import EmailLog, EmailStatus
from pydotorg.domains.mailing.services import EmailService
from pydotorg.domains.users.models import User
from pydotorg.extensions import db
from tests.factories.mailing import EmailTemplateFactory
from tests.factories.users import UserFactory


def statuses():
    with db.engine.connect() as connection:  # a fresh connection sees only commits
        rows = connection.execute(
            sa.select(EmailLog.template_name, EmailLog.status).order_by(
                EmailLog.template_name
            )
        )
        return [(name, status) for name, status in rows]


def test_failed_rows_survive_the_callers_rollback_and_queued_ones_are_dropped(
    app, live_db, smtp_server
):
    with app.app_context():
        EmailTemplateFactory(internal_name="welcome")
        db.session.commit()

        UserFactory(username="doomed")  # flushed: the caller's transaction wrote
        service = EmailService(db.session)
        service.send("welcome", "a@example.com", {"user": {"username": "a"}})
        service.send("missing", "b@example.com", {})
        db.session.rollback()

        assert statuses() == [("missing", EmailStatus.FAILED)]
        assert smtp_server.messages == []
        assert db.session.scalar(sa.select(User).filter_by(username="doomed")) is None


def test_rows_are_committed_on_their_own_after_the_callers_commit(
    app, live_db, smtp_server
):
    with app.app_context():
        EmailTemplateFactory(internal_name="welcome")
        UserFactory(username="kept")
        [row] = EmailService(db.session).send(
            "welcome", "a@example.com", {"user": {"username": "a"}}
        )
        assert statuses() == []  # nothing is written while the caller's is open
        db.session.commit()

        assert row.status is EmailStatus.SENT, row.error
        assert statuses() == [("welcome", EmailStatus.SENT)]
        assert len(smtp_server.messages) == 1

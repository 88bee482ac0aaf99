"""The content-change seam: what is collected at flush, when the hooks run, who acted."""

from __future__ import annotations

import logging
import threading

import pytest
import sqlalchemy as sa

from pydotorg.core.changes import (
    REDACTED,
    Actor,
    ChangeKind,
    FieldChange,
    acting_as,
    current_actor,
    on_after_commit,
    on_before_commit,
    set_request_actor,
    unsubscribe,
)
from pydotorg.domains.jobs.models import JobStatus
from pydotorg.domains.minutes.models import Minutes
from pydotorg.extensions import db
from tests.factories.jobs import JobFactory, JobTypeFactory
from tests.factories.mailing import EmailLogFactory
from tests.factories.minutes import MinutesFactory
from tests.factories.users import UserFactory

ROBOT = Actor.system("test robot")


class Announcements:
    """What the before-commit and after-commit hooks were given."""

    def __init__(self) -> None:
        self.before: list = []
        self.after: list = []

    def record_before(self, session, changes) -> None:
        self.before.extend(changes)

    def record_after(self, changes) -> None:
        self.after.extend(changes)

    def of(self, table: str) -> list:
        return [change for change in self.after if change.table == table]


@pytest.fixture
def announced(session):
    db.session.commit()  # what the test set up before is not the test's news
    seen = Announcements()
    on_before_commit(seen.record_before)
    on_after_commit(seen.record_after)
    yield seen
    unsubscribe(seen.record_before)
    unsubscribe(seen.record_after)


def test_a_created_row_is_announced_after_commit_with_its_values(announced):
    with acting_as(ROBOT):
        minutes = MinutesFactory(content="Board met.")
        assert announced.after == []  # flushed, not committed
        db.session.commit()
    [change] = announced.of("minutes")
    assert (change.model, change.id, change.kind) == (
        Minutes,
        minutes.id,
        ChangeKind.CREATED,
    )
    assert change.fields["content"] == FieldChange(None, "Board met.")
    assert change.actor == ROBOT
    assert announced.before == announced.after


def test_an_update_carries_only_the_changed_fields_with_old_and_new(session, announced):
    minutes = MinutesFactory(content="Draft", is_published=False)
    db.session.commit()
    announced.after.clear()
    minutes.content = "Final"
    db.session.commit()
    [change] = announced.of("minutes")
    assert change.kind is ChangeKind.UPDATED
    # The stored rendering follows its source in the same flush.
    assert set(change.fields) == {"content", "content_rendered"}
    assert change.fields["content"] == FieldChange("Draft", "Final")


def test_setting_the_public_flag_is_a_publication(session, announced):
    minutes = MinutesFactory(is_published=False)
    job = JobFactory(status=JobStatus.REVIEW)
    db.session.commit()
    announced.after.clear()
    minutes.is_published = True
    job.status = JobStatus.APPROVED
    db.session.commit()
    kinds = {change.table: change.kind for change in announced.after}
    assert kinds == {"minutes": ChangeKind.PUBLISHED, "jobs": ChangeKind.PUBLISHED}


def test_a_changed_collection_is_announced_as_related_ids(session, announced):
    full_time, remote = JobTypeFactory(), JobTypeFactory()
    job = JobFactory(job_types=[full_time])
    db.session.commit()
    announced.after.clear()
    job.job_types.append(remote)
    db.session.commit()
    [change] = announced.of("jobs")
    assert change.fields["job_types"] == FieldChange(
        [full_time.id], sorted([full_time.id, remote.id], key=str)
    )


def test_a_deleted_row_is_announced_with_its_last_values(session, announced):
    minutes = MinutesFactory(content="Gone soon")
    db.session.commit()
    announced.after.clear()
    db.session.delete(minutes)
    db.session.commit()
    [change] = announced.of("minutes")
    assert change.kind is ChangeKind.DELETED
    assert change.fields["content"] == FieldChange("Gone soon", None)


def test_a_rollback_discards_what_was_collected(announced):
    MinutesFactory()
    db.session.rollback()
    MinutesFactory(content="kept")
    db.session.commit()
    assert [c.fields["content"].new for c in announced.of("minutes")] == ["kept"]


def test_a_rolled_back_savepoint_discards_only_its_own_changes(announced):
    MinutesFactory(content="outer")
    with pytest.raises(RuntimeError), db.session.begin_nested():
        MinutesFactory(content="inner, undone")
        raise RuntimeError
    with db.session.begin_nested():
        MinutesFactory(content="inner, kept")
    db.session.commit()
    contents = sorted(c.fields["content"].new for c in announced.of("minutes"))
    assert contents == ["inner, kept", "outer"]


def test_a_failing_before_commit_hook_aborts_the_commit(announced):
    def refuse(session, changes):
        raise RuntimeError("no")

    on_before_commit(refuse)
    try:
        minutes = MinutesFactory()
        with pytest.raises(RuntimeError):
            db.session.commit()
    finally:
        unsubscribe(refuse)
    db.session.rollback()
    assert announced.after == []
    assert db.session.get(Minutes, minutes.id) is None


def test_what_a_before_commit_hook_writes_is_committed_with_the_change(announced):
    def stamp(session, changes):
        for change in changes:
            if change.table == "minutes":
                change.instance.content += " (logged)"

    on_before_commit(stamp)
    try:
        minutes = MinutesFactory(content="Met")
        db.session.commit()
    finally:
        unsubscribe(stamp)
    db.session.expire_all()
    assert db.session.get(Minutes, minutes.id).content == "Met (logged)"


def test_a_failing_after_commit_hook_is_logged_and_the_change_stays(announced, caplog):
    def explode(changes):
        raise RuntimeError("cache down")

    on_after_commit(explode)
    try:
        minutes = MinutesFactory()
        with caplog.at_level(logging.ERROR, logger="pydotorg.core.changes"):
            db.session.commit()
    finally:
        unsubscribe(explode)
    assert "after-commit subscriber" in caplog.text
    assert db.session.get(Minutes, minutes.id) is not None
    assert len(announced.of("minutes")) == 1


def test_bookkeeping_models_are_not_announced(announced):
    EmailLogFactory()
    db.session.commit()
    assert announced.of("email_logs") == []


def test_a_consumer_redacts_secret_columns(session, announced):
    user = UserFactory()
    db.session.commit()
    announced.after.clear()
    user.password_hash = "new-hash"
    db.session.commit()
    [change] = announced.of("users")
    redacted = change.redacted(
        lambda table: {"password_hash"} if table == "users" else set()
    )
    assert redacted.fields["password_hash"] == FieldChange(REDACTED, REDACTED)
    assert change.fields["password_hash"].new == "new-hash"  # the original is untouched


def test_the_actor_comes_from_the_edge(app, user):
    with app.test_request_context():
        assert current_actor() == Actor("anonymous", "anonymous", via="web")
        set_request_actor(Actor.for_user(user, via="api"))
        assert current_actor() == Actor("user", user.username, user.id, "api")
        with acting_as(ROBOT):
            assert current_actor() == ROBOT


def test_without_a_request_or_command_the_actor_is_the_system():
    found = []
    worker = threading.Thread(target=lambda: found.append(current_actor()))
    worker.start()
    worker.join()
    assert found == [Actor.system()]


def test_the_session_is_told_nothing_when_nothing_changed(announced):
    db.session.execute(sa.select(Minutes))
    db.session.commit()
    assert announced.after == announced.before == []

"""Every committed change lands in the change log, with who made it and how.

Each write path is driven the way a person or a cron job drives it (admin forms,
actions and deletes, the API, CLI commands, public forms, the feed fetch), then the
log is read back: one entry per object and transaction, with its actor, its field
diff and a snapshot of the row, secrets redacted.
"""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from pydotorg.core.changes import Actor, acting_as
from pydotorg.core.history import ChangeLogEntry
from pydotorg.core.secret_registry import REDACTED
from pydotorg.domains.jobs.models import JobStatus
from pydotorg.domains.jobs.services import today
from pydotorg.domains.mailing.services import EmailTemplateService
from pydotorg.domains.users.models import ApiKey, User
from pydotorg.domains.users.services.accounts import UserService
from pydotorg.domains.users.services.api_keys import APIKeyService
from pydotorg.extensions import db
from tests.blogs.conftest import FeedServer, item, rss
from tests.conftest import TEST_PASSWORD, csrf_token_from
from tests.factories.blogs import FeedFactory
from tests.factories.jobs import (
    JobCategoryFactory,
    JobFactory,
    JobTypeFactory,
    job_posting,
)
from tests.factories.minutes import MinutesFactory
from tests.factories.users import UserFactory
from tests.fixtures.admin_forms import admin_action, admin_form, admin_post


def logged(table: str, kind: str | None = None) -> list[ChangeLogEntry]:
    """The log's entries for ``table`` (and ``kind``), oldest first."""
    query = sa.select(ChangeLogEntry).where(ChangeLogEntry.table_name == table)
    if kind is not None:
        query = query.where(ChangeLogEntry.kind == kind)
    return list(db.session.scalars(query.order_by(ChangeLogEntry.id)))


def one(table: str, kind: str) -> ChangeLogEntry:
    found = logged(table, kind)
    assert len(found) == 1, [str(e) for e in logged(table)]
    return found[0]


def form(client, url: str, data: dict, **kwargs):
    token = csrf_token_from(client.get(url).get_data(as_text=True))
    return client.post(url, data={"csrf_token": token, **data}, **kwargs)


@pytest.fixture
def templates(session):
    EmailTemplateService(db.session).sync_defaults()
    db.session.commit()


MINUTES_FORM = {
    "date": "2024-04-10",
    "content_type": "MARKDOWN",
    "content": "Everyone came.",
}


# Admin ------------------------------------------------------------------------


def test_an_admin_create_is_logged_as_the_staff_member(staff_client, superuser):
    assert (
        admin_form(staff_client, "/admin/minutes/new/", MINUTES_FORM).status_code == 302
    )

    entry = one("minutes", "created")
    assert (entry.actor_kind, entry.actor, entry.user_id) == (
        "user",
        superuser.username,
        superuser.id,
    )
    assert entry.changes["content"] == [None, "Everyone came."]
    assert entry.snapshot["content"] == "Everyone came."
    assert entry.snapshot["content_type"] == "MARKDOWN"
    assert entry.object_label  # readable, not only an id


def test_an_admin_edit_is_logged_with_only_the_changed_fields(staff_client, superuser):
    minutes = MinutesFactory(content="Nobody came.", date=date(2024, 4, 10))
    db.session.commit()
    url = f"/admin/minutes/edit/?id={minutes.id}"

    assert admin_form(staff_client, url, MINUTES_FORM).status_code == 302

    entry = one("minutes", "updated")
    assert entry.object_id == str(minutes.id)
    assert entry.changes["content"] == ["Nobody came.", "Everyone came."]
    assert "date" not in entry.changes
    assert entry.user_id == superuser.id


def test_an_admin_delete_is_logged_with_the_row_as_it_was(staff_client):
    minutes = MinutesFactory(content="Gone soon.")
    db.session.commit()

    response = admin_post(
        staff_client, "/admin/minutes/", "/admin/minutes/delete/", {"id": minutes.id}
    )

    assert response.status_code == 302
    entry = one("minutes", "deleted")
    assert entry.snapshot["content"] == "Gone soon."
    assert entry.changes["content"] == ["Gone soon.", None]


def test_an_admin_workflow_action_is_logged_as_a_publication(staff_client, superuser):
    minutes = MinutesFactory(is_published=False)
    db.session.commit()

    admin_action(staff_client, "minutes", "publish", [minutes.id])

    entry = one("minutes", "published")
    assert entry.changes["is_published"] == [False, True]
    assert entry.actor == superuser.username


# API, CLI, feed fetch ---------------------------------------------------------


def test_an_api_write_is_logged_as_the_keys_owner(client, session):
    bot = UserFactory(username="releasebot", is_staff=True)
    _, raw_key = APIKeyService(db.session).create(bot, "release tools")
    db.session.commit()

    response = client.post(
        "/api/v2/downloads/release/",
        json={"name": "Python 3.14.0", "release_date": "2025-10-07"},
        headers={"Authorization": f"Token {raw_key}"},
    )

    assert response.status_code == 201
    entry = one("releases", "created")
    assert (entry.actor, entry.actor_via, entry.user_id) == (
        "releasebot",
        "api",
        bot.id,
    )
    assert entry.who == "releasebot (API)"
    assert entry.changes["name"] == [None, "Python 3.14.0"]


def test_a_cli_command_is_logged_as_the_command(runner, session):
    stale = JobFactory(status=JobStatus.APPROVED, expires=today() - timedelta(days=1))
    db.session.commit()

    result = runner.invoke(args=["jobs", "expire"])

    assert result.exit_code == 0, result.output
    entry = one("jobs", "updated")
    assert entry.object_id == str(stale.id)
    assert entry.actor_kind == "cli"
    assert entry.actor.endswith("jobs expire")
    assert entry.user_id is None
    assert entry.changes["status"] == ["APPROVED", "EXPIRED"]


@pytest.fixture
def feeds(app, monkeypatch):
    # The test feeds are served on 127.0.0.1, which fetches refuse by default.
    monkeypatch.setitem(app.config, "FETCH_ALLOW_PRIVATE_ADDRESSES", True)
    server = FeedServer()
    server.thread.start()
    yield server
    server.server.shutdown()
    server.server.server_close()


def test_a_feed_fetch_is_logged_as_the_fetch_command(runner, session, feeds):
    feeds.routes["/feed.xml"] = (200, rss(item(1)))
    FeedFactory(feed_url=feeds.url("/feed.xml"))
    db.session.commit()

    result = runner.invoke(args=["blogs", "fetch"])

    assert result.exit_code == 0, result.output
    entry = logged("blog_entries", "created")[0]
    assert entry.actor_kind == "cli"
    assert entry.actor.endswith("blogs fetch")


# Public forms -----------------------------------------------------------------


def test_a_public_job_post_is_logged_as_its_poster(client, auth, user, templates):
    category, job_type = JobCategoryFactory(), JobTypeFactory()
    db.session.commit()
    auth.login(user.username)
    data = job_posting(category, job_type)

    assert form(client, "/jobs/create/", data).status_code == 302

    entry = one("jobs", "created")
    assert (entry.actor, entry.user_id) == (user.username, user.id)
    assert entry.changes["job_title"] == [None, "Senior Python Developer"]
    assert entry.changes["job_types"] == [[], [str(job_type.id)]]


def test_a_signup_is_logged_as_anonymous_with_the_password_hash_redacted(
    client, templates
):
    data = {
        "username": "newbie",
        "email": "newbie@example.com",
        "password1": TEST_PASSWORD,
        "password2": TEST_PASSWORD,
        "email_body_text": "",
    }

    assert form(client, "/accounts/signup/", data).status_code == 302

    entry = one("users", "created")
    assert entry.actor_kind == "anonymous"
    assert entry.changes["password_hash"] == [REDACTED, REDACTED]
    assert entry.snapshot["password_hash"] == REDACTED
    stored_hash = db.session.scalar(
        sa.select(User.password_hash).where(User.username == "newbie")
    )
    assert stored_hash not in json.dumps([entry.changes, entry.snapshot])


def test_secret_columns_never_reach_the_log(session):
    user = UserFactory(username="keyholder")
    _, raw_key = APIKeyService(db.session).create(user, "tools")
    db.session.commit()
    UserService(db.session).set_password(user, "another long passphrase")
    db.session.commit()

    key_hash = db.session.scalar(sa.select(ApiKey.key_hash))
    everything = json.dumps(
        [[e.changes, e.snapshot] for e in logged("api_keys") + logged("users")]
    )
    assert logged("api_keys", "created")
    assert one("users", "updated").changes["password_hash"] == [REDACTED, REDACTED]
    for secret in (key_hash, raw_key, user.password_hash):
        assert secret not in everything


# One entry per object and transaction -----------------------------------------


def test_several_flushes_of_one_object_make_one_entry(session):
    minutes = MinutesFactory(content="one")
    db.session.commit()

    minutes.content = "two"
    db.session.flush()
    minutes.content = "three"
    db.session.commit()

    entry = one("minutes", "updated")
    assert entry.changes["content"] == ["one", "three"]
    assert entry.snapshot["content"] == "three"


def test_a_rolled_back_change_leaves_no_entry(session):
    MinutesFactory(content="never")
    db.session.flush()
    db.session.rollback()
    MinutesFactory(content="kept")
    db.session.commit()

    assert [e.snapshot["content"] for e in logged("minutes")] == ["kept"]


def test_a_user_deleting_their_own_account_is_logged_without_breaking_the_commit(
    session,
):
    user = UserFactory(username="leaving")
    db.session.commit()
    user_id = user.id

    with acting_as(Actor.for_user(user)):
        db.session.delete(user)
        db.session.commit()

    entry = one("users", "deleted")
    assert (entry.actor, entry.user_id) == ("leaving", None)
    assert entry.object_id == str(user_id)


def test_stored_renderings_stay_out_of_the_log(staff_client, session):
    from pydotorg.core.history import history_of
    from tests.factories.pages import PageFactory

    page = PageFactory(path="logged", content="*one*", content_type="MARKDOWN")
    db.session.commit()
    page.content = "*two*"
    db.session.commit()
    entries = history_of(db.session, "pages", page.id)
    assert entries and all("content_rendered" not in e.changes for e in entries)
    assert all("content_rendered" not in (e.snapshot or {}) for e in entries)
    assert "content" in entries[0].changes

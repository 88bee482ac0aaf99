"""Every write path announces its changes through the one seam, with its actor.

Admin forms, actions and deletes, the API, CLI commands, public forms, the feed
fetch and job expiry: each is driven the way a person or a cron job drives it, and
the after-commit subscribers hear what changed and who (or what) changed it.
"""

from __future__ import annotations

import io
from datetime import timedelta

import pytest

from pydotorg.core.changes import Actor, ChangeKind, on_after_commit, unsubscribe
from pydotorg.domains.jobs.models import JobStatus
from pydotorg.domains.jobs.services import today
from pydotorg.domains.mailing.services import EmailTemplateService
from pydotorg.domains.users.services.api_keys import APIKeyService
from pydotorg.extensions import db
from tests.blogs.conftest import FeedServer, item, rss
from tests.conftest import csrf_token_from
from tests.factories.blogs import FeedFactory
from tests.factories.downloads import ReleaseFactory, ReleaseFileFactory
from tests.factories.jobs import (
    JobCategoryFactory,
    JobFactory,
    JobTypeFactory,
    job_posting,
)
from tests.factories.minutes import MinutesFactory
from tests.factories.nominations import ElectionFactory
from tests.factories.sponsors import SponsorshipLevelFactory
from tests.factories.users import UserFactory
from tests.fixtures.admin_forms import admin_action, admin_form, admin_post

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PASSWORD = "correct horse battery staple"


class Heard:
    """The changes announced after commit, looked up by table and kind."""

    def __init__(self) -> None:
        self.changes: list = []

    def __call__(self, changes) -> None:
        self.changes.extend(changes)

    def one(self, table: str, kind: ChangeKind):
        found = [c for c in self.changes if c.table == table and c.kind is kind]
        assert found, f"no {kind.value} {table} among {self.summary()}"
        return found[0]

    def summary(self) -> list[str]:
        return [f"{c.kind.value} {c.table} by {c.actor}" for c in self.changes]


@pytest.fixture
def heard(session):
    EmailTemplateService(db.session).sync_defaults()
    db.session.commit()
    listener = Heard()
    on_after_commit(listener)
    yield listener
    unsubscribe(listener)


def web(user) -> Actor:
    return Actor("user", user.username, user.id, "web")


def form(client, url: str, data: dict, **kwargs):
    token = csrf_token_from(client.get(url).get_data(as_text=True))
    return client.post(url, data={"csrf_token": token, **data}, **kwargs)


# Admin ------------------------------------------------------------------------

MINUTES_FORM = {
    "date": "2024-04-10",
    "content_type": "MARKDOWN",
    "content": "Everyone came.",
}


def test_admin_create_is_announced_as_the_staff_member(staff_client, superuser, heard):
    response = admin_form(staff_client, "/admin/minutes/new/", MINUTES_FORM)
    assert response.status_code == 302
    change = heard.one("minutes", ChangeKind.CREATED)
    assert change.actor == web(superuser)
    assert change.fields["content"].new == "Everyone came."


def test_admin_edit_is_announced_with_the_field_diff(staff_client, superuser, heard):
    minutes = MinutesFactory(content="Nobody came.")
    db.session.commit()
    url = f"/admin/minutes/edit/?id={minutes.id}"
    assert admin_form(staff_client, url, MINUTES_FORM).status_code == 302
    change = heard.one("minutes", ChangeKind.UPDATED)
    assert change.actor == web(superuser)
    assert (change.fields["content"].old, change.fields["content"].new) == (
        "Nobody came.",
        "Everyone came.",
    )


def test_admin_delete_is_announced(staff_client, superuser, heard):
    minutes = MinutesFactory()
    db.session.commit()
    response = admin_post(
        staff_client, "/admin/minutes/", "/admin/minutes/delete/", {"id": minutes.id}
    )
    assert response.status_code == 302
    assert heard.one("minutes", ChangeKind.DELETED).id == minutes.id


def test_admin_action_is_announced(staff_client, superuser, heard):
    minutes = MinutesFactory(is_published=False)
    db.session.commit()
    admin_action(staff_client, "minutes", "publish", [minutes.id])
    change = heard.one("minutes", ChangeKind.PUBLISHED)
    assert (change.id, change.actor) == (minutes.id, web(superuser))


# API and CLI ------------------------------------------------------------------


def test_api_write_is_announced_as_the_keys_owner(client, session, heard):
    bot = UserFactory(username="releasebot", is_staff=True)
    _, raw_key = APIKeyService(db.session).create(bot, "release tools")
    db.session.commit()
    response = client.post(
        "/api/v2/downloads/release/",
        json={"name": "Python 3.14.0", "release_date": "2025-10-07"},
        headers={"Authorization": f"Token {raw_key}"},
    )
    assert response.status_code == 201
    change = heard.one("releases", ChangeKind.CREATED)
    assert change.actor == Actor("user", "releasebot", bot.id, "api")


def test_api_bulk_delete_announces_each_deleted_row(client, session, heard):
    bot = UserFactory(username="releasebot", is_staff=True)
    _, raw_key = APIKeyService(db.session).create(bot, "release tools")
    release = ReleaseFactory()
    files = ReleaseFileFactory.create_batch(2, release=release)
    db.session.commit()
    response = client.delete(
        f"/api/v2/downloads/release_file/delete_by_release/?release={release.api_id}",
        headers={"Authorization": f"Token {raw_key}"},
    )
    assert response.status_code == 204
    deleted = [c for c in heard.changes if c.kind is ChangeKind.DELETED]
    assert sorted(c.id for c in deleted) == sorted(f.id for f in files)
    assert {c.actor.name for c in deleted} == {"releasebot"}


def test_cli_command_is_announced_as_the_command(runner, session, heard):
    UserFactory(username="release-manager")
    db.session.commit()
    result = runner.invoke(
        args=["users", "create-api-key", "--username", "release-manager"]
    )
    assert result.exit_code == 0, result.output
    change = heard.one("api_keys", ChangeKind.CREATED)
    assert change.actor.kind == "cli"
    assert change.actor.name.endswith("users create-api-key")


@pytest.fixture
def feeds(app, monkeypatch):
    # Served on 127.0.0.1, which server-side fetches refuse by default.
    monkeypatch.setitem(app.config, "FETCH_ALLOW_PRIVATE_ADDRESSES", True)
    server = FeedServer()
    server.thread.start()
    yield server
    server.server.shutdown()
    server.server.server_close()


def test_feed_fetch_is_announced_as_the_fetch_command(runner, session, heard, feeds):
    feeds.routes["/feed.xml"] = (200, rss(item(1)))
    FeedFactory(feed_url=feeds.url("/feed.xml"))
    db.session.commit()
    result = runner.invoke(args=["blogs", "fetch"])
    assert result.exit_code == 0, result.output
    change = heard.one("blog_entries", ChangeKind.CREATED)
    assert change.actor.kind == "cli"
    assert change.actor.name.endswith("blogs fetch")


def test_job_expiry_is_announced_as_the_expire_command(runner, session, heard):
    stale = JobFactory(status=JobStatus.APPROVED, expires=today() - timedelta(days=1))
    db.session.commit()
    result = runner.invoke(args=["jobs", "expire"])
    assert result.exit_code == 0, result.output
    change = heard.one("jobs", ChangeKind.UPDATED)
    assert change.id == stale.id
    assert change.fields["status"].new is JobStatus.EXPIRED
    assert change.actor.name.endswith("jobs expire")


# Public forms -----------------------------------------------------------------


def test_signing_up_is_announced_as_an_anonymous_visitor(client, heard):
    data = {
        "username": "newbie",
        "email": "newbie@example.com",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "email_body_text": "",
    }
    assert form(client, "/accounts/signup/", data).status_code == 302
    change = heard.one("users", ChangeKind.CREATED)
    assert change.fields["username"].new == "newbie"
    assert change.actor == Actor("anonymous", "anonymous", via="web")


def test_a_profile_edit_is_announced_as_its_owner(client, auth, user, heard):
    db.session.commit()
    auth.login(user.username)
    heard.changes.clear()  # logging in records the login time
    data = {
        "first_name": "Grace",
        "last_name": "Hopper",
        "bio": "",
        "public_profile": "y",
        "search_visibility": "PUBLIC",
        "email_privacy": "NEVER",
        "email_body_text": "",
    }
    assert form(client, "/users/edit/", data).status_code == 302
    change = heard.one("users", ChangeKind.UPDATED)
    assert change.fields["first_name"].new == "Grace"
    assert change.actor == web(user)


def test_a_job_post_is_announced_as_its_poster(client, auth, user, heard):
    category, job_type = JobCategoryFactory(), JobTypeFactory()
    db.session.commit()
    auth.login(user.username)
    data = job_posting(category, job_type)
    assert form(client, "/jobs/create/", data).status_code == 302
    change = heard.one("jobs", ChangeKind.CREATED)
    assert change.fields["job_types"].new == [job_type.id]
    assert change.actor == web(user)


def test_a_nomination_is_announced_as_its_nominator(client, auth, user, heard):
    election = ElectionFactory()
    UserFactory(email="carl@example.com")
    db.session.commit()
    auth.login(user.username)
    data = {
        "email": "carl@example.com",
        "employer": "Example Corp",
        "other_affiliations": "",
        "previous_board_service": "",
        "nomination_statement": "Carl runs PyCon Example.",
    }
    url = f"/nominations/{election.slug}/create/"
    assert form(client, url, data).status_code == 302
    assert heard.one("nominations", ChangeKind.CREATED).actor == web(user)


def test_a_sponsorship_application_is_announced_as_its_applicant(
    client, auth, user, heard, media_root
):
    level = SponsorshipLevelFactory()
    db.session.commit()
    auth.login(user.username)
    data = {
        "level_id": str(level.id),
        "sponsor_id": "",
        "name": "Acme Widgets",
        "description": "Widgets for Pythonistas.",
        "landing_page_url": "https://acme.example/",
        "twitter_handle": "",
        "linked_in_page_url": "",
        "primary_phone": "+1 555 0100",
        "mailing_address_line_1": "1 Widget Way",
        "mailing_address_line_2": "",
        "city": "Springfield",
        "state": "OR",
        "postal_code": "97403",
        "country": "US",
        "country_of_incorporation": "US",
        "state_of_incorporation": "DE",
        "web_logo": (io.BytesIO(PNG), "logo.png"),
    }
    response = form(
        client, "/sponsors/application/", data, content_type="multipart/form-data"
    )
    assert response.status_code == 302
    assert heard.one("sponsorships", ChangeKind.CREATED).actor == web(user)
    assert heard.one("sponsors", ChangeKind.CREATED).actor == web(user)

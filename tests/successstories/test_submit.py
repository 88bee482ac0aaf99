"""Visitors submit success stories: stored unpublished for review, staff are mailed."""

import pytest
import sqlalchemy as sa

from pydotorg.domains.mailing.models import EmailLog
from pydotorg.domains.mailing.services import EmailTemplateService
from pydotorg.domains.successstories.models import Story
from pydotorg.extensions import db
from tests.conftest import csrf_token_from
from tests.factories.successstories import StoryCategoryFactory, StoryFactory


@pytest.fixture
def category(session):
    return StoryCategoryFactory(name="Engineering")


@pytest.fixture
def member(client, auth, user, category):
    EmailTemplateService(db.session).sync_defaults()
    db.session.commit()
    auth.login(user.username)
    return user


def submit(client, category, **changes):
    token = csrf_token_from(
        client.get("/success-stories/create/").get_data(as_text=True)
    )
    data = {
        "name": "Python keeps the trains on time",
        "company_name": "Rail Systems Ltd",
        "company_url": "https://rail.example.com/",
        "category": str(category.id),
        "author": "Jane Doe",
        "author_email": "jane@example.com",
        "pull_quote": "Python runs our timetable.",
        "content": "We moved our **scheduling** to Python in 2019.",
        "email_body_text": "",
        "csrf_token": token,
    }
    return client.post("/success-stories/create/", data={**data, **changes})


def mails():
    db.session.expire_all()
    return list(
        db.session.scalars(
            sa.select(EmailLog).where(EmailLog.template_name == "story_submitted")
        )
    )


def test_anonymous_visitors_are_asked_to_log_in(client):
    response = client.get("/success-stories/create/")
    assert response.status_code == 302
    assert "/accounts/login/" in response.headers["Location"]


def test_story_is_stored_unpublished_and_staff_are_mailed(client, member, category):
    response = submit(client, category)
    assert response.status_code == 302
    story = db.session.scalar(sa.select(Story))
    assert story.is_published is False and story.featured is False
    assert story.creator_id == member.id
    assert story.category_id == category.id
    assert story.content_type.name == "MARKDOWN"
    [mail] = mails()
    assert mail.recipient_email == "psf-staff@python.org"
    assert mail.reply_to == "jane@example.com"
    assert (
        mail.subject == "New success story submission: Python keeps the trains on time"
    )
    assert "/admin/success_stories/edit/?id=" in mail.body_text
    # Not public until staff publish it.
    assert client.get(f"/success-stories/{story.slug}/").status_code == 404


def test_mail_subject_uses_only_the_first_line_of_the_title(client, member, category):
    submit(client, category, name="Rail timetables\nBcc: everyone@example.org")
    [mail] = mails()
    assert mail.subject == "New success story submission: Rail timetables"


def test_a_taken_title_is_a_field_error(client, member, category):
    StoryFactory(name="Python keeps the trains on time", category=category)
    db.session.commit()
    response = submit(client, category)
    assert response.status_code == 200
    assert "A story with this title already exists." in response.get_data(as_text=True)
    assert mails() == []


def test_filled_honeypot_stores_nothing(client, member, category):
    response = submit(client, category, email_body_text="cheap pills")
    assert response.status_code == 200
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Story)) == 0


def test_bad_email_and_url_are_field_errors(client, member, category):
    page = submit(
        client, category, author_email="not an address", company_url="javascript:x"
    ).get_data(as_text=True)
    assert "Enter a valid email address." in page
    assert "The URL must start with http:// or https://." in page

"""Success stories: models, publishing, the public pages and the admin."""

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from pydotorg.domains.successstories.models import Story, StoryCategory
from pydotorg.domains.successstories.services import StoryService
from pydotorg.extensions import db
from tests.factories.successstories import StoryCategoryFactory, StoryFactory
from tests.fixtures.admin_forms import admin_action, admin_form


def story_count():
    return db.session.scalar(sa.select(sa.func.count(Story.id)))


def test_slug_is_made_from_the_name_with_suffixes(session):
    first = StoryFactory(name="Python at NASA")
    second = StoryFactory(name="Python at NASA")
    assert (first.slug, second.slug) == ("python-at-nasa", "python-at-nasa-2")
    assert str(first) == "Python at NASA"


def test_category_in_use_cannot_be_deleted(session):
    story = StoryFactory()
    with pytest.raises(IntegrityError), db.session.begin_nested():
        db.session.execute(
            sa.delete(StoryCategory).where(StoryCategory.id == story.category_id)
        )


def test_publish_and_unpublish(session):
    story = StoryFactory(is_published=False)
    service = StoryService(session)
    service.publish(story)
    assert story.is_published
    service.unpublish(story)
    assert not story.is_published


def test_list_shows_published_stories_only_in_few_queries(
    client, session, count_queries
):
    category = StoryCategoryFactory(name="Science")
    for n in range(5):
        StoryFactory(name=f"Published {n}", category=category)
    StoryFactory(name="Secret draft", is_published=False)
    db.session.commit()
    with count_queries() as counter:
        response = client.get("/success-stories/")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Published 4" in html
    assert "Secret draft" not in html
    assert "Science" in html
    assert counter.count <= 4


def test_category_page_lists_its_stories(client, session):
    science = StoryCategoryFactory(name="Science")
    StoryFactory(name="Telescope pipelines", category=science)
    StoryFactory(name="Banking backend")
    db.session.commit()
    html = client.get("/success-stories/category/science/").get_data(as_text=True)
    assert "Telescope pipelines" in html
    assert "Banking backend" not in html
    assert client.get("/success-stories/category/nope/").status_code == 404


def test_detail_renders_markup_and_hides_drafts(client, session, auth, staff_user):
    # Stories are reStructuredText by default, as on python.org.
    StoryFactory(name="Rendered", content="Hello *world*")
    draft = StoryFactory(name="Draft story", is_published=False)
    db.session.commit()
    response = client.get("/success-stories/rendered/")
    assert "<em>world</em>" in response.get_data(as_text=True)
    assert client.get(f"/success-stories/{draft.slug}/").status_code == 404
    auth.login(staff_user.username)
    assert client.get(f"/success-stories/{draft.slug}/").status_code == 200


STORY_FORM = {
    "name": "Python at the Bank",
    "slug": "",
    "company_name": "Big Bank",
    "company_url": "https://bank.example.com/",
    "content": "It works.",
    "content_type": "MARKDOWN",
}


def test_admin_creates_a_story_with_the_staff_member_as_creator(
    staff_client, superuser
):
    category = StoryCategoryFactory()
    db.session.commit()
    response = admin_form(
        staff_client,
        "/admin/success_stories/new/",
        {**STORY_FORM, "category": str(category.id)},
    )
    assert response.status_code == 302
    story = db.session.scalar(sa.select(Story).where(Story.name == STORY_FORM["name"]))
    assert story.slug == "python-at-the-bank"
    assert story.creator_id == superuser.id
    assert story.content_type.name == "MARKDOWN"
    assert not story.is_published


@pytest.mark.parametrize(
    ("change", "error"),
    [
        ({"name": ""}, "This field is required."),
        ({"content_type": "LATEX"}, "Not a valid choice"),
        ({"category": ""}, "This field is required."),
    ],
)
def test_admin_bad_story_input_is_a_form_error(staff_client, change, error):
    category = StoryCategoryFactory()
    db.session.commit()
    before = story_count()
    response = admin_form(
        staff_client,
        "/admin/success_stories/new/",
        {**STORY_FORM, "category": str(category.id), **change},
    )
    assert response.status_code == 200
    assert error in response.get_data(as_text=True)
    assert story_count() == before


def test_admin_duplicate_slug_is_a_form_error(staff_client):
    existing = StoryFactory(name="Taken")
    db.session.commit()
    before = story_count()
    response = admin_form(
        staff_client,
        "/admin/success_stories/new/",
        {**STORY_FORM, "category": str(existing.category_id), "slug": "taken"},
    )
    assert "Already exists." in response.get_data(as_text=True)
    assert story_count() == before


def test_admin_edit_story(staff_client):
    story = StoryFactory(name="Before")
    db.session.commit()
    response = admin_form(
        staff_client,
        f"/admin/success_stories/edit/?id={story.id}",
        {
            **STORY_FORM,
            "name": "After",
            "slug": story.slug,
            "category": str(story.category_id),
        },
    )
    assert response.status_code == 302
    db.session.refresh(story)
    assert (story.name, story.slug) == ("After", "before")


def test_admin_lists_and_publish_actions(staff_client):
    story = StoryFactory(name="Awaiting", is_published=False)
    db.session.commit()
    html = staff_client.get("/admin/success_stories/").get_data(as_text=True)
    assert "Awaiting" in html
    assert staff_client.get("/admin/story_categories/").status_code == 200
    assert staff_client.get("/admin/story_categories/new/").status_code == 200
    page = admin_action(staff_client, "success_stories", "publish", [story.id])
    assert "1 story(ies) published." in page.get_data(as_text=True)
    db.session.refresh(story)
    assert story.is_published
    admin_action(staff_client, "success_stories", "unpublish", [story.id])
    db.session.refresh(story)
    assert not story.is_published

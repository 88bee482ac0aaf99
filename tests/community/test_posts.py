"""Community posts: models, publishing, public pages and the admin."""

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from pydotorg.domains.community.models import Link, MediaType, Photo, Post
from pydotorg.domains.community.services import PostService
from pydotorg.domains.users.models import User
from pydotorg.extensions import db
from tests.factories.community import (
    LinkFactory,
    PhotoFactory,
    PostFactory,
    VideoFactory,
)
from tests.factories.users import UserFactory
from tests.fixtures.admin_forms import admin_action, admin_form


def post_count():
    return db.session.scalar(sa.select(sa.func.count(Post.id)))


def test_slug_comes_from_the_title(session):
    post = PostFactory(title="PyCon US 2025 recap")
    assert post.slug == "pycon-us-2025-recap"
    assert str(post) == "PyCon US 2025 recap"


def test_attachments_are_deleted_with_their_post(session):
    link = LinkFactory()
    PhotoFactory(post=link.post)
    db.session.delete(link.post)
    db.session.flush()
    assert db.session.scalar(sa.select(sa.func.count(Link.id))) == 0
    assert db.session.scalar(sa.select(sa.func.count(Photo.id))) == 0


def test_a_user_who_wrote_posts_cannot_be_deleted(session):
    post = PostFactory()
    with pytest.raises(IntegrityError), db.session.begin_nested():
        db.session.execute(sa.delete(User).where(User.id == post.creator_id))


def test_publish_and_unpublish(session):
    post = PostFactory(is_published=False)
    PostService(session).publish(post)
    assert post.is_published
    PostService(session).unpublish(post)
    assert not post.is_published


def test_public_list_shows_published_posts_with_attachments(
    client, session, count_queries
):
    for n in range(4):
        post = PostFactory(title=f"Public {n}")
        PhotoFactory(post=post, caption=f"Photo {n}")
        VideoFactory(post=post)
        LinkFactory(post=post)
    PostFactory(title="Private post", is_published=False)
    db.session.commit()
    with count_queries() as counter:
        response = client.get("/community/")
    html = response.get_data(as_text=True)
    assert "Public 3" in html and "Photo 3" in html
    assert "Private post" not in html
    # count, page, photos, videos, links: no query per post.
    assert counter.count <= 6


def test_private_post_is_404(client, session):
    private = PostFactory(is_published=False)
    public = PostFactory(content="<p>Hi <script>alert(1)</script>there</p>")
    db.session.commit()
    assert client.get(f"/community/{private.slug}/").status_code == 404
    html = client.get(f"/community/{public.slug}/").get_data(as_text=True)
    assert "Hi there" in html
    assert "<script>alert(1)" not in html


POST_FORM = {
    "title": "Sprint report",
    "slug": "",
    "content": "<p>We sprinted.</p>",
    "content_type": "HTML",
    "media_type": "TEXT",
}


def test_admin_creates_a_post_with_inline_link(staff_client, superuser):
    response = admin_form(
        staff_client,
        "/admin/community_posts/new/",
        {**POST_FORM, "links-0-url": "https://example.org/sprint"},
    )
    assert response.status_code == 302
    post = db.session.scalar(sa.select(Post).where(Post.title == "Sprint report"))
    assert post.slug == "sprint-report"
    assert post.creator_id == superuser.id
    assert [link.url for link in post.links] == ["https://example.org/sprint"]


@pytest.mark.parametrize(
    ("change", "error"),
    [
        ({"title": ""}, "This field is required."),
        ({"media_type": "HOLOGRAM"}, "Not a valid choice"),
    ],
)
def test_admin_bad_post_input_is_a_form_error(staff_client, change, error):
    before = post_count()
    response = admin_form(
        staff_client, "/admin/community_posts/new/", {**POST_FORM, **change}
    )
    assert response.status_code == 200
    assert error in response.get_data(as_text=True)
    assert post_count() == before


def test_admin_duplicate_slug_is_a_form_error(staff_client):
    PostFactory(title="Taken")
    db.session.commit()
    before = post_count()
    response = admin_form(
        staff_client, "/admin/community_posts/new/", {**POST_FORM, "slug": "taken"}
    )
    assert "Already exists." in response.get_data(as_text=True)
    assert post_count() == before


def test_admin_edit_post(staff_client):
    post = PostFactory(title="Old", creator=UserFactory(username="writer"))
    db.session.commit()
    response = admin_form(
        staff_client,
        f"/admin/community_posts/edit/?id={post.id}",
        {**POST_FORM, "title": "New", "slug": post.slug, "media_type": "LINK"},
    )
    assert response.status_code == 302
    db.session.refresh(post)
    assert (post.title, post.media_type, post.creator.username) == (
        "New",
        MediaType.LINK,
        "writer",
    )


def test_admin_views_and_publish_actions(staff_client):
    post = PostFactory(is_published=False)
    PhotoFactory(post=post)
    VideoFactory(post=post)
    LinkFactory(post=post)
    db.session.commit()
    for table in (
        "community_posts",
        "community_photos",
        "community_videos",
        "community_links",
    ):
        assert staff_client.get(f"/admin/{table}/").status_code == 200, table
        assert staff_client.get(f"/admin/{table}/new/").status_code == 200, table
    page = admin_action(staff_client, "community_posts", "publish", [post.id])
    assert "1 post(s) published." in page.get_data(as_text=True)
    db.session.refresh(post)
    assert post.is_published
    admin_action(staff_client, "community_posts", "unpublish", [post.id])
    db.session.refresh(post)
    assert not post.is_published

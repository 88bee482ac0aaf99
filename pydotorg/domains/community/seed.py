"""Demo community post for ``flask seed``, with a photo, a video and a link."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from pydotorg.core.markup import ContentType
from pydotorg.domains.community.models import Link, MediaType, Photo, Post, Video
from pydotorg.domains.users.seed import demo_user

TITLE = "Highlights from the Python Language Summit"


def seed(session: Session) -> None:
    if session.scalar(sa.select(Post).where(Post.title == TITLE)) is not None:
        return
    post = Post(
        title=TITLE,
        abstract="Core developers met to discuss the future of CPython.",
        content=(
            "<p>Core developers met for a day of talks on free-threading, the JIT "
            "and packaging.</p><p>Read the write-ups on the PSF blog.</p>"
        ),
        content_type=ContentType.HTML,
        media_type=MediaType.TEXT,
        source_url="https://pyfound.blogspot.com/",
        is_published=True,
        creator=demo_user(
            session, "community-editor", first_name="Community", last_name="Editor"
        ),
    )
    post.photos.append(
        Photo(
            # Shipped under static/: the page never loads images from elsewhere.
            image_url="/static/img/community/language-summit.svg",
            caption="Core developers at the Language Summit",
            click_through_url="https://pyfound.blogspot.com/",
        )
    )
    post.videos.append(
        Video(
            video_embed="https://www.youtube.com/embed/videoseries?list=PL2Uw4_HvXqvYhjub9bw4uDAmNtprgAvlJ",
            caption="PyCon US talks",
            click_through_url="https://www.youtube.com/@PyConUS",
        )
    )
    post.links.append(Link(url="https://pyfound.blogspot.com/"))
    session.add(post)
    session.flush()

"""Factories for community posts and their attachments."""

import factory

from pydotorg.domains.community.models import Link, Photo, Post, Video
from tests.factories.base import ModelFactory
from tests.factories.users import UserFactory


class PostFactory(ModelFactory):
    class Meta:
        model = Post

    title = factory.Sequence(lambda n: f"Community post {n}")
    content = "<p>Hello from the community.</p>"
    creator = factory.SubFactory(UserFactory)
    is_published = True


class PhotoFactory(ModelFactory):
    class Meta:
        model = Photo

    post = factory.SubFactory(PostFactory)
    image_url = "https://www.python.org/static/img/python-logo.png"
    caption = "The Python logo"


class VideoFactory(ModelFactory):
    class Meta:
        model = Video

    post = factory.SubFactory(PostFactory)
    video_embed = "https://www.youtube.com/embed/dQw4w9WgXcQ"
    caption = "A talk"


class LinkFactory(ModelFactory):
    class Meta:
        model = Link

    post = factory.SubFactory(PostFactory)
    url = factory.Sequence(lambda n: f"https://example.org/read/{n}")

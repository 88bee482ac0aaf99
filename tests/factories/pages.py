"""Factories for pages, their attachments, redirects."""

import factory

from pydotorg.core.markup import ContentType
from pydotorg.domains.pages.models import DocumentFile, Image, Page, Redirect
from tests.factories.base import ModelFactory


class PageFactory(ModelFactory):
    class Meta:
        model = Page

    title = factory.Sequence(lambda n: f"Page {n}")
    path = factory.Sequence(lambda n: f"section/page-{n}")
    content = "Some *content*."
    content_type = ContentType.MARKDOWN
    is_published = True
    keywords = "python, demo"
    description = "A demo page"
    template_name = ""


class ImageFactory(ModelFactory):
    class Meta:
        model = Image

    page = factory.SubFactory(PageFactory)
    image = factory.Sequence(lambda n: f"pages/section/image-{n}.png")


class DocumentFileFactory(ModelFactory):
    class Meta:
        model = DocumentFile

    page = factory.SubFactory(PageFactory)
    document = factory.Sequence(lambda n: f"files/document-{n}.pdf")


class RedirectFactory(ModelFactory):
    class Meta:
        model = Redirect

    old_path = factory.Sequence(lambda n: f"old/page-{n}")
    new_path = "/about/"

"""Factories for email templates and email log rows."""

import factory

from pydotorg.domains.mailing.models import (
    EmailLog,
    EmailStatus,
    EmailTemplate,
    EmailTemplateType,
)
from tests.factories.base import ModelFactory


class EmailTemplateFactory(ModelFactory):
    class Meta:
        model = EmailTemplate

    internal_name = factory.Sequence(lambda n: f"template_{n}")
    display_name = factory.LazyAttribute(
        lambda o: o.internal_name.replace("_", " ").title()
    )
    description = ""
    template_type = EmailTemplateType.TRANSACTIONAL
    subject = "Hello {{ user.username }}"
    content_text = "Hi {{ user.username }}, visit {{ url }}."
    content_html = (
        '<p>Hi {{ user.username }}, visit <a href="{{ url }}">{{ url }}</a>.</p>'
    )
    is_active = True


class EmailLogFactory(ModelFactory):
    class Meta:
        model = EmailLog

    template_name = "account_verification"
    recipient_email = factory.Sequence(lambda n: f"rcpt{n}@example.com")
    sender = "noreply@python.org"
    subject = "Confirm your email address"
    body_text = "Please confirm."
    body_html = None
    status = EmailStatus.SENT
    attempts = 1

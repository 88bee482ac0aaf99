"""Models for mailing: admin-editable Jinja2 email templates and the log of every mail.

Templates are rendered in Jinja2's ``SandboxedEnvironment`` with no globals, so staff who
edit them reach only the context a mail is sent with (see :mod:`.sandbox`).
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from pydotorg.core.models import AuditBase
from pydotorg.core.secret_registry import without_secrets
from pydotorg.core.types import Counter, UTCDateTime, enum_type
from pydotorg.domains.mailing.sandbox import (
    html_environment,
    render_source,
    subject_line,
    subject_problems,
    text_environment,
    validate_source,
)


class EmailTemplateType(enum.Enum):
    TRANSACTIONAL = "transactional"
    NOTIFICATION = "notification"
    NEWSLETTER = "newsletter"
    MARKETING = "marketing"
    SYSTEM = "system"


class EmailStatus(enum.Enum):
    QUEUED = "queued"
    SENT = "sent"
    FAILED = "failed"


class EmailTemplate(AuditBase):
    __tablename__ = "email_templates"

    internal_name: Mapped[str] = mapped_column(sa.String(100), unique=True, index=True)
    display_name: Mapped[str] = mapped_column(sa.String(200))
    description: Mapped[str | None] = mapped_column(sa.Text)
    template_type: Mapped[EmailTemplateType] = mapped_column(
        enum_type(EmailTemplateType),
        default=EmailTemplateType.TRANSACTIONAL,
        index=True,
    )
    subject: Mapped[str] = mapped_column(sa.String(500))
    content_text: Mapped[str] = mapped_column(sa.Text)
    content_html: Mapped[str | None] = mapped_column(sa.Text)
    is_active: Mapped[bool] = mapped_column(default=True, index=True)

    def render_subject(self, context: Mapping[str, Any]) -> str:
        """The subject on one line (a newline in a header would be refused by SMTP).

        Subjects are listed in the mail log and the admin, so they never see a
        secret variable: one written there renders empty.
        """
        return subject_line(
            render_source(text_environment(), self.subject, without_secrets(context))
        )

    def render_content_text(self, context: Mapping[str, Any]) -> str:
        return render_source(text_environment(), self.content_text, context)

    def render_content_html(self, context: Mapping[str, Any]) -> str | None:
        if not (self.content_html or "").strip():
            return None
        return render_source(html_environment(), self.content_html or "", context)

    def validate_templates(self) -> list[str]:
        """Readable problems in the three templates; an empty list means they are safe."""
        errors: list[str] = []
        for label, source, env in (
            ("Subject", self.subject, text_environment()),
            ("Text content", self.content_text, text_environment()),
            ("HTML content", self.content_html, html_environment()),
        ):
            errors.extend(
                f"{label}: {problem}" for problem in validate_source(env, source)
            )
        errors.extend(
            f"Subject: {problem}" for problem in subject_problems(self.subject)
        )
        return errors


class EmailLog(AuditBase):
    """One row per recipient per mail; updated on every delivery attempt."""

    __tablename__ = "email_logs"
    track_changes = False  # a log of deliveries, not content

    template_name: Mapped[str] = mapped_column(sa.String(100), index=True)
    recipient_email: Mapped[str] = mapped_column(sa.String(254), index=True)
    sender: Mapped[str] = mapped_column(sa.String(254), default="")
    reply_to: Mapped[str | None] = mapped_column(sa.String(254))
    subject: Mapped[str] = mapped_column(sa.String(500), default="")
    # The rendered mail is kept so a failed one can be resent without its context;
    # secret values in it are redacted (see ``pydotorg.core.secret_registry``).
    body_text: Mapped[str | None] = mapped_column(sa.Text)
    body_html: Mapped[str | None] = mapped_column(sa.Text)
    status: Mapped[EmailStatus] = mapped_column(
        enum_type(EmailStatus), default=EmailStatus.QUEUED, index=True
    )
    error: Mapped[str | None] = mapped_column(sa.Text)
    attempts: Mapped[Counter]
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The mail held a secret (a reset or verification link): the stored bodies are
    # redacted, so it is never resent; the user asks for a fresh link instead.
    carried_secret: Mapped[bool] = mapped_column(
        default=False, server_default=sa.false()
    )

    @property
    def can_retry(self) -> bool:
        """Only a rendered mail without a secret can be resent from the log."""
        return (
            self.status is EmailStatus.FAILED
            and self.body_text is not None
            and not self.carried_secret
        )

    def __str__(self) -> str:
        return f"{self.template_name} to {self.recipient_email}"

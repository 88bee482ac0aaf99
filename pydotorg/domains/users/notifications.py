"""Account mail: every message goes through the mailing domain's EmailService.

Links in mail are built from ``SITE_URL``, never from the request's Host header,
so a forged Host cannot point a password-reset link at someone else's site.
"""

from __future__ import annotations

from typing import Any

from flask import current_app
from sqlalchemy.orm import Session

from pydotorg.domains.mailing.services import EmailService

VERIFICATION_TEMPLATE = "account_verification"
PASSWORD_RESET_TEMPLATE = "password_reset"  # noqa: S105  (a template name)
MEMBERSHIP_CREATED_TEMPLATE = "membership_created"
ANNOUNCE_SUBSCRIBE_TEMPLATE = "psf_announce_subscribe"


def absolute_url(endpoint: str, **values: Any) -> str:
    """``SITE_URL`` plus the path of ``endpoint`` (works with or without a request)."""
    adapter = current_app.url_map.bind("localhost")
    path = adapter.build(endpoint, values)
    return current_app.config["SITE_URL"].rstrip("/") + path


def send_mail(
    session: Session,
    template: str,
    to: str,
    context: dict[str, Any],
    *,
    sender: str | None = None,
) -> Any:
    return EmailService(session).send(template, to, context, sender=sender)


def subscribe_to_announcements(session: Session, address: str) -> Any:
    """Mail "subscribe" from ``address`` to the announcement list's request address."""
    return send_mail(
        session,
        ANNOUNCE_SUBSCRIBE_TEMPLATE,
        current_app.config["PSF_ANNOUNCE_SUBSCRIBE_ADDRESS"],
        {"address": address},
        sender=address,
    )

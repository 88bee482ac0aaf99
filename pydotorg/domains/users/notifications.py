"""Account mail: every message goes through the mailing domain's EmailService.

Links in mail are built from ``SITE_URL``, never from the request's Host header,
so a forged Host cannot point a password-reset link at someone else's site.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from flask import current_app
from sqlalchemy.orm import Session

from pydotorg.domains.mailing.services import EmailService

if TYPE_CHECKING:
    from pydotorg.domains.users.models import User

VERIFICATION_TEMPLATE = "account_verification"
PASSWORD_RESET_TEMPLATE = "password_reset"  # noqa: S105  (a template name)
MEMBERSHIP_CREATED_TEMPLATE = "membership_created"
ANNOUNCE_SUBSCRIBE_TEMPLATE = "psf_announce_subscribe"


@dataclass(frozen=True)
class LinkMail:
    """A message carrying one signed link: its template, the page the link opens
    (given the token) and the template variable that holds the link."""

    template: str
    endpoint: str
    variable: str


VERIFY_LINK = LinkMail(VERIFICATION_TEMPLATE, "users.confirm_email", "verify_url")
RESET_LINK = LinkMail(
    PASSWORD_RESET_TEMPLATE, "users.password_reset_confirm", "reset_url"
)


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


def send_link(session: Session, user: User, link: LinkMail, token: str) -> Any:
    """Mail ``user`` the link of ``link`` that carries ``token``."""
    url = absolute_url(link.endpoint, token=token)
    return send_mail(
        session, link.template, user.email, {"user": user, link.variable: url}
    )


def subscribe_to_announcements(session: Session, address: str) -> Any:
    """Mail "subscribe" from ``address`` to the announcement list's request address."""
    return send_mail(
        session,
        ANNOUNCE_SUBSCRIBE_TEMPLATE,
        current_app.config["PSF_ANNOUNCE_SUBSCRIBE_ADDRESS"],
        {"address": address},
        sender=address,
    )

"""``flask seed`` for mailing: the default template of every mail the site sends."""

from __future__ import annotations

from sqlalchemy.orm import Session

from pydotorg.domains.mailing.services import EmailTemplateService


def seed(session: Session) -> None:
    EmailTemplateService(session).sync_defaults()

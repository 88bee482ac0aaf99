"""Fixtures for job board tests: mail templates, the mail log, a valid posting."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa

from pydotorg.domains.jobs.models import Job
from pydotorg.domains.mailing.models import EmailLog
from pydotorg.domains.mailing.services import EmailTemplateService
from pydotorg.extensions import db
from tests.conftest import csrf_token_from
from tests.factories.jobs import JobCategoryFactory, JobTypeFactory, job_posting


@pytest.fixture
def mail_templates(session: Any) -> None:
    EmailTemplateService(db.session).sync_defaults()
    db.session.commit()


def mail_rows(template: str | None = None) -> list[EmailLog]:
    """The mail log (the console backend keeps no other copy)."""
    statement = sa.select(EmailLog).order_by(EmailLog.created_at)
    if template is not None:
        statement = statement.where(EmailLog.template_name == template)
    db.session.expire_all()
    return list(db.session.scalars(statement))


def job_count() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Job))


def post_form(client: Any, url: str, data: dict[str, Any], **kwargs: Any) -> Any:
    """GET ``url`` for its CSRF token, then POST ``data`` to it."""
    page = client.get(url)
    assert page.status_code == 200, page.status_code
    token = csrf_token_from(page.get_data(as_text=True))
    return client.post(url, data={"csrf_token": token, **data}, **kwargs)


@pytest.fixture
def posting(session: Any) -> dict[str, Any]:
    """A complete, valid job posting as the create form sends it."""
    category = JobCategoryFactory(name="Software Engineering")
    job_type = JobTypeFactory(name="Full Time")
    db.session.commit()
    return job_posting(category, job_type, telecommuting="y", agencies="y")

"""Default templates: synced without touching edited ones, and all of them render."""

import sqlalchemy as sa

from pydotorg.domains.mailing.defaults import DEFAULT_TEMPLATES
from pydotorg.domains.mailing.models import EmailTemplate
from pydotorg.domains.mailing.seed import seed
from pydotorg.domains.mailing.services import EmailTemplateService
from pydotorg.extensions import db

SITE_MAILS = {
    "account_verification", "password_reset", "job_submitted", "job_approved",
    "job_rejected", "job_commented", "membership_created", "sponsorship_applied",
    "sponsorship_approved", "sponsorship_rejected", "contract_sent",
    "nomination_received", "jobs_monthly_report", "psf_announce_subscribe", "event_submitted", "story_submitted",
}  # fmt: skip


def stored_names():
    return set(db.session.scalars(sa.select(EmailTemplate.internal_name)))


def test_sync_templates_adds_missing_ones_and_keeps_edited_ones(runner, session):
    seed(db.session)
    edited = db.session.scalar(
        sa.select(EmailTemplate).filter_by(internal_name="password_reset")
    )
    edited.subject = "Our own wording"
    removed = db.session.scalar(
        sa.select(EmailTemplate).filter_by(internal_name="job_approved")
    )
    db.session.delete(removed)
    db.session.commit()

    result = runner.invoke(args=["mail", "sync-templates"])

    assert result.exit_code == 0, result.output
    assert "added job_approved" in result.output
    assert "1 template(s) added." in result.output
    db.session.expire_all()
    assert stored_names() == SITE_MAILS
    assert (
        db.session.scalar(
            sa.select(EmailTemplate.subject).filter_by(internal_name="password_reset")
        )
        == "Our own wording"
    )
    again = runner.invoke(args=["mail", "sync-templates"])
    assert "0 template(s) added." in again.output


def test_every_default_template_is_valid_and_renders_its_sample(app_ctx):
    assert {d.internal_name for d in DEFAULT_TEMPLATES} == SITE_MAILS
    service = EmailTemplateService(db.session)
    for default in DEFAULT_TEMPLATES:
        template = EmailTemplate(
            internal_name=default.internal_name,
            subject=default.subject,
            content_text=default.content_text,
            content_html=default.content_html,
        )
        assert template.validate_templates() == [], default.internal_name
        preview = service.preview(template)
        assert preview.errors == [], default.internal_name
        assert preview.subject and "[" not in preview.subject, default.internal_name
        assert "http://localhost" in preview.text  # the signature links the site
        assert preview.html and preview.html.startswith("<p>")

"""``flask mail retry-failed`` and ``flask mail sync-templates``."""

from __future__ import annotations

import click

from pydotorg.domains.mailing.services import EmailService, EmailTemplateService
from pydotorg.domains.mailing.views import bp
from pydotorg.extensions import db


@bp.cli.command("retry-failed")
@click.option(
    "--max-attempts",
    type=click.IntRange(min=1),
    default=None,
    help="Skip mail tried this many times already (default: MAIL_MAX_ATTEMPTS).",
)
def retry_failed(max_attempts: int | None) -> None:
    """Resend failed mail that still has attempts left."""
    result = EmailService(db.session).retry_failed(max_attempts=max_attempts)
    db.session.commit()
    click.echo(f"Resent {result.sent} mail(s); {result.failed} failed again.")


@bp.cli.command("sync-templates")
def sync_templates() -> None:
    """Add missing default email templates; edited ones are left alone."""
    created = EmailTemplateService(db.session).sync_defaults()
    db.session.commit()
    for template in created:
        click.echo(f"added {template.internal_name}")
    click.echo(f"{len(created)} template(s) added.")

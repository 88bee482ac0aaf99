"""``flask jobs ...`` commands."""

from __future__ import annotations

import click

from pydotorg.domains.jobs.services import JobReportService, JobService
from pydotorg.domains.jobs.views import bp
from pydotorg.extensions import db


@bp.cli.command("expire")
def expire_command() -> None:
    """Mark approved jobs whose expiry date has passed as expired."""
    jobs = JobService(db.session).expire_jobs()
    db.session.commit()
    for job in jobs:
        click.echo(f"expired: {job}")
    click.echo(f"{len(jobs)} job(s) expired.")


@bp.cli.command("monthly-report")
def monthly_report_command() -> None:
    """Mail the job board team the jobs created this month and last month, by status.

    python.org runs it on the 27th of each month (see the README for a cron line).
    """
    report = JobReportService(db.session)
    rows = report.send()
    db.session.commit()
    for row in rows:
        click.echo(f"{row.status.value}: {row.template_name} to {row.recipient_email}")

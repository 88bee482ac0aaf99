"""``flask jobs ...`` commands."""

from __future__ import annotations

import click

from pydotorg.domains.jobs.services import JobService
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

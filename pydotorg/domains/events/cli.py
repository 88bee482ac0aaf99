"""``flask events ...`` commands."""

from __future__ import annotations

import click

from pydotorg.domains.events.services import EventError, EventService
from pydotorg.domains.events.views import bp
from pydotorg.extensions import db


@bp.cli.command("refresh")
def refresh_command() -> None:
    """Regenerate the stored occurrences of every event from its recurring rules."""
    try:
        counts = EventService(db.session).regenerate_all()
    except EventError as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from error
    db.session.commit()
    for event, count in counts.items():
        click.echo(f"{event}: {count} occurrence(s)")
    click.echo(f"{len(counts)} event(s) refreshed.")

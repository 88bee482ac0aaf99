"""``flask events ...`` commands."""

from __future__ import annotations

from pathlib import Path

import click

from pydotorg.domains.events.ics_import import EventImportService
from pydotorg.domains.events.services import (
    CalendarService,
    EventError,
    EventService,
)
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


@bp.cli.command("import-ics")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--calendar", "calendar_slug", required=True, help="Calendar slug.")
def import_ics_command(file: Path, calendar_slug: str) -> None:
    """Create or update the events of a calendar from an iCalendar FILE (by UID).

    Everything is saved in one transaction: a file that can't be read saves nothing.
    """
    calendar = CalendarService(db.session).get_by_slug(calendar_slug)
    if calendar is None:
        raise click.ClickException(f"No calendar with the slug {calendar_slug!r}.")
    try:
        result = EventImportService(db.session).import_ics(file.read_bytes(), calendar)
    except (EventError, OSError) as error:
        db.session.rollback()
        raise click.ClickException(f"{file.name}: {error}") from error
    db.session.commit()
    for event in result.created:
        click.echo(f"created: {event.title}")
    for event in result.updated:
        click.echo(f"updated: {event.title}")
    for warning in result.warnings:
        click.echo(f"warning: {warning}")
    click.echo(
        f"{len(result.created)} created, {len(result.updated)} updated, "
        f"{len(result.unchanged)} unchanged, {result.skipped} skipped."
    )

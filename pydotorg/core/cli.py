"""Core's CLI commands: ``flask markup rerender``."""

from __future__ import annotations

import click
from flask import Flask

from pydotorg.extensions import db


@click.group("markup")
def markup_group() -> None:
    """Stored renderings of markup content."""


@markup_group.command("rerender")
def rerender_command() -> None:
    """Render every stored markup field again (after a renderer change)."""
    from pydotorg.core.markup import rerender_all

    for label, total, changed in rerender_all(db.session):
        click.echo(f"{label}: {changed} of {total} rows changed")
    db.session.commit()
    click.echo("Stored renderings are up to date.")


def register_core_commands(app: Flask) -> None:
    app.cli.add_command(markup_group)

"""Core's CLI commands: ``flask markup rerender``, ``flask cache clear``."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import AppGroup

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


@click.group("cache", cls=AppGroup)
def cache_group() -> None:
    """The response cache."""


@cache_group.command("clear")
def clear_cache_command() -> None:
    """Forget every cached response (after restoring or recreating the database)."""
    from pydotorg.core.response_cache import response_cache

    cache = response_cache()
    if cache is None:
        click.echo("The response cache is off.")
        return
    cache.clear()
    click.echo("The response cache is empty.")


def register_core_commands(app: Flask) -> None:
    app.cli.add_command(markup_group)
    app.cli.add_command(cache_group)

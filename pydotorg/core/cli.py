"""Project-wide CLI commands: ``flask seed`` and ``flask markup rerender``."""

from __future__ import annotations

import click
from flask import Flask

from pydotorg.domains import DOMAINS, domain_module
from pydotorg.extensions import db


@click.command("seed")
def seed_command() -> None:
    """Fill every domain with demo content (safe to run again: upserts by natural key)."""
    for domain in DOMAINS:
        if module := domain_module(domain, "seed"):
            module.seed(db.session)
            db.session.flush()
            click.echo(f"seeded {domain}")
    # The menu goes last: items pointing at pages the seed did not make are hidden.
    if menus := domain_module("pages", "menus"):
        menus.seed_menus(db.session)
        click.echo("seeded menus")
    db.session.commit()
    click.echo("Demo content is ready.")


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
    app.cli.add_command(seed_command)
    app.cli.add_command(markup_group)

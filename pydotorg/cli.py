"""App-level CLI commands: ``flask seed`` walks the domain registry.

It lives beside the app factory because it knows every domain; core's own commands
(``flask markup rerender``) come from :mod:`pydotorg.core.cli`.
"""

from __future__ import annotations

import click
from flask import Flask

from pydotorg.core.cli import register_core_commands
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
    db.session.commit()
    click.echo("Demo content is ready.")


def register_commands(app: Flask) -> None:
    app.cli.add_command(seed_command)
    register_core_commands(app)

"""App-level CLI: ``flask seed`` (it walks the domain registry) and the actor of
every project command.

``flask seed`` lives beside the app factory because it knows every domain; core's
own commands (``flask markup rerender``) come from :mod:`pydotorg.core.cli`. Every
project command's changes are announced as the command's own
(``Actor.cli("flask jobs expire")``, :mod:`pydotorg.core.changes`).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

import click
from flask import Flask

from pydotorg.core.changes import Actor, acting_as
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
    # The menu goes last: items pointing at pages the seed did not make are hidden.
    if menus := domain_module("pages", "menus"):
        menus.seed_menus(db.session)
        click.echo("seeded menus")
    db.session.commit()
    click.echo("Demo content is ready.")


def register_commands(app: Flask) -> None:
    """After the domains: their command groups are on ``app.cli`` by now."""
    app.cli.add_command(seed_command)
    register_core_commands(app)
    act_as_the_command(app.cli)


def act_as_the_command(group: click.Group) -> None:
    """Every command of ``group`` (and its subgroups) makes its changes as itself."""
    for command in group.commands.values():
        if isinstance(command, click.Group):
            act_as_the_command(command)
        elif command.callback is not None and not hasattr(
            command.callback, "acts_as_the_command"
        ):
            command.callback = _acting_as_the_command(command.callback)


def _acting_as_the_command(callback: Callable[..., Any]) -> Callable[..., Any]:
    @wraps(callback)
    def run(*args: Any, **kwargs: Any) -> Any:
        command_line = click.get_current_context().command_path
        with acting_as(Actor.cli(command_line)):
            return callback(*args, **kwargs)

    run.acts_as_the_command = True  # type: ignore[attr-defined]
    return run

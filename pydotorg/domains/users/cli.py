"""``flask users ...`` commands."""

from __future__ import annotations

import click

from pydotorg.domains.users.services import UserService
from pydotorg.domains.users.views import bp
from pydotorg.extensions import db


@bp.cli.command("create-superuser")
@click.option("--username", prompt=True)
@click.option("--email", prompt=True)
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
def create_superuser(username: str, email: str, password: str) -> None:
    """Create (or promote) an active, verified staff superuser."""
    user = UserService(db.session).create_superuser(username, email, password)
    db.session.commit()
    click.echo(f"Superuser {user.username} is ready.")

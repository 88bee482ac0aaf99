"""``flask users ...`` commands."""

from __future__ import annotations

import click

from pydotorg.core.permissions import PermissionDenied
from pydotorg.domains.users.services.accounts import UserService
from pydotorg.domains.users.services.api_keys import APIKeyService
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


@bp.cli.command("create-api-key")
@click.option("--username", required=True, help="The user who will own the key.")
@click.option("--name", default="", help="A note to tell keys apart.")
def create_api_key(username: str, name: str) -> None:
    """Create an API key and print it (only once: the last line is the bare key)."""
    user = UserService(db.session).find_by_username(username)
    if user is None:
        raise click.ClickException(f"No user named {username!r}.")
    try:
        key, raw_key = APIKeyService(db.session).create(user, name)
    except PermissionDenied as error:
        raise click.ClickException(str(error)) from None
    db.session.commit()
    click.echo(f"Created API key {key.key_prefix}… for {user.username}. Store it now:")
    click.echo(raw_key)

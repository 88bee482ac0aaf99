"""The application factory."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import click
from flask import Flask, current_app, g
from flask.cli import with_appcontext
from werkzeug.routing import IntegerConverter

from pydotorg import config
from pydotorg.cli import register_commands
from pydotorg.core.admin import create_admin
from pydotorg.core.database import ping_idle_connections
from pydotorg.core.errors import register_error_handlers
from pydotorg.core.response_cache import register_response_cache
from pydotorg.core.security import register_security
from pydotorg.core.templating import register_template_helpers
from pydotorg.core.timezones import time_zone
from pydotorg.domains import register_domains
from pydotorg.extensions import csrf, db, limiter, login_manager
from pydotorg.site import register_site

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class DatabaseIntConverter(IntegerConverter):
    """``<int:...>`` limited to what an SQL INTEGER holds: larger ids are a 404, not a 500."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", 2**31 - 1)
        super().__init__(*args, **kwargs)


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """Build the app: environment, then ``instance/config.py``, then ``test_config``."""
    app = Flask(
        "pydotorg",
        instance_path=str(PROJECT_ROOT / "instance"),
        instance_relative_config=True,
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "static"),
    )
    # Before any blueprint adds a rule: rules bind their converters when added.
    app.url_map.converters["int"] = DatabaseIntConverter
    load_config(app, test_config)
    register_extensions(app)
    admin = create_admin(app)
    register_domains(app, admin)
    register_site(app, admin)
    register_commands(app)
    register_template_helpers(app)
    register_error_handlers(app)
    # Before the security headers: a stored response keeps them.
    register_response_cache(app)
    register_security(app)
    return app


def load_config(app: Flask, test_config: Mapping[str, Any] | None) -> None:
    app.config.update(config.DEFAULTS)
    app.config.update(config.from_environment(os.environ))
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.config.from_pyfile("config.py", silent=True)
    if test_config:
        app.config.update(test_config)
    if not app.config["SECRET_KEY"]:
        app.config["SECRET_KEY"] = config.development_secret_key(app.instance_path)
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        app.config["SQLALCHEMY_DATABASE_URI"] = config.database_uri(
            app.config["DATABASE_URL"], app.instance_path
        )
    if not app.config["MEDIA_ROOT"]:
        app.config["MEDIA_ROOT"] = str(Path(app.instance_path) / "media")
    app.config["RATELIMIT_STORAGE_URI"] = app.config["REDIS_URL"] or "memory://"
    check_settings(app)


def check_settings(app: Flask) -> None:
    """Refuse to start with a setting that would only fail later, mid-request."""
    try:
        time_zone(app.config["TIME_ZONE"])
    except ValueError as error:
        raise ValueError(f"The TIME_ZONE setting is not valid: {error}") from None


def register_extensions(app: Flask) -> None:
    db.init_app(app)
    with app.app_context():
        for engine in db.engines.values():
            ping_idle_connections(
                engine, app.config["DATABASE_PING_AFTER_IDLE_SECONDS"]
            )
    app.cli.add_command(migration_commands)
    login_manager.init_app(app)
    login_manager.login_view = "users.login"
    login_manager.login_message_category = "info"
    csrf.init_app(app)
    limiter.init_app(app)


def init_migrations(app: Flask) -> None:
    """Set up Flask-Migrate on ``app``: ``flask db`` does it, and so may scripts."""
    from flask_migrate import Migrate

    if "migrate" not in app.extensions:
        Migrate(app, db, render_as_batch=True, compare_type=True)


class MigrationCommands(click.Group):
    """``flask db ...``: Flask-Migrate's commands, imported when one runs.

    Alembic (with Mako and Pygments) adds about 10 MB to every web worker that
    imports it and no request needs it.
    """

    def _commands(self) -> click.Group:
        # Flask's CLI has pushed the app's context before resolving subcommands.
        init_migrations(current_app._get_current_object())  # type: ignore[attr-defined]
        from flask_migrate.cli import db as commands

        return commands

    def list_commands(self, ctx: click.Context) -> list[str]:
        return self._commands().list_commands(ctx)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        return self._commands().get_command(ctx, name)


@click.group("db", cls=MigrationCommands)
@click.option("-d", "--directory", default=None, help="Migration script directory.")
@click.option("-x", "--x-arg", multiple=True, help="Arguments for env.py scripts.")
@with_appcontext
def migration_commands(directory: str | None, x_arg: tuple[str, ...]) -> None:
    """Database migrations (Flask-Migrate)."""
    # Flask-Migrate's own group does this; its commands read them from ``g``.
    g.directory = directory
    g.x_arg = x_arg

"""The application factory."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask
from werkzeug.routing import IntegerConverter

from pydotorg import config
from pydotorg.core.admin import create_admin
from pydotorg.core.cli import register_core_commands
from pydotorg.core.errors import register_error_handlers
from pydotorg.core.security import register_security
from pydotorg.core.templating import register_template_helpers
from pydotorg.domains import register_domains
from pydotorg.extensions import csrf, db, limiter, login_manager, migrate

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
    register_core_commands(app)
    register_template_helpers(app)
    register_error_handlers(app)
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


def register_extensions(app: Flask) -> None:
    db.init_app(app)
    migrate.init_app(app, db, render_as_batch=True, compare_type=True)
    login_manager.init_app(app)
    login_manager.login_view = "users.login"
    login_manager.login_message_category = "info"
    csrf.init_app(app)
    limiter.init_app(app)

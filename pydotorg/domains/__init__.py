"""The explicit registry of domains: one line per domain, in dependency order."""

from __future__ import annotations

from importlib import import_module
from importlib.util import find_spec
from types import ModuleType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flask import Flask
    from flask_admin import Admin

DOMAINS = (
    "mailing",
    "users",
    "pages",
    "banners",
    "downloads",
    "blogs",
    "jobs",
    "events",
    "sponsors",
    "community",
    "successstories",
    "nominations",
    "codesamples",
    "minutes",
    "work_groups",
)


def domain_module(domain: str, name: str) -> ModuleType | None:
    """``pydotorg.domains.<domain>.<name>`` if that module exists."""
    path = f"pydotorg.domains.{domain}.{name}"
    if find_spec(path) is None:
        return None
    return import_module(path)


def import_models() -> None:
    """Import every domain's models so mappers and Alembic see all tables."""
    import pydotorg.core.sqlite  # noqa: F401  (registers the SQLite connection hooks)

    for domain in DOMAINS:
        import_module(f"pydotorg.domains.{domain}.models")


def register_domains(app: Flask, admin: Admin) -> None:
    """Each domain's CLI commands, blueprint(s) and admin views."""
    import_models()
    for domain in DOMAINS:
        domain_module(domain, "cli")  # attaches commands to the blueprint's CLI group
        views = import_module(f"pydotorg.domains.{domain}.views")
        app.register_blueprint(views.bp)
        if api := domain_module(domain, "api"):
            api.register_api(app)
        if admin_module := domain_module(domain, "admin"):
            admin_module.register_admin(admin)

"""Jinja filters and globals available in every template."""

from __future__ import annotations

from typing import Any

from flask import Flask

from pydotorg.core.markup import render
from pydotorg.core.permissions import is_staff


def register_template_helpers(app: Flask) -> None:
    app.add_template_filter(render, "markup")
    app.add_template_global(is_staff, "is_staff")

    @app.context_processor
    def site_context() -> dict[str, Any]:
        return {"site_name": app.config["SITE_NAME"]}

"""Site-wide routes that belong to no single domain: the home page."""

from __future__ import annotations

from flask import Flask, render_template


def home() -> str:
    return render_template("home.html")


def register_core_views(app: Flask) -> None:
    app.add_url_rule("/", "home", home)

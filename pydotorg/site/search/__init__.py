"""Site search: every domain's public content in one index (see ``models``)."""

from __future__ import annotations

from flask import Flask

from pydotorg.site.search.views import bp


def register_search(app: Flask) -> None:
    app.register_blueprint(bp)

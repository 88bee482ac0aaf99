"""Site-level code: what shows several domains at once, above the domains.

The home page (a window onto every domain), ``robots.txt``, ``sitemap.xml``,
``/favicon.ico``, the site files (``/humans.txt``, ``/funding.json``, the ``/m/``
short links), site search (``/search/``) and the ``/api/v1/`` and ``/api/v2/`` roots
(which list every domain's resources) live here. This package may import any domain;
no domain and nothing in ``core`` imports it (``tests/test_import_rule.py``).
"""

from __future__ import annotations

from flask import Flask
from flask_admin import Admin

from pydotorg.core.api import register_api_blueprints
from pydotorg.site.api import api_roots
from pydotorg.site.dashboard import register_dashboard
from pydotorg.site.home import home
from pydotorg.site.search import register_search
from pydotorg.site.seo import register_seo
from pydotorg.site.site_files import register_site_files


def register_site(app: Flask, admin: Admin) -> None:
    # The home page keeps the app-level endpoint name ``home`` used by every template.
    app.add_url_rule("/", "home", home)
    register_seo(app)
    register_site_files(app)
    register_search(app)
    register_dashboard(admin.index_view)
    register_api_blueprints(app, api_roots)

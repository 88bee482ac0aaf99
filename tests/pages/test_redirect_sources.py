"""A redirect from a path the site itself answers would never be used: a form error."""

from __future__ import annotations

import pytest

from pydotorg.domains.pages.models import Redirect
from pydotorg.domains.pages.services import PageError, PageService
from pydotorg.extensions import db
from tests.fixtures.admin_forms import admin_form


def redirects() -> int:
    return db.session.scalar(db.select(db.func.count(Redirect.id)))


@pytest.mark.parametrize(
    ("old_path", "message"),
    [
        ("admin/pages", "/admin/ belongs to the site itself"),
        ("/api/v2/downloads/", "/api/ belongs to the site itself"),
        ("media/files/report.pdf", "/media/ belongs to the site itself"),
        ("static/css/style.css", "/static/ belongs to the site itself"),
        ("accounts/login", "/accounts/login/ is already served"),
        ("jobs", "/jobs/ is already served"),
        ("downloads/feed.rss", "/downloads/feed.rss/ is already served"),
    ],
)
def test_a_redirect_the_site_would_never_use_is_a_form_error(
    staff_client, old_path, message
):
    response = admin_form(
        staff_client,
        "/admin/redirects/new/",
        {"old_path": old_path, "new_path": "/about/"},
    )

    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert redirects() == 0


def test_the_service_refuses_it_too(app_ctx, session):
    with pytest.raises(PageError, match="never used"):
        PageService(db.session).save_redirect(
            Redirect(old_path="admin/x", new_path="/about/")
        )


@pytest.mark.parametrize(
    "old_path", ["doc/essays/Old_Page.html", "administration", "jobs-archive/2001"]
)
def test_legacy_paths_outside_the_sites_routes_are_accepted(
    staff_client, client, old_path
):
    response = admin_form(
        staff_client,
        "/admin/redirects/new/",
        {"old_path": old_path, "new_path": "/about/"},
    )

    assert response.status_code == 302
    assert redirects() == 1
    served = client.get(f"/{old_path}/")
    assert served.status_code == 301
    assert served.location.endswith("/about/")

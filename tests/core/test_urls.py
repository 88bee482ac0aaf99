"""One URL rule for every link that reaches an href or src: http(s) (or a site path)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from pydotorg.core.urls import UnsafeURLError, check_url, is_safe_url
from pydotorg.domains.community.models import Link
from pydotorg.domains.downloads.models import Release
from pydotorg.domains.events.models import EventLocation
from pydotorg.domains.sponsors.models import Sponsor
from pydotorg.extensions import db
from tests.factories.downloads import ReleaseFactory
from tests.factories.events import CalendarFactory
from tests.factories.sponsors import SponsorFactory
from tests.factories.users import UserFactory
from tests.fixtures.admin_forms import admin_form

HOSTILE = [
    "javascript:alert(1)",
    "JAVASCRIPT:alert(1)",
    " javascript:alert(1)",
    "java\nscript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD4=",
    "vbscript:msgbox(1)",
    "http:/\\evil.example",
    "//evil.example/",
    "http://",
    "ftp://example.com/",
    "http://[::1",
]


@pytest.mark.parametrize("url", HOSTILE)
def test_hostile_urls_are_refused_absolute_or_relative(url):
    assert not is_safe_url(url)
    assert not is_safe_url(url, relative=True)


def test_http_urls_pass_and_site_paths_only_where_allowed():
    assert is_safe_url("https://www.python.org/downloads/")
    assert is_safe_url("HTTP://example.com")
    assert not is_safe_url("/about/")
    assert is_safe_url("/about/", relative=True)
    assert check_url("  https://example.com/  ") == "https://example.com/"
    assert check_url("") == ""
    with pytest.raises(ValueError, match="must start with http"):
        check_url("javascript:alert(1)")


def test_the_model_refuses_a_script_link_whoever_writes_it(session):
    with pytest.raises(UnsafeURLError, match="landing_page_url"):
        SponsorFactory(landing_page_url="javascript:alert(1)")
        db.session.flush()
    db.session.rollback()


def test_api_release_notes_url_refuses_javascript(client, session):
    from pydotorg.domains.users.services.api_keys import APIKeyService

    staff = UserFactory(username="relbot", is_staff=True)
    key = APIKeyService(db.session).create(staff, "releases")[1]
    release = ReleaseFactory(name="Python 3.14.0")
    db.session.commit()
    response = client.patch(
        f"/api/v2/downloads/release/{release.api_id}/",
        json={"release_notes_url": "javascript:alert(document.cookie)"},
        headers={"Authorization": f"Token {key}"},
    )
    assert response.status_code == 400
    assert response.get_json() == {
        "release_notes_url": ["The URL must start with http://, https:// or /."]
    }
    db.session.expire_all()
    assert db.session.get(Release, release.id).release_notes_url.startswith("https:")
    ok = client.patch(
        f"/api/v2/downloads/release/{release.api_id}/",
        json={"release_notes_url": "https://docs.python.org/3.14/whatsnew/"},
        headers={"Authorization": f"Token {key}"},
    )
    assert ok.status_code == 200


@pytest.mark.parametrize(
    ("url", "data", "model"),
    [
        (
            "/admin/event_locations/new/",
            {"name": "Venue", "address": "1 Way", "url": "javascript:alert(1)"},
            EventLocation,
        ),
        (
            "/admin/community_links/new/",
            {"url": "javascript:alert(1)"},
            Link,
        ),
    ],
)
def test_admin_url_fields_refuse_script_links(staff_client, url, data, model):
    if model is EventLocation:
        data = {**data, "calendar": str(CalendarFactory().id)}
        db.session.commit()
    response = admin_form(staff_client, url, data)
    assert response.status_code == 200
    assert "The URL must start with http" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(model)) == 0


def test_sponsor_landing_page_in_the_admin(staff_client):
    sponsor = SponsorFactory()
    db.session.commit()
    response = admin_form(
        staff_client,
        f"/admin/sponsors/edit/?id={sponsor.id}",
        {"name": sponsor.name, "landing_page_url": "javascript:alert(1)"},
    )
    assert "The URL must start with http" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Sponsor, sponsor.id).landing_page_url.startswith("https://")

"""The admin shows values as staff read them: labels, local times, icons with text."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from pydotorg.core.admin import MENU_SECTIONS, StaffModelView, format_datetime
from pydotorg.core.markup import ContentType
from pydotorg.core.types import enum_label
from pydotorg.domains.downloads.models import PythonVersion, ReleaseStatus
from pydotorg.domains.sponsors.models import ContractStatus
from pydotorg.extensions import db
from tests.factories.pages import PageFactory


def test_enum_members_read_by_their_labels():
    assert enum_label(ContentType.RESTRUCTUREDTEXT) == "reStructuredText"
    assert enum_label(ContentType.HTML) == "HTML"
    assert enum_label(ReleaseStatus.PRERELEASE) == "Pre-release"
    assert enum_label(ReleaseStatus.EOL) == "End of life"
    assert enum_label(PythonVersion.PYTHON3) == "Python 3"
    assert enum_label(ContractStatus.AWAITING_SIGNATURE) == "Awaiting signature"


def test_lists_filters_and_forms_show_enum_labels(staff_client):
    PageFactory(title="Written in rst", content_type=ContentType.RESTRUCTUREDTEXT)
    db.session.commit()
    listed = staff_client.get("/admin/pages/").get_data(as_text=True)
    assert "reStructuredText" in listed
    assert "RESTRUCTUREDTEXT<" not in listed
    assert not re.search(r">\s*RESTRUCTUREDTEXT\s*<", listed)
    form = staff_client.get("/admin/pages/new/").get_data(as_text=True)
    # Stored by member name, shown by label.
    assert re.search(
        r'<option[^>]*value="RESTRUCTUREDTEXT"[^>]*>reStructuredText</option>', form
    )
    release_form = staff_client.get("/admin/releases/new/").get_data(as_text=True)
    assert re.search(r'value="PRERELEASE"[^>]*>Pre-release</option>', release_form)


def test_list_filters_offer_enum_labels(app):
    admin = app.extensions["admin"][0]
    view = next(v for v in admin._views if v.endpoint == "releases_admin")
    status = [f for f in view._filters if getattr(f.column, "key", None) == "status"]
    assert ("PRERELEASE", "Pre-release") in list(status[0].get_options(view))


def test_datetimes_show_in_the_site_time_zone_to_the_minute(app):
    moment = datetime(2026, 12, 3, 14, 20, 44, 455490, tzinfo=UTC)
    with app.test_request_context():
        assert format_datetime(None, moment, "created") == "2026-12-03 14:20 UTC"
        app.config["TIME_ZONE"] = "Europe/Amsterdam"
        try:
            assert format_datetime(None, moment, "created") == "2026-12-03 15:20 CET"
        finally:
            app.config["TIME_ZONE"] = "UTC"


def test_lists_show_times_to_the_minute_and_booleans_with_text(staff_client):
    page = PageFactory(title="Timed page", is_published=False)
    db.session.commit()
    listed = staff_client.get("/admin/pages/").get_data(as_text=True)
    assert f"{page.updated:%Y-%m-%d %H:%M} UTC" in listed
    assert f"{page.updated:%H:%M:%S}." not in listed
    assert '<span class="sr-only">No</span>' in listed
    assert 'aria-hidden="true"' in listed


def test_menu_has_the_six_sections_in_order(app, staff_client):
    admin = app.extensions["admin"][0]
    views = [v for v in admin._views if isinstance(v, StaffModelView)]
    assert {v.category for v in views} == set(MENU_SECTIONS)
    top = [item.name for item in admin.menu() if item.is_category()]
    assert top == list(MENU_SECTIONS)


@pytest.mark.parametrize("section", MENU_SECTIONS)
def test_each_section_is_a_dropdown_of_the_header(staff_client, section):
    html = staff_client.get("/admin/").get_data(as_text=True)
    assert re.search(rf"dropdown-toggle[^>]*>(?:\s|<!--[^>]*-->)*{section}<", html)

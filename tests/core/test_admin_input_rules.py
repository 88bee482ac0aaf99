"""Admin forms apply the same input rules as the public site and the services."""

import sqlalchemy as sa

from pydotorg.domains.downloads.models import OS
from pydotorg.domains.sponsors.models import SponsorshipLevel
from pydotorg.domains.users.models import User
from pydotorg.extensions import db
from tests.factories.downloads import OSFactory
from tests.fixtures.admin_forms import admin_form

USER_FORM = {
    "email": "edit@example.com",
    "search_visibility": "PUBLIC",
    "email_privacy": "NEVER",
}


def test_reserved_username_is_a_form_error(staff_client, session):
    response = admin_form(
        staff_client, "/admin/users/new/", {**USER_FORM, "username": "edit"}
    )
    assert response.status_code == 200
    assert "This username is reserved" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(User).where(User.username == "edit")) is None


def test_negative_sponsorship_amount_is_a_form_error(staff_client, session):
    response = admin_form(
        staff_client,
        "/admin/sponsorship_levels/new/",
        {
            "name": "Negative",
            "order": "1",
            "sponsorship_amount": "-5",
            "logo_dimension": "100",
        },
    )
    assert response.status_code == 200
    assert "Number must be at least 0" in response.get_data(as_text=True)
    assert (
        db.session.scalar(
            sa.select(SponsorshipLevel).where(SponsorshipLevel.name == "Negative")
        )
        is None
    )


def test_duplicate_os_name_is_a_form_error(staff_client, session):
    OSFactory(name="Windows")
    db.session.commit()
    response = admin_form(staff_client, "/admin/download_os/new/", {"name": "Windows"})
    assert response.status_code == 200
    assert "already exists" in response.get_data(as_text=True)
    count = db.session.scalar(sa.select(sa.func.count()).where(OS.name == "Windows"))
    assert count == 1

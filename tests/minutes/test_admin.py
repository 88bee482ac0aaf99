"""The minutes admin: list, create, edit, bad input and the publish actions."""

from datetime import date

import sqlalchemy as sa

from pydotorg.domains.minutes.models import Minutes
from pydotorg.extensions import db
from tests.factories.minutes import MinutesFactory
from tests.fixtures.admin_forms import admin_action, admin_form

FORM = {
    "date": "2024-04-10",
    "content_type": "RESTRUCTUREDTEXT",
    "content": "Attendees\n=========\n\nEveryone.",
    "is_published": "y",
}


def minutes_count():
    return db.session.scalar(sa.select(sa.func.count(Minutes.id)))


def test_list_shows_minutes_and_their_creator(staff_client, session):
    minutes = MinutesFactory(date=date(2024, 1, 10), creator__username="secretary")
    db.session.commit()
    details = staff_client.get(f"/admin/minutes/details/?id={minutes.id}")
    assert "secretary" in details.get_data(as_text=True)
    html = staff_client.get("/admin/minutes/").get_data(as_text=True)
    assert "2024-01-10" in html
    assert "secretary" in html
    assert staff_client.get("/admin/minutes/?search=attendees").status_code == 200


def test_create_addresses_the_minutes_by_date(staff_client, superuser):
    response = admin_form(staff_client, "/admin/minutes/new/", FORM)
    assert response.status_code == 302
    minutes = db.session.scalar(sa.select(Minutes).where(Minutes.slug == "2024-04-10"))
    assert minutes.date == date(2024, 4, 10)
    assert minutes.creator_id == superuser.id
    assert minutes.is_published is True


def test_missing_date_is_a_form_error(staff_client, session):
    before = minutes_count()
    response = admin_form(staff_client, "/admin/minutes/new/", {**FORM, "date": ""})
    assert response.status_code == 200
    assert "This field is required." in response.get_data(as_text=True)
    assert minutes_count() == before


def test_duplicate_date_is_a_form_error(staff_client, session):
    MinutesFactory(date=date(2024, 4, 10))
    db.session.commit()
    before = minutes_count()
    response = admin_form(staff_client, "/admin/minutes/new/", FORM)
    assert response.status_code == 200
    assert "Already exists." in response.get_data(as_text=True)
    assert minutes_count() == before


def test_unknown_content_type_is_a_form_error(staff_client, session):
    before = minutes_count()
    response = admin_form(
        staff_client, "/admin/minutes/new/", {**FORM, "content_type": "WORD"}
    )
    assert response.status_code == 200
    assert "Invalid value" in response.get_data(as_text=True)
    assert minutes_count() == before


def test_publishing_empty_minutes_in_the_form_is_refused(staff_client, session):
    before = minutes_count()
    response = admin_form(staff_client, "/admin/minutes/new/", {**FORM, "content": ""})
    assert response.status_code == 200
    assert "no content and cannot be published" in response.get_data(as_text=True)
    assert minutes_count() == before


def test_edit_moves_the_minutes_to_another_date(staff_client, session):
    minutes = MinutesFactory(date=date(2024, 4, 9))
    db.session.commit()
    response = admin_form(staff_client, f"/admin/minutes/edit/?id={minutes.id}", FORM)
    assert response.status_code == 302
    db.session.refresh(minutes)
    assert minutes.slug == "2024-04-10"


def test_publish_action_publishes_and_reports_empty_minutes(staff_client, session):
    ready = MinutesFactory(is_published=False)
    empty = MinutesFactory(is_published=False, content="")
    db.session.commit()
    page = admin_action(staff_client, "minutes", "publish", [ready.id, empty.id])
    html = page.get_data(as_text=True)
    assert "1 minutes published." in html
    assert "no content and cannot be published" in html
    db.session.refresh(ready)
    db.session.refresh(empty)
    assert ready.is_published is True
    assert empty.is_published is False


def test_unpublish_action(staff_client, session):
    minutes = MinutesFactory()
    db.session.commit()
    admin_action(staff_client, "minutes", "unpublish", [minutes.id])
    db.session.refresh(minutes)
    assert minutes.is_published is False

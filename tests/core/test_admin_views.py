"""Every admin view answers for staff, and only for staff."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Flask

from pydotorg.core.admin import StaffModelView
from pydotorg.domains.users.models import User
from pydotorg.extensions import db
from tests.factories.users import UserFactory
from tests.fixtures.admin_forms import admin_form


def model_views(app: Flask) -> list[StaffModelView]:
    admin = app.extensions["admin"][0]
    return [view for view in admin._views if isinstance(view, StaffModelView)]


def test_every_table_has_an_admin_view(app):
    association = {
        "feed_aggregate_feeds",
        "job_job_types",
        "event_event_categories",
    }
    # Derived data, rebuilt by ``flask search reindex``: nothing to edit by hand.
    derived = {"search_entries"}
    tables = {t.name for t in db.metadata.sorted_tables} - association - derived
    covered = {view.model.__tablename__ for view in model_views(app)}
    assert tables - covered == set()


def test_every_list_and_create_form_answers(app, staff_client):
    for view in model_views(app):
        url = view.url
        response = staff_client.get(url)
        assert response.status_code == 200, url
        if view.can_create:
            response = staff_client.get(f"{url}new/")
            assert response.status_code == 200, f"{url}new/"


def test_list_views_answer_with_filters_and_search(app, staff_client):
    for view in model_views(app):
        query = "?search=python" if view.column_searchable_list else "?sort=0"
        response = staff_client.get(f"{view.url}{query}")
        assert response.status_code == 200, view.url


def test_user_list_with_hundreds_of_rows(staff_client, session):
    UserFactory.create_batch(300)
    db.session.commit()
    response = staff_client.get("/admin/users/?page_size=100")
    assert response.status_code == 200
    assert b"user" in response.data


def test_password_hash_is_never_shown(staff_client, superuser):
    listing = staff_client.get("/admin/users/").get_data(as_text=True)
    details = staff_client.get(f"/admin/users/details/?id={superuser.id}").get_data(
        as_text=True
    )
    edit = staff_client.get(f"/admin/users/edit/?id={superuser.id}").get_data(
        as_text=True
    )
    for page in (listing, details, edit):
        assert "password_hash" not in page
        assert superuser.password_hash not in page


def admin_urls(app: Flask) -> list[str]:
    """The index, and every model view's list and (where it has one) create form."""
    urls = ["/admin/"]
    for view in model_views(app):
        urls.append(view.url)
        if view.can_create:
            urls.append(f"{view.url}new/")
    return urls


def test_anonymous_visitors_are_sent_to_log_in_from_every_admin_view(app, client):
    for url in admin_urls(app):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.location.startswith("/accounts/login/?next="), url


def test_non_staff_are_forbidden_every_admin_view(app, client, auth, user):
    db.session.commit()
    auth.login(user.username)
    for url in admin_urls(app):
        assert client.get(url).status_code == 403, url


def test_only_superusers_change_privileges(client, auth, staff_user, user):
    db.session.commit()
    auth.login(staff_user.username)
    edit_url = f"/admin/users/edit/?id={user.id}"
    page = client.get(edit_url).get_data(as_text=True)
    assert 'name="is_staff"' not in page
    assert 'name="new_password"' not in page
    admin_form(
        client,
        edit_url,
        {
            "username": user.username,
            "email": user.email,
            "is_active": "y",
            "is_staff": "y",
            "is_superuser": "y",
            "new_password": "hijacked-password",
        },
    )
    db.session.refresh(user)
    assert not user.is_staff and not user.is_superuser
    from pydotorg.domains.users.services.accounts import UserService

    assert not UserService(db.session).check_password(user, "hijacked-password")


def test_superuser_can_grant_staff(staff_client, user):
    edit_url = f"/admin/users/edit/?id={user.id}"
    page = staff_client.get(edit_url).get_data(as_text=True)
    assert 'name="is_staff"' in page
    response = admin_form(
        staff_client,
        edit_url,
        {
            "username": user.username,
            "email": user.email,
            "first_name": "A",
            "last_name": "B",
            "bio": "",
            "is_active": "y",
            "email_verified": "y",
            "public_profile": "y",
            "is_staff": "y",
            "search_visibility": "PUBLIC",
            "email_privacy": "NEVER",
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    db.session.refresh(user)
    assert user.is_staff


def test_duplicate_username_is_a_form_error(staff_client, user):
    before = db.session.scalar(sa.select(sa.func.count()).select_from(User))
    response = admin_form(
        staff_client,
        "/admin/users/new/",
        {
            "username": user.username,
            "email": "other@example.com",
            "search_visibility": "PUBLIC",
            "email_privacy": "NEVER",
        },
    )
    assert response.status_code == 200
    assert "Already exists." in response.get_data(as_text=True)
    after = db.session.scalar(sa.select(sa.func.count()).select_from(User))
    assert before == after


def test_invalid_enum_is_a_form_error(staff_client):
    response = admin_form(
        staff_client,
        "/admin/users/new/",
        {
            "username": "fresh",
            "email": "fresh@example.com",
            "search_visibility": "SHOUTING",
            "email_privacy": "NEVER",
        },
    )
    assert response.status_code == 200
    assert db.session.scalar(sa.select(User).where(User.username == "fresh")) is None


def test_no_create_form_shows_a_raw_blank_choice(app, staff_client):
    # WTForms 3.3 shows an empty option label as its value, "__None".
    checked = 0
    for view in model_views(app):
        if not view.can_create:
            continue
        page = staff_client.get(f"{view.url}new/").get_data(as_text=True)
        assert ">__None<" not in page, view.url
        checked += 'value="__None"' in page
    assert checked  # optional relation selects exist (e.g. an event's venue)
    page = staff_client.get("/admin/events/new/").get_data(as_text=True)
    assert '<option selected value="__None">(none)</option>' in page

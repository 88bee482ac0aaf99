"""The work groups admin: list, create, edit, bad input and the activation actions."""

import sqlalchemy as sa

from pydotorg.domains.work_groups.models import WorkGroup
from pydotorg.extensions import db
from tests.factories.work_groups import WorkGroupFactory
from tests.fixtures.admin_forms import admin_action, admin_form

FORM = {
    "name": "Python Education Work Group",
    "slug": "",
    "short_description": "Supports people who teach Python.",
    "active": "y",
    "url": "https://wiki.python.org/psf/EducationWG",
    "content_type": "RESTRUCTUREDTEXT",
    "purpose": "Collect teaching material.",
    "active_time": "",
    "core_values": "",
    "rules": "",
    "communication": "",
    "support": "",
}


def group_count():
    return db.session.scalar(sa.select(sa.func.count(WorkGroup.id)))


def test_list_shows_groups_and_their_creator(staff_client, session):
    group = WorkGroupFactory(name="Packaging", creator__username="organizer")
    db.session.commit()
    details = staff_client.get(f"/admin/work_groups/details/?id={group.id}")
    assert "organizer" in details.get_data(as_text=True)
    html = staff_client.get("/admin/work_groups/").get_data(as_text=True)
    assert "Packaging" in html and "organizer" in html
    assert staff_client.get("/admin/work_groups/?search=pack").status_code == 200
    assert staff_client.get("/admin/work_groups/new/").status_code == 200


def test_create_makes_the_slug_and_records_the_creator(staff_client, superuser):
    response = admin_form(staff_client, "/admin/work_groups/new/", FORM)
    assert response.status_code == 302
    group = db.session.scalar(
        sa.select(WorkGroup).where(WorkGroup.slug == "python-education-work-group")
    )
    assert group.creator_id == superuser.id
    assert group.active is True


def test_missing_purpose_is_a_form_error(staff_client, session):
    before = group_count()
    response = admin_form(
        staff_client, "/admin/work_groups/new/", {**FORM, "purpose": ""}
    )
    assert response.status_code == 200
    assert "This field is required." in response.get_data(as_text=True)
    assert group_count() == before


def test_duplicate_slug_is_a_form_error(staff_client, session):
    WorkGroupFactory(name="Other", slug="education")
    db.session.commit()
    before = group_count()
    response = admin_form(
        staff_client, "/admin/work_groups/new/", {**FORM, "slug": "education"}
    )
    assert response.status_code == 200
    assert "Already exists." in response.get_data(as_text=True)
    assert group_count() == before


def test_invalid_content_type_is_a_form_error(staff_client, session):
    before = group_count()
    response = admin_form(
        staff_client, "/admin/work_groups/new/", {**FORM, "content_type": "LATEX"}
    )
    assert response.status_code == 200
    assert "Invalid value" in response.get_data(as_text=True)
    assert group_count() == before


def test_non_http_url_is_a_form_error(staff_client, session):
    before = group_count()
    response = admin_form(
        staff_client, "/admin/work_groups/new/", {**FORM, "url": "javascript:x()"}
    )
    assert response.status_code == 200
    assert "The URL must start with http" in response.get_data(as_text=True)
    assert group_count() == before


def test_edit_changes_the_group_and_keeps_its_slug(staff_client, session):
    group = WorkGroupFactory(name="Old name")
    db.session.commit()
    response = admin_form(
        staff_client,
        f"/admin/work_groups/edit/?id={group.id}",
        {**FORM, "name": "New name", "slug": group.slug},
    )
    assert response.status_code == 302
    db.session.refresh(group)
    assert (group.name, group.slug) == ("New name", "old-name")


def test_activate_and_deactivate_actions(staff_client, session):
    group = WorkGroupFactory(active=False)
    db.session.commit()
    page = admin_action(staff_client, "work_groups", "activate", [group.id])
    assert "1 work group(s) activated." in page.get_data(as_text=True)
    db.session.refresh(group)
    assert group.active is True
    admin_action(staff_client, "work_groups", "deactivate", [group.id, "not-a-uuid"])
    db.session.refresh(group)
    assert group.active is False

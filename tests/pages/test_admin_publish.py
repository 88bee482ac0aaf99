"""Pages are published and unpublished in bulk from the list; new pages start as drafts."""

from __future__ import annotations

import re

import sqlalchemy as sa

from pydotorg.core.admin import StaffModelView
from pydotorg.extensions import db
from tests.factories.pages import PageFactory
from tests.fixtures.admin_forms import admin_action


def test_publish_and_unpublish_pages_from_the_list(staff_client, superuser):
    drafts = [PageFactory(is_published=False) for _ in range(2)]
    db.session.commit()
    listed = admin_action(staff_client, "pages", "publish", [p.id for p in drafts])
    assert "2 pages published." in listed.get_data(as_text=True)
    for page in drafts:
        db.session.refresh(page)
        assert page.is_published is True
        assert page.last_modified_by_id == superuser.id
    assert staff_client.get(drafts[0].url).status_code == 200

    admin_action(staff_client, "pages", "unpublish", [drafts[0].id])
    db.session.refresh(drafts[0])
    assert drafts[0].is_published is False
    db.session.refresh(drafts[1])
    assert drafts[1].is_published is True


def test_new_page_form_starts_as_a_draft(staff_client):
    form = staff_client.get("/admin/pages/new/").get_data(as_text=True)
    box = re.search(r'<input[^>]*id="is_published"[^>]*>', form).group(0)
    assert "checked" not in box


def test_every_publishable_model_has_publish_and_unpublish_actions(app):
    admin = app.extensions["admin"][0]
    publishable = [
        view
        for view in admin._views
        if isinstance(view, StaffModelView)
        and "is_published" in sa.inspect(view.model).columns
        # Revisions are snapshots of a page, not something to publish.
        and view.model.__tablename__ != "page_revisions"
    ]
    assert len(publishable) >= 6
    for view in publishable:
        names = {name for name, _ in view._actions}
        assert {"publish", "unpublish"} <= names, view.model.__tablename__


def test_page_list_links_each_page_to_its_public_url(staff_client):
    PageFactory(path="about/team", is_published=False)
    db.session.commit()
    listed = staff_client.get("/admin/pages/").get_data(as_text=True)
    assert re.search(r'href="/about/team/"[^>]*title="View on site"', listed)

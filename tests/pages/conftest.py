"""Fixtures for the pages tests: logged-in clients and admin form helpers."""

from __future__ import annotations

from typing import Any

import pytest

from pydotorg.extensions import db
from tests.fixtures.admin_forms import admin_form


class PageAdminClient:
    """Drives the page admin through its real forms (CSRF included)."""

    def __init__(self, client: Any) -> None:
        self.client = client

    def create(self, **fields: Any) -> Any:
        data = {
            "title": "A page",
            "path": "a-page",
            "content_type": "MARKDOWN",
            "content": "Hello",
            "is_published": "y",
            "keywords": "",
            "description": "",
            "template_name": "pages/default.html",
        }
        data.update(fields)
        return admin_form(
            self.client,
            "/admin/pages/new/",
            data,
            content_type="multipart/form-data",
        )

    def edit(self, page: Any, **fields: Any) -> Any:
        url = f"/admin/pages/edit/?id={page.id}"
        data = {
            "title": page.title,
            "path": page.path,
            "content_type": page.content_type.name,
            "content": page.content,
            "keywords": page.keywords,
            "description": page.description,
            "template_name": page.template_name or "pages/default.html",
            "leave_redirect": "y",
        }
        if page.is_published:
            data["is_published"] = "y"
        data.update(fields)
        data = {k: v for k, v in data.items() if v is not None}
        return admin_form(self.client, url, data, content_type="multipart/form-data")


@pytest.fixture
def page_admin(staff_client: Any) -> PageAdminClient:
    return PageAdminClient(staff_client)


@pytest.fixture
def member_client(client: Any, auth: Any, user: Any) -> Any:
    """A client logged in as an ordinary (non-staff) user."""
    db.session.commit()
    auth.login(user.username)
    return client

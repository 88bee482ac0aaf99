"""The staff-only live preview gives exactly the HTML the public page shows."""

from __future__ import annotations

import pytest

from pydotorg.core.markup import ContentType
from pydotorg.domains.pages.models import Page
from pydotorg.extensions import db
from tests.conftest import csrf_token_from
from tests.factories.pages import PageFactory

RST = """\
Getting started
===============

* Install Python from `the downloads </downloads/>`_.
* Read `the tutorial <https://docs.python.org/3/tutorial/>`_.

.. code:: python

   print("hello")

<b>not html</b>
"""


def preview(client, content, content_type, token=None):
    headers = {"X-CSRFToken": token} if token else {}
    return client.post(
        "/admin/pages/preview/",
        data={"content": content, "content_type": content_type},
        headers=headers,
    )


def admin_token(client):
    return csrf_token_from(client.get("/admin/pages/new/").get_data(as_text=True))


@pytest.mark.parametrize(
    ("content", "content_type"),
    [
        (RST, "RESTRUCTUREDTEXT"),
        (
            "# Title\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n[x](javascript:alert(1))",
            "MARKDOWN",
        ),
        (
            '<h2>Hi</h2><p onclick="x()">para <a href="https://example.com">ext</a></p>',
            "HTML",
        ),
    ],
)
def test_preview_is_byte_for_byte_the_public_page_html(
    staff_client, page_admin, content, content_type
):
    # Saved through the admin form, as a browser posts it (CRLF line endings).
    response = page_admin.create(
        path="preview/check",
        content=content.replace("\n", "\r\n"),
        content_type=content_type,
    )
    assert response.status_code == 302, response.get_data(as_text=True)

    # The preview script sends the textarea's value (LF line endings).
    previewed = preview(staff_client, content, content_type, admin_token(staff_client))
    assert previewed.status_code == 200
    assert previewed.mimetype == "text/html"
    fragment = previewed.get_data(as_text=True)
    assert fragment

    page = db.session.scalar(db.select(Page).where(Page.path == "preview/check"))
    assert page.content_rendered == fragment
    public = staff_client.get("/preview/check/").get_data(as_text=True)
    assert f'<div class="page-content">{fragment}</div>' in public


def test_preview_shows_rst_errors_with_line_numbers(staff_client):
    response = preview(
        staff_client,
        "Title\n=====\n\nA `broken link`_.\n\n.. include:: /etc/passwd\n",
        "restructuredtext",
        admin_token(staff_client),
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'class="system-message"' in html
    assert "line 6" in html
    assert "Unknown target name" in html
    assert "root:" not in html


def test_anonymous_visitors_get_403_from_preview(client):
    token = csrf_token_from(client.get("/accounts/login/").get_data(as_text=True))
    assert preview(client, "x", "MARKDOWN", token).status_code == 403


def test_members_get_403_from_preview(member_client):
    token = csrf_token_from(member_client.get("/").get_data(as_text=True))
    assert preview(member_client, "x", "MARKDOWN", token).status_code == 403


def test_preview_requires_the_csrf_token(staff_client):
    assert preview(staff_client, "x", "MARKDOWN").status_code == 400


def test_preview_rejects_an_unknown_content_type(staff_client):
    response = preview(staff_client, "x", "textile", admin_token(staff_client))
    assert response.status_code == 400
    assert "unknown content type" in response.get_json()["error"]


def test_admin_form_has_the_preview_pane_and_view_on_site(staff_client):
    page = PageFactory(path="about/history", content_type=ContentType.RESTRUCTUREDTEXT)
    db.session.commit()

    html = staff_client.get(f"/admin/pages/edit/?id={page.id}").get_data(as_text=True)

    assert 'id="page-preview"' in html
    assert 'data-url="/admin/pages/preview/"' in html
    assert 'href="/about/history/"' in html and "View on site" in html
    assert 'id="content"' in html and 'id="content_type"' in html
    assert "/static/admin/pages-preview.js" in html
    script = staff_client.get("/static/admin/pages-preview.js")
    assert "setTimeout(update, 400)" in script.get_data(as_text=True)  # debounced
    script.close()

    create_html = staff_client.get("/admin/pages/new/").get_data(as_text=True)
    assert 'id="page-preview"' in create_html

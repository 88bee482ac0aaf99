"""Uploads near the request size limit: a form error or a friendly 413, never a bare one."""

from __future__ import annotations

import io

from flask import current_app
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from pydotorg.core import uploads
from pydotorg.domains.pages.models import DocumentFile
from pydotorg.extensions import db
from tests.conftest import csrf_token_from
from tests.factories.pages import PageFactory

PDF_HEAD = b"%PDF-1.7\n"


def pdf_of(size: int) -> io.BytesIO:
    return io.BytesIO(PDF_HEAD + b"0" * (size - len(PDF_HEAD)))


def upload_document(client, page, size: int, filename: str):
    """Post the page's edit form with one document of ``size`` bytes.

    The body is encoded in memory here: the test client would spool a body this large
    to a temporary file it never closes (a ResourceWarning in a later test).
    """
    url = f"/admin/pages/edit/?id={page.id}"
    token = csrf_token_from(client.get(url).get_data(as_text=True))
    fields = {
        "csrf_token": token,
        "title": page.title,
        "path": page.path,
        "content_type": page.content_type.name,
        "content": page.content,
        "template_name": "pages/default.html",
        "document_uploads": FileStorage(pdf_of(size), filename),
    }
    boundary, body = encode_multipart(fields)
    return client.post(
        url, data=body, content_type=f"multipart/form-data; boundary={boundary}"
    )


def documents() -> int:
    return db.session.scalar(db.select(db.func.count(DocumentFile.id)))


def test_the_document_limit_leaves_room_for_the_form_in_a_request(app):
    request_limit = app.config["MAX_CONTENT_LENGTH"]
    assert request_limit == 20 * uploads.MB  # DECISIONS
    assert request_limit - uploads.MB >= uploads.MAX_DOCUMENT_BYTES


def test_a_document_just_over_its_limit_is_a_form_error_not_a_413(page_admin):
    page = PageFactory(path="about/reports")
    db.session.commit()
    size = uploads.MAX_DOCUMENT_BYTES + 1
    assert size < current_app.config["MAX_CONTENT_LENGTH"]

    response = upload_document(page_admin.client, page, size, "report.pdf")

    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert "report.pdf: too large (at most 19 MB)" in body
    assert documents() == 0


def test_the_form_states_the_document_limit(page_admin):
    page = PageFactory(path="about/limits")
    db.session.commit()
    body = page_admin.client.get(f"/admin/pages/edit/?id={page.id}").get_data(
        as_text=True
    )
    assert "archives; 19 MB each" in body


def test_a_request_over_the_limit_gets_a_friendly_page(page_admin):
    page = PageFactory(path="about/huge")
    db.session.commit()
    size = current_app.config["MAX_CONTENT_LENGTH"] + 1

    response = upload_document(page_admin.client, page, size, "huge.pdf")

    assert response.status_code == 413
    body = response.get_data(as_text=True)
    assert "The upload is too large" in body
    assert "at most 20 MB" in body
    assert "Request Entity Too Large" not in body  # not Werkzeug's bare page
    assert documents() == 0

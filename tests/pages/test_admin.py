"""The page admin: validation, stored rendering, redirects on move, uploads."""

from __future__ import annotations

import io

import pytest

from pydotorg.core import uploads
from pydotorg.core.markup import ContentType
from pydotorg.domains.pages.models import DocumentFile, Image, Page, Redirect
from pydotorg.extensions import db
from tests.factories.pages import PageFactory, RedirectFactory
from tests.fixtures.admin_forms import admin_form, admin_post

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.7\n" + b"0" * 64


def pages_at(path: str) -> list[Page]:
    return list(db.session.scalars(db.select(Page).where(Page.path == path)))


def test_creating_a_page_normalizes_the_path_and_stores_rendered_html(
    page_admin, superuser
):
    response = page_admin.create(
        title="PSF Mission",
        path="/psf/mission/",
        content_type="RESTRUCTUREDTEXT",
        content="Mission\n=======\n\nPromote **Python**.\n",
    )

    assert response.status_code == 302
    (page,) = pages_at("psf/mission")
    assert page.content_type is ContentType.RESTRUCTUREDTEXT
    assert "<h2>Mission</h2>" in page.content_rendered
    assert "<strong>Python</strong>" in page.content_rendered
    assert page.creator == superuser
    assert page.last_modified_by == superuser


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("About/Us", "Use lowercase letters"),
        ("about us", "Use lowercase letters"),
        ("about_us", "Use lowercase letters"),
        ("about//us", "Use lowercase letters"),
        ("about/../etc", "only dots"),
        ("admin/pages", "belongs to the site itself"),
        ("api/v2/downloads", "belongs to the site itself"),
        ("media/x", "belongs to the site itself"),
        ("about/edit", "reserved word"),
        ("edit", "reserved word"),
        ("accounts/login", "belongs to the site itself"),
        ("", "This field is required"),
    ],
)
def test_bad_paths_are_form_errors_and_save_nothing(page_admin, path, message):
    response = page_admin.create(path=path, title="Bad path page")

    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert (
        db.session.scalar(db.select(Page).where(Page.title == "Bad path page")) is None
    )


def test_a_path_served_by_another_route_is_refused(page_admin, monkeypatch):
    from pydotorg.domains.pages import services

    monkeypatch.setattr(services, "RESERVED_PREFIXES", frozenset())
    response = page_admin.create(path="accounts/login", title="Shadow")

    assert response.status_code == 200
    assert "already served by another part of the site" in response.get_data(
        as_text=True
    )


def test_duplicate_path_is_a_form_error(page_admin):
    PageFactory(path="about")
    db.session.commit()

    response = page_admin.create(path="/about/", title="Second about")

    assert response.status_code == 200
    assert len(pages_at("about")) == 1
    assert "already exists" in response.get_data(as_text=True).lower()


def test_unknown_template_name_is_a_form_error_not_a_500(page_admin):
    response = page_admin.create(path="templated", template_name="../secrets.html")

    assert response.status_code == 200
    assert "Not a valid choice" in response.get_data(as_text=True)
    assert pages_at("templated") == []


def test_editing_a_page_with_an_unknown_stored_template_shows_the_error(page_admin):
    page = PageFactory(path="legacy", template_name="python/old.html")
    db.session.commit()

    response = page_admin.edit(page, template_name="python/old.html")

    assert response.status_code == 200
    assert "Not a valid choice" in response.get_data(as_text=True)


def test_moving_a_page_leaves_a_redirect_when_asked(page_admin, client):
    page = PageFactory(path="about/old-name", title="Moving")
    db.session.commit()

    response = page_admin.edit(page, path="about/new-name")

    assert response.status_code == 302
    db.session.refresh(page)
    assert page.path == "about/new-name"
    redirect = db.session.scalar(
        db.select(Redirect).where(Redirect.old_path == "about/old-name")
    )
    assert redirect.new_path == "/about/new-name/"
    old = client.get("/about/old-name/")
    assert old.status_code == 301
    assert old.headers["Location"] == "/about/new-name/"
    assert client.get("/about/new-name/").status_code == 200


def test_moving_a_page_without_a_redirect(page_admin):
    page = PageFactory(path="about/old-name")
    db.session.commit()

    page_admin.edit(page, path="about/new-name", leave_redirect=None)

    assert db.session.scalar(db.select(db.func.count(Redirect.id))) == 0


def test_moving_a_page_back_removes_the_redirect_that_would_hide_it(page_admin, client):
    page = PageFactory(path="a")
    db.session.commit()
    page_admin.edit(page, path="b")
    db.session.refresh(page)

    page_admin.edit(page, path="a")

    assert client.get("/a/").status_code == 200
    assert client.get("/b/").headers["Location"] == "/a/"


def test_uploads_are_stored_listed_and_served(page_admin, client, media_root):
    page = PageFactory(path="about/logos")
    db.session.commit()

    response = page_admin.edit(
        page,
        image_uploads=[(io.BytesIO(PNG), "Python Logo!.PNG")],
        document_uploads=[(io.BytesIO(PDF), "../../Annual Report.pdf")],
    )

    assert response.status_code == 302
    (image,) = db.session.scalars(db.select(Image).where(Image.page_id == page.id))
    (document,) = db.session.scalars(
        db.select(DocumentFile).where(DocumentFile.page_id == page.id)
    )
    assert image.image == "pages/about/logos/python_logo.png"
    assert document.document == "files/annual_report.pdf"
    assert (media_root / image.image).read_bytes() == PNG

    served = client.get("/media/pages/about/logos/python_logo.png")
    assert served.status_code == 200
    assert served.data == PNG
    assert served.headers["X-Content-Type-Options"] == "nosniff"
    served.close()

    edit_page = page_admin.client.get(f"/admin/pages/edit/?id={page.id}")
    html = edit_page.get_data(as_text=True)
    assert "/media/pages/about/logos/python_logo.png" in html
    assert "/media/files/annual_report.pdf" in html

    # A second upload of the same name gets its own file.
    page_admin.edit(page, image_uploads=[(io.BytesIO(PNG), "python_logo.png")])
    names = sorted(db.session.scalars(db.select(Image.image)))
    assert names == [
        "pages/about/logos/python_logo-2.png",
        "pages/about/logos/python_logo.png",
    ]


@pytest.mark.parametrize(
    ("field", "data", "filename", "message"),
    [
        ("image_uploads", b"<svg onload=alert(1)>", "evil.svg", "only .gif"),
        ("image_uploads", b"<html><script>", "fake.png", "not a valid png"),
        ("document_uploads", b"<html></html>", "page.html", "only .csv"),
        ("document_uploads", b"MZ\x90\x00", "tool.exe", "only .csv"),
        ("document_uploads", b"not a pdf", "report.pdf", "not a valid pdf"),
        ("image_uploads", b"", "empty.png", "the file is empty"),
    ],
)
def test_bad_uploads_are_form_errors_and_save_nothing(
    page_admin, media_root, field, data, filename, message
):
    page = PageFactory(path="about/uploads", title="Before")
    db.session.commit()

    response = page_admin.edit(
        page, title="After", **{field: [(io.BytesIO(data), filename)]}
    )

    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    db.session.refresh(page)
    assert page.title == "Before"
    assert db.session.scalar(db.select(db.func.count(Image.id))) == 0
    assert db.session.scalar(db.select(db.func.count(DocumentFile.id))) == 0


@pytest.mark.parametrize(
    ("original", "stored"),
    [
        ("My Logo!.PNG", "my_logo.png"),
        ("../../Annual Report.pdf", "annual_report.pdf"),
        ("..\\..\\windows.gif", "windows.gif"),
        ("Résumé naïve.pdf", "resume_naive.pdf"),
        ("日本語.png", "file.png"),
        (".hidden.txt", "hidden.txt"),
        ("", "file"),
    ],
)
def test_upload_names_are_sanitised_and_keep_their_type(original, stored):
    assert uploads.safe_filename(original) == stored


def test_an_image_with_a_non_latin_name_is_accepted(page_admin, media_root):
    page = PageFactory(path="about/intl")
    db.session.commit()

    response = page_admin.edit(page, image_uploads=[(io.BytesIO(PNG), "ロゴ.png")])

    assert response.status_code == 302, response.get_data(as_text=True)
    assert db.session.scalar(db.select(Image.image)) == "pages/about/intl/file.png"
    assert (media_root / "pages/about/intl/file.png").read_bytes() == PNG


def test_uploads_over_the_size_limit_are_refused(page_admin, monkeypatch):
    monkeypatch.setattr(uploads, "MAX_IMAGE_BYTES", 16)
    page = PageFactory(path="about/big")
    db.session.commit()

    response = page_admin.edit(page, image_uploads=[(io.BytesIO(PNG), "big.png")])

    assert "too large" in response.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count(Image.id))) == 0


def test_media_does_not_serve_outside_the_media_folder(client, media_root):
    (media_root.parent / "secret.txt").write_text("secret")
    assert client.get("/media/../secret.txt").status_code == 404
    assert client.get("/media/%2e%2e/secret.txt").status_code == 404
    assert client.get("/media/no-such-file.png").status_code == 404


def test_deleting_an_image_in_the_admin_removes_its_file(page_admin, media_root):
    page = PageFactory(path="about/pics")
    db.session.commit()
    page_admin.edit(page, image_uploads=[(io.BytesIO(PNG), "pic.png")])
    image = db.session.scalar(db.select(Image))
    path = media_root / image.image
    assert path.exists()

    response = admin_post(
        page_admin.client,
        "/admin/page_images/",
        "/admin/page_images/delete/",
        {"id": str(image.id)},
    )

    assert response.status_code == 302
    assert not path.exists()
    assert db.session.scalar(db.select(db.func.count(Image.id))) == 0


def test_redirect_admin_normalizes_and_validates(staff_client, client):
    response = admin_form(
        staff_client,
        "/admin/redirects/new/",
        {"old_path": "/old/thing/", "new_path": "about"},
    )
    assert response.status_code == 302
    redirect = db.session.scalar(db.select(Redirect))
    assert (redirect.old_path, redirect.new_path) == ("old/thing", "/about/")

    response = admin_form(
        staff_client,
        "/admin/redirects/new/",
        {"old_path": "x", "new_path": "javascript:alert(1)"},
    )
    assert response.status_code == 200
    assert "http(s) URL" in response.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count(Redirect.id))) == 1


def test_duplicate_redirect_source_is_a_form_error(staff_client):
    RedirectFactory(old_path="old/thing")
    db.session.commit()

    response = admin_form(
        staff_client,
        "/admin/redirects/new/",
        {"old_path": "/old/thing/", "new_path": "/x/"},
    )

    assert response.status_code == 200
    assert "already exists" in response.get_data(as_text=True).lower()


@pytest.mark.parametrize(
    "url",
    [
        "/admin/pages/",
        "/admin/pages/new/",
        "/admin/page_images/",
        "/admin/page_documents/",
        "/admin/redirects/",
        "/admin/redirects/new/",
        "/admin/page_revisions/",
    ],
)
def test_admin_views_render_for_staff(staff_client, url):
    PageFactory(path="listed")
    db.session.commit()
    assert staff_client.get(url).status_code == 200


def test_deleting_a_page_removes_its_files(page_admin, media_root, client):
    page = PageFactory(path="about/doomed")
    db.session.commit()
    page_admin.edit(
        page,
        image_uploads=[(io.BytesIO(PNG), "pic.png")],
        document_uploads=[(io.BytesIO(PDF), "doc.pdf")],
    )
    files = [media_root / "pages/about/doomed/pic.png", media_root / "files/doc.pdf"]
    assert all(path.exists() for path in files)

    response = admin_post(
        page_admin.client, "/admin/pages/", "/admin/pages/delete/", {"id": str(page.id)}
    )

    assert response.status_code == 302
    assert not any(path.exists() for path in files)
    assert client.get("/about/doomed/").status_code == 404


def test_content_over_the_markup_limit_is_a_form_error(page_admin):
    response = page_admin.create(path="huge", content="[" * 200_001)

    assert response.status_code == 200
    assert "longer than 200000 characters" in response.get_data(as_text=True)
    assert pages_at("huge") == []

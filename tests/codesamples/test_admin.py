"""The code samples admin: list, create, edit, bad input and the publish actions."""

import sqlalchemy as sa

from pydotorg.domains.codesamples.models import CodeSample
from pydotorg.extensions import db
from tests.factories.codesamples import CodeSampleFactory
from tests.fixtures.admin_forms import admin_action, admin_form

FORM = {
    "title": "List Comprehensions",
    "slug": "",
    "description": "<p>Lists, briefly.</p>",
    "code": ">>> [x * 2 for x in range(3)]\n[0, 2, 4]",
    "is_published": "y",
}


def sample_count():
    return db.session.scalar(sa.select(sa.func.count(CodeSample.id)))


def test_list_shows_samples_with_their_creator_by_name(staff_client, session):
    sample = CodeSampleFactory(title="Fibonacci", creator__username="guido")
    db.session.commit()
    html = staff_client.get("/admin/code_samples/").get_data(as_text=True)
    assert "Fibonacci" in html
    assert "guido" in html
    assert str(sample.creator_id) not in html
    details = staff_client.get(f"/admin/code_samples/details/?id={sample.id}")
    assert "Fibonacci" in details.get_data(as_text=True)


def test_list_search_and_filter_answer(staff_client, session):
    CodeSampleFactory(title="Fibonacci")
    CodeSampleFactory(title="Arithmetic", is_published=False)
    db.session.commit()
    html = staff_client.get("/admin/code_samples/?search=fibo").get_data(as_text=True)
    assert "Fibonacci" in html and "Arithmetic" not in html
    response = staff_client.get("/admin/code_samples/?flt0_0=0")
    assert response.status_code == 200


def test_create_makes_the_slug_and_records_the_creator(staff_client, superuser):
    response = admin_form(staff_client, "/admin/code_samples/new/", FORM)
    assert response.status_code == 302
    sample = db.session.scalar(
        sa.select(CodeSample).where(CodeSample.title == "List Comprehensions")
    )
    assert sample.slug == "list-comprehensions"
    assert sample.creator_id == superuser.id
    assert sample.is_published is True


def test_missing_code_is_a_form_error_and_nothing_is_saved(staff_client, session):
    before = sample_count()
    response = admin_form(
        staff_client, "/admin/code_samples/new/", {**FORM, "code": ""}
    )
    assert response.status_code == 200
    assert "This field is required." in response.get_data(as_text=True)
    assert sample_count() == before


def test_duplicate_slug_is_a_form_error(staff_client, session):
    CodeSampleFactory(title="Taken", slug="taken")
    db.session.commit()
    before = sample_count()
    response = admin_form(
        staff_client, "/admin/code_samples/new/", {**FORM, "slug": "taken"}
    )
    assert response.status_code == 200
    assert "Already exists." in response.get_data(as_text=True)
    assert sample_count() == before


def test_edit_changes_the_sample_and_keeps_its_slug(staff_client, session):
    sample = CodeSampleFactory(title="Old title")
    db.session.commit()
    response = admin_form(
        staff_client,
        f"/admin/code_samples/edit/?id={sample.id}",
        {**FORM, "title": "New title", "slug": sample.slug},
    )
    assert response.status_code == 302
    db.session.refresh(sample)
    assert sample.title == "New title"
    assert sample.slug == "old-title"


def test_publish_and_unpublish_actions(staff_client, session):
    drafts = [CodeSampleFactory(is_published=False) for _ in range(2)]
    db.session.commit()
    page = admin_action(staff_client, "code_samples", "publish", [s.id for s in drafts])
    assert "2 code sample(s) published." in page.get_data(as_text=True)
    for sample in drafts:
        db.session.refresh(sample)
        assert sample.is_published is True
    admin_action(staff_client, "code_samples", "unpublish", [drafts[0].id])
    db.session.refresh(drafts[0])
    assert drafts[0].is_published is False

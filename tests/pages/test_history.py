"""Page history: every save is a version; compare two; restore one as a new version."""

from __future__ import annotations

import sqlalchemy as sa

from pydotorg.core.history import ChangeLogEntry
from pydotorg.core.markup import ContentType
from pydotorg.domains.pages.models import Page, PageRevision
from pydotorg.domains.pages.services import PageService
from pydotorg.extensions import db
from tests.factories.pages import PageFactory
from tests.fixtures.admin_forms import admin_post


def versions(page: Page) -> list[PageRevision]:
    return PageService(db.session).history(page)


def test_creating_a_page_records_version_one(page_admin, superuser):
    page_admin.create(path="history/new", title="First", content="one")
    page = db.session.scalar(sa.select(Page).where(Page.path == "history/new"))

    (first,) = versions(page)

    assert (first.revision, first.title, first.content) == (1, "First", "one")
    assert first.created_by == superuser
    assert first.comment == "Created"


def test_every_save_keeps_the_previous_version_with_who_and_when(page_admin, superuser):
    page = PageFactory(path="history/page", title="Original", content="first text")
    db.session.commit()

    page_admin.edit(page, title="Renamed", content="second text")
    page_admin.edit(page, content="third text")

    history = versions(page)
    assert [v.revision for v in history] == [3, 2, 1]
    assert [v.content for v in history] == ["third text", "second text", "first text"]
    assert history[1].title == "Renamed"
    assert history[0].created_by == superuser
    assert history[0].created_at >= history[1].created_at
    changed = PageService(db.session).changed_fields(history)
    assert changed[2] == ["title", "content"]
    assert changed[3] == ["content"]


def test_each_page_save_is_one_change_log_entry_not_two(page_admin):
    page = PageFactory(path="history/logged", content="first text")
    db.session.commit()

    page_admin.edit(page, content="second text")

    entries = db.session.scalars(
        sa.select(ChangeLogEntry)
        .where(ChangeLogEntry.table_name != "users")  # the staff member's login
        .order_by(ChangeLogEntry.id)
    ).all()
    assert [(e.table_name, e.kind) for e in entries] == [
        ("pages", "created"),
        ("pages", "updated"),
    ]
    assert entries[1].changes["content"] == ["first text", "second text"]
    assert len(versions(page)) == 2  # the page's own versions are still kept


def test_saving_without_changes_records_no_version(page_admin):
    page = PageFactory(path="history/same")
    db.session.commit()

    page_admin.edit(page)

    assert len(versions(page)) == 1


def test_a_page_from_before_history_keeps_its_old_version(session, staff_user):
    page = PageFactory(path="history/legacy", content="legacy text")
    db.session.flush()
    db.session.execute(sa.delete(PageRevision))  # as if created before history existed
    db.session.expire_all()

    page.content = "new text"
    PageService(db.session).save(page, by=staff_user)

    history = versions(page)
    assert [(v.revision, v.content) for v in history] == [
        (2, "new text"),
        (1, "legacy text"),
    ]
    assert history[0].created_by == staff_user


def test_restoring_an_old_version_brings_it_back_as_a_new_version(
    page_admin, client, superuser
):
    page = PageFactory(
        path="history/restore",
        title="Good title",
        content="Good *content*",
        content_type=ContentType.MARKDOWN,
    )
    db.session.commit()
    page_admin.edit(page, title="Vandalised", content="<b>bad</b>", content_type="HTML")
    assert "bad" in client.get("/history/restore/").get_data(as_text=True)

    response = admin_post(
        page_admin.client,
        f"/admin/pages/history/?id={page.id}",
        "/admin/pages/restore/",
        {"id": str(page.id), "revision": "1"},
    )

    assert response.status_code == 302
    db.session.refresh(page)
    assert (page.title, page.content, page.content_type) == (
        "Good title",
        "Good *content*",
        ContentType.MARKDOWN,
    )
    assert page.content_rendered == "<p>Good <em>content</em></p>"
    history = versions(page)
    assert [v.revision for v in history] == [3, 2, 1]
    assert history[0].content == "Good *content*"
    assert history[0].comment == "Restored version 1"
    assert history[0].created_by == superuser
    public = client.get("/history/restore/").get_data(as_text=True)
    assert "<em>content</em>" in public
    assert "Vandalised" not in public


def test_restore_needs_csrf_and_staff(member_client):
    page = PageFactory(path="history/guarded")
    db.session.commit()

    response = member_client.post(
        "/admin/pages/restore/", data={"id": str(page.id), "revision": "1"}
    )

    assert response.status_code in (400, 403)
    assert len(versions(page)) == 1


def test_restoring_a_version_of_another_page_is_refused(session, staff_user):
    one = PageFactory(path="history/one")
    two = PageFactory(path="history/two")
    db.session.flush()
    service = PageService(db.session)
    other = service.history(two)[0]

    try:
        service.restore(one, other, by=staff_user)
    except ValueError as error:
        assert "another page" in str(error)
    else:
        raise AssertionError("restore accepted another page's version")


def test_history_view_lists_versions_with_restore_buttons(page_admin):
    page = PageFactory(path="history/listed", title="V1")
    db.session.commit()
    page_admin.edit(page, title="V2")

    html = page_admin.client.get(f"/admin/pages/history/?id={page.id}").get_data(
        as_text=True
    )

    assert "History of “V2”" in html
    assert "2 (current)" in html
    assert 'id="restore-1"' in html
    assert 'id="restore-2"' not in html  # the current version can't be restored
    assert "Compare selected versions" in html


def test_diff_between_two_versions(page_admin):
    page = PageFactory(
        path="history/diff", title="Same", content="line one\nline two\n"
    )
    db.session.commit()
    page_admin.edit(page, content="line one\nline 2 <changed>\n", title="Other")

    html = page_admin.client.get(f"/admin/pages/diff/?id={page.id}&a=2&b=1").get_data(
        as_text=True
    )

    assert "version 1 → version 2" in html
    assert '<span class="removed">-line two</span>' in html
    assert '<span class="added">+line 2 &lt;changed&gt;</span>' in html
    assert "<del>Same</del>" in html or '<span class="removed">-Same</span>' in html


def test_diff_of_a_missing_version_goes_back_to_history(page_admin):
    page = PageFactory(path="history/missing")
    db.session.commit()

    response = page_admin.client.get(f"/admin/pages/diff/?id={page.id}&a=1&b=9")

    assert response.status_code == 302
    assert "/admin/pages/history/" in response.headers["Location"]


def test_history_of_an_unknown_page_is_404(staff_client):
    response = staff_client.get(
        "/admin/pages/history/?id=00000000-0000-0000-0000-000000000000"
    )
    assert response.status_code == 404


def test_deleting_a_page_deletes_its_history(session):
    page = PageFactory(path="history/gone")
    db.session.flush()
    db.session.delete(page)
    db.session.flush()
    assert db.session.scalar(sa.select(sa.func.count(PageRevision.id))) == 0

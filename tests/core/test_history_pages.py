"""Each admin edit view has a History page: the object's logged changes with a
readable diff, and a Restore button that saves an earlier state through the
domain's service, so its rules still apply."""

from __future__ import annotations

import sqlalchemy as sa

from pydotorg.core.history import ChangeLogEntry, history_of
from pydotorg.domains.downloads.services import ReleaseService
from pydotorg.domains.pages.models import Page
from pydotorg.domains.pages.services import PageService
from pydotorg.extensions import db
from tests.conftest import csrf_token_from
from tests.factories.downloads import ReleaseFactory
from tests.factories.minutes import MinutesFactory
from tests.factories.pages import PageFactory


def history_url(table: str, row) -> str:
    return f"/admin/{table}/changes/?id={row.id}"


def restore(client, table: str, row, entry: ChangeLogEntry, **kwargs):
    """Press the entry's Restore button (with the session's CSRF token)."""
    page = client.get(f"/admin/{table}/edit/?id={row.id}")
    assert page.status_code == 200
    token = csrf_token_from(page.get_data(as_text=True))
    data = {"csrf_token": token, "id": str(row.id), "entry": str(entry.id)}
    return client.post(
        f"/admin/{table}/changes/restore/", data=data, follow_redirects=True, **kwargs
    )


def save_page(page: Page, by, **values) -> None:
    for name, value in values.items():
        setattr(page, name, value)
    PageService(db.session).save(page, by=by)
    db.session.commit()


def oldest(table: str, row) -> ChangeLogEntry:
    return history_of(db.session, table, row.id)[-1]


def test_every_edit_view_links_to_its_history(staff_client):
    minutes = MinutesFactory()
    db.session.commit()

    html = staff_client.get(f"/admin/minutes/edit/?id={minutes.id}").get_data(
        as_text=True
    )

    assert f"/admin/minutes/changes/?id={minutes.id}" in html


def test_the_history_page_shows_who_changed_what_with_markup_as_an_escaped_line_diff(
    staff_client, superuser
):
    page = PageFactory(path="history/diff", content="line one\nline two\n")
    db.session.commit()
    save_page(
        page,
        superuser,
        title="Renamed",
        content="line one\n<script>alert(1)</script>\n",
    )

    response = staff_client.get(history_url("pages", page))

    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Renamed" in html
    assert superuser.username in html
    assert '<span class="diff-removed">-line two</span>' in html
    assert "+&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)" not in html
    assert (
        html.count("Restore this state") == 1
    )  # the newest entry is the current state


def test_restoring_a_page_brings_its_earlier_state_back_through_the_page_service(
    staff_client, superuser, staff_user
):
    page = PageFactory(path="history/page", title="Good title", content="Good text")
    db.session.commit()
    save_page(page, staff_user, title="Bad title", content="Bad text")

    response = restore(staff_client, "pages", page, oldest("pages", page))

    assert "Restored the state of" in response.get_data(as_text=True)
    db.session.expire_all()
    assert (page.title, page.content) == ("Good title", "Good text")
    newest = history_of(db.session, "pages", page.id)[0]
    assert newest.changes["title"] == ["Bad title", "Good title"]
    assert newest.user_id == superuser.id
    # The service saved it: the page's own versions record the restored state.
    assert page.revisions[0].title == "Good title"
    assert page.last_modified_by == superuser


def test_a_restore_that_breaks_a_page_rule_is_refused_with_the_rule(
    staff_client, superuser
):
    page = PageFactory(path="history/first-home", title="Moving")
    db.session.commit()
    save_page(page, superuser, path="history/second-home")
    PageFactory(path="history/first-home", title="Newcomer")
    db.session.commit()

    response = restore(staff_client, "pages", page, oldest("pages", page))

    html = response.get_data(as_text=True)
    assert "This state cannot be restored" in html
    assert "Another page already lives at /history/first-home/." in html
    db.session.expire_all()
    assert page.path == "history/second-home"


def test_restoring_a_release_goes_through_the_release_service(staff_client, superuser):
    release = ReleaseFactory(name="Python 3.13.0", is_published=True, is_latest=True)
    db.session.commit()
    service = ReleaseService(db.session)
    service.update(release, {"name": "Python 3.13.0 (typo)", "is_latest": False})
    db.session.commit()
    newer = ReleaseFactory(name="Python 3.13.1", is_latest=True)
    db.session.commit()

    response = restore(staff_client, "releases", release, oldest("releases", release))

    assert response.status_code == 200
    db.session.expire_all()
    assert (release.name, release.is_latest) == ("Python 3.13.0", True)
    # The service's rule: one latest release per version.
    assert newer.is_latest is False
    assert release.last_modified_by == superuser


def test_a_restore_without_the_csrf_token_changes_nothing(staff_client, superuser):
    page = PageFactory(path="history/csrf", title="Before")
    db.session.commit()
    save_page(page, superuser, title="After")

    response = staff_client.post(
        "/admin/pages/changes/restore/",
        data={"id": str(page.id), "entry": str(oldest("pages", page).id)},
    )

    assert response.status_code in (302, 400)
    db.session.expire_all()
    assert page.title == "After"


def test_an_entry_of_another_object_is_not_restored(staff_client, superuser):
    page = PageFactory(path="history/mine", title="Mine")
    other = PageFactory(path="history/other", title="Other")
    db.session.commit()

    response = restore(staff_client, "pages", page, oldest("pages", other))

    assert "not a state of this record" in response.get_data(as_text=True)
    db.session.expire_all()
    assert page.title == "Mine"


def test_the_change_log_is_listed_read_only(staff_client):
    MinutesFactory()
    db.session.commit()
    entry = db.session.scalar(sa.select(ChangeLogEntry))

    listing = staff_client.get("/admin/change_log/")

    assert listing.status_code == 200
    assert entry.object_label in listing.get_data(as_text=True)
    assert (
        staff_client.get(f"/admin/change_log/details/?id={entry.id}").status_code == 200
    )
    for url in ("/admin/change_log/new/", f"/admin/change_log/edit/?id={entry.id}"):
        assert staff_client.get(url).status_code == 302  # back to the list
    token = csrf_token_from(staff_client.get("/admin/minutes/").get_data(as_text=True))
    staff_client.post(
        "/admin/change_log/delete/", data={"id": entry.id, "csrf_token": token}
    )
    assert db.session.get(ChangeLogEntry, entry.id) is not None


def test_the_history_page_is_for_staff_only(client, user, auth):
    page = PageFactory(path="history/private")
    db.session.commit()
    auth.login(user.username)

    assert client.get(history_url("pages", page)).status_code == 403

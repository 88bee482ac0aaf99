"""API integer ids only grow: a deleted row's id is never handed out again."""

from __future__ import annotations

import os
import threading

import pytest
import sqlalchemy as sa

from pydotorg.core.models import ApiIdCounter, allocate_api_ids
from pydotorg.domains.downloads.models import OS, Release
from pydotorg.domains.users.services.api_keys import APIKeyService
from pydotorg.extensions import db
from tests.factories.downloads import ReleaseFactory
from tests.factories.pages import PageFactory
from tests.factories.users import UserFactory
from tests.fixtures.admin_forms import admin_post


def test_api_created_release_never_gets_a_deleted_releases_id(
    client, session, v2_staff
):
    def create(name: str) -> int:
        response = client.post(
            "/api/v2/downloads/release/",
            json={"name": name, "slug": name.lower().replace(" ", "-")},
            headers=v2_staff,
        )
        assert response.status_code == 201, response.get_json()
        return response.get_json()["resource_uri"]

    first = create("Python 3.99.0")
    first_id = int(first.rstrip("/").rsplit("/", 1)[1])
    assert client.delete(first, headers=v2_staff).status_code == 204
    second = create("Python 3.99.1")
    second_id = int(second.rstrip("/").rsplit("/", 1)[1])
    assert second_id > first_id


@pytest.mark.parametrize(
    "make",
    [
        lambda n: OS(name=f"OS {n}", slug=f"os-{n}"),
        lambda n: ReleaseFactory.build(name=f"Python 9.{n}", slug=f"python-9{n}"),
        lambda n: PageFactory.build(title=f"Page {n}", path=f"page-{n}"),
    ],
    ids=["os", "release", "page"],
)
def test_deleting_the_newest_row_does_not_free_its_id(session, make):
    first = make(1)
    session.add(first)
    session.flush()
    deleted_id = first.api_id
    session.delete(first)
    session.flush()
    second = make(2)
    session.add(second)
    session.flush()
    assert second.api_id == deleted_id + 1


def test_imported_ids_move_the_counter_past_them(session):
    session.add(OS(name="Plan 9", slug="plan-9", api_id=50))
    session.flush()
    later = OS(name="Inferno", slug="inferno")
    session.add(later)
    session.flush()
    assert later.api_id == 51


def test_an_id_changed_by_hand_moves_the_counter_too(session):
    row = OS(name="Haiku", slug="haiku")
    session.add(row)
    session.flush()
    row.api_id = 70
    session.flush()
    assert allocate_api_ids(session, OS)[0] == 71


def test_rows_added_together_get_consecutive_ids(session):
    rows = [OS(name=f"OS {n}", slug=f"os-{n}") for n in range(3)]
    session.add_all(rows)
    session.flush()
    assert sorted(row.api_id for row in rows) == [1, 2, 3]


def test_concurrent_writers_get_distinct_ids(app, live_db):
    """Eight writers creating at once: no id twice, no failed commit."""
    errors: list[Exception] = []
    barrier = threading.Barrier(8)

    def writer(n: int) -> None:
        with app.app_context():
            try:
                barrier.wait()
                for k in range(5):
                    db.session.add(OS(name=f"OS {n}-{k}", slug=f"os-{n}-{k}"))
                    db.session.commit()
            except Exception as error:
                errors.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with app.app_context():
        ids = sorted(db.session.scalars(sa.select(OS.api_id)))
        counter = db.session.get(ApiIdCounter, "download_os")
        assert ids == list(range(1, 41))
        assert counter is not None and counter.last_value == 40
        db.session.remove()


def test_staff_see_the_counters_but_cannot_change_them(staff_client, session):
    session.add(OS(name="Plan 9", slug="plan-9", api_id=12))
    session.commit()
    listing = staff_client.get("/admin/api_id_counters/")
    assert listing.status_code == 200
    assert "download_os" in listing.get_data(as_text=True)

    # Any admin form's CSRF token will do: the counters' admin shows no form.
    def post(url: str, data: dict[str, str]) -> int:
        return admin_post(staff_client, "/admin/users/new/", url, data).status_code

    edit = post(
        "/admin/api_id_counters/edit/?id=download_os",
        {"table_name": "download_os", "last_value": "1"},
    )
    delete = post("/admin/api_id_counters/delete/", {"id": "download_os"})
    create = post("/admin/api_id_counters/new/", {"table_name": "x", "last_value": "1"})
    assert {edit, delete, create} == {302}
    session.expire_all()
    assert session.get(ApiIdCounter, "download_os").last_value == 12
    assert session.get(ApiIdCounter, "x") is None


@pytest.mark.skipif(
    "postgresql" not in (os.environ.get("DATABASE_URL") or ""),
    reason="SQLite refuses a second writer whose transaction read first (a 503)",
)
def test_concurrent_api_creates_get_distinct_ids(app, live_db):
    """Eight release tools creating releases through the v2 API at once."""
    with app.app_context():
        user = UserFactory(username="releasebot", is_staff=True)
        _, raw = APIKeyService(db.session).create(user, "release tools")
        db.session.commit()
        db.session.remove()
    headers = {"Authorization": f"Token {raw}"}
    statuses: list[int] = []
    barrier = threading.Barrier(8)

    def create(n: int) -> None:
        client = app.test_client()
        barrier.wait()
        for k in range(3):
            response = client.post(
                "/api/v2/downloads/release/",
                json={"name": f"Python 9.{n}.{k}", "slug": f"python-9{n}{k}"},
                headers=headers,
            )
            statuses.append(response.status_code)

    threads = [threading.Thread(target=create, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [201] * 24
    with app.app_context():
        ids = sorted(db.session.scalars(sa.select(Release.api_id)))
        db.session.remove()
    assert ids == list(range(1, 25))

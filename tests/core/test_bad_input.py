"""Hostile input gets a clear 4xx (or a unique slug), never a 500, and writes nothing."""

from __future__ import annotations

import json
import threading

import pytest
import sqlalchemy as sa

from pydotorg import create_app
from pydotorg.domains.downloads.models import Release
from pydotorg.domains.jobs.models import Job
from pydotorg.domains.users.models import User
from pydotorg.extensions import db
from tests.conftest import TEST_PASSWORD, csrf_token_from
from tests.downloads.conftest import (  # noqa: F401 - fixtures
    staff_key,
    v1_staff,
    v2_staff,
)
from tests.factories.downloads import ReleaseFactory
from tests.factories.jobs import JobCategoryFactory, JobTypeFactory, job_posting
from tests.factories.users import UserFactory

SUPERSCRIPT_TWO = "%C2%B2"  # "²": str.isdigit() says yes, int() says no


@pytest.mark.parametrize(
    ("url", "status"),
    [
        (f"/api/v1/downloads/release/set/{SUPERSCRIPT_TWO}/", 200),
        (f"/api/v1/downloads/release/set/1;{SUPERSCRIPT_TWO}/", 200),
        (f"/api/v1/pages/page/set/{SUPERSCRIPT_TWO}/", 200),
        (f"/api/v2/downloads/release_file/?os={SUPERSCRIPT_TWO}", 400),
        (f"/api/v2/downloads/release_file/?release={SUPERSCRIPT_TWO}", 400),
        (f"/api/v1/downloads/release_file/?release={SUPERSCRIPT_TWO}", 400),
    ],
)
def test_unicode_digits_in_ids_are_not_found_or_400(client, url, status):
    response = client.get(url)
    assert response.status_code == status
    if status == 200:
        assert response.get_json()["not_found"]


def test_unicode_digits_in_delete_by_release_are_400(
    client,
    session,
    v1_staff,  # noqa: F811
    v2_staff,  # noqa: F811
):
    release = ReleaseFactory(api_id=2)
    v2 = client.delete(
        f"/api/v2/downloads/release_file/delete_by_release/?release={SUPERSCRIPT_TWO}",
        headers=v2_staff,
    )
    v1 = client.delete(
        f"/api/v1/downloads/release_file/?release={SUPERSCRIPT_TWO}", headers=v1_staff
    )
    assert (v2.status_code, v1.status_code) == (400, 204)
    assert db.session.get(Release, release.id) is not None


def nul_multipart(client, url, fields, field_with_nul):
    page = client.get(url)
    token = csrf_token_from(page.get_data(as_text=True))
    data = {"csrf_token": token, **fields}
    data[field_with_nul] = data[field_with_nul] + "\x00"
    return client.post(url, data=data, content_type="multipart/form-data")


@pytest.mark.parametrize(
    ("url", "fields", "field"),
    [
        ("/accounts/login/", {"username": "ada", "password": "x"}, "username"),
        ("/accounts/password/reset/", {"email": "ada@example.org"}, "email"),
        ("/accounts/confirm-email/", {"email": "ada@example.org"}, "email"),
        (
            "/accounts/signup/",
            {
                "username": "newbie",
                "email": "newbie@example.org",
                "password": TEST_PASSWORD,
                "password_confirm": TEST_PASSWORD,
            },
            "username",
        ),
    ],
)
def test_nul_bytes_in_multipart_account_forms_are_400(client, url, fields, field):
    users_before = db.session.scalar(sa.select(sa.func.count()).select_from(User))
    response = nul_multipart(client, url, fields, field)
    assert response.status_code == 400
    users_after = db.session.scalar(sa.select(sa.func.count()).select_from(User))
    assert users_after == users_before


def test_nul_bytes_in_a_multipart_nomination_are_400(client, auth, session):
    from tests.factories.nominations import ElectionFactory

    election = ElectionFactory()
    user = UserFactory(username="nominator")
    session.commit()
    auth.login(user.username)
    response = nul_multipart(
        client,
        f"/nominations/{election.slug}/create/",
        {"name": "Ada Lovelace", "email": "ada@example.org", "reason": "x"},
        "name",
    )
    assert response.status_code == 400


def test_nul_bytes_in_a_multipart_api_body_are_400(client, v1_staff):  # noqa: F811
    response = client.post(
        "/api/v1/downloads/release/",
        data={"name": "Python 9.9\x00", "slug": "python-99"},
        content_type="multipart/form-data",
        headers=v1_staff,
    )
    assert response.status_code == 400
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Release)) == 0


def test_multipart_file_names_with_nul_are_400(client):
    import io

    response = client.post(
        "/accounts/login/",
        data={"username": "ada", "upload": (io.BytesIO(b"\x00\x01"), "a\x00.png")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 400


def test_binary_uploads_may_hold_nul_bytes(client):
    import io

    response = client.post(
        "/accounts/login/",
        data={"username": "ada", "upload": (io.BytesIO(b"\x00\x01"), "a.png")},
        content_type="multipart/form-data",
    )
    assert response.status_code != 400 or b"csrf" in response.data.lower()


@pytest.mark.parametrize(
    "body",
    [
        '{"name": "Python 9.9\\u0000"}',
        '{"name": "Python 9.9 \\ud800"}',
        '{"name": "x", "release_notes_url": "\\udfff"}',
        '{"name": "x", "\\ud83d": 1}',
        "[" * 5000 + "]" * 5000,
        '{"a": ' * 40 + "1" + "}" * 40,
    ],
    ids=[
        "nul",
        "high-surrogate",
        "low-surrogate",
        "surrogate-key",
        "deep-list",
        "deep",
    ],
)
@pytest.mark.parametrize(
    "mimetype", ["application/json", "application/merge-patch+json"]
)
def test_hostile_json_to_the_api_is_400(client, session, v2_staff, body, mimetype):  # noqa: F811
    release = ReleaseFactory(api_id=7, name="Python 3.7.0", slug="python-370")
    response = client.patch(
        "/api/v2/downloads/release/7/",
        data=body,
        content_type=mimetype,
        headers=v2_staff,
    )
    assert response.status_code == 400
    db.session.refresh(release)
    assert release.name == "Python 3.7.0"
    created = client.post(
        "/api/v2/downloads/release/", data=body, content_type=mimetype, headers=v2_staff
    )
    assert created.status_code == 400


def test_ordinary_nesting_and_text_still_pass(client, session, v2_staff):  # noqa: F811
    ReleaseFactory(api_id=8, name="Python 3.8.0", slug="python-380")
    response = client.patch(
        "/api/v2/downloads/release/8/",
        data=json.dumps({"name": "Python 3.8.0 🐍"}),
        content_type="application/merge-patch+json",
        headers=v2_staff,
    )
    assert response.status_code == 200, response.get_json()


@pytest.mark.parametrize(
    "body",
    [
        {"name": "x", "slug": "x", "release_page": 2**40},
        {"name": "x", "slug": "x", "release_page": -1},
        {"name": "x", "slug": "x", "release_page": 2**70},
    ],
)
def test_out_of_range_ids_with_a_staff_key_are_400(client, v2_staff, body):  # noqa: F811
    response = client.post("/api/v2/downloads/release/", json=body, headers=v2_staff)
    assert response.status_code == 400
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Release)) == 0


@pytest.mark.parametrize(
    "query",
    [
        "?page=-1",
        "?page=-99999999999999999999",
        "?page=abc",
        "?flt0_status_equals=BOGUS",
        "?flt1_0=BOGUS",
        "?flt0_0=%C2%B2",
        "?page_size=-5",
        "?sort=-1",
    ],
)
def test_admin_lists_take_bad_paging_and_filter_values(staff_client, query):
    response = staff_client.get(f"/admin/jobs/{query}")
    assert response.status_code in (200, 302, 400), response.status_code


def test_database_down_shows_the_sites_own_503_page():
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "x",
            # Nothing listens on port 1: the connection is refused at once.
            "SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://postgres@127.0.0.1:1/none",
            "SQLALCHEMY_ENGINE_OPTIONS": {"connect_args": {"connect_timeout": 2}},
            "PROPAGATE_EXCEPTIONS": False,
        }
    )
    client = app.test_client()
    page = client.get("/jobs/")
    assert page.status_code == 503
    assert page.headers["Retry-After"] == "30"
    assert "Temporarily unavailable" in page.get_data(as_text=True)
    api = client.get("/api/v2/downloads/release/")
    assert api.status_code == 503
    assert api.get_json() == {"error": "service unavailable"}
    with app.app_context():
        db.engine.dispose()


@pytest.mark.skipif(
    "postgresql" not in (__import__("os").environ.get("DATABASE_URL") or ""),
    reason="real concurrent writers need PostgreSQL (SQLite has one writer)",
)
def test_forty_simultaneous_job_posts_with_one_title_get_unique_slugs(app, live_db):
    with app.app_context():
        category = JobCategoryFactory(name="Software Engineering")
        job_type = JobTypeFactory(name="Full Time")
        user = UserFactory(username="poster")
        db.session.commit()
        posting = job_posting(
            category, job_type, job_title="Python Developer", company_name="Acme"
        )
        username = user.username
        db.session.remove()

    statuses: list[int] = []
    barrier = threading.Barrier(40)

    def post() -> None:
        # Each thread logs in on its own: in the test's thread pytest-flask's request
        # context would let one client's login show in the next client's requests.
        client = app.test_client()
        try:
            login = client.get("/accounts/login/").get_data(as_text=True)
            client.post(
                "/accounts/login/",
                data={
                    "username": username,
                    "password": TEST_PASSWORD,
                    "csrf_token": csrf_token_from(login),
                },
            )
            form = csrf_token_from(client.get("/jobs/create/").get_data(as_text=True))
        except BaseException:
            barrier.abort()  # the other threads stop waiting; the count fails below
            raise
        barrier.wait()
        response = client.post("/jobs/create/", data={**posting, "csrf_token": form})
        statuses.append(response.status_code)

    threads = [threading.Thread(target=post) for _ in range(40)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(statuses) == [302] * 40
    with app.app_context():
        slugs = list(db.session.scalars(sa.select(Job.slug)))
        db.session.remove()
    assert len(slugs) == 40 == len(set(slugs))
    assert "python-developer-acme" in slugs

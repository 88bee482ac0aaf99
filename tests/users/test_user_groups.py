"""The user group directory, submissions, and staff moderation."""

import sqlalchemy as sa

from pydotorg.domains.users.models import UserGroup, UserGroupType
from pydotorg.extensions import db
from tests.conftest import csrf_token_from
from tests.factories.users import UserGroupFactory
from tests.users.conftest import post_form


def names(response):
    html = response.get_data(as_text=True)
    return {g.name for g in db.session.scalars(sa.select(UserGroup)) if g.name in html}


def test_directory_lists_only_approved_groups(client, session):
    UserGroupFactory(name="PyBerlin", location="Berlin")
    UserGroupFactory(name="Pending PUG", approved=False)
    db.session.commit()
    response = client.get("/community/user-groups/")
    assert response.status_code == 200
    assert names(response) == {"PyBerlin"}


def test_directory_filters_by_type_and_location(client, session):
    UserGroupFactory(name="Berlin Meetup", location="Berlin, Germany")
    UserGroupFactory(
        name="Berlin List",
        location="Berlin, Germany",
        url_type=UserGroupType.DISTRIBUTION_LIST,
    )
    UserGroupFactory(name="Paris Meetup", location="Paris, France")
    db.session.commit()
    assert names(client.get("/community/user-groups/?type=MEETUP")) == {
        "Berlin Meetup",
        "Paris Meetup",
    }
    assert names(client.get("/community/user-groups/?location=berlin")) == {
        "Berlin Meetup",
        "Berlin List",
    }
    assert names(
        client.get("/community/user-groups/?type=DISTRIBUTION_LIST&location=BERLIN")
    ) == {"Berlin List"}
    # A LIKE wildcard in the filter is taken literally.
    assert names(client.get("/community/user-groups/?location=%25")) == set()


def test_directory_paginates_with_a_fixed_number_of_queries(
    client, session, app, count_queries, monkeypatch
):
    monkeypatch.setitem(app.config, "ITEMS_PER_PAGE", 5)
    for n in range(12):
        UserGroupFactory(name=f"Group {n:02}", location="Somewhere")
    db.session.commit()
    client.get("/community/user-groups/")
    with count_queries() as small:
        first = client.get("/community/user-groups/")
    for n in range(12, 40):
        UserGroupFactory(name=f"Group {n:02}", location="Somewhere")
    db.session.commit()
    with count_queries() as large:
        client.get("/community/user-groups/")
    assert small.count == large.count
    assert "Page 1 of 3" in first.get_data(as_text=True)
    third = client.get("/community/user-groups/?page=3&location=Somewhere")
    assert "Page 3 of 8" in third.get_data(as_text=True)
    assert client.get("/community/user-groups/?page=99").status_code == 404


def test_submitting_needs_login(client):
    response = client.get("/community/user-groups/submit/")
    assert response.status_code == 302
    assert "/accounts/login/" in response.location


def test_a_submitted_group_waits_for_approval(client, auth, user):
    db.session.commit()
    auth.login(user.username)
    response = post_form(
        client,
        "/community/user-groups/submit/",
        {
            "name": "PyNowhere",
            "location": "Nowhere",
            "url": "https://pynowhere.example.org/",
            "url_type": "MEETUP",
            "start_date": "2020-02-02",
        },
    )
    assert response.status_code == 302
    group = db.session.scalar(sa.select(UserGroup).where(UserGroup.name == "PyNowhere"))
    assert not group.approved and not group.trusted
    assert group.submitted_by == user
    assert "PyNowhere" not in client.get("/community/user-groups/").get_data(
        as_text=True
    )


def test_bad_submissions_save_nothing(client, auth, user):
    db.session.commit()
    auth.login(user.username)
    cases = [
        ({"url": "javascript:alert(1)"}, "must start with http"),
        ({"name": ""}, "This field is required."),
        ({"url_type": "CASTLE"}, "Not a valid choice"),
        ({"email_body_text": "spam"}, "could not be processed"),
    ]
    for change, message in cases:
        data = {
            "name": "PyBad",
            "location": "Bad",
            "url": "https://bad.example.org/",
            "url_type": "MEETUP",
            **change,
        }
        response = post_form(client, "/community/user-groups/submit/", data)
        assert response.status_code == 200
        assert message in response.get_data(as_text=True)
    assert (
        db.session.scalar(sa.select(UserGroup).where(UserGroup.name == "PyBad")) is None
    )


def admin_action(staff_client, action, groups):
    token = csrf_token_from(
        staff_client.get("/admin/user_groups/").get_data(as_text=True)
    )
    return staff_client.post(
        "/admin/user_groups/action/",
        data={
            "csrf_token": token,
            "action": action,
            "rowid": [str(g.id) for g in groups],
        },
    )


def test_staff_approve_groups_in_bulk(staff_client, session):
    groups = [UserGroupFactory(approved=False) for _ in range(3)]
    db.session.commit()
    response = admin_action(staff_client, "approve", groups[:2])
    assert response.status_code == 302
    for group in groups:
        db.session.refresh(group)
    assert [g.approved for g in groups] == [True, True, False]


def test_staff_mark_groups_trusted_in_bulk(staff_client, session):
    groups = [UserGroupFactory(approved=False) for _ in range(2)]
    db.session.commit()
    admin_action(staff_client, "mark_trusted", groups)
    for group in groups:
        db.session.refresh(group)
        assert group.trusted and group.approved


def test_seed_is_idempotent(session):
    from pydotorg.domains.users.seed import seed

    seed(db.session)
    count = db.session.scalar(sa.select(sa.func.count()).select_from(UserGroup))
    seed(db.session)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(UserGroup)) == count
    assert count > 0

"""The admin dashboard: queues of waiting work, each one query and one link."""

from __future__ import annotations

import re
from contextlib import contextmanager
from datetime import timedelta

from flask_login import login_user, logout_user

from pydotorg.core.changes import Actor, acting_as
from pydotorg.core.types import utcnow
from pydotorg.domains.downloads.models import PythonVersion
from pydotorg.domains.jobs.models import JobStatus
from pydotorg.domains.mailing.models import EmailStatus
from pydotorg.domains.sponsors.models import ContractStatus, SponsorshipStatus
from pydotorg.extensions import db
from pydotorg.site.dashboard import RECENT_ACTIONS
from tests.factories.blogs import FeedFactory
from tests.factories.downloads import ReleaseFactory
from tests.factories.jobs import JobFactory
from tests.factories.mailing import EmailLogFactory
from tests.factories.nominations import NominationFactory
from tests.factories.pages import PageFactory
from tests.factories.sponsors import ContractFactory, SponsorshipFactory
from tests.factories.users import UserGroupFactory


def index_view(app):
    return app.extensions["admin"][0].index_view


def queue_links(html: str) -> dict[str, tuple[str, int]]:
    """Each queue's title -> (link, count) as the dashboard shows them."""
    found = re.findall(
        r'<a href="([^"]+)">([^<]+)</a>\s*<span class="badge[^"]*">(\d+)</span>', html
    )
    return {title: (url.replace("&amp;", "&"), int(n)) for url, title, n in found}


@contextmanager
def login_as(user):
    login_user(user)
    try:
        yield
    finally:
        logout_user()


def waiting_and_done_rows():
    """One row waiting in each queue, one that isn't; returns the waiting rows' texts."""
    JobFactory(job_title="Waiting job", status=JobStatus.REVIEW)
    JobFactory(job_title="Approved job", status=JobStatus.APPROVED)
    SponsorshipFactory(sponsor__name="Applicant Inc", status=SponsorshipStatus.APPLIED)
    SponsorshipFactory(sponsor__name="Decided Inc", status=SponsorshipStatus.REJECTED)
    ContractFactory(status=ContractStatus.AWAITING_SIGNATURE)
    ContractFactory(status=ContractStatus.EXECUTED)
    NominationFactory(name="Waiting Nominee", accepted=False)
    NominationFactory(name="Accepted Nominee", accepted=True)
    UserGroupFactory(name="New Meetup", approved=False)
    UserGroupFactory(name="Old Meetup", approved=True)
    EmailLogFactory(subject="Bounced mail", status=EmailStatus.FAILED)
    EmailLogFactory(subject="Delivered mail", status=EmailStatus.SENT)
    FeedFactory(name="Broken feed", last_error="HTTP 500")
    FeedFactory(name="Working feed")
    PageFactory(title="Draft page", is_published=False)
    PageFactory(title="Fresh page")
    old = PageFactory(title="Forgotten page")
    db.session.flush()
    old.updated = utcnow() - timedelta(days=400)
    db.session.commit()
    return {
        "Jobs awaiting review": ("Waiting job", "Approved job"),
        "Sponsorship applications to decide": ("Applicant Inc", "Decided Inc"),
        "Nominations awaiting acceptance": ("Waiting Nominee", "Accepted Nominee"),
        "User groups awaiting approval": ("New Meetup", "Old Meetup"),
        "Mail that failed": ("Bounced mail", "Delivered mail"),
        "Feeds that failed to fetch": ("Broken feed", "Working feed"),
        "Draft pages": ("Draft page", "Fresh page"),
        "Pages not edited in over a year": ("Forgotten page", "Fresh page"),
    }


def test_each_queue_counts_its_rows_and_links_to_them(staff_client):
    expected = waiting_and_done_rows()
    links = queue_links(staff_client.get("/admin/").get_data(as_text=True))
    assert set(links) >= set(expected) | {"Contracts awaiting signature"}
    assert links["Contracts awaiting signature"][1] == 1
    for title, (waiting, done) in expected.items():
        url, count = links[title]
        assert count == 1, title
        listed = staff_client.get(url).get_data(as_text=True)
        assert waiting in listed, title
        assert done not in listed, title


def test_contract_queue_link_filters_by_status(staff_client):
    waiting = ContractFactory(status=ContractStatus.AWAITING_SIGNATURE)
    draft = ContractFactory(status=ContractStatus.DRAFT)
    db.session.commit()
    links = queue_links(staff_client.get("/admin/").get_data(as_text=True))
    listed = staff_client.get(links["Contracts awaiting signature"][0]).text
    assert str(waiting.id) in listed
    assert str(draft.id) not in listed


def test_each_queue_is_one_query(app, count_queries):
    waiting_and_done_rows()
    view = index_view(app)
    with app.test_request_context(), count_queries() as counter:
        counts = view.queue_counts()
    assert len(counter.statements) == len(view.queues) == len(counts)


def test_latest_release_per_branch_in_one_query(app, staff_client, count_queries):
    ReleaseFactory(name="Python 3.13.1")
    ReleaseFactory(name="Python 3.13.10")
    ReleaseFactory(name="Python 3.14.0rc2")
    ReleaseFactory(name="Python 3.14.0")
    ReleaseFactory(name="Python 3.15.0a1", is_published=False)
    ReleaseFactory(name="Python install manager 25.2", version=PythonVersion.PYMANAGER)
    db.session.commit()
    panel = next(p for p in index_view(app).panels if "release" in p.title)
    with count_queries() as counter:
        releases = panel.context()["releases"]
    assert len(counter.statements) == 1
    assert [(branch, row.name) for branch, row in releases][:2] == [
        ("3.14", "Python 3.14.0"),
        ("3.13", "Python 3.13.10"),
    ]
    html = staff_client.get("/admin/").get_data(as_text=True)
    html = html[: html.index("Recent actions")]  # which lists every new release
    assert "Python 3.14.0<" in html and "3.15" not in html
    assert "25.2" not in html


def test_header_shows_the_user_a_way_to_the_site_and_a_logout_form(
    staff_client, superuser
):
    html = staff_client.get("/admin/").get_data(as_text=True)
    assert ">View site</a>" in html
    assert f'admin-user">{superuser.full_name or superuser.username}<' in html
    logout = re.search(
        r'<form method="post" action="/accounts/logout/".*?</form>', html, re.S
    )
    assert logout and 'name="csrf_token"' in logout.group(0)
    token = re.search(r'name="csrf_token" value="([^"]+)"', logout.group(0)).group(1)
    response = staff_client.post("/accounts/logout/", data={"csrf_token": token})
    assert response.status_code in (302, 303)
    assert staff_client.get("/admin/").status_code in (302, 303)


def recent_section(html: str, key: str) -> str:
    start = html.index(f'id="recent-{key}"')
    return html[start : html.index("</div>", start)]


def test_recent_actions_show_mine_and_everyones_with_links(
    staff_client, superuser, staff_user
):
    with acting_as(Actor.for_user(superuser)):
        mine = PageFactory(title="My edited page")
        db.session.commit()
    with acting_as(Actor.for_user(staff_user)):
        theirs = ReleaseFactory(name="Python 3.99.0")
        db.session.commit()
        doomed = PageFactory(title="Doomed page")
        db.session.commit()
        db.session.delete(doomed)
        db.session.commit()

    html = staff_client.get("/admin/").get_data(as_text=True)
    own = recent_section(html, "mine")
    everyone = recent_section(html, "everyone")
    assert "My edited page" in own
    assert "Python 3.99.0" not in own
    assert f"/admin/pages/changes/?id={mine.id}" in own
    assert f"/admin/pages/edit/?id={mine.id}" in own
    for text in ("My edited page", "Python 3.99.0", "Doomed page", "by staff"):
        assert text in everyone
    assert f"/admin/releases/changes/?id={theirs.id}" in everyone
    assert f"/admin/releases/edit/?id={theirs.id}" in everyone
    # A deletion links to the History page, not to an edit view that is gone.
    deletion = next(item for item in everyone.split("<li")[1:] if ">Deleted<" in item)
    assert f"/admin/pages/changes/?id={doomed.id}" in deletion
    assert "/edit/" not in deletion
    # Newest first.
    assert everyone.index("Doomed page") < everyone.index("My edited page")


def test_recent_actions_are_two_bounded_queries(app, superuser, count_queries):
    with acting_as(Actor.for_user(superuser)):
        for number in range(RECENT_ACTIONS + 5):
            PageFactory(title=f"Page {number}")
        db.session.commit()
    panel = next(p for p in index_view(app).panels if p.title == "Recent actions")
    with app.test_request_context(), login_as(superuser), count_queries() as counter:
        context = panel.context()
    assert len(counter.statements) == 2
    assert len(context["mine"]) == len(context["everyone"]) == RECENT_ACTIONS
    assert context["everyone"][0].entry.object_label.startswith(
        f"Page {RECENT_ACTIONS + 4} "
    )

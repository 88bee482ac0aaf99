"""python.org's job board behaviours: the owner withdraws a job, published jobs are
no longer the owner's to edit or preview, the index pages, the monthly report and the
detail page's scraper hooks."""

import re
from datetime import UTC, date, datetime, timedelta

import pytest

from pydotorg.domains.jobs.models import Job, JobStatus
from pydotorg.domains.jobs.services import JobReportService, today
from pydotorg.extensions import db
from tests.conftest import csrf_token_from
from tests.factories.jobs import JobCategoryFactory, JobFactory, JobTypeFactory
from tests.factories.users import UserFactory
from tests.jobs.conftest import mail_rows


def status_of(job: Job) -> JobStatus:
    db.session.expire_all()
    return db.session.get(Job, job.id).status


def visible(**kwargs):
    return JobFactory(status=JobStatus.APPROVED, expires=today(), **kwargs)


# -- withdrawing -------------------------------------------------------------------


@pytest.mark.parametrize(
    "status", [JobStatus.DRAFT, JobStatus.REVIEW, JobStatus.APPROVED]
)
def test_the_owner_withdraws_a_job_which_leaves_the_board(client, auth, status):
    job = JobFactory(job_title="Withdrawn job", status=status, expires=today())
    db.session.commit()
    auth.login(job.creator.username)
    mine = client.get("/jobs/mine/").get_data(as_text=True)
    assert f'action="/jobs/{job.slug}/remove/"' in mine

    response = client.post(
        f"/jobs/{job.slug}/remove/", data={"csrf_token": auth.csrf_token("/jobs/mine/")}
    )
    assert response.status_code == 302
    assert response.location == "/jobs/mine/"
    assert status_of(job) is JobStatus.ARCHIVED
    assert "was withdrawn" in client.get("/jobs/mine/").get_data(as_text=True)
    assert "Withdrawn job" not in client.get("/jobs/").get_data(as_text=True)


def test_withdrawing_needs_the_csrf_token_and_a_post(client, auth):
    job = JobFactory()
    db.session.commit()
    auth.login(job.creator.username)
    assert client.post(f"/jobs/{job.slug}/remove/").status_code == 400
    assert client.get(f"/jobs/{job.slug}/remove/").status_code == 405
    assert status_of(job) is JobStatus.DRAFT


def test_another_users_job_is_untouched(client, auth):
    job = JobFactory(status=JobStatus.APPROVED, expires=today())
    other = UserFactory()
    db.session.commit()
    auth.login(other.username)
    token = auth.csrf_token("/jobs/")
    response = client.post(f"/jobs/{job.slug}/remove/", data={"csrf_token": token})
    assert response.status_code == 404
    assert status_of(job) is JobStatus.APPROVED


def test_anonymous_visitors_are_sent_to_log_in(client):
    job = JobFactory(status=JobStatus.APPROVED, expires=today())
    db.session.commit()
    token = csrf_token_from(client.get("/accounts/login/").get_data(as_text=True))
    response = client.post(f"/jobs/{job.slug}/remove/", data={"csrf_token": token})
    assert response.status_code == 302
    assert response.location.startswith("/accounts/login/")
    assert status_of(job) is JobStatus.APPROVED


# -- published jobs are no longer the owner's to edit or preview -------------------


@pytest.mark.parametrize(
    "status", [JobStatus.APPROVED, JobStatus.EXPIRED, JobStatus.ARCHIVED]
)
def test_the_owner_gets_404_editing_or_previewing_a_published_job(client, auth, status):
    job = JobFactory(status=status, expires=today())
    db.session.commit()
    auth.login(job.creator.username)
    assert client.get(f"/jobs/{job.slug}/edit/").status_code == 404
    assert client.get(f"/jobs/{job.slug}/preview/").status_code == 404


@pytest.mark.parametrize(
    "status", [JobStatus.DRAFT, JobStatus.REVIEW, JobStatus.REJECTED]
)
def test_the_owner_previews_an_unpublished_job(client, auth, status):
    job = JobFactory(status=status)
    db.session.commit()
    auth.login(job.creator.username)
    assert client.get(f"/jobs/{job.slug}/preview/").status_code == 200


def test_staff_still_preview_and_edit_an_approved_job(client, auth, staff_user):
    job = JobFactory(status=JobStatus.APPROVED, expires=today())
    db.session.commit()
    auth.login(staff_user.username)
    assert client.get(f"/jobs/{job.slug}/edit/").status_code == 200
    assert client.get(f"/jobs/{job.slug}/preview/").status_code == 200


# -- index pages -------------------------------------------------------------------


@pytest.fixture
def indexed_board(session):
    contract = JobTypeFactory(name="Contract")
    full_time = JobTypeFactory(name="Full Time")
    JobTypeFactory(name="Internship")  # no job: not listed
    web = JobCategoryFactory(name="Web Development")
    science = JobCategoryFactory(name="Data Science")
    for title in ("Berlin one", "Berlin two"):
        visible(
            job_title=title, city="Berlin", region=None, country="Germany", category=web
        ).job_types = [contract]
    visible(
        job_title="Remote", city="Portland", region="Oregon", country="USA",
        category=science, telecommuting=True,
    ).job_types = [contract, full_time]  # fmt: skip
    JobFactory(
        job_title="Draft", city="Paris", country="France", category=science,
        status=JobStatus.DRAFT,
    ).job_types = [full_time]  # fmt: skip
    JobFactory(
        job_title="Expired", city="Rome", country="Italy", category=science,
        status=JobStatus.APPROVED, expires=today() - timedelta(days=1),
    )  # fmt: skip
    db.session.commit()


def entries(html: str) -> list[str]:
    return [
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", item)).strip()
        for item in re.findall(r"<li>(.*?)</li>", html.split("job-index-list")[1])
    ]


def test_the_types_index_counts_visible_jobs(client, indexed_board):
    response = client.get("/jobs/types/")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert entries(html) == ["Contract (3)", "Full Time (1)"]
    assert 'href="/jobs/type/contract/"' in html


def test_the_categories_index_counts_visible_jobs(client, indexed_board):
    html = client.get("/jobs/categories/").get_data(as_text=True)
    assert entries(html) == ["Data Science (1)", "Web Development (2)"]
    assert 'href="/jobs/category/web-development/"' in html


def test_the_locations_index_counts_visible_jobs_and_remote_ones(client, indexed_board):
    html = client.get("/jobs/locations/").get_data(as_text=True)
    assert entries(html) == [
        "Remote (1)",
        "Berlin, Germany (2)",
        "Portland, Oregon, USA (1)",
    ]
    assert 'href="/jobs/location/berlin-germany/"' in html
    assert 'href="/jobs/location/telecommute/"' in html


@pytest.mark.parametrize(
    "path", ["/jobs/types/", "/jobs/categories/", "/jobs/locations/"]
)
def test_an_empty_board_has_empty_indexes(client, session, path):
    response = client.get(path)
    assert response.status_code == 200
    assert "There are no job postings" in response.get_data(as_text=True)


# -- the monthly report ------------------------------------------------------------


def created(on: date, status: JobStatus) -> Job:
    return JobFactory(
        status=status, created_at=datetime(on.year, on.month, on.day, 12, tzinfo=UTC)
    )


def test_the_report_counts_jobs_created_this_and_last_month_by_status(session):
    created(date(2026, 3, 1), JobStatus.APPROVED)
    created(date(2026, 3, 27), JobStatus.APPROVED)
    created(date(2026, 3, 31), JobStatus.REVIEW)
    created(date(2026, 2, 1), JobStatus.APPROVED)
    created(date(2026, 2, 28), JobStatus.REJECTED)
    created(date(2026, 1, 31), JobStatus.APPROVED)  # two months ago: not counted
    created(date(2026, 4, 1), JobStatus.APPROVED)  # next month: not counted
    db.session.flush()
    report = JobReportService(db.session).report(date(2026, 3, 27))
    assert (report["this_month"], report["last_month"]) == (
        "March 2026",
        "February 2026",
    )
    counts = {row.status: (row.this_month, row.last_month) for row in report["rows"]}
    assert counts == {
        "draft": (0, 0), "review": (1, 0), "approved": (2, 1), "rejected": (0, 1),
        "archived": (0, 0), "expired": (0, 0),
    }  # fmt: skip
    assert (report["total_this_month"], report["total_last_month"]) == (3, 2)


def test_january_compares_with_december_of_the_year_before(session):
    created(date(2025, 12, 15), JobStatus.APPROVED)
    created(date(2026, 1, 2), JobStatus.DRAFT)
    db.session.flush()
    report = JobReportService(db.session).report(date(2026, 1, 27))
    assert report["last_month"] == "December 2025"
    assert (report["total_this_month"], report["total_last_month"]) == (1, 1)


def test_monthly_report_command_mails_the_jobs_team(runner, session, mail_templates):
    JobFactory(status=JobStatus.APPROVED)
    JobFactory(status=JobStatus.REVIEW)
    db.session.commit()
    result = runner.invoke(args=["jobs", "monthly-report"])
    assert result.exit_code == 0, result.output
    [mail] = mail_rows("jobs_monthly_report")
    assert mail.recipient_email == "jobs@python.org"
    assert mail.subject == f"Job board report for {today().strftime('%B %Y')}"
    assert "approved: 1 " in mail.body_text
    assert "review: 1 " in mail.body_text
    assert "Total: 2 " in mail.body_text
    assert "jobs@python.org" in result.output


# -- the detail page as python.org's scrapers read it ------------------------------


def test_the_detail_page_has_python_orgs_scraper_hooks(client, session):
    job = visible(company_name="Acme Widgets", other_job_type="Freelance")
    job.job_types = [JobTypeFactory(name="Contract"), JobTypeFactory(name="Remote")]
    job.created_at = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
    db.session.commit()
    html = client.get(f"/jobs/{job.slug}/").get_data(as_text=True)

    times = re.findall(r'<time[^>]*datetime="([^"]+)"', html)
    assert times == ["2026-03-02T09:30:00+00:00"]
    assert datetime.fromisoformat(times[0]) == job.created_at
    tags = re.findall(
        r'<div class="job-tags">\s*<span class="listing-job-type">([^<]*)</span>', html
    )
    assert [tag.split(", ") for tag in tags] == [["Contract", "Remote", "Freelance"]]
    assert re.search(
        r'class="listing-company-name">\s*<span class="company-name">Acme Widgets<',
        html,
    )
    assert f"Listed until {job.expires.strftime('%d %B %Y')}" in html

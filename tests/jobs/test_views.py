"""The public job board: only approved, unexpired jobs; detail visibility."""

from datetime import timedelta

from pydotorg.domains.jobs.models import JobStatus
from pydotorg.domains.jobs.services import today
from pydotorg.extensions import db
from tests.factories.jobs import JobFactory, JobTypeFactory
from tests.factories.users import UserFactory


def test_the_board_lists_only_approved_unexpired_jobs(client, session):
    JobFactory(job_title="Visible job", status=JobStatus.APPROVED, expires=today())
    JobFactory(
        job_title="Expired job",
        status=JobStatus.APPROVED,
        expires=today() - timedelta(days=1),
    )
    JobFactory(job_title="Job in review", status=JobStatus.REVIEW)
    db.session.commit()
    page = client.get("/jobs/").get_data(as_text=True)
    assert "Visible job" in page
    assert "Expired job" not in page
    assert "Job in review" not in page


def _approved_jobs(n):
    for _ in range(n):
        job = JobFactory(status=JobStatus.APPROVED, expires=today())
        job.job_types = [JobTypeFactory()]
    db.session.commit()


def test_the_board_paginates_with_a_fixed_number_of_queries(
    client, session, count_queries
):
    _approved_jobs(2)
    with count_queries() as few:
        assert client.get("/jobs/").status_code == 200
    _approved_jobs(28)
    with count_queries() as many:
        first = client.get("/jobs/")
    # The page of jobs with the total (category joined), their job types, the
    # sidebar's types and categories (one query) and places, and the layout's
    # banners; never one per job.
    assert many.count == few.count <= 5, many.statements
    assert first.get_data(as_text=True).count('<li class="job') == 25
    assert (
        client.get("/jobs/?page=2").get_data(as_text=True).count('<li class="job') == 5
    )
    assert client.get("/jobs/?page=3").status_code == 404


def test_a_visible_job_has_a_detail_page_with_rendered_markup(client, session):
    job = JobFactory(
        status=JobStatus.APPROVED, expires=today(), description="Use **Python**."
    )
    db.session.commit()
    response = client.get(f"/jobs/{job.slug}/")
    assert response.status_code == 200
    assert "<strong>Python</strong>" in response.get_data(as_text=True)


def test_a_draft_is_hidden_from_the_public_but_not_from_its_owner_or_staff(
    client, auth, session, staff_user
):
    job = JobFactory(status=JobStatus.DRAFT)
    other = UserFactory()
    db.session.commit()
    url = f"/jobs/{job.slug}/"
    assert client.get(url).status_code == 404
    auth.login(other.username)
    assert client.get(url).status_code == 404
    auth.logout()
    auth.login(job.creator.username)
    assert client.get(url).status_code == 200
    auth.logout()
    auth.login(staff_user.username)
    assert client.get(url).status_code == 200


def test_unknown_job_is_404(client):
    assert client.get("/jobs/no-such-job/").status_code == 404

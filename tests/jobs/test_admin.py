"""The jobs admin: list, create, edit, bad input, and the workflow actions."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from pydotorg.domains.jobs.models import Job, JobReviewComment, JobStatus
from pydotorg.domains.jobs.services import JOB_THRESHOLD_DAYS, today
from pydotorg.extensions import db
from tests.factories.jobs import (
    JobCategoryFactory,
    JobFactory,
    JobReviewCommentFactory,
    JobTypeFactory,
)
from tests.fixtures.admin_forms import admin_action, admin_form


def job_count() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Job))


@pytest.fixture
def form_data(session, user):
    category = JobCategoryFactory(name="Web")
    job_type = JobTypeFactory(name="Contract")
    db.session.commit()
    return {
        "job_title": "Python Developer",
        "company_name": "Acme",
        "creator": str(user.id),
        "status": "DRAFT",
        "category": str(category.id),
        "job_types": [str(job_type.id)],
        "country": "Germany",
        "city": "Berlin",
        "content_type": "RESTRUCTUREDTEXT",
        "description": "Write Python.",
        "email": "jobs@acme.example",
        "agencies": "y",
    }


@pytest.mark.parametrize(
    "table", ["jobs", "job_types", "job_categories", "job_review_comments"]
)
def test_every_jobs_list_and_create_page_answers(staff_client, table):
    JobReviewCommentFactory()
    db.session.commit()
    assert staff_client.get(f"/admin/{table}/").status_code == 200
    assert staff_client.get(f"/admin/{table}/new/").status_code == 200


def test_job_list_shows_category_by_name_and_filters_by_status(staff_client):
    JobFactory(
        job_title="Reviewed one",
        status=JobStatus.REVIEW,
        category=JobCategoryFactory(name="Data Science"),
    )
    JobFactory(job_title="Draft one")
    db.session.commit()
    page = staff_client.get("/admin/jobs/").get_data(as_text=True)
    assert "Data Science" in page
    filtered = staff_client.get("/admin/jobs/?search=Reviewed").get_data(as_text=True)
    assert "Reviewed one" in filtered and "Draft one" not in filtered


def test_create_a_job_with_types_and_category(staff_client, form_data):
    response = admin_form(staff_client, "/admin/jobs/new/", form_data)
    assert response.status_code == 302
    job = db.session.scalar(sa.select(Job).where(Job.job_title == "Python Developer"))
    assert job.slug == "python-developer-acme"
    assert job.status is JobStatus.DRAFT
    assert [t.name for t in job.job_types] == ["Contract"]
    assert job.category.name == "Web"


def test_creating_an_approved_job_gives_it_the_default_expiry(staff_client, form_data):
    admin_form(staff_client, "/admin/jobs/new/", {**form_data, "status": "APPROVED"})
    job = db.session.scalar(sa.select(Job).where(Job.job_title == "Python Developer"))
    assert job.status is JobStatus.APPROVED
    assert job.expires == today() + timedelta(days=JOB_THRESHOLD_DAYS)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"job_title": ""}, "This field is required."),
        ({"status": "PUBLISHED"}, "Not a valid choice"),
        ({"slug": "taken"}, "Already exists."),
    ],
)
def test_bad_input_is_a_form_error_and_saves_nothing(
    staff_client, form_data, change, message
):
    JobFactory(slug="taken")
    db.session.commit()
    before = job_count()
    response = admin_form(staff_client, "/admin/jobs/new/", {**form_data, **change})
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert job_count() == before


def test_edit_a_job(staff_client):
    job = JobFactory(job_title="Old title", company_name="Acme")
    db.session.commit()
    url = f"/admin/jobs/edit/?id={job.id}"
    page = staff_client.get(url)
    assert page.status_code == 200
    data = {
        "job_title": "New title", "company_name": "Acme", "slug": job.slug,
        "creator": str(job.creator_id), "status": "DRAFT", "country": job.country,
        "content_type": "RESTRUCTUREDTEXT", "description": "x", "email": job.email,
    }  # fmt: skip
    assert admin_form(staff_client, url, data).status_code == 302
    db.session.expire_all()
    assert db.session.get(Job, job.id).job_title == "New title"


def test_an_illegal_status_change_in_the_edit_form_saves_nothing(staff_client):
    job = JobFactory(job_title="Draft job", company_name="Acme")
    db.session.commit()
    url = f"/admin/jobs/edit/?id={job.id}"
    data = {
        "job_title": "Renamed", "company_name": "Acme", "slug": job.slug,
        "creator": str(job.creator_id), "status": "APPROVED", "country": job.country,
        "content_type": "RESTRUCTUREDTEXT", "description": "x", "email": job.email,
    }  # fmt: skip
    response = admin_form(staff_client, url, data)
    assert "Cannot change the job" in response.get_data(as_text=True)
    db.session.expire_all()
    saved = db.session.get(Job, job.id)
    assert (saved.status, saved.job_title) == (JobStatus.DRAFT, "Draft job")


def test_rejecting_in_the_edit_form_uses_the_review_note(staff_client):
    job = JobFactory(status=JobStatus.REVIEW)
    db.session.commit()
    url = f"/admin/jobs/edit/?id={job.id}"
    data = {
        "job_title": job.job_title, "company_name": job.company_name, "slug": job.slug,
        "creator": str(job.creator_id), "status": "REJECTED", "country": job.country,
        "content_type": "RESTRUCTUREDTEXT", "description": "x", "email": job.email,
        "review_note": "Please name the salary.",
    }  # fmt: skip
    assert admin_form(staff_client, url, data).status_code == 302
    db.session.expire_all()
    saved = db.session.get(Job, job.id)
    assert saved.status is JobStatus.REJECTED
    assert [c.comment for c in saved.review_comments] == ["Please name the salary."]


def test_approve_action_approves_jobs_in_review_and_reports_the_others(staff_client):
    reviewing = JobFactory(status=JobStatus.REVIEW)
    draft = JobFactory(job_title="Still a draft")
    db.session.commit()
    page = admin_action(staff_client, "jobs", "approve", [reviewing.id, draft.id])
    text = page.get_data(as_text=True)
    assert "1 job(s) approved." in text
    assert "Cannot approve" in text
    db.session.expire_all()
    assert db.session.get(Job, reviewing.id).status is JobStatus.APPROVED
    assert db.session.get(Job, reviewing.id).expires is not None
    assert db.session.get(Job, draft.id).status is JobStatus.DRAFT


def test_reject_and_archive_actions(staff_client):
    reviewing = JobFactory(status=JobStatus.REVIEW)
    approved = JobFactory(status=JobStatus.APPROVED)
    db.session.commit()
    admin_action(staff_client, "jobs", "reject", [reviewing.id])
    admin_action(staff_client, "jobs", "archive", [approved.id])
    db.session.expire_all()
    assert db.session.get(Job, reviewing.id).status is JobStatus.REJECTED
    assert db.session.get(Job, approved.id).status is JobStatus.ARCHIVED
    comment = db.session.scalar(
        sa.select(JobReviewComment).where(JobReviewComment.job_id == reviewing.id)
    )
    assert comment.comment


def test_review_comment_created_in_the_admin_is_by_the_staff_member(
    staff_client, superuser
):
    job = JobFactory()
    db.session.commit()
    response = admin_form(
        staff_client,
        "/admin/job_review_comments/new/",
        {"job": str(job.id), "comment": "Looks good."},
    )
    assert response.status_code == 302
    comment = db.session.scalar(sa.select(JobReviewComment))
    assert (comment.comment, comment.creator_id) == ("Looks good.", superuser.id)


@pytest.mark.parametrize(
    ("table", "make"),
    [
        ("jobs", lambda: JobFactory()),
        ("job_types", lambda: JobTypeFactory()),
        ("job_categories", lambda: JobCategoryFactory()),
        ("job_review_comments", lambda: JobReviewCommentFactory()),
    ],
)
def test_every_jobs_edit_page_answers(staff_client, table, make):
    row = make()
    db.session.commit()
    assert staff_client.get(f"/admin/{table}/edit/?id={row.id}").status_code == 200


def test_a_review_note_in_the_edit_form_is_a_comment_mailed_to_the_poster(
    staff_client,
):
    from pydotorg.domains.mailing.models import EmailLog
    from pydotorg.domains.mailing.services import EmailTemplateService

    EmailTemplateService(db.session).sync_defaults()
    job = JobFactory(status=JobStatus.REVIEW, email="poster@example.com")
    db.session.commit()
    url = f"/admin/jobs/edit/?id={job.id}"
    data = {
        "job_title": job.job_title, "company_name": job.company_name, "slug": job.slug,
        "creator": str(job.creator_id), "status": "REVIEW", "country": job.country,
        "content_type": "RESTRUCTUREDTEXT", "description": "x", "email": job.email,
        "review_note": "Which city is this in?",
    }  # fmt: skip
    assert admin_form(staff_client, url, data).status_code == 302
    db.session.expire_all()
    saved = db.session.get(Job, job.id)
    assert [c.comment for c in saved.review_comments] == ["Which city is this in?"]
    logs = db.session.scalars(
        sa.select(EmailLog).where(EmailLog.template_name == "job_commented")
    ).all()
    assert [log.recipient_email for log in logs] == ["poster@example.com"]

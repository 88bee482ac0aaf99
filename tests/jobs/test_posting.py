"""Posting a job: create, preview, edit, submit for review, approval, "my jobs"."""

import re

import pytest
import sqlalchemy as sa

from pydotorg.core.markup import ContentType
from pydotorg.core.permissions import PermissionDenied
from pydotorg.domains.jobs.models import Job, JobStatus
from pydotorg.domains.jobs.services import (
    JobError,
    JobReviewCommentService,
    JobService,
)
from pydotorg.domains.mailing.models import EmailStatus
from pydotorg.extensions import db
from tests.factories.jobs import (
    JobFactory,
    JobReviewCommentFactory,
    JobTypeFactory,
)
from tests.factories.users import UserFactory
from tests.fixtures.admin_forms import admin_action
from tests.jobs.conftest import job_count, mail_rows, post_form

ARTICLE = re.compile(r'<article class="job-detail">.*?</article>', re.S)


def article(response) -> str:
    match = ARTICLE.search(response.get_data(as_text=True))
    assert match, "no job article in the page"
    return match.group(0)


def the_job(title: str = "Senior Python Developer") -> Job:
    db.session.expire_all()
    return db.session.scalar(sa.select(Job).where(Job.job_title == title))


def test_a_user_posts_a_job_that_staff_approve_and_the_public_then_sees(
    client, auth, user, staff_user, posting, mail_templates
):
    db.session.commit()
    auth.login(user.username)

    created = post_form(client, "/jobs/create/", posting)
    job = the_job()
    assert created.status_code == 302
    assert created.location == f"/jobs/{job.slug}/preview/"
    assert job.status is JobStatus.DRAFT
    assert job.creator_id == user.id
    assert job.content_type is ContentType.MARKDOWN
    assert [t.name for t in job.job_types] == ["Full Time"]
    assert job.category.name == "Software Engineering"
    assert (job.region, job.telecommuting, job.agencies) == (None, True, True)

    preview = client.get(created.location)
    assert preview.status_code == 200
    assert "<strong>APIs</strong>" in article(preview)
    assert "<em>widgets</em>" in article(preview)
    assert "Submit for review" in preview.get_data(as_text=True)

    submitted = post_form(client, created.location, {"action": "review"})
    assert submitted.status_code == 302
    assert submitted.location == "/jobs/mine/"
    assert the_job().status is JobStatus.REVIEW
    [mail] = mail_rows("job_submitted")
    assert mail.recipient_email == "jobs@python.org"
    assert "Senior Python Developer" in mail.subject
    assert client.get("/jobs/mine/").get_data(as_text=True).count("review") >= 1
    assert "Senior Python Developer" not in client.get("/jobs/").get_data(as_text=True)

    auth.logout()
    auth.login(staff_user.username)
    approved = admin_action(client, "jobs", "approve", [job.id])
    assert "1 job(s) approved." in approved.get_data(as_text=True)
    auth.logout()

    board = client.get("/jobs/").get_data(as_text=True)
    assert f'href="/jobs/{job.slug}/"' in board
    public = client.get(f"/jobs/{job.slug}/")
    assert public.status_code == 200
    [approval] = mail_rows("job_approved")
    assert approval.recipient_email == "hiring@acme.example"
    assert all(row.status is EmailStatus.SENT for row in mail_rows())

    # Once approved the owner's preview is gone (python.org: 404); staff's preview
    # is the public page's own rendering of the job.
    auth.login(user.username)
    assert client.get(f"/jobs/{job.slug}/preview/").status_code == 404
    auth.logout()
    auth.login(staff_user.username)
    assert article(client.get(f"/jobs/{job.slug}/preview/")) == article(public)


def test_creating_a_job_needs_a_login(client, posting):
    response = client.get("/jobs/create/")
    assert response.status_code == 302
    assert response.location.startswith("/accounts/login/?next=/jobs/create/")
    page = client.get(response.location).get_data(as_text=True)
    assert "Please login to create a job posting." in page


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"job_title": ""}, "job_title", "This field is required."),
        ({"company_name": "x" * 101}, "company_name", "longer than 100"),
        ({"country": "  "}, "country", "This field is required."),
        ({"description": ""}, "description", "This field is required."),
        ({"email": "not-an-address"}, "email", "Enter a valid email address."),
        ({"url": "javascript:alert(1)"}, "url", "must start with http"),
        ({"category": ""}, "category", "Choose a category."),
        ({"job_types": []}, "job_types", "Choose at least one job type"),
        ({"job_types": ["nope"]}, "job_types", "not a valid choice"),
        ({"content_type": "HTML"}, "content_type", "Not a valid choice"),
        ({"description": "[" * 20_001}, "description", "longer than 20000"),
        ({"requirements": "x" * 20_001}, "requirements", "longer than 20000"),
    ],
)
def test_bad_input_shows_errors_beside_the_fields_and_saves_nothing(
    client, auth, user, posting, change, field, message
):
    db.session.commit()
    auth.login(user.username)
    response = post_form(client, "/jobs/create/", {**posting, **change})
    assert response.status_code == 200
    blocks = response.get_data(as_text=True).split('<div class="form-field')
    [block] = [b for b in blocks if f'name="{field}"' in b]
    assert block.startswith(" has-error")
    assert re.search(rf'<p class="field-error">[^<]*{re.escape(message)}', block)
    assert job_count() == 0


def test_the_honeypot_rejects_a_filled_in_form(client, auth, user, posting):
    db.session.commit()
    auth.login(user.username)
    page = client.get("/jobs/create/").get_data(as_text=True)
    assert re.search(
        r"<div hidden[^>]*>\s*<label[^>]*>[^<]*</label>\s*<input[^>]*"
        r'name="email_body_text"[^>]*value=""',
        page,
    )
    response = post_form(
        client, "/jobs/create/", {**posting, "email_body_text": "cheap pills"}
    )
    assert response.status_code == 200
    assert "could not be processed" in response.get_data(as_text=True)
    assert job_count() == 0


def test_a_post_without_the_csrf_token_is_refused(client, auth, user, posting):
    db.session.commit()
    auth.login(user.username)
    assert client.post("/jobs/create/", data=posting).status_code == 400
    assert job_count() == 0


def test_inactive_job_types_are_not_offered(client, auth, user, posting):
    retired = JobTypeFactory(name="Retired type", active=False)
    db.session.commit()
    auth.login(user.username)
    assert "Retired type" not in client.get("/jobs/create/").get_data(as_text=True)
    response = post_form(
        client, "/jobs/create/", {**posting, "job_types": [str(retired.id)]}
    )
    assert "not a valid choice" in response.get_data(as_text=True)
    assert job_count() == 0


def test_the_owner_edits_a_draft_and_keeps_it_a_draft(client, auth, posting):
    job = JobFactory(job_title="Old title", content_type=ContentType.MARKDOWN)
    db.session.commit()
    auth.login(job.creator.username)
    form = client.get(f"/jobs/{job.slug}/edit/").get_data(as_text=True)
    assert 'value="Old title"' in form
    assert '<option selected value="MARKDOWN">' in form
    assert f'<option selected value="{job.category_id}">' in form
    response = post_form(
        client, f"/jobs/{job.slug}/edit/", {**posting, "job_title": "New title"}
    )
    assert response.status_code == 302
    assert response.location == f"/jobs/{job.slug}/preview/"
    edited = the_job("New title")
    assert edited.id == job.id
    assert edited.status is JobStatus.DRAFT
    assert edited.slug == job.slug


def test_a_rejected_job_is_edited_and_submitted_again(
    client, auth, staff_user, posting, mail_templates
):
    job = JobFactory(status=JobStatus.REVIEW)
    JobService(db.session).reject(job, by=staff_user, reason="Add a salary range.")
    db.session.commit()
    auth.login(job.creator.username)
    detail = client.get(f"/jobs/{job.slug}/").get_data(as_text=True)
    assert "Add a salary range." in detail
    post_form(client, f"/jobs/{job.slug}/edit/", {**posting, "requirements": "50k"})
    post_form(client, f"/jobs/{job.slug}/preview/", {"action": "review"})
    db.session.expire_all()
    job = db.session.get(Job, job.id)
    assert job.status is JobStatus.REVIEW
    assert job.requirements == "50k"


@pytest.mark.parametrize("status", [JobStatus.REVIEW])
def test_the_owner_cannot_edit_a_job_in_review(client, auth, status):
    job = JobFactory(job_title="Fixed title", status=status)
    db.session.commit()
    auth.login(job.creator.username)
    response = client.get(f"/jobs/{job.slug}/edit/", follow_redirects=True)
    assert "can no longer be edited" in response.get_data(as_text=True)
    assert response.request.path == f"/jobs/{job.slug}/"
    assert the_job("Fixed title").status is status


def test_staff_may_edit_an_approved_job(client, auth, staff_user, posting):
    job = JobFactory(status=JobStatus.APPROVED)
    db.session.commit()
    auth.login(staff_user.username)
    response = post_form(
        client, f"/jobs/{job.slug}/edit/", {**posting, "job_title": "Staff fix"}
    )
    assert response.status_code == 302
    assert the_job("Staff fix").status is JobStatus.APPROVED


def test_another_user_gets_404_for_a_hidden_job_and_403_for_a_visible_one(
    client, auth, posting
):
    draft = JobFactory(status=JobStatus.DRAFT)
    approved = JobFactory(status=JobStatus.APPROVED)
    other = UserFactory()
    db.session.commit()
    auth.login(other.username)
    token = auth.csrf_token("/jobs/")
    for job, code in ((draft, 404), (approved, 403)):
        base = f"/jobs/{job.slug}"
        assert client.get(f"{base}/edit/").status_code == code
        assert client.get(f"{base}/preview/").status_code == code
        submit = {"csrf_token": token, "action": "review"}
        assert client.post(f"{base}/preview/", data=submit).status_code == code
        comment = {"csrf_token": token, "comment": "Hi"}
        assert client.post(f"{base}/comment/", data=comment).status_code == code
        assert client.post(f"{base}/edit/", data={**posting}).status_code in (
            400,
            code,
        )
    db.session.expire_all()
    assert db.session.get(Job, draft.id).status is JobStatus.DRAFT
    assert db.session.get(Job, draft.id).review_comments == []


def test_the_service_enforces_who_may_edit(session, staff_user):
    job = JobFactory(status=JobStatus.DRAFT)
    service = JobService(db.session)
    with pytest.raises(PermissionDenied):
        service.update(job, by=UserFactory(), job_title="Hijacked")
    service.update(job, by=job.creator, job_title="Owner edit")
    job.status = JobStatus.APPROVED
    with pytest.raises(JobError, match="can no longer be edited"):
        service.update(job, by=job.creator, job_title="Too late")
    with pytest.raises(JobError, match="cannot be set"):
        service.update(job, by=staff_user, status=JobStatus.DRAFT)
    service.update(job, by=staff_user, job_title="Staff edit")
    assert job.job_title == "Staff edit"
    inactive = JobTypeFactory(active=False)
    with pytest.raises(JobError, match="No longer offered"):
        service.update(job, by=staff_user, job_types=[inactive])


def test_a_slug_never_shadows_a_board_page(session, user):
    job = JobService(db.session).create(
        by=user, job_title="Mine", company_name="!", country="X", description="d",
        email="a@example.com",
    )  # fmt: skip
    assert job.slug == "mine-job"


def test_submitting_twice_sends_one_mail(client, auth, mail_templates):
    job = JobFactory()
    db.session.commit()
    auth.login(job.creator.username)
    url = f"/jobs/{job.slug}/preview/"
    post_form(client, url, {"action": "review"})
    again = post_form(client, url, {"action": "review"}, follow_redirects=True)
    assert "Cannot submit" in again.get_data(as_text=True)
    assert len(mail_rows("job_submitted")) == 1


def test_my_jobs_lists_only_my_jobs_with_their_status(client, auth, count_queries):
    mine = JobFactory(job_title="My draft")
    JobFactory(job_title="My approved", status=JobStatus.APPROVED, creator=mine.creator)
    JobFactory(job_title="Someone else's")
    db.session.commit()
    assert client.get("/jobs/mine/").status_code == 302
    auth.login(mine.creator.username)
    db.session.commit()
    with count_queries() as few:
        page = client.get("/jobs/mine/").get_data(as_text=True)
    assert "My draft" in page and "My approved" in page
    assert "Someone else" not in page
    assert 'job-status-draft">draft' in page
    assert 'job-status-approved">approved' in page
    assert f"/jobs/{mine.slug}/edit/" in page
    for _ in range(10):
        JobFactory(creator=mine.creator).job_types = [JobTypeFactory()]
    db.session.commit()
    with count_queries() as many:
        client.get("/jobs/mine/")
    assert many.count == few.count, many.statements


def test_the_owner_comments_on_the_review_and_the_team_is_mailed(
    client, auth, staff_user, mail_templates, count_queries
):
    job = JobFactory(status=JobStatus.REVIEW)
    db.session.commit()
    auth.login(job.creator.username)
    url = f"/jobs/{job.slug}/comment/"
    token = auth.csrf_token(f"/jobs/{job.slug}/")
    empty = client.post(url, data={"csrf_token": token, "comment": " "})
    assert "This field is required." in empty.get_data(as_text=True)
    assert mail_rows("job_commented") == []

    response = client.post(
        url, data={"csrf_token": token, "comment": "Is *remote* fine?"}
    )
    assert response.status_code == 302
    [mail] = mail_rows("job_commented")
    assert mail.recipient_email == "jobs@python.org"
    with count_queries() as one:
        page = client.get(f"/jobs/{job.slug}/").get_data(as_text=True)
    assert "<em>remote</em>" in page
    assert job.creator.username in page

    for n in range(5):
        JobReviewCommentService(db.session).add(
            job, by=staff_user if n % 2 else job.creator, comment=f"Note {n}"
        )
    db.session.commit()
    with count_queries() as six:
        client.get(f"/jobs/{job.slug}/")
    assert six.count == one.count, six.statements


def test_review_comments_are_not_shown_to_the_public(client, session):
    job = JobFactory(status=JobStatus.APPROVED)
    JobReviewCommentFactory(job=job, comment="Internal note")
    db.session.commit()
    page = client.get(f"/jobs/{job.slug}/").get_data(as_text=True)
    assert "Internal note" not in page
    assert "Add comment" not in page

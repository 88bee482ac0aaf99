"""A job's edit view: the moderation note under the status, the review comments
with the form."""

from datetime import timedelta

from pydotorg.core.types import utcnow
from pydotorg.domains.jobs.models import JobStatus
from pydotorg.extensions import db
from tests.factories.jobs import JobFactory, JobReviewCommentFactory
from tests.factories.users import UserFactory
from tests.fixtures.admin_forms import admin_form, form_values


def test_the_review_note_is_the_field_right_after_the_status(staff_client):
    job = JobFactory(status=JobStatus.REVIEW)
    db.session.commit()
    html = staff_client.get(f"/admin/jobs/edit/?id={job.id}").get_data(as_text=True)
    fields = [name for name in form_values(html) if name != "csrf_token"]
    position = fields.index("status")
    assert fields[position + 1] == "review_note"


def test_the_review_comments_are_listed_oldest_first_with_their_authors(
    staff_client,
):
    job = JobFactory(status=JobStatus.REVIEW)
    moderator = UserFactory(username="moderator", is_staff=True)
    first = JobReviewCommentFactory(job=job, comment="Please add a salary range.")
    second = JobReviewCommentFactory(
        job=job, creator=moderator, comment="Thanks! <b>Approved</b> soon."
    )
    db.session.flush()
    first.created_at = utcnow() - timedelta(days=1)
    db.session.commit()

    html = staff_client.get(f"/admin/jobs/edit/?id={job.id}").get_data(as_text=True)
    thread = html[html.index('id="review-comments-title"') :]
    assert thread.index("Please add a salary range.") < thread.index("Thanks!")
    assert job.creator.username in thread and "moderator" in thread
    assert "&lt;b&gt;Approved&lt;/b&gt;" in thread  # shown as written, not as HTML
    assert second.comment not in thread


def test_a_note_saved_with_the_form_joins_the_thread(staff_client):
    job = JobFactory(status=JobStatus.REVIEW)
    db.session.commit()
    url = f"/admin/jobs/edit/?id={job.id}"
    assert "No review comments yet" in staff_client.get(url).get_data(as_text=True)
    shown = form_values(staff_client.get(url).get_data(as_text=True))
    shown["review_note"] = "Which city is this in?"
    assert admin_form(staff_client, url, shown).status_code == 302
    html = staff_client.get(url).get_data(as_text=True)
    assert "Which city is this in?" in html[html.index('id="review-comments-title"') :]

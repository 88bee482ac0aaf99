"""Admin views for jobs, job types, job categories and review comments.

Status changes go through ``JobService``: the approve/reject/archive actions, or the
edit form, where a change that the state machine forbids is a form error.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import flash, url_for
from flask_admin import Admin
from flask_admin.actions import action
from flask_login import current_user
from sqlalchemy.orm import joinedload
from wtforms import TextAreaField
from wtforms.validators import ValidationError

from pydotorg.core.admin import (
    StaffModelView,
    apply_action,
    format_datetime,
    model_view,
    selected_rows,
    unbound,
)
from pydotorg.core.permissions import PermissionDenied
from pydotorg.domains.jobs.models import (
    Job,
    JobCategory,
    JobReviewComment,
    JobStatus,
    JobType,
)
from pydotorg.domains.jobs.services import (
    ADMIN_REJECT_REASON,
    JobError,
    JobReviewCommentService,
    JobService,
)
from pydotorg.extensions import db

USER_AJAX = {"fields": ("username", "email"), "page_size": 10}


def as_status(value: JobStatus | str) -> JobStatus:
    return value if isinstance(value, JobStatus) else JobStatus[value]


def current_staff() -> Any:
    return current_user._get_current_object()


class JobAdmin(StaffModelView):
    def public_url(self, row: Job) -> str:
        return url_for("jobs.job_detail", slug=row.slug)

    column_list = (
        "job_title", "company_name", "status", "category", "country", "is_featured",
        "telecommuting", "expires", "creator", "created_at",
    )  # fmt: skip
    column_searchable_list = ("job_title", "company_name", "slug", "email", "country")
    column_filters = (
        "status",
        "is_featured",
        "telecommuting",
        "agencies",
        "expires",
        "created_at",
        "category.name",
        "country",
    )
    column_sortable_list = (
        "job_title", "company_name", "status", "country", "is_featured", "expires",
        "created_at", ("category", "category.name"), ("creator", "creator.username"),
    )  # fmt: skip
    column_default_sort = ("created_at", True)
    column_labels = {"created_at": "Submitted", "category.name": "Category"}
    # The moderation note sits right under the status it explains; the job's
    # review comments are listed with the form (see the edit template).
    form_columns = (
        "job_title", "company_name", "slug", "creator", "status", "review_note",
        "category", "job_types", "other_job_type", "city", "region", "country",
        "telecommuting", "agencies", "is_featured", "expires", "content_type",
        "company_description", "description", "requirements", "contact", "email",
        "url",
    )  # fmt: skip
    edit_template = "admin/jobs/edit.html"
    form_extra_fields = {
        "review_note": TextAreaField(
            "Review note",
            description="Added as a review comment; used as the reason when rejecting.",
        )
    }
    slug_source_label = "title and company"
    form_ajax_refs = {"creator": USER_AJAX}

    def scaffold_form(self) -> Any:
        form_class = super().scaffold_form()
        # The form shows and checks the status; JobService decides what it means.
        form_class.status = unbound(form_class.status)
        return form_class

    def on_model_change(self, form: Any, model: Job, is_created: bool) -> None:
        if model.creator is None and model.creator_id is None:
            model.creator = current_staff()
        try:
            JobService(db.session).save_from_admin(
                model,
                # Flask-Admin's enum field holds the member's name.
                status=as_status(form.status.data),
                by=current_staff(),
                note=(form.review_note.data or "").strip(),
                created=is_created,
            )
        except (JobError, PermissionDenied) as error:
            raise ValidationError(str(error)) from error

    def review_comments(self, job: Job) -> list[JobReviewComment]:
        """The job's moderation thread, oldest first, with who wrote each (one query)."""
        return list(
            db.session.scalars(
                sa.select(JobReviewComment)
                .where(JobReviewComment.job_id == job.id)
                .options(joinedload(JobReviewComment.creator))
                .order_by(JobReviewComment.created_at, JobReviewComment.id)
            )
        )

    def comment_time(self, comment: JobReviewComment) -> str:
        return format_datetime(self, comment.created_at, "created_at")

    def _run(self, ids: list[str], verb: str, step: Any) -> None:
        service = JobService(db.session)
        apply_action(
            selected_rows(Job, ids),
            lambda job: step(service, job),
            done=f"{{count}} job(s) {verb}.",
            skip_on=(JobError, PermissionDenied),
        )

    @action("approve", "Approve", "Approve the selected jobs?")
    def action_approve(self, ids: list[str]) -> None:
        self._run(ids, "approved", lambda s, job: s.approve(job, by=current_staff()))

    @action("reject", "Reject", "Reject the selected jobs?")
    def action_reject(self, ids: list[str]) -> None:
        self._run(
            ids,
            "rejected",
            lambda s, job: s.reject(
                job, by=current_staff(), reason=ADMIN_REJECT_REASON
            ),
        )

    @action("archive", "Archive", "Archive the selected jobs?")
    def action_archive(self, ids: list[str]) -> None:
        self._run(ids, "archived", lambda s, job: s.archive(job, by=current_staff()))


class JobTaxonomyAdmin(StaffModelView):
    column_list = ("name", "slug", "active", "created_at")
    column_searchable_list = ("name", "slug")
    column_filters = ("active", "created_at")
    column_default_sort = [("active", True), ("name", False)]
    form_columns = ("name", "slug", "active")


class JobReviewCommentAdmin(StaffModelView):
    column_list = ("job", "creator", "comment", "created_at")
    column_searchable_list = ("comment",)
    column_filters = ("created_at", "job.job_title", "creator.username")
    column_default_sort = ("created_at", True)
    form_columns = ("job", "comment")
    form_ajax_refs = {"job": {"fields": ("job_title", "company_name"), "page_size": 10}}

    def create_model(self, form: Any) -> Any:
        # New comments go through the service (who may comment, no empty text).
        try:
            comment = JobReviewCommentService(db.session).add(
                form.job.data, by=current_staff(), comment=form.comment.data or ""
            )
            db.session.commit()
        except (JobError, PermissionDenied) as error:
            db.session.rollback()
            flash(str(error), "error")
            return False
        return comment


def register_admin(admin: Admin) -> None:
    category = "Community"
    admin.add_view(model_view(JobAdmin, Job, category=category))
    admin.add_view(model_view(JobTaxonomyAdmin, JobType, category=category))
    admin.add_view(model_view(JobTaxonomyAdmin, JobCategory, category=category))
    admin.add_view(
        model_view(JobReviewCommentAdmin, JobReviewComment, category=category)
    )

"""The shared admin behaviour: generated slugs may be left empty, and list actions."""

from __future__ import annotations

import uuid

import pytest
import sqlalchemy as sa
from flask import Flask, get_flashed_messages
from wtforms.validators import InputRequired, Optional

from pydotorg.core.admin import (
    StaffModelView,
    apply_action,
    parse_ids,
    selected_rows,
)
from pydotorg.core.models import SlugMixin
from pydotorg.core.permissions import PermissionDenied
from pydotorg.domains.jobs.models import JobType
from pydotorg.extensions import db
from tests.factories.jobs import JobTypeFactory
from tests.fixtures.admin_forms import admin_form


def slug_views(app: Flask) -> list[StaffModelView]:
    """Every admin view whose form edits a slug the model can make itself."""
    admin = app.extensions["admin"][0]
    return [
        view
        for view in admin._views
        if isinstance(view, StaffModelView)
        and issubclass(view.model, SlugMixin)
        and view.model.slug_source
        and hasattr(view.get_create_form(), "slug")
    ]


def test_every_generated_slug_is_optional_with_a_help_text(app):
    views = slug_views(app)
    assert {view.model.__name__ for view in views} == {
        "FeedAggregate", "CodeSample", "Post", "OS", "Release", "ReleaseFile",
        "Calendar", "EventCategory", "Event", "JobType", "JobCategory", "Job",
        "Election", "Sponsor", "SponsorshipLevel", "StoryCategory", "Story",
        "WorkGroup",
    }  # fmt: skip
    with app.test_request_context():
        for view in views:
            for form_class in (view.get_create_form(), view.get_edit_form()):
                slug = form_class().slug
                assert isinstance(slug.validators[0], Optional), view.name
                assert not any(isinstance(v, InputRequired) for v in slug.validators)
                assert not slug.flags.required, view.name
                assert slug.description.startswith("Leave empty to make it from the")
                assert "required" not in slug(), view.name


def test_the_help_text_names_the_slug_source(app):
    texts = {view.model.__name__: view for view in slug_views(app)}
    with app.test_request_context():
        job = texts["Job"].get_create_form()().slug.description
        event = texts["Event"].get_create_form()().slug.description
        os_ = texts["OS"].get_create_form()().slug.description
    assert job == "Leave empty to make it from the title and company."
    assert event == "Leave empty to make it from the title."
    assert os_ == "Leave empty to make it from the name."


def test_an_empty_slug_is_made_from_the_name(staff_client, session):
    response = admin_form(
        staff_client, "/admin/job_types/new/", {"name": "Remote Work", "slug": ""}
    )
    assert response.status_code == 302
    job_type = db.session.scalar(
        sa.select(JobType).where(JobType.name == "Remote Work")
    )
    assert job_type.slug == "remote-work"


def test_a_taken_slug_given_explicitly_is_still_a_form_error(staff_client, session):
    JobTypeFactory(name="Contract", slug="contract")
    db.session.commit()
    response = admin_form(
        staff_client, "/admin/job_types/new/", {"name": "Other", "slug": "contract"}
    )
    assert response.status_code == 200
    assert "Already exists." in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(JobType).where(JobType.name == "Other")) is None


def test_parse_ids_keeps_only_well_formed_ids():
    good = uuid.uuid4()
    assert parse_ids([str(good), "not-a-uuid", "", "1"]) == [good]


def test_selected_rows_loads_the_chosen_rows_in_order(session):
    b, a, _other = (JobTypeFactory(name=n) for n in ("B", "A", "C"))
    rows = selected_rows(JobType, [str(b.id), "junk", str(a.id)], JobType.name)
    assert rows == [a, b]


class RuleError(ValueError):
    pass


@pytest.fixture
def request_ctx(app, session):
    with app.test_request_context():
        yield


def test_apply_action_undoes_only_the_row_that_breaks_a_rule(request_ctx):
    rows = JobTypeFactory.create_batch(3)
    db.session.commit()

    def step(row):
        row.active = False  # written before the rule fails: must not survive
        db.session.flush()
        if row is rows[1]:
            raise RuleError("can't")

    count = apply_action(
        rows, step, done="{count} job type(s) retired.", skip_on=(RuleError,)
    )

    assert count == 2
    assert get_flashed_messages(with_categories=True) == [
        ("error", f"{rows[1]}: can't"),
        ("success", "2 job type(s) retired."),
    ]
    db.session.expire_all()
    assert [row.active for row in rows] == [False, True, False]


def test_apply_action_rolls_everything_back_when_permission_is_denied(request_ctx):
    rows = JobTypeFactory.create_batch(2)
    db.session.commit()

    def step(row):
        row.active = False
        if row is rows[1]:
            raise PermissionDenied("staff only")

    assert apply_action(rows, step, done="{count} changed.") == 0

    assert get_flashed_messages(with_categories=True) == [("error", "staff only")]
    db.session.expire_all()
    assert [row.active for row in rows] == [True, True]


def test_a_step_with_nothing_to_do_is_not_counted(request_ctx):
    rows = JobTypeFactory.create_batch(2)
    db.session.commit()

    assert apply_action(rows, lambda row: False, done="{count} changed.") == 0
    assert get_flashed_messages(with_categories=True) == []

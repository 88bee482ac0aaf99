"""Every long markup body stores its rendering: on save, and again on ``rerender``;
the admin neither shows nor edits it."""

from __future__ import annotations

import importlib
import pkgutil

import pytest
import sqlalchemy as sa

import tests.factories
from pydotorg.core.history import history_of, restorable_values
from pydotorg.core.markup import (
    MARKUP_LIMITS,
    RENDERED_FIELDS,
    ContentType,
    RenderedField,
    clear_render_cache,
    render,
    rendered_columns,
)
from pydotorg.domains.jobs.models import Job, JobStatus
from pydotorg.domains.jobs.services import today
from pydotorg.domains.minutes.models import Minutes
from pydotorg.extensions import db
from tests.factories.base import ModelFactory
from tests.factories.jobs import JobFactory
from tests.factories.minutes import MinutesFactory

# Short texts that still render on display (one comment, not a body).
RENDERED_ON_DISPLAY = {"job_review_comments.comment"}

# Backticks read differently in each markup, so a content type change shows.
TEXT = "Use `pip` to install."


def _factory_for(model: type) -> type[ModelFactory]:
    for info in pkgutil.iter_modules(tests.factories.__path__):
        importlib.import_module(f"tests.factories.{info.name}")
    found = [
        factory for factory in _subclasses(ModelFactory) if factory._meta.model is model
    ]
    assert found, f"no factory for {model.__name__}"
    return found[0]


def _subclasses(cls: type) -> list[type]:
    return [s for c in cls.__subclasses__() for s in (c, *_subclasses(c))]


def test_every_long_markup_body_is_stored_rendered():
    stored = {field.label for field in RENDERED_FIELDS}
    assert stored == set(MARKUP_LIMITS) - RENDERED_ON_DISPLAY


@pytest.mark.parametrize("field", RENDERED_FIELDS, ids=lambda f: f.label)
def test_the_save_renders_and_a_content_type_change_renders_again(
    session, field: RenderedField
):
    typed = not isinstance(field.content_type, ContentType)
    values = {field.source: TEXT}
    if typed:
        values[field.content_type] = ContentType.MARKDOWN  # type: ignore[index]
    obj = _factory_for(field.model)(**values)
    db.session.flush()

    assert getattr(obj, field.target) == "<p>Use <code>pip</code> to install.</p>"

    if typed:
        setattr(obj, field.content_type, ContentType.RESTRUCTUREDTEXT)  # type: ignore[arg-type]
        db.session.flush()
        assert getattr(obj, field.target) == str(
            render(TEXT, ContentType.RESTRUCTUREDTEXT)
        )
        assert "<cite>pip</cite>" in getattr(obj, field.target)


def test_a_new_row_without_a_content_type_renders_with_the_column_default(session):
    job = JobFactory(description="Use `pip`.")  # jobs default to reStructuredText
    db.session.flush()

    assert job.content_type is ContentType.RESTRUCTUREDTEXT
    assert job.description_rendered.strip() == "<p>Use <cite>pip</cite>.</p>"


def test_rerender_fixes_a_stale_job_description(runner):
    stale = JobFactory(description="**hired**", content_type=ContentType.MARKDOWN)
    JobFactory(description="*fresh*", content_type=ContentType.MARKDOWN)
    db.session.flush()
    db.session.execute(
        sa.update(Job)
        .where(Job.id == stale.id)
        .values(description_rendered="<p>old</p>")
    )
    db.session.commit()

    result = runner.invoke(args=["markup", "rerender"])

    assert result.exit_code == 0, result.output
    assert "jobs.description: 1 of 2 rows changed" in result.output
    db.session.expire_all()
    assert (
        db.session.get(Job, stale.id).description_rendered
        == "<p><strong>hired</strong></p>"
    )


def test_admin_views_neither_show_nor_edit_stored_renderings(app):
    admin = app.extensions["admin"][0]
    checked = set()
    for view in admin._views:
        hidden = rendered_columns(getattr(view, "model", object))
        if not hidden:
            continue
        checked.add(view.model.__tablename__)
        shown = {name for name, _ in view._list_columns}
        shown |= {name for name, _ in view._details_columns}
        shown |= {name for name, _ in view._export_columns}
        for form_class in (view._create_form_class, view._edit_form_class):
            shown |= {name for name in hidden if hasattr(form_class, name)}
        assert shown & hidden == set(), view.endpoint
    assert checked == {field.model.__tablename__ for field in RENDERED_FIELDS}


def test_a_restore_renders_the_restored_source_again(session):
    minutes = MinutesFactory(content="*first*", content_type=ContentType.MARKDOWN)
    db.session.commit()
    minutes.content = "*second*"
    db.session.commit()
    first = history_of(db.session, "minutes", minutes.id)[-1]

    values = restorable_values(Minutes, first)

    assert values["content"] == "*first*"
    assert "content_rendered" not in values


def test_pages_and_feeds_show_the_stored_html_without_rendering(
    client, session, monkeypatch
):
    job = JobFactory(
        status=JobStatus.APPROVED,
        expires=today(),
        description="Use **Python**.",
        requirements="Know `pip`.",
        content_type=ContentType.MARKDOWN,
    )
    minutes = MinutesFactory(
        content="Board *met*.", content_type=ContentType.MARKDOWN, is_published=True
    )
    db.session.commit()

    def refuse(*args, **kwargs):
        raise AssertionError("rendered on display")

    monkeypatch.setattr("pydotorg.core.markup.sanitize", refuse)
    clear_render_cache()
    detail = client.get(f"/jobs/{job.slug}/").get_data(as_text=True)
    job_feed = client.get("/jobs/feed/rss/").get_data(as_text=True)
    minutes_page = client.get(f"/psf/records/board/minutes/{minutes.slug}/")
    minutes_feed = client.get("/psf/records/board/minutes/feed/").get_data(as_text=True)

    assert job.description_rendered in detail
    assert job.requirements_rendered in detail
    assert "&lt;strong&gt;Python&lt;/strong&gt;" in job_feed
    assert minutes.content_rendered in minutes_page.get_data(as_text=True)
    assert "Board &lt;em&gt;met&lt;/em&gt;." in minutes_feed

"""Publishing code samples, and picking one for the home page."""

from datetime import UTC, datetime, timedelta

import pytest
from flask import render_template

from pydotorg.core.permissions import PermissionDenied
from pydotorg.domains.codesamples.services import CodeSampleService
from pydotorg.extensions import db
from tests.factories.codesamples import CodeSampleFactory


def test_staff_publish_and_unpublish(session, staff_user):
    sample = CodeSampleFactory(is_published=False)
    service = CodeSampleService(db.session)
    service.publish(sample, by=staff_user)
    assert sample.is_published is True
    service.unpublish(sample, by=staff_user)
    assert sample.is_published is False


def test_only_staff_may_publish(session, user):
    sample = CodeSampleFactory(is_published=False)
    with pytest.raises(PermissionDenied):
        CodeSampleService(db.session).publish(sample, by=user)
    assert sample.is_published is False


def test_latest_published_skips_drafts(session):
    now = datetime.now(UTC)
    CodeSampleFactory(title="Old", created_at=now - timedelta(days=2))
    CodeSampleFactory(title="New", created_at=now - timedelta(days=1))
    CodeSampleFactory(title="Newest draft", created_at=now, is_published=False)
    assert CodeSampleService(db.session).latest_published().title == "New"


def test_random_published_only_picks_published_samples(session):
    CodeSampleFactory(title="Shown")
    CodeSampleFactory(title="Hidden", is_published=False)
    service = CodeSampleService(db.session)
    assert {service.random_published().title for _ in range(10)} == {"Shown"}


def test_nothing_published_means_no_sample(session):
    CodeSampleFactory(is_published=False)
    service = CodeSampleService(db.session)
    assert service.random_published() is None
    assert service.latest_published() is None


def test_published_lists_oldest_first(session):
    now = datetime.now(UTC)
    CodeSampleFactory(title="B", created_at=now)
    CodeSampleFactory(title="A", created_at=now - timedelta(days=1))
    CodeSampleFactory(title="Draft", is_published=False)
    titles = db.session.scalars(CodeSampleService(db.session).published()).all()
    assert [s.title for s in titles] == ["A", "B"]


def test_sample_partial_escapes_code_and_sanitises_the_description(app, session):
    sample = CodeSampleFactory(
        code="<script>alert(1)</script>\n>>> 1 < 2",
        description='<p onclick="x()">Safe <strong>text</strong></p><script>bad()</script>',
    )
    with app.test_request_context("/"):
        html = render_template("codesamples/sample.html", sample=sample)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&gt;&gt;&gt; 1 &lt; 2" in html
    assert "<strong>text</strong>" in html
    assert "onclick" not in html
    assert "bad()" not in html

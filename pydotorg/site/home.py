"""The home page: a window onto every domain, like python.org's front page."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import render_template
from sqlalchemy.orm import Session

from pydotorg.domains.blogs.models import BlogEntry
from pydotorg.domains.blogs.services import BlogEntryService
from pydotorg.domains.codesamples.models import CodeSample
from pydotorg.domains.codesamples.services import CodeSampleService
from pydotorg.domains.downloads.models import Release
from pydotorg.domains.downloads.services import ReleaseService
from pydotorg.domains.events.models import EventOccurrence
from pydotorg.domains.events.services import EventService
from pydotorg.domains.jobs.models import Job
from pydotorg.domains.jobs.services import JobService
from pydotorg.domains.successstories.models import Story
from pydotorg.domains.successstories.services import StoryService
from pydotorg.extensions import db

HOME_LIST_LENGTH = 5


@dataclass
class HomeContent:
    latest_release: Release | None
    code_sample: CodeSample | None
    news: list[BlogEntry]
    events: list[EventOccurrence]
    jobs: list[Job]
    story: Story | None


def home_content(session: Session) -> HomeContent:
    """Everything the home page shows, each in one query with what it displays."""
    # The home page shows no job types: don't load them (one query fewer).
    jobs = (
        JobService(session).visible_statement(with_types=False).limit(HOME_LIST_LENGTH)
    )
    return HomeContent(
        latest_release=ReleaseService(session).latest_python3(),
        code_sample=CodeSampleService(session).random_published(),
        news=BlogEntryService(session).latest(HOME_LIST_LENGTH),
        events=EventService(session).upcoming(HOME_LIST_LENGTH),
        jobs=list(session.scalars(jobs)),
        story=StoryService(session).featured(),
    )


def home() -> Any:
    return render_template("home.html", home=home_content(db.session))

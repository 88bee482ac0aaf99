"""The Alembic chain: upgrade from empty, no drift, downgrade to nothing."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask_migrate import check, downgrade, upgrade

from pydotorg import create_app
from pydotorg.app import init_migrations
from pydotorg.config import database_uri
from pydotorg.extensions import db

MIGRATIONS = str(Path(__file__).resolve().parent.parent / "migrations")

SEED_TABLES = {
    "users", "memberships", "user_groups",
    "pages", "page_images", "page_documents",
    "download_os", "releases", "release_files", "download_statistics",
    "feeds", "blog_entries", "feed_aggregates", "feed_aggregate_feeds", "related_blogs",
    "jobs", "job_types", "job_categories", "job_job_types", "job_review_comments",
    "calendars", "events", "event_categories", "event_locations", "event_occurrences",
    "event_recurring_rules", "event_event_categories",
    "sponsors", "sponsorships", "sponsorship_levels", "sponsor_contracts",
    "sponsor_legal_clauses",
    "community_posts", "community_photos", "community_videos", "community_links",
    "success_stories", "story_categories",
    "elections", "nominees", "nominations",
    "code_samples", "minutes", "banners", "email_templates", "email_logs", "work_groups",
}  # fmt: skip


@pytest.fixture
def scratch_database_url(tmp_path: Path) -> Iterator[str]:
    """An empty database of the suite's kind, dropped afterwards."""
    base = os.environ.get("DATABASE_URL")
    if not base:
        yield database_uri(None, str(tmp_path))
        return
    url = sa.make_url(database_uri(base, str(tmp_path)))
    name = f"pydotorg_migrations_{uuid.uuid4().hex[:8]}"
    server = sa.create_engine(
        url.set(database="postgres"), isolation_level="AUTOCOMMIT"
    )
    with server.connect() as connection:
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with server.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        server.dispose()


@pytest.fixture
def migration_app(scratch_database_url: str):
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "x",
            "SQLALCHEMY_DATABASE_URI": scratch_database_url,
        }
    )
    init_migrations(app)
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


def test_upgrade_check_and_downgrade(migration_app):
    upgrade(directory=MIGRATIONS)
    inspector = sa.inspect(db.engine)
    tables = set(inspector.get_table_names())
    assert tables >= SEED_TABLES
    assert len(SEED_TABLES) == 47

    check(directory=MIGRATIONS)  # raises if autogenerate would write anything

    downgrade(directory=MIGRATIONS, revision="base")
    remaining = set(sa.inspect(db.engine).get_table_names()) - {"alembic_version"}
    assert remaining == set()


def test_seed_indexes_exist(migration_app):
    upgrade(directory=MIGRATIONS)
    inspector = sa.inspect(db.engine)
    expected = {
        "users": {"username", "email", "oauth_provider", "oauth_id"},
        "pages": {"path", "is_published"},
        "releases": {"slug", "is_latest", "is_published"},
        "release_files": {"slug"},
        "download_statistics": {"release_file_id", "date"},
        "feeds": {"is_active", "priority"},
        "blog_entries": {"pub_date", "is_featured"},
        "jobs": {"slug", "status", "is_featured"},
        "events": {"featured"},
        "event_occurrences": {"dt_start"},
        "event_recurring_rules": {"begin", "finish"},
        "sponsorships": {"status"},
        "sponsor_contracts": {"status"},
        "elections": {
            "nominations_open",
            "nominations_close",
            "voting_open",
            "voting_close",
        },
        "nominees": {"accepted"},
        "banners": {
            "banner_type",
            "target",
            "is_active",
            "is_sitewide",
            "start_date",
            "end_date",
        },
        "email_templates": {"internal_name", "template_type", "is_active"},
        "email_logs": {"template_name", "recipient_email", "status"},
    }
    for table, columns in expected.items():
        indexed = {c for ix in inspector.get_indexes(table) for c in ix["column_names"]}
        unique = {
            c
            for uq in inspector.get_unique_constraints(table)
            for c in uq["column_names"]
        }
        assert columns <= indexed | unique, (table, columns - indexed - unique)


def test_api_id_counters_start_at_the_highest_id_in_use(migration_app):
    from pydotorg.core.models import ApiIdCounter
    from pydotorg.domains.downloads.models import OS

    upgrade(directory=MIGRATIONS, revision="80290b220b4b")  # the revision before
    with db.engine.begin() as connection:
        # Core inserts: the ORM's id allocation needs the table this migration adds.
        for api_id in (3, 7):
            connection.execute(
                sa.insert(OS.__table__).values(
                    name=f"OS {api_id}", slug=f"os-{api_id}", api_id=api_id
                )
            )
    upgrade(directory=MIGRATIONS, revision="5b1d0c2a9e47")
    counters = dict(
        db.session.execute(
            sa.select(ApiIdCounter.table_name, ApiIdCounter.last_value)
        ).all()
    )
    assert counters == {"download_os": 7, "pages": 0, "release_files": 0, "releases": 0}


def test_links_stored_before_the_url_rule_are_blanked(migration_app):
    from pydotorg.domains.banners.models import Banner

    banners = Banner.__table__
    upgrade(directory=MIGRATIONS, revision="5b1d0c2a9e47")  # the revision before
    with db.engine.begin() as connection:
        # Core inserts: the URL rule's flush check would refuse the first.
        for title, link in [
            ("bad", "javascript:alert(1)"),
            ("path", "/psf/donations/"),
            ("site", "https://www.python.org/"),
        ]:
            connection.execute(
                sa.insert(banners).values(
                    id=uuid.uuid4(), title=title, message="m", link=link
                )
            )
    upgrade(directory=MIGRATIONS, revision="c1ea4b0a7f3e")
    with db.engine.connect() as connection:
        rows = connection.execute(sa.select(banners.c.title, banners.c.link)).all()
    links = dict(rows)
    assert links == {
        "bad": "",
        "path": "/psf/donations/",
        "site": "https://www.python.org/",
    }


def _raw_insert(connection, model, rows):
    """Insert ``rows`` with only their own columns (no defaults of later columns)."""
    columns = model.__table__.c
    for values in rows:
        table = sa.table(
            model.__tablename__, *(sa.column(k, columns[k].type) for k in values)
        )
        connection.execute(sa.insert(table).values(values))


def test_existing_markup_bodies_get_their_stored_rendering(migration_app):
    from pydotorg.core.markup import ContentType, render
    from pydotorg.domains.downloads.models import Release
    from pydotorg.domains.nominations.models import Election

    upgrade(directory=MIGRATIONS, revision="c4d7e2a1b9f3")  # the revision before
    now = sa.func.now()
    stamps = {"created_at": now, "updated_at": now}
    day = date(2026, 1, 1)
    release = {
        "version": "PYTHON3", "status": "BUGFIX", "is_latest": False,
        "is_published": True, "pre_release": False, "show_on_download_page": True,
        "release_notes_url": "", "created": now, "updated": now, **stamps,
    }  # fmt: skip
    with db.engine.begin() as connection:
        _raw_insert(
            connection,
            Release,
            [
                {**release, "id": uuid.uuid4(), "api_id": number, "name": name,
                 "slug": name, "content": content, "content_type": content_type}
                for number, (name, content, content_type) in enumerate(
                    [("md", "Use `pip`.", "MARKDOWN"),
                     ("rst", "Use `pip`.", "RESTRUCTUREDTEXT"),
                     ("empty", "", "HTML")],
                    start=1,
                )
            ],
        )  # fmt: skip
        _raw_insert(
            connection,
            Election,
            [
                {"id": uuid.uuid4(), "name": name, "slug": name, "description": text,
                 "nominations_open": day, "nominations_close": day,
                 "voting_open": day, "voting_close": day, **stamps}
                for name, text in [("told", "*Vote*"), ("untold", None)]
            ],
        )  # fmt: skip
    upgrade(directory=MIGRATIONS, revision="4fca8f41b7e4")

    releases = sa.table("releases", sa.column("name"), sa.column("content_rendered"))
    elections = sa.table(
        "elections", sa.column("name"), sa.column("description_rendered")
    )
    with db.engine.connect() as connection:
        stored = dict(connection.execute(sa.select(*releases.c)).all())
        stored |= dict(connection.execute(sa.select(*elections.c)).all())
    assert stored == {
        "md": str(render("Use `pip`.", ContentType.MARKDOWN)),
        "rst": str(render("Use `pip`.", ContentType.RESTRUCTUREDTEXT)),
        "empty": "",
        "told": "<p><em>Vote</em></p>",
        "untold": "",
    }
    assert "<code>pip</code>" in stored["md"]
    assert "<cite>pip</cite>" in stored["rst"]

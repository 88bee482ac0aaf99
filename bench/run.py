"""Benchmark the busiest public pages, API lists and one admin list.

For each database size it builds the schema on a scratch database, fills it with
the project's own factories and services, then requests every endpoint through
the Flask test client: a few warm-up requests, then ``--repeat`` timed ones
(``time.perf_counter``), reporting the median and 95th percentile, and the number
of SQL statements each request ran (SQLAlchemy's ``before_cursor_execute``;
transaction control such as BEGIN/COMMIT is not counted).

Run it from the project root::

    .venv/bin/python bench/run.py                       # sizes 50 and 500, SQLite
    .venv/bin/python bench/run.py --rows 500 --repeat 50
    DATABASE_URL=postgresql://postgres@127.0.0.1/pydotorg_bench .venv/bin/python bench/run.py

With ``DATABASE_URL`` set every table of that database is dropped and recreated:
point it at a scratch database only. The exit status is 1 when an endpoint does
not answer 200 or its query count grows with the data.
"""

from __future__ import annotations

import argparse
import math
import os
import platform
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from pydotorg import create_app
from pydotorg.config import database_uri
from pydotorg.extensions import db

# ``tests.factories`` lives beside the package, not inside it; the fill
# functions import it (and tests.conftest's password) only when they run.
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# How many rows of each kind one unit of ``--rows`` makes: ``--rows 500`` gives
# 500 releases (3 files each), 200 pages, 1000 jobs, 500 events, 2000 blog
# entries, 300 users, 200 success stories and 200 board minutes.
SCALE = {
    "releases": 1.0,
    "pages": 0.4,
    "jobs": 2.0,
    "events": 1.0,
    "blog_entries": 4.0,
    "users": 0.6,
    "stories": 0.4,
    "minutes": 0.4,
}
STAFF_USERNAME = "benchstaff"
BATCH = 500  # rows added per flush while filling

# Statements that open or close a transaction rather than read or write data.
_TRANSACTION_CONTROL = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE")
_CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


# Filling ----------------------------------------------------------------------


@dataclass
class Filled:
    """What the endpoints need to know about the data that was made."""

    counts: dict[str, int]
    release_slug: str
    release_api_id: int
    seconds: float = 0.0


def volumes(rows: int) -> dict[str, int]:
    return {kind: max(1, math.ceil(rows * factor)) for kind, factor in SCALE.items()}


def add_in_batches(session: Any, objects: list[Any]) -> None:
    for start in range(0, len(objects), BATCH):
        session.add_all(objects[start : start + BATCH])
        session.flush()


def fill(session: Any, rows: int) -> Filled:
    """Realistic volumes of every benchmarked domain, scaled by ``rows``."""
    counts = volumes(rows)
    users = fill_users(session, counts["users"])
    staff = users[0]
    fill_pages(session, counts["pages"])
    release = fill_downloads(session, counts["releases"], staff)
    fill_jobs(session, counts["jobs"], users)
    fill_events(session, counts["events"])
    fill_blogs(session, counts["blog_entries"])
    fill_stories(session, counts["stories"], users)
    fill_minutes(session, counts["minutes"], staff)
    fill_banners(session)
    fill_code_samples(session, staff)
    session.commit()
    return Filled(counts, release.slug, release.api_id)


def fill_users(session: Any, count: int) -> list[Any]:
    from tests.factories.users import UserFactory

    staff = UserFactory.build(username=STAFF_USERNAME, is_staff=True, is_superuser=True)
    users = [staff, *UserFactory.build_batch(count - 1)]
    add_in_batches(session, users)
    return users


def fill_pages(session: Any, count: int) -> None:
    from tests.factories.pages import PageFactory

    body = "\n\n".join(
        f"## Section {n}\n\nPython is *powerful*, and fast; plays well with "
        f"others; runs everywhere; is friendly and easy to learn. "
        f"[Read more](/about/section-{n}/)."
        for n in range(12)
    )
    pages = [PageFactory.build(path="about", title="About", content=body)]
    pages += [
        PageFactory.build(path=f"about/section-{n}", content=body)
        for n in range(count - 1)
    ]
    add_in_batches(session, pages)


def fill_downloads(session: Any, count: int, staff: Any) -> Any:
    """Releases of python.org's shape: three files each, one featured per OS."""
    from pydotorg.domains.downloads.models import PythonVersion, ReleaseStatus
    from pydotorg.domains.downloads.services import ReleaseService
    from tests.factories.downloads import (
        OSFactory,
        ReleaseFactory,
        ReleaseFileFactory,
    )

    systems = [
        OSFactory.build(name="Windows", slug="windows"),
        OSFactory.build(name="macOS", slug="macos"),
        OSFactory.build(name="Source release", slug="source"),
    ]
    releases, files = [], []
    for n in range(count):
        python2 = n % 10 == 0
        name = f"Python 2.7.{n // 10}" if python2 else f"Python 3.{n % 14}.{n // 14}"
        pre = n % 25 == 24
        release = ReleaseFactory.build(
            name=name + ("rc1" if pre else ""),
            version=PythonVersion.PYTHON2 if python2 else PythonVersion.PYTHON3,
            status=ReleaseStatus.PRERELEASE if pre else ReleaseStatus.BUGFIX,
            pre_release=pre,
            release_date=date(2005, 1, 1) + timedelta(days=7 * n),
            content="Release notes with *markup* and a [link](https://docs.python.org/).",
            creator=staff,
        )
        releases.append(release)
        for system in systems:
            files.append(
                ReleaseFileFactory.build(
                    release=release,
                    os=system,
                    name=f"{system.name} installer",
                    url=f"https://www.python.org/ftp/python/{n}/{system.slug}-{n}.bin",
                    description=f"for {system.name}",
                    is_source=system.slug == "source",
                    download_button=True,
                    creator=staff,
                )
            )
    add_in_batches(session, systems + releases + files)
    newest = max(
        (r for r in releases if r.version is PythonVersion.PYTHON3),
        key=lambda r: r.release_date,
    )
    ReleaseService(session).mark_latest(newest, by=staff)
    return releases[len(releases) // 2]


def fill_jobs(session: Any, count: int, users: list[Any]) -> None:
    from pydotorg.domains.jobs.models import JobStatus
    from pydotorg.domains.jobs.services import today
    from tests.factories.jobs import JobCategoryFactory, JobFactory, JobTypeFactory

    types = JobTypeFactory.build_batch(6)
    categories = JobCategoryFactory.build_batch(10)
    statuses = [JobStatus.APPROVED] * 8 + [JobStatus.REVIEW, JobStatus.DRAFT]
    jobs = [
        JobFactory.build(
            creator=users[n % len(users)],
            category=categories[n % len(categories)],
            job_types=[types[n % 6], types[(n + 1) % 6]],
            status=statuses[n % len(statuses)],
            is_featured=n % 50 == 0,
            expires=today() + timedelta(days=30 + n % 60),
        )
        for n in range(count)
    ]
    add_in_batches(session, types + categories + jobs)


def fill_events(session: Any, count: int) -> None:
    """Weekly events around today, expanded into occurrences by the service."""
    from pydotorg.domains.events.services import EventService
    from tests.factories.events import (
        CalendarFactory,
        EventCategoryFactory,
        EventFactory,
        EventLocationFactory,
        EventOccurrenceFactory,
        RecurringRuleFactory,
    )

    calendars = CalendarFactory.build_batch(3)
    categories = [
        EventCategoryFactory.build(calendar=calendars[n % 3]) for n in range(9)
    ]
    venues = [EventLocationFactory.build(calendar=calendars[n % 3]) for n in range(20)]
    now = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
    events, children = [], []
    for n in range(count):
        event = EventFactory.build(
            calendar=calendars[n % 3],
            venue=venues[n % 20],
            categories=[categories[n % 9]],
            featured=n % 40 == 0,
        )
        events.append(event)
        begin = now - timedelta(weeks=4) + timedelta(hours=n)
        children.append(
            RecurringRuleFactory.build(
                event=event,
                begin=begin,
                finish=begin + timedelta(weeks=12),
                duration=timedelta(hours=2),
            )
        )
        if n % 5 == 0:
            start = now + timedelta(days=n % 90, hours=3)
            children.append(EventOccurrenceFactory.build(event=event, dt_start=start))
    add_in_batches(session, calendars + categories + venues + events + children)
    EventService(session).regenerate_all()


def fill_blogs(session: Any, count: int) -> None:
    from tests.factories.blogs import BlogEntryFactory, FeedFactory

    feeds = FeedFactory.build_batch(10)
    entries = [BlogEntryFactory.build(feed=feeds[n % 10]) for n in range(count)]
    add_in_batches(session, feeds + entries)


def fill_stories(session: Any, count: int, users: list[Any]) -> None:
    from tests.factories.successstories import StoryCategoryFactory, StoryFactory

    categories = StoryCategoryFactory.build_batch(8)
    stories = [
        StoryFactory.build(
            category=categories[n % 8],
            creator=users[n % len(users)],
            is_published=n % 10 != 0,
            featured=n == 0,
        )
        for n in range(count)
    ]
    add_in_batches(session, categories + stories)


def fill_minutes(session: Any, count: int, staff: Any) -> None:
    from tests.factories.minutes import MinutesFactory

    first = date(2000, 1, 3)
    minutes = [
        MinutesFactory.build(date=first + timedelta(weeks=n), creator=staff)
        for n in range(count)
    ]
    add_in_batches(session, minutes)


def fill_banners(session: Any) -> None:
    """One site-wide banner, so every page renders the banner block too."""
    from tests.factories.banners import BannerFactory

    add_in_batches(session, [BannerFactory.build()])


def fill_code_samples(session: Any, staff: Any) -> None:
    """A few published snippets: the home page shows one at random."""
    from tests.factories.codesamples import CodeSampleFactory

    add_in_batches(session, CodeSampleFactory.build_batch(5, creator=staff))


# Measuring --------------------------------------------------------------------


@dataclass
class Endpoint:
    label: str
    path: str
    staff: bool = False


def endpoints(filled: Filled) -> list[Endpoint]:
    return [
        Endpoint("CMS page", "/about/"),
        Endpoint("downloads index", "/downloads/"),
        Endpoint("release detail", f"/downloads/release/{filled.release_slug}/"),
        Endpoint("downloads for an OS", "/downloads/windows/"),
        Endpoint("downloads RSS", "/downloads/feed.rss"),
        Endpoint("API v2 releases", "/api/v2/downloads/release/"),
        Endpoint(
            "API v2 files of a release",
            f"/api/v2/downloads/release_file/?release={filled.release_api_id}",
        ),
        Endpoint("API v1 releases", "/api/v1/downloads/release/?limit=20"),
        Endpoint("jobs", "/jobs/"),
        Endpoint("events", "/events/"),
        Endpoint("blogs", "/blogs/"),
        Endpoint("success stories", "/success-stories/"),
        Endpoint("board minutes", "/psf/records/board/minutes/"),
        Endpoint("home", "/"),
        Endpoint("admin releases (staff)", "/admin/releases/", staff=True),
    ]


class QueryCounter:
    """Counts the SQL statements any engine runs while ``active``."""

    def __init__(self) -> None:
        self.count = 0
        self.active = False

    def __call__(self, conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if self.active and not statement.lstrip().upper().startswith(
            _TRANSACTION_CONTROL
        ):
            self.count += 1

    @contextmanager
    def counting(self) -> Iterator[None]:
        self.count, self.active = 0, True
        try:
            yield
        finally:
            self.active = False


@dataclass
class Result:
    endpoint: Endpoint
    status: int
    queries: list[int] = field(default_factory=list)
    timings_ms: list[float] = field(default_factory=list)

    @property
    def query_count(self) -> str:
        low, high = min(self.queries), max(self.queries)
        return str(low) if low == high else f"{low}-{high}"

    @property
    def median_ms(self) -> float:
        return statistics.median(self.timings_ms)

    @property
    def p95_ms(self) -> float:
        ordered = sorted(self.timings_ms)
        return ordered[min(len(ordered) - 1, math.ceil(0.95 * len(ordered)) - 1)]


def measure(
    client: FlaskClient,
    endpoint: Endpoint,
    counter: QueryCounter,
    *,
    warmup: int,
    repeat: int,
) -> Result:
    for _ in range(warmup):
        client.get(endpoint.path)
    result = Result(endpoint, status=0)
    for _ in range(repeat):
        with counter.counting():
            started = time.perf_counter()
            response = client.get(endpoint.path)
            elapsed = time.perf_counter() - started
        response.close()
        result.status = response.status_code
        result.queries.append(counter.count)
        result.timings_ms.append(elapsed * 1000)
    return result


def staff_client(app: Flask) -> FlaskClient:
    """A client logged in through the real login form (CSRF token included)."""
    from tests.conftest import TEST_PASSWORD

    client = app.test_client()
    match = _CSRF.search(client.get("/accounts/login/").get_data(as_text=True))
    if match is None:
        raise SystemExit("no csrf_token on the login page")
    response = client.post(
        "/accounts/login/",
        data={
            "username": STAFF_USERNAME,
            "password": TEST_PASSWORD,
            "csrf_token": match.group(1),
        },
    )
    if response.status_code != 302:
        raise SystemExit(f"staff login failed: HTTP {response.status_code}")
    return client


# Running ----------------------------------------------------------------------


def build_app(database_url: str | None, scratch: Path) -> Flask:
    return create_app(
        {
            "SECRET_KEY": "bench-secret",
            "SQLALCHEMY_DATABASE_URI": database_uri(database_url, str(scratch)),
            "SERVER_NAME": None,
            "SITE_URL": "http://localhost",
            "MEDIA_ROOT": str(scratch / "media"),
            "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
            "RATELIMIT_ENABLED": False,
            "MAIL_SERVER": "",
        }
    )


def run_size(
    app: Flask, rows: int, *, warmup: int, repeat: int
) -> tuple[Filled, list[Result]]:
    with app.app_context():
        db.drop_all()
        db.create_all()
        started = time.perf_counter()
        filled = fill(db.session, rows)
        filled.seconds = time.perf_counter() - started
        db.session.remove()
    counter = QueryCounter()
    sa.event.listen(sa.engine.Engine, "before_cursor_execute", counter)
    try:
        public, staff = app.test_client(), staff_client(app)
        results = [
            measure(
                staff if endpoint.staff else public,
                endpoint,
                counter,
                warmup=warmup,
                repeat=repeat,
            )
            for endpoint in endpoints(filled)
        ]
    finally:
        sa.event.remove(sa.engine.Engine, "before_cursor_execute", counter)
    return filled, results


def table(headers: list[str], rows: list[list[str]]) -> str:
    """A Markdown table, so the output can be pasted into bench/README.md."""
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]

    def line(cells: list[str]) -> str:
        return (
            "| "
            + " | ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True))
            + " |"
        )

    rule = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    return "\n".join([line(headers), rule, *(line(r) for r in rows)])


def size_report(rows: int, filled: Filled, results: list[Result]) -> str:
    made = ", ".join(
        f"{n} {kind.replace('_', ' ')}" for kind, n in filled.counts.items()
    )
    body = table(
        ["endpoint", "path", "status", "queries", "median ms", "p95 ms"],
        [
            [
                r.endpoint.label,
                r.endpoint.path,
                str(r.status),
                r.query_count,
                f"{r.median_ms:.1f}",
                f"{r.p95_ms:.1f}",
            ]
            for r in results
        ],
    )
    return (
        f"\n## --rows {rows}\n\n{made}; filled in {filled.seconds:.0f} s.\n\n{body}\n"
    )


def comparison(sizes: list[int], runs: list[list[Result]]) -> tuple[str, list[str]]:
    """Query counts and medians side by side; the endpoints whose counts grow."""
    problems: list[str] = []
    rows = []
    for position, first in enumerate(runs[0]):
        across = [run[position] for run in runs]
        counts = [max(r.queries) for r in across]
        grows = counts[-1] > counts[0]
        failed = [r for r in across if r.status != 200]
        if grows:
            problems.append(
                f"{first.endpoint.path}: queries grow "
                + " -> ".join(
                    f"{c} at {s} rows" for c, s in zip(counts, sizes, strict=True)
                )
            )
        problems += [f"{r.endpoint.path}: HTTP {r.status}" for r in failed]
        rows.append(
            [
                first.endpoint.label,
                *(r.query_count for r in across),
                *(f"{r.median_ms:.1f}" for r in across),
                "GROWS" if grows else "constant",
            ]
        )
    headers = [
        "endpoint",
        *(f"queries @{s}" for s in sizes),
        *(f"median ms @{s}" for s in sizes),
        "queries",
    ]
    return "\n## Comparison\n\n" + table(headers, rows) + "\n", problems


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--rows",
        type=int,
        nargs="+",
        default=[50, 500],
        help="data sizes to run, smallest first (default: 50 500)",
    )
    parser.add_argument(
        "--repeat", type=int, default=20, help="timed requests per endpoint"
    )
    parser.add_argument(
        "--warmup", type=int, default=3, help="untimed requests per endpoint first"
    )
    args = parser.parse_args(argv)
    if min(args.rows) < 1 or args.repeat < 1 or args.warmup < 0:
        parser.error("--rows and --repeat must be at least 1, --warmup at least 0")
    args.rows = sorted(args.rows)
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    database_url = os.environ.get("DATABASE_URL") or None
    with tempfile.TemporaryDirectory(prefix="pydotorg-bench-") as scratch:
        app = build_app(database_url, Path(scratch))
        engine_name = app.config["SQLALCHEMY_DATABASE_URI"].split(":", 1)[0]
        print(
            f"# pydotorg benchmark: {engine_name}, Python {platform.python_version()}, "
            f"{os.cpu_count()} CPUs, {args.repeat} timed requests "
            f"after {args.warmup} warm-up"
        )
        runs: list[list[Result]] = []
        for rows in args.rows:
            filled, results = run_size(
                app, rows, warmup=args.warmup, repeat=args.repeat
            )
            runs.append(results)
            print(size_report(rows, filled, results), flush=True)
        report, problems = comparison(args.rows, runs) if len(runs) > 1 else ("", [])
        if len(runs) == 1:
            problems = [
                f"{r.endpoint.path}: HTTP {r.status}"
                for r in runs[0]
                if r.status != 200
            ]
        print(report)
        with app.app_context():
            db.drop_all()
            db.engine.dispose()
    for problem in problems:
        print(f"PROBLEM {problem}")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())

"""The admin dashboard's queues and panels: what waits for staff across the domains.

Core draws the dashboard (``StaffIndexView``) but knows no domain; the queries
live here and are registered with it when the app is built. Each queue is one
COUNT query; its link opens the admin list filtered to the same rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import sqlalchemy as sa
from flask import url_for
from flask_login import current_user
from werkzeug.routing import BuildError

from pydotorg.core.admin import (
    DashboardPanel,
    DashboardQueue,
    StaffIndexView,
    site_time,
)
from pydotorg.core.history import ChangeLogEntry
from pydotorg.core.types import utcnow
from pydotorg.domains.blogs.models import Feed
from pydotorg.domains.downloads.models import PythonVersion, Release, version_key
from pydotorg.domains.jobs.models import Job, JobStatus
from pydotorg.domains.mailing.models import EmailLog, EmailStatus
from pydotorg.domains.nominations.models import Nomination
from pydotorg.domains.pages.models import Page
from pydotorg.domains.sponsors.models import (
    Contract,
    ContractStatus,
    Sponsorship,
    SponsorshipStatus,
)
from pydotorg.domains.users.models import UserGroup
from pydotorg.extensions import db

# A page nobody has edited for this long is listed for review.
STALE_AFTER = timedelta(days=365)
# Filter values in the admin's datetime format, to the second.
ADMIN_DATETIME = "%Y-%m-%d %H:%M:%S"
# How many entries each "Recent actions" list shows.
RECENT_ACTIONS = 10


def count(model: type, *where: Any) -> sa.Select[Any]:
    return sa.select(sa.func.count()).select_from(model).where(*where)


def stale_cutoff() -> Any:
    # To the minute, so the count and the link's filter agree within a request.
    return (utcnow() - STALE_AFTER).replace(second=0, microsecond=0)


def queues() -> list[DashboardQueue]:
    return [
        DashboardQueue(
            "Jobs awaiting review",
            lambda: count(Job, Job.status == JobStatus.REVIEW),
            "jobs_admin",
            {"status": JobStatus.REVIEW.name},
        ),
        DashboardQueue(
            "Sponsorship applications to decide",
            lambda: count(Sponsorship, Sponsorship.status == SponsorshipStatus.APPLIED),
            "sponsorships_admin",
            {"status": SponsorshipStatus.APPLIED.name},
        ),
        DashboardQueue(
            "Contracts awaiting signature",
            lambda: count(
                Contract, Contract.status == ContractStatus.AWAITING_SIGNATURE
            ),
            "sponsor_contracts_admin",
            {"status": ContractStatus.AWAITING_SIGNATURE.name},
        ),
        DashboardQueue(
            "Nominations awaiting acceptance",
            lambda: count(Nomination, Nomination.accepted.is_(False)),
            "nominations_admin",
            {"accepted": "0"},
        ),
        DashboardQueue(
            "User groups awaiting approval",
            lambda: count(UserGroup, UserGroup.approved.is_(False)),
            "user_groups_admin",
            {"approved": "0"},
        ),
        DashboardQueue(
            "Mail that failed",
            lambda: count(EmailLog, EmailLog.status == EmailStatus.FAILED),
            "email_logs_admin",
            {"status": EmailStatus.FAILED.name},
        ),
        DashboardQueue(
            "Feeds that failed to fetch",
            lambda: count(Feed, Feed.last_error != ""),
            "feeds_admin",
            {"Fetch failed": "1"},
        ),
        DashboardQueue(
            "Draft pages",
            lambda: count(Page, Page.is_published.is_(False)),
            "pages_admin",
            {"is_published": "0"},
        ),
        DashboardQueue(
            "Pages not edited in over a year",
            lambda: count(Page, Page.updated < stale_cutoff()),
            "pages_admin",
            {"updated:smaller than": stale_cutoff().strftime(ADMIN_DATETIME)},
        ),
    ]


def latest_releases() -> dict[str, Any]:
    """The newest published release of each X.Y branch, newest branch first (one query)."""
    rows = db.session.execute(
        sa.select(Release.id, Release.name, Release.release_date).where(
            Release.is_published.is_(True),
            # Python's own branches, not the install manager's version numbers.
            Release.version != PythonVersion.PYMANAGER,
        )
    )
    newest: dict[tuple[int, int], Any] = {}
    for row in rows:
        key = version_key(row.name)
        if not key:
            continue
        branch = key[:2]
        if branch not in newest or key > version_key(newest[branch].name):
            newest[branch] = row
    ordered = sorted(newest.items(), reverse=True)
    return {"releases": [(f"{major}.{minor}", row) for (major, minor), row in ordered]}


@dataclass(frozen=True)
class RecentAction:
    """A change-log entry as the dashboard lists it, with links to its object."""

    entry: ChangeLogEntry
    when: str
    history_url: str | None  # the object's History page, if its table has a view
    edit_url: str | None  # its edit view, unless it was deleted


def _admin_url(table: str, view: str, object_id: str) -> str | None:
    try:
        return url_for(f"{table}_admin.{view}", id=object_id)
    except BuildError:  # no admin view for that table
        return None


def _recent(*where: Any) -> list[RecentAction]:
    entries = db.session.scalars(
        sa.select(ChangeLogEntry)
        .where(*where)
        .order_by(ChangeLogEntry.id.desc())
        .limit(RECENT_ACTIONS)
    )
    actions = []
    for entry in entries:
        local = site_time(entry.created_at)
        deleted = entry.kind == "deleted"
        actions.append(
            RecentAction(
                entry,
                f"{local:%Y-%m-%d %H:%M} {local.tzname()}",
                _admin_url(entry.table_name, "change_history_view", entry.object_id),
                None
                if deleted
                else _admin_url(entry.table_name, "edit_view", entry.object_id),
            )
        )
    return actions


def recent_actions() -> dict[str, Any]:
    """The latest changes by the staff member looking, and by anyone (one query each)."""
    return {
        "mine": _recent(ChangeLogEntry.user_id == current_user.id),
        "everyone": _recent(),
    }


def register_dashboard(index_view: StaffIndexView) -> None:
    for queue in queues():
        index_view.add_queue(queue)
    index_view.add_panel(
        DashboardPanel(
            "Latest release per branch",
            "admin/dashboard/latest_releases.html",
            latest_releases,
        )
    )
    index_view.add_panel(
        DashboardPanel(
            "Recent actions", "admin/dashboard/recent_actions.html", recent_actions
        )
    )

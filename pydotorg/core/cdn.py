"""CDN purges: after a commit, purge the surrogate keys the change touched, and log it.

Responses the response cache may store carry ``Surrogate-Key`` with the tables they
show (:mod:`pydotorg.core.response_cache`). When ``CDN_PURGE_URL`` is set (Fastly's
``https://api.fastly.com/service/<id>/purge``), an after-commit subscriber of the
content-change seam sends one purge-by-key request for the tables the committed
changes touched: ``POST`` with the keys in ``Surrogate-Key`` and the token
(``CDN_PURGE_TOKEN``, a secret: never logged or shown) in ``Fastly-Key``.

The request goes through :func:`pydotorg.core.fetch.post`, so it obeys
``FETCH_ALLOW_PRIVATE_ADDRESSES`` like every server-side request. A connection
error, a 5xx or a 429 is retried (``CDN_PURGE_ATTEMPTS`` in all, waiting
``CDN_PURGE_RETRY_MS`` and doubling); other answers are final. Each purge is one
``cdn_purges`` row, written in its own transaction: the keys, why (what changed, by
whom), when, the attempts, and the last answer's status or error. Staff read the
log in the admin (System → CDN purges).
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from datetime import datetime
from typing import ClassVar

import sqlalchemy as sa
from flask import current_app, has_app_context
from sqlalchemy.orm import Mapped, Session, mapped_column

from pydotorg.core.changes import Change, on_after_commit
from pydotorg.core.fetch import FetchError, post
from pydotorg.core.response_cache import changed_tables
from pydotorg.core.types import UTCDateTime, utcnow
from pydotorg.extensions import db

logger = logging.getLogger(__name__)

RETRIED_STATUSES = frozenset({429, 500, 502, 503, 504})


class CdnPurge(db.Model):  # type: ignore[name-defined,misc]
    """One purge request sent to the CDN (with its retries)."""

    __tablename__ = "cdn_purges"
    track_changes: ClassVar[bool] = False  # a log of deliveries, not content

    id: Mapped[int] = mapped_column(
        sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
        primary_key=True,
        autoincrement=True,
    )
    created_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utcnow, index=True
    )
    keys: Mapped[str] = mapped_column(sa.Text)
    reason: Mapped[str] = mapped_column(sa.Text, default="")
    succeeded: Mapped[bool] = mapped_column(default=False)
    attempts: Mapped[int] = mapped_column(default=0)
    response_status: Mapped[int | None] = mapped_column(nullable=True)
    error: Mapped[str] = mapped_column(sa.Text, default="")

    def __str__(self) -> str:
        return f"purge {self.keys}"


def reason_for(changes: list[Change]) -> str:
    """What changed, in words: ``updated releases (x2), created release_files by ada``."""
    counts = Counter((change.kind.value, change.table) for change in changes)
    parts = [
        f"{kind} {table}" + (f" (x{count})" if count > 1 else "")
        for (kind, table), count in sorted(counts.items())
    ]
    actors = sorted({str(change.actor) for change in changes})
    return f"{', '.join(parts)} by {', '.join(actors)}"


def send_purge(keys: list[str]) -> tuple[bool, int, int | None, str]:
    """Send the purge, retrying; (succeeded, attempts, last status, last error)."""
    config = current_app.config
    attempts = max(1, int(config["CDN_PURGE_ATTEMPTS"]))
    delay = int(config["CDN_PURGE_RETRY_MS"]) / 1000
    headers = {"Surrogate-Key": " ".join(keys), "Accept": "application/json"}
    if config["CDN_PURGE_TOKEN"]:
        headers["Fastly-Key"] = config["CDN_PURGE_TOKEN"]
    status: int | None = None
    error = ""
    for attempt in range(1, attempts + 1):
        try:
            status = post(
                config["CDN_PURGE_URL"],
                headers=headers,
                timeout=int(config["CDN_PURGE_TIMEOUT"]),
            )
            error = ""
        except FetchError as failure:
            status, error = None, str(failure)
        if status is not None and 200 <= status < 300:
            return True, attempt, status, ""
        retried = status is None or status in RETRIED_STATUSES
        if not retried or attempt == attempts:
            return False, attempt, status, error or f"HTTP {status}"
        if delay:
            time.sleep(delay * 2 ** (attempt - 1))
    raise AssertionError("unreachable")  # pragma: no cover


def _log(row: CdnPurge) -> None:
    """Write the row in a transaction of its own (the change is already committed)."""
    with Session(bind=db.engine, join_transaction_mode="create_savepoint") as session:
        session.add(row)
        session.commit()


@on_after_commit
def purge_changes(changes: list[Change]) -> None:
    """Purge the keys the committed ``changes`` touched, when a CDN is configured."""
    if not has_app_context() or not current_app.config["CDN_PURGE_URL"]:
        return
    keys = sorted(changed_tables(changes))
    succeeded, attempts, status, error = send_purge(keys)
    if not succeeded:
        logger.warning("CDN purge of %s failed: %s", " ".join(keys), error)
    _log(
        CdnPurge(
            keys=" ".join(keys),
            reason=reason_for(changes)[:2000],
            succeeded=succeeded,
            attempts=attempts,
            response_status=status,
            error=error[:2000],
        )
    )

"""Pooled connections are checked when they may have gone stale, not on every use.

SQLAlchemy's ``pool_pre_ping`` sends a ping on every checkout: on a busy site a
round trip to the database per request for connections that answered a moment
ago. Here a connection is pinged when it comes out of the pool after sitting idle
for ``DATABASE_PING_AFTER_IDLE_SECONDS`` (servers, proxies and firewalls drop
idle connections); a dead one is replaced before the request uses it. A
connection dropped while in steady use (the database restarted) fails the request
that finds it; SQLAlchemy then discards the pool's other connections, so the next
requests connect afresh.
"""

from __future__ import annotations

import time
from typing import Any

from sqlalchemy import event, exc
from sqlalchemy.engine import Engine


def ping_idle_connections(engine: Engine, idle_seconds: float) -> None:
    """Ping ``engine``'s pooled connections on checkout after ``idle_seconds`` idle."""

    @event.listens_for(engine, "checkin")
    def _checked_in(dbapi_connection: Any, record: Any) -> None:
        record.info["pydotorg.idle_since"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _checked_out(dbapi_connection: Any, record: Any, proxy: Any) -> None:
        since = record.info.get("pydotorg.idle_since")
        if since is None or time.monotonic() - since < idle_seconds:
            return  # just connected, or used a moment ago
        try:
            engine.dialect.do_ping(dbapi_connection)
        except engine.dialect.loaded_dbapi.Error as error:
            if engine.dialect.is_disconnect(error, dbapi_connection, None):
                # The pool replaces the connection and checks out again.
                raise exc.DisconnectionError() from error
            raise

"""Pooled connections are pinged only after sitting idle, and replaced when dead."""

import sqlalchemy as sa
from sqlalchemy.pool import QueuePool

from pydotorg.core.database import ping_idle_connections


def engine_with_pings(tmp_path, idle_seconds, monkeypatch, *, dead=False):
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'ping.db'}", poolclass=QueuePool)
    ping_idle_connections(engine, idle_seconds)
    pings = []

    def do_ping(dbapi_connection):
        pings.append(dbapi_connection)
        if dead:
            dead_connections.add(id(dbapi_connection))
            raise engine.dialect.loaded_dbapi.OperationalError("gone")
        return True

    dead_connections = set()
    monkeypatch.setattr(engine.dialect, "do_ping", do_ping)
    monkeypatch.setattr(
        engine.dialect,
        "is_disconnect",
        lambda error, connection, cursor: id(connection) in dead_connections,
    )
    return engine, pings


def test_a_connection_used_a_moment_ago_is_not_pinged(tmp_path, monkeypatch):
    engine, pings = engine_with_pings(tmp_path, 3600, monkeypatch)
    for _ in range(3):
        with engine.connect() as connection:
            assert connection.scalar(sa.text("SELECT 1")) == 1
    assert pings == []


def test_an_idle_connection_is_pinged(tmp_path, monkeypatch):
    engine, pings = engine_with_pings(tmp_path, 0, monkeypatch)
    with engine.connect() as connection:
        connection.scalar(sa.text("SELECT 1"))
    assert pings == []  # a new connection needs no ping
    with engine.connect() as connection:
        connection.scalar(sa.text("SELECT 1"))
    assert len(pings) == 1


def test_a_dead_idle_connection_is_replaced(tmp_path, monkeypatch):
    engine, pings = engine_with_pings(tmp_path, 0, monkeypatch, dead=True)
    with engine.connect() as connection:
        first = connection.connection.dbapi_connection
    with engine.connect() as connection:
        assert connection.scalar(sa.text("SELECT 1")) == 1
        assert connection.connection.dbapi_connection is not first
    assert pings == [first]

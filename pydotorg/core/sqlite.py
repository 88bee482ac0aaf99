"""SQLite connection settings: foreign keys on, and transactions pysqlite leaves alone."""

from __future__ import annotations

import sqlite3
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine

# Alembic migrations switch this off so batch table rebuilds don't cascade.
FOREIGN_KEYS_ON = {"enabled": True}


@event.listens_for(Engine, "connect")
def _sqlite_on_connect(dbapi_connection: Any, connection_record: Any) -> None:
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    # Let SQLAlchemy issue BEGIN itself, so SAVEPOINTs work (pysqlite's own
    # transaction handling breaks them).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    state = "ON" if FOREIGN_KEYS_ON["enabled"] else "OFF"
    cursor.execute(f"PRAGMA foreign_keys={state}")
    cursor.close()


@event.listens_for(Engine, "begin")
def _sqlite_on_begin(connection: Any) -> None:
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql("BEGIN")

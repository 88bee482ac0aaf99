"""The response cache: anonymous GETs of public pages, feeds and API lists.

**What is cached.** A GET whose visitor is anonymous (no user in the session, no
remember-me cookie, no ``Authorization`` header, no message waiting to be flashed),
outside ``/admin``, answered 200 with a whole body, that set no cookie, touched no
CSRF token (a page with a form that carries one), was not marked ``no-store`` or
``private``, and read only tables whose changes the content-change seam announces.
Everything else is served as usual, marked ``Cache-Control: private, no-cache``.

**What a cached response depends on** is recorded, not declared: every SQL
statement a request runs is checked for the tables it reads. An in-process cache
that would skip a query (the menus) reads afresh while :func:`caching` says the
response may be stored. A statement whose tables cannot be known (literal SQL)
makes the response uncacheable, as does reading a table whose writes are not
announced (``track_changes = False``: bookkeeping such as download counters, or
the search index).

**Invalidation: generations.** Each table has a generation, a random token, in
the cache. A stored response keeps the generations of the tables it read; it is
served only while they are all unchanged. The after-commit hook of the
content-change seam (:mod:`pydotorg.core.changes`) gives every changed table (and
the association tables that point at it) a new token, before the writer's
response returns: whatever path wrote (admin, API, CLI, a public form, a feed
fetch, expiry), the next GET anywhere renders afresh. A global generation changes
with every write too: a response rendered while a write committed is not stored
(it may show the data from before). Tokens are random, so a token lost from the
cache never comes back to match an old response.

**Time.** Pages that change when the clock passes a moment (an event ending, a
job expiring at midnight, a banner's dates) say so with :func:`valid_until`; the
response is kept until the earliest such moment at most.

**Backends** (``RESPONSE_CACHE``): ``auto`` (the default) is Redis when
``REDIS_URL`` is set, otherwise files under ``instance/response-cache``
(``RESPONSE_CACHE_DIR``), shared by the workers of one machine; several machines
need Redis. ``simple`` is per process (tests), ``off`` disables the cache. A cache
that cannot be reached is logged and the site answers uncached; a write made while
Redis is down cannot retire its entries there, so restart Redis empty (the
default without persistence) after an outage. Entries are kept apart per database
URL; after restoring or recreating a database under the same URL, run
``flask cache clear``.

**Headers.** Every response this module may cache carries a strong ``ETag``,
``Last-Modified`` (when it was rendered), ``Cache-Control: public, max-age=0,
must-revalidate`` (browsers revalidate: a conditional GET is answered 304),
``Surrogate-Control`` (how long a CDN may keep it) and ``Surrogate-Key`` (the
tables it shows: :mod:`pydotorg.core.cdn` purges those keys after a change).
"""

from __future__ import annotations

import hashlib
import logging
import secrets
import weakref
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from flask import Flask, Response, current_app, g, has_app_context, request, session
from sqlalchemy.sql.util import find_tables

from pydotorg.core import types
from pydotorg.core.changes import Change, on_after_commit
from pydotorg.core.security import is_admin_path

logger = logging.getLogger(__name__)

EXTENSION = "pydotorg.response_cache"

# Per-request state, in the WSGI environ (``g`` may outlive a request in tests).
_TABLES = "pydotorg.cache.tables"  # set of tables read; present = a candidate
_UNCACHEABLE = "pydotorg.cache.uncacheable"
_UNTIL = "pydotorg.cache.until"
_BEFORE = "pydotorg.cache.global_before"
_HIT = "pydotorg.cache.hit"

_GLOBAL = "*"
_TRANSACTION_CONTROL = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE", "PRAGMA")
# Headers that belong to one answer, not to the page.
_NOT_STORED = {"set-cookie", "content-length", "date", "x-cache"}


def _now() -> datetime:
    return types.utcnow()


@dataclass(frozen=True)
class Entry:
    """A stored response and what it was made from."""

    status: int
    headers: list[tuple[str, str]]
    body: bytes
    tables: tuple[str, ...]
    generations: tuple[str | None, ...]
    rendered_at: datetime
    until: datetime | None


class ResponseCache:
    """Entries and generations in two Flask-Caching backends of one kind.

    Generations live apart from entries so that pruning entries (the file
    backend's size limit) never drops a generation.
    """

    def __init__(self, entries: Any, versions: Any, timeout: int) -> None:
        self.entries = entries
        self.versions = versions
        self.timeout = timeout

    def lookup(self, key: str) -> tuple[Entry | None, bool, str | None]:
        """The entry at ``key``, whether its generations are current, and the
        global generation (one read of the versions for all three)."""
        entry = self.entries.get(key)
        if not isinstance(entry, Entry):
            return None, False, self.versions.get(_GLOBAL)
        *current, before = self.versions.get_many(*entry.tables, _GLOBAL)
        return entry, tuple(current) == entry.generations, before

    def clear(self) -> None:
        self.entries.clear()
        self.versions.clear()

    def generations(self, tables: Iterable[str]) -> tuple[str | None, ...]:
        names = list(tables)
        if not names:
            return ()
        return tuple(self.versions.get_many(*names))

    def bump(self, tables: Iterable[str]) -> None:
        """New tokens: the global one first, so a render in flight sees a change."""
        self.versions.set(_GLOBAL, _token(), timeout=0)
        self.versions.set_many({table: _token() for table in tables}, timeout=0)

    def current(self, tables: tuple[str, ...]) -> tuple[tuple[str, ...], str | None]:
        """Each table's generation (made if missing), then the global one."""
        found = list(self.generations(tables))
        for index, value in enumerate(found):
            if value is None:
                self.versions.add(tables[index], _token(), timeout=0)
                found[index] = self.versions.get(tables[index])
        return tuple(found), self.versions.get(_GLOBAL)  # type: ignore[return-value]


def _token() -> str:
    return secrets.token_hex(8)


# Setting up ----------------------------------------------------------------------


def _database_namespace(app: Flask) -> str:
    """Short for the database: apps on another database never share entries."""
    uri = str(app.config["SQLALCHEMY_DATABASE_URI"]).encode()
    return hashlib.sha256(uri).hexdigest()[:12]


def _backend_config(app: Flask, kind: str, part: str) -> dict[str, Any]:
    namespace = _database_namespace(app)
    if kind == "redis":
        prefix = app.config["RESPONSE_CACHE_PREFIX"]
        return {
            "CACHE_TYPE": "RedisCache",
            "CACHE_REDIS_URL": app.config["REDIS_URL"],
            "CACHE_KEY_PREFIX": f"{prefix}:{namespace}:{part}:",
            # An unreachable Redis costs a request at most this long (then: a miss).
            "CACHE_OPTIONS": {"socket_timeout": 1, "socket_connect_timeout": 1},
        }
    if kind == "filesystem":
        root = app.config["RESPONSE_CACHE_DIR"] or str(
            Path(app.instance_path) / "response-cache"
        )
        return {
            "CACHE_TYPE": "FileSystemCache",
            "CACHE_DIR": str(Path(root) / namespace / part),
            # Generations are never pruned; entries are, past the threshold.
            "CACHE_THRESHOLD": 0 if part == "versions" else 5000,
        }
    if kind == "simple":
        return {"CACHE_TYPE": "SimpleCache", "CACHE_THRESHOLD": 0 if part else 5000}
    raise ValueError(
        f"unknown RESPONSE_CACHE {kind!r}: auto, redis, filesystem, simple or off"
    )


def build_cache(app: Flask) -> ResponseCache | None:
    """The cache ``RESPONSE_CACHE`` asks for, or None when it is off."""
    from flask_caching import Cache

    kind = str(app.config["RESPONSE_CACHE"]).lower()
    if kind in ("off", "none", "null", ""):
        return None
    if kind == "auto":
        kind = "redis" if app.config["REDIS_URL"] else "filesystem"
    timeout = int(app.config["RESPONSE_CACHE_TIMEOUT"])
    parts = []
    for part in ("entries", "versions"):
        config = _backend_config(app, kind, part)
        config["CACHE_DEFAULT_TIMEOUT"] = timeout
        cache = Cache()
        cache.init_app(app, config=config)
        parts.append(app.extensions["cache"][cache])
    return ResponseCache(*parts, timeout=timeout)


def register_response_cache(app: Flask) -> None:
    """Serve and store cached responses in ``app``; call before the security headers
    are registered, so responses are stored with them."""
    app.extensions[EXTENSION] = build_cache(app)
    app.before_request(_serve_from_cache)
    app.after_request(_finish)


def response_cache(app: Flask | None = None) -> ResponseCache | None:
    return (app or current_app).extensions.get(EXTENSION)


# What a response depends on ----------------------------------------------------


def _tracking() -> set[str] | None:
    if not has_app_context():
        return None
    try:
        return request.environ.get(_TABLES)  # type: ignore[no-any-return]
    except RuntimeError:  # no request
        return None


def caching() -> bool:
    """Whether this request's response may be stored (so boundaries are wanted)."""
    return _tracking() is not None and not request.environ.get(_UNCACHEABLE)


def valid_until(moment: datetime) -> None:
    """What this response shows stops being true at ``moment`` (UTC-aware)."""
    if _tracking() is None:
        return
    current = request.environ.get(_UNTIL)
    if current is None or moment < current:
        request.environ[_UNTIL] = moment


def valid_until_next_day(day: date) -> None:
    """A response that compared dates with ``day`` (UTC) changes at midnight."""
    valid_until(datetime.combine(day + timedelta(days=1), time(), tzinfo=UTC))


_tables_of_compiled: weakref.WeakKeyDictionary[Any, frozenset[str] | None] = (
    weakref.WeakKeyDictionary()
)


def _tables_read(compiled: Any) -> frozenset[str] | None:
    """The tables a compiled statement reads; None when that cannot be known."""
    try:
        return _tables_of_compiled[compiled]
    except KeyError:
        pass
    statement = getattr(compiled, "statement", None)
    names: frozenset[str] | None
    if statement is None or isinstance(statement, sa.TextClause):
        names = None
    else:
        names = frozenset(
            table.name
            for table in find_tables(
                statement,
                include_aliases=True,
                include_joins=True,
                include_selects=True,
                include_crud=True,
            )
            if isinstance(table, sa.Table)
        )
    _tables_of_compiled[compiled] = names
    return names


def _note_statement(
    conn: Any, cursor: Any, statement: str, parameters: Any, context: Any, many: Any
) -> None:
    tracked = _tracking()
    if tracked is None:
        return
    compiled = getattr(context, "compiled", None)
    names = _tables_read(compiled) if compiled is not None else None
    if names is None:
        if not statement.lstrip().upper().startswith(_TRANSACTION_CONTROL):
            request.environ[_UNCACHEABLE] = True
        return
    tracked.update(names)


sa.event.listen(sa.engine.Engine, "before_cursor_execute", _note_statement)


# Which tables' writes are announced ----------------------------------------------


@dataclass(frozen=True)
class _Tables:
    announced: frozenset[str]
    # association table -> the tables it points at (its rows change with theirs)
    associations: dict[str, frozenset[str]]


def _table_kinds(app: Flask) -> _Tables:
    key = "pydotorg.response_cache.tables"
    if key not in app.extensions:
        from pydotorg.extensions import db

        mapped: dict[str, bool] = {}
        for mapper in db.Model.registry.mappers:
            for table in mapper.tables:
                tracked = bool(getattr(mapper.class_, "track_changes", True))
                mapped[table.name] = mapped.get(table.name, True) and tracked
        associations = {
            table.name: frozenset(fk.column.table.name for fk in table.foreign_keys)
            for table in db.metadata.sorted_tables
            if table.name not in mapped and table.foreign_keys
        }
        announced = {name for name, tracked in mapped.items() if tracked}
        app.extensions[key] = _Tables(
            frozenset(announced | set(associations)), associations
        )
    return app.extensions[key]  # type: ignore[no-any-return]


def changed_tables(changes: Iterable[Change], app: Flask | None = None) -> set[str]:
    """The tables ``changes`` touch, with the association tables pointing at them."""
    kinds = _table_kinds(app or current_app)
    tables = {change.table for change in changes}
    for association, targets in kinds.associations.items():
        if targets & tables:
            tables.add(association)
    return tables


@on_after_commit
def invalidate(changes: list[Change]) -> None:
    """New generations for every table the committed changes touched."""
    if not has_app_context() or (cache := response_cache()) is None:
        return
    cache.bump(sorted(changed_tables(changes)))


# Serving and storing --------------------------------------------------------------


def _anonymous_get() -> bool:
    if request.method not in ("GET", "HEAD") or is_admin_path(request.path):
        return False
    # CMS pages have no endpoint: the 404 handler serves them.
    if request.endpoint == "static" or "Authorization" in request.headers:
        return False
    remember = current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token")
    if remember in request.cookies:
        return False
    return "_user_id" not in session and "_flashes" not in session


def _key() -> str:
    return f"{request.scheme}://{request.host}{request.full_path}"


def _serve_from_cache() -> Response | None:
    cache = response_cache()
    if cache is None or not _anonymous_get():
        return None
    request.environ[_TABLES] = set()
    # A token or user left on ``g`` by an earlier request of the same app context
    # (tests, scripts) is not this visitor's: only a token made now marks a form.
    g.pop(current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token"), None)
    g.pop("_login_user", None)
    try:
        entry, current, before = cache.lookup(_key())
    except Exception:  # the cache is down: serve uncached, store nothing
        logger.warning("response cache unavailable", exc_info=True)
        del request.environ[_TABLES]
        return None
    request.environ[_BEFORE] = before
    if entry is None or not current:
        return None
    if entry.until is not None and entry.until <= _now():
        return None
    request.environ[_HIT] = entry
    response = Response(entry.body, status=entry.status, headers=entry.headers)
    response.headers["X-Cache"] = "HIT"
    if entry.until is not None:  # a CDN keeps it only until the boundary, too
        left = int((entry.until - _now()).total_seconds())
        response.headers["Surrogate-Control"] = f"max-age={max(0, left)}"
    return response


def _storable(response: Response) -> bool:
    environ = request.environ
    if environ.get(_UNCACHEABLE) or request.method != "GET":
        return False
    if response.status_code != 200 or response.direct_passthrough:
        return False
    if response.is_streamed or "Set-Cookie" in response.headers:
        return False
    cache_control = response.headers.get("Cache-Control", "")
    if "no-store" in cache_control or "private" in cache_control:
        return False
    field = current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")
    if session.modified or field in g or "_user_id" in session:
        return False
    kinds = _table_kinds(current_app)
    return environ[_TABLES] <= kinds.announced


def _finish(response: Response) -> Response:
    """Store a cacheable response, and give it its caching headers."""
    environ = request.environ
    if _TABLES not in environ:
        if not is_admin_path(request.path):
            response.headers.setdefault("Cache-Control", "private, no-cache")
        return response
    entry = environ.get(_HIT)
    if entry is None:
        if not _storable(response):
            response.headers.setdefault("Cache-Control", "private, no-cache")
            return response
        try:
            entry = _store(response, response_cache())
        except Exception:  # the cache is down: the page is still right
            logger.warning("response cache unavailable", exc_info=True)
            entry = None
        if entry is None:
            response.headers.setdefault("Cache-Control", "private, no-cache")
            return response
        response.headers["X-Cache"] = "MISS"
    _caching_headers(response, entry)
    if "If-None-Match" in request.headers or "If-Modified-Since" in request.headers:
        return response.make_conditional(request)
    return response


def _store(response: Response, cache: Any) -> Entry | None:
    """Store the response; None when a write committed while it rendered (it may
    show the data from before: neither this cache nor a CDN may keep it)."""
    tables = tuple(sorted(request.environ[_TABLES]))
    now = _now().replace(microsecond=0)
    until = request.environ.get(_UNTIL)
    generations, after = cache.current(tables)
    if after != request.environ.get(_BEFORE):
        return None
    _caching_headers_base(response, tables, now, until)
    entry = Entry(
        status=response.status_code,
        headers=[
            (name, value)
            for name, value in response.headers.items()
            if name.lower() not in _NOT_STORED
        ],
        body=response.get_data(),
        tables=tables,
        generations=generations,
        rendered_at=now,
        until=until,
    )
    timeout = cache.timeout
    if until is not None:
        timeout = min(timeout, int((until - now).total_seconds()))
    if timeout > 0:
        cache.entries.set(_key(), entry, timeout=timeout)
    return entry


def _caching_headers_base(
    response: Response, tables: tuple[str, ...], now: datetime, until: datetime | None
) -> None:
    headers = response.headers
    headers["Cache-Control"] = "public, max-age=0, must-revalidate"
    seconds = int(current_app.config["RESPONSE_CACHE_TIMEOUT"])
    if until is not None:
        seconds = max(0, min(seconds, int((until - now).total_seconds())))
    headers["Surrogate-Control"] = f"max-age={seconds}"
    headers["Surrogate-Key"] = " ".join(tables)
    response.set_etag(hashlib.sha256(response.get_data()).hexdigest()[:32])
    response.last_modified = now


def _caching_headers(response: Response, entry: Entry) -> None:
    if "ETag" not in response.headers:  # a hit: the stored headers carry them
        _caching_headers_base(response, entry.tables, entry.rendered_at, entry.until)

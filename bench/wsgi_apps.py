"""The two WSGI apps ``bench/http_bench.py`` serves with gunicorn.

``site()`` is pydotorg, configured from ``BENCH_*`` environment variables that the
benchmark sets; ``hello()`` is the yardstick, a bare Flask hello-world. Both are
gunicorn factories (``gunicorn 'wsgi_apps:site()'``).

With ``BENCH_COUNT_QUERIES=1`` every response carries ``X-Bench-Queries``: the SQL
statements the request ran before its response started (transaction control such
as BEGIN/COMMIT is not counted, like the test suite's ``count_queries``).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from typing import Any

_TRANSACTION_CONTROL = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE")


def cache_config(cached: bool) -> dict[str, Any] | None:
    """Settings that turn pydotorg's response cache on or off.

    The cached server uses the file cache (in the scratch folder, set by
    ``site_config``) that its two workers share, as one machine without Redis does.
    """
    return {"RESPONSE_CACHE": "filesystem" if cached else "off"}


def site_config(environ: dict[str, str] | os._Environ[str]) -> dict[str, Any]:
    scratch = environ["BENCH_SCRATCH"]
    config: dict[str, Any] = {
        "SECRET_KEY": "bench-secret",
        "SQLALCHEMY_DATABASE_URI": environ["BENCH_DATABASE_URI"],
        "SERVER_NAME": None,
        "SITE_URL": "http://localhost",
        "MEDIA_ROOT": os.path.join(scratch, "media"),
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
        "RATELIMIT_ENABLED": False,
        "MAIL_SERVER": "",
        "RESPONSE_CACHE_DIR": os.path.join(scratch, "response-cache"),
    }
    cache = cache_config(environ.get("BENCH_CACHE") == "on")
    if cache:
        config.update(cache)
    return config


def site() -> Callable[..., Iterable[bytes]]:
    from pydotorg import create_app

    app = create_app(site_config(os.environ))
    if os.environ.get("BENCH_COUNT_QUERIES") == "1":
        app.wsgi_app = counting_queries(app.wsgi_app)  # type: ignore[method-assign]
    return app


def counting_queries(
    wsgi_app: Callable[..., Iterable[bytes]],
) -> Callable[..., Iterable[bytes]]:
    """Wrap ``wsgi_app`` so each response says how many SQL statements it ran."""
    import sqlalchemy as sa

    # Sync workers serve one request at a time: one counter per process.
    count = [0]

    def before(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if not statement.lstrip().upper().startswith(_TRANSACTION_CONTROL):
            count[0] += 1

    sa.event.listen(sa.engine.Engine, "before_cursor_execute", before)

    def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        count[0] = 0

        def counted_start(status: str, headers: list[Any], *rest: Any) -> Any:
            headers.append(("X-Bench-Queries", str(count[0])))
            return start_response(status, headers, *rest)

        return wsgi_app(environ, counted_start)

    return app


def hello() -> Callable[..., Iterable[bytes]]:
    from flask import Flask

    app = Flask("hello")

    @app.route("/")
    def index() -> str:
        return "Hello, World!"

    return app

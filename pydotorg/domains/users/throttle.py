"""Brute-force protection for the login form.

Failed logins are counted per (account, client address) and per account over all
addresses. ``LOGIN_MAX_ATTEMPTS`` failures for one account from one address within
``LOGIN_LOCKOUT_SECONDS`` lock that account for that address; the higher
``LOGIN_ACCOUNT_MAX_ATTEMPTS`` from any mix of addresses locks the account for
everyone. Both locks last ``LOGIN_LOCKOUT_SECONDS``. So guessing one account never
blocks another account's login, and one address cannot lock an account for
everyone cheaply (behind a proxy every visitor may share an address).

The counters live in the database (table ``login_failures``) so they hold across
workers and machines, or in Redis when ``REDIS_URL`` is set. They are independent
of Flask-Limiter, so they stay on when ``RATELIMIT_ENABLED`` is false (as in tests).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Protocol

import sqlalchemy as sa
from flask import Flask, current_app
from sqlalchemy.exc import IntegrityError

from pydotorg.core.types import UTCDateTime, utcnow
from pydotorg.domains.users.models import LoginFailure
from pydotorg.extensions import db

EXTENSION_KEY = "pydotorg_login_throttle"


class AttemptStore(Protocol):
    def incr(self, key: str, ttl: int) -> int: ...
    def lock(self, key: str, ttl: int) -> None: ...
    def locked(self, keys: Iterable[str]) -> bool: ...
    def clear(self, key: str) -> None: ...
    def reset(self) -> None: ...


@dataclass
class DatabaseAttemptStore:
    """Counters in ``login_failures``, written through the request's session.

    Like a service it only writes; the login view commits, failed attempt or not.
    Each increment is one ``UPDATE`` (row-locked, so concurrent workers never lose
    a count). ``clock`` is injectable for tests.
    """

    clock: Callable[[], datetime] = field(default=utcnow)

    def incr(self, key: str, ttl: int) -> int:
        now = self.clock()
        window_end = now + timedelta(seconds=ttl)
        current = LoginFailure.window_ends_at > sa.literal(now, UTCDateTime)
        count_up = (
            sa.update(LoginFailure)
            .where(LoginFailure.key == key)
            .values(
                failures=sa.case((current, LoginFailure.failures + 1), else_=1),
                window_ends_at=sa.case(
                    (current, LoginFailure.window_ends_at),
                    else_=sa.literal(window_end, UTCDateTime),
                ),
            )
            .returning(LoginFailure.failures)
            .execution_options(synchronize_session=False)
        )
        session = db.session
        count = session.scalar(count_up)
        if count is None:
            self._purge(now)
            try:
                with session.begin_nested():
                    session.execute(
                        sa.insert(LoginFailure).values(
                            key=key, failures=1, window_ends_at=window_end
                        )
                    )
                count = 1
            except IntegrityError:  # another worker inserted it just now
                count = session.scalar(count_up)
        return int(count or 1)

    def lock(self, key: str, ttl: int) -> None:
        db.session.execute(
            sa.update(LoginFailure)
            .where(LoginFailure.key == key)
            .values(locked_until=self.clock() + timedelta(seconds=ttl), failures=0)
            .execution_options(synchronize_session=False)
        )

    def locked(self, keys: Iterable[str]) -> bool:
        found = db.session.scalar(
            sa.select(sa.func.count(LoginFailure.id)).where(
                LoginFailure.key.in_(list(keys)),
                LoginFailure.locked_until > self.clock(),
            )
        )
        return bool(found)

    def clear(self, key: str) -> None:
        db.session.execute(
            sa.update(LoginFailure)
            .where(LoginFailure.key == key, LoginFailure.failures != 0)
            .values(failures=0)
            .execution_options(synchronize_session=False)
        )

    def reset(self) -> None:
        db.session.execute(sa.delete(LoginFailure))
        db.session.commit()

    def _purge(self, now: datetime) -> None:
        # Keep the table small under a spray of random usernames.
        db.session.execute(
            sa.delete(LoginFailure)
            .where(
                LoginFailure.window_ends_at <= now,
                sa.or_(
                    LoginFailure.locked_until.is_(None),
                    LoginFailure.locked_until <= now,
                ),
            )
            .execution_options(synchronize_session=False)
        )


class RedisAttemptStore:
    """The same counters in Redis, when ``REDIS_URL`` is set."""

    prefix = "pydotorg:login:"

    def __init__(self, url: str) -> None:
        import redis

        self.redis = redis.Redis.from_url(url)

    def incr(self, key: str, ttl: int) -> int:
        name = f"{self.prefix}count:{key}"
        count = int(self.redis.incr(name))
        if count == 1:
            self.redis.expire(name, ttl)
        return count

    def lock(self, key: str, ttl: int) -> None:
        self.redis.set(f"{self.prefix}lock:{key}", 1, ex=ttl)
        self.clear(key)

    def locked(self, keys: Iterable[str]) -> bool:
        names = [f"{self.prefix}lock:{key}" for key in keys]
        return bool(names) and bool(self.redis.exists(*names))

    def clear(self, key: str) -> None:
        self.redis.delete(f"{self.prefix}count:{key}")

    def reset(self) -> None:
        names = list(self.redis.scan_iter(f"{self.prefix}*"))
        if names:
            self.redis.delete(*names)


@dataclass
class LoginThrottle:
    store: AttemptStore
    max_attempts: int  # per account from one address
    account_max_attempts: int  # per account from all addresses
    lockout_seconds: int

    @staticmethod
    def account_key(account: str) -> str:
        return f"account:{account.strip().lower()}"

    def address_key(self, account: str, address: str | None) -> str:
        return f"{self.account_key(account)}|address:{address or 'unknown'}"

    def _limits(self, account: str, address: str | None) -> list[tuple[str, int]]:
        return [
            (self.address_key(account, address), self.max_attempts),
            (self.account_key(account), self.account_max_attempts),
        ]

    def is_locked(self, account: str, address: str | None) -> bool:
        return self.store.locked(key for key, _ in self._limits(account, address))

    def record_failure(self, account: str, address: str | None) -> None:
        for key, limit in self._limits(account, address):
            if self.store.incr(key, self.lockout_seconds) >= limit:
                self.store.lock(key, self.lockout_seconds)

    def record_success(self, account: str, address: str | None) -> None:
        # This address proved the password; failures from elsewhere still count
        # toward the account's cap.
        self.store.clear(self.address_key(account, address))


def init_app(app: Flask) -> None:
    url = app.config.get("REDIS_URL")
    store: AttemptStore = RedisAttemptStore(url) if url else DatabaseAttemptStore()
    app.extensions[EXTENSION_KEY] = store


def login_throttle(app: Any = None) -> LoginThrottle:
    app = app or current_app
    if EXTENSION_KEY not in app.extensions:
        init_app(app)
    return LoginThrottle(
        store=app.extensions[EXTENSION_KEY],
        max_attempts=int(app.config["LOGIN_MAX_ATTEMPTS"]),
        account_max_attempts=int(app.config["LOGIN_ACCOUNT_MAX_ATTEMPTS"]),
        lockout_seconds=int(app.config["LOGIN_LOCKOUT_SECONDS"]),
    )


def reset_login_throttle(app: Any = None) -> None:
    """Forget every failed attempt (tests start from a clean slate)."""
    login_throttle(app).store.reset()

"""Brute-force protection for the login form.

After ``LOGIN_MAX_ATTEMPTS`` failed logins for one account, or from one address,
within ``LOGIN_LOCKOUT_SECONDS``, that account or address is locked for
``LOGIN_LOCKOUT_SECONDS``. Counters live in Redis when ``REDIS_URL`` is set (shared
by every worker), else in process memory. This is our own counter, independent of
Flask-Limiter, so it stays on when ``RATELIMIT_ENABLED`` is false (as in tests).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

from flask import Flask, current_app

EXTENSION_KEY = "pydotorg_login_throttle"


class AttemptStore(Protocol):
    def incr(self, key: str, ttl: int) -> int: ...
    def lock(self, key: str, ttl: int) -> None: ...
    def is_locked(self, key: str) -> bool: ...
    def clear(self, key: str) -> None: ...
    def reset(self) -> None: ...


@dataclass
class MemoryAttemptStore:
    """Counters with expiry in a dict; ``clock`` is injectable for tests."""

    clock: Callable[[], float] = time.monotonic
    _counts: dict[str, tuple[int, float]] = field(default_factory=dict)
    _locks: dict[str, float] = field(default_factory=dict)
    _mutex: threading.Lock = field(default_factory=threading.Lock)

    def incr(self, key: str, ttl: int) -> int:
        now = self.clock()
        with self._mutex:
            count, expires = self._counts.get(key, (0, 0.0))
            if expires <= now:
                count, expires = 0, now + ttl
            self._counts[key] = (count + 1, expires)
            self._purge(now)
            return count + 1

    def lock(self, key: str, ttl: int) -> None:
        with self._mutex:
            self._locks[key] = self.clock() + ttl

    def is_locked(self, key: str) -> bool:
        with self._mutex:
            return self._locks.get(key, 0.0) > self.clock()

    def clear(self, key: str) -> None:
        with self._mutex:
            self._counts.pop(key, None)

    def reset(self) -> None:
        with self._mutex:
            self._counts.clear()
            self._locks.clear()

    def _purge(self, now: float) -> None:
        # Keep memory bounded under a spray of random usernames.
        if len(self._counts) > 10_000:
            self._counts = {k: v for k, v in self._counts.items() if v[1] > now}
            self._locks = {k: v for k, v in self._locks.items() if v > now}


class RedisAttemptStore:
    """The same counters in Redis, so every worker process sees them."""

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

    def is_locked(self, key: str) -> bool:
        return bool(self.redis.exists(f"{self.prefix}lock:{key}"))

    def clear(self, key: str) -> None:
        self.redis.delete(f"{self.prefix}count:{key}")

    def reset(self) -> None:
        names = list(self.redis.scan_iter(f"{self.prefix}*"))
        if names:
            self.redis.delete(*names)


@dataclass
class LoginThrottle:
    store: AttemptStore
    max_attempts: int
    lockout_seconds: int

    @staticmethod
    def account_key(account: str) -> str:
        return f"account:{account.strip().lower()}"

    @staticmethod
    def address_key(address: str | None) -> str:
        return f"address:{address or 'unknown'}"

    def is_locked(self, keys: Iterable[str]) -> bool:
        return any(self.store.is_locked(key) for key in keys)

    def record_failure(self, keys: Iterable[str]) -> None:
        for key in keys:
            if self.store.incr(key, self.lockout_seconds) >= self.max_attempts:
                self.store.lock(key, self.lockout_seconds)
                self.store.clear(key)

    def record_success(self, account_key: str) -> None:
        # Only the account's counter: a success must not wipe an address's record.
        self.store.clear(account_key)


def init_app(app: Flask) -> None:
    url = app.config.get("REDIS_URL")
    store: AttemptStore = RedisAttemptStore(url) if url else MemoryAttemptStore()
    app.extensions[EXTENSION_KEY] = store


def login_throttle(app: Any = None) -> LoginThrottle:
    app = app or current_app
    if EXTENSION_KEY not in app.extensions:
        init_app(app)
    return LoginThrottle(
        store=app.extensions[EXTENSION_KEY],
        max_attempts=int(app.config["LOGIN_MAX_ATTEMPTS"]),
        lockout_seconds=int(app.config["LOGIN_LOCKOUT_SECONDS"]),
    )


def reset_login_throttle(app: Any = None) -> None:
    """Forget every failed attempt (tests start from a clean slate)."""
    login_throttle(app).store.reset()

"""Default settings, and loading them from the environment (12-factor, no prefix)."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

DEFAULTS: dict[str, Any] = {
    "SECRET_KEY": None,
    "DATABASE_URL": None,
    "SITE_URL": "http://127.0.0.1:5000",
    "MENU_CACHE_SECONDS": 60,
    "BANNER_CACHE_SECONDS": 60,
    "SITE_NAME": "Python.org",
    # The zone the admin shows dates and times in (stored values stay UTC).
    "TIME_ZONE": "UTC",
    "MAIL_SERVER": "",
    "MAIL_PORT": 25,
    "MAIL_USE_TLS": False,
    "MAIL_USE_SSL": False,
    "MAIL_USERNAME": "",
    "MAIL_PASSWORD": "",
    "MAIL_DEFAULT_SENDER": "noreply@python.org",
    "MAIL_TIMEOUT": 10,
    "MAIL_MAX_ATTEMPTS": 5,
    "REDIS_URL": "",
    # The response cache (pydotorg.core.response_cache): auto (Redis when REDIS_URL
    # is set, else files in RESPONSE_CACHE_DIR, default instance/response-cache),
    # redis, filesystem, simple (per process) or off.
    "RESPONSE_CACHE": "auto",
    "RESPONSE_CACHE_DIR": "",
    "RESPONSE_CACHE_TIMEOUT": 24 * 3600,
    # Fastly-style purge by surrogate key after each change (pydotorg.core.cdn).
    "CDN_PURGE_URL": "",
    "CDN_PURGE_TOKEN": "",  # a secret: never logged or shown
    "CDN_PURGE_ATTEMPTS": 3,
    "CDN_PURGE_RETRY_MS": 500,
    "CDN_PURGE_TIMEOUT": 5,
    # Redis key prefix: sites sharing one Redis need their own.
    "RESPONSE_CACHE_PREFIX": "pydotorg",
    "MEDIA_ROOT": "",
    "MAX_CONTENT_LENGTH": 20 * 1024 * 1024,
    "RATELIMIT_ENABLED": True,
    "API_RATELIMIT": "600 per minute",
    "DOWNLOADS_URL_PREFIX": "https://www.python.org/",
    "JOBS_EMAIL": "jobs@python.org",
    # A JSON file served at /funding.json instead of the built-in PSF manifest.
    "FUNDING_JSON": "",
    # Mailman's request address of the members' announcement list: a "subscribe"
    # mail from the member's address subscribes it (python.org's behaviour).
    "PSF_ANNOUNCE_SUBSCRIBE_ADDRESS": "psf-members-announce-request@python.org",
    "PASSWORD_HASH_METHOD": "scrypt",
    "LOGIN_MAX_ATTEMPTS": 5,  # per account from one address
    "LOGIN_ACCOUNT_MAX_ATTEMPTS": 25,  # per account from all addresses
    "LOGIN_LOCKOUT_SECONDS": 900,
    "EMAIL_TOKEN_MAX_AGE": 3 * 24 * 3600,
    "PASSWORD_RESET_MAX_AGE": 3600,
    "GITHUB_CLIENT_ID": "",
    "GITHUB_CLIENT_SECRET": "",
    "GITHUB_API_BASE_URL": "https://api.github.com/",
    "GITHUB_AUTHORIZE_URL": "https://github.com/login/oauth/authorize",
    "GITHUB_ACCESS_TOKEN_URL": "https://github.com/login/oauth/access_token",
    "FEED_FETCH_TIMEOUT": 10,
    # Server-side fetches (feeds) may reach loopback/private addresses (tests only).
    "FETCH_ALLOW_PRIVATE_ADDRESSES": False,
    "ITEMS_PER_PAGE": 20,
    "WTF_CSRF_ENABLED": True,
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SECURE": False,
    "REMEMBER_COOKIE_SECURE": False,
    "PREFERRED_URL_SCHEME": "http",
    "TRUSTED_PROXY_COUNT": 0,
    "HSTS_MAX_AGE": 365 * 24 * 3600,
    "SESSION_COOKIE_SAMESITE": "Lax",
    # Pooled connections idle this long are pinged before use (not every one:
    # see pydotorg.core.database).
    "DATABASE_PING_AFTER_IDLE_SECONDS": 10,
    "SQLALCHEMY_ENGINE_OPTIONS": {},
    "FLASK_ADMIN_SWATCH": "default",
}

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def parse_value(raw: str, default: Any) -> Any:
    """Parse an environment string into the type of the setting's default."""
    if isinstance(default, bool):
        lowered = raw.strip().lower()
        if lowered in _TRUE:
            return True
        if lowered in _FALSE:
            return False
        raise ValueError(f"not a boolean: {raw!r}")
    if isinstance(default, int):
        return int(raw)
    return raw


def from_environment(environ: os._Environ[str] | dict[str, str]) -> dict[str, Any]:
    """Every known setting whose own name is set in the environment."""
    return {
        name: parse_value(environ[name], default)
        for name, default in DEFAULTS.items()
        if name in environ and not isinstance(default, dict)
    }


def development_secret_key(instance_path: str) -> str:
    """A random key kept in ``instance/`` so sessions survive restarts in development."""
    key_file = Path(instance_path) / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    key = secrets.token_hex(32)
    key_file.write_text(key)
    key_file.chmod(0o600)
    return key


def database_uri(url: str | None, instance_path: str) -> str:
    """SQLAlchemy URL: ``DATABASE_URL`` as written, else SQLite in ``instance/``."""
    if not url:
        return f"sqlite:///{Path(instance_path) / 'pydotorg.sqlite3'}"
    # psycopg 3 is the driver we ship; a bare postgresql:// URL uses it as written.
    if url.startswith("postgres://"):
        url = "postgresql://" + url.removeprefix("postgres://")
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return url

"""Extension objects, created unbound and initialised by the app factory."""

import time

from flask import Flask, current_app, has_app_context
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

# Deterministic constraint names, so Alembic can create and drop them everywhere.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class ModelBase(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=ModelBase)
login_manager = LoginManager()
csrf = CSRFProtect()


class SiteLimiter(Limiter):
    """Flask-Limiter whose on/off switch is each app's ``RATELIMIT_ENABLED``.

    The stock extension keeps ``enabled`` on the shared object, so the last app
    built decides for every app in the process (a test suite builds several).
    """

    _setting_up = False

    def init_app(self, app: Flask) -> None:
        # Always set up storage and hooks; requests consult the switch later.
        self._setting_up = True
        try:
            super().init_app(app)
        finally:
            self._setting_up = False

    @property
    def enabled(self) -> bool:
        if self._setting_up or not has_app_context():
            return True
        return bool(current_app.config.get("RATELIMIT_ENABLED", True))

    @enabled.setter
    def enabled(self, value: bool) -> None:
        # Flask-Limiter assigns the switch in __init__ and init_app; it is read
        # from the current app's config instead.
        pass

    def retry_after(self) -> int:
        """Seconds until the limit this request broke lets it through (for Retry-After)."""
        current = self.current_limit
        if current is None:
            return 1
        return max(1, int(current.reset_at - time.time()))


limiter = SiteLimiter(key_func=get_remote_address, default_limits=[])

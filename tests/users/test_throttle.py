"""Brute-force protection: failed logins lock an account for an address, or for all."""

import shutil
import socket
import subprocess
import time
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from pydotorg import create_app
from pydotorg.domains.users.models import LoginFailure
from pydotorg.domains.users.services.accounts import (
    LOCKED_MESSAGE,
    AuthenticationError,
    UserService,
)
from pydotorg.domains.users.throttle import (
    DatabaseAttemptStore,
    LoginThrottle,
    RedisAttemptStore,
)
from pydotorg.extensions import db
from tests.conftest import TEST_PASSWORD, AuthActions
from tests.factories.users import UserFactory
from tests.users.conftest import Browser

LOCKED = LOCKED_MESSAGE.encode()


@pytest.fixture
def small_limit(app, monkeypatch):
    monkeypatch.setitem(app.config, "LOGIN_MAX_ATTEMPTS", 3)
    monkeypatch.setitem(app.config, "LOGIN_LOCKOUT_SECONDS", 600)


def test_an_account_is_locked_after_repeated_failures(client, auth, user, small_limit):
    db.session.commit()
    for _ in range(3):
        assert b"Invalid username or password." in auth.login(user.username, "x").data
    response = auth.login(user.username)  # even the right password waits
    assert LOCKED in response.data
    with client.session_transaction() as flask_session:
        assert "_user_id" not in flask_session


def test_switching_between_username_and_email_counts_for_the_same_account(
    auth, user, small_limit
):
    db.session.commit()
    auth.login(user.username, "x")
    auth.login(user.email.upper(), "x")
    auth.login(user.username.upper(), "x")
    assert LOCKED in auth.login(user.email).data


def test_guessing_one_account_never_locks_another_account_from_that_address(
    auth, user, small_limit
):
    other = UserFactory()
    db.session.commit()
    for _ in range(3):
        auth.login(user.username, "x")
    assert LOCKED in auth.login(user.username).data
    assert auth.login(other.username).status_code == 302


def test_unknown_accounts_lock_the_same_way(auth, small_limit, app):
    for _ in range(3):
        auth.login("nobody-at-all", "x")
    assert LOCKED in auth.login("nobody-at-all", "x").data


def test_one_address_cannot_lock_an_account_for_everyone(
    client, auth, user, small_limit
):
    db.session.commit()
    for _ in range(3):
        auth.login(user.username, "x")
    assert LOCKED in auth.login(user.username).data
    client.environ_base["REMOTE_ADDR"] = "10.0.0.9"  # the owner, elsewhere
    assert auth.login(user.username).status_code == 302


def test_many_addresses_together_reach_the_account_cap(
    client, auth, user, small_limit, monkeypatch, app
):
    monkeypatch.setitem(app.config, "LOGIN_ACCOUNT_MAX_ATTEMPTS", 5)
    db.session.commit()
    for n in range(5):  # fewer than 3 from each address
        client.environ_base["REMOTE_ADDR"] = f"10.0.0.{n // 2}"
        auth.login(user.username, "x")
    client.environ_base["REMOTE_ADDR"] = "10.9.9.9"  # a fresh address
    assert LOCKED in auth.login(user.username).data


def test_a_successful_login_resets_the_count_from_its_address(
    client, auth, user, small_limit
):
    db.session.commit()
    auth.login(user.username, "x")
    auth.login(user.username, "x")
    assert auth.login(user.username).status_code == 302
    auth.logout()
    auth.login(user.username, "x")
    auth.login(user.username, "x")
    assert auth.login(user.username).status_code == 302


def test_failures_are_counted_in_the_database_and_shown_in_the_admin(
    app, user, small_limit, staff_client
):
    db.session.commit()
    AuthActions(Browser(app)).login(user.username, "x")
    rows = db.session.scalars(sa.select(LoginFailure).order_by(LoginFailure.key))
    assert [(row.key, row.failures) for row in rows] == [
        (f"account:{user.id}", 1),
        (f"account:{user.id}|address:127.0.0.1", 1),
    ]
    page = staff_client.get("/admin/login_failures/").get_data(as_text=True)
    assert f"account:{user.id}|address:127.0.0.1" in page


@pytest.fixture
def second_worker(app, live_db):
    """Another app on the same database, as a second gunicorn worker would be."""
    worker = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": app.config["SECRET_KEY"],
            "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
            "PASSWORD_HASH_METHOD": app.config["PASSWORD_HASH_METHOD"],
            "RATELIMIT_ENABLED": False,
            "MAIL_SERVER": "",
            "LOGIN_MAX_ATTEMPTS": 3,
        }
    )
    yield worker
    with worker.app_context():
        db.engine.dispose()


def test_failures_add_up_across_workers(app, second_worker, small_limit):
    with app.app_context():
        username = UserFactory().username
        db.session.commit()
    first, second = AuthActions(Browser(app)), AuthActions(Browser(second_worker))

    first.login(username, "x")
    second.login(username, "x")
    first.login(username, "x")

    assert LOCKED in second.login(username).data
    assert LOCKED in first.login(username).data


class FakeClock:
    def __init__(self):
        self.now = datetime(2026, 1, 1, tzinfo=UTC)

    def __call__(self):
        return self.now

    def advance(self, seconds):
        self.now += timedelta(seconds=seconds)


def throttle_with(clock):
    return LoginThrottle(DatabaseAttemptStore(clock=clock), 2, 10, 60)


def test_the_lock_expires_after_the_lockout_period(session, user):
    clock = FakeClock()
    throttle = throttle_with(clock)
    service = UserService(db.session)
    for _ in range(2):
        with pytest.raises(AuthenticationError):
            service.login(user.username, "x", address="1.2.3.4", throttle=throttle)
    with pytest.raises(AuthenticationError) as refused:
        service.login(
            user.username, TEST_PASSWORD, address="1.2.3.4", throttle=throttle
        )
    assert refused.value.code == "locked"
    clock.advance(61)
    assert (
        service.login(
            user.username, TEST_PASSWORD, address="1.2.3.4", throttle=throttle
        )
        is user
    )


def test_failures_outside_the_window_do_not_add_up(session, user):
    clock = FakeClock()
    throttle = throttle_with(clock)
    service = UserService(db.session)
    with pytest.raises(AuthenticationError):
        service.login(user.username, "x", address="1.2.3.4", throttle=throttle)
    clock.advance(61)
    with pytest.raises(AuthenticationError) as second:
        service.login(user.username, "x", address="1.2.3.4", throttle=throttle)
    assert second.value.code == "invalid"
    assert (
        service.login(
            user.username, TEST_PASSWORD, address="1.2.3.4", throttle=throttle
        )
        is user
    )


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def redis_url():
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server is not installed")
    port = _free_port()
    process = subprocess.Popen(  # noqa: S603
        [
            binary,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"
    import redis

    client = redis.Redis.from_url(url)
    for _ in range(100):
        try:
            client.ping()
            break
        except redis.ConnectionError:
            time.sleep(0.05)
    try:
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_the_redis_store_counts_locks_and_resets(redis_url):
    store = RedisAttemptStore(redis_url)
    throttle = LoginThrottle(store, 2, 3, 60)
    throttle.record_failure("x", "1.2.3.4")
    assert not throttle.is_locked("x", "1.2.3.4")
    throttle.record_failure("x", "1.2.3.4")
    assert throttle.is_locked("x", "1.2.3.4")
    assert not throttle.is_locked("x", "5.6.7.8")
    throttle.record_failure("x", "5.6.7.8")  # the third for the account
    assert throttle.is_locked("x", "9.9.9.9")
    assert 0 < store.redis.ttl("pydotorg:login:lock:account:x") <= 60
    store.reset()
    assert not throttle.is_locked("x", "1.2.3.4")


def test_the_app_uses_redis_when_redis_url_is_set(redis_url):
    from pydotorg import create_app
    from pydotorg.domains.users.throttle import login_throttle

    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "REDIS_URL": redis_url})
    assert isinstance(login_throttle(app).store, RedisAttemptStore)

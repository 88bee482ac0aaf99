"""Brute-force protection: repeated failed logins lock an account or an address."""

import shutil
import socket
import subprocess
import time

import pytest

from pydotorg.domains.users.services import (
    LOCKED_MESSAGE,
    AuthenticationError,
    UserService,
)
from pydotorg.domains.users.throttle import (
    LoginThrottle,
    MemoryAttemptStore,
    RedisAttemptStore,
)
from pydotorg.extensions import db
from tests.conftest import TEST_PASSWORD
from tests.factories.users import UserFactory

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


def test_an_address_is_locked_after_failures_across_accounts(
    auth, session, small_limit
):
    victims = [UserFactory() for _ in range(3)]
    db.session.commit()
    for victim in victims:
        auth.login(victim.username, "x")
    fresh = UserFactory()
    db.session.commit()
    assert LOCKED in auth.login(fresh.username).data


def test_unknown_accounts_lock_the_same_way(auth, small_limit, app):
    for _ in range(3):
        auth.login("nobody-at-all", "x")
    assert LOCKED in auth.login("nobody-at-all", "x").data


def test_another_account_from_another_address_is_not_locked(
    client, auth, user, small_limit
):
    db.session.commit()
    for _ in range(3):
        auth.login(user.username, "x")
    other = UserFactory()
    db.session.commit()
    client.environ_base["REMOTE_ADDR"] = "10.0.0.9"
    assert LOCKED in auth.login(user.username).data  # the account, from anywhere
    assert auth.login(other.username).status_code == 302


def test_a_successful_login_resets_the_account_counter(client, auth, user, small_limit):
    db.session.commit()
    auth.login(user.username, "x")
    auth.login(user.username, "x")
    assert auth.login(user.username).status_code == 302
    auth.logout()
    client.environ_base["REMOTE_ADDR"] = "10.0.0.9"  # a fresh address counter
    auth.login(user.username, "x")
    auth.login(user.username, "x")
    assert auth.login(user.username).status_code == 302


def test_failures_from_one_address_add_up_across_successes(
    client, auth, user, small_limit
):
    db.session.commit()
    auth.login(user.username, "x")
    auth.login(user.username, "x")
    assert auth.login(user.username).status_code == 302
    auth.logout()
    auth.login(user.username, "x")
    assert LOCKED in auth.login(user.username).data


class FakeClock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def test_the_lock_expires_after_the_lockout_period(session, user):
    clock = FakeClock()
    throttle = LoginThrottle(MemoryAttemptStore(clock=clock), 2, 60)
    service = UserService(db.session)
    for _ in range(2):
        with pytest.raises(AuthenticationError):
            service.login(user.username, "x", address="1.2.3.4", throttle=throttle)
    with pytest.raises(AuthenticationError) as refused:
        service.login(
            user.username, TEST_PASSWORD, address="1.2.3.4", throttle=throttle
        )
    assert refused.value.code == "locked"
    clock.now += 61
    assert (
        service.login(
            user.username, TEST_PASSWORD, address="1.2.3.4", throttle=throttle
        )
        is user
    )


def test_failures_outside_the_window_do_not_add_up(session, user):
    clock = FakeClock()
    throttle = LoginThrottle(MemoryAttemptStore(clock=clock), 2, 60)
    service = UserService(db.session)
    with pytest.raises(AuthenticationError):
        service.login(user.username, "x", address="1.2.3.4", throttle=throttle)
    clock.now += 61
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
    throttle = LoginThrottle(store, 2, 60)
    keys = ("account:x", "address:1.2.3.4")
    throttle.record_failure(keys)
    assert not throttle.is_locked(keys)
    throttle.record_failure(keys)
    assert throttle.is_locked(["account:x"]) and throttle.is_locked(["address:1.2.3.4"])
    assert 0 < store.redis.ttl("pydotorg:login:lock:account:x") <= 60
    store.reset()
    assert not throttle.is_locked(keys)


def test_the_app_uses_redis_when_redis_url_is_set(redis_url):
    from pydotorg import create_app
    from pydotorg.domains.users.throttle import login_throttle

    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "REDIS_URL": redis_url})
    assert isinstance(login_throttle(app).store, RedisAttemptStore)

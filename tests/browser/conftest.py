"""The real-browser harness: the app on loopback, headless Chromium, console checks.

One live server per session: the app on a free loopback port in a thread, its own
scratch SQLite file built by the migrations and filled by ``flask seed``, mail sent
over SMTP to a catcher on loopback, ``SITE_URL`` pointing at the server. Tests share
that database, so each one makes the rows it changes (or picks seeded rows no other
test touches).

Every browser context is watched: an uncaught JavaScript error, a console error or a
Content-Security-Policy violation fails the test (Chromium's own CSP warning never
reaches Playwright's console events, so every page gets a listener that logs one). When a test fails,
a screenshot of each open page and the console log go to ``test-artifacts/browser/``.
"""

from __future__ import annotations

import re
import shutil
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import expect
from werkzeug.security import generate_password_hash
from werkzeug.serving import WSGIRequestHandler, make_server

from pydotorg import create_app
from pydotorg.extensions import db
from tests.conftest import TEST_PASSWORD
from tests.fixtures.mail import LoopbackSMTPServer

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "browser"

# Debian's chromium, run as root on a machine without internet access.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

STAFF_USERNAME = "browser-staff"
USER_USERNAME = "browser-user"

# Logs each CSP violation as a console error, with what was blocked and where.
CSP_REPORTER = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI || "inline code"} in ${event.sourceFile || event.documentURI}`);
});
"""


# -- the live server ------------------------------------------------------------


@dataclass
class LiveServer:
    app: Flask
    url: str
    smtp: LoopbackSMTPServer

    def wait_for_mail(self, to: str, timeout: float = 10) -> EmailMessage:
        """The newest message sent to ``to``; mail goes out after the request commits."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for message in reversed(self.smtp.messages):
                if to.lower() in str(message["To"]).lower():
                    return message
            time.sleep(0.05)
        raise AssertionError(f"no mail to {to} within {timeout} s")

    def link_in(self, message: EmailMessage, path_prefix: str) -> str:
        """The first link in a mail's text that points at this server under a path."""
        pattern = re.escape(self.url + path_prefix) + r"\S*"
        match = re.search(pattern, LoopbackSMTPServer.text(message))
        assert match, f"no {path_prefix} link in the mail"
        return match.group(0)


class QuietRequestHandler(WSGIRequestHandler):
    """No line per request (errors are still logged)."""

    def log_request(self, *args: Any, **kwargs: Any) -> None:
        pass


def _add_user(username: str, *, is_staff: bool) -> None:
    from pydotorg.domains.users.models import User

    db.session.add(
        User(
            username=username,
            email=f"{username}@example.com",
            password_hash=generate_password_hash(
                TEST_PASSWORD, method="pbkdf2:sha256:1000"
            ),
            email_verified=True,
            is_active=True,
            is_staff=is_staff,
            is_superuser=is_staff,
        )
    )


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    from flask_migrate import upgrade

    from pydotorg.app import init_migrations

    tmp = tmp_path_factory.mktemp("browser")
    smtp = LoopbackSMTPServer()
    smtp.start()
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "browser-test-secret",
            # Always a scratch SQLite file, whatever DATABASE_URL says.
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp / 'site.sqlite3'}",
            "SERVER_NAME": None,
            "MEDIA_ROOT": str(tmp / "media"),
            "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
            "RATELIMIT_ENABLED": False,
            "MAIL_SERVER": smtp.host,
            "MAIL_PORT": smtp.port,
            "MAIL_TIMEOUT": 5,
        }
    )
    # Flask-Migrate is set up lazily (only ``flask db`` needs it).
    init_migrations(app)
    with app.app_context():
        upgrade(directory=str(ROOT / "migrations"))
        result = app.test_cli_runner().invoke(args=["seed"])
        assert result.exit_code == 0, result.output
        _add_user(STAFF_USERNAME, is_staff=True)
        _add_user(USER_USERNAME, is_staff=False)
        db.session.commit()
        db.session.remove()

    server = make_server(
        "127.0.0.1", 0, app, threaded=True, request_handler=QuietRequestHandler
    )
    url = f"http://127.0.0.1:{server.server_port}"
    app.config["SITE_URL"] = url
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield LiveServer(app=app, url=url, smtp=smtp)
    finally:
        server.shutdown()
        thread.join()
        smtp.stop()
        with app.app_context():
            db.engine.dispose()


@pytest.fixture(scope="session")
def app(live_server: LiveServer) -> Flask:
    """The shared fixtures (login throttle reset, factories) act on the live app."""
    return live_server.app


@pytest.fixture(autouse=True)
def _db_transaction() -> Iterator[None]:
    """The live server commits for real: no rolled-back transaction here."""
    yield


@pytest.fixture
def app_ctx(app: Flask) -> Iterator[None]:
    with app.app_context():
        yield
        db.session.remove()


@pytest.fixture(scope="session")
def base_url(live_server: LiveServer) -> str:
    """pytest-base-url's setting: ``page.goto("/jobs/")`` opens the live server."""
    return live_server.url


# -- Chromium ---------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser_type_launch_args(
    browser_type_launch_args: dict[str, Any],
) -> dict[str, Any]:
    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    if executable is None:
        pytest.fail(
            "chromium is not on PATH: install it (apt-get install -y chromium) "
            "to run the browser tests",
            pytrace=False,
        )
    return {
        **browser_type_launch_args,
        "executable_path": executable,
        "args": CHROMIUM_ARGS,
    }


# -- console watching and failure artifacts -----------------------------------------


@dataclass
class ConsoleWatch:
    """Every console line of a test's pages; errors among them fail the test."""

    lines: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    allowed: list[re.Pattern[str]] = field(default_factory=list)

    def allow(self, pattern: str) -> None:
        """An error this test expects (e.g. the 403 it provokes) does not fail it."""
        self.allowed.append(re.compile(pattern))

    def on_console(self, message: Any) -> None:
        location = message.location or {}
        text = f"[{message.type}] {message.text} ({location.get('url', '')}:{location.get('lineNumber', '')})"
        self.lines.append(text)
        if message.type == "error":
            self.errors.append(text)

    def on_page_error(self, error: Any) -> None:
        text = f"[pageerror] {error.error}"
        self.lines.append(text)
        self.errors.append(text)

    def unexpected_errors(self) -> list[str]:
        return [
            line
            for line in self.errors
            if not any(pattern.search(line) for pattern in self.allowed)
        ]


CONSOLE_KEY = pytest.StashKey[ConsoleWatch]()
REPORTS_KEY = pytest.StashKey[dict[str, pytest.TestReport]]()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Iterator[None]:
    report = yield
    item.stash.setdefault(REPORTS_KEY, {})[report.when] = report
    return report


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Iterator[None]:
    result = yield
    watch = item.stash.get(CONSOLE_KEY, None)
    if watch is not None:
        context = item.funcargs.get("context")
        # Dispatch console events Chromium has sent but the sync API has not handled.
        for open_page in getattr(context, "pages", []):
            open_page.evaluate("0")
        if errors := watch.unexpected_errors():
            pytest.fail(
                "errors in the browser console:\n" + "\n".join(errors), pytrace=False
            )
    return result


@pytest.fixture
def console(request: pytest.FixtureRequest) -> ConsoleWatch:
    watch = ConsoleWatch()
    request.node.stash[CONSOLE_KEY] = watch
    return watch


def _artifact_dir(item: pytest.Item) -> Path:
    name = re.sub(r"[^A-Za-z0-9_.-]+", "-", item.nodeid.split("/")[-1]).strip("-")
    return ARTIFACTS / name


@pytest.fixture
def context(
    context: Any, console: ConsoleWatch, request: pytest.FixtureRequest
) -> Iterator[Any]:
    """pytest-playwright's context, watched, with artifacts saved when the test fails."""
    # Fail fast: nothing on a loopback server should take seconds.
    context.set_default_timeout(10_000)
    expect.set_options(timeout=10_000)
    context.on("console", console.on_console)
    context.on("weberror", console.on_page_error)
    context.add_init_script(CSP_REPORTER)
    yield context
    reports = request.node.stash.get(REPORTS_KEY, {})
    if not any(report.failed for report in reports.values()):
        return
    folder = _artifact_dir(request.node)
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for number, open_page in enumerate(context.pages, start=1):
        try:
            open_page.screenshot(
                path=str(folder / f"page-{number}.png"), full_page=True
            )
        except Exception as error:  # a crashed page still gets its console log
            console.lines.append(f"[harness] no screenshot of page {number}: {error}")
        console.lines.append(f"[harness] page {number} was at {open_page.url}")
    (folder / "console.log").write_text("\n".join(console.lines) + "\n")


# -- logged-in pages ------------------------------------------------------------------


def log_in(page: Any, username: str, password: str = TEST_PASSWORD) -> None:
    """Through the real login form."""
    page.goto("/accounts/login/")
    page.get_by_label("Username or email").fill(username)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("link", name=username).wait_for()


@pytest.fixture
def staff_page(page: Any) -> Any:
    """A page logged in as a staff superuser."""
    log_in(page, STAFF_USERNAME)
    return page


@pytest.fixture
def user_page(page: Any) -> Any:
    """A page logged in as a plain, verified user."""
    log_in(page, USER_USERNAME)
    return page


@pytest.fixture
def in_app(live_server: LiveServer) -> Callable[[Callable[[], Any]], Any]:
    """Run a function in the live app's context (to read what a flow changed)."""

    def run(function: Callable[[], Any]) -> Any:
        with live_server.app.app_context():
            try:
                return function()
            finally:
                db.session.remove()

    return run


# The live server runs in this process. When Chromium drops a static file download
# (a font it no longer needs after a navigation), the development server can leave
# that file to the garbage collector, and ``filterwarnings = error`` would fail
# whichever test happens to be running. Only static files are let through.
STATIC_FILE_LEFT_OPEN = (
    r"ignore:(unclosed file|Exception ignored in).*/static/.*"
    ":ResourceWarning",
    r"ignore:(unclosed file|Exception ignored in).*/static/.*"
    ":pytest.PytestUnraisableExceptionWarning",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if item.get_closest_marker("browser"):
            for rule in STATIC_FILE_LEFT_OPEN:
                item.add_marker(pytest.mark.filterwarnings(rule))

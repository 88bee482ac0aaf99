"""Fixtures for account tests: mail templates, reading sent mail, a fake GitHub."""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import sqlalchemy as sa
from flask import Flask
from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response

from pydotorg.domains.mailing.backends import console_logger
from pydotorg.domains.mailing.models import EmailLog
from pydotorg.domains.mailing.services import EmailTemplateService
from pydotorg.extensions import db
from tests.conftest import csrf_token_from

LINK = re.compile(r"https?://\S+")


@pytest.fixture
def mail_templates(session: Any) -> None:
    """The default email templates (account_verification, password_reset, ...)."""
    EmailTemplateService(db.session).sync_defaults()
    db.session.commit()


class Outbox(logging.Handler):
    """The mail log, and the mail as the console backend printed it.

    The log redacts reset and verification links, so links are read from what was
    delivered (the console backend prints the full mail).
    """

    def __init__(self) -> None:
        super().__init__(level=logging.INFO)
        self.printed: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.printed.append(record.getMessage())

    def rows(
        self, to: str | None = None, template: str | None = None
    ) -> list[EmailLog]:
        statement = sa.select(EmailLog).order_by(EmailLog.created_at)
        if to is not None:
            statement = statement.where(EmailLog.recipient_email == to)
        if template is not None:
            statement = statement.where(EmailLog.template_name == template)
        db.session.expire_all()
        return list(db.session.scalars(statement))

    def delivered(self, to: str, subject: str) -> list[str]:
        """The printed mails to ``to`` with this subject, oldest first."""
        return [
            text
            for text in self.printed
            if f"\nTo: {to}\n" in text and f"\nSubject: {subject}\n" in text
        ]

    def link(self, to: str, template: str) -> str:
        """The path of the last link mailed to ``to`` with ``template``."""
        rows = self.rows(to, template)
        assert rows, f"no {template} mail to {to}"
        mails = self.delivered(to, rows[-1].subject)
        assert mails, f"the {template} mail to {to} was not delivered"
        body = mails[-1].split("\n\n", 1)[1]
        match = LINK.search(body)
        assert match, body
        return urlsplit(match.group(0)).path


@pytest.fixture
def outbox(mail_templates: None) -> Iterator[Outbox]:
    outbox = Outbox()
    console = console_logger()
    console.addHandler(outbox)
    try:
        yield outbox
    finally:
        console.removeHandler(outbox)


class Browser:
    """A test client whose every request runs in an app context of its own.

    pytest-flask keeps one request context pushed for the whole test, and requests
    made inside it share its ``g`` (Flask-Login caches the user there) and its
    database session; a browser of its own needs neither.
    """

    def __init__(self, app: Flask) -> None:
        self.app = app
        self.client = app.test_client()

    def get(self, *args: Any, **kwargs: Any) -> Any:
        with self.app.app_context():
            return self.client.get(*args, **kwargs)

    def post(self, *args: Any, **kwargs: Any) -> Any:
        with self.app.app_context():
            return self.client.post(*args, **kwargs)


def post_form(client: Any, url: str, data: dict[str, Any], **kwargs: Any) -> Any:
    """GET ``url`` for its CSRF token, then POST ``data`` to it."""
    token = csrf_token_from(client.get(url).get_data(as_text=True))
    return client.post(url, data={"csrf_token": token, **data}, **kwargs)


@dataclass
class FakeGitHub:
    """Just enough of GitHub's OAuth and REST API, served on loopback."""

    user: dict[str, Any] = field(
        default_factory=lambda: {"id": 4242, "login": "octocat", "name": "Mona Lisa"}
    )
    emails: list[dict[str, Any]] = field(
        default_factory=lambda: [
            {"email": "mona@example.com", "verified": True, "primary": True}
        ]
    )
    codes: set[str] = field(default_factory=lambda: {"good-code"})
    token_requests: list[dict[str, list[str]]] = field(default_factory=list)
    base_url: str = ""

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        request = Request(environ)
        response = self.dispatch(request)
        return response(environ, start_response)

    def dispatch(self, request: Request) -> Response:
        if request.path == "/login/oauth/access_token" and request.method == "POST":
            form = parse_qs(request.get_data(as_text=True))
            self.token_requests.append(form)
            if form.get("code", [""])[0] not in self.codes:
                return Response('{"error": "bad_verification_code"}', 200,
                                mimetype="application/json")  # fmt: skip
            return Response(
                '{"access_token": "gho_fake", "token_type": "bearer", '
                '"scope": "read:user,user:email"}',
                mimetype="application/json",
            )
        if request.headers.get("Authorization") != "Bearer gho_fake":
            return Response('{"message": "Bad credentials"}', 401,
                            mimetype="application/json")  # fmt: skip
        if request.path == "/api/user":
            return Response(_json(self.user), mimetype="application/json")
        if request.path == "/api/user/emails":
            return Response(_json(self.emails), mimetype="application/json")
        return Response("not found", 404)


def _json(value: Any) -> str:
    import json

    return json.dumps(value)


@pytest.fixture
def fake_github(app: Flask) -> Iterator[FakeGitHub]:
    provider = FakeGitHub()
    server = make_server("127.0.0.1", 0, provider)
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    base = f"http://127.0.0.1:{server.server_port}"
    provider.base_url = base
    settings = {
        "GITHUB_CLIENT_ID": "test-client",
        "GITHUB_CLIENT_SECRET": "test-secret",
        "GITHUB_AUTHORIZE_URL": f"{base}/login/oauth/authorize",
        "GITHUB_ACCESS_TOKEN_URL": f"{base}/login/oauth/access_token",
        "GITHUB_API_BASE_URL": f"{base}/api/",
    }
    saved = {key: app.config[key] for key in settings}
    app.config.update(settings)
    try:
        yield provider
    finally:
        app.config.update(saved)
        server.shutdown()
        thread.join()
        server.server_close()

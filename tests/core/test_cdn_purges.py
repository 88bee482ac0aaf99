"""CDN purges: after a commit, the touched keys are purged at a loopback receiver,
retried on failure, and every purge is logged for staff."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response

from pydotorg.core.cdn import CdnPurge
from pydotorg.extensions import db
from tests.factories.downloads import ReleaseFactory

TOKEN = "purge-token-0123456789abcdef"


class PurgeReceiver:
    """Answers Fastly-style purges; ``answers`` are used up first (then 200)."""

    def __init__(self) -> None:
        self.answers: list[int] = []
        self.requests: list[dict[str, str]] = []
        self.server = make_server("127.0.0.1", 0, self.wsgi)
        self.thread = threading.Thread(
            target=self.server.serve_forever,
            kwargs={"poll_interval": 0.05},
            daemon=True,
        )

    @Request.application
    def wsgi(self, request: Request) -> Response:
        self.requests.append(
            {
                "method": request.method,
                "path": request.path,
                "keys": request.headers.get("Surrogate-Key", ""),
                "token": request.headers.get("Fastly-Key", ""),
            }
        )
        status = self.answers.pop(0) if self.answers else 200
        return Response('{"status": "ok"}', status=status)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_port}/service/abc/purge"


@pytest.fixture
def receiver(app, monkeypatch) -> Iterator[PurgeReceiver]:
    server = PurgeReceiver()
    server.thread.start()
    for name, value in {
        "CDN_PURGE_URL": server.url,
        "CDN_PURGE_TOKEN": TOKEN,
        "CDN_PURGE_RETRY_MS": 0,
        "FETCH_ALLOW_PRIVATE_ADDRESSES": True,
    }.items():
        monkeypatch.setitem(app.config, name, value)
    yield server
    server.server.shutdown()
    server.server.server_close()
    server.thread.join(timeout=5)


def purges() -> list[CdnPurge]:
    return list(db.session.scalars(sa.select(CdnPurge).order_by(CdnPurge.id)))


def test_responses_carry_surrogate_keys(client, response_cache, session):
    ReleaseFactory(name="Python 3.14.0")
    db.session.commit()
    keys = client.get("/downloads/").headers["Surrogate-Key"].split()
    assert "releases" in keys


def test_a_release_save_purges_its_keys_and_logs_it(receiver, session, caplog):
    caplog.set_level(logging.DEBUG)
    release = ReleaseFactory(name="Python 3.14.0")
    db.session.commit()
    assert len(receiver.requests) == 1
    sent = receiver.requests[0]
    assert sent["method"] == "POST"
    assert sent["path"] == "/service/abc/purge"
    assert sent["token"] == TOKEN
    assert "releases" in sent["keys"].split()
    release.name = "Python 3.14.0 final"
    db.session.commit()
    logged = purges()
    assert [row.succeeded for row in logged] == [True, True]
    assert logged[-1].keys == "releases"
    assert logged[-1].reason.startswith("updated releases by ")
    assert logged[-1].response_status == 200 and logged[-1].attempts == 1
    assert TOKEN not in caplog.text


def test_a_failed_purge_is_retried(receiver, session):
    receiver.answers = [503, 500]
    ReleaseFactory()
    db.session.commit()
    assert len(receiver.requests) == 3
    [row] = purges()
    assert row.succeeded and row.attempts == 3 and row.response_status == 200


def test_a_purge_that_keeps_failing_is_logged_as_failed(
    receiver, session, caplog, monkeypatch
):
    # Alembic's logging setup (a migration test run earlier) disables loggers.
    monkeypatch.setattr(logging.getLogger("pydotorg.core.cdn"), "disabled", False)
    receiver.answers = [503, 503, 503]
    ReleaseFactory()
    db.session.commit()  # the write stands
    assert len(receiver.requests) == 3
    [row] = purges()
    assert not row.succeeded
    assert row.attempts == 3 and row.response_status == 503
    assert row.error == "HTTP 503"
    assert "CDN purge of" in caplog.text and TOKEN not in caplog.text


def test_a_refused_purge_is_not_retried(receiver, session):
    receiver.answers = [401]
    ReleaseFactory()
    db.session.commit()
    assert len(receiver.requests) == 1
    [row] = purges()
    assert not row.succeeded and row.response_status == 401


def test_purges_obey_the_private_address_rule(receiver, session, monkeypatch, app):
    monkeypatch.setitem(app.config, "FETCH_ALLOW_PRIVATE_ADDRESSES", False)
    ReleaseFactory()
    db.session.commit()
    assert receiver.requests == []
    [row] = purges()
    assert not row.succeeded
    assert "non-public address" in row.error
    assert TOKEN not in row.error


def test_nothing_is_sent_without_a_purge_url(session):
    ReleaseFactory()
    db.session.commit()
    assert purges() == []


def test_staff_read_the_purge_log_but_cannot_change_it(receiver, staff_client):
    ReleaseFactory(name="Python 3.14.0")
    db.session.commit()
    page = staff_client.get("/admin/cdn_purges/")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "releases" in text and TOKEN not in text
    assert staff_client.get("/admin/cdn_purges/new/").status_code in (302, 403, 404)
    row = purges()[-1]
    details = staff_client.get(f"/admin/cdn_purges/details/?id={row.id}")
    assert details.status_code == 200
    assert TOKEN not in details.get_data(as_text=True)
    edit = staff_client.get(f"/admin/cdn_purges/edit/?id={row.id}")
    assert edit.status_code in (302, 403, 404)

"""A tiny feed server on loopback (werkzeug in a thread) for the fetch tests."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest
from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0">
<channel>
  <title>Python Insider</title>
  <link>https://blog.python.org/</link>
  <description>Python core development news</description>
  {items}
</channel>
</rss>
"""
ITEM = """<item>
  <title>{title}</title>
  <link>{link}</link>
  <guid isPermaLink="false">{guid}</guid>
  <pubDate>{date}</pubDate>
  <description>{summary}</description>
</item>"""


def rss(*items: dict[str, str]) -> str:
    return RSS.format(items="\n".join(ITEM.format(**item) for item in items))


def item(n: int, **overrides: str) -> dict[str, str]:
    values = {
        "title": f"Python 3.14.{n} released",
        "link": f"https://blog.python.org/2025/10/python-314{n}.html",
        "guid": f"tag:blog.python.org,2025:post-{n}",
        "date": f"Tue, 0{n + 1} Oct 2025 12:00:00 GMT",
        "summary": f"&lt;p&gt;Release {n} is &lt;b&gt;out&lt;/b&gt;.&lt;/p&gt;",
    }
    values.update(overrides)
    return values


class FeedServer:
    """Serves ``routes[path] = (status, body)``; anything else is 404."""

    def __init__(self) -> None:
        self.routes: dict[str, tuple[int, str]] = {}
        self.requests: list[str] = []
        self.server = make_server("127.0.0.1", 0, self.wsgi)
        self.thread = threading.Thread(
            target=self.server.serve_forever,
            kwargs={"poll_interval": 0.05},
            daemon=True,
        )

    @Request.application
    def wsgi(self, request: Request) -> Response:
        self.requests.append(request.path)
        status, body = self.routes.get(request.path, (404, "not found"))
        return Response(body, status=status, content_type="application/rss+xml")

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server.server_port}{path}"


@pytest.fixture
def allow_loopback(app: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """The test feeds are served on 127.0.0.1, which fetches refuse by default."""
    monkeypatch.setitem(app.config, "FETCH_ALLOW_PRIVATE_ADDRESSES", True)


@pytest.fixture
def feed_server(allow_loopback: None) -> Iterator[FeedServer]:
    server = FeedServer()
    server.thread.start()
    yield server
    server.server.shutdown()
    server.server.server_close()
    server.thread.join(timeout=5)


@pytest.fixture
def closed_port_url(allow_loopback: None) -> str:
    """A loopback URL nobody listens on (the port was just freed)."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/feed.xml"

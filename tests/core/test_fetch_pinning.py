"""A fetch connects to the address it checked: DNS rebinding cannot reach inside.

A hostile name answers with a public address when the fetch checks it and with an
internal one a moment later, when the HTTP library would resolve it again. Two
loopback servers stand in for the public host and the internal one; a fake
resolver gives the answers.
"""

from __future__ import annotations

import socket

import pytest
from werkzeug.wrappers import Request, Response

from pydotorg.core.fetch import FetchError, fetch
from tests.blogs.conftest import FeedServer

PUBLIC = "93.184.216.34"  # a global address; the fake resolver routes it to loopback


class HostRecorder(FeedServer):
    """A loopback server that records the Host header of each request."""

    def __init__(self, body: str) -> None:
        super().__init__()
        self.hosts: list[str] = []
        self.body = body
        self.server.app = self.answer

    @property
    def port(self) -> int:
        return self.server.server_port

    @Request.application
    def answer(self, request: Request) -> Response:
        self.hosts.append(request.host)
        return Response(self.body)


@pytest.fixture
def servers():
    public, internal = HostRecorder("public"), HostRecorder("internal secrets")
    for server in (public, internal):
        server.thread.start()
    yield public, internal
    for server in (public, internal):
        server.server.shutdown()
        server.server.server_close()


@pytest.fixture
def rebinding_resolver(monkeypatch, servers):
    """``feed.example`` is public the first time and internal afterwards."""
    public, internal = servers
    asked: list[str] = []
    real = socket.getaddrinfo

    def getaddrinfo(host, port, *args, **kwargs):
        asked.append(host)
        if host == "feed.example":
            first = asked.count("feed.example") == 1
            address = (PUBLIC, port) if first else ("127.0.0.1", internal.port)
        elif host == PUBLIC:
            address = ("127.0.0.1", public.port)
        else:
            return real(host, port, *args, **kwargs)
        family = socket.AF_INET
        return [(family, socket.SOCK_STREAM, socket.IPPROTO_TCP, "", address)]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return asked


def test_the_connection_goes_to_the_address_that_was_checked(
    app, servers, rebinding_resolver
):
    public, internal = servers
    url = f"http://feed.example:{public.port}/feed.xml"
    with app.app_context():
        assert not app.config.get("FETCH_ALLOW_PRIVATE_ADDRESSES")
        assert fetch(url, timeout=5) == b"public"
    assert internal.hosts == []
    # The request still names the host; the name was resolved once, by the check.
    assert public.hosts == [f"feed.example:{public.port}"]
    assert rebinding_resolver == ["feed.example", PUBLIC]


def test_an_internal_first_answer_is_refused(app, servers, rebinding_resolver):
    rebinding_resolver.append("feed.example")  # the next answer is the internal one
    public, internal = servers
    with app.app_context(), pytest.raises(FetchError, match="non-public address"):
        fetch(f"http://feed.example:{public.port}/feed.xml", timeout=5)
    assert public.hosts == internal.hosts == []


def test_with_private_addresses_allowed_the_name_is_resolved_as_usual(
    app, monkeypatch, servers, rebinding_resolver
):
    rebinding_resolver.append("feed.example")  # every answer is the internal one
    public, internal = servers
    monkeypatch.setitem(app.config, "FETCH_ALLOW_PRIVATE_ADDRESSES", True)
    with app.app_context():
        body = fetch(f"http://feed.example:{public.port}/feed.xml", timeout=5)
    # No check and no pinning: the HTTP library looked the name up itself.
    assert body == b"internal secrets"
    assert rebinding_resolver[1:] == ["feed.example"]
    assert internal.hosts == [f"feed.example:{public.port}"]


def test_tls_names_the_host_while_connecting_to_the_checked_address(
    app, monkeypatch, servers, rebinding_resolver
):
    """SNI and certificate verification use the name, not the pinned address."""
    import urllib3.connection

    public, internal = servers
    seen = {}

    def wrap(sock, **kwargs):
        seen["peer"] = sock.getpeername()[1]
        seen["server_hostname"] = kwargs["server_hostname"]
        seen["cert_reqs"] = kwargs["cert_reqs"]
        raise OSError("no TLS in this test")

    monkeypatch.setattr(urllib3.connection, "_ssl_wrap_socket_and_match_hostname", wrap)
    with app.app_context(), pytest.raises(FetchError, match="no TLS in this test"):
        fetch(f"https://feed.example:{public.port}/feed.xml", timeout=5)
    assert seen["peer"] == public.port  # the checked address
    assert seen["server_hostname"] == "feed.example"
    assert seen["cert_reqs"] in (None, "CERT_REQUIRED", 2)  # verification stays on
    assert internal.hosts == []

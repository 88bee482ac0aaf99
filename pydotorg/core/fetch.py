"""Server-side HTTP fetches that cannot be pointed at the inside of the network.

Unless ``FETCH_ALLOW_PRIVATE_ADDRESSES`` is true, every host is resolved first and
the fetch is refused when any of its addresses is loopback, private, link-local,
reserved, multicast or otherwise not globally routable; redirects are followed by
hand (at most ``MAX_REDIRECTS``) and each target is checked the same way.

The connection then goes to the address that was checked, not to whatever the
name resolves to a moment later (DNS rebinding: a name that answers with a public
address for the check and a private one for the connection). The request still
names the host: the ``Host`` header, TLS SNI and certificate verification use the
host name.
"""

from __future__ import annotations

import ipaddress
import socket
from typing import Any
from urllib.parse import urljoin, urlsplit

from flask import current_app, has_app_context

from pydotorg.core.urls import is_safe_url

MAX_REDIRECTS = 5
MAX_BYTES = 10 * 1024 * 1024


class FetchError(ValueError):
    """The URL was refused or could not be fetched; the message says why."""


def private_addresses_allowed() -> bool:
    return bool(
        has_app_context() and current_app.config.get("FETCH_ALLOW_PRIVATE_ADDRESSES")
    )


def check_public_host(url: str) -> str | None:
    """``FetchError`` unless every address ``url``'s host resolves to is public.

    Returns the address to connect to (the first one checked), or ``None`` when
    private addresses are allowed and the host is resolved as usual.
    """
    if not is_safe_url(url):
        raise FetchError(f"Refused {url}: only http(s) URLs are fetched.")
    if private_addresses_allowed():
        return None
    parts = urlsplit(url)
    host = parts.hostname or ""
    try:
        infos = socket.getaddrinfo(host, parts.port or 443, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError) as error:
        raise FetchError(f"Could not resolve {host}: {error}") from error
    if not infos:
        raise FetchError(f"Could not resolve {host}: no address.")
    for info in infos:
        address = ipaddress.ip_address(info[4][0].split("%")[0])
        if not address.is_global or address.is_multicast:
            raise FetchError(
                f"Refused {url}: {host} resolves to a non-public address ({address})."
            )
    return str(infos[0][4][0])


def fetch(url: str, *, timeout: float, headers: dict[str, str] | None = None) -> bytes:
    """The body at ``url`` (at most ``MAX_BYTES``), or :class:`FetchError`."""
    import requests  # loaded by the first fetch, not in every web worker

    for _ in range(MAX_REDIRECTS + 1):
        session = checked_session(url)
        try:
            response = session.get(
                url,
                timeout=timeout,
                headers=headers or {},
                allow_redirects=False,
                stream=True,
            )
        except requests.RequestException as error:
            session.close()
            raise FetchError(f"Could not fetch {url}: {error}") from error
        with session, response:
            if response.is_redirect:
                url = urljoin(url, response.headers.get("Location", ""))
                continue
            try:
                response.raise_for_status()
            except requests.HTTPError as error:
                raise FetchError(f"Could not fetch {url}: {error}") from error
            return _read_limited(response)
    raise FetchError(f"Could not fetch {url}: more than {MAX_REDIRECTS} redirects.")


def pinned_adapter(address: str) -> Any:
    """A requests adapter whose connections go to ``address``, whatever the URL's
    host resolves to now; everything else about the request uses the host name."""
    from requests.adapters import HTTPAdapter
    from urllib3 import HTTPConnectionPool, HTTPSConnectionPool

    def pinned(pool: type[HTTPConnectionPool]) -> type[HTTPConnectionPool]:
        class PinnedConnection(pool.ConnectionCls):  # type: ignore[name-defined,misc]
            def _new_conn(self) -> Any:
                # urllib3 connects to ``_dns_host`` and names the host (Host header,
                # SNI, certificate check) after ``host``, which reads the same
                # attribute: swap it only while the socket connects.
                name = self._dns_host
                self._dns_host = address
                try:
                    return super()._new_conn()
                finally:
                    self._dns_host = name

        return type(
            f"Pinned{pool.__name__}", (pool,), {"ConnectionCls": PinnedConnection}
        )

    class PinnedAdapter(HTTPAdapter):
        def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
            super().init_poolmanager(*args, **kwargs)
            self.poolmanager.pool_classes_by_scheme = {
                "http": pinned(HTTPConnectionPool),
                "https": pinned(HTTPSConnectionPool),
            }

    return PinnedAdapter()


def checked_session(url: str) -> Any:
    """A requests session for one request to ``url``, after :func:`check_public_host`:
    its connections go to the address that was checked (no second lookup)."""
    import requests

    address = check_public_host(url)
    session = requests.Session()
    if address is not None:
        adapter = pinned_adapter(address)
        session.mount("http://", adapter)
        session.mount("https://", adapter)
    return session


def post(url: str, *, timeout: float, headers: dict[str, str] | None = None) -> int:
    """POST to ``url`` with an empty body; the answer's status, or :class:`FetchError`.

    Redirects are not followed (an API endpoint that redirects is misconfigured).
    """
    import requests

    session = checked_session(url)
    try:
        response = session.post(
            url, timeout=timeout, headers=headers or {}, allow_redirects=False
        )
    except requests.RequestException as error:
        session.close()
        raise FetchError(f"Could not reach {url}: {error}") from error
    with session, response:
        return int(response.status_code)


def _read_limited(response: Any) -> bytes:
    import requests

    chunks, size = [], 0
    try:
        for chunk in response.iter_content(64 * 1024):
            size += len(chunk)
            if size > MAX_BYTES:
                raise FetchError(f"{response.url}: larger than {MAX_BYTES} bytes.")
            chunks.append(chunk)
    except requests.RequestException as error:
        raise FetchError(f"Could not fetch {response.url}: {error}") from error
    return b"".join(chunks)

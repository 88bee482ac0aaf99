"""Every internal link of the seeded site answers below 400.

Breadth-first from ``/`` with the test client, following every ``href`` and ``src``
on the same site (and the target of every redirect). It proves that moving code
around changes no public URL: a link a template builds with ``url_for`` or writes
by hand must still lead somewhere.
"""

from __future__ import annotations

import re
from collections import deque
from html import unescape
from urllib.parse import urljoin, urlsplit

import pytest

from pydotorg.cli import seed_command
from pydotorg.extensions import db

LINK = re.compile(r'(?:href|src)="([^"]*)"')
SITE = "http://localhost"
# The crawl walks the seed, not the calendar: paging or month links go on forever.
MAX_PAGES = 2000


def _internal(url: str, base: str) -> str | None:
    """``path?query`` of an internal link, or None for another site, mailto, anchors."""
    parts = urlsplit(urljoin(base, unescape(url)))
    if parts.scheme not in ("http", "https") or parts.netloc != "localhost":
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


@pytest.fixture
def seeded(runner):
    result = runner.invoke(seed_command)
    assert result.exit_code == 0, result.output
    db.session.commit()


def crawl(client, start: str = "/") -> dict[str, int]:
    """Status of every page reachable from ``start`` (breadth-first)."""
    statuses: dict[str, int] = {}
    queue = deque([start])
    seen = {start}
    while queue and len(statuses) < MAX_PAGES:
        url = queue.popleft()
        with client.get(url) as response:  # closes files sent from static/ and media/
            statuses[url] = response.status_code
            found = [response.location] if response.location else []
            if response.mimetype == "text/html":
                found += LINK.findall(response.get_data(as_text=True))
        for link in found:
            target = _internal(link, SITE + url)
            if target and target not in seen:
                seen.add(target)
                queue.append(target)
    return statuses


def test_every_internal_link_of_the_seeded_site_answers(client, seeded):
    statuses = crawl(client)
    broken = {url: status for url, status in statuses.items() if status >= 400}
    assert broken == {}
    assert len(statuses) > 100  # the seed's lists reach their detail pages
    assert len(statuses) < MAX_PAGES  # and the crawl ended by itself

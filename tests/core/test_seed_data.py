"""The demo content a visitor meets after ``flask seed`` looks like a real site."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from pydotorg.cli import seed_command
from pydotorg.extensions import db

STATIC = Path(__file__).resolve().parents[2] / "static"
# Fictional companies keep addresses on the domains reserved for examples
# (RFC 2606), so no demo link reaches someone's real site; only words count.
ADDRESSES = re.compile(r"\S+@\S+|https?://\S+")
PLACEHOLDER = re.compile(r"\b(example|test)\b", re.IGNORECASE)


@pytest.fixture
def seeded(runner: Any) -> None:
    result = runner.invoke(seed_command)
    assert result.exit_code == 0, result.output


def _text_values() -> list[tuple[str, str, str]]:
    found = []
    for table in db.metadata.sorted_tables:
        columns = [c for c in table.columns if isinstance(c.type, sa.String)]
        if not columns:
            continue
        for row in db.session.execute(sa.select(*columns)):
            for column, value in zip(columns, row, strict=True):
                if isinstance(value, str) and value:
                    found.append((table.name, column.name, value))
    return found


def test_no_seeded_row_reads_like_a_placeholder(session, seeded):
    values = _text_values()
    assert len(values) > 500
    placeholders = [
        f"{table}.{column}: {value[:80]!r}"
        for table, column, value in values
        if PLACEHOLDER.search(ADDRESSES.sub("", value))
    ]
    assert not placeholders, "\n".join(placeholders)


def test_seeded_images_are_shipped_files_under_static(session, client, seeded):
    sources = set()
    for url in ("/sponsors/", "/community/"):
        html = client.get(url).get_data(as_text=True)
        sources |= set(re.findall(r'<img[^>]*\bsrc="([^"]+)"', html))
    logos = {src for src in sources if "/sponsors/" in src}
    assert len(logos) >= 1
    assert any("/community/" in src for src in sources)
    for src in sources:
        assert src.startswith("/static/"), src
        assert (STATIC / src.removeprefix("/static/")).is_file(), src
        response = client.get(src)
        response.close()
        assert response.status_code == 200


def test_sponsor_name_is_shown_once(session, client, seeded):
    html = client.get("/sponsors/").get_data(as_text=True)
    assert html.count("Pinewood Cloud GmbH") == 1


def test_home_page_links_stay_on_this_site(session, client, seeded):
    html = client.get("/").get_data(as_text=True)
    main = html[html.index('<main id="content"') :]
    assert "www.python.org" not in main
    for href in re.findall(r'href="(/[^"#]*)"', main):
        assert client.get(href).status_code < 400, href

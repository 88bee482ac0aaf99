"""Templates never trigger queries: no seeded public page repeats a statement per row."""

from __future__ import annotations

import re
from collections import Counter

from pydotorg.cli import seed_command
from pydotorg.extensions import db

SKIP_PREFIXES = ("/admin/", "/static/", "/media/")


def _seeded_public_pages(app, client) -> list[str]:
    """Every argument-less public page, then every page their links reach."""
    start = [
        rule.rule
        for rule in app.url_map.iter_rules()
        if "GET" in (rule.methods or ())
        and not rule.arguments
        and not rule.rule.startswith(SKIP_PREFIXES)
    ]
    pages = list(start)
    for url in start:
        response = client.get(url)
        if response.mimetype != "text/html":
            continue
        for href in re.findall(r'href="(/[^"#?]*)', response.get_data(as_text=True)):
            if href not in pages and not href.startswith(SKIP_PREFIXES):
                pages.append(href)
    return pages


def test_no_seeded_public_page_runs_a_query_per_row(app, client, runner, count_queries):
    assert runner.invoke(seed_command).exit_code == 0
    db.session.commit()
    pages = _seeded_public_pages(app, client)
    assert len(pages) > 30  # the seed's lists link to their detail pages
    repeated = {}
    for url in pages:
        with count_queries() as counter:
            client.get(url)
        # A lazy load in a loop runs the same statement once per row.
        per_row = [
            statement[:100]
            for statement, times in Counter(counter.statements).items()
            if times > 2
        ]
        if per_row:
            repeated[url] = per_row
    assert repeated == {}

"""``flask blogs ...`` commands."""

from __future__ import annotations

import click

from pydotorg.domains.blogs.services import FeedService
from pydotorg.domains.blogs.views import bp
from pydotorg.extensions import db


@bp.cli.command("fetch")
def fetch_command() -> None:
    """Fetch every active feed and upsert its entries (a failing feed is reported)."""
    results = FeedService(db.session).fetch_all()
    db.session.commit()
    failed = 0
    for result in results:
        if result.ok:
            click.echo(
                f"{result.feed.name}: {result.created} new, {result.updated} updated"
            )
        else:
            failed += 1
            click.echo(f"{result.feed.name}: FAILED: {result.error}", err=True)
    click.echo(f"{len(results)} feed(s) fetched, {failed} failed.")
    if failed:
        raise SystemExit(1)

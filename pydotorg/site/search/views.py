"""``/search/?q=``: the whole site's public content, and ``flask search reindex``."""

from __future__ import annotations

from typing import Any

import click
from flask import Blueprint, abort, current_app, render_template, request, url_for

from pydotorg.core.pagination import MAX_PAGE
from pydotorg.extensions import db
from pydotorg.site.search.index import reindex, searchables
from pydotorg.site.search.query import Hit, search

MAX_QUERY_CHARS = 200

bp = Blueprint("search", __name__, url_prefix="/search", cli_group="search")


@bp.app_template_global("search_hit_url")
def hit_url(hit: Hit) -> str:
    if hit.endpoint:
        return url_for(hit.endpoint, **hit.url_values)
    return hit.url


@bp.get("/")
def results() -> Any:
    query = request.args.get("q", "")[:MAX_QUERY_CHARS].strip()
    kinds = {s.kind: s.label for s in searchables()}
    kind = request.args.get("type", "")
    if kind and kind not in kinds:
        kind = ""
    page = request.args.get("page", 1, type=int)
    if page < 1 or page > MAX_PAGE:
        abort(404)
    found = search(
        db.session,
        query,
        kind=kind or None,
        page=page,
        per_page=current_app.config["ITEMS_PER_PAGE"],
    )
    if page > 1 and page > found.pages:
        abort(404)
    return render_template(
        "search/results.html", query=query, kind=kind, kinds=kinds, found=found
    )


@bp.cli.command("reindex")
@click.option("--type", "kinds", multiple=True, help="Only these types (repeatable).")
def reindex_command(kinds: tuple[str, ...]) -> None:
    """Rebuild the search index from the database."""
    counts = reindex(db.session, kinds or None)
    db.session.commit()
    for kind, count in counts.items():
        click.echo(f"{kind}: {count}")

"""Pagination of ``select()`` statements for public lists."""

from __future__ import annotations

from typing import Any

from flask import abort, current_app, request
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import Select

from pydotorg.extensions import db

# Far beyond any real list; larger ?page= values would overflow the SQL OFFSET.
MAX_PAGE = 100_000


def paginate(statement: Select[Any], per_page: int | None = None) -> Pagination:
    """One page of ``statement`` from ``?page=``; out-of-range pages are 404."""
    page = request.args.get("page", 1, type=int)
    if page > MAX_PAGE:
        abort(404)
    return db.paginate(
        statement,
        page=page,
        per_page=per_page or current_app.config["ITEMS_PER_PAGE"],
        max_per_page=100,
        error_out=True,
    )

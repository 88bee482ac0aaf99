"""Pagination of ``select()`` statements for public lists."""

from __future__ import annotations

from typing import Any

from flask import current_app, request
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import Select

from pydotorg.extensions import db


def paginate(statement: Select[Any], per_page: int | None = None) -> Pagination:
    """One page of ``statement`` from ``?page=``; out-of-range pages are 404."""
    return db.paginate(
        statement,
        page=request.args.get("page", 1, type=int),
        per_page=per_page or current_app.config["ITEMS_PER_PAGE"],
        max_per_page=100,
        error_out=True,
    )

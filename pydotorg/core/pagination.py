"""Pagination of ``select()`` statements for public lists."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import abort, current_app, request
from flask_sqlalchemy.pagination import Pagination, SelectPagination
from sqlalchemy import Select

from pydotorg.extensions import db

# Far beyond any real list; larger ?page= values would overflow the SQL OFFSET.
MAX_PAGE = 100_000


class WindowPagination(SelectPagination):
    """One query for a page and the total: ``count(*) OVER ()`` beside each row.

    The window counts the rows the statement matches before LIMIT/OFFSET apply.
    Only an empty page (past the end, or an empty list) needs a count query.
    """

    _total: int | None = None

    def _query_items(self) -> list[Any]:
        statement = self._query_args["select"]
        session = self._query_args["session"]
        counted = statement.add_columns(sa.func.count().over().label("page_total"))
        rows = session.execute(
            counted.limit(self.per_page).offset(self._query_offset)
        ).unique()
        items = []
        for row in rows:
            # Like SelectPagination: the first column (the entity) is the item.
            items.append(row[0])
            self._total = row[-1]
        return items

    def _query_count(self) -> int:
        if self._total is not None:
            return self._total
        return super()._query_count()


def paginate(statement: Select[Any], per_page: int | None = None) -> Pagination:
    """One page of ``statement`` from ``?page=``; out-of-range pages are 404."""
    page = request.args.get("page", 1, type=int)
    if page > MAX_PAGE:
        abort(404)
    arguments: dict[str, Any] = {
        "page": page,
        "per_page": per_page or current_app.config["ITEMS_PER_PAGE"],
        "max_per_page": 100,
        "error_out": True,
    }
    # DISTINCT and GROUP BY apply after the window: count those the usual way.
    if statement._distinct or statement._group_by_clauses:
        return db.paginate(statement, **arguments)
    return WindowPagination(select=statement, session=db.session(), **arguments)

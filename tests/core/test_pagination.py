"""Public lists fetch a page and its total in one query."""

import pytest
import sqlalchemy as sa
from werkzeug.exceptions import NotFound

from pydotorg.core.pagination import paginate
from pydotorg.domains.users.models import User
from pydotorg.extensions import db
from tests.factories.users import UserFactory


def _users() -> sa.Select:
    return sa.select(User).order_by(User.username)


def test_a_page_and_its_total_come_from_one_query(app, session, count_queries):
    UserFactory.create_batch(7)
    db.session.flush()
    with app.test_request_context("/?page=2"), count_queries() as counter:
        page = paginate(_users(), per_page=3)
    assert counter.count == 1, counter.statements
    assert (page.total, page.pages, len(page.items)) == (7, 3, 3)
    assert all(isinstance(user, User) for user in page.items)


def test_an_empty_list_has_a_total_of_zero(app, session):
    with app.test_request_context("/"):
        page = paginate(_users().where(sa.false()), per_page=3)
    assert (page.total, page.pages, page.items) == (0, 0, [])


def test_a_page_past_the_end_is_not_found(app, session):
    UserFactory.create_batch(2)
    db.session.flush()
    with app.test_request_context("/?page=2"), pytest.raises(NotFound):
        paginate(_users(), per_page=3)


def test_distinct_statements_are_counted_after_distinct(app, session):
    UserFactory.create_batch(2, first_name="Ada")
    db.session.flush()
    names = sa.select(User.first_name).distinct().order_by(User.first_name)
    with app.test_request_context("/"):
        page = paginate(names, per_page=10)
    assert page.total == len(page.items)

"""One rule-error base, and one way for a view to commit or show why not."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from flask import get_flashed_messages
from flask_wtf import FlaskForm
from wtforms import StringField

from pydotorg.core.forms import attach_errors, form_action
from pydotorg.core.permissions import PermissionDenied
from pydotorg.core.rules import NON_FIELD, RuleError
from pydotorg.domains import DOMAINS
from pydotorg.extensions import db
from tests.factories.users import UserFactory


class NameForm(FlaskForm):
    class Meta:
        csrf = False

    name = StringField()


def test_one_message_belongs_beside_its_field_or_to_the_whole_input():
    assert RuleError("Too long.", field="name").errors == {"name": ["Too long."]}
    assert RuleError("Closed.").errors == {NON_FIELD: ["Closed."]}
    assert RuleError("Closed.", field=NON_FIELD).field is None


def test_several_fields_at_once_name_each_in_the_message():
    error = RuleError({"name": ["Required."], NON_FIELD: ["Closed."]})
    assert error.errors == {"name": ["Required."], NON_FIELD: ["Closed."]}
    assert str(error) == "name: Required.; Closed."


def test_every_domain_error_is_a_rule_error():
    from importlib import import_module

    bases = []
    for domain in DOMAINS:
        module = import_module(f"pydotorg.domains.{domain}.services")
        bases += [
            value
            for name, value in vars(module).items()
            if isinstance(value, type)
            and issubclass(value, ValueError)
            and name.endswith("Error")
            and value.__module__ == module.__name__
            and name != "FeedFetchError"  # a failed download, not a broken rule
        ]
    assert bases  # the walk found the errors
    assert [e for e in bases if not issubclass(e, RuleError)] == []


def test_errors_land_beside_their_field_and_unknown_names_at_the_top(app):
    with app.test_request_context():
        form = NameForm()
        attach_errors(form, RuleError({"name": ["Taken."], "data": ["Odd."]}))
        attach_errors(form, PermissionDenied("Not yours."))
    assert form.name.errors == ["Taken."]
    # ``data`` is an attribute of every form, not one of its fields
    assert form.form_errors == ["Odd.", "Not yours."]


def test_a_rule_error_rolls_the_block_back_and_shows_on_the_form(app):
    with app.test_request_context():
        form = NameForm()
        with form_action(form) as done:
            db.session.add(UserFactory.build(username="half-made"))
            db.session.flush()
            raise RuleError("Name taken.", field="name")
        assert not done.ok
        assert form.name.errors == ["Name taken."]
        assert db.session.scalar(sa.text("select count(*) from users")) == 0


def test_without_a_form_the_reason_is_flashed(app):
    with app.test_request_context():
        with form_action() as done:
            raise PermissionDenied("Only the owner can do that.")
        assert not done.ok
        assert get_flashed_messages(with_categories=True) == [
            ("error", "Only the owner can do that.")
        ]


def test_a_clean_block_is_committed(app):
    with app.test_request_context():
        with form_action(NameForm()) as done:
            db.session.add(UserFactory.build(username="kept"))
        assert done.ok
        db.session.rollback()  # nothing pending: the commit already happened
        assert db.session.scalar(sa.text("select count(*) from users")) == 1


def test_a_bug_is_not_a_form_error(app):
    with (
        app.test_request_context(),
        pytest.raises(KeyError),
        form_action(NameForm()),
    ):
        raise KeyError("bug")

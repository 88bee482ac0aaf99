"""``flask events refresh``."""

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from pydotorg.domains.events.models import EventOccurrence
from pydotorg.extensions import db
from tests.factories.events import RecurringRuleFactory


def test_refresh_regenerates_occurrences_from_rules(runner, session):
    begin = datetime.now(UTC).replace(microsecond=0) + timedelta(days=1)
    RecurringRuleFactory(
        event__title="Daily standup",
        begin=begin,
        finish=begin + timedelta(days=4),
        frequency=3,
    )
    db.session.commit()
    result = runner.invoke(args=["events", "refresh"])
    assert result.exit_code == 0, result.output
    assert "Daily standup: 5 occurrence(s)" in result.output
    assert (
        db.session.scalar(sa.select(sa.func.count()).select_from(EventOccurrence)) == 5
    )
    # Running it again replaces rather than duplicates.
    runner.invoke(args=["events", "refresh"])
    assert (
        db.session.scalar(sa.select(sa.func.count()).select_from(EventOccurrence)) == 5
    )


def test_refresh_reports_a_broken_rule(runner, session):
    RecurringRuleFactory(interval=0)
    db.session.commit()
    result = runner.invoke(args=["events", "refresh"])
    assert result.exit_code == 1
    assert "interval must be at least 1" in result.output

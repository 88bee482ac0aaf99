"""The TIME_ZONE setting is checked when the app starts, not when a page needs it."""

import pytest

from pydotorg import create_app
from pydotorg.core.timezones import is_time_zone, time_zone_choices


@pytest.mark.parametrize("name", ["Europe/Amsterdam", "UTC", "America/New_York"])
def test_an_iana_zone_is_accepted(name):
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "TIME_ZONE": name})
    assert app.config["TIME_ZONE"] == name


@pytest.mark.parametrize("name", ["Mars/Olympus_Mons", "CEST", "", "../etc/passwd", 1])
def test_a_bad_zone_stops_the_app_with_a_clear_message(name):
    with pytest.raises(ValueError, match="TIME_ZONE setting is not valid"):
        create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "TIME_ZONE": name})


def test_a_bad_zone_from_the_environment_stops_the_app(monkeypatch):
    monkeypatch.setenv("TIME_ZONE", "Europe/Atlantis")
    with pytest.raises(ValueError, match="Europe/Atlantis"):
        create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"})


def test_choices_hold_utc_first_and_only_real_zones():
    choices = time_zone_choices()
    assert choices[0] == ("UTC", "UTC")
    assert ("America/New_York", "America/New York") in choices
    assert all(is_time_zone(value) for value, _ in choices)

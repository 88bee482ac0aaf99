"""IANA time zone names: the site's ``TIME_ZONE`` setting and events' own zones."""

from __future__ import annotations

from datetime import datetime
from functools import cache
from zoneinfo import ZoneInfo, available_timezones

from flask import current_app, has_app_context


@cache
def time_zone_names() -> frozenset[str]:
    """Every IANA zone name this system knows (``Europe/Amsterdam``, ``UTC``, ...)."""
    return frozenset(available_timezones())


def is_time_zone(name: object) -> bool:
    return isinstance(name, str) and name in time_zone_names()


def time_zone(name: str) -> ZoneInfo:
    """The zone called ``name``; ``ValueError`` with a readable message if none is."""
    if not is_time_zone(name):
        raise ValueError(
            f"{name!r} is not an IANA time zone name "
            "(such as “UTC”, “Europe/Amsterdam” or “America/New_York”)."
        )
    return ZoneInfo(name)


def site_time_zone() -> str:
    """The site's zone (the ``TIME_ZONE`` setting, checked at startup); UTC outside an app."""
    return str(current_app.config["TIME_ZONE"]) if has_app_context() else "UTC"


def time_zone_choices() -> list[tuple[str, str]]:
    """Form choices, UTC first, then the zones by name."""
    return [("UTC", "UTC")] + [
        (name, name.replace("_", " "))
        for name in sorted(time_zone_names())
        if name != "UTC" and "/" in name and not name.startswith(("Etc/", "SystemV/"))
    ]


def in_time_zone(value: datetime, name: str | None) -> datetime:
    """``value`` as the wall-clock time of zone ``name`` (unchanged for no zone)."""
    return value.astimezone(time_zone(name)) if name else value

"""On/off service methods: publish and unpublish, activate and deactivate, ...

Many services switch one boolean column of a row and flush; :func:`switch` writes
such a method once, so a service declares its pair instead of repeating the body::

    publish = switch("is_published", True)
    unpublish = switch("is_published", False)

The admin's ``switch_actions`` offers the same pairs as list actions.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydotorg.core.permissions import require_staff


def switch(flag: str, value: bool, *, staff_only: bool = True) -> Callable[..., Any]:
    """A service method ``(row, *, by)`` that sets ``row.<flag>`` to ``value``,
    flushes and returns the row; ``by`` must be active staff unless ``staff_only``
    is false (then ``by`` is not needed)."""

    def method(self: Any, row: Any, *, by: Any = None) -> Any:
        if staff_only:
            require_staff(by)
        setattr(row, flag, value)
        self.session.flush()
        return row

    method.__doc__ = f"Set ``{flag}`` to {value} and flush."
    return method

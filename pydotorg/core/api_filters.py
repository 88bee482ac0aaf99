"""Query-string filters as python.org's v1 (tastypie) and v2 (django-filter) read them.

v1 takes ``field__lookup=value`` for declared fields, ignores parameters that are not
fields, and answers 400 for a field or lookup it does not allow (:class:`V1Filters`,
which each resource's filters extend with its own field types). v2 filters exactly;
strict resources answer 400 for any other parameter (:func:`v2_strict`).
"""

from __future__ import annotations

import dataclasses
from abc import ABC, abstractmethod
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from werkzeug.datastructures import MultiDict

from pydotorg.core.api import MAX_SQL_INT, FilterError

# Query parameters tastypie's filter machinery never reads as field filters.
V1_IGNORED = frozenset({"format", "limit", "offset", "callback", "order_by"})
EXACT = frozenset({"exact"})
# A ``filtering`` value: the field is a relation, filtered by the related id
# (``os=1``, ``os__in=1,3``) or through the related resource's filters.
RELATION = "relation"


def v1_value(raw: str) -> Any:
    """tastypie's conversion of filter values."""
    if raw in ("true", "True"):
        return True
    if raw in ("false", "False"):
        return False
    if raw in ("none", "None", "nil"):
        return None
    return raw


def v1_check_ordering(args: MultiDict[str, str]) -> None:
    """No resource declares ``ordering``, so every ``order_by`` is refused."""
    if "order_by" in args:
        field = args["order_by"].lstrip("-")
        raise FilterError({"error": f"The '{field}' field does not allow ordering."})


def v1_filter_params(
    args: MultiDict[str, str], fields: Collection[str]
) -> Iterable[tuple[str, list[str], str]]:
    """(field, lookups, last value) of each parameter naming a resource field;
    other parameters are ignored, as tastypie does."""
    for key in args:
        if key in V1_IGNORED:
            continue
        field, *lookups = key.split("__")
        if field in fields:
            yield field, lookups, args.getlist(key)[-1]


def v1_lookup(field: str, lookups: list[str], allowed: Collection[str] | None) -> str:
    """The single lookup of a filter on ``field``, or tastypie's 400."""
    if allowed is None:
        raise FilterError({"error": f"The '{field}' field does not allow filtering."})
    lookup = lookups[0] if lookups else "exact"
    if len(lookups) > 1 or lookup not in allowed:
        raise FilterError(
            {"error": f"'{lookup}' is not an allowed filter on the '{field}' field."}
        )
    return lookup


CHOICE_ERROR = "Select a valid choice. That choice is not one of the available choices."
_V2_TRUE = {"true", "True", "1"}
_V2_FALSE = {"false", "False", "0"}


def v2_bool(raw: str) -> bool | None:
    if raw in _V2_TRUE:
        return True
    if raw in _V2_FALSE:
        return False
    return None  # django-filter skips a boolean filter it cannot read


def v2_strict(args: MultiDict[str, str], allowed: Collection[str]) -> None:
    """python.org's strict filtersets: any other parameter is a 400 naming it."""
    unknown = [key for key in args if key not in allowed]
    if unknown:
        messages = []
        for key in unknown:
            field, _, lookup = key.partition("__")
            messages.append(
                f"'{lookup or 'exact'}' is not an allowed filter on the '{field}' field."
            )
        raise FilterError({"error": messages})


@dataclass(frozen=True, eq=False)
class V1Filters(ABC):
    """tastypie's filtering of one resource: the fields it outputs, the lookups each
    filterable one allows, and the related resources a ``RELATION`` field reaches
    (``os__slug=source`` filters through the OS resource's own filters).

    A resource's filters subclass this and say in :meth:`compare` how their
    fields' values read.
    """

    model: Any
    fields: tuple[str, ...]
    filtering: Mapping[str, Any]
    related: Mapping[str, V1Filters] = dataclasses.field(default_factory=dict)

    def __call__(self, args: MultiDict[str, str]) -> list[Any]:
        return self.conditions(args)

    def conditions(self, args: MultiDict[str, str]) -> list[Any]:
        v1_check_ordering(args)
        return [
            self._condition(name, lookups, raw)
            for name, lookups, raw in v1_filter_params(args, self.fields)
        ]

    @abstractmethod
    def compare(self, name: str, column: Any, lookup: str, raw: str) -> Any:
        """The condition of one filter whose lookup the field allows."""

    def boolean(self, name: str, column: Any, raw: str) -> Any:
        value = v1_value(raw)
        if not isinstance(value, bool):
            raise FilterError(
                {"error": f"'{raw}' is not a valid value for the '{name}' field."}
            )
        return column.is_(value)

    def _condition(self, name: str, lookups: list[str], raw: str) -> Any:
        allowed = self.filtering.get(name)
        if allowed == RELATION:
            return self._relation(name, lookups, raw)
        lookup = v1_lookup(name, lookups, allowed)
        return self.compare(name, getattr(self.model, name), lookup, raw)

    def _relation(self, name: str, lookups: list[str], raw: str) -> Any:
        related = self.related[name]
        if lookups and lookups[0] in related.fields:
            return related._condition(lookups[0], lookups[1:], raw)
        lookup = lookups[0] if lookups else "exact"
        column = related.model.api_id
        if lookup == "exact":
            return column == v1_int(raw)
        if lookup == "in":
            return column.in_([v1_int(part) for part in raw.split(",")])
        raise FilterError(
            {"error": f"'{lookup}' is not an allowed filter on the '{name}' field."}
        )


def v1_int(raw: str) -> int:
    """An integer filter value that fits an SQL INTEGER, or tastypie's 400."""
    try:
        value = int(raw)
    except ValueError:
        value = None
    if value is None or abs(value) > MAX_SQL_INT:
        raise FilterError(
            {"error": "Invalid resource lookup data provided (mismatched type)."}
        )
    return value

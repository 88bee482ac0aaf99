"""Query-string filters of the download API, as python.org's v1 (tastypie) and v2 (DRF).

The conventions are core's (:mod:`pydotorg.core.api_filters`); here are each
resource's fields and how their values read. v2 filters exactly; on
``release_file`` it is strict: any other parameter is a 400.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

import sqlalchemy as sa
from werkzeug.datastructures import MultiDict

from pydotorg.core.api import FilterError, parse_id
from pydotorg.core.api_filters import (
    CHOICE_ERROR,
    EXACT,
    RELATION,
    V1Filters,
    v1_int,
    v1_value,
    v2_bool,
    v2_strict,
)
from pydotorg.domains.downloads.models import OS, PythonVersion, Release, ReleaseFile
from pydotorg.domains.downloads.serializers import parse_date

ALL = frozenset({"exact", "gt", "gte", "lt", "lte", "range", "in", "isnull", "year"})
BOOLEAN_FIELDS = frozenset({"is_published", "pre_release"})


class DownloadFilters(V1Filters):
    """v1 filters of the download resources: versions, dates and booleans."""

    def compare(self, name: str, column: Any, lookup: str, raw: str) -> Any:
        value = v1_value(raw)
        if lookup == "isnull":
            return column.is_(None) if value is True else column.is_not(None)
        if value is None:
            return column.is_(None)
        if name == "version":
            return self._version(lookup, raw)
        if name in BOOLEAN_FIELDS:
            return self.boolean(name, column, raw)
        if name == "release_date":
            return self._date(column, lookup, raw)
        value = raw
        if lookup == "contains":
            return column.contains(value, autoescape=True)
        return column == value

    def _version(self, lookup: str, raw: str) -> Any:
        if lookup == "startswith":
            members = [v for v in PythonVersion if str(v.value).startswith(raw)]
        else:
            members = [v for v in PythonVersion if str(v.value) == raw.strip()]
            if not raw.strip().isdigit():
                raise FilterError({"error": f"'{raw}' is not a valid version."})
        return Release.version.in_(members) if members else sa.false()

    def _date(self, column: Any, lookup: str, raw: str) -> Any:
        if lookup == "year":
            return sa.extract("year", column) == v1_int(raw)
        if lookup in ("range", "in"):
            values = [_date(part) for part in raw.split(",")]
            if lookup == "in":
                return column.in_(values)
            if len(values) != 2:
                raise FilterError({"error": "A range needs exactly two values."})
            return column.between(values[0], values[1])
        value = _date(raw)
        return {
            "exact": column == value,
            "gt": column > value,
            "gte": column >= value,
            "lt": column < value,
            "lte": column <= value,
        }[lookup]


def _date(raw: str) -> date:
    try:
        value = parse_date(raw)
    except ValueError:
        value = None
    if value is None:
        raise FilterError({"error": f"'{raw}' is not a valid date."})
    return value


OS_V1 = DownloadFilters(
    OS, ("name", "slug", "resource_uri"), {"name": EXACT, "slug": EXACT}
)
RELEASE_V1 = DownloadFilters(
    Release,
    (
        "name", "slug", "version", "is_published", "is_latest", "release_date",
        "pre_release", "release_page", "release_notes_url", "show_on_download_page",
        "resource_uri", "creator", "last_modified_by",
    ),
    {
        "name": EXACT,
        "slug": EXACT,
        "is_published": EXACT,
        "pre_release": EXACT,
        "version": frozenset({"exact", "startswith"}),
        "release_date": ALL,
    },
)  # fmt: skip
RELEASE_FILE_V1 = DownloadFilters(
    ReleaseFile,
    (
        "name", "slug", "os", "release", "description", "is_source", "url",
        "gpg_signature_file", "md5_sum", "sha256_sum", "filesize", "download_button",
        "sigstore_signature_file", "sigstore_cert_file", "sigstore_bundle_file",
        "sbom_spdx2_file", "resource_uri", "creator", "last_modified_by",
    ),
    {
        "name": EXACT,
        "slug": EXACT,
        "description": frozenset({"contains"}),
        "os": RELATION,
        "release": RELATION,
    },
    related={"os": OS_V1, "release": RELEASE_V1},
)  # fmt: skip


# v2 -------------------------------------------------------------------------

V2_RELEASE_FILE_PARAMS = frozenset(
    {"name", "slug", "description__contains", "os", "release"}
)


def v2_os(args: MultiDict[str, str]) -> list[Any]:
    return _exact(OS, ("name", "slug"), args)


def _exact(model: Any, fields: Iterable[str], args: MultiDict[str, str]) -> list[Any]:
    return [getattr(model, f) == args.getlist(f)[-1] for f in fields if f in args]


def v2_release(args: MultiDict[str, str]) -> list[Any]:
    conditions = _exact(Release, ("name", "slug"), args)
    for field in ("is_published", "pre_release"):
        if field in args and (value := v2_bool(args[field])) is not None:
            conditions.append(getattr(Release, field).is_(value))
    if raw := args.get("version", ""):
        try:
            number = int(raw)
        except ValueError:
            raise FilterError({"version": ["Enter a number."]}) from None
        members = [v for v in PythonVersion if v.value == number]
        conditions.append(Release.version.in_(members) if members else sa.false())
    if raw := args.get("release_date", ""):
        try:
            value = parse_date(raw)
        except ValueError:
            raise FilterError({"release_date": ["Enter a valid date/time."]}) from None
        conditions.append(Release.release_date == value)
    return conditions


def v2_release_file(args: MultiDict[str, str]) -> list[Any]:
    v2_strict(args, V2_RELEASE_FILE_PARAMS)
    conditions = _exact(ReleaseFile, ("name", "slug"), args)
    if "description__contains" in args:
        conditions.append(
            ReleaseFile.description.contains(
                args["description__contains"], autoescape=True
            )
        )
    for field, model in (("os", OS), ("release", Release)):
        # The last value wins, as in Django's QueryDict.
        raw = args.getlist(field)[-1] if field in args else ""
        if not raw:
            continue
        api_id = parse_id(raw)
        if api_id is None:
            raise FilterError({field: [CHOICE_ERROR]})
        conditions.append(model.api_id == api_id)
    return conditions

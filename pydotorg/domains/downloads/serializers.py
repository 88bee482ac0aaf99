"""JSON shapes of the download API (python.org's v1 and v2) and parsing of write bodies.

Output keys and their order are python.org's (``reference/clients.md`` 5.4 and 5.7).
Write bodies are parsed into model values; unknown keys are ignored, and every bad
field is reported by name through :class:`DownloadsError`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any
from urllib.parse import urlsplit

import sqlalchemy as sa

from pydotorg.core.api import ApiLinks, parse_bool, parse_text
from pydotorg.core.urls import check_url
from pydotorg.domains.downloads.models import OS, PythonVersion, Release, ReleaseFile
from pydotorg.domains.downloads.services import DownloadsError
from pydotorg.domains.pages.models import Page
from pydotorg.extensions import db

OS_NAME = "downloads/os"
RELEASE_NAME = "downloads/release"
RELEASE_FILE_NAME = "downloads/release_file"

_URI = re.compile(r"/api/v[12]/(?P<app>downloads|pages)/(?P<res>\w+)/(?P<pk>\d+)/?$")


def format_date(value: date | None, version: str) -> str | None:
    """Dates go out as midnight UTC: v1 naive (tastypie), v2 with ``Z`` (DRF)."""
    if value is None:
        return None
    text = f"{value.isoformat()}T00:00:00"
    return text + "Z" if version == "v2" else text


def dump_os(os: OS, links: ApiLinks) -> dict[str, Any]:
    return {
        "name": os.name,
        "slug": os.slug,
        "resource_uri": links.uri(OS_NAME, os.api_id),
    }


def dump_release(release: Release, links: ApiLinks) -> dict[str, Any]:
    return {
        "name": release.name,
        "slug": release.slug,
        "version": release.version.value,
        "is_published": release.is_published,
        "is_latest": release.is_latest,
        "release_date": format_date(release.release_date, links.version),
        "pre_release": release.pre_release,
        "release_page": links.page(release.release_page),
        "release_notes_url": release.release_notes_url or "",
        "show_on_download_page": release.show_on_download_page,
        "resource_uri": links.uri(RELEASE_NAME, release.api_id),
    }


def dump_release_file(release_file: ReleaseFile, links: ApiLinks) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": release_file.name,
        "slug": release_file.slug,
        "os": links.uri(OS_NAME, release_file.os.api_id),
        "release": links.uri(RELEASE_NAME, release_file.release.api_id),
        "description": release_file.description or "",
        "is_source": release_file.is_source,
        "url": release_file.url or "",
        "gpg_signature_file": release_file.gpg_signature_file or "",
        "md5_sum": release_file.md5_sum or "",
        "sha256_sum": release_file.sha256_sum or "",
        "filesize": int(release_file.filesize or 0),
        "download_button": release_file.download_button,
    }
    uri = links.uri(RELEASE_FILE_NAME, release_file.api_id)
    if links.version == "v2":
        # DRF puts resource_uri before the fields python.org added later.
        data["resource_uri"] = uri
    data.update(
        sigstore_signature_file=release_file.sigstore_signature_file or "",
        sigstore_cert_file=release_file.sigstore_cert_file or "",
        sigstore_bundle_file=release_file.sigstore_bundle_file or "",
        sbom_spdx2_file=release_file.sbom_spdx2_file or "",
    )
    if links.version == "v1":
        data["resource_uri"] = uri
    return data


# Parsing write bodies -------------------------------------------------------


# The widest integer column here (filesize) is a BIGINT.
MAX_BIGINT = 2**63 - 1


def parse_int(value: Any) -> int:
    if isinstance(value, bool):
        raise ValueError("A valid integer is required.")
    if isinstance(value, str) and re.fullmatch(r"\s*-?\d{1,19}\s*", value):
        value = int(value)
    if not isinstance(value, int):
        raise ValueError("A valid integer is required.")
    if abs(value) > MAX_BIGINT:
        raise ValueError(f"Ensure this value is less than or equal to {MAX_BIGINT}.")
    return value


def parse_version(value: Any) -> PythonVersion:
    try:
        return PythonVersion(parse_int(value))
    except ValueError:
        raise ValueError(f'"{value}" is not a valid choice.') from None


def parse_date(value: Any) -> date | None:
    """A date, or a datetime (its UTC date): python.org's clients send either."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        text = value.strip()
        try:
            if len(text) == 10:
                return date.fromisoformat(text)
            moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            pass
        else:
            if moment.tzinfo is not None:
                moment = moment.astimezone(UTC)
            return moment.date()
    raise ValueError(
        "Date has wrong format. Use one of these formats instead: "
        "YYYY-MM-DD, YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z]."
    )


def parse_uri(value: Any) -> tuple[str, str, int]:
    """(app, resource, id) from a resource URI (a path or absolute URL) or a dict."""
    if isinstance(value, Mapping):
        value = value.get("resource_uri")
    if not isinstance(value, str):
        raise ValueError("Incorrect type. Expected URL string.")
    match = _URI.search(urlsplit(value.strip()).path)
    if match is None:
        raise ValueError("Invalid hyperlink - No URL match.")
    return match["app"], match["res"], int(match["pk"])


@dataclass(frozen=True)
class Field:
    """A field of a write body: its kind (``str``, ``bool``, ..., or the name of the
    related download resource, ``os`` or ``release``, whose ``model`` it holds)."""

    kind: str
    required: bool = False
    model: Any = None


_TEXT = Field("str")
OS_FIELDS: dict[str, Field] = {"name": Field("str", required=True), "slug": _TEXT}
RELEASE_FIELDS: dict[str, Field] = {
    "name": Field("str", required=True),
    "slug": _TEXT,
    "version": Field("version"),
    "is_published": Field("bool"),
    "is_latest": Field("bool"),
    "release_date": Field("date"),
    "pre_release": Field("bool"),
    "release_page": Field("page"),
    "release_notes_url": Field("url"),
    "show_on_download_page": Field("bool"),
}
RELEASE_FILE_FIELDS: dict[str, Field] = {
    "name": Field("str", required=True),
    "slug": _TEXT,
    "os": Field("os", required=True, model=OS),
    "release": Field("release", required=True, model=Release),
    "description": _TEXT,
    "is_source": Field("bool"),
    "url": Field("str", required=True),
    "gpg_signature_file": _TEXT,
    "md5_sum": _TEXT,
    "sha256_sum": _TEXT,
    "filesize": Field("int"),
    "download_button": Field("bool"),
    "sigstore_signature_file": _TEXT,
    "sigstore_cert_file": _TEXT,
    "sigstore_bundle_file": _TEXT,
    "sbom_spdx2_file": _TEXT,
}


@dataclass(frozen=True)
class PayloadParser:
    """Turns a JSON body into model values, resolving related resource URIs.

    One per resource (its ``fields``); called as ``parse(data, partial)``.
    """

    fields: Mapping[str, Field]

    def __call__(self, data: Any, partial: bool = False) -> dict[str, Any]:
        if not isinstance(data, Mapping):
            raise DownloadsError(
                "Invalid data. Expected a dictionary.", field="non_field_errors"
            )
        errors: dict[str, list[str]] = {}
        values: dict[str, Any] = {}
        for name, spec in self.fields.items():
            if name not in data:
                if spec.required and not partial:
                    errors[name] = ["This field is required."]
                continue
            try:
                values[name] = self._convert(spec, data[name])
            except ValueError as error:
                errors[name] = [str(error)]
        if errors:
            raise DownloadsError(errors)
        return values

    def _convert(self, spec: Field, value: Any) -> Any:
        if spec.kind == "str":
            return parse_text(value, required=spec.required)
        if spec.kind == "url":
            return check_url(parse_text(value), relative=True)
        if spec.kind == "bool":
            return parse_bool(value)
        if spec.kind == "int":
            number = parse_int(value)
            if number < 0:
                raise ValueError("Ensure this value is greater than or equal to 0.")
            return number
        if spec.kind == "version":
            return parse_version(value)
        if spec.kind == "date":
            return parse_date(value)
        if spec.kind == "page":
            if value is None or value == "":
                return None
            return _resolve("pages", "page", Page, value)
        if value is None:
            raise ValueError("This field may not be null.")
        return _resolve("downloads", spec.kind, spec.model, value)


def _resolve(app: str, resource: str, model: type, value: Any) -> Any:
    found_app, found_resource, pk = parse_uri(value)
    if (found_app, found_resource) != (app, resource):
        raise ValueError("Invalid hyperlink - Incorrect URL match.")
    obj = db.session.scalar(sa.select(model).where(model.api_id == pk))  # type: ignore[attr-defined]
    if obj is None:
        raise ValueError("Invalid hyperlink - Object does not exist.")
    return obj

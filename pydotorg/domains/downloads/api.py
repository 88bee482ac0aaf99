"""python.org's download API, v1 (tastypie-shaped) and v2 (DRF-shaped).

One :class:`~pydotorg.core.api.Resource` per model (``os``, ``release``,
``release_file``) for the shared views of :mod:`pydotorg.core.api_views`; both
versions sit on the same services, and only the envelopes, authentication headers,
error bodies and status-code rules differ (``reference/clients.md`` section 5).
Every URL is written out in the route tables at the end of this module.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask, Response, request
from sqlalchemy.orm import joinedload, load_only

from pydotorg.core import api_views as views
from pydotorg.core.api import (
    Resource,
    SchemaParts,
    api_blueprints,
    empty,
    json_response,
    parse_id,
    register_api_blueprints,
    schema_field,
    v1_require_staff,
    v2_require_staff,
    v2_user,
)
from pydotorg.core.api_views import Route, ServiceWrites, add_routes, find
from pydotorg.domains.downloads.filters import (
    OS_V1,
    RELATION,
    RELEASE_FILE_V1,
    RELEASE_V1,
    V1Filters,
    v2_os,
    v2_release,
    v2_release_file,
)
from pydotorg.domains.downloads.models import OS, Release, ReleaseFile
from pydotorg.domains.downloads.serializers import (
    OS_FIELDS,
    OS_NAME,
    RELEASE_FIELDS,
    RELEASE_FILE_FIELDS,
    RELEASE_FILE_NAME,
    RELEASE_NAME,
    Field,
    PayloadParser,
    dump_os,
    dump_release,
    dump_release_file,
)
from pydotorg.domains.downloads.services import (
    OSService,
    ReleaseFileService,
    ReleaseService,
)
from pydotorg.domains.pages.models import Page
from pydotorg.extensions import db

api_v1, api_v2 = api_blueprints("downloads", __name__)

COLLECTION_DELETE_ERROR = (
    "Deleting release files requires exactly one 'release' filter."
)
CONFLICT = "This conflicts with an existing row (slug, url or download button)."

# tastypie's schema type of each write-body field kind; any other kind is shown
# as a relation.
_SCHEMA_TYPES = {
    "str": "string",
    "bool": "boolean",
    "int": "integer",
    "version": "integer",
    "date": "datetime",
}


def v1_schema_of(
    fields: Mapping[str, Field], filters: V1Filters, *, unique: frozenset[str]
) -> SchemaParts:
    """tastypie's ``schema/`` fields and filtering of one download resource."""
    described: dict[str, Any] = {}
    for name, spec in fields.items():
        kind = _SCHEMA_TYPES.get(spec.kind, "related")
        related_schema = None
        if kind == "related":
            related_schema = (
                "/api/v1/pages/page/schema/"
                if spec.kind == "page"
                else f"/api/v1/downloads/{spec.kind}/schema/"
            )
        described[name] = schema_field(
            name,
            kind,
            blank=not spec.required,
            nullable=spec.kind in ("page", "date"),
            unique=name in unique,
            related_schema=related_schema,
        )
    filtering = {
        name: 2 if lookups == RELATION else sorted(lookups)
        for name, lookups in filters.filtering.items()
    }
    return described, filtering


def v1_delete_files(user: Any) -> Response:
    """v1's collection DELETE: every file of exactly one ``release`` (release tooling
    clears a release's files this way before uploading them again)."""
    v1_require_staff(user)
    params = list(request.args.items(multi=True))
    if len(params) != 1 or params[0][0] != "release" or not params[0][1].isdigit():
        return json_response({"error": COLLECTION_DELETE_ERROR}, 400)
    return _delete_files_of(params[0][1])


def v2_delete_by_release() -> Response:
    user = v2_user()
    v2_require_staff(user)
    raw = request.args.get("release", "").strip()
    if not (raw.isascii() and raw.isdigit()):
        return json_response({"release": ["A valid integer is required."]}, 400)
    return _delete_files_of(raw)


def _delete_files_of(raw: str) -> Response:
    api_id = parse_id(raw)
    release = find(RELEASE_API, api_id) if api_id is not None else None
    if release is not None:
        ReleaseFileService(db.session).delete_by_release(release)
        db.session.commit()
    return empty(204)


# Resources -------------------------------------------------------------------

# Files follow their release: readers who can't see a draft can't see its files.
_RELEASE_PUBLISHED = Release.visible_to(None)

OS_API = Resource(
    name=OS_NAME,
    model=OS,
    dump=dump_os,
    order_by=(OS.name, OS.api_id),
    v1_filters=OS_V1,
    v2_filters=v2_os,
    v1_schema=v1_schema_of(OS_FIELDS, OS_V1, unique=frozenset({"name", "slug", "url"})),
    writes=ServiceWrites(OSService, PayloadParser(OS_FIELDS), CONFLICT),
)
RELEASE_API = Resource(
    name=RELEASE_NAME,
    model=Release,
    dump=dump_release,
    order_by=(Release.name, Release.api_id),
    v1_filters=RELEASE_V1,
    v2_filters=v2_release,
    v1_schema=v1_schema_of(
        RELEASE_FIELDS, RELEASE_V1, unique=frozenset({"slug", "url"})
    ),
    # Lists load only what dump_release shows (and the visibility rule reads).
    list_options=(
        load_only(
            Release.api_id,
            Release.name,
            Release.slug,
            Release.version,
            Release.is_published,
            Release.is_latest,
            Release.release_date,
            Release.pre_release,
            Release.release_notes_url,
            Release.show_on_download_page,
        ),
        joinedload(Release.release_page).load_only(Page.api_id),
    ),
    public=_RELEASE_PUBLISHED,
    is_public=lambda release: release.visible_to(None),
    writes=ServiceWrites(ReleaseService, PayloadParser(RELEASE_FIELDS), CONFLICT),
)
RELEASE_FILE_API = Resource(
    name=RELEASE_FILE_NAME,
    model=ReleaseFile,
    dump=dump_release_file,
    # python.org's ordering: files of published releases first.
    order_by=(
        Release.is_published.desc(),
        Release.name,
        OS.name,
        ReleaseFile.name,
        ReleaseFile.api_id,
    ),
    v1_filters=RELEASE_FILE_V1,
    v2_filters=v2_release_file,
    v1_schema=v1_schema_of(
        RELEASE_FILE_FIELDS, RELEASE_FILE_V1, unique=frozenset({"slug", "url"})
    ),
    joins=(ReleaseFile.release, ReleaseFile.os),
    public=_RELEASE_PUBLISHED,
    is_public=lambda release_file: release_file.release.visible_to(None),
    writes=ServiceWrites(
        ReleaseFileService, PayloadParser(RELEASE_FILE_FIELDS), CONFLICT
    ),
    v1_delete_list=v1_delete_files,
    v2_choices={"os": OS_API, "release": RELEASE_API},
)


# Routes ----------------------------------------------------------------------

LIST = ["GET", "POST"]
V1_DETAIL = ["GET", "DELETE"]
V2_DETAIL = ["GET", "PUT", "PATCH", "DELETE"]

# Every URL of the download API: (rule, endpoint, view, resource, methods).
ROUTES: tuple[Route, ...] = (
    ("/api/v1/downloads/os/", "os_list", views.v1_list, OS_API, LIST),
    ("/api/v1/downloads/os/<int:api_id>/", "os_detail", views.v1_detail, OS_API, V1_DETAIL),
    ("/api/v1/downloads/os/schema/", "os_schema", views.v1_schema, OS_API, None),
    ("/api/v1/downloads/os/set/<ids>/", "os_multiple", views.v1_multiple, OS_API, None),
    ("/api/v2/downloads/os/", "os_list", views.v2_list, OS_API, LIST),
    ("/api/v2/downloads/os.json", "os_list_json", views.v2_list, OS_API, None),
    ("/api/v2/downloads/os/<int:api_id>/", "os_detail", views.v2_detail, OS_API, V2_DETAIL),
    ("/api/v1/downloads/release/", "release_list", views.v1_list, RELEASE_API, LIST),
    ("/api/v1/downloads/release/<int:api_id>/", "release_detail", views.v1_detail, RELEASE_API, V1_DETAIL),
    ("/api/v1/downloads/release/schema/", "release_schema", views.v1_schema, RELEASE_API, None),
    ("/api/v1/downloads/release/set/<ids>/", "release_multiple", views.v1_multiple, RELEASE_API, None),
    ("/api/v2/downloads/release/", "release_list", views.v2_list, RELEASE_API, LIST),
    ("/api/v2/downloads/release.json", "release_list_json", views.v2_list, RELEASE_API, None),
    ("/api/v2/downloads/release/<int:api_id>/", "release_detail", views.v2_detail, RELEASE_API, V2_DETAIL),
    ("/api/v1/downloads/release_file/", "release_file_list", views.v1_list, RELEASE_FILE_API, [*LIST, "DELETE"]),
    ("/api/v1/downloads/release_file/<int:api_id>/", "release_file_detail", views.v1_detail, RELEASE_FILE_API, V1_DETAIL),
    ("/api/v1/downloads/release_file/schema/", "release_file_schema", views.v1_schema, RELEASE_FILE_API, None),
    ("/api/v1/downloads/release_file/set/<ids>/", "release_file_multiple", views.v1_multiple, RELEASE_FILE_API, None),
    ("/api/v2/downloads/release_file/", "release_file_list", views.v2_list, RELEASE_FILE_API, LIST),
    ("/api/v2/downloads/release_file.json", "release_file_list_json", views.v2_list, RELEASE_FILE_API, None),
    ("/api/v2/downloads/release_file/<int:api_id>/", "release_file_detail", views.v2_detail, RELEASE_FILE_API, V2_DETAIL),
    ("/api/v2/downloads/release_file/delete_by_release/", "release_file_delete_by_release", v2_delete_by_release, None, ["DELETE"]),
)  # fmt: skip
add_routes(api_v1, [route for route in ROUTES if route[0].startswith("/api/v1/")])
add_routes(api_v2, [route for route in ROUTES if route[0].startswith("/api/v2/")])


def register_api(app: Flask) -> None:
    register_api_blueprints(app, api_v1, api_v2)

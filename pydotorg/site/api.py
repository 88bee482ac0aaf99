"""The API roots: ``/api/v1/`` and ``/api/v2/`` list every domain's resources."""

from __future__ import annotations

import re

from flask import Blueprint, Response, current_app

from pydotorg.core.api import json_response, request_root, v1_user, v2_user

api_roots = Blueprint("api_roots", __name__)
_LIST_RULE = re.compile(r"^/api/(?P<version>v[12])/(?P<name>\w+/\w+)/$")


def _list_endpoints(version: str) -> list[str]:
    """``app/resource`` names of every list endpoint registered under ``/api/<v>/``,
    so other domains' resources show up here once they exist."""
    names = set()
    for rule in current_app.url_map.iter_rules():
        match = _LIST_RULE.match(rule.rule)
        if match and match["version"] == version:
            names.add(match["name"])
    return sorted(names)


@api_roots.get("/api/v1/")
def v1_root() -> Response:
    v1_user()
    return json_response(
        {
            name: {
                "list_endpoint": f"/api/v1/{name}/",
                "schema": f"/api/v1/{name}/schema/",
            }
            for name in _list_endpoints("v1")
        }
    )


@api_roots.get("/api/v2/")
def v2_root() -> Response:
    v2_user()
    root = request_root()
    return json_response(
        {name: f"{root}/api/v2/{name}/" for name in _list_endpoints("v2")}
    )

"""Small files python.org serves at its root: ``/humans.txt``, ``/funding.json``
(the fundingjson.org manifest that funders' crawlers read) and the ``/m/<path>``
short links to uploaded media (served by the pages domain at ``/media/``).

They belong to the site, not to a domain: :func:`register_site_files` adds them as
app-level routes."""

from __future__ import annotations

import json
import posixpath
from pathlib import Path
from typing import Any

from flask import (
    Flask,
    Response,
    abort,
    current_app,
    redirect,
    render_template,
    url_for,
)

# The manifest served when ``FUNDING_JSON`` (a path to a JSON file) is not set;
# fundingjson.org's v1.0.0 schema.
DEFAULT_FUNDING: dict[str, Any] = {
    "version": "v1.0.0",
    "entity": {
        "type": "organisation",
        "role": "steward",
        "name": "Python Software Foundation",
        "email": "psf-donations@python.org",
        "description": (
            "The Python Software Foundation is the non-profit organisation that "
            "holds the intellectual property rights behind Python and supports its "
            "community: PyPI, PyCon US, grants and the core developers."
        ),
        "webpageUrl": {"url": "https://www.python.org/psf/"},
    },
    "projects": [
        {
            "guid": "cpython",
            "name": "CPython",
            "description": "The reference implementation of the Python language.",
            "webpageUrl": {"url": "https://www.python.org/"},
            "repositoryUrl": {"url": "https://github.com/python/cpython"},
            "licenses": ["spdx:PSF-2.0"],
            "tags": ["programming-language", "python"],
        }
    ],
    "funding": {
        "channels": [
            {
                "guid": "psf-donations",
                "type": "payment-provider",
                "address": "https://www.python.org/psf/donations/",
                "description": "Donate to the PSF online.",
            }
        ],
        "plans": [
            {
                "guid": "psf-donation",
                "status": "active",
                "name": "Donation",
                "description": "A one-time or recurring donation of any amount.",
                "amount": 0,
                "currency": "USD",
                "frequency": "one-time",
                "channels": ["psf-donations"],
            }
        ],
        "history": [],
    },
}


def humans_txt() -> Response:
    response = Response(render_template("humans.txt"), mimetype="text/plain")
    response.headers["Cache-Control"] = "public, max-age=3600"
    return response


def funding_manifest() -> dict[str, Any]:
    """``FUNDING_JSON`` (a JSON file's path) if set, else the built-in manifest."""
    path = current_app.config.get("FUNDING_JSON") or ""
    if not path:
        return DEFAULT_FUNDING
    try:
        manifest = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        current_app.logger.exception("FUNDING_JSON %s cannot be read", path)
        abort(404)
    if not isinstance(manifest, dict):
        abort(404)
    return manifest


def funding_json() -> Response:
    body = json.dumps(funding_manifest(), indent=2, ensure_ascii=False) + "\n"
    response = Response(body, mimetype="application/json")
    response.headers["Cache-Control"] = "public, max-age=3600"
    response.headers["Access-Control-Allow-Origin"] = "*"  # read by funders' crawlers
    return response


def media_short_link(filename: str) -> Response:
    """``/m/<path>`` moved permanently to ``/media/<path>`` (python.org's short links).

    The path is normalised first; anything that would climb out of the media folder
    (``..``, an absolute path, a backslash) is a 404, never a redirect.
    """
    if "\\" in filename or filename.startswith("/"):
        abort(404)
    normalized = posixpath.normpath(filename.rstrip("/"))
    if normalized in (".", "..") or normalized.startswith("../"):
        abort(404)
    return redirect(url_for("pages.media", filename=normalized), code=301)


def register_site_files(app: Flask) -> None:
    app.add_url_rule("/humans.txt", "humans_txt", humans_txt)
    app.add_url_rule("/funding.json", "funding_json", funding_json)
    app.add_url_rule("/m/<path:filename>", "media_short_link", media_short_link)

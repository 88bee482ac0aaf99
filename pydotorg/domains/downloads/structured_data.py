"""schema.org ``SoftwareApplication`` for a release page."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pydotorg.core.seo import iso, schema, site_url, thing
from pydotorg.domains.downloads.models import Release, ReleaseFile


def release_structured_data(
    release: Release, files: Sequence[ReleaseFile], url: str
) -> dict[str, Any]:
    systems = sorted({file.os.name for file in files if file.os is not None})
    source = next((file for file in files if file.is_source), None)
    return schema(
        "SoftwareApplication",
        name=release.name,
        softwareVersion=release.version_number,
        applicationCategory="DeveloperApplication",
        operatingSystem=", ".join(systems) or None,
        datePublished=iso(release.release_date),
        url=site_url(url),
        downloadUrl=source.url if source else None,
        releaseNotes=release.release_notes_url or None,
        license="https://docs.python.org/3/license.html",
        isAccessibleForFree=True,
        offers=thing("Offer", price="0", priceCurrency="USD"),
        publisher=thing(
            "Organization",
            name="Python Software Foundation",
            url=site_url("/"),
        ),
    )

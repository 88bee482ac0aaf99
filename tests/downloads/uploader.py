"""A release uploader that speaks python.org's v1 API the way release managers' tooling does.

Our own harness, written from the documented conversation (``reference/clients.md``
section 1): find the release by name and each OS by slug, delete the release's
files, then post every artifact with its URL, SHA-256, size and sidecar URLs, and
read each new id from ``Location``. On a failed post it deletes what it created.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import requests

DOWNLOAD_ROOT = "https://www.python.org/ftp/python/"
SIDECARS = {
    ".asc": "gpg_signature_file",
    ".sig": "sigstore_signature_file",
    ".crt": "sigstore_cert_file",
    ".sigstore": "sigstore_bundle_file",
    ".spdx.json": "sbom_spdx2_file",
}
# (file-name ending, label, OS slug, download button, description); first match wins.
RULES = (
    (".tgz", "Gzipped source tarball", "source", False, ""),
    (".tar.xz", "XZ compressed source tarball", "source", True, ""),
    ("-embed-amd64.zip", "Windows embeddable package (64-bit)", "windows", False, ""),
    ("-amd64.exe", "Windows installer (64-bit)", "windows", True, "Recommended"),
    ("-macos11.pkg", "macOS installer", "macos", True, "for macOS 10.15 and later"),
    (
        "-aarch64-linux-android.tar.gz",
        "Android embeddable package (aarch64)",
        "android",
        False,
        "",
    ),
)


class UploadError(RuntimeError):
    pass


class ReleaseUploader:
    def __init__(self, base_url: str, auth_info: str) -> None:
        self.base_url = base_url.rstrip("/") + "/"
        self.session = requests.Session()
        self.session.headers.update(
            {"Authorization": f"ApiKey {auth_info}", "Content-Type": "application/json"}
        )
        self.requests: list[tuple[str, str]] = []

    def _send(self, method: str, url: str, **kwargs: object) -> requests.Response:
        self.requests.append((method, url))
        return self.session.request(method, url, timeout=10, **kwargs)

    def find(self, resource: str, **params: str) -> int:
        # Built by hand, not URL-encoded, as the real tool does ("Python+3.14.0").
        query = "&".join(f"{key}={value}" for key, value in params.items())
        response = self._send("GET", f"{self.base_url}downloads/{resource}/?{query}")
        if response.status_code != 200 or not response.json()["objects"]:
            raise UploadError(f"no object for {resource} {params!r}")
        uri = response.json()["objects"][0]["resource_uri"]
        return int(uri.strip("/").split("/")[-1])

    def upload(self, release: str, directory: Path) -> list[int]:
        release_id = self.find("release", name=f"Python+{release}")
        os_ids: dict[str, int] = {}
        bodies = []
        for path in sorted(directory.iterdir()):
            rule = self._rule(path.name)
            if rule is None:
                continue
            _ending, label, os_slug, button, description = rule
            if os_slug not in os_ids:
                os_ids[os_slug] = self.find("os", slug=os_slug)
            bodies.append(
                self._body(
                    release,
                    release_id,
                    path,
                    label,
                    os_ids[os_slug],
                    button,
                    description,
                )
            )
        response = self._send(
            "DELETE", f"{self.base_url}downloads/release_file/?release={release_id}"
        )
        if response.status_code != 204:
            raise UploadError(f"deleting previous files failed: {response.status_code}")
        created: list[int] = []
        for body in bodies:
            response = self._send(
                "POST", f"{self.base_url}downloads/release_file/", data=json.dumps(body)
            )
            if response.status_code != 201:
                for file_id in reversed(created):
                    self._send(
                        "DELETE", f"{self.base_url}downloads/release_file/{file_id}/"
                    )
                raise UploadError(
                    f"creating {body['name']} failed: {response.status_code}"
                )
            created.append(int(response.headers["Location"].strip("/").split("/")[-1]))
        return created

    @staticmethod
    def _rule(name: str) -> tuple[str, str, str, bool, str] | None:
        if name.endswith(tuple(SIDECARS)):
            return None
        for rule in RULES:
            if name.endswith(rule[0]):
                return rule
        return None

    @staticmethod
    def _body(
        release: str,
        release_id: int,
        path: Path,
        label: str,
        os_id: int,
        button: bool,
        description: str,
    ) -> dict[str, object]:
        base = release.split("a")[0].split("b")[0].split("rc")[0]
        suffix = release[len(base) :]
        compact = base.replace(".", "") + (f"-{suffix}" if suffix else "")
        url = f"{DOWNLOAD_ROOT}{base}/{path.name}"
        body: dict[str, object] = {
            "name": label,
            "slug": f"{compact}-{label.replace(' ', '-').replace('(', '').replace(')', '')[:40]}",
            "os": f"/api/v1/downloads/os/{os_id}/",
            "release": f"/api/v1/downloads/release/{release_id}/",
            "description": description,
            "is_source": os_id == 3,
            "url": url,
            "sha256_sum": hashlib.sha256(path.read_bytes()).hexdigest(),
            "filesize": path.stat().st_size,
            "download_button": button,
        }
        for suffix_name, field in SIDECARS.items():
            if path.with_name(path.name + suffix_name).exists():
                body[field] = url + suffix_name
        return body

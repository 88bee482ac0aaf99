"""Uploaded files: checked, renamed safely, kept in MEDIA_ROOT.

Any domain that takes uploads (page images and documents, sponsor logos) checks
them here. Files live below ``MEDIA_ROOT`` (default ``instance/media``) and are
served at ``/media/<path>``. Only a short list of types is taken, and a file must
start with its type's signature, so nothing a browser would run as a page (HTML,
SVG, scripts) can be uploaded.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import IO

from flask import current_app
from werkzeug.datastructures import FileStorage
from werkzeug.utils import secure_filename

from pydotorg.core.rules import RuleError

MB = 1024 * 1024
MAX_IMAGE_BYTES = 5 * MB
# One below the 20 MB request limit (MAX_CONTENT_LENGTH): a document at the limit still
# leaves room for the rest of the form, so it gets this form error instead of a 413.
MAX_DOCUMENT_BYTES = 19 * MB

_ZIP = (b"PK\x03\x04",)
_OLE = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)
IMAGE_SIGNATURES: dict[str, tuple[bytes, ...]] = {
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".gif": (b"GIF87a", b"GIF89a"),
    ".webp": (b"RIFF",),
}
# None: a text format, checked as UTF-8 without NUL bytes instead.
DOCUMENT_SIGNATURES: dict[str, tuple[bytes, ...] | None] = {
    ".pdf": (b"%PDF-",),
    ".zip": _ZIP,
    ".docx": _ZIP,
    ".xlsx": _ZIP,
    ".pptx": _ZIP,
    ".odt": _ZIP,
    ".ods": _ZIP,
    ".odp": _ZIP,
    ".epub": _ZIP,
    ".doc": _OLE,
    ".xls": _OLE,
    ".ppt": _OLE,
    ".gz": (b"\x1f\x8b",),
    ".tgz": (b"\x1f\x8b",),
    ".txt": None,
    ".csv": None,
    ".rst": None,
    ".md": None,
}


class UploadError(RuleError):
    """An upload was refused; the message names the file and the reason."""


def safe_filename(name: str | None) -> str:
    """A lowercase ASCII file name without directories (``My Logo!.PNG`` → ``my_logo.png``).

    The extension is split off first: ``secure_filename`` drops non-ASCII letters, so
    ``日本.png`` would otherwise become ``png`` and lose its type.
    """
    base = os.path.basename((name or "").replace("\\", "/"))
    stem, ext = os.path.splitext(base)
    stem = secure_filename(stem).lower().lstrip("._") or "file"
    ext = secure_filename(ext.lstrip(".")).lower()
    return f"{stem}.{ext}" if ext else stem


def _size(stream: IO[bytes]) -> int:
    stream.seek(0, os.SEEK_END)
    size = stream.tell()
    stream.seek(0)
    return size


def _looks_like(head: bytes, ext: str, signatures: tuple[bytes, ...] | None) -> bool:
    if signatures is None:
        if b"\x00" in head:
            return False
        try:
            head.decode("utf-8")
        except UnicodeDecodeError as error:
            # A multi-byte character cut at the end of the sample is still text.
            return error.start >= len(head) - 3
        return True
    if ext == ".webp":
        return head.startswith(b"RIFF") and head[8:12] == b"WEBP"
    return head.startswith(signatures)


def check_upload(storage: FileStorage, *, kind: str) -> str:
    """Raise UploadError unless the upload is an acceptable image or document."""
    table: dict[str, tuple[bytes, ...] | None]
    if kind == "image":
        table, limit = dict(IMAGE_SIGNATURES), MAX_IMAGE_BYTES
    else:
        table, limit = DOCUMENT_SIGNATURES, MAX_DOCUMENT_BYTES
    original = storage.filename or ""
    filename = safe_filename(original)
    ext = os.path.splitext(filename)[1]
    if ext not in table:
        allowed = ", ".join(sorted(table))
        raise UploadError(f"{original}: only {allowed} files are accepted.")
    size = _size(storage.stream)
    if size == 0:
        raise UploadError(f"{original}: the file is empty.")
    if size > limit:
        raise UploadError(f"{original}: too large (at most {limit // MB} MB).")
    head = storage.stream.read(512)
    storage.stream.seek(0)
    if not _looks_like(head, ext, table[ext]):
        raise UploadError(f"{original}: the content is not a valid {ext[1:]} file.")
    return filename


def media_root() -> Path:
    """Where uploads are kept (``MEDIA_ROOT``)."""
    return Path(current_app.config["MEDIA_ROOT"])


def unique_target(folder: Path, filename: str) -> Path:
    stem, ext = os.path.splitext(filename)
    candidate, n = folder / filename, 1
    while candidate.exists():
        n += 1
        candidate = folder / f"{stem}-{n}{ext}"
    return candidate

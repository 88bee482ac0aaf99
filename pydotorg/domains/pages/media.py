"""Images and documents uploaded for pages, kept in MEDIA_ROOT.

Page images go under ``pages/<page path>/``, documents under ``files/``
(python.org's upload folders); the checks are core's (:mod:`pydotorg.core.uploads`).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session
from werkzeug.datastructures import FileStorage

from pydotorg.core.uploads import check_upload, media_root, unique_target
from pydotorg.domains.pages.models import DocumentFile, Image, Page


@dataclass
class MediaService:
    session: Session

    def _store(self, storage: FileStorage, folder: str, kind: str) -> str:
        filename = check_upload(storage, kind=kind)
        root = media_root()
        target_dir = root / folder
        target_dir.mkdir(parents=True, exist_ok=True)
        target = unique_target(target_dir, filename)
        storage.save(target)
        return target.relative_to(root).as_posix()

    def add_image(self, page: Page, storage: FileStorage) -> Image:
        relative = self._store(storage, f"pages/{page.path}", "image")
        image = Image(page=page, image=relative)
        self.session.add(image)
        self.session.flush()
        return image

    def add_document(self, page: Page, storage: FileStorage) -> DocumentFile:
        relative = self._store(storage, "files", "document")
        document = DocumentFile(page=page, document=relative)
        self.session.add(document)
        self.session.flush()
        return document

    def delete_file(self, relative: str) -> None:
        """Remove an attachment's file (the row is deleted by the caller)."""
        root = media_root().resolve()
        target = (root / relative).resolve()
        if target.is_relative_to(root) and target.is_file():
            target.unlink()

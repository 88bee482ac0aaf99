"""Business rules for pages: paths, templates, saving, redirects and history."""

from __future__ import annotations

import difflib
import itertools
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import sqlalchemy as sa
from flask import current_app, has_app_context
from markupsafe import Markup
from sqlalchemy.orm import Session, scoped_session, selectinload
from werkzeug.exceptions import MethodNotAllowed, NotFound
from werkzeug.routing import RequestRedirect

from pydotorg.core.markup import ContentType, render
from pydotorg.core.permissions import require_staff
from pydotorg.core.rules import RuleError
from pydotorg.domains.pages.models import (
    REVISION_FIELDS,
    Page,
    PageRevision,
    Redirect,
)

# Lowercase letters, digits, "-" and "." in "/"-separated segments (python.org's rule).
PATH_RE = re.compile(r"[a-z0-9.-]+(?:/[a-z0-9.-]+)*")
# First segments that belong to the application itself; pages never live there.
RESERVED_PREFIXES = frozenset(
    {"admin", "api", "accounts", "users", "media", "static", "m"}
)
# Path segments that mean an action somewhere in the site (DECISIONS' reserved words).
RESERVED_SEGMENTS = frozenset({"edit"})

DEFAULT_TEMPLATE = "pages/default.html"
FEED_LIST_TEMPLATE = "pages/feed-list.html"
PAGE_TEMPLATES: dict[str, str] = {
    DEFAULT_TEMPLATE: "Default (with sidebar)",
    "pages/full-width.html": "Full width",
    "pages/psf.html": "PSF section",
    FEED_LIST_TEMPLATE: "Feed list (newest entries of a feed aggregate)",
}


class PageError(RuleError):
    """A page rule was broken; the message is shown to the editor."""


def normalize_path(value: str | None) -> str:
    """``/about/`` and ``about`` are the same page: stored without outer slashes."""
    return (value or "").strip().strip("/")


# First segments whose URLs never reach pages or redirects (the page fallback skips them).
UNSERVED_PREFIXES = ("api", "admin", "media", "static")


def route_conflict(path: str) -> bool:
    """Whether ``/path/`` is answered by a route of the application (not a page)."""
    return _answered_by_route(f"/{path}/")


def _answered_by_route(url: str) -> bool:
    if not has_app_context():
        return False
    adapter = current_app.url_map.bind("localhost")
    try:
        adapter.match(url)
    except RequestRedirect:
        return True
    except MethodNotAllowed:
        return True
    except NotFound:
        return False
    return True


def path_problem(path: str) -> str | None:
    """Why ``path`` (already normalized) can't be a page path, or None."""
    if not path:
        return "Enter a path, e.g. about/history."
    if len(path) > 500:
        return "The path is too long (at most 500 characters)."
    if not PATH_RE.fullmatch(path):
        return (
            "Use lowercase letters, digits, '-' and '.' in segments separated "
            "by '/', e.g. psf/mission."
        )
    segments = path.split("/")
    if any(set(segment) == {"."} for segment in segments):
        return "A path segment can't be only dots."
    if segments[0] in RESERVED_PREFIXES:
        return f"/{segments[0]}/ belongs to the site itself; choose another path."
    if reserved := RESERVED_SEGMENTS.intersection(segments):
        return (
            f"'{sorted(reserved)[0]}' is a reserved word and can't be a path segment."
        )
    if route_conflict(path):
        return f"/{path}/ is already served by another part of the site."
    return None


def template_problem(name: str | None) -> str | None:
    if name and name not in PAGE_TEMPLATES:
        return f"Unknown template {name!r}; choose one of the listed templates."
    return None


def template_for(name: str | None) -> str:
    """The template a page renders with (an unknown stored name falls back)."""
    return name if name in PAGE_TEMPLATES else DEFAULT_TEMPLATE


def normalize_redirect_target(value: str | None) -> str:
    """A site path (always ``/a/b/``) or an absolute http(s) URL; else PageError."""
    value = (value or "").strip()
    parts = urlsplit(value)
    if parts.scheme or value.startswith("//"):
        if parts.scheme in ("http", "https") and parts.netloc:
            return value
        raise PageError("Redirect to a site path (/about/) or an http(s) URL.")
    if not value.strip("/"):
        return "/"
    if any(c.isspace() for c in value):
        raise PageError("A redirect target can't contain spaces.")
    path, _, query = value.partition("?")
    target = f"/{path.strip('/')}/"
    return f"{target}?{query}" if query else target


def redirect_source_problem(old_path: str) -> str | None:
    if not old_path:
        return "Enter the old path, e.g. about/old-page."
    if any(c.isspace() for c in old_path) or len(old_path) > 500:
        return "The old path can't contain spaces (at most 500 characters)."
    # Old paths keep python.org's legacy spelling (capitals, ``.html``), so only the
    # page rules that make a redirect unreachable apply: a route or reserved prefix
    # answers these URLs first, and the redirect would never be used.
    first = old_path.split("/")[0]
    if first in UNSERVED_PREFIXES:
        return f"/{first}/ belongs to the site itself; a redirect there is never used."
    if _answered_by_route(f"/{old_path}/") or _answered_by_route(f"/{old_path}"):
        return (
            f"/{old_path}/ is already served by another part of the site; "
            "a redirect there is never used."
        )
    return None


@dataclass
class FieldDiff:
    """How one field differs between two versions."""

    name: str
    old: Any
    new: Any
    lines: list[tuple[str, str]] = field(default_factory=list)  # (kind, text)


@dataclass
class PageService:
    session: Session

    def _no_autoflush(self) -> Any:
        # ``db.session`` is a scoped_session, which doesn't proxy ``no_autoflush``.
        session = self.session
        if isinstance(session, scoped_session):
            session = session()
        return session.no_autoflush

    # Public serving -----------------------------------------------------------

    def find_redirect(self, path: str) -> Redirect | None:
        return self.session.scalar(
            sa.select(Redirect).where(Redirect.old_path == normalize_path(path))
        )

    def resolve(self, path: str) -> tuple[str | None, Page | None]:
        """The redirect target and the page for ``path``, in one query.

        A page view must stay within a few queries (the current user and the
        site banners take their own), so both lookups share one statement.
        """
        wanted = sa.select(sa.literal(normalize_path(path)).label("path")).subquery()
        target = (
            sa.select(Redirect.new_path)
            .where(Redirect.old_path == wanted.c.path)
            .scalar_subquery()
        )
        row = self.session.execute(
            sa.select(Page, target.label("redirect"))
            .select_from(wanted)
            .outerjoin(Page, Page.path == wanted.c.path)
        ).one()
        return row.redirect, row.Page

    # Editing ------------------------------------------------------------------

    def check(self, page: Page) -> None:
        """Raise PageError unless the page's path and template are acceptable."""
        page.path = normalize_path(page.path)
        if problem := path_problem(page.path):
            raise PageError(problem)
        if problem := template_problem(page.template_name):
            raise PageError(problem)
        if page.template_name == FEED_LIST_TEMPLATE and not page.feed_aggregate:
            raise PageError("The feed list template needs a feed aggregate.")
        with self._no_autoflush():
            taken = self.session.scalar(
                sa.select(Page.id).where(Page.path == page.path, Page.id != page.id)
                if page.id is not None
                else sa.select(Page.id).where(Page.path == page.path)
            )
        if taken is not None:
            raise PageError(f"Another page already lives at /{page.path}/.")

    def save(
        self,
        page: Page,
        *,
        by: Any,
        leave_redirect: bool = False,
        comment: str = "",
    ) -> Page:
        """Validate and flush a new or changed page (a revision is recorded)."""
        # No autoflush until the editor is set: an early flush would record the
        # change without its author.
        with self._no_autoflush():
            require_staff(by)
            page.last_modified_by = by
            page.revision_comment = comment
            if page.id is None or page not in self.session:
                page.creator = page.creator or by
                self.session.add(page)
            self.check(page)
            old_path = self.previous_path(page)
            if old_path and old_path != page.path:
                self.moved(old_path, page.path, leave_redirect=leave_redirect)
            else:
                self.unshadow(page.path)
        self.session.flush()
        return page

    def publish(self, page: Page, *, by: Any) -> Page:
        """Show the page to everyone (a revision records who did it)."""
        page.is_published = True
        return self.save(page, by=by, comment="Published")

    def unpublish(self, page: Page, *, by: Any) -> Page:
        """Back to a draft only staff can preview."""
        page.is_published = False
        return self.save(page, by=by, comment="Unpublished")

    def delete(self, page: Page, *, by: Any) -> list[str]:
        """Delete the page (its versions and attachments go with it); flush.

        Returns the attachments' file paths below MEDIA_ROOT: the caller removes
        the files once the deletion is committed.
        """
        require_staff(by)
        files = [image.image for image in page.images]
        files += [document.document for document in page.documents]
        self.session.delete(page)
        self.session.flush()
        return files

    @staticmethod
    def previous_path(page: Page) -> str | None:
        """The path the page had in the database before this change."""
        history = sa.inspect(page).attrs.path.history
        if history.deleted:
            return history.deleted[0]
        return None

    def moved(self, old_path: str, new_path: str, *, leave_redirect: bool) -> None:
        """A page moved: optionally leave a redirect, and keep redirects unchained."""
        target = f"/{new_path}/"
        with self._no_autoflush():
            for redirect in self.session.scalars(
                sa.select(Redirect).where(Redirect.new_path == f"/{old_path}/")
            ):
                redirect.new_path = target
            if leave_redirect:
                existing = self.find_redirect(old_path)
                if existing is None:
                    self.session.add(Redirect(old_path=old_path, new_path=target))
                else:
                    existing.new_path = target
        self.unshadow(new_path)

    def unshadow(self, path: str) -> None:
        """A redirect from a page's own path would hide the page: remove it."""
        with self._no_autoflush():
            redirect = self.find_redirect(path)
        if redirect is not None:
            self.session.delete(redirect)

    def preview(self, content: str | None, content_type: ContentType | str) -> Markup:
        """Exactly what the page will show for this content once saved."""
        return render(content or "", content_type)

    # Redirects ----------------------------------------------------------------

    def save_redirect(self, redirect: Redirect) -> Redirect:
        redirect.old_path = normalize_path(redirect.old_path)
        if problem := redirect_source_problem(redirect.old_path):
            raise PageError(problem)
        redirect.new_path = normalize_redirect_target(redirect.new_path)
        if redirect.new_path == f"/{redirect.old_path}/":
            raise PageError("A redirect can't point to itself.")
        self.session.add(redirect)
        self.session.flush()
        return redirect

    # History ------------------------------------------------------------------

    def history(self, page: Page) -> list[PageRevision]:
        """Every version of the page, newest first, with who saved it."""
        return list(
            self.session.scalars(
                sa.select(PageRevision)
                .where(PageRevision.page_id == page.id)
                .options(selectinload(PageRevision.created_by))
                .order_by(PageRevision.revision.desc())
            )
        )

    def get_revision(self, page: Page, number: int) -> PageRevision:
        revision = self.session.scalar(
            sa.select(PageRevision).where(
                PageRevision.page_id == page.id, PageRevision.revision == number
            )
        )
        if revision is None:
            raise PageError(f"This page has no version {number}.")
        return revision

    def restore(self, page: Page, revision: PageRevision, *, by: Any) -> Page:
        """Bring back an old version's fields (not its path); records a new version."""
        if revision.page_id != page.id:
            raise PageError("That version belongs to another page.")
        for name in REVISION_FIELDS:
            if name != "path":
                setattr(page, name, getattr(revision, name))
        return self.save(page, by=by, comment=f"Restored version {revision.revision}")

    @staticmethod
    def diff(old: PageRevision, new: PageRevision) -> list[FieldDiff]:
        """Field-by-field differences; content as a line diff."""
        changes = []
        for name in REVISION_FIELDS:
            before, after = getattr(old, name), getattr(new, name)
            if before == after:
                continue
            change = FieldDiff(name, before, after)
            if isinstance(before, str) and isinstance(after, str):
                change.lines = _line_diff(before, after)
            changes.append(change)
        return changes

    @staticmethod
    def changed_fields(revisions: list[PageRevision]) -> dict[int, list[str]]:
        """For each version (newest first), which fields it changed from the one before."""
        changed: dict[int, list[str]] = {}
        for newer, older in itertools.pairwise(revisions):
            changed[newer.revision] = [
                name
                for name in REVISION_FIELDS
                if getattr(newer, name) != getattr(older, name)
            ]
        if revisions:
            changed.setdefault(revisions[-1].revision, [])
        return changed


def _line_diff(before: str, after: str) -> list[tuple[str, str]]:
    lines = []
    for line in difflib.unified_diff(
        before.splitlines(), after.splitlines(), lineterm="", n=3
    ):
        if line.startswith(("---", "+++")):
            continue
        kind = {"+": "added", "-": "removed", "@": "hunk"}.get(line[:1], "context")
        lines.append((kind, line))
    return lines

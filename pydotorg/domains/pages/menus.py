"""Site menus (python.org's sitetree): the header's menus, sections and breadcrumbs.

Every page shows the menu, so the tree of visible items is read once and kept in
memory per process (no query per page). A change to a menu item made in this
process clears it at once; other processes pick it up within ``MENU_CACHE_SECONDS``.
A page the response cache may store reads the menu afresh (see ``menu_tree``).
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from threading import Lock
from typing import Any

import sqlalchemy as sa
from flask import current_app
from sqlalchemy import event
from sqlalchemy.orm import Session
from werkzeug.exceptions import HTTPException

from pydotorg.core.response_cache import caching
from pydotorg.domains.pages.models import MenuItem, Page, Redirect

MAIN_MENU = "main"
FIXTURE = Path(__file__).with_name("data") / "pythondotorg-sitetree-menus.json"


@dataclass
class MenuNode:
    """A visible menu item and its visible children (plain data, safe to cache)."""

    title: str
    url: str
    hint: str = ""
    children: list[MenuNode] = field(default_factory=list)
    parent: MenuNode | None = field(default=None, repr=False, compare=False)

    @property
    def is_external(self) -> bool:
        return self.url.startswith(("http://", "https://"))

    @property
    def ancestors(self) -> list[MenuNode]:
        """From the root down to this node's parent."""
        chain: list[MenuNode] = []
        node = self.parent
        while node is not None:
            chain.insert(0, node)
            node = node.parent
        return chain

    def walk(self) -> list[MenuNode]:
        return [self, *(n for child in self.children for n in child.walk())]


_cache: dict[str, tuple[float, list[MenuNode]]] = {}
_lock = Lock()


def clear_menu_cache() -> None:
    with _lock:
        _cache.clear()


def _build(rows: list[MenuItem]) -> list[MenuNode]:
    nodes = {row.id: MenuNode(row.title, row.url, row.hint or "") for row in rows}
    roots: list[MenuNode] = []
    for row in rows:  # rows come sorted, so children keep their order
        node = nodes[row.id]
        if row.parent_id is None:
            roots.append(node)
        elif row.parent_id in nodes:  # a hidden parent hides its subtree
            node.parent = nodes[row.parent_id]
            node.parent.children.append(node)
    return roots


def menu_tree(session: Session, menu: str = MAIN_MENU) -> list[MenuNode]:
    """The visible roots of ``menu``, children nested, in order."""
    now = time.monotonic()
    with _lock:
        cached = _cache.get(menu)
    # A response that may be cached reads the menu afresh: another process may
    # have changed it, and the cached page would keep the old menu.
    if (
        not caching()
        and cached is not None
        and now - cached[0] < current_app.config["MENU_CACHE_SECONDS"]
    ):
        return cached[1]
    rows = list(
        session.scalars(
            sa.select(MenuItem)
            .where(MenuItem.menu == menu, MenuItem.is_visible.is_(True))
            .order_by(MenuItem.sort_order, MenuItem.title)
        )
    )
    tree = _build(rows)
    with _lock:
        _cache[menu] = (now, tree)
    return tree


def _matches(node: MenuNode, path: str) -> int:
    """How well ``node`` matches ``path``: the length of its URL as a path prefix."""
    if node.is_external or not node.url.startswith("/"):
        return -1
    url = node.url if node.url.endswith("/") else node.url + "/"
    if path == url or (url != "/" and path.startswith(url)):
        return len(url)
    return 0 if url == "/" else -1


def current_node(roots: list[MenuNode], path: str) -> MenuNode | None:
    """The deepest item whose URL is ``path`` or the longest prefix of it."""
    best, best_score = None, -1
    for root in roots:
        for node in root.walk():
            score = _matches(node, path)
            # Deeper items win ties: "/about/" under Python beats a root "/about/".
            if score > best_score or (
                score == best_score
                and best is not None
                and len(node.ancestors) > len(best.ancestors)
            ):
                best, best_score = node, score
    return best if best_score >= 0 else None


@dataclass(frozen=True)
class Navigation:
    roots: list[MenuNode]
    # The root whose children make the main menu (Python, or PSF on PSF pages).
    active_root: MenuNode | None
    current: MenuNode | None

    @property
    def breadcrumbs(self) -> list[MenuNode]:
        if self.current is None:
            return []
        return [*self.current.ancestors, self.current]

    @property
    def section(self) -> MenuNode | None:
        """The item whose children are the sub-navigation of the current page: the
        current item's second-level ancestor (About under Python, ...)."""
        trail = self.breadcrumbs
        if len(trail) >= 2:
            return trail[1]
        return trail[0] if trail else None


def navigation(session: Session, path: str) -> Navigation:
    roots = menu_tree(session)
    current = current_node(roots, path)
    active = (current.ancestors or [current])[0] if current else None
    if active is None and roots:
        active = roots[0]
    return Navigation(roots, active, current)


@event.listens_for(MenuItem, "after_insert")
@event.listens_for(MenuItem, "after_update")
@event.listens_for(MenuItem, "after_delete")
def _menu_changed(*args: Any) -> None:
    clear_menu_cache()


# -- the demo menu: python.org's own tree -------------------------------------------

# python.org's URL names in the fixture, as this site's paths.
URL_NAMES = {
    "home": "/",
    "psf-landing": "/psf/",
    "about": "/about/",
    "documentation": "/doc/",
    "download:download": "/downloads/",
    "blog": "/blogs/",
    "jobs:job_list": "/jobs/",
    "jobs:job_types": "/jobs/types/",
    "jobs:job_categories": "/jobs/categories/",
    "jobs:job_locations": "/jobs/locations/",
    "jobs:job_create": "/jobs/create/",
}
# python.org paths whose pages have another address here.
MOVED = {
    "/events/python-user-group/": "/events/user-group-events/",
    "/events/python-user-group/past/": "/events/user-group-events/past/",
    "https://wiki.python.org/moin/PythonEventsCalendar#Submitting_an_Event": (
        "/events/submit/"
    ),
}


def _url(fields: dict[str, Any]) -> str | None:
    url = str(fields["url"]).strip()
    if fields["urlaspattern"]:
        return URL_NAMES.get(url)
    url = url.removeprefix("https://www.python.org")
    if url.startswith("/") and not url.endswith("/") and "#" not in url:
        url += "/"
    return MOVED.get(url, url)


def _answers(url: str, page_paths: set[str]) -> bool:
    """Whether this site serves ``url`` (< 400); external links are trusted.

    A route of its own, or a published page or redirect (``page_paths``), answers
    without being rendered; only routes with arguments are asked, in the current
    session so the rest of the seed is visible.
    """
    if not url.startswith("/"):
        return True
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    try:
        _endpoint, arguments = app.url_map.bind("localhost").match(url, method="GET")
    except HTTPException:  # not a route: the page fallback serves it, or nothing
        return url.split("?")[0].strip("/") in page_paths
    if not arguments:
        return True
    with app.test_request_context(url):
        try:
            response = app.full_dispatch_request()
        except Exception:  # a page that breaks is not worth a menu entry
            return False
    return response.status_code < 400


def seed_menus(session: Session) -> None:
    """python.org's main menu; items pointing at pages this site lacks are hidden."""
    rows = [
        row
        for row in json.loads(FIXTURE.read_text())
        if row["model"] == "sitetree.treeitem"
    ]
    existing = session.scalar(
        sa.select(sa.func.count())
        .select_from(MenuItem)
        .where(MenuItem.menu == MAIN_MENU)
    )
    if existing:
        return
    items: dict[int, MenuItem] = {}
    for row in sorted(rows, key=lambda r: r["pk"]):
        fields = row["fields"]
        url = _url(fields)
        items[row["pk"]] = MenuItem(
            menu=MAIN_MENU,
            title=" ".join(fields["title"].split()),
            url=url or "/",
            hint=fields["hint"] or "",
            sort_order=fields["sort_order"],
            is_visible=bool(url and fields["inmenu"] and not fields["hidden"]),
        )
    for row in rows:
        parent = row["fields"]["parent"]
        if parent is not None:
            items[row["pk"]].parent = items[parent]
    session.add_all(items.values())
    session.flush()
    page_paths = set(
        session.scalars(sa.select(Page.path).where(Page.is_published.is_(True)))
    ) | set(session.scalars(sa.select(Redirect.old_path)))
    for item in items.values():
        if item.is_visible and not _answers(item.url, page_paths):
            item.is_visible = False
    session.flush()

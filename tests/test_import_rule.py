"""The import rule: core knows no domain, domains import only what the matrix allows.

Every ``import`` in ``pydotorg/`` is read with ``ast`` (function-level and
``TYPE_CHECKING`` imports too: a relationship is a dependency) and checked against
the rule (DECISIONS, "Structure"):

- ``pydotorg.core`` imports no domain, not the domain registry, not ``site`` and
  not the app; one exception: ``core/models.py`` may import the users model under
  ``TYPE_CHECKING`` (the ``users`` table is core's contract, as Django's user model);
- any domain may import ``users`` and ``mailing``; ``mailing`` imports no domain;
  ``downloads`` may import ``pages`` (release pages); no other import between domains;
- ``pydotorg.site`` (home page, API roots) may import any domain; nothing imports it
  but the app;
- only the app (``pydotorg/app.py``, ``pydotorg/cli.py``) imports the domain registry.

How to read a failure: each line is ``file:line imports module (rule broken)``, e.g.
``pydotorg/domains/pages/home.py:15 imports pydotorg.domains.downloads.models
(pages may import only mailing, users)``. Do not add an exception here: move the
code to where the rule allows it. Code that shows several domains belongs in
``pydotorg/site/``; a piece every domain needs belongs in ``pydotorg/core/``; a domain
that must react to another's changes subscribes to ``pydotorg.core.changes``.

A second test finds import cycles between the units (each core module, each domain,
``site``, the app), so no new circle sneaks in through allowed arrows.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import pydotorg

PACKAGE = Path(pydotorg.__file__).parent
# The domains any other domain may import.
BASE_DOMAINS = frozenset({"users", "mailing"})
# Imports between domains allowed beyond the base domains.
EXTRA_ARROWS = frozenset({("downloads", "pages")})
APP_MODULES = frozenset({"pydotorg", "pydotorg.app", "pydotorg.cli"})
# Importable by everyone: the extension objects and settings.
SHARED_MODULES = frozenset({"pydotorg.extensions", "pydotorg.config"})


@dataclass(frozen=True)
class Import:
    source: str  # module doing the import
    target: str  # module imported
    path: str
    line: int
    type_checking: bool

    def __str__(self) -> str:
        return f"{self.path}:{self.line} imports {self.target}"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _resolve(source: str, is_package: bool, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    base = source.split(".")
    base = base if is_package else base[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, node.module] if node.module else base)


def imports_of(path: Path) -> list[Import]:
    relative = str(path.relative_to(PACKAGE.parent))
    return imports_in(path.read_text(), module_name(path), relative)


def imports_in(code: str, source: str, relative: str) -> list[Import]:
    """The project imports in ``code``, the text of module ``source`` at ``relative``."""
    is_package = relative.endswith("__init__.py")
    found: list[Import] = []

    def visit(node: ast.AST, type_checking: bool) -> None:
        for child in ast.iter_child_nodes(node):
            inside = type_checking or (
                isinstance(child, ast.If) and _is_type_checking(child)
            )
            if isinstance(child, ast.Import):
                targets = [alias.name for alias in child.names]
            elif isinstance(child, ast.ImportFrom):
                module = _resolve(source, is_package, child)
                # ``from pydotorg.domains.users import services`` imports a module.
                targets = [f"{module}.{alias.name}" for alias in child.names]
                targets = [t if _exists(t) else module for t in targets]
            else:
                visit(child, inside)
                continue
            for target in targets:
                if target.split(".")[0] == "pydotorg":
                    found.append(
                        Import(source, target, relative, child.lineno, type_checking)
                    )

    visit(ast.parse(code, relative), False)
    return found


def _exists(module: str) -> bool:
    relative = Path(*module.split(".")[1:])
    return (PACKAGE / relative).with_suffix(".py").exists() or (
        PACKAGE / relative / "__init__.py"
    ).exists()


def all_imports() -> list[Import]:
    return [
        found for path in sorted(PACKAGE.rglob("*.py")) for found in imports_of(path)
    ]


def layer(module: str) -> tuple[str, str]:
    """(``core``|``domain``|``registry``|``site``|``app``|``shared``, name)."""
    parts = module.split(".")
    if module in APP_MODULES:
        return "app", module
    if module in SHARED_MODULES:
        return "shared", module
    if parts[1] == "core":
        return "core", module
    if parts[1] == "site":
        return "site", "site"
    if parts[1] == "domains":
        return ("domain", parts[2]) if len(parts) > 2 else ("registry", module)
    raise AssertionError(f"{module}: no layer; add it to the rule in this test")


def is_audit_exception(found: Import) -> bool:
    """Core's audit mixin annotates ``creator`` with the users model."""
    return (
        found.type_checking
        and found.source == "pydotorg.core.models"
        and found.target == "pydotorg.domains.users.models"
    )


def broken_rule(found: Import) -> str | None:
    """Why ``found`` breaks the import rule, or None if it keeps it."""
    (source_layer, source), (target_layer, target) = (
        layer(found.source),
        layer(found.target),
    )
    if (
        source_layer == "app"
        or target_layer == "shared"
        or (source_layer, source) == (target_layer, target)
    ):
        return None
    if target_layer == "app":
        return "only the entry points import the app"
    if target_layer == "registry":
        return None if source_layer == "app" else "only the app walks the registry"
    if source_layer == "shared":
        return "extensions and config import nothing of the project"
    if source_layer == "core":
        if target_layer == "core":
            return None
        if is_audit_exception(found):
            return None
        return "core imports no domain, site or app"
    if target_layer == "site":
        return None if source_layer == "app" else "only the app imports site"
    if source_layer in ("site", "app") or target_layer == "core":
        return None
    # Between domains.
    if source == "mailing":
        return "mailing imports no domain"
    if target in BASE_DOMAINS or (source, target) in EXTRA_ARROWS:
        return None
    allowed = sorted(BASE_DOMAINS - {source}) + [
        to for frm, to in sorted(EXTRA_ARROWS) if frm == source
    ]
    return f"{source} may import only {', '.join(allowed)}"


def unit(module: str) -> str:
    """The node of the cycle check: each core module, each domain, site, the app."""
    kind, name = layer(module)
    return name if kind in ("core", "app", "shared", "registry") else f"{kind}:{name}"


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one unit (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def connect(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in edges.get(node, ()):
            if nxt not in index:
                connect(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            connect(node)
    return found


def test_every_import_keeps_the_import_rule():
    imports = all_imports()
    assert len(imports) > 300  # the walk really read the package
    broken = [f"{found} ({why})" for found in imports if (why := broken_rule(found))]
    assert broken == []


def test_no_import_cycle_between_core_modules_domains_and_site():
    edges: dict[str, set[str]] = defaultdict(set)
    where: dict[tuple[str, str], str] = {}
    for found in all_imports():
        source, target = unit(found.source), unit(found.target)
        # The one annotation-only exception is not a dependency at run time.
        if source != target and target != "pydotorg" and not is_audit_exception(found):
            edges[source].add(target)
            where.setdefault((source, target), str(found))
    circles = cycles(edges)
    explained = [
        [where[(a, b)] for a in circle for b in circle if (a, b) in where]
        for circle in circles
    ]
    assert explained == []


def test_the_rule_catches_forbidden_imports_wherever_they_are():
    """The walk sees ``TYPE_CHECKING``, function-level and relative imports."""
    code = (
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n"
        "    from pydotorg.domains.sponsors.models import Sponsorship\n"
        "def late():\n"
        "    from pydotorg.site import home\n"
        "    from ..pages import models\n"
    )
    found = imports_in(
        code, "pydotorg.domains.users.probe", "pydotorg/domains/users/probe.py"
    )
    reasons = [
        (str(f).split(" ", 1)[1], f.type_checking, broken_rule(f)) for f in found
    ]
    assert reasons == [
        (
            "imports pydotorg.domains.sponsors.models",
            True,
            "users may import only mailing",
        ),
        ("imports pydotorg.site.home", False, "only the app imports site"),
        (
            "imports pydotorg.domains.pages.models",
            False,
            "users may import only mailing",
        ),
    ]

"""The Jinja2 sandbox email templates render in, and the checks run before one is saved.

Staff edit these templates in the admin, so they are untrusted code: they run in an
immutable ``SandboxedEnvironment`` with no globals (no ``range``, ``lipsum``, ``cycler``,
``joiner``, ``namespace``; no Flask ``config``, ``request``, ``url_for``), underscore
attributes are refused by the sandbox, and methods of database objects cannot be called
(``user.query.delete()`` would otherwise reach the database).
"""

from __future__ import annotations

import inspect
from collections.abc import Iterator, Mapping
from functools import cache
from typing import Any

from jinja2 import TemplateSyntaxError, Undefined, meta, nodes
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.visitor import NodeVisitor

# Names a template author might reach for to escape; the sandbox defines none of them,
# and validation reports them so nobody saves a template that relies on them.
FORBIDDEN_NAMES = frozenset(
    {
        "config",
        "request",
        "session",
        "g",
        "self",
        "url_for",
        "lipsum",
        "cycler",
        "joiner",
        "namespace",
    }
)

# Public attributes of model objects that lead to the database or the mapper.
BLOCKED_ATTRIBUTES = frozenset({"query", "query_class", "metadata", "registry"})


def _is_model(value: Any) -> bool:
    target = value if isinstance(value, type) else type(value)
    return hasattr(target, "__mapper__")


class MailSandbox(ImmutableSandboxedEnvironment):
    """The sandbox, minus database access through the objects in the context."""

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if attr in BLOCKED_ATTRIBUTES and _is_model(obj):
            return False
        return super().is_safe_attribute(obj, attr, value)

    def unsafe_undefined(self, obj: Any, attribute: str) -> Undefined:
        # Jinja renders a lone unsafe lookup as an empty string; we refuse the whole
        # template instead, so an escape attempt is a visible error, never a quiet mail.
        raise SecurityError(
            f"access to attribute {attribute!r} of {type(obj).__name__!r} is unsafe"
        )

    def is_safe_callable(self, obj: Any) -> bool:
        owner = getattr(obj, "__self__", None)
        if inspect.ismethod(obj) and owner is not None and _is_model(owner):
            return False
        return super().is_safe_callable(obj)


def _environment(*, autoescape: bool) -> MailSandbox:
    env = MailSandbox(autoescape=autoescape, keep_trailing_newline=True)
    env.globals.clear()
    return env


@cache
def text_environment() -> MailSandbox:
    """Subject and plain text: no escaping."""
    return _environment(autoescape=False)


@cache
def html_environment() -> MailSandbox:
    """HTML: every value from the context is escaped."""
    return _environment(autoescape=True)


def render_source(env: MailSandbox, source: str, context: Mapping[str, Any]) -> str:
    """Render ``source``; Jinja's errors (syntax, security, undefined) propagate.

    A template that fails validation is refused outright (``SecurityError``), even if
    it reached the database without the admin's checks.
    """
    tree = env.parse(source)
    problems = _problems(env, tree)
    if problems:
        raise SecurityError("; ".join(problems))
    return env.from_string(tree).render(dict(context))


def subject_line(value: str) -> str:
    return " ".join(value.split())


class _SafetyVisitor(NodeVisitor):
    """Walks a parsed template and collects ``(line, problem)`` pairs."""

    def __init__(self, env: MailSandbox) -> None:
        self.env = env
        self.problems: list[tuple[int, str]] = []

    def report(self, node: nodes.Node, problem: str) -> None:
        self.problems.append((node.lineno, problem))

    def visit_Name(self, node: nodes.Name) -> None:  # noqa: N802  (Jinja's visitor names)
        if node.ctx == "load" and node.name in FORBIDDEN_NAMES:
            self.report(node, f"'{node.name}' is not available in email templates")
        self.generic_visit(node)

    def visit_Getattr(self, node: nodes.Getattr) -> None:  # noqa: N802
        self._check_attribute(node, node.attr)
        self.generic_visit(node)

    def visit_Getitem(self, node: nodes.Getitem) -> None:  # noqa: N802
        if isinstance(node.arg, nodes.Const) and isinstance(node.arg.value, str):
            self._check_attribute(node, node.arg.value)
        self.generic_visit(node)

    def visit_Filter(self, node: nodes.Filter) -> None:  # noqa: N802
        if node.name not in self.env.filters:
            self.report(node, f"unknown filter '{node.name}'")
        self.generic_visit(node)

    def visit_Test(self, node: nodes.Test) -> None:  # noqa: N802
        if node.name not in self.env.tests:
            self.report(node, f"unknown test '{node.name}'")
        self.generic_visit(node)

    def visit_Extends(self, node: nodes.Node) -> None:  # noqa: N802
        self.report(node, "email templates cannot extend other templates")

    def visit_Include(self, node: nodes.Node) -> None:  # noqa: N802
        self.report(node, "email templates cannot include other templates")

    def visit_Import(self, node: nodes.Node) -> None:  # noqa: N802
        self.report(node, "email templates cannot import other templates")

    visit_FromImport = visit_Import  # noqa: N815

    def _check_attribute(self, node: nodes.Node, attr: str) -> None:
        if attr.startswith("_"):
            self.report(node, f"unsafe attribute '{attr}'")
        elif attr in BLOCKED_ATTRIBUTES:
            self.report(node, f"attribute '{attr}' is not available in email templates")


def validate_source(env: MailSandbox, source: str | None) -> Iterator[str]:
    """Problems in one template, each as ``line N: message``, in line order."""
    if not source:
        return
    try:
        tree = env.parse(source)
    except TemplateSyntaxError as error:
        yield f"line {error.lineno}: syntax error: {error.message}"
        return
    yield from _problems(env, tree)


def _problems(env: MailSandbox, tree: nodes.Template) -> list[str]:
    visitor = _SafetyVisitor(env)
    visitor.visit(tree)
    ordered = sorted(visitor.problems, key=lambda item: item[0])
    return [f"line {line}: {problem}" for line, problem in ordered]


def used_variables(source: str | None) -> set[str]:
    """Top-level names a template reads from its context (empty if it does not parse)."""
    if not source:
        return set()
    try:
        tree = text_environment().parse(source)
    except TemplateSyntaxError:
        return set()
    return set(meta.find_undeclared_variables(tree))

"""The Jinja2 sandbox email templates render in, and the checks run before one is saved.

Staff edit these templates in the admin, so they are untrusted code: they run in an
immutable ``SandboxedEnvironment`` with no globals (no ``range``, ``lipsum``, ``cycler``,
``joiner``, ``namespace``; no Flask ``config``, ``request``, ``url_for``), underscore
attributes are refused by the sandbox, and methods of database objects cannot be called
(``user.query.delete()`` would otherwise reach the database).
"""

from __future__ import annotations

import inspect
import re
import string
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

# Filters that look attributes up by a name given as an argument (``|attr('x')``,
# ``|map(attribute='x')``, ...): position of that argument after the value, if any.
ATTRIBUTE_FILTERS: dict[str, int | None] = {
    "attr": 0,
    "selectattr": 0,
    "rejectattr": 0,
    "groupby": 0,
    "sum": 0,
    "sort": 2,
    "unique": 1,
    "min": 1,
    "max": 1,
    "map": None,
}
# ``str`` methods that look attributes up from their format string (``'{0.x}'``).
FORMAT_METHODS = frozenset({"format", "format_map"})


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
        # ``x['__cla' ~ 'ss__']`` is folded; a name from the context is left to the
        # sandbox (looking up a dict by a variable key is ordinary).
        key = _constant(node.arg)
        if isinstance(key, str):
            self._check_attribute(node, key)
        self.generic_visit(node)

    def visit_Filter(self, node: nodes.Filter) -> None:  # noqa: N802
        if node.name not in self.env.filters:
            self.report(node, f"unknown filter '{node.name}'")
        self._check_attribute_arguments(node, node.name, node.args, node.kwargs)
        self.generic_visit(node)

    def visit_Call(self, node: nodes.Call) -> None:  # noqa: N802
        # ``'{0.__class__}'.format(user)`` reads attributes the sandbox would refuse.
        method = node.node
        if isinstance(method, nodes.Getattr) and method.attr in FORMAT_METHODS:
            pattern = _constant(method.node)
            if not isinstance(pattern, str):
                self.report(
                    node, f"'.{method.attr}()' needs a format string written out"
                )
            else:
                for problem in _format_problems(pattern):
                    self.report(node, problem)
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

    def _check_attribute_arguments(
        self,
        node: nodes.Node,
        name: str,
        args: list[nodes.Expr],
        kwargs: list[nodes.Keyword],
    ) -> None:
        """Attribute names passed to ``attr``, ``map``, ``sort``, ... must be safe."""
        if name not in ATTRIBUTE_FILTERS:
            return
        position = ATTRIBUTE_FILTERS[name]
        names = [kw.value for kw in kwargs if kw.key == "attribute"]
        if position is not None and len(args) > position:
            names.append(args[position])
        if name == "map" and args:
            # ``map('attr', '__class__')`` applies another filter to each item.
            inner = _constant(args[0])
            if isinstance(inner, str):
                self._check_attribute_arguments(node, inner, args[1:], [])
        for expression in names:
            value = _constant(expression)
            if isinstance(value, str):
                for part in value.split("."):
                    self._check_attribute(node, part)
            elif not isinstance(value, int):
                self.report(
                    node, f"'{name}' needs an attribute name written out, not computed"
                )


_NOT_CONSTANT = object()


def _constant(node: nodes.Node) -> Any:
    """The value of a literal (or literal-only) expression, else ``_NOT_CONSTANT``."""
    try:
        return node.as_const()  # type: ignore[attr-defined]
    except (nodes.Impossible, AttributeError, TypeError):
        return _NOT_CONSTANT


def _format_problems(pattern: str) -> Iterator[str]:
    """Unsafe fields of a ``str.format`` pattern (``{0.__class__}``, ``{x[_y]}``)."""
    try:
        fields = list(string.Formatter().parse(pattern))
    except ValueError as error:
        yield f"invalid format string: {error}"
        return
    for _, name, spec, _ in fields:
        for part in re.split(r"[.\[\]]", name or "")[1:]:
            if part.startswith("_"):
                yield f"unsafe attribute '{part}' in a format string"
        if spec:
            yield from _format_problems(spec)


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

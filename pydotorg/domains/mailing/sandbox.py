"""The Jinja2 sandbox email templates render in, and the checks run before one is saved.

Staff edit these templates in the admin, so they are untrusted code: they run in an
immutable ``SandboxedEnvironment`` with no globals (no ``range``, ``lipsum``, ``cycler``,
``joiner``, ``namespace``; no Flask ``config``, ``request``, ``url_for``), underscore
attributes are refused by the sandbox, and methods of database objects cannot be called
(``user.query.delete()`` would otherwise reach the database).

Templates also cannot exhaust the worker: ``**``, ``*`` and ``+`` refuse results past a
size limit before computing them, filters that pad or repeat text refuse huge widths,
format strings refuse huge field widths, and the rendered output has a size cap. (With
no ``range`` global, the sandbox's own ``MAX_RANGE`` cap stays the ceiling on loops.)
"""

from __future__ import annotations

import inspect
import re
import string
from collections.abc import Callable, Iterator, Mapping
from functools import cache, wraps
from typing import Any

from jinja2 import TemplateError, TemplateSyntaxError, Undefined, meta, nodes
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.visitor import NodeVisitor

from pydotorg.core.secret_registry import (
    SECRET_COLUMN_NAMES,
    is_secret_column,
    secret_variables_in,
)

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


# Resource limits: generous for real mail, far below what hurts a worker.
MAX_SEQUENCE_LENGTH = 100_000  # characters or items made by ``*`` / ``+`` / ``replace``
MAX_INTEGER_BITS = 4_096  # size of an integer made by ``**`` / ``*``
MAX_WIDTH = 1_000  # width arguments of padding filters and format fields
MAX_OUTPUT_LENGTH = 1_000_000  # characters one template may render

# Filters whose named arguments size the text they build, and those arguments.
WIDTH_FILTERS: dict[str, tuple[str, ...]] = {
    "center": ("width",),
    "indent": ("width",),
    "wordwrap": ("width",),
    "truncate": ("length", "leeway"),
    "batch": ("linecount",),
    "slice": ("slices",),
    "filesizeformat": (),
}
PASS_ARG_PARAMETERS = frozenset({"environment", "env", "eval_ctx", "context"})
_INTERCEPTED = frozenset({"**", "*", "+", "%"})
_FORMAT_NUMBER = re.compile(r"\d+")
_PERCENT_SPEC = re.compile(r"%(?:\([^)]*\))?([#0\- +]*(?:\*|\d+)?(?:\.(?:\*|\d+))?)")


def _too_big(problem: str) -> SecurityError:
    return SecurityError(f"{problem} (email templates have resource limits)")


def check_binop(op: str, left: Any, right: Any) -> None:
    """Refuse ``left op right`` if its result would be huge, before computing it."""
    ints = isinstance(left, int) and isinstance(right, int)
    if op == "**" and ints and right > 0:
        if abs(left) > 1 and left.bit_length() * right > MAX_INTEGER_BITS:
            raise _too_big(f"{left} ** {right} is too large")
    elif op == "*" and ints:
        if left.bit_length() + right.bit_length() > MAX_INTEGER_BITS:
            raise _too_big("the product is too large")
    elif op == "*":
        for seq, times in ((left, right), (right, left)):
            if (
                isinstance(seq, str | list | tuple)
                and isinstance(times, int)
                and len(seq) * times > MAX_SEQUENCE_LENGTH
            ):
                raise _too_big(f"repeating a sequence past {MAX_SEQUENCE_LENGTH} items")
    elif (
        op == "+"
        and isinstance(left, str | list | tuple)
        and isinstance(right, str | list | tuple)
        and len(left) + len(right) > MAX_SEQUENCE_LENGTH
    ):
        raise _too_big(f"joining sequences past {MAX_SEQUENCE_LENGTH} items")
    elif op == "%" and isinstance(left, str):
        check_percent_format(left)


def width_arguments(
    func: Callable[..., Any], names: tuple[str, ...], args: list, kwargs: dict
) -> dict[str, Any]:
    """The named size arguments of a filter call (``args`` exclude the filtered value)."""
    signature = inspect.signature(func)
    params = list(signature.parameters)
    # The environment / eval context Jinja passes first (async-variant filters such as
    # ``slice`` are called with one but their signature does not show it).
    if params and params[0] in PASS_ARG_PARAMETERS:
        params = params[1:]
    positional = dict(zip(params[1:], args, strict=False))
    found = {**positional, **kwargs}
    return {name: found[name] for name in names if name in found}


def _check_width(name: str, value: Any) -> None:
    size = len(value) if isinstance(value, str) else value
    if isinstance(size, int) and size > MAX_WIDTH:
        raise _too_big(f"{name}={size} is larger than {MAX_WIDTH}")


def check_format_string(pattern: str) -> None:
    """Refuse field widths/precisions over ``MAX_WIDTH`` in a ``str.format`` pattern."""
    try:
        fields = list(string.Formatter().parse(pattern))
    except ValueError:
        return  # the call itself reports the bad pattern
    for _, _, spec, _ in fields:
        if spec:
            for number in _FORMAT_NUMBER.findall(spec):
                _check_width("format width", int(number))
            check_format_string(spec)


def check_percent_format(pattern: str) -> None:
    """The same for ``%`` formatting (``'%9999s' % x``, ``|format``); ``*`` is refused."""
    for spec in _PERCENT_SPEC.findall(pattern):
        if "*" in spec:
            raise _too_big("'*' widths are not allowed in format strings")
        for number in _FORMAT_NUMBER.findall(spec):
            _check_width("format width", int(number))


def _capped_filter(func: Callable[..., Any], names: tuple[str, ...]) -> Callable:
    skip = 2 if getattr(func, "jinja_pass_arg", None) is not None else 1

    @wraps(func)
    def capped(*args: Any, **kwargs: Any) -> Any:
        widths = width_arguments(func, names, list(args[skip:]), kwargs)
        for name, value in widths.items():
            _check_width(name, value)
        return func(*args, **kwargs)

    return capped


def _capped_replace(func: Callable[..., Any]) -> Callable:
    @wraps(func)
    def capped(
        eval_ctx: Any, s: Any, old: Any, new: Any, count: int | None = None
    ) -> Any:
        text, old, new = str(s), str(old), str(new)
        hits = text.count(old) if old else len(text) + 1
        if count is not None and count >= 0:
            hits = min(hits, count)
        if len(text) + hits * max(len(new) - len(old), 0) > MAX_SEQUENCE_LENGTH:
            raise _too_big(f"replace would build more than {MAX_SEQUENCE_LENGTH} chars")
        return func(eval_ctx, s, old, new, count)

    return capped


def _capped_format(func: Callable[..., Any]) -> Callable:
    @wraps(func)
    def capped(value: Any, *args: Any, **kwargs: Any) -> Any:
        check_percent_format(str(value))
        return func(value, *args, **kwargs)

    return capped


def _is_model(value: Any) -> bool:
    target = value if isinstance(value, type) else type(value)
    return hasattr(target, "__mapper__")


class MailSandbox(ImmutableSandboxedEnvironment):
    """The sandbox, minus database access and with limits on size and work."""

    # Intercepted operators also stop Jinja from folding them at compile time.
    intercepted_binops = _INTERCEPTED

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, names in WIDTH_FILTERS.items():
            self.filters[name] = _capped_filter(self.filters[name], names)
        self.filters["replace"] = _capped_replace(self.filters["replace"])
        self.filters["format"] = _capped_format(self.filters["format"])

    def call_binop(self, context: Any, op: str, left: Any, right: Any) -> Any:
        check_binop(op, left, right)
        return super().call_binop(context, op, left, right)

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        # ``'{:>99999999}'.format(x)``: the pattern is the bound method's string.
        wrapped = super().wrap_str_format(value)
        if wrapped is not None:
            check_format_string(str(value.__self__))
        return wrapped

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if _is_model(obj) and (
            attr in BLOCKED_ATTRIBUTES or is_secret_column(obj, attr)
        ):
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
    return _render_capped(env.from_string(tree), context)


def _render_capped(template: Any, context: Mapping[str, Any]) -> str:
    # Streamed so a template that loops over its output stops at the cap, not at OOM.
    parts: list[str] = []
    length = 0
    for chunk in template.generate(dict(context)):
        length += len(chunk)
        if length > MAX_OUTPUT_LENGTH:
            raise _too_big(f"the output is longer than {MAX_OUTPUT_LENGTH} characters")
        parts.append(chunk)
    return "".join(parts)


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
        self._check_filter_widths(node)
        self.generic_visit(node)

    def visit_Pow(self, node: nodes.BinExpr) -> None:  # noqa: N802
        # ``9 ** 9 ** 9`` written out: reported now, not discovered at send time.
        left, right = _sized_constant(node.left), _sized_constant(node.right)
        if _NOT_CONSTANT not in (left, right):
            try:
                check_binop(node.operator, left, right)
            except SecurityError as error:
                self.report(node, str(error))
        self.generic_visit(node)

    visit_Mul = visit_Add = visit_Mod = visit_Pow  # noqa: N815

    def _check_filter_widths(self, node: nodes.Filter) -> None:
        pattern = _sized_constant(node.node) if node.node is not None else None
        if node.name == "format" and isinstance(pattern, str):
            try:
                check_percent_format(pattern)
            except SecurityError as error:
                self.report(node, str(error))
        names = WIDTH_FILTERS.get(node.name)
        func = self.env.filters.get(node.name)
        if not names or func is None:
            return
        args = [_sized_constant(arg) for arg in node.args]
        kwargs = {kw.key: _sized_constant(kw.value) for kw in node.kwargs}
        widths = width_arguments(func.__wrapped__, names, args, kwargs)
        for name, value in widths.items():
            if value is not _NOT_CONSTANT:
                try:
                    _check_width(name, value)
                except SecurityError as error:
                    self.report(node, f"'{node.name}': {error}")

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
                try:
                    check_format_string(pattern)
                except SecurityError as error:
                    self.report(node, str(error))
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
        elif attr in SECRET_COLUMN_NAMES:
            self.report(
                node, f"'{attr}' is secret and not available in email templates"
            )

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


def _sized_constant(node: nodes.Node) -> Any:
    """Like ``_constant``, also folding the size-checked operators (``10 ** 9``).

    Jinja does not fold intercepted operators; an operand too large to compute is
    reported where it is written, so here it is just "not a constant".
    """
    if isinstance(node, nodes.BinExpr) and node.operator in _INTERCEPTED:
        left, right = _sized_constant(node.left), _sized_constant(node.right)
        if _NOT_CONSTANT in (left, right):
            return _NOT_CONSTANT
        try:
            check_binop(node.operator, left, right)
            return MailSandbox.default_binop_table[node.operator](left, right)
        except Exception:  # SecurityError, TypeError, ZeroDivisionError, ...
            return _NOT_CONSTANT
    return _constant(node)


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
    try:
        return set(meta.find_undeclared_variables(tree))
    except TemplateError:  # an unknown filter: every name read is close enough
        return {node.name for node in tree.find_all(nodes.Name) if node.ctx == "load"}


def subject_problems(source: str | None) -> list[str]:
    """Secret variables a subject uses: subjects are logged and listed, never secret."""
    return [
        f"'{name}' is secret and cannot be used in a subject (put it in the body)"
        for name in sorted(secret_variables_in(used_variables(source)))
    ]

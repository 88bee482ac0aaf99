"""Keep docutils linear on hostile reStructuredText, with unchanged output.

Two steps of docutils are quadratic in the length of a paragraph:

- For every inline-markup start-string (``*``, ``**``, `````, ``````, ``|``,
  ``_```), the inline parser searches the rest of the paragraph for its
  end-string. When there is none, the search reads to the end of the paragraph,
  and the next start-string does it again: ``"*a " * 6666`` reads the paragraph
  6,666 times. :class:`BoundedInliner` first finds, once per paragraph, the last
  place where each end-string can occur; a start-string after it fails at once,
  exactly as the full search would have failed.
- Reporting an unknown reference target replaces the reference by a
  ``problematic`` node, which finds the reference among its siblings with
  ``list.index``: ``"a_ " * 6666`` searched a list of 13,000 nodes 6,666 times.
  :class:`LinearDanglingReferences` makes the same replacements once per parent,
  and :class:`LinearSubstitutions` does so for undefined substitutions (``|a|``).

What remains is linear but not cheap: each problem (a warning or error shown as
a system message, usually with a ``problematic`` node linking to it) costs
docutils and the sanitiser a fraction of a millisecond, and 20,000 characters
of ``a_ `` make 6,666 of them. So a document reports at most
:data:`MAX_PROBLEMS` problems (:class:`CapProblems`): later ones are not shown,
the text they were about stays as plain text, and one closing warning says how
many more there were. Once the cap is reached, the inliner and the reference
transforms no longer build those problems at all (the same output, without the
work).

Everything else (which markup is recognised, warnings, system messages, ids) is
docutils' own, so every document with at most :data:`MAX_PROBLEMS` problems
renders byte for byte as the stock parser renders it, and a document with more
renders as stock docutils followed by :class:`CapProblems` alone;
tests/core/test_rst_bounds.py compares them.
"""

from __future__ import annotations

import gc
import re
import sys
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from docutils import nodes
from docutils.parsers.rst import Parser, roles
from docutils.parsers.rst.states import Inliner
from docutils.readers import standalone
from docutils.transforms import Transform, misc, references
from docutils.utils import Reporter, escape2null

# The most problems (system messages at or above the report level) one document
# shows; see CapProblems.
MAX_PROBLEMS = 50

# The patterns the inline parser searches for end-strings with
# (``end_pattern.search(string[matchend:])`` in ``Inliner.inline_obj`` and
# ``Inliner.interpreted_or_phrase_ref``).
END_STRING_PATTERNS = (
    "emphasis",
    "strong",
    "interpreted_or_phrase_ref",
    "literal",
    "target",
    "substitution_ref",
)


def last_match_start(pattern: re.Pattern[str], text: str) -> int:
    """Where the last match of ``pattern`` in ``text`` starts, or -1.

    Overlapping matches count: each search starts one character after the
    previous match's start. End-string patterns match a few characters at most,
    so the whole scan reads ``text`` about once.
    """
    last, match = -1, pattern.search(text)
    while match:
        last = match.start()
        match = pattern.search(text, last + 1)
    return last


class ProblemCount:
    """Counts the problems a document has reported, as the reporter makes them.

    An observer of the document's reporter. Once :attr:`full`, the inliner and
    the reference transforms stop building problems that :class:`CapProblems`
    would hide anyway, and count them in :attr:`unreported` instead.
    """

    def __init__(self, report_level: int, limit: int = MAX_PROBLEMS) -> None:
        self.report_level = report_level
        self.limit = limit
        self.reported = 0
        self.unreported = 0

    def __call__(self, message: nodes.system_message) -> None:
        if message["level"] >= self.report_level:
            self.reported += 1

    @property
    def full(self) -> bool:
        """Whether a new problem would be past the cap (and not shown)."""
        return self.reported >= self.limit


def problem_count(document: nodes.document | None) -> ProblemCount | None:
    """The document's :class:`ProblemCount` (only documents that
    :class:`BoundedReader` made have one)."""
    return getattr(document, "problem_count", None)


class _EndStringSearch:
    """An end-string pattern whose ``search`` knows where the paragraph's last match is.

    The inliner only ever calls ``search`` on a suffix of the paragraph it is
    parsing (what follows a start-string). When the paragraph has no match
    after the suffix's first character, the full search could only find
    nothing or a match at the suffix's very start, which the inliner rejects as
    an empty construct (``endmatch.start(1)`` is 0): either way the start-string
    has no end-string, so ``None`` is the same answer, found without reading on.
    """

    def __init__(self, pattern: re.Pattern[str], inliner: BoundedInliner) -> None:
        self.pattern = pattern
        self.inliner = inliner

    def __getattr__(self, name: str) -> Any:
        return getattr(self.pattern, name)

    def search(self, string: str, *args: int) -> re.Match[str] | None:
        paragraph = self.inliner.paragraph
        if not args and paragraph is not None and paragraph.endswith(string):
            offset = len(paragraph) - len(string)
            if self.inliner.last_end(self.pattern) <= offset:
                return None
        return self.pattern.search(string, *args)


class BoundedInliner(Inliner):
    """docutils' inline parser, without rescanning a paragraph per start-string."""

    def __init__(self) -> None:
        super().__init__()
        self.paragraph: str | None = None
        self._last_ends: dict[str, int] = {}

    def init_customizations(self, settings: Any) -> None:
        super().init_customizations(settings)
        for name in END_STRING_PATTERNS:
            pattern = getattr(self.patterns, name)
            setattr(self.patterns, name, _EndStringSearch(pattern, self))

    def last_end(self, pattern: re.Pattern[str]) -> int:
        """The last start of ``pattern`` in the paragraph, computed once per paragraph."""
        last = self._last_ends.get(pattern.pattern)
        if last is None:
            last = last_match_start(pattern, self.paragraph or "")
            self._last_ends[pattern.pattern] = last
        return last

    def _past_the_cap(self) -> ProblemCount | None:
        """The document's problem count when it is full, else ``None``."""
        count = problem_count(self.document)
        return count if count is not None and count.full else None

    def _unreported(
        self, end_pattern: Any, match: re.Match[str], matchend: int, *, quoted: bool
    ) -> bool:
        """Whether a start-string without an end-string stays text, unreported.

        Only once the document's problems are capped, and only when the
        paragraph has no end-string after it (the search would fail for sure):
        docutils would report it and :class:`CapProblems` hide that report,
        leaving the start-string as text. ``quoted`` asks docutils'
        ``quoted_start`` first, as ``inline_obj`` does: a quoted start-string is
        text anyway and no problem.
        """
        count = self._past_the_cap()
        string, paragraph = match.string, self.paragraph
        if count is None or paragraph is None or not paragraph.endswith(string):
            return False
        if quoted and self.quoted_start(match):
            return False
        offset = len(paragraph) - len(string) + matchend
        if self.last_end(end_pattern.pattern) > offset:
            return False
        count.unreported += 1
        return True

    def inline_obj(
        self,
        match: re.Match[str],
        lineno: int,
        end_pattern: Any,
        nodeclass: type[nodes.Node],
        restore_backslashes: bool = False,
    ) -> Any:
        matchend = match.end("start")
        if self._unreported(end_pattern, match, matchend, quoted=True):
            string = match.string  # what docutils returns for a quoted start-string
            return string[:matchend], [], string[matchend:], [], ""
        return super().inline_obj(
            match, lineno, end_pattern, nodeclass, restore_backslashes
        )

    def interpreted_or_phrase_ref(self, match: re.Match[str], lineno: int) -> Any:
        end_pattern = self.patterns.interpreted_or_phrase_ref
        matchend = match.end("backquote")
        # docutils asks quoted_start only without a role prefix.
        quoted = not match.group("role")
        if self._unreported(end_pattern, match, matchend, quoted=quoted):
            string = match.string
            return string[:matchend], [], string[matchend:], []
        return super().interpreted_or_phrase_ref(match, lineno)

    # Inliner.parse calls the functions in this table (not methods by name), so the
    # override above must replace docutils' function in it.
    dispatch = {**Inliner.dispatch, "`": interpreted_or_phrase_ref}

    def interpreted(self, rawsource: str, text: str, role: str, lineno: int) -> Any:
        count = self._past_the_cap()
        if count is None:
            return super().interpreted(rawsource, text, role, lineno)
        # docutils' own steps, minus the report of an unknown role past the cap.
        role_fn, messages = roles.role(role, self.language, lineno, self.reporter)
        if role_fn:
            made, more = role_fn(role, rawsource, text, lineno, self)
            return made, messages + more
        count.unreported += 1
        return [nodes.Text(rawsource)], messages

    def parse(self, text: str, lineno: int, memo: Any, parent: Any) -> Any:
        # Roles may parse nested text: keep the outer paragraph's state.
        outer = self.paragraph, self._last_ends
        # The same transformation Inliner.parse applies before searching.
        self.paragraph, self._last_ends = escape2null(text), {}
        try:
            return super().parse(text, lineno, memo, parent)
        finally:
            self.paragraph, self._last_ends = outer


# Inliner.init_customizations fills its patterns from ``vars(self.__class__)``: the
# subclass needs the pattern fragments (``simplename``, ``uric``, ...) in its own dict.
for _name, _value in vars(Inliner).items():
    if isinstance(_value, str) and not _name.startswith("__"):
        setattr(BoundedInliner, _name, _value)


_KEEP = object()


class _Replacements:
    """Node replacements recorded now and made later, one pass per parent.

    ``node.replace_self`` and ``parent.remove`` find the node among its siblings
    with ``list.index``/``list.remove``, so changing k children of one parent
    costs k times its length.
    """

    def __init__(self) -> None:
        self.recorded: dict[
            int, tuple[nodes.Element, dict[int, nodes.Node | None]]
        ] = {}

    def defer(self, node: nodes.Element) -> None:
        """Make ``node.replace_self`` record the replacement instead of making it."""
        node.replace_self = lambda new: self.record(node, new)  # type: ignore[method-assign]

    def record(self, node: nodes.Element, new: nodes.Node | list[nodes.Node]) -> None:
        if not isinstance(new, nodes.Element):  # not a problem report: replace now
            type(node).replace_self(node, new)
            return
        new.update_basic_atts(node)  # what replace_self does before replacing
        self.replace(node, new)

    def replace(self, node: nodes.Node, new: nodes.Node | None) -> None:
        """Put ``new`` where ``node`` is (``None``: remove ``node``)."""
        parent = node.parent
        _, replacements = self.recorded.setdefault(id(parent), (parent, {}))
        replacements[id(node)] = new

    def make(self) -> None:
        for parent, replacements in self.recorded.values():
            children: list[nodes.Node] = []
            for child in parent.children:
                new = replacements.get(id(child), _KEEP)
                if new is _KEEP:
                    children.append(child)
                elif new is not None:
                    parent.setup_child(new)  # as Element.__setitem__ does
                    children.append(new)
            parent.children = children


class _LinearDanglingReferencesVisitor(references.DanglingReferencesVisitor):
    """Records the replacements of unresolved references instead of making them."""

    def __init__(self, document: nodes.document, resolvers: list[Callable]) -> None:
        super().__init__(document, resolvers)
        self.replacements = _Replacements()

    def visit_reference(self, node: nodes.Element) -> None:
        count = problem_count(self.document)
        if count is not None and count.full and self._unresolved(node):
            # Past the cap: what CapProblems makes of the report, without it.
            count.unreported += 1
            self.replacements.replace(node, nodes.Text(node.rawsource))
            return
        self.replacements.defer(node)
        try:
            super().visit_reference(node)
        finally:
            del node.replace_self

    def _unresolved(self, node: nodes.Element) -> bool:
        """Whether docutils would report ``node`` (the checks of ``visit_reference``)."""
        if node.resolved or not node.hasattr("refname"):
            return False
        if self.document.nameids.get(node["refname"]):
            return False
        # Component-specific resolvers may resolve it (and then have done so).
        return not any(resolve(node) for resolve in self.unknown_reference_resolvers)

    visit_footnote_reference = visit_citation_reference = visit_reference


class LinearAnonymousHyperlinks(references.AnonymousHyperlinks):
    """docutils' ``AnonymousHyperlinks``, linear when references and targets differ.

    Then docutils makes every anonymous reference (``a__``) problematic, linked
    to one message, and replaced each with ``list.index``. Here the replacements
    are made once per parent, and only the first :data:`MAX_PROBLEMS` become
    problematic: the others become their text, as :class:`CapProblems` would
    make them (still taking the ids docutils would have given them, so later ids
    are the same).
    """

    def apply(self) -> None:
        document = self.document
        refs = [
            node for node in document.findall(nodes.reference) if node.get("anonymous")
        ]
        targets = sum(
            1 for node in document.findall(nodes.target) if node.get("anonymous")
        )
        if len(refs) == targets:
            if refs:
                super().apply()
            return
        # docutils' own report and replacements, up to the cap.
        message = document.reporter.error(
            f"Anonymous hyperlink mismatch: {len(refs)} references but {targets}"
            ' targets.\nSee "backrefs" attribute for IDs.'
        )
        message_id = document.set_id(message)
        count = problem_count(document)
        limit = count.limit if count is not None else MAX_PROBLEMS
        replacements = _Replacements()
        for index, ref in enumerate(refs):
            if index < limit:
                problematic = nodes.problematic(
                    ref.rawsource, ref.rawsource, refid=message_id
                )
                message.add_backref(document.set_id(problematic))
                replacements.record(ref, problematic)
            else:
                document.create_id(nodes.problematic())
                replacements.replace(ref, nodes.Text(ref.rawsource))
        replacements.make()


class _HintedIndex:
    """``parent.index`` that searches on from where it last found a child.

    docutils replaces substitution references in document order, finding each
    with ``parent.index``: from the start of the parent, that is quadratic in
    the number of references in one paragraph. Searching on from the previous
    find reads the paragraph about once; a child before it (a reference nested
    in a definition, replaced after all the others) is searched from the start.
    """

    def __init__(self, parent: nodes.Element) -> None:
        self.children = parent.children
        self.hint = 0

    def __call__(
        self, child: nodes.Node, start: int = 0, stop: int = sys.maxsize
    ) -> int:
        if (start, stop) == (0, sys.maxsize) and self.hint < len(self.children):
            try:
                self.hint = self.children.index(child, self.hint)
                return self.hint
            except ValueError:
                pass
        self.hint = self.children.index(child, start, stop)
        return self.hint


class LinearSubstitutions(references.Substitutions):
    """docutils' ``Substitutions``, in linear time.

    Undefined references are replaced once per parent, and defined ones are
    found with :class:`_HintedIndex`. References inside substitution definitions
    are left to docutils: definitions are copied while the transform runs, and a
    copy must hold the replacement. Undefined references past the problem cap
    become their text first, unreported.
    """

    def apply(self) -> None:
        replacements = _Replacements()
        deferred = self._past_the_cap_as_text(
            [
                ref
                for ref in self.document.findall(nodes.substitution_reference)
                if not _inside_definition(ref)
            ]
        )
        for ref in deferred:
            replacements.defer(ref)
        parents = {id(ref.parent): ref.parent for ref in deferred}.values()
        for parent in parents:
            parent.index = _HintedIndex(parent)  # type: ignore[method-assign]
        try:
            super().apply()
        finally:
            for ref in deferred:
                del ref.replace_self
            for parent in parents:
                del parent.index
        replacements.make()

    def _past_the_cap_as_text(self, refs: list[nodes.Element]) -> list[nodes.Element]:
        """Replace the undefined references that would be reported past the cap by
        their text (what CapProblems makes of them); return the others."""
        count = problem_count(self.document)
        if count is None:
            return refs
        room = count.limit - count.reported
        as_text, kept = _Replacements(), []
        for ref in refs:
            if self._undefined(ref):
                if room <= 0:
                    as_text.replace(ref, nodes.Text(ref.rawsource))
                    count.unreported += 1
                    continue
                room -= 1
            kept.append(ref)
        as_text.make()
        return kept

    def _undefined(self, ref: nodes.Element) -> bool:
        """Whether docutils reports ``ref`` as undefined (the lookup of ``apply``)."""
        refname = ref["refname"]
        if refname in self.document.substitution_defs:
            return False
        return self.document.substitution_names.get(refname.lower()) is None


def _inside_definition(node: nodes.Node) -> bool:
    parent = node.parent
    while parent is not None:
        if isinstance(parent, nodes.substitution_definition):
            return True
        parent = parent.parent
    return False


class LinearDanglingReferences(references.DanglingReferences):
    """docutils' ``DanglingReferences``, making the replacements once per parent."""

    def apply(self) -> None:
        visitor = _LinearDanglingReferencesVisitor(
            self.document, self.document.transformer.unknown_reference_resolvers
        )
        self.document.walk(visitor)
        visitor.replacements.make()
        # The rest is docutils' own: report targets nothing refers to.
        for target in self.document.findall(nodes.target):
            if target.referenced or target.get("anonymous"):
                continue
            if target["names"]:
                naming = target["names"][0]
            elif target["ids"]:
                naming = target["ids"][0]
            else:
                naming = target["refid"]
            self.document.reporter.info(
                f'Hyperlink target "{naming}" is not referenced.', base_node=target
            )


@dataclass
class _Level:
    """One parent's children while :class:`LinearTransitions` walks them."""

    parent: nodes.Element
    done: list[nodes.Node] = field(default_factory=list)
    pending: deque[nodes.Node] = field(default_factory=deque)
    body_done: int = 0  # children in ``done`` that are not ignored siblings
    body_pending: int = 0  # the same in ``pending``
    changed: bool = False

    @classmethod
    def of(cls, parent: nodes.Element) -> _Level:
        level = cls(parent, pending=deque(parent.children))
        level.body_pending = sum(map(_is_body, parent.children))
        return level

    def take(self) -> nodes.Node:
        child = self.pending.popleft()
        self.body_pending -= _is_body(child)
        return child

    def put_next(self, child: nodes.Node) -> None:
        self.pending.appendleft(child)
        self.body_pending += _is_body(child)
        self.changed = True

    def keep(self, child: nodes.Node) -> None:
        self.done.append(child)
        self.body_done += _is_body(child)


def _is_body(node: nodes.Node) -> bool:
    """Whether ``node`` counts as a sibling for a transition's place."""
    return not isinstance(node, nodes.transition.ignored_siblings)


class LinearTransitions(misc.Transitions):
    """docutils' ``Transitions``, without rescanning a parent per transition.

    For each transition docutils checks its place against all its siblings
    (``transition.validate_position``) and inserts a warning after it with
    ``list.index``: 20,000 characters of ``----`` took seconds. This walks the
    tree once in the order docutils visits it, with the same checks against the
    tree as docutils has changed it so far (warnings inserted after earlier
    transitions count as siblings, a transition ending a section moves up after
    it and is checked again there), so the output is the same.
    """

    def apply(self) -> None:
        if next(self.document.findall(nodes.transition), None) is not None:
            self._walk([_Level.of(self.document)])

    def _walk(self, levels: list[_Level]) -> None:
        level = levels[-1]
        while level.pending:
            child = level.take()
            if isinstance(child, nodes.transition):
                self._check(child, levels)
            else:
                level.keep(child)
                if isinstance(child, nodes.Element) and child.children:
                    levels.append(_Level.of(child))
                    self._walk(levels)
                    levels.pop()
        if level.changed:
            level.parent.children = level.done

    def _check(self, node: nodes.transition, levels: list[_Level]) -> None:
        level = levels[-1]
        parent = level.parent
        level.keep(node)  # where it is, unless it moves up below
        if not isinstance(parent, (nodes.document, nodes.section)):
            self._warn(
                "Transition only valid as child of <document> or <section>.",
                node,
                level,
            )
            return
        follows = len(level.done) > 1 and isinstance(level.done[-2], nodes.transition)
        begins = level.body_done == 1  # only the transition itself so far
        ends = level.body_pending == 0
        if ends:
            level = self._move_up(node, levels) or level
        if begins:
            self._warn(
                f"Transition at the start of the {node.parent.tagname}.", node, level
            )
        elif follows:
            self._warn(
                "At least one body element should separate transitions.", node, level
            )

    def _move_up(self, node: nodes.transition, levels: list[_Level]) -> _Level | None:
        """docutils' move of a transition that ends its section: after the nearest
        ancestor that something follows. The level it moved to, or ``None``."""
        for outer in reversed(levels[:-1]):
            if outer.pending:  # the current child of ``outer`` is not its last
                current = levels[-1]
                current.done.pop()
                current.body_done -= 1
                current.changed = True
                outer.put_next(node)
                outer.parent.setup_child(node)
                return outer
        self._warn("Transition at the end of the document.", node, levels[-1])
        return None

    def _warn(self, message: str, node: nodes.transition, level: _Level) -> None:
        """A warning, inserted after ``node`` where its parent may hold one."""
        warning = self.document.reporter.warning(message, base_node=node)
        if "nodes.Body" not in repr(level.parent.content_model):
            return
        level.parent.setup_child(warning)
        if level.pending and level.pending[0] is node:  # it moved up to this level
            level.take()
            level.put_next(warning)
            level.put_next(node)
            return
        # Right after the transition, before a warning inserted there earlier.
        index = len(level.done) - 1
        while level.done[index] is not node:
            index -= 1
        level.done.insert(index + 1, warning)
        level.body_done += 1
        level.changed = True


class CapProblems(Transform):
    """Show a document's first :data:`MAX_PROBLEMS` problems, and not the rest.

    A problem is a system message at or above the report level. Messages past
    the cap go, as docutils' ``FilterMessages`` removes those below the report
    level; a ``problematic`` node whose message went becomes its text (as there).
    So do the ``problematic`` nodes past the first :data:`MAX_PROBLEMS`, which
    one message can have many of (``a__`` without anonymous targets), and that
    message loses its backlinks to them.
    One closing warning says how many problems were not reported, counting those
    that :class:`BoundedInliner` and :class:`LinearDanglingReferences` did not
    build at all once the cap was reached.

    It runs after ``universal.Messages`` has gathered the transforms' messages at
    the end of the document and before ``universal.FilterMessages``, and does that
    transform's work as well, once per parent (it removed each message with
    ``list.remove``), so ``FilterMessages`` finds nothing left to do.
    """

    default_priority = 865

    def apply(self) -> None:
        document = self.document
        report_level = document.reporter.report_level
        count = problem_count(document)
        limit = count.limit if count is not None else MAX_PROBLEMS
        unreported = count.unreported if count is not None else 0
        edits = _Replacements()
        removed_ids: set[str] = set()
        shown = 0
        for message in document.findall(nodes.system_message):
            if message["level"] >= report_level:
                if shown < limit:
                    shown += 1
                    continue
                unreported += 1
            edits.replace(message, None)
            removed_ids.update(message["ids"])
        for removed in removed_ids:
            document.ids.pop(removed, None)
        marked, unmarked = 0, set()
        for node in document.findall(nodes.problematic):
            if node.get("refid") in removed_ids:
                edits.replace(node, nodes.Text(node.astext()))
            elif marked < limit:
                marked += 1
            else:  # one message for many places (anonymous references)
                edits.replace(node, nodes.Text(node.astext()))
                unmarked.update(node["ids"])
        if unmarked:
            for message in document.findall(nodes.system_message):
                message["backrefs"] = [
                    ref for ref in message["backrefs"] if ref not in unmarked
                ]
            for unused in unmarked:
                document.ids.pop(unused, None)
        edits.make()
        if unreported:
            self.report_the_rest(unreported, limit)

    def report_the_rest(self, unreported: int, limit: int) -> None:
        """One warning at the end: how many problems were not reported."""
        document = self.document
        message = nodes.system_message(
            f"Too many problems: {unreported:,} more not reported"
            f" (a document reports at most {limit}).",
            level=Reporter.WARNING_LEVEL,
            type=Reporter.levels[Reporter.WARNING_LEVEL],
            source=document.reporter.source,
        )
        section = document.children[-1] if document.children else None
        if not (
            isinstance(section, nodes.section)
            and "system-messages" in section["classes"]
        ):
            # The section universal.Messages makes for messages outside the text.
            section = nodes.section(classes=["system-messages"])
            section += nodes.title("", "Docutils System Messages")
            document += section
        section += message


class BoundedReader(standalone.Reader):
    """The standalone reader with the linear transforms above and the problem cap."""

    replaced: dict[type[Transform], type[Transform]] = {
        references.DanglingReferences: LinearDanglingReferences,
        references.Substitutions: LinearSubstitutions,
        references.AnonymousHyperlinks: LinearAnonymousHyperlinks,
        misc.Transitions: LinearTransitions,
    }

    def get_transforms(self) -> list[type[Transform]]:
        transforms = super().get_transforms()
        return [*(self.replaced.get(t, t) for t in transforms), CapProblems]

    def new_document(self) -> nodes.document:
        document = super().new_document()
        count = ProblemCount(document.reporter.report_level)
        document.reporter.attach_observer(count)
        document.problem_count = count  # type: ignore[attr-defined]
        return document


def bounded_reader() -> BoundedReader:
    """A reader (with its parser) for one ``publish_parts`` call."""
    return BoundedReader(parser=Parser(inliner=BoundedInliner()))


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while docutils renders a document.

    A doctree is one large cyclic graph (every node points to its parent and
    children), built in one go, and none of it is garbage before the render
    ends; meanwhile the collector walks the growing graph again and again: a
    quarter to a third of the render time of 20,000 characters, and most of its
    variance. Reference counting still frees everything else at once; cycles
    wait for the first collection after the render. A collector that was
    already off stays off.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()

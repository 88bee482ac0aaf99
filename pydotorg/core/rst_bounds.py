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

Everything else (which markup is recognised, warnings, system messages, ids) is
docutils' own, so every document renders byte for byte as the stock parser
renders it; tests/core/test_rst_bounds.py compares them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from docutils import nodes
from docutils.parsers.rst import Parser
from docutils.parsers.rst.states import Inliner
from docutils.readers import standalone
from docutils.transforms import Transform, references
from docutils.utils import escape2null

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


class _Replacements:
    """Node replacements recorded now and made later, one pass per parent.

    ``node.replace_self`` finds the node among its siblings with ``list.index``,
    so replacing k children of one parent costs k times its length.
    """

    def __init__(self) -> None:
        self.recorded: dict[int, tuple[nodes.Element, dict[int, nodes.Node]]] = {}

    def defer(self, node: nodes.Element) -> None:
        """Make ``node.replace_self`` record the replacement instead of making it."""
        node.replace_self = lambda new: self.record(node, new)  # type: ignore[method-assign]

    def record(self, node: nodes.Element, new: nodes.Node | list[nodes.Node]) -> None:
        if not isinstance(new, nodes.Element):  # not a problem report: replace now
            type(node).replace_self(node, new)
            return
        new.update_basic_atts(node)  # what replace_self does before replacing
        parent = node.parent
        _, replacements = self.recorded.setdefault(id(parent), (parent, {}))
        replacements[id(node)] = new

    def make(self) -> None:
        for parent, replacements in self.recorded.values():
            for index, child in enumerate(parent.children):
                new = replacements.get(id(child))
                if new is not None:
                    parent[index] = new  # sets new.parent, as Element.replace does


class _LinearDanglingReferencesVisitor(references.DanglingReferencesVisitor):
    """Records the replacements of unresolved references instead of making them."""

    def __init__(self, document: nodes.document, resolvers: list[Callable]) -> None:
        super().__init__(document, resolvers)
        self.replacements = _Replacements()

    def visit_reference(self, node: nodes.Element) -> None:
        self.replacements.defer(node)
        try:
            super().visit_reference(node)
        finally:
            del node.replace_self

    visit_footnote_reference = visit_citation_reference = visit_reference


class LinearSubstitutions(references.Substitutions):
    """docutils' ``Substitutions``, replacing undefined references once per parent.

    References inside substitution definitions are left to docutils: definitions
    are copied while the transform runs, and a copy must hold the replacement.
    """

    def apply(self) -> None:
        replacements = _Replacements()
        deferred = [
            ref
            for ref in self.document.findall(nodes.substitution_reference)
            if not _inside_definition(ref)
        ]
        for ref in deferred:
            replacements.defer(ref)
        try:
            super().apply()
        finally:
            for ref in deferred:
                del ref.replace_self
        replacements.make()


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


class BoundedReader(standalone.Reader):
    """The standalone reader with the linear transforms above."""

    replaced: dict[type[Transform], type[Transform]] = {
        references.DanglingReferences: LinearDanglingReferences,
        references.Substitutions: LinearSubstitutions,
    }

    def get_transforms(self) -> list[type[Transform]]:
        return [self.replaced.get(t, t) for t in super().get_transforms()]


def bounded_reader() -> BoundedReader:
    """A reader (with its parser) for one ``publish_parts`` call."""
    return BoundedReader(parser=Parser(inliner=BoundedInliner()))

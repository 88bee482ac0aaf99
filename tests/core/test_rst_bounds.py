"""Hostile reStructuredText renders without docutils' quadratic steps.

The inline parser skips end-string searches that cannot succeed (it knows each
paragraph's last possible end-string), and unknown reference targets are
replaced once per parent instead of with a ``list.index`` each. A document shows
at most MAX_PROBLEMS problems; past them the inliner and the transforms do not
build problems at all. These tests check each step, that every document with at
most MAX_PROBLEMS problems renders exactly as stock docutils renders it, and
that any other renders as stock docutils with only the cap added;
bench/markup_corpus.py measures time.
"""

from __future__ import annotations

import gc
import io
import random
import re
import sys

import pytest
from docutils.core import publish_parts
from docutils.frontend import get_default_settings
from docutils.parsers.rst import Parser
from docutils.readers import standalone
from docutils.transforms import universal
from docutils.utils import Reporter

from pydotorg.core import markup, rst_bounds
from pydotorg.core.rst_bounds import MAX_PROBLEMS, BoundedInliner, last_match_start
from pydotorg.domains.minutes.seed import MEETINGS
from pydotorg.domains.minutes.seed import TEMPLATE as MINUTES_TEMPLATE
from pydotorg.domains.pages.models import ContentType
from pydotorg.domains.pages.seed import PAGES
from pydotorg.domains.successstories.seed import CONTENT as STORY
from pydotorg.domains.work_groups.seed import WORK_GROUPS
from tests.core.test_markup import RST_DOC


def stock(text: str, reader: standalone.Reader | None = None) -> str:
    """What docutils renders with the same settings and its own reader."""
    settings = dict(markup._DOCUTILS_SETTINGS, warning_stream=io.StringIO())
    body = publish_parts(
        source=text, reader=reader, writer="html5", settings_overrides=settings
    )["body"]
    return markup.wrap_code_blocks(body)


class CappedStockReader(standalone.Reader):
    """docutils' own reader and parser, with the problem cap as the only change."""

    def get_transforms(self):
        return [*super().get_transforms(), rst_bounds.CapProblems]


def capped_stock(text: str) -> str:
    """What stock docutils renders when only CapProblems is added."""
    return stock(text, reader=CappedStockReader(parser="restructuredtext"))


def seed_documents() -> list[str]:
    pages = [
        content
        for _, _, kind, content, *_ in PAGES
        if kind is ContentType.RESTRUCTUREDTEXT
    ]
    minutes = [
        MINUTES_TEMPLATE.format(
            directors=directors, agenda="\n".join(f"- {i}" for i in agenda), end=end
        )
        for _, directors, agenda, end, _ in MEETINGS
    ]
    groups = [
        value
        for group in WORK_GROUPS
        for value in group.values()
        if isinstance(value, str)
    ]
    return [*pages, *minutes, STORY.format(company="Acme"), *groups]


ORDINARY_DOCUMENTS = [
    RST_DOC,
    "*emphasis*, **strong**, ``literal``, `interpreted`, :emphasis:`role`, `b`:strong:",
    "A `link <https://example.com>`_, an `alias`_, a ref_, anonymous__ and |sub|.\n\n"
    ".. _alias: https://python.org\n.. _ref: https://docs.python.org\n"
    "__ https://pypi.org\n\n.. |sub| replace:: *replaced*",
    "Footnote [1]_, auto [#]_, symbol [*]_, citation [CIT2002]_.\n\n"
    ".. [1] one\n.. [#] auto\n.. [*] symbol\n.. [CIT2002] a citation",
    "An _`inline target` and a link to `inline target`_; 2 * 3 * 4; a*b*c; '*' and (*).",
    "Escapes: \\*not emphasis\\*, \\`not\\`, a\\_ and \\|x\\|. Quoted: \"*\" '`' <|>.",
    "- item *one*\n- item ``two``\n\n  nested `three <http://x.org/>`__\n\n"
    "=====  =====\nA      B\n=====  =====\n*a*    ``b``\n=====  =====",
    "Section\n=======\n\nText with *emphasis\nacross lines* and ``literal\nacross``.",
    # Mistakes authors make: each renders docutils' own warning or error.
    "An *unclosed emphasis, a ``literal, a `phrase and a |sub.",
    "Unknown target_ and `unknown phrase`_ and [9]_ and |undefined|.",
    "Twice *a *b* and `x <y`_ and :unknown:`role` and `both`:strong:_.",
    "|b| |b||t| x |t| |c| " * 20
    + "\n\n.. |b| replace:: *b* |c|\n.. |c| replace:: c\n"
    + ".. |t| replace:: T\n   :trim:",
    "Anonymous a__ and `b`__ and `c <d_>`__.\n\n__ http://a.org\n__ http://b.org\n\n.. _d: x",
    "Mismatched a__ and b__ and `c`__.\n\n__ http://a.org",
    # Transitions, well and badly placed.
    "a\n\n----\n\nb\n\n----\n\n----\n\n----\n\nc\n\n----\n",
    "----\n\nS\n=\n\na\n\n----\n\n.. _x: y\n\nT\n=\n\nb\n\n----\n\n----\n",
    "A\n=\n\n----\n\nB\n=\n\n----\n\n----\n\nC\n-\n\n----\n",
    "- a\n\n  ----\n\n  b\n\n  a\n\n  ----\n\n.. note:: n\n\n   ----\n",
]

# Hostile patterns with fewer problems than the cap: output exactly as stock.
UNDER_THE_CAP = [
    "*a " * 40,
    "`a " * 40,
    "a_ " * 40,
    "|a| " * 40,
    ":a:`b` " * 40,
    "[1]_ " * 40,
    "*a " * 25 + "a_ " * 25,  # exactly MAX_PROBLEMS
]

# Far more problems than the cap: stock docutils plus the cap, with the inliner's
# and the transforms' shortcuts past the cap giving the same output.
HOSTILE_DOCUMENTS = [
    "*a " * 300,
    "`a " * 300,
    "`a <" * 300,
    "a_ " * 300,
    "`a`_ " * 300,
    "[1]_ " * 300,
    ":a:`b` " * 300,
    "**a " * 200 + "**b**",
    "*a *a* " * 200,
    "``a " * 200 + "``",
    "_`a " * 200,
    "\n".join(["*a " * 24] * 20),
    "|a| " * 300,
    "|a| |b| " * 100 + "\n\n.. |b| replace:: *b* |c|\n.. |c| replace:: c",
    "x |t| y |a| z " * 50 + "\n\n.. |t| replace:: T\n   :trim:",
    "*a " * 30 + "\n\n" + "a_ " * 30 + "\n\n" + "|a| " * 30 + "\n\n" + ":a:`b` " * 30,
    ":a:`b " * 100,
    "`a`:b: " * 100,
    "\n\n".join(["*a " * 20 + "\n\n- `b " * 5] * 10),
    ".. x::\n\n" * 60 + "a_ " * 60,
    "----\n\n" * 200,
    "a__ " * 300 + "\n\n__ x",
    "x_ " + "a__ " * 100 + "\n\n__ t\n\n" + "y_ " * 10 + "|z| " * 10,
    "a\n\n" + "  ----\n\n" * 100,
    "`a <b_>`_ " * 100 + "\n\n.. [#] x\n\n" + "[#]_ " * 60,
]


@pytest.mark.parametrize("text", seed_documents())
def test_seed_documents_render_exactly_as_stock_docutils_renders_them(text):
    assert markup._render_rst(text) == stock(text)


@pytest.mark.parametrize("text", ORDINARY_DOCUMENTS + UNDER_THE_CAP)
def test_documents_render_exactly_as_stock_docutils_renders_them(text):
    assert markup._render_rst(text) == stock(text)


@pytest.mark.parametrize("text", ORDINARY_DOCUMENTS + UNDER_THE_CAP)
def test_the_cap_changes_nothing_under_it(text):
    assert capped_stock(text) == stock(text)


@pytest.mark.parametrize("text", HOSTILE_DOCUMENTS)
def test_hostile_documents_render_as_stock_docutils_with_the_cap(text):
    assert markup._render_rst(text) == capped_stock(text)


def problems_shown(output: str) -> int:
    return len(re.findall(r'<aside class="system-message" id=', output))


@pytest.mark.parametrize(
    "unit",
    ["*a ", "`a ", "a_ ", "`a`_ ", "[1]_ ", "|a| ", ":a:`b` ", ":a:`b "],
)
def test_after_the_cap_the_rest_is_text(unit):
    output = markup._render_rst(unit * (MAX_PROBLEMS + 30))
    assert problems_shown(output) == MAX_PROBLEMS
    assert output.count('class="problematic"') == MAX_PROBLEMS
    assert "Too many problems: 30 more not reported" in output
    # Every occurrence is still in the text, marked or not.
    visible = re.sub(r"<aside.*?</aside>", "", output, flags=re.DOTALL)
    text = re.sub(r"<[^>]+>", "", visible).replace("&lt;", "<")
    assert text.count(unit.strip()) == MAX_PROBLEMS + 30


def test_one_message_marks_at_most_the_cap_of_places():
    output = markup._render_rst("a__ " * (MAX_PROBLEMS + 30))
    assert problems_shown(output) == 1
    assert "Anonymous hyperlink mismatch: 80 references but 0 targets" in output
    assert output.count('class="problematic"') == MAX_PROBLEMS
    backlinks = re.search(r"backlinks: (.*?)</em>", output).group(1)
    assert backlinks.count("<a href=") == MAX_PROBLEMS
    assert output.count("a__") == MAX_PROBLEMS + 30


def test_past_the_cap_anonymous_references_are_not_made_problematic(monkeypatch):
    problematic_ids = []
    set_id = rst_bounds.nodes.document.set_id

    def counting_set_id(document, node, *args, **kwargs):
        if isinstance(node, rst_bounds.nodes.problematic):
            problematic_ids.append(node)
        return set_id(document, node, *args, **kwargs)

    monkeypatch.setattr(rst_bounds.nodes.document, "set_id", counting_set_id)
    markup._render_rst("a__ " * 300)
    assert len(problematic_ids) == MAX_PROBLEMS


def test_problems_below_the_report_level_still_go_and_count_for_nothing():
    # Each unknown role also makes two INFO messages, which are never shown.
    output = markup._render_rst(":a:`b` " * MAX_PROBLEMS)
    assert problems_shown(output) == MAX_PROBLEMS
    assert "Too many problems" not in output
    assert "No role entry" not in output


def test_the_closing_warning_goes_with_the_other_messages_at_the_end():
    output = markup._render_rst("*a " * (MAX_PROBLEMS + 1))
    section = output[output.index('<section class="system-messages">') :]
    assert "Too many problems: 1 more not reported" in section
    assert "(a document reports at most 50)" in section


class CountingReports:
    """Counts the problems the reporter makes (at or above the report level)."""

    def __init__(self, monkeypatch):
        self.count = 0
        original = Reporter.system_message

        def system_message(reporter, level, *args, **kwargs):
            if level >= reporter.report_level:
                self.count += 1
            return original(reporter, level, *args, **kwargs)

        monkeypatch.setattr(Reporter, "system_message", system_message)


@pytest.mark.parametrize(
    "unit", ["*a ", "`a ", ":a:`b ", "a_ ", "[1]_ ", "|a| ", ":a:`b` "]
)
def test_past_the_cap_no_problem_is_built(monkeypatch, unit):
    reports = CountingReports(monkeypatch)
    markup._render_rst(unit * 300)
    assert reports.count == MAX_PROBLEMS


def test_the_cap_removes_messages_once_per_parent(monkeypatch):
    def one_child(self, *args):
        raise AssertionError("a child was looked up or removed one at a time")

    for name in ("index", "remove", "replace"):
        monkeypatch.setattr(rst_bounds.nodes.Element, name, one_child)
    output = markup._render_rst("\n\n".join([":a:`b` *c " * 20] * 5))
    assert problems_shown(output) == MAX_PROBLEMS


@pytest.fixture
def inliner() -> BoundedInliner:
    inliner = BoundedInliner()
    inliner.init_customizations(get_default_settings(Parser))
    return inliner


class CountingPattern:
    """A compiled pattern that counts the searches made with it."""

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.compiled = pattern
        self.pattern = pattern.pattern
        self.searches = 0

    def search(self, string: str, *args: int) -> re.Match[str] | None:
        self.searches += 1
        return self.compiled.search(string, *args)


def test_the_last_end_string_of_a_paragraph_is_found_with_overlapping_matches(
    inliner,
):
    emphasis = inliner.patterns.emphasis.pattern
    assert last_match_start(emphasis, "*a *b* c* d") == 8
    assert last_match_start(emphasis, "*a *b *c") == -1
    strong = inliner.patterns.strong.pattern
    assert last_match_start(strong, "a** b***") == 6  # overlaps the match at 5


def test_a_start_string_after_the_last_end_string_is_not_searched_for(inliner):
    counting = CountingPattern(inliner.patterns.emphasis.pattern)
    search = rst_bounds._EndStringSearch(counting, inliner)  # type: ignore[arg-type]
    inliner.paragraph, inliner._last_ends = "*a* *b *c *d", {}

    assert search.search("a* *b *c *d") is not None  # an end-string follows
    found_with_full_searches = counting.searches
    assert search.search("b *c *d") is None
    assert search.search("d") is None
    # After the first call only the once-per-paragraph scan ran, no full search.
    assert counting.searches == found_with_full_searches
    assert list(inliner._last_ends.values()) == [2]


def test_a_string_that_is_not_the_current_paragraph_is_searched_in_full(inliner):
    counting = CountingPattern(inliner.patterns.emphasis.pattern)
    search = rst_bounds._EndStringSearch(counting, inliner)  # type: ignore[arg-type]
    inliner.paragraph, inliner._last_ends = "*a *b", {}
    assert search.search("other* text") is not None
    assert counting.searches == 1


def test_unknown_targets_are_replaced_once_per_parent(monkeypatch):
    def index_of_child(self, *args):
        raise AssertionError("a child was looked up with list.index")

    monkeypatch.setattr(rst_bounds.nodes.Element, "index", index_of_child)
    output = markup._render_rst("a_ b_ c_")
    assert output.count('class="problematic"') == 3
    assert output.count("Unknown target name: &quot;a&quot;.") == 1


def test_mismatched_anonymous_references_are_replaced_once_per_parent(monkeypatch):
    def index_of_child(self, *args):
        raise AssertionError("a child was looked up with list.index")

    monkeypatch.setattr(rst_bounds.nodes.Element, "index", index_of_child)
    output = markup._render_rst("a__ b__ `c`__")
    assert output.count('class="problematic"') == 3
    assert output.count("Anonymous hyperlink mismatch: 3 references but 0") == 1


def test_undefined_substitutions_are_replaced_once_per_parent(monkeypatch):
    def index_of_child(self, *args):
        raise AssertionError("a child was looked up with list.index")

    monkeypatch.setattr(rst_bounds.nodes.Element, "index", index_of_child)
    output = markup._render_rst("|a| |b| |a|")
    assert output.count('class="problematic"') == 3
    assert output.count("Undefined substitution referenced: &quot;a&quot;.") == 2


def test_transitions_are_checked_once_per_parent(monkeypatch):
    def one_child(self, *args):
        raise AssertionError("a child was looked up or inserted one at a time")

    for name in ("index", "insert", "remove"):
        monkeypatch.setattr(rst_bounds.nodes.Element, name, one_child)
    output = markup._render_rst("a\n\n" + "----\n\n" * 60 + "b")
    assert output.count("<hr") == 60
    assert output.count("At least one body element should separate") == 30


TRANSITION_PIECES = [
    "----\n\n",
    "a\n\n",
    ".. _x: y\n\n",
    "T\n=\n\n",
    "U\n-\n\n",
    "V\n~\n\n",
    ".. |s| replace:: s\n\n",
    "- l\n\n  ----\n\n",
    "  q\n\n  ----\n\n",
    ".. note:: n\n\n   ----\n\n",
]


def test_transitions_in_any_place_render_as_stock_docutils_renders_them():
    rng = random.Random(20261203)
    for _ in range(300):
        pieces = rng.choices(TRANSITION_PIECES, k=rng.randint(1, 12))
        text = "".join(pieces)
        assert markup._render_rst(text) == capped_stock(text), text


def test_defined_substitutions_are_found_searching_on_from_the_last_one(
    monkeypatch,
):
    starts = []

    class Recording(list):
        def index(self, item, start=0, stop=sys.maxsize):
            starts.append(start)
            return super().index(item, start, stop)

    hinted_init = rst_bounds._HintedIndex.__init__

    def init(self, parent):
        parent.children = Recording(parent.children)
        hinted_init(self, parent)

    monkeypatch.setattr(rst_bounds._HintedIndex, "__init__", init)
    output = markup._render_rst("x |b| " * 100 + "\n\n.. |b| replace:: *b*")
    assert output.count("<em>b</em>") == 100
    assert len(starts) >= 100
    assert starts.count(0) == 1  # only the first search starts at the beginning


def test_the_reader_swaps_only_the_quadratic_transforms_and_adds_the_cap():
    references = rst_bounds.references
    stock_transforms = rst_bounds.standalone.Reader().get_transforms()
    swaps = {
        references.DanglingReferences: rst_bounds.LinearDanglingReferences,
        references.Substitutions: rst_bounds.LinearSubstitutions,
        references.AnonymousHyperlinks: rst_bounds.LinearAnonymousHyperlinks,
        rst_bounds.misc.Transitions: rst_bounds.LinearTransitions,
    }
    assert set(swaps) <= set(stock_transforms)
    assert [*(swaps.get(t, t) for t in stock_transforms), rst_bounds.CapProblems] == (
        rst_bounds.bounded_reader().get_transforms()
    )


def test_the_cap_runs_between_docutils_gathering_and_filtering_messages():
    assert (
        universal.Messages.default_priority
        < rst_bounds.CapProblems.default_priority
        < universal.FilterMessages.default_priority
    )


@pytest.fixture
def collector_state():
    was_enabled = gc.isenabled()
    yield
    (gc.enable if was_enabled else gc.disable)()


@pytest.mark.usefixtures("collector_state")
@pytest.mark.parametrize("enabled", [True, False])
def test_the_garbage_collector_is_paused_while_docutils_renders(monkeypatch, enabled):
    seen = []

    def publish_parts(**kwargs):
        seen.append(gc.isenabled())
        raise RuntimeError("docutils failed")

    monkeypatch.setattr(markup, "publish_parts", publish_parts)
    (gc.enable if enabled else gc.disable)()
    output = markup._render_rst("text")
    assert seen == [False]
    assert gc.isenabled() is enabled  # restored, also after an error
    assert "docutils failed" in output

"""Keep Python-Markdown linear on hostile input, without changing normal output.

Python-Markdown scans forward from every ``[`` for its closing ``]`` (and from
every ``](`` for its closing ``)``), from every ``<`` for a ``>``, and nests one
block per leading ``>``. Each scan is linear, so a run of openers that never
close (``"[" * 20000``) costs quadratic time or worse. :func:`neutralise` and
:class:`BoundedMarkdown` mark the characters that cannot start anything (an
opener with no partner, a ``(`` that never closes, quote markers beyond a sane
depth, dense runs of emphasis markers) with private sentinels the parser treats
as plain text; :func:`restore` turns the sentinels back into the characters
they stood for, so the visible text is the same. Documents without such
patterns are rendered exactly as before.
"""

from __future__ import annotations

import re
from typing import Any

from markdown import Markdown
from markdown.extensions import Extension
from markdown.inlinepatterns import BacktickInlineProcessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

# Unicode noncharacters ("not for interchange"): never meaningful in user text, so
# they are removed from input and free to stand for a neutralised character.
_BRACKET = "\ufdd0"  # an opening "[" that can start no link, image or reference
_PAREN = "\ufdd1"  # a "(" after "]" that never closes
_LT = "\ufdd2"  # a "<" with no ">" after it: never a tag, comment or autolink
_GT = "\ufdd3"  # a block-quote marker beyond MAX_QUOTE_DEPTH
_STAR = "\ufdd4"  # "*" in a dense run of emphasis markers
_UNDERSCORE = "\ufdd5"  # "_" in a dense run of emphasis markers
_SENTINELS = re.compile("[\ufdd0-\ufdd5]")
# What each sentinel becomes in the HTML: the character Python-Markdown would
# have written for it (it escapes "<" and ">" in text, code and attributes).
_RESTORED = {
    _BRACKET: "[",
    _PAREN: "(",
    _LT: "&lt;",
    _GT: "&gt;",
    _STAR: "*",
    _UNDERSCORE: "_",
}

MAX_QUOTE_DEPTH = 16
# Emphasis markers with at most two other characters between them, this many
# times in a row, are not prose (``*a*a*a...``): they are shown as written.
EMPHASIS_RUN = 32

_LEADING_QUOTES = re.compile(
    rf"^((?:[ \t]*>){{{MAX_QUOTE_DEPTH}}})((?:[ \t]*>)+)", re.M
)
_EMPHASIS_RUN = re.compile(rf"(?:[*_][^*_\n]{{0,2}}){{{EMPHASIS_RUN},}}")


def neutralise(text: str) -> str:
    """Text-level pre-pass: what can be decided without parsing blocks."""
    text = _SENTINELS.sub("", text)
    # A "<" after the last ">" can never be part of markup; scanning from each
    # one to the end is what makes runs of "<a " quadratic in the HTML parser.
    last_gt = text.rfind(">")
    tail = text[last_gt + 1 :]
    if "<" in tail:
        text = text[: last_gt + 1] + tail.replace("<", _LT)
    text = _LEADING_QUOTES.sub(
        lambda m: m.group(1) + m.group(2).replace(">", _GT), text
    )
    return _EMPHASIS_RUN.sub(
        lambda m: m.group(0).replace("*", _STAR).replace("_", _UNDERSCORE), text
    )


def restore(html_text: str) -> str:
    """Put back the characters the sentinels stood for."""
    return _SENTINELS.sub(lambda m: _RESTORED[m.group(0)], html_text)


_BACKTICK_RUN = re.compile(r"`+")
_TOKENS = re.compile(r"\\.|[\[\]()]", re.S)
_REFERENCE_ID = re.compile(r"\s?\[([^\]]*)\]", re.S)
_WHITESPACE = re.compile(r"\s+")


def _code_spans(text: str) -> list[tuple[int, int]]:
    """Where Python-Markdown's backtick pattern finds code spans in ``text``.

    The same pairing rules as ``BacktickInlineProcessor.find_code_spans`` (an
    opener closes at the next run of as many backticks, else at the longest
    shorter run), computed over backtick runs instead of characters.
    """
    runs = [(m.start(), m.end()) for m in _BACKTICK_RUN.finditer(text)]
    spans: list[tuple[int, int]] = []
    index = 0
    while index < len(runs):
        start, end = runs[index]
        backslashes = 0
        while start - backslashes > 0 and text[start - backslashes - 1] == "\\":
            backslashes += 1
        if backslashes % 2:  # an escaped backtick opens nothing
            start += 1
            if start == end:
                index += 1
                continue
        ticks = end - start
        longest, longest_at = 0, -1
        closed = False
        for later in range(index + 1, len(runs)):
            length = runs[later][1] - runs[later][0]
            if length == ticks:
                spans.append((start, runs[later][1]))
                index = later + 1
                closed = True
                break
            if length > longest:
                longest, longest_at = length, later
        if closed:
            continue
        if 0 < longest < ticks:
            spans.append((start, runs[longest_at][1]))
            index = longest_at + 1
            continue
        index += 1
    return spans


def neutralise_brackets(text: str, references: dict[str, Any]) -> str:
    """Mark the ``[`` and ``(`` in one inline text that Python-Markdown would scan in vain.

    Kept: a ``[`` whose ``]`` holds no other bracket (scanning it is cheap), is
    followed by a ``(`` that closes (an inline link or image), or by ``[id]``
    naming a defined reference. A ``(`` right after ``]`` that never closes is
    marked too. Code spans and backslash escapes are skipped as the parser does.
    One deliberate difference: a link title holding an unbalanced ``(``
    (``[a](b "(")``) is shown as text, since telling it apart from an unclosed
    ``(`` would need the scan this avoids.
    """
    if "[" not in text:
        return text
    code = _code_spans(text) if "`" in text else []
    tokens: list[tuple[int, str]] = []
    position = 0
    for start, end in [*code, (len(text), len(text))]:
        for match in _TOKENS.finditer(text, position, start):
            if len(match.group(0)) == 1:
                tokens.append((match.start(), match.group(0)))
        position = end
    bracket_partner: dict[int, int] = {}
    paren_partner: dict[int, int] = {}
    brackets: list[int] = []
    parens: list[int] = []
    next_token: dict[int, int] = {}
    previous_bracket = -1
    for at, char in tokens:
        if char in "[]":
            if previous_bracket >= 0:
                next_token[previous_bracket] = at
            previous_bracket = at
        if char == "[":
            brackets.append(at)
        elif char == "]" and brackets:
            bracket_partner[brackets.pop()] = at
        elif char == "(":
            parens.append(at)
        elif char == ")" and parens:
            paren_partner[parens.pop()] = at
    marks: dict[int, str] = {}
    for at, char in tokens:
        if char != "[":
            continue
        close = bracket_partner.get(at)
        if close is None:
            marks[at] = _BRACKET
            continue
        after = close + 1
        if after < len(text) and text[after] == "(":
            if after not in paren_partner:
                marks[after] = _PAREN
            else:
                continue
        if next_token.get(at) == close:
            continue
        ref = _REFERENCE_ID.match(text, after)
        if ref and _WHITESPACE.sub(" ", ref.group(1).lower()) in references:
            continue
        marks[at] = _BRACKET
    if not marks:
        return text
    chars = list(text)
    for at, sentinel in marks.items():
        chars[at] = sentinel
    return "".join(chars)


class _BracketTreeprocessor(Treeprocessor):
    """Runs before the inline processor, on exactly the texts it will parse."""

    def run(self, root: Any) -> None:
        references = self.md.references  # type: ignore[attr-defined]
        for element in root.iter():
            for attr in ("text", "tail"):
                value = getattr(element, attr)
                if value and not isinstance(value, AtomicString) and "[" in value:
                    setattr(element, attr, neutralise_brackets(value, references))


class _LinearBacktickProcessor(BacktickInlineProcessor):
    """The same code-span pairing, found over backtick runs, not characters.

    The stock version walks every character to the end of the text for each
    opener that never closes (``"`a``a```a..."``).
    """

    def find_code_spans(self, start: int, text: str) -> tuple[int, int | None]:
        runs = _BACKTICK_RUN.finditer(text, start)
        opener = next(runs, None)
        if opener is None:
            return start, None
        ticks = len(opener.group(0))
        longest, longest_end = 0, 0
        for run in runs:
            length = len(run.group(0))
            if length == ticks:
                return opener.end(), run.start()
            if length > longest:
                longest, longest_end = length, run.end()
        if 0 < longest < ticks:
            return opener.end() - (ticks - longest), longest_end - longest
        return opener.end(), None


class BoundedMarkdown(Extension):
    """Register the bracket pre-pass and the linear backtick pairing."""

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Markdown's API)
        md.treeprocessors.register(_BracketTreeprocessor(md), "bounded_brackets", 25)
        backtick = md.inlinePatterns["backtick"]
        md.inlinePatterns.register(
            _LinearBacktickProcessor(backtick.pattern), "backtick", 190
        )

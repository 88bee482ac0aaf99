"""Adversarial markup corpus: how long hostile input takes to render.

Each pattern is repeated to 2,000 and 20,000 characters (the job description
limit) and rendered through ``pydotorg.core.markup``: the parser alone
(Markdown or docutils to HTML, where the quadratic cases lived) and the whole
``render()`` (parser plus the bleach sanitiser). Times are CPU seconds of this
process (``time.process_time``), so other load on a shared machine inflates them
less than wall-clock time would.

Exit status 1 when the slowest parser time at 20,000 characters exceeds
``--limit`` (default 0.5 s), or when a pattern grows more than ``--max-growth``
times from 2,000 to 20,000 characters (linear is 10x, quadratic 100x).

    .venv/bin/python bench/markup_corpus.py [--only markdown|rst] [--limit 0.5]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable

from pydotorg.core.markup import (
    ContentType,
    _render_markdown,
    _render_rst,
    clear_render_cache,
    render,
)

SIZES = (2_000, 20_000)


def repeat(unit: str) -> Callable[[int], str]:
    return lambda size: (unit * (size // len(unit) + 1))[:size]


def wrapped(unit: str, width: int = 72) -> Callable[[int], str]:
    """``unit`` repeated, in lines of ``width`` (one long paragraph)."""

    def make(size: int) -> str:
        text = repeat(unit)(size)
        return "\n".join(text[i : i + width] for i in range(0, len(text), width))

    return make


def table(size: int) -> str:
    return ("| a | b |\n|---|---|\n" + "| x | y |\n" * size)[:size]


def staircase(size: int) -> str:
    """Backtick runs of growing length: every opener scans to the end."""
    text, ticks = "", 1
    while len(text) < size:
        text += "`" * ticks + "a"
        ticks += 1
    return text[:size]


def nested_list(size: int) -> str:
    lines, depth = [], 0
    while sum(map(len, lines)) < size:
        lines.append("    " * (depth % 40) + "- item\n")
        depth += 1
    return "".join(lines)[:size]


MARKDOWN: dict[str, Callable[[int], str]] = {
    "[ run": repeat("["),
    "![ run": repeat("!["),
    "]( run": repeat("]("),
    "([ run": repeat("(["),
    "[a]( unclosed links": repeat("[a]("),
    '[a](" quoted titles': repeat('[a]("'),
    "[] empty links": repeat("[]"),
    "[[ ]] nesting": lambda size: "[" * (size // 2) + "]" * (size // 2),
    "[a][b] undefined refs": repeat("[a][b]"),
    "[ in lines": wrapped("[a "),
    "< run": repeat("<"),
    "<a unclosed tags": repeat("<a "),
    "* run": repeat("*"),
    "_ run": repeat("_"),
    "*a emphasis": repeat("*a"),
    "**a strong": repeat("**a"),
    "_a emphasis": repeat("_a"),
    "` run": repeat("`"),
    "`a code spans": repeat("`a"),
    "` staircase": staircase,
    "> nested quotes": repeat(">"),
    "> > spaced quotes": repeat("> "),
    "\\ escapes": repeat("\\"),
    "& entities": repeat("&"),
    "long table": table,
    "nested lists": nested_list,
    "paragraphs": repeat("a\n\n"),
    "links": repeat("[a](b) "),
}

RST: dict[str, Callable[[int], str]] = {
    "* emphasis starts": wrapped("*a "),
    "` interpreted starts": wrapped("`a "),
    "`a <  targets": wrapped("`a <"),
    "a_ references": wrapped("a_ "),
    "`a`_ references": wrapped("`a`_ "),
    "[1]_ footnotes": wrapped("[1]_ "),
    "|a| substitutions": wrapped("|a| "),
    ":a:`b` roles": wrapped(":a:`b` "),
    "a__ anonymous references": wrapped("a__ "),
    "|b| defined substitutions": lambda size: (
        wrapped("|b| ")(size - 22) + "\n\n.. |b| replace:: b\n"
    ),
    "---- transitions": repeat("----\n\n"),
    "* run": repeat("*"),
    "` run": repeat("`"),
    "paragraphs": repeat("a\n\n"),
}


def cpu_time(function: Callable[[str], object], text: str) -> float:
    start = time.process_time()
    function(text)
    return time.process_time() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--only", choices=("markdown", "rst"))
    parser.add_argument("--limit", type=float, default=0.5)
    parser.add_argument("--max-growth", type=float, default=30.0)
    args = parser.parse_args()

    suites = [
        ("markdown", MARKDOWN, _render_markdown, ContentType.MARKDOWN),
        ("rst", RST, _render_rst, ContentType.RESTRUCTUREDTEXT),
    ]
    problems: list[str] = []
    slowest = 0.0
    header = f"{'pattern':28} {'parse 2k':>9} {'parse 20k':>10} {'growth':>7} {'render 20k':>11}"
    for name, corpus, parse, kind in suites:
        if args.only and args.only != name:
            continue
        print(f"\n{name}\n{header}")
        for label, make in corpus.items():
            small, large = (make(size) for size in SIZES)
            parse_small = cpu_time(parse, small)
            parse_large = cpu_time(parse, large)
            clear_render_cache()
            whole = cpu_time(lambda text, kind=kind: render(text, kind), large)
            growth = parse_large / max(parse_small, 0.001)
            print(
                f"{label:28} {parse_small:9.3f} {parse_large:10.3f} {growth:6.0f}x"
                f" {whole:11.3f}",
                flush=True,
            )
            slowest = max(slowest, parse_large)
            if parse_large > args.limit:
                problems.append(f"{name} {label!r}: {parse_large:.3f} s at 20,000")
            if parse_large > 0.05 and growth > args.max_growth:
                problems.append(f"{name} {label!r}: grows {growth:.0f}x for 10x input")
    print(
        f"\nslowest parse at 20,000 characters: {slowest:.3f} s (limit {args.limit} s)"
    )
    for problem in problems:
        print(f"PROBLEM {problem}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

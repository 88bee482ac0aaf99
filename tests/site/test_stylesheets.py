"""The stylesheets: split by section, each selector declared once.

A selector's declarations live in one rule of one file, so what styles an element
is found in one place and no later rule quietly overrides an earlier one. The same
selector may appear again only under another media query (a phone or wide-screen
variant). Stylesheets loaded on the same pages are checked together: the public
site's files (all linked from ``base.html``) and the admin's.

Styles live in ``static/css/``: templates carry no ``<style>`` element (the public
pages' Content-Security-Policy refuses them, and they would escape this check).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
STATIC = ROOT / "static"
TEMPLATES = ROOT / "templates"

ADMIN_FILES = ("css/admin.css", "admin/pages-preview.css")
# At-rules whose blocks hold rules: their selectors are checked per condition.
GROUPING_AT_RULES = ("@media", "@supports", "@container", "@layer")


@dataclass(frozen=True)
class Selector:
    file: str
    line: int
    context: tuple[str, ...]  # the enclosing at-rule preludes, normalised
    text: str  # normalised


def _normalise(text: str) -> str:
    text = " ".join(text.split())
    return re.sub(r"\s*([>+~,])\s*", r"\1", text).replace(",", ", ")


def _split_top_level(prelude: str) -> list[str]:
    """Split a selector list on the commas outside ``()``, ``[]`` and strings."""
    parts, depth, quote, start = [], 0, "", 0
    for index, char in enumerate(prelude):
        if quote:
            quote = "" if char == quote else quote
        elif char in "\"'":
            quote = char
        elif char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        elif char == "," and depth == 0:
            parts.append(prelude[start:index])
            start = index + 1
    parts.append(prelude[start:])
    return [part for part in (p.strip() for p in parts) if part]


def _block_end(text: str, opening: int) -> int:
    """The index of the ``}`` closing the block opened at ``opening``."""
    depth, quote = 0, ""
    for index in range(opening, len(text)):
        char = text[index]
        if quote:
            quote = "" if char == quote else quote
        elif char in "\"'":
            quote = char
        elif char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                return index
    raise ValueError(f"unclosed block at offset {opening}")


def selectors(text: str, file: str) -> list[Selector]:
    """Every selector of a stylesheet, with its line and enclosing at-rules."""
    # Comments become blanks of the same lines, so line numbers stay right.
    text = re.sub(
        r"/\*.*?\*/", lambda m: re.sub(r"[^\n]", " ", m.group(0)), text, flags=re.S
    )
    found: list[Selector] = []

    def walk(start: int, end: int, context: tuple[str, ...]) -> None:
        position = start
        while position < end:
            opening = text.find("{", position, end)
            statement = text.find(";", position, end)
            if opening == -1:
                return
            if statement != -1 and statement < opening:  # @import ...;
                position = statement + 1
                continue
            closing = _block_end(text, opening)
            raw = text[position:opening]
            prelude = raw.strip()
            line = text.count("\n", 0, position + len(raw) - len(raw.lstrip())) + 1
            if prelude.startswith(GROUPING_AT_RULES):
                walk(opening + 1, closing, (*context, _normalise(prelude)))
            elif prelude.startswith("@"):
                # @font-face, @keyframes, @page: the at-rule itself is the key.
                found.append(Selector(file, line, context, _normalise(prelude)))
            else:
                found.extend(
                    Selector(file, line, context, _normalise(part))
                    for part in _split_top_level(prelude)
                )
            position = closing + 1

    walk(0, len(text), ())
    return found


def repeated(files: dict[str, str]) -> list[str]:
    """One line per selector declared more than once among ``files``."""
    places: dict[tuple[tuple[str, ...], str], list[Selector]] = defaultdict(list)
    for name, text in files.items():
        for selector in selectors(text, name):
            places[selector.context, selector.text].append(selector)
    return [
        f"{text}{' in ' + ' '.join(context) if context else ''}: "
        + ", ".join(f"{s.file}:{s.line}" for s in found)
        for (context, text), found in places.items()
        if len(found) > 1
    ]


def bundles() -> dict[str, dict[str, str]]:
    every = {
        path.relative_to(STATIC).as_posix(): path.read_text(encoding="utf-8")
        for path in sorted(STATIC.rglob("*.css"))
    }
    admin = {name: every.pop(name) for name in ADMIN_FILES}
    return {"public": every, "admin": admin}


def test_the_public_pages_link_every_public_stylesheet():
    base = (TEMPLATES / "base.html").read_text(encoding="utf-8")
    linked = re.findall(r"filename='(css/[^']+\.css)'", base)
    assert sorted(linked) == sorted(bundles()["public"])


@pytest.mark.parametrize("bundle", ["public", "admin"])
def test_each_selector_is_declared_in_one_rule(bundle):
    problems = repeated(bundles()[bundle])
    assert not problems, "selectors declared more than once:\n" + "\n".join(problems)


def test_templates_have_no_style_elements():
    offenders = [
        path.relative_to(ROOT).as_posix()
        for path in TEMPLATES.rglob("*.html")
        if re.search(r"<style[\s>]", path.read_text(encoding="utf-8"), re.I)
    ]
    assert offenders == []


def test_the_checker_finds_repeats_across_files_and_ignores_other_media():
    files = {
        "a.css": "/* a, b { } */\n.x, .y > .z { color: red; }\n"
        "@media (min-width: 900px) { .x { color: blue; } }\n",
        "b.css": ".w {}\n.y>.z { margin: 0; }\n"
        "@media (min-width:  900px) {\n  .q { } }\n"
        ":is(.a, .b) p, .c { }\n",
    }
    assert repeated(files) == [".y>.z: a.css:2, b.css:2"]
    files["b.css"] += "@media (min-width: 900px) { .x { } }\n"
    assert repeated(files)[1] == ".x in @media (min-width: 900px): a.css:3, b.css:6"

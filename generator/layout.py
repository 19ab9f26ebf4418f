"""Lay out long generated statements the way black would.

Black formats a file twice whenever its first pass changes anything (a second
pass settles trailing commas), so a template that emits a long call on one
line costs two full passes over its module. ``fit`` splits such a statement
like black's right-hand split does: on one line when it fits; else the
bracket's contents on one indented line; else one item per line with a
trailing comma. Black still formats every file, so a case laid out
differently here costs time, never correctness.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterator, Optional

from .config import DEFAULT_LINE_LENGTH

_OPENING = "([{"
_CLOSING = ")]}"


@lru_cache(maxsize=1 << 15)  # pure; sync and async clients lay out the same statements
def fit(statement: str, indent: int, line_length: int = DEFAULT_LINE_LENGTH) -> str:
    """``statement`` (one line, without its indentation) laid out for ``indent``.

    Continuation lines carry their own indentation; the first line does not,
    since the template places it.
    """
    if indent + len(statement) <= line_length or "\n" in statement:
        return statement
    if statement.startswith("from ") and " import " in statement and "(" not in statement:
        # black brackets a long import's names and gives each a line, however long
        module, _, names = statement.partition(" import ")
        inner = " " * (indent + 4)
        lines = "".join(f"{inner}{name},\n" for name in _top_level_items(names))
        return f"{module} import (\n{lines}{' ' * indent})"
    split = _last_bracket(statement, indent, line_length)
    if split is None:
        return statement
    head, body, tail = split
    if not body:
        return statement
    inner = " " * (indent + 4)
    closing = " " * indent + tail
    items = _top_level_items(body)
    # Black puts a call's arguments on one line of their own when they fit, but
    # gives a literal of several items one line each (imports are handled above).
    literal = len(head) == 1 or head[-2] in " =(,:[{"
    # a def's single parameter gets a trailing comma when split, so a line of its own
    lone_parameter = head.startswith(("def ", "async def ")) and head.endswith("(") and len(items) == 1
    hug = not lone_parameter and not (literal and len(items) > 1)
    if hug and indent + 4 + len(body) <= line_length and not body.endswith(","):
        return f"{head}\n{inner}{body}\n{closing}"
    if len(items) == 1 and not body.endswith(",") and not lone_parameter:
        return head + "\n" + inner + fit(items[0], indent + 4, line_length) + "\n" + closing
    return head + "\n" + "".join(f"{inner}{fit(item + ',', indent + 4, line_length)}\n" for item in items) + closing


def _last_bracket(statement: str, indent: int, line_length: int) -> Optional[tuple[str, str, str]]:
    """(text up to and with an opening bracket, its contents, the closing bracket
    and what follows) for the last top-level bracket pair whose head and tail
    each fit on a line (``f(...) -> Optional[X]:`` splits at ``f(``, as black's
    trailer omission does); None when none does or brackets do not pair."""
    groups: list[tuple[int, int]] = []
    depth = 0
    opened = 0
    for index, char in _structure_at(statement):
        if char in _OPENING:
            if depth == 0:
                opened = index
            depth += 1
        elif char in _CLOSING:
            depth -= 1
            if depth < 0:
                return None
            if depth == 0:
                groups.append((opened, index))
    if depth != 0:
        return None
    for opened, closed in reversed(groups):
        head, tail = statement[: opened + 1], statement[closed:]
        if indent + len(head) <= line_length and indent + len(tail) <= line_length:
            return head, statement[opened + 1 : closed].strip(), tail
    return None


def _top_level_items(body: str) -> list[str]:
    """``body`` split at its top-level commas, without a trailing empty item."""
    items: list[str] = []
    depth = 0
    start = 0
    for index, char in _structure_at(body):
        if char in _OPENING:
            depth += 1
        elif char in _CLOSING:
            depth -= 1
        elif char == "," and depth == 0:
            items.append(body[start:index].strip())
            start = index + 1
    last = body[start:].strip()
    if last:
        items.append(last)
    return items


# A string literal (skipped whole) or one of the characters that structure a line.
_STRUCTURE = re.compile(r""""(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|[()\[\]{},]""")


def _structure_at(text: str) -> Iterator[tuple[int, str]]:
    """(index, character) of every bracket and comma outside string literals."""
    for match in _STRUCTURE.finditer(text):
        char = match.group()
        if len(char) == 1:
            yield match.start(), char

"""Black, one class member at a time: a big module as a skeleton plus its methods.

Editing one operation changes one method of each of its resource's two client
modules, but those modules are the largest of an SDK (thousands of lines on
OpenAI's spec), and black costs about 0.2 ms a line. So a large module is cut
into pieces that are formatted and cached on their own:

* each method (or property) of a top-level class, decorators included, is
  formatted inside a one-line wrapper class, ``class _:``, so black sees it
  at the indentation it has in the module;
* the *skeleton* is the module with every such method replaced by a
  placeholder of the same shape (the same decorator count, a stub ``...``
  body where the formatted method is a stub, else ``pass``), so black's
  blank-line decisions around each method are made exactly as in the whole
  module; the formatted methods then replace the placeholders.

The result equals black on the whole module: tests/test_members.py checks it
on every fixture and on the large modules of every corpus spec. Anything that
does not fit this shape (a placeholder name already in the text, a module
``ast`` cannot parse) is formatted whole.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from typing import Callable, Optional

WRAPPER = "class _:\n"
_PLACEHOLDER = "_sdkforge_member_"
_PLACEHOLDER_LINE = re.compile(r"    (?:@_sdkforge_member_deco_\d+|def _sdkforge_member_(\d+)\(self\):( \.\.\.)?)\n")


@dataclass(frozen=True)
class Split:
    """A module cut into the text around its methods and the methods themselves."""

    between: tuple[str, ...]  # len(members) + 1 pieces of the module around the methods
    members: tuple[str, ...]  # each method with its decorators, as it appears in the module
    decorated: tuple[bool, ...]

    def wrapped(self, index: int) -> str:
        """The source black formats for member ``index``."""
        return WRAPPER + self.members[index]

    def skeleton(self, stubs: tuple[bool, ...]) -> str:
        """The module with placeholders; ``stubs[i]``: formatted member ``i`` is a stub."""
        parts = [self.between[0]]
        for index, (decorated, stub) in enumerate(zip(self.decorated, stubs)):
            if decorated:
                parts.append(f"    @{_PLACEHOLDER}deco_{index}\n")
            parts.append(f"    def {_PLACEHOLDER}{index}(self):" + (" ...\n" if stub else "\n        pass\n"))
            parts.append(self.between[index + 1])
        return "".join(parts)


def split_members(text: str) -> Optional[Split]:
    """The methods of ``text``'s top-level classes; None when there are none or in doubt."""
    if _PLACEHOLDER in text:
        return None
    try:
        module = ast.parse(text)
    except (SyntaxError, ValueError):
        return None
    lines = text.splitlines(keepends=True)
    spans: list[tuple[int, int, bool]] = []  # (first line, last line), 0-based, inclusive
    for node in module.body:
        if not isinstance(node, ast.ClassDef) or node.col_offset != 0:
            continue
        for member in node.body:
            if not isinstance(member, (ast.FunctionDef, ast.AsyncFunctionDef)) or member.col_offset != 4:
                continue
            first = min([member.lineno] + [d.lineno for d in member.decorator_list]) - 1
            last = (member.end_lineno or member.lineno) - 1
            if not lines[first].startswith("    ") or lines[first][4:5].isspace():
                return None
            spans.append((first, last, bool(member.decorator_list)))
    if not spans:
        return None
    between: list[str] = []
    members: list[str] = []
    position = 0
    for first, last, _ in spans:
        between.append("".join(lines[position:first]))
        members.append("".join(lines[first : last + 1]))
        position = last + 1
    between.append("".join(lines[position:]))
    return Split(tuple(between), tuple(members), tuple(d for _, _, d in spans))


def unwrap(formatted: str) -> Optional[str]:
    """A formatted member without its wrapper class (None if black moved things)."""
    if not formatted.startswith(WRAPPER):
        return None
    return formatted[len(WRAPPER) :]


def is_stub(member: str) -> bool:
    """A formatted method whose body is ``...`` on its signature's last line."""
    last = member.rstrip("\n").rsplit("\n", 1)[-1]
    return last.endswith(": ...") and not last.startswith("        ")


def assemble(skeleton: str, members: tuple[str, ...]) -> Optional[str]:
    """The formatted skeleton with each placeholder replaced by its formatted member."""
    out: list[str] = []
    seen = 0
    lines = iter(skeleton.splitlines(keepends=True))
    for line in lines:
        match = _PLACEHOLDER_LINE.fullmatch(line)
        if match is None:
            out.append(line)
            continue
        if match.group(1) is None:  # a placeholder's decorator: its def line follows
            continue
        index = int(match.group(1))
        if index != seen:
            return None
        out.append(members[index])
        seen += 1
        if match.group(2) is None:
            next(lines, None)  # the placeholder's ``pass``
    return "".join(out) if seen == len(members) else None


def format_split(text: str, format_source: Callable[[str], str]) -> Optional[str]:
    """``text`` formatted member by member with ``format_source`` (one process, no cache)."""
    split = split_members(text)
    if split is None:
        return None
    members = []
    for index in range(len(split.members)):
        member = unwrap(format_source(split.wrapped(index)))
        if member is None:
            return None
        members.append(member)
    skeleton = format_source(split.skeleton(tuple(is_stub(m) for m in members)))
    return assemble(skeleton, tuple(members))

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

Most edits to a spec change prose, and a method's docstring is most of its
text but a fraction of black's work on it. So a method is formatted *hollow*
too: each function docstring in it replaced by a one-line placeholder, and the
docstrings formatted apart, each as the docstring of a stub function at the
same depth (all of a run's in one module per depth). Black formats a docstring
as a line of its own, by its text and its indentation alone, so the formatted
docstrings then replace the placeholders. An edited description then costs
black the docstring, not the method (the hollow method is cached).

The result equals black on the whole module: tests/test_members.py checks it
on every fixture and on the large modules of every corpus spec. Anything that
does not fit this shape (a placeholder name already in the text, a module
``ast`` cannot parse, a placeholder black moved) is formatted whole.
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


def _parsed(source: str, placeholder: str) -> Optional[ast.Module]:
    """``source``'s syntax tree; None when it is not Python or already holds ``placeholder``."""
    if placeholder in source:
        return None
    try:
        return ast.parse(source)
    except (SyntaxError, ValueError):
        return None


def split_members(text: str) -> Optional[Split]:
    """The methods of ``text``'s top-level classes; None when there are none or in doubt."""
    module = _parsed(text, _PLACEHOLDER)
    if module is None:
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


Spans = tuple[tuple[int, int, bool], ...]  # each member's (start, end) offsets in the text, and decorated


def spans(split: Split) -> Spans:
    """Where ``split``'s members lie in its text (``from_spans`` rebuilds it)."""
    found = []
    position = 0
    for between, member, decorated in zip(split.between, split.members, split.decorated):
        position += len(between)
        found.append((position, position + len(member), decorated))
        position += len(member)
    return tuple(found)


def from_spans(text: str, member_spans: Spans) -> Split:
    between, members = [], []
    position = 0
    for start, end, _ in member_spans:
        between.append(text[position:start])
        members.append(text[start:end])
        position = end
    between.append(text[position:])
    return Split(tuple(between), tuple(members), tuple(decorated for _, _, decorated in member_spans))


def resplit(old_text: str, old_spans: Spans, new_text: str) -> Optional[Split]:
    """``split_members(new_text)``, from the split of an earlier version of the
    module, when the two differ only inside methods: the text around the methods
    must be as it was, and each method that changed must parse alone as one
    method, complete (every bracket and string closed, nothing after it), so the
    rest of the module reads as before. None otherwise.

    Parsing a 300 kB client module to find its methods costs 40-60 ms, and an
    edit to one operation changes two such modules in a few of their methods
    (the sync and async ones).
    """
    old = from_spans(old_text, old_spans)
    position = 0
    found: list[tuple[int, int, bool]] = []
    for index, member in enumerate(old.members):
        between = old.between[index]
        if not new_text.startswith(between, position):
            return None
        start = position + len(between)
        if new_text.startswith(member, start):
            end, decorated = start + len(member), old.decorated[index]
        else:
            following = old.members[index + 1] if index + 1 < len(old.members) else None
            end = _member_end(new_text, start, old.between[index + 1], following)
            lone = None if end is None else _lone_member(new_text[start:end])
            if lone is None:
                return None
            decorated = lone
        found.append((start, end, decorated))
        position = end
    if new_text[position:] != old.between[-1]:
        return None
    return from_spans(new_text, tuple(found))


def _member_end(text: str, start: int, between: str, following: Optional[str]) -> Optional[int]:
    """Where a changed member starting at ``start`` ends: before the text that
    followed it (``between``) and the first line of the next member, which no line
    of a method can look like (a line as indented as a method's first ends the
    method); ``_lone_member`` then checks the member."""
    if following is None:
        end = len(text) - len(between)
        return end if end > start and text.endswith(between) else None
    found = text.find(between + following[: following.find("\n") + 1], start + 1)
    return found if found > start else None


def _lone_member(member: str) -> Optional[bool]:
    """Is ``member`` one method of a top-level class, from its first decorator to
    its last line? Whether it is decorated; None when not (or in doubt)."""
    if not member.endswith("\n") or not member.startswith("    ") or member[4:5].isspace():
        return None
    module = _parsed(WRAPPER + member, _PLACEHOLDER)
    if module is None or len(module.body) != 1 or not isinstance(module.body[0], ast.ClassDef):
        return None
    body = module.body[0].body
    if len(body) != 1 or not isinstance(body[0], (ast.FunctionDef, ast.AsyncFunctionDef)) or body[0].col_offset != 4:
        return None
    method = body[0]
    first = min([method.lineno] + [d.lineno for d in method.decorator_list])
    if first != 2 or method.end_lineno != member.count("\n") + 1:
        return None
    return bool(method.decorator_list)


_DOCSTRING = "_sdkforge_docstring_"
_DOCSTRING_LINE = re.compile(r'( *)"""_sdkforge_docstring_(\d+)"""\n')


@dataclass(frozen=True)
class Hollow:
    """A source with its function docstrings replaced by placeholder lines."""

    text: str
    docstrings: tuple[str, ...]  # each literal, from its opening quotes to its closing ones
    depths: tuple[int, ...]  # the indentation level of each (four spaces a level)

    def stub(self, index: int) -> str:
        """Docstring ``index`` alone, as the docstring of a function at its depth."""
        return docstring_stub(self.depths[index], (self.docstrings[index],))


def docstring_stub(depth: int, docstrings: tuple[str, ...]) -> str:
    """A module with each of ``docstrings`` as the docstring of a function, at ``depth``."""
    head = "".join("    " * level + "class _:\n" for level in range(depth - 1))
    return head + "".join(
        f"{'    ' * (depth - 1)}def _{n}():\n{'    ' * depth}{literal}\n" for n, literal in enumerate(docstrings)
    )


def split_docstring_stub(depth: int, count: int, formatted: str) -> Optional[tuple[str, ...]]:
    """The formatted docstrings (with their indentation and newline) of a formatted
    ``docstring_stub``; None when black changed its shape."""
    head = "".join("    " * level + "class _:\n" for level in range(depth - 1))
    if not formatted.startswith(head):
        return None
    pieces = re.split(rf"^{'    ' * (depth - 1)}def _(\d+)\(\):\n", formatted[len(head) :], flags=re.MULTILINE)
    if pieces[0] or len(pieces) != 2 * count + 1 or pieces[1::2] != [str(n) for n in range(count)]:
        return None
    docstrings = tuple(piece.rstrip("\n") + "\n" for piece in pieces[2::2])
    if any(not d.startswith("    " * depth) or d[len("    " * depth)] == " " for d in docstrings):
        return None
    return docstrings


def hollow_docstrings(source: str) -> Optional[Hollow]:
    """``source`` with each function docstring that stands on lines of its own
    (a plain ``\"\"\"`` literal at a multiple of four spaces) replaced by a
    placeholder line; None when it has none or in doubt."""
    tree = _parsed(source, _DOCSTRING)
    if tree is None:
        return None
    lines = source.splitlines(keepends=True)
    found: list[tuple[int, int, int]] = []  # (first line, last line, column), 0-based
    for node in ast.walk(tree):
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        first = node.body[0]
        if not (isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str)):
            continue
        start, end, column = first.lineno - 1, (first.end_lineno or first.lineno) - 1, first.col_offset
        opening = lines[start]
        after = lines[end].encode("utf-8")[first.end_col_offset or 0 :]  # ast columns count UTF-8 bytes
        if opening[:column].strip(" ") or column % 4 or not column or not opening.startswith('"""', column):
            continue
        if after.strip():
            continue
        found.append((start, end, column))
    if not found:
        return None
    found.sort()
    parts: list[str] = []
    docstrings: list[str] = []
    position = 0
    for n, (start, end, column) in enumerate(found):
        parts.append("".join(lines[position:start]))
        literal = "".join(lines[start : end + 1])[column:].rstrip()
        docstrings.append(literal)
        parts.append(f'{" " * column}"""{_DOCSTRING}{n}"""\n')
        position = end + 1
    parts.append("".join(lines[position:]))
    return Hollow("".join(parts), tuple(docstrings), tuple(column // 4 for _, _, column in found))


def fill(hollow: Hollow, formatted: str, docstrings: tuple[str, ...]) -> Optional[str]:
    """Formatted ``hollow.text`` with each placeholder replaced by its formatted
    docstring; None when black moved a placeholder."""
    out: list[str] = []
    seen = 0
    for line in formatted.splitlines(keepends=True):
        match = _DOCSTRING_LINE.fullmatch(line)
        if match is None:
            out.append(line)
            continue
        if int(match.group(2)) != seen or len(match.group(1)) != 4 * hollow.depths[seen]:
            return None
        out.append(docstrings[seen])
        seen += 1
    return "".join(out) if seen == len(hollow.docstrings) else None


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
        member = unwrap(_format_hollow(split.wrapped(index), format_source))
        if member is None:
            return None
        members.append(member)
    skeleton = format_source(split.skeleton(tuple(is_stub(m) for m in members)))
    return assemble(skeleton, tuple(members))


def _format_hollow(source: str, format_source: Callable[[str], str]) -> str:
    """``source`` formatted hollow, its docstrings apart (whole when that fails)."""
    hollow = hollow_docstrings(source)
    if hollow is None:
        return format_source(source)
    docstrings: list[str] = []
    for index, depth in enumerate(hollow.depths):
        formatted = split_docstring_stub(depth, 1, format_source(hollow.stub(index)))
        if formatted is None:
            return format_source(source)
        docstrings.extend(formatted)
    filled = fill(hollow, format_source(hollow.text), tuple(docstrings))
    return format_source(source) if filled is None else filled

"""Recognise an edit that only rewrote documentation strings of a big YAML spec.

Validating OpenAI's spec takes seconds, and the most common edit to a spec is
to its prose: an operation's ``summary``, a schema's ``description``. The
validator checks such a value only for being a string, so replacing one
string there by another cannot change what it finds, with three exceptions
that ``findings_carry_over`` rules out: a finding about the edited string or
about an object or list holding it whose message quotes an object or list
(it may quote the edited string), a ``$ref`` to an object that holds
it (the validator may check it again under another schema, quoting it), and
a key named ``description`` or ``summary`` that is data rather than
documentation (inside ``example``, ``default``, ``enum`` and the like, or an
``x-`` extension, or a discriminator's ``mapping``).

The edit is found without parsing the whole text: the two texts differ in one
span, which must lie inside one entry of a block mapping (the sections the
incremental parse of ``generator.loader`` cuts, then any block mapping below
them, down to the innermost entry holding the span); only that entry is parsed
in both versions, and their values are compared. Anything else — two edits far
apart, a changed key, a changed structure, anchors — gives ``None``, and the
caller validates as usual. An entry read alone could in principle mean
something else in the whole text, so once the caller has parsed the whole new
text, ``holds`` checks that each edited string is where the entry said.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, Iterator, Optional, Sequence

from . import loader
from .errors import PathPart
from .textdiff import common_prefix, common_suffix

_PROSE_KEYS = frozenset({"description", "summary"})
# Keys whose values are data (or vendor extensions), where a "description" key means nothing.
_DATA_KEYS = frozenset({"example", "examples", "default", "enum", "const", "mapping", "value"})
_REF = re.compile(r"""\$ref["']?[ ]*:[ ]*["']?([^"'\s,}\]]*)""")

JsonPath = tuple[PathPart, ...]


def findings_carry_over(
    old_text: str, new_text: str, findings: Sequence[tuple[Sequence[PathPart], str]]
) -> Optional[dict[JsonPath, str]]:
    """The edited strings by path (empty when the texts are equal) when ``findings``
    (the validator's for ``old_text``) are also its findings for ``new_text``; else None.

    The caller checks, once ``new_text`` is parsed whole, that it holds each edited
    string where this module, having parsed one entry alone, says it does.
    """
    if old_text == new_text:
        return {}
    changed = _prose_changes(old_text, new_text)
    if not changed:
        return None
    found = list(changed)
    # Compared as text: the document's status codes are strings, the chunk's may be ints.
    edited = [tuple(str(part) for part in edit) for edit in found]
    for path, message in findings:
        where = tuple(str(part) for part in path)
        for edit in edited:
            if where == edit:
                return None  # the finding is about the edited string itself
            if where == edit[: len(where)] and ("{" in message or "[" in message):
                return None  # it may quote an object or list that holds the edited string
    if _referenced(edited, new_text):
        return None  # something refers to an object that holds one
    return changed


def prose_changes(old_text: str, new_text: str) -> Optional[dict[JsonPath, str]]:
    """The edited strings by path (empty when the texts are equal) when ``new_text``
    only rewrote documentation strings of ``old_text`` and no ``$ref`` points at an
    object holding one; else None. As with ``findings_carry_over``, the caller
    checks with ``holds`` once ``new_text`` is parsed whole."""
    if old_text == new_text:
        return {}
    changed = _prose_changes(old_text, new_text)
    if not changed or _referenced([tuple(str(part) for part in edit) for edit in changed], new_text):
        return None
    return changed


def _referenced(edited: list[tuple[str, ...]], new_text: str) -> bool:
    """Does a ``$ref`` of ``new_text`` point at one of ``edited`` or at an object holding one?"""
    for target in _ref_target_list(new_text):
        if any(target == edit[: len(target)] for edit in edited):
            return True
    return False


def holds(data: Any, changed: dict[JsonPath, str]) -> bool:
    """Does the parsed document ``data`` hold each edited string at its path?"""
    for path, value in changed.items():
        node = data
        for part in path:
            if isinstance(node, dict):
                node = node[part] if part in node else node.get(str(part))  # status codes become strings
            elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
                node = node[part]
            else:
                return False
        if node != value:
            return False
    return True


def prose_edits(old_text: str, new_text: str) -> Optional[list[JsonPath]]:
    """JSON paths of the documentation strings ``old_text`` → ``new_text`` rewrote,
    when that is all it did; None otherwise (or when unsure)."""
    changed = _prose_changes(old_text, new_text)
    return None if changed is None else list(changed)


def _prose_changes(old_text: str, new_text: str) -> Optional[dict[JsonPath, str]]:
    """``prose_edits`` with each edited string's new value."""
    found = _remembered_prose_changes(old_text, new_text)
    return None if found is None else dict(found)


@lru_cache(maxsize=2)  # a run asks twice (the validator's findings, then the IR): once is enough
def _remembered_prose_changes(old_text: str, new_text: str) -> Optional[dict[JsonPath, str]]:
    if len(new_text) < loader._PARSE_CACHE_MIN_CHARS or loader._has_uncuttable_line(new_text):
        return None
    start = common_prefix(old_text, new_text)
    suffix = common_suffix(old_text, new_text, start)
    found = _entry_around(new_text, start, len(new_text) - suffix)
    if found is None:
        return None
    path, entry_start, entry_end = found
    old_end = entry_end - (len(new_text) - len(old_text))
    if not start >= entry_start or not old_end > entry_start:
        return None
    try:
        old_value = loader._parse_chunk(old_text[entry_start:old_end])
        new_value = loader._parse_chunk(new_text[entry_start:entry_end])
    except Exception:  # noqa: BLE001 - anchors, tags, a broken entry: not for this shortcut
        return None
    if not isinstance(old_value, dict) or not isinstance(new_value, dict) or list(new_value) != [path[-1]]:
        return None
    changes = list(_differences(old_value, new_value, path[:-1]))
    if not changes or any(change is None for change in changes):
        return None
    edits = [change for change in changes if change is not None]
    if not all(_is_prose(edit) for edit in edits):
        return None
    return {edit: _value_in_entry(new_value, edit[len(path) - 1 :]) for edit in edits}


def _value_in_entry(value: Any, path: JsonPath) -> str:
    for part in path:
        value = value[part]
    return value


def _entry_around(text: str, start: int, end: int) -> Optional[tuple[JsonPath, int, int]]:
    """The key path and span of the innermost cut entry holding ``text[start:end]``."""
    locator = loader._ChunkLocator(text)
    low, high, indent, plan = (1 if text.startswith("\ufeff") else 0), len(text), 0, loader._CUT_PLAN
    found: Optional[tuple[JsonPath, int, int]] = None  # the innermost entry so far
    while True:
        entries = locator._entries_of(low, high, indent) or {}
        inside = [(key, span) for key, span in entries.items() if span[0] <= start and end <= span[1]]
        if len(inside) != 1:
            return found
        key, (entry_start, entry_end) = inside[0]
        found = ((found[0] if found else ()) + (key,), entry_start, entry_end)
        if key in plan:  # a section the incremental parse cuts
            header = loader._SECTION_HEADER.match(text, entry_start, entry_end)
            child_plan = plan[key]
        else:  # below the cut plan: into any block mapping, as the loader's locator does
            header = loader._BLOCK_HEADER.match(text, entry_start, entry_end)
            child_plan = {}
        if header is None:
            return found
        body = loader._past_blank_and_comment_lines(text, header.end(), entry_end)
        child_indent = loader._indent_at(text, body, entry_end)
        if child_indent <= indent or start < body:
            return found
        low, high, indent, plan = body, entry_end, child_indent, child_plan


def _differences(old: Any, new: Any, path: JsonPath) -> Iterator[Optional[JsonPath]]:
    """Paths of differing strings; None for any other difference (keys, types, lengths)."""
    if type(old) is not type(new):
        yield None
    elif isinstance(new, dict):
        if list(old) != list(new):
            yield None
            return
        for key in new:
            yield from _differences(old[key], new[key], path + (key,))
    elif isinstance(new, list):
        if len(old) != len(new):
            yield None
            return
        for index, (before, after) in enumerate(zip(old, new)):
            yield from _differences(before, after, path + (index,))
    elif old != new:
        yield path if isinstance(new, str) else None


def _is_prose(path: JsonPath) -> bool:
    if not path or path[-1] not in _PROSE_KEYS:
        return False
    return not any(
        isinstance(part, str) and (part in _DATA_KEYS or part.startswith("x-")) for part in path[:-1]
    )


@lru_cache(maxsize=2)
def _ref_target_list(text: str) -> tuple[JsonPath, ...]:
    return tuple(_ref_targets(text))


def _ref_targets(text: str) -> Iterator[JsonPath]:
    """Every local ``$ref``'s target as a JSON path (JSON pointer unescaped).

    A ref to another document cannot point into this text: the caller only
    compares texts that bundled nothing from other files (see
    ``validate._remember_last``), and the edit changed no ref, so such a ref
    sits where nothing follows it (an ``x-`` extension such as Fern's code
    samples) or is one the offline validator refuses, the same way each time.
    """
    for match in _REF.finditer(text):
        value = match.group(1)
        if not value.startswith("#"):
            continue
        yield tuple(part.replace("~1", "/").replace("~0", "~") for part in value[1:].split("/") if part)

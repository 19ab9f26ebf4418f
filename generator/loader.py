"""Load a spec (YAML or JSON) and answer "which line is this JSON path on?".

Parsing happens once with PyYAML's C loader when it is available; parts of
other local files that the spec refers to are copied in (``generator.bundle``),
and the document's skeleton is checked (``generator.shape``) before it is
returned, so later stages meet one document of the expected shape. A big YAML
spec is read in chunks (its paths, schemas ...) whose parsed values are cached,
so after an edit only the changed chunks are parsed again. Line numbers
are only needed when something is reported, so the node tree that carries them
is composed lazily, on the first question, and cached.
"""

from __future__ import annotations

import bisect
import contextlib
import gc
import json
import marshal
import re
import sys
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator, Optional, Sequence

import yaml

from . import bundle, shape
from .errors import Location, PathPart, SpecError

_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _DuplicateKey(yaml.MarkedYAMLError):
    pass


class _SpecLoader(_SafeLoader):  # type: ignore[misc, valid-type]
    """PyYAML's safe loader, stricter where OpenAPI is JSON: a key given twice in
    one mapping is an error (YAML keeps the last silently), and a timestamp-like
    scalar (``2024-01-01``) stays the string it is written as."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict:
        mapping = super().construct_mapping(node, deep=deep)
        if len(mapping) < len(node.value):
            _refuse_duplicate_keys(node)
        return mapping

    def construct_timestamp_as_text(self, node: yaml.ScalarNode) -> str:
        return str(self.construct_scalar(node))


_SpecLoader.add_constructor("tag:yaml.org,2002:timestamp", _SpecLoader.construct_timestamp_as_text)


def _refuse_duplicate_keys(node: yaml.MappingNode) -> None:
    """Raise for the second occurrence of a key among the mapping's own keys
    (keys brought in by a ``<<`` merge may be overridden: that is its purpose)."""
    seen: dict[str, yaml.Node] = {}
    start, end = node.start_mark.index, node.end_mark.index
    for key_node, _ in node.value:
        if not isinstance(key_node, yaml.ScalarNode) or not start <= key_node.start_mark.index < end:
            continue  # merged in from elsewhere
        key = str(key_node.value)
        if key in seen:
            raise _DuplicateKey(
                problem=f"duplicate key {key!r} (first given on line {seen[key].start_mark.line + 1})",
                problem_mark=key_node.start_mark,
            )
        seen[key] = key_node


@dataclass
class Document:
    """A parsed spec plus the means to locate any of its parts in the source."""

    path: Path
    text: str
    data: Any
    _root_node: Optional[yaml.Node] = field(default=None, repr=False)
    # Parts copied in from other files (generator.bundle): JSON path here → (their document, path there).
    origins: dict[tuple[PathPart, ...], tuple["Document", tuple[PathPart, ...]]] = field(default_factory=dict, repr=False)
    _locator: Optional["_ChunkLocator"] = field(default=None, repr=False)

    @property
    def source_files(self) -> tuple[Path, ...]:
        """This file and every file parts were copied in from: what the output depends on."""
        return (self.path,) + tuple(dict.fromkeys(document.path for document, _ in self.origins.values()))

    @property
    def display_name(self) -> str:
        return str(self.path)

    def line_of(self, json_path: Sequence[PathPart]) -> Optional[int]:
        """1-based line of the deepest node along ``json_path`` that exists."""
        if self._root_node is None and len(self.text) >= _PARSE_CACHE_MIN_CHARS:
            if self._locator is None:
                self._locator = _ChunkLocator(self.text)
            line = self._locator.line_of(json_path)
            if line is not None:
                return line
        node = self._nodes()
        line = node.start_mark.line + 1 if node is not None else None
        for part in json_path:
            node = _child(node, part)
            if node is None:
                break
            line = node.start_mark.line + 1
        return line

    def location(self, json_path: Sequence[PathPart]) -> Location:
        json_path = tuple(json_path)
        for prefix, (document, origin) in self.origins.items():
            if json_path[: len(prefix)] == prefix:
                return document.location(origin + json_path[len(prefix) :])
        return Location(self.display_name, self.line_of(json_path), json_path)

    def _nodes(self) -> Optional[yaml.Node]:
        if self._root_node is None:
            try:
                self._root_node = yaml.compose(self.text, Loader=_SafeLoader)
            except yaml.YAMLError:
                return None
        return self._root_node


def _child(node: Optional[yaml.Node], part: PathPart) -> Optional[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if str(key_node.value) == str(part):
                return value_node
    elif isinstance(node, yaml.SequenceNode):
        try:
            return node.value[int(part)]
        except (ValueError, IndexError):
            return None
    return None


def load_document(path: Path, *, cache_dir: Optional[Path] = None) -> Document:
    """Read and parse ``path``; a parse error names the file and line."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise _error(path, None, "no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise _error(path, None, f"cannot read: {exc}") from None
    data, chunks = _parse(path, text, cache_dir)
    sound = False
    try:
        if not isinstance(data, dict):
            raise _error(path, None, "an OpenAPI document must be a mapping at the top")
        document = Document(path=path, text=text, data=data)
        if bundle.may_have_external_refs(text):
            bundle.Bundler(document, _load_part).run()
        _stringify_status_codes(data)
        checked = chunks is not None and not document.origins  # copied-in parts are not in any chunk
        problem = shape.first_problem(data, skip=chunks.sound if checked else frozenset())  # type: ignore[union-attr]
        if problem is not None:
            where, message = problem
            raise SpecError(message, document.location(where))
        sound = checked
    finally:
        if chunks is not None:
            chunks.save(sound=sound)
    return document


def _load_part(path: Path) -> Document:
    """Another file a spec refers to: parsed like a spec, but it may hold any part of one."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise _error(path, None, f"cannot read: {exc}") from None
    data, chunks = _parse(path, text)
    if chunks is not None:
        chunks.save(sound=False)
    return Document(path=path, text=text, data=data)


def _stringify_status_codes(data: dict) -> None:
    """``200:`` in YAML is an integer key; OpenAPI means the string ``"200"``."""
    paths = data.get("paths")
    if not isinstance(paths, dict):
        return
    for item in paths.values():
        if not isinstance(item, dict):
            continue
        for operation in item.values():
            responses = operation.get("responses") if isinstance(operation, dict) else None
            if isinstance(responses, dict) and any(not isinstance(k, str) for k in responses):
                operation["responses"] = {str(k): v for k, v in responses.items()}


def _parse(path: Path, text: str, cache_dir: Optional[Path] = None) -> tuple[Any, Optional[_ChunkCache]]:
    """The document's data, and the chunks it was assembled from (None when parsed
    whole), which the caller saves once it knows whether their shape is sound."""
    if path.suffix.lower() == ".json":
        return _parse_json(path, text), None
    cached = _cached_parse(text, cache_dir)
    if cached is not None:
        return cached, None
    assembled = _parse_in_chunks(path, text, cache_dir)
    if assembled is not None:
        return assembled
    try:
        with _gc_paused(), _deep_recursion():
            data = yaml.load(text, Loader=_SpecLoader)
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        where = _duplicate_key_path(text) if isinstance(exc, _DuplicateKey) else ()
        raise _error(path, line, f"invalid YAML: {exc.problem}", where) from None
    except yaml.YAMLError as exc:
        raise _error(path, None, f"invalid YAML: {exc}") from None
    except ValueError as exc:  # e.g. an integer longer than int() accepts
        raise _error(path, _line_of_long_number(text), f"unreadable value: {exc}") from None
    except RecursionError:
        raise _error(path, None, "nested too deeply to read") from None
    if _may_hold_aliases(text):
        _refuse_alias_explosions(path, text, data)
    _store_parse(text, data, cache_dir)
    return data, None


class _DuplicateJsonKey(Exception):
    pass


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict:
    mapping = dict(pairs)
    if len(mapping) < len(pairs):
        raise _DuplicateJsonKey()
    return mapping


def _parse_json(path: Path, text: str) -> Any:
    try:
        with _deep_recursion():
            return json.loads(text, object_pairs_hook=_unique_keys, parse_constant=_refuse_constant)
    except json.JSONDecodeError as exc:
        raise _error(path, exc.lineno, f"invalid JSON: {exc.msg}") from None
    except _DuplicateJsonKey:
        pass
    except ValueError as exc:  # NaN/Infinity, or an integer longer than int() accepts
        raise _error(path, _line_of_long_number(text), f"invalid JSON: {exc}") from None
    except RecursionError:
        raise _error(path, None, "nested too deeply to read") from None
    # A duplicate key: YAML reads JSON too, and its loader says where.
    try:
        yaml.load(text, Loader=_SpecLoader)
    except _DuplicateKey as exc:
        assert exc.problem_mark is not None
        raise _error(path, exc.problem_mark.line + 1, f"invalid JSON: {exc.problem}", _duplicate_key_path(text)) from None
    except (yaml.YAMLError, ValueError, RecursionError):
        pass
    raise _error(path, None, "invalid JSON: a key is given twice in one object")


def _error(path: Path, line: Any, message: str, json_path: tuple[PathPart, ...] = ()) -> SpecError:
    return SpecError(message, Location(str(path), line if isinstance(line, int) else None, json_path))


def _duplicate_key_path(text: str) -> tuple[PathPart, ...]:
    """JSON path of the first mapping that holds a key twice (only asked after
    the loader found one; composing keeps both keys, where loading keeps one)."""
    try:
        root = yaml.compose(text, Loader=_SafeLoader)
    except (yaml.YAMLError, RecursionError):
        return ()
    stack: list[tuple[yaml.Node, tuple[PathPart, ...]]] = [(root, ())] if root is not None else []
    while stack:
        node, where = stack.pop()
        if isinstance(node, yaml.MappingNode):
            keys = [str(k.value) for k, _ in node.value if isinstance(k, yaml.ScalarNode)]
            if len(set(keys)) < len(keys) and "<<" not in keys:
                return where
            stack.extend((v, where + (str(k.value),)) for k, v in node.value)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((v, where + (i,)) for i, v in enumerate(node.value))
    return ()


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _line_of_long_number(text: str) -> Optional[int]:
    match = re.search(r"\d{1000,}", text)
    return text.count("\n", 0, match.start()) + 1 if match else None


@contextlib.contextmanager
def _deep_recursion(limit: int = 20_000) -> Iterator[None]:
    """Room for deeply nested documents while they are read; beyond it a clean
    error. (Each level is a few small C frames: 20,000 stays far from the stack's end.)"""
    old = sys.getrecursionlimit()
    sys.setrecursionlimit(max(old, limit))
    try:
        yield
    finally:
        sys.setrecursionlimit(old)


_ALIAS = re.compile(r"(?:^|[\s\[{,:?-])\*[^\s,\[\]{}]+")
_MAX_EXPANDED_NODES = 2_000_000


def _may_hold_aliases(text: str) -> bool:
    return "*" in text and _ALIAS.search(text) is not None


def _refuse_alias_explosions(path: Path, text: str, data: Any) -> None:
    """YAML aliases share one object in many places: harmless, unless the shared
    parts nest so that the document, written out, would hold billions of nodes
    (an "alias bomb": every walk over it would take forever) or contain itself.
    Counted once per shared object, so the check itself is linear."""
    sizes: dict[int, int] = {}
    on_path: set[int] = set()
    stack: list[tuple[Any, bool]] = [(data, False)]
    while stack:
        node, children_done = stack.pop()
        key = id(node)
        if children_done:
            on_path.discard(key)
            children = node.values() if isinstance(node, dict) else node
            sizes[key] = 1 + sum(sizes.get(id(c), 1) for c in children if isinstance(c, (dict, list)))
            if sizes[key] > _MAX_EXPANDED_NODES:
                raise _error(
                    path,
                    _first_alias_line(text),
                    f"YAML aliases expand this document to more than {_MAX_EXPANDED_NODES:,} nodes;"
                    " refusing it (an alias bomb?)",
                )
            continue
        if key in sizes:
            continue
        if key in on_path:
            raise _error(path, _first_alias_line(text), "a YAML alias refers to a node that contains it")
        on_path.add(key)
        stack.append((node, True))
        children = node.values() if isinstance(node, dict) else node
        stack.extend((c, False) for c in children if isinstance(c, (dict, list)))


def _first_alias_line(text: str) -> Optional[int]:
    match = _ALIAS.search(text)
    return text.count("\n", 0, match.start()) + 1 if match else None


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """No cyclic GC while a large document is built: it holds no garbage yet, and
    collections triggered by millions of new containers double the parse time."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


# A YAML parse of a big spec takes seconds; the same text parsed before is read
# back from the cache directory (generator.cache) with marshal in milliseconds.
# Entries hold a digest of their payload, checked before it is unmarshalled.
_PARSE_CACHE_FORMAT = "2"


def _parse_cache_key(text: str, cache_dir: Optional[Path]) -> Optional[tuple[Path, str]]:
    from . import cache

    root = cache.cache_root(cache_dir)
    if root is None or len(text) < _PARSE_CACHE_MIN_CHARS:
        return None
    loader = f"{_SafeLoader.__module__}.{_SafeLoader.__name__}"
    return root / "parsed", cache.digest(_PARSE_CACHE_FORMAT, yaml.__version__, loader, text)


_PARSE_CACHE_MIN_CHARS = 100_000  # smaller documents parse faster than a cache look-up pays


def _cached_parse(text: str, cache_dir: Optional[Path]) -> Any:
    from . import cache

    where = _parse_cache_key(text, cache_dir)
    if where is None:
        return None
    raw = cache.read_entry(*where)
    if raw is None or len(raw) < 40 or cache.digest(raw[40:]) != raw[:40].decode("ascii", "replace"):
        return None
    try:
        with _gc_paused():
            return marshal.loads(raw[40:])
    except (ValueError, EOFError, TypeError):
        return None


def _store_parse(text: str, data: Any, cache_dir: Optional[Path]) -> None:
    from . import cache

    where = _parse_cache_key(text, cache_dir)
    if where is None:
        return
    try:
        payload = marshal.dumps(data)
    except ValueError:  # types marshal cannot hold (e.g. YAML timestamps): not cached
        return
    cache.write_entry(where[0], where[1], cache.digest(payload).encode("ascii") + payload)


# --- Incremental parsing ------------------------------------------------------------------
#
# Editing one operation of a 3 MB spec should not cost a parse of all of it (1-2 s).
# A big spec is a block mapping whose big parts (``paths``, ``components`` →
# ``schemas`` ...) are block mappings with one entry per path or schema; so the
# text is cut into chunks at those entries, each chunk is parsed on its own (a
# block mapping may start indented) and its value is kept under the digest of its
# text. The next parse of the file parses only the chunks whose text changed.
#
# Why a cut cannot change the meaning: a cut is made before a line with exactly the
# mapping's indentation and a key-like first character. In a valid document such a
# line starts the mapping's next entry, unless it lies inside an open quoted scalar
# or flow collection (block and plain scalars continue only on deeper lines); then
# the chunk before it, which itself starts at a true entry, ends mid-construct and
# fails to parse. Inside a chunk every column is where it was, so indentation reads
# the same; and the chunks cover the text without gap (the ``key:`` line of an entry
# cut further is a chunk too), so every character still passes the parser. Only
# texts the whole-text cache would hold are cut (cache on, 100,000 characters and
# more): smaller ones parse faster than chunks are looked up. A failure or any doubt
# (a chunk that is not a mapping, a key in two chunks, anchors, aliases, tags, merge
# keys, directives, document markers, tabs at the start of a line) falls back to the
# whole-text parse: it stays the reference, and reports errors exactly as before.

# Mappings cut at their entries: key → the same for the values of its entries.
_COMPONENT_SECTIONS = (
    "schemas", "responses", "parameters", "examples", "requestBodies",
    "headers", "securitySchemes", "links", "callbacks", "pathItems",
)  # fmt: skip
_CUT_PLAN: dict[str, dict] = {
    "paths": {},
    "webhooks": {},
    "components": {name: {} for name in _COMPONENT_SECTIONS},
}

_KEY_START = r"[^\s#\-?:,\[\]{}&*!|>%@`\ufeff]"  # a plain or quoted key may start so
_BLANK_OR_COMMENT_LINES = re.compile(r"(?:[ ]*(?:#[^\n]*)?\r?\n)*")
_SECTION_HEADER = re.compile(r"[ ]*([A-Za-z]+):[ ]*\r?\n")
_INDENT = re.compile(r"[ ]*")
# Lines starting so (document markers, directives, tabs) are left to the whole-text parse.
_UNCUTTABLE_LINE = re.compile(r"\n(?:---|\.\.\.|%|\t)")
_ENTRY_STARTS: dict[int, re.Pattern[str]] = {}


@dataclass(frozen=True)
class _Chunk:
    """Text holding one or more entries of a mapping, parsed on its own."""

    text: str


@dataclass(frozen=True)
class _Section:
    """An entry ``key:`` whose value, a block mapping, is itself cut into parts."""

    key: str
    head: _Chunk  # from the start of the entry to its first child entry
    parts: tuple["_Chunk | _Section", ...]


class _NotPlain(Exception):
    """A chunk uses YAML features that may reach beyond it: parse the whole text."""


def _parse_in_chunks(path: Path, text: str, cache_dir: Optional[Path]) -> Optional[tuple[dict, _ChunkCache]]:
    """The document assembled from separately parsed (mostly cached) chunks, or
    ``None`` when the text is not one to cut or a chunk is in doubt; the caller then
    parses the whole text, which names the file, line and path of any error."""
    where = _chunk_pack_key(path, text, cache_dir)
    if where is None or _has_uncuttable_line(text):
        return None
    parts = _cut_mapping(text, 1 if text.startswith("\ufeff") else 0, len(text), 0, _CUT_PLAN)  # a BOM is no content
    if parts is None:
        return None
    chunks = _ChunkCache(where)
    try:
        with _gc_paused(), _deep_recursion():
            chunks.share_parsing(parts)
            data = _assemble(parts, chunks, ())
    except Exception:  # noqa: BLE001 - whatever it is, the whole-text parse reports it
        return None
    finally:
        chunks.stop_sharing()
    # Past this size the whole-text parse's alias-bomb check has the last word.
    if data is None or chunks.containers > _MAX_EXPANDED_NODES:
        return None
    return data, chunks


def _has_uncuttable_line(text: str) -> bool:
    """A document marker, directive or tab at the start of a line (or of the text)."""
    return _UNCUTTABLE_LINE.match("\n" + text[:3]) is not None or _UNCUTTABLE_LINE.search(text) is not None


def _cut_mapping(text: str, start: int, end: int, indent: int, plan: dict) -> Optional[list[_Chunk | _Section]]:
    """The entries of the block mapping at ``indent`` in ``text[start:end]``, cut
    into chunks (and sections, for keys ``plan`` names); ``None`` when anything but
    blank lines and comments precedes the first entry (it is not such a mapping).
    The parts cover the text without gap, so every character is parsed."""
    starts = _entry_starts(text, start, end, indent)
    if not starts or _past_blank_and_comment_lines(text, start, starts[0]) != starts[0]:
        return None
    bounds = zip([start] + starts[1:], starts, starts[1:] + [end])
    return [_cut_section(text, s, line, e, indent, plan) or _Chunk(text[s:e]) for s, line, e in bounds]


def _entry_starts(text: str, start: int, end: int, indent: int) -> list[int]:
    """Offsets of the lines in ``text[start:end]`` (``start`` begins a line) with
    exactly ``indent`` spaces and then a character a key may start with."""
    pattern = _ENTRY_STARTS.get(indent)
    if pattern is None:
        pattern = _ENTRY_STARTS[indent] = re.compile(rf"\n {{{indent}}}(?={_KEY_START})")
    first = [start] if pattern.match("\n" + text[start : min(start + indent + 1, end)]) else []
    return first + [match.start() + 1 for match in pattern.finditer(text, start, end)]


def _cut_section(text: str, start: int, line: int, end: int, indent: int, plan: dict) -> Optional[_Section]:
    """The entry on ``line`` (its text ``text[start:end]``) as a section when it is
    ``name:`` alone on its line, ``plan`` names it, and a more indented block
    mapping follows; else ``None`` (the entry stays one chunk)."""
    header = _SECTION_HEADER.match(text, line, end)
    if header is None or header.group(1) not in plan:
        return None
    body = _past_blank_and_comment_lines(text, header.end(), end)
    child_indent = _indent_at(text, body, end)
    if child_indent <= indent:
        return None
    parts = _cut_mapping(text, body, end, child_indent, plan[header.group(1)])
    return _Section(header.group(1), _Chunk(text[start:body]), tuple(parts)) if parts else None


def _past_blank_and_comment_lines(text: str, start: int, end: int) -> int:
    match = _BLANK_OR_COMMENT_LINES.match(text, start, end)
    return match.end() if match else start


def _indent_at(text: str, start: int, end: int) -> int:
    match = _INDENT.match(text, start, end)
    return match.end() - start if match else 0


def _assemble(parts: Sequence[_Chunk | _Section], chunks: "_ChunkCache", section: tuple[str, ...]) -> Optional[dict]:
    """The mapping the parts make, keys in text order; ``None`` when a chunk is not
    a mapping or a key comes twice (the whole-text parse reports it as an error).
    ``section``: the keys of the sections the parts are in."""
    mapping: dict = {}
    chunks.containers += 1
    for part in parts:
        if isinstance(part, _Section):
            entries: Any = _assemble_section(part, chunks, section)
        else:
            entries = chunks.value(part.text, section)
        if not isinstance(entries, dict) or not entries:
            return None
        for key, value in entries.items():
            if key in mapping:
                return None
            mapping[key] = value
    return mapping


def _assemble_section(section: _Section, chunks: "_ChunkCache", outer: tuple[str, ...]) -> Optional[dict]:
    """``{key: mapping of its parts}``; its head (``key:`` and the comments around
    it) is parsed too, so the parser sees every character and confirms the key."""
    if chunks.value(section.head.text, outer) != {section.key: None}:
        return None
    value = _assemble(section.parts, chunks, outer + (section.key,))
    return None if value is None else {section.key: value}


def _parse_chunk(text: str) -> Any:
    """One chunk, read like a whole document. Anchors, aliases, tags and merge keys
    are left to the whole-text parse: an alias may point into another chunk, shared
    objects must stay shared, and the alias-bomb check must see them."""
    if _may_have_node_properties(text) and _has_node_properties(text):
        raise _NotPlain()
    node = yaml.compose(text, Loader=_ChunkComposer)
    try:
        return None if node is None else _plain_value(node)
    except _NotPlain:
        return yaml.load(text, Loader=_SpecLoader)  # the loader's own answer, or its error


class _ChunkComposer(_SafeLoader):  # type: ignore[misc, valid-type]
    """The safe loader's composer with a quicker resolver (PyYAML's is Python called
    from C for every node): a plain scalar's tag is remembered by its text, and
    there are no path resolvers to descend into. Composing OpenAI's 1,635 chunks:
    0.43-0.51 s -> 0.37-0.44 s."""

    def resolve(self, kind: type, value: Optional[str], implicit: tuple[bool, bool]) -> str:
        if kind is yaml.ScalarNode:
            if not implicit[0]:
                return _STR  # quoted or a block scalar: always a string
            tag = _PLAIN_TAGS.get(value)  # type: ignore[arg-type]
            if tag is None:
                tag = super().resolve(kind, value, implicit)
                if len(_PLAIN_TAGS) < 100_000:
                    _PLAIN_TAGS[value] = tag  # type: ignore[index]
            return tag
        return super().resolve(kind, value, implicit)

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        pass

    def ascend_resolver(self) -> None:
        pass


_PLAIN_TAGS: dict[str, str] = {}
assert not _SafeLoader.yaml_path_resolvers, "_ChunkComposer assumes no path resolvers"

# The tags the safe loader's resolver gives plain scalars, mappings and sequences.
_STR, _MAP, _SEQ, _NULL, _BOOL, _INT, _FLOAT, _TIMESTAMP = (
    f"tag:yaml.org,2002:{name}" for name in ("str", "map", "seq", "null", "bool", "int", "float", "timestamp")
)


def _plain_value(node: yaml.Node) -> Any:
    """What ``_SpecLoader`` constructs from ``node``, for a chunk without anchors,
    aliases, tags or merge keys: with none of those there is nothing to share or
    resolve, and this is about 20x faster than PyYAML's general constructor (most
    of a cold load). Numbers are read by that constructor; anything else not
    expected here (a complex key, an unknown tag) raises ``_NotPlain``."""
    tag = node.tag
    if tag == _STR or tag == _TIMESTAMP:  # a timestamp stays its text, as in _SpecLoader
        return node.value
    if tag == _MAP:
        mapping = {}
        for key, value in node.value:
            if not isinstance(key, yaml.ScalarNode):
                raise _NotPlain()
            mapping[_plain_value(key)] = _plain_value(value)
        if len(mapping) < len(node.value):
            _refuse_duplicate_keys(node)
        return mapping
    if tag == _SEQ:
        return [_plain_value(item) for item in node.value]
    if tag == _NULL:
        return None
    if tag == _BOOL:
        return yaml.constructor.SafeConstructor.bool_values[node.value.lower()]
    if tag == _INT:
        return _number_reader().construct_yaml_int(node)
    if tag == _FLOAT:
        return _number_reader().construct_yaml_float(node)
    raise _NotPlain()


@lru_cache(maxsize=1)
def _number_reader() -> "_SpecLoader":
    return _SpecLoader("")


def _may_have_node_properties(text: str) -> bool:
    """A quick textual test: without these characters there are none."""
    return "&" in text or "*" in text or "!" in text or "<<" in text


def _has_node_properties(text: str) -> bool:
    """Whether the YAML parser finds an anchor, alias, tag or merge key (the
    characters are also common in prose, where they mean nothing)."""
    for event in yaml.parse(text, Loader=_SafeLoader):
        if isinstance(event, yaml.AliasEvent):
            return True
        if isinstance(event, yaml.NodeEvent) and (event.anchor is not None or getattr(event, "tag", None) is not None):
            return True
        if isinstance(event, yaml.ScalarEvent) and event.value == "<<" and event.implicit[0]:
            return True  # a plain ``<<``: a merge key
    return False


def _count_containers(value: Any) -> int:
    """Dicts and lists in a chunk's value, kept with it: a document with more than
    the alias-bomb limit is left to the whole-text parse, which refuses it."""
    count, stack = 0, [value]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            count += 1
            stack.extend(node.values())
        elif isinstance(node, list):
            count += 1
            stack.extend(node)
    return count


# Sections whose entries the skeleton check (shape.py) checks one by one, each
# alone: an entry found sound is sound wherever its text occurs in that section.
_CHECKED_ALONE = frozenset(
    [("paths",)] + [("components", kind) for kind in ("schemas", "parameters", "responses", "requestBodies", "headers")]
)


class _ChunkCache:
    """Parsed chunks by the digest of their text, kept in one pack per spec file (an
    edit then rewrites one cache file, not thousands): those of the file's previous
    parse, plus the ones parsed now. Values are stored marshalled and unmarshalled
    on each use, so a chunk text that occurs twice gives two independent objects.

    Each entry also notes the sections in which the skeleton check found its
    value sound (with a digest of that check's code), so the next load skips
    checking it there again: on OpenAI's spec that check was a third of loading
    after a one-line edit. ``sound`` holds the ids of such values in this parse.
    """

    def __init__(self, where: tuple[Path, str]) -> None:
        self.where = where
        self.stored = _read_chunk_pack(where)
        self.used: dict[str, tuple[int, bytes, tuple[str, ...]]] = {}
        self.parsed = 0  # chunks parsed (not found in the pack) in this run
        self.containers = 0  # dicts and lists in the document, an upper bound
        self.sound: set[int] = set()
        self._checked_in: dict[str, set[str]] = {}  # chunk key -> the checked sections it is in now
        self._helper: Optional[tuple[int, int]] = None  # a forked child parsing some chunks (share_parsing)
        self._helper_keys: frozenset[str] = frozenset()
        self._helped: dict[str, tuple[int, bytes]] = {}

    def value(self, text: str, section: tuple[str, ...]) -> Any:
        from . import cache

        key = cache.digest(text)
        tag = _sound_tag(section) if section in _CHECKED_ALONE else None
        if tag is not None:
            self._checked_in.setdefault(key, set()).add(tag)
        entry = self.used.get(key) or self.stored.get(key) or self._shared(key)
        if entry is not None:
            self.used[key] = entry
            self.containers += entry[0]
            value = marshal.loads(entry[1])
            if tag is not None and tag in entry[2] and isinstance(value, dict):
                self.sound.update(id(entry_value) for entry_value in value.values())
            return value
        value = _parse_chunk(text)
        self.used[key] = (_count_containers(value), marshal.dumps(value), ())
        self.containers += self.used[key][0]
        self.parsed += 1
        return value

    # A cold parse of a big spec is shared with a forked child: it parses the later
    # half of the chunks not in the pack while this process parses the first half,
    # on the core the validator's child leaves idle until the spec is loaded
    # (OpenAI's spec: 1,635 chunks, about 0.6 s of parsing). A chunk the child
    # could not parse or send is parsed here, where its error is reported as usual.

    def share_parsing(self, parts: Sequence[_Chunk | _Section]) -> None:
        from . import cache, forked

        todo: dict[str, str] = {}
        for text in _chunk_texts(parts):
            key = cache.digest(text)
            if key not in self.stored and key not in todo:
                todo[key] = text
        total = sum(map(len, todo.values()))
        if total < _SHARED_PARSE_MIN_CHARS or not forked.can_fork():
            return
        later: dict[str, str] = {}
        remaining = total
        for key, text in reversed(todo.items()):
            if remaining <= total // 2:
                break
            later[key] = text
            remaining -= len(text)
        self._helper = forked.start(lambda: _parsed_elsewhere(later))
        self._helper_keys = frozenset(later)

    def _shared(self, key: str) -> Optional[tuple[int, bytes, tuple[str, ...]]]:
        """The child's entry for ``key`` (waiting for the child the first time); None
        when the child was not asked for it or could not give it."""
        if key not in self._helper_keys:
            return None
        if self._helper is not None:
            from . import forked

            payload = forked.result(self._helper)
            self._helper = None
            try:
                found = marshal.loads(payload) if payload is not None else {}
            except (ValueError, EOFError, TypeError):
                found = {}
            self._helped = found if isinstance(found, dict) else {}
        hit = self._helped.get(key)
        if hit is None:
            return None
        self.parsed += 1
        return hit[0], hit[1], ()

    def stop_sharing(self) -> None:
        """End a child that was not waited for (the parse stopped early)."""
        if self._helper is not None:
            from . import forked

            forked.cancel(self._helper)
            self._helper = None

    def save(self, *, sound: bool) -> None:
        """Keep exactly this parse's chunks (``sound``: the document passed the
        skeleton check, so every chunk is sound in the sections it is in now);
        nothing to write when that is what is stored."""
        if sound:
            for key, tags in self._checked_in.items():
                containers, marshalled, known = self.used[key]
                if not tags <= set(known):
                    self.used[key] = (containers, marshalled, tuple(sorted(tags.union(known))))
        if self.parsed or self.used != self.stored:
            _write_chunk_pack(self.where, self.used)


_SHARED_PARSE_MIN_CHARS = 300_000  # below this, forking and sending back cost more than they save


def _chunk_texts(parts: Sequence[_Chunk | _Section]) -> Iterator[str]:
    """Every chunk's text, in the order ``_assemble`` parses them."""
    for part in parts:
        if isinstance(part, _Section):
            yield part.head.text
            yield from _chunk_texts(part.parts)
        else:
            yield part.text


def _parsed_elsewhere(todo: dict[str, str]) -> bytes:
    """In the child of ``share_parsing``: ``{key: (containers, marshalled value)}``
    for each chunk it could parse and marshal."""
    found: dict[str, tuple[int, bytes]] = {}
    for key, text in todo.items():
        try:
            value = _parse_chunk(text)
            found[key] = (_count_containers(value), marshal.dumps(value))
        except Exception:  # noqa: BLE001 - the parent parses it again and reports it
            continue
    return marshal.dumps(found)


def _sound_tag(section: tuple[str, ...]) -> str:
    return f"{_shape_digest()}:{'/'.join(section)}"


@lru_cache(maxsize=1)
def _shape_digest() -> str:
    """Of the skeleton check's code: when it changes, no entry counts as checked."""
    from . import cache

    return cache.digest(Path(shape.__file__).read_bytes())[:16]


def _chunk_pack_key(path: Path, text: str, cache_dir: Optional[Path]) -> Optional[tuple[Path, str]]:
    """Where the chunks of ``path`` are kept: one entry per spec file, found again
    after an edit (the whole-text entries are keyed by the text, so they are not)."""
    from . import cache

    root = cache.cache_root(cache_dir)
    if root is None or len(text) < _PARSE_CACHE_MIN_CHARS:
        return None
    loader = f"{_SafeLoader.__module__}.{_SafeLoader.__name__}"
    return root / "parsed", cache.digest(_PARSE_CACHE_FORMAT, "chunks", yaml.__version__, loader, str(path.absolute()))


def _read_chunk_pack(where: tuple[Path, str]) -> dict[str, tuple[int, bytes]]:
    from . import cache

    raw = cache.read_entry(*where)
    if raw is None or len(raw) < 40 or cache.digest(raw[40:]) != raw[:40].decode("ascii", "replace"):
        return {}
    try:
        entries = marshal.loads(raw[40:])
    except (ValueError, EOFError, TypeError):
        return {}
    return entries if isinstance(entries, dict) else {}


def _write_chunk_pack(where: tuple[Path, str], entries: dict[str, tuple[int, bytes]]) -> None:
    from . import cache

    payload = marshal.dumps(entries)
    cache.write_entry(where[0], where[1], cache.digest(payload).encode("ascii") + payload)


# --- Locating a path without composing the whole text ----------------------------------------
#
# A warning's line number needs YAML nodes, and composing all of a 3 MB spec takes
# most of a second. The text is cut as for the incremental parse (same rules, same
# plan): the entry a path goes through is found by its key on its first line, and
# only that entry's text is composed. Anything unexpected (a key this cannot read,
# an entry found twice, a chunk that does not compose or names another key) gives
# None, and the caller composes the whole text as before.

_DOUBLE_QUOTED_KEY = re.compile(r'"([^"\\\n]*)"[ ]*:(?:[ ]|\r?\n|$)')
_SINGLE_QUOTED_KEY = re.compile(r"'((?:[^'\n]|'')*)'[ ]*:(?:[ ]|\r?\n|$)")
# An entry whose first line is its key alone: a block value follows on the next lines.
_BLOCK_HEADER = re.compile(r"""[ ]*(?:"[^"\\\n]*"|'(?:[^'\n]|'')*'|[^\s'"#\-?][^\n]*?)[ ]*:[ ]*(?:#[^\n]*)?\r?\n""")
_PLAIN_KEY = re.compile(r"([^\s'\"#][^\n]*?)[ ]*:(?:[ ]|\r?\n|$)")


class _ChunkLocator:
    def __init__(self, text: str) -> None:
        self.text = text
        self._entries: dict[tuple[int, int], Optional[dict[str, tuple[int, int]]]] = {}
        self._usable = not _has_uncuttable_line(text)
        self._composed: dict[int, Any] = {}  # entry start -> its composed node
        self._composed_chars = 0
        self._counted_at: list[int] = [0]  # positions whose newlines before are known, sorted
        self._newlines: list[int] = [0]  # ... and those counts

    def line_of(self, json_path: Sequence[PathPart]) -> Optional[int]:
        if not self._usable or not json_path:
            return None
        start, end, indent = (1 if self.text.startswith("\ufeff") else 0), len(self.text), 0
        depth = 0
        while True:
            entries = self._entries_of(start, end, indent)
            span = entries.get(str(json_path[depth])) if entries is not None else None
            if span is None:
                return None
            start, end = span
            depth += 1
            if depth == len(json_path):
                break
            # Into the entry's value when it is a block mapping (``key:`` alone on its line).
            header = _BLOCK_HEADER.match(self.text, start, end)
            if header is None:
                break
            body = _past_blank_and_comment_lines(self.text, header.end(), end)
            child_indent = _indent_at(self.text, body, end)
            if child_indent <= indent or str(json_path[depth]) not in (self._entries_of(body, end, child_indent) or {}):
                break
            start, indent = body, child_indent
        return self._line_in_entry(start, end, json_path[depth - 1], json_path[depth:])

    def _entries_of(self, start: int, end: int, indent: int) -> Optional[dict[str, tuple[int, int]]]:
        """Each entry of the block mapping at ``indent`` by key: (start, end) of its text."""
        if (start, indent) not in self._entries:
            starts = _entry_starts(self.text, start, end, indent)
            entries: Optional[dict[str, tuple[int, int]]] = {}
            for entry_start, entry_end in zip(starts, starts[1:] + [end]):
                key = _key_on_line(self.text, entry_start + indent)
                if key is None or key in entries:  # type: ignore[operator]
                    entries = None
                    break
                entries[key] = (entry_start, entry_end)  # type: ignore[index]
            self._entries[(start, indent)] = entries
        return self._entries[(start, indent)]

    def _line_in_entry(self, start: int, end: int, key: PathPart, rest: Sequence[PathPart]) -> Optional[int]:
        root = self._composed.get(start)
        if root is None:
            # Past an eighth of the text, many paths are being located (Stripe: 239
            # warnings): composing the whole text once is cheaper than going on.
            self._composed_chars += end - start
            if self._composed_chars > len(self.text) // 8:
                return None
            try:
                root = self._composed[start] = yaml.compose(self.text[start:end], Loader=_SafeLoader)
            except yaml.YAMLError:
                return None
        if not isinstance(root, yaml.MappingNode) or len(root.value) != 1 or str(root.value[0][0].value) != str(key):
            return None
        offset = self._newlines_before(start)
        node: Optional[yaml.Node] = root.value[0][1]
        line = node.start_mark.line + 1  # type: ignore[union-attr]
        for part in rest:
            node = _child(node, part)
            if node is None:
                break
            line = node.start_mark.line + 1
        return line + offset


    def _newlines_before(self, position: int) -> int:
        """Newlines in ``text[:position]``, counted on from the nearest position
        counted before (Stripe locates 239 warnings: counting each from the
        start of its 6 MB text took 0.6 s)."""
        index = bisect.bisect_right(self._counted_at, position) - 1
        count = self._newlines[index] + self.text.count("\n", self._counted_at[index], position)
        self._counted_at.insert(index + 1, position)
        self._newlines.insert(index + 1, count)
        return count


def _key_on_line(text: str, position: int) -> Optional[str]:
    """The key an entry's first line starts with, as the YAML parser reads it (None if unsure)."""
    first = text[position]
    if first == '"':
        match = _DOUBLE_QUOTED_KEY.match(text, position)
        return match.group(1) if match else None
    if first == "'":
        match = _SINGLE_QUOTED_KEY.match(text, position)
        return match.group(1).replace("''", "'") if match else None
    match = _PLAIN_KEY.match(text, position)
    if match is None or " #" in match.group(1) or "\t" in match.group(1):
        return None
    return match.group(1)

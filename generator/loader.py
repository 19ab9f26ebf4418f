"""Load a spec (YAML or JSON) and answer "which line is this JSON path on?".

Parsing happens once with PyYAML's C loader when it is available; parts of
other local files that the spec refers to are copied in (``generator.bundle``),
and the document's skeleton is checked (``generator.shape``) before it is
returned, so later stages meet one document of the expected shape. Line numbers
are only needed when something is reported, so the node tree that carries them
is composed lazily, on the first question, and cached.
"""

from __future__ import annotations

import contextlib
import gc
import json
import marshal
import re
import sys
from dataclasses import dataclass, field
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

    @property
    def source_files(self) -> tuple[Path, ...]:
        """This file and every file parts were copied in from: what the output depends on."""
        return (self.path,) + tuple(dict.fromkeys(document.path for document, _ in self.origins.values()))

    @property
    def display_name(self) -> str:
        return str(self.path)

    def line_of(self, json_path: Sequence[PathPart]) -> Optional[int]:
        """1-based line of the deepest node along ``json_path`` that exists."""
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
    data = _parse(path, text, cache_dir)
    if not isinstance(data, dict):
        raise _error(path, None, "an OpenAPI document must be a mapping at the top")
    document = Document(path=path, text=text, data=data)
    if bundle.may_have_external_refs(text):
        bundle.Bundler(document, _load_part).run()
    _stringify_status_codes(data)
    problem = shape.first_problem(data)
    if problem is not None:
        where, message = problem
        raise SpecError(message, document.location(where))
    return document


def _load_part(path: Path) -> Document:
    """Another file a spec refers to: parsed like a spec, but it may hold any part of one."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise _error(path, None, f"cannot read: {exc}") from None
    return Document(path=path, text=text, data=_parse(path, text))


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


def _parse(path: Path, text: str, cache_dir: Optional[Path] = None) -> Any:
    if path.suffix.lower() == ".json":
        return _parse_json(path, text)
    cached = _cached_parse(text, cache_dir)
    if cached is not None:
        return cached
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
    return data


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
_PARSE_CACHE_FORMAT = "1"


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

"""Load a spec (YAML or JSON) and answer "which line is this JSON path on?".

Parsing happens once with PyYAML's C loader when it is available. Line numbers
are only needed when something is reported, so the node tree that carries them
is composed lazily, on the first question, and cached.
"""

from __future__ import annotations

import contextlib
import gc
import json
import marshal
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator, Optional, Sequence

import yaml

from .errors import Location, PathPart, SpecError

_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class Document:
    """A parsed spec plus the means to locate any of its parts in the source."""

    path: Path
    text: str
    data: Any
    _root_node: Optional[yaml.Node] = field(default=None, repr=False)

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
        return Location(self.display_name, self.line_of(json_path), tuple(json_path))

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
        raise SpecError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise SpecError(f"{path}: cannot read: {exc}") from None
    data = _parse(path, text, cache_dir)
    if not isinstance(data, dict):
        raise SpecError(f"{path}: an OpenAPI document must be a mapping at the top")
    _stringify_status_codes(data)
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


def _parse(path: Path, text: str, cache_dir: Optional[Path] = None) -> Any:
    if path.suffix.lower() == ".json":
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            raise SpecError(f"{path}:{exc.lineno}: invalid JSON: {exc.msg}") from None
    cached = _cached_parse(text, cache_dir)
    if cached is not None:
        return cached
    try:
        with _gc_paused():
            data = yaml.load(text, Loader=_SafeLoader)
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else "?"
        raise SpecError(f"{path}:{line}: invalid YAML: {exc.problem}") from None
    except yaml.YAMLError as exc:
        raise SpecError(f"{path}: invalid YAML: {exc}") from None
    _store_parse(text, data, cache_dir)
    return data


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

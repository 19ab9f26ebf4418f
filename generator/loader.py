"""Load a spec (YAML or JSON) and answer "which line is this JSON path on?".

Parsing happens once with PyYAML's C loader when it is available. Line numbers
are only needed when something is reported, so the node tree that carries them
is composed lazily, on the first question, and cached.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional, Sequence

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


def load_document(path: Path) -> Document:
    """Read and parse ``path``; a parse error names the file and line."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SpecError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise SpecError(f"{path}: cannot read: {exc}") from None
    data = _parse(path, text)
    if not isinstance(data, dict):
        raise SpecError(f"{path}: an OpenAPI document must be a mapping at the top")
    return Document(path=path, text=text, data=data)


def _parse(path: Path, text: str) -> Any:
    if path.suffix.lower() == ".json":
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            raise SpecError(f"{path}:{exc.lineno}: invalid JSON: {exc.msg}") from None
    try:
        return yaml.load(text, Loader=_SafeLoader)
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else "?"
        raise SpecError(f"{path}:{line}: invalid YAML: {exc.problem}") from None
    except yaml.YAMLError as exc:
        raise SpecError(f"{path}: invalid YAML: {exc}") from None

"""Bring ``$ref``s into other local files into the spec itself.

A spec may be split over files: ``{$ref: "shared.yaml#/components/schemas/Owner"}``
or ``{$ref: "./schemas/tag.yaml"}``, paths relative to the file that holds the
ref. Every later stage (the validator, the parser) sees one document: each
referenced part is copied into the spec's own ``components`` under its name
(``Owner``, ``tag``) and the ref rewritten to point there, so a schema from
another file becomes a named model like any other. Refs inside a copied part
are followed the same way, relative to the file it came from.

Only files inside the spec's own directory (or below it) are read; a ref that
names a URL is left alone for the parser to refuse, and nothing is fetched.
Each copied part remembers where it came from, so errors in it name its file
and line.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any, Callable, Optional
from urllib.parse import unquote

from .errors import PathPart, SpecError, json_pointer

_EXTERNAL_REF = re.compile(r"""\$ref["']?\s*:\s*["']?[^#"'\s]""")
_URL = re.compile(r"^(?:[A-Za-z][A-Za-z0-9+.-]*:|//)")

# Keys under which a ref is to a schema, wherever they appear on its path.
_SCHEMA_KEYS = frozenset(
    {"schema", "schemas", "properties", "items", "allOf", "oneOf", "anyOf", "not", "additionalProperties", "prefixItems"}
)
# The component section for a ref that is the value of (or an item under) one of these keys.
_SECTION_FOR_KEY = {
    "parameters": "parameters",
    "responses": "responses",
    "requestBody": "requestBodies",
    "headers": "headers",
    "examples": "examples",
    "links": "links",
    "callbacks": "callbacks",
    "securitySchemes": "securitySchemes",
    "requestBodies": "requestBodies",
}


def may_have_external_refs(text: str) -> bool:
    """Cheap test on the source text: is any ``$ref`` not a ``#…`` pointer?"""
    return _EXTERNAL_REF.search(text) is not None


class Bundler:
    """Copies the parts of other files that a document refers to into it.

    ``load`` reads another file into an object with ``path``, ``data`` and
    ``location(json_path)`` (a loader ``Document``); ``origins`` maps the JSON
    path of each copied part in the bundled document to the document and path
    it came from.
    """

    def __init__(self, root: Any, load: Callable[[Path], Any]) -> None:
        self.root = root
        self.load = load
        self.directory = root.path.resolve().parent
        self.loaded: dict[Path, Any] = {}
        self.placed: dict[tuple[Path, tuple[str, ...]], str] = {}
        self.origins: dict[tuple[PathPart, ...], tuple[Any, tuple[PathPart, ...]]] = {}

    def run(self) -> None:
        self.root.origins = self.origins  # so root.location() finds copied parts in their own files
        data = self.root.data
        pending = [(data, (), self.root)]
        while pending:
            node, path, source = pending.pop()
            for ref_holder, ref_path in _refs_under(node, path):
                ref = ref_holder["$ref"]
                if not isinstance(ref, str) or _URL.match(ref):
                    continue
                if ref.startswith("#"):
                    if source is self.root:
                        continue
                    target_file, pointer = source.path.resolve(), _pointer(ref[1:])
                else:
                    target_file, pointer = self._target(ref, ref_path, source)
                if _section_at(ref_path) == "pathItems":
                    self._inline(ref_holder, target_file, pointer, ref_path, pending)
                    continue
                new_ref = self._place(target_file, pointer, ref_path, pending)
                if new_ref is not None:
                    ref_holder["$ref"] = new_ref

    def _target(self, ref: str, ref_path: tuple[PathPart, ...], source: Any) -> tuple[Path, tuple[str, ...]]:
        file_part, _, fragment = ref.partition("#")
        target = (source.path.resolve().parent / unquote(file_part)).resolve()
        if not target.is_relative_to(self.directory):
            raise self._error(ref_path, f"{ref!r} is outside the spec's directory; refs may only name files in it or below it")
        if not target.is_file():
            raise self._error(ref_path, f"{ref!r}: no such file {file_part}")
        return target, _pointer(fragment)

    def _part(self, target_file: Path, pointer: tuple[str, ...], ref_path: tuple[PathPart, ...]) -> tuple[Any, Any]:
        document = self.loaded.get(target_file)
        if document is None:
            document = self.loaded[target_file] = self.load(target_file)
        part = _lookup(document.data, pointer)
        if part is None:
            raise self._error(ref_path, f"reference {target_file.name}{json_pointer(pointer)} does not resolve")
        return document, part

    def _inline(self, holder: dict, target_file: Path, pointer: tuple[str, ...], ref_path: tuple[PathPart, ...], pending: list) -> None:
        """A path item has no named home in OpenAPI 3.0: its copy replaces the ref."""
        document, part = self._part(target_file, pointer, ref_path)
        if not isinstance(part, dict):
            raise self._error(ref_path, f"reference {target_file.name}{json_pointer(pointer)} is not a path item")
        del holder["$ref"]
        holder.update(copy.deepcopy(part))
        self.origins[ref_path] = (document, pointer)
        pending.append((holder, ref_path, document))

    def _place(self, target_file: Path, pointer: tuple[str, ...], ref_path: tuple[PathPart, ...], pending: list) -> Optional[str]:
        """The local ref for ``target_file#pointer``, copying the part in on first use."""
        key = (target_file, pointer)
        if key in self.placed:
            return self.placed[key]
        document, part = self._part(target_file, pointer, ref_path)
        if len(pointer) == 3 and pointer[0] == "components":
            section, name = pointer[1], pointer[2]
        else:
            section = _section_at(ref_path)
            name = pointer[-1] if pointer else target_file.stem
        components = self.root.data.setdefault("components", {})
        if not isinstance(components, dict):
            return None  # the shape check reports it
        entries = components.setdefault(section, {})
        if not isinstance(entries, dict):
            return None
        name = _free_name(str(name), entries)
        copied = copy.deepcopy(part)
        entries[name] = copied
        local = json_pointer(("components", section, name))
        self.placed[key] = local
        where = ("components", section, name)
        self.origins[where] = (document, pointer)
        pending.append((copied, where, document))
        return local

    def _error(self, path: tuple[PathPart, ...], message: str) -> SpecError:
        return SpecError(message, self.root.location(path + ("$ref",)))


# Maps whose keys are names chosen by the spec's author (a property may be
# called ``x-rate``); anywhere else a key starting with ``x-`` is an extension.
_NAME_MAPS = frozenset(
    {
        "properties",
        "patternProperties",
        "$defs",
        "definitions",
        "dependentSchemas",
        "schemas",
        "parameters",
        "responses",
        "requestBodies",
        "headers",
        "examples",
        "links",
        "callbacks",
        "securitySchemes",
        "pathItems",
        "encoding",
        "content",
    }
)


def _is_extension(key: Any, where: tuple[PathPart, ...]) -> bool:
    return isinstance(key, str) and key.startswith("x-") and not (where and where[-1] in _NAME_MAPS)


def _refs_under(node: Any, path: tuple[PathPart, ...]) -> list[tuple[dict, tuple[PathPart, ...]]]:
    """Every mapping holding a ``$ref`` under ``node``, with its path, in document order.

    Extensions (``x-…``) are vendor data, not OpenAPI: a ``$ref`` inside one,
    such as Fern's code samples pointing at snippet files, is left alone.
    """
    found = []
    stack = [(node, path)]
    while stack:
        current, where = stack.pop()
        if isinstance(current, dict):
            if "$ref" in current:
                found.append((current, where))
            stack.extend(
                (child, where + (key,))
                for key, child in reversed(current.items())
                if isinstance(child, (dict, list)) and not _is_extension(key, where)
            )
        elif isinstance(current, list):
            stack.extend((child, where + (index,)) for index, child in reversed(list(enumerate(current))) if isinstance(child, (dict, list)))
    return found


def _pointer(fragment: str) -> tuple[str, ...]:
    if not fragment.strip("/"):
        return ()
    return tuple(part.replace("~1", "/").replace("~0", "~") for part in unquote(fragment).strip("/").split("/"))


def _lookup(data: Any, pointer: tuple[str, ...]) -> Any:
    node = data
    for part in pointer:
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            return None
    return node


def _section_at(path: tuple[PathPart, ...]) -> str:
    """Which ``components`` section a part referenced at ``path`` belongs in."""
    if any(part in _SCHEMA_KEYS for part in path if isinstance(part, str)):
        return "schemas"
    for part in reversed(path):
        if isinstance(part, str) and part in _SECTION_FOR_KEY:
            return _SECTION_FOR_KEY[part]
    if len(path) >= 2 and path[0] == "paths":
        return "pathItems"
    return "schemas"


def _free_name(name: str, taken: dict) -> str:
    if name not in taken:
        return name
    number = 2
    while f"{name}{number}" in taken:
        number += 1
    return f"{name}{number}"

"""Check that the parts of a document the parser reads have the JSON types it expects.

openapi-spec-validator's findings are only warnings by default (real specs
often break a rule or two and still generate fine), so the parser cannot rely
on them for the document's shape. This pass can: it refuses, with file, line
and JSON path, the few kinds of damage the parser could not get past — a list
where a mapping belongs, a ``required`` that is not a list of names, schemas
nested deeper than any real API needs — so the parser meets only documents
whose skeleton is sound, and never answers a malformed spec with a traceback.

The loader runs it on every document it returns. It is one iterative walk over the structural keys only (examples, extensions
and descriptions are not entered), so it costs little even on Stripe's spec.
"""

from __future__ import annotations

import math
from typing import Any, Callable, Collection, Iterator, Optional

from .errors import PathPart

MAX_SCHEMA_DEPTH = 64
"""Schemas nested deeper than this are refused: real APIs stay far below it,
and every level becomes a nested model (and a longer class name)."""

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")

Path = tuple[PathPart, ...]
_Problem = tuple[Path, str]

_JSON_TYPE = {dict: "a mapping", list: "a list", str: "a string", bool: "a boolean", int: "a number", float: "a number"}


def first_problem(spec: dict, skip: Collection[int] = frozenset()) -> Optional[tuple[Path, str]]:
    """The JSON path and description of the first part of ``spec`` the parser
    could not read, or None when its skeleton is sound.

    ``skip``: ids of entries of ``paths`` and of the ``components`` sections
    already found sound (by this code: each entry is checked on its own, so
    what it holds decides alone); the loader knows them from its cache.
    """
    return next(_problems(spec, skip), None)


def _described(value: Any) -> str:
    return "null" if value is None else _JSON_TYPE.get(type(value), type(value).__name__)


def _problems(spec: dict, skip: Collection[int]) -> Iterator[_Problem]:
    yield from _expect_mapping(spec, ("info",), optional=True)
    yield from _expect_list(spec, ("servers",), each=_server)
    yield from _expect_list(spec, ("x-fern-global-headers",), each=_global_header)
    yield from _expect_list(spec, ("tags",), each=_mapping_with_strings("name", "description"))
    components = spec.get("components")
    if components is not None:
        if not isinstance(components, dict):
            yield ("components",), f"components must be a mapping, not {_described(components)}"
            return
        for kind in ("schemas", "parameters", "responses", "requestBodies", "headers", "securitySchemes", "pathItems"):
            yield from _expect_mapping(components, (kind,), optional=True, prefix=("components",))
        yield from _security_schemes(components.get("securitySchemes"), ("components", "securitySchemes"))
        for kind, check in (("parameters", _parameter), ("responses", _response), ("requestBodies", _request_body), ("headers", _header)):
            section = components.get(kind)
            if isinstance(section, dict):
                for name, value in section.items():
                    if id(value) not in skip:
                        yield from check(value, ("components", kind, name))
        schemas = components.get("schemas")
        if isinstance(schemas, dict):
            for name, schema in schemas.items():
                if id(schema) not in skip:
                    yield from _schema(schema, ("components", "schemas", name))
    paths = spec.get("paths")
    if paths is not None:
        if not isinstance(paths, dict):
            yield ("paths",), f"paths must be a mapping of routes, not {_described(paths)}"
            return
        for route, item in paths.items():
            if id(item) not in skip:
                yield from _path_item(item, ("paths", route))
    webhooks = spec.get("webhooks")
    if webhooks is not None and not isinstance(webhooks, dict):
        yield ("webhooks",), f"webhooks must be a mapping, not {_described(webhooks)}"


# --- small expectations ---------------------------------------------------------------


def _expect_mapping(parent: dict, path: Path, *, optional: bool, prefix: Path = ()) -> Iterator[_Problem]:
    key = path[-1]
    value = parent.get(key)
    if value is None and optional:
        return
    if not isinstance(value, dict):
        yield prefix + path, f"{key} must be a mapping, not {_described(value)}"


def _expect_list(parent: dict, path: Path, *, each: Callable[[Any, Path], Iterator[_Problem]]) -> Iterator[_Problem]:
    value = parent.get(path[-1])
    if value is None:
        return
    if not isinstance(value, list):
        yield path, f"{path[-1]} must be a list, not {_described(value)}"
        return
    for index, entry in enumerate(value):
        yield from each(entry, path + (index,))


def _expect_string(node: dict, key: str, path: Path, *, required: bool = False) -> Iterator[_Problem]:
    value = node.get(key)
    if value is None and not required:
        return
    if not isinstance(value, str):
        yield path + (key,), f"{key} must be a string, not {_described(value)}"


def _mapping_with_strings(*keys: str, required: tuple[str, ...] = ()) -> Callable[[Any, Path], Iterator[_Problem]]:
    def check(node: Any, path: Path) -> Iterator[_Problem]:
        if not isinstance(node, dict):
            yield path, f"expected a mapping, not {_described(node)}"
            return
        for key in keys:
            yield from _expect_string(node, key, path, required=key in required)

    return check


_server = _mapping_with_strings("url", "description", required=("url",))
_global_header = _mapping_with_strings("header", "name", "description", required=("header",))


def _is_ref(node: Any) -> bool:
    return isinstance(node, dict) and "$ref" in node


def _reference(node: dict, path: Path) -> Iterator[_Problem]:
    if not isinstance(node["$ref"], str):
        yield path + ("$ref",), f"$ref must be a string, not {_described(node['$ref'])}"


def _security_schemes(schemes: Any, path: Path) -> Iterator[_Problem]:
    if not isinstance(schemes, dict):
        return
    for name, scheme in schemes.items():
        if _is_ref(scheme):
            yield from _reference(scheme, path + (name,))
            continue
        if not isinstance(scheme, dict):
            yield path + (name,), f"a security scheme must be a mapping, not {_described(scheme)}"
            continue
        bearer = scheme.get("x-fern-bearer")
        if bearer is not None:
            yield from _mapping_with_strings("env", "name")(bearer, path + (name, "x-fern-bearer"))


# --- paths and operations --------------------------------------------------------------


def _path_item(item: Any, path: Path) -> Iterator[_Problem]:
    if not isinstance(item, dict):
        yield path, f"a path item must be a mapping, not {_described(item)}"
        return
    if _is_ref(item):
        yield from _reference(item, path)
    yield from _parameters(item, path)
    for method in HTTP_METHODS:
        if method in item:
            yield from _operation(item[method], path + (method,))


def _parameters(node: dict, path: Path) -> Iterator[_Problem]:
    yield from _expect_list(node, ("parameters",), each=lambda p, where: _parameter(p, path + where))


def _operation(operation: Any, path: Path) -> Iterator[_Problem]:
    if not isinstance(operation, dict):
        yield path, f"an operation must be a mapping, not {_described(operation)}"
        return
    yield from _expect_string(operation, "operationId", path)
    yield from _expect_string(operation, "x-fern-sdk-method-name", path)
    tags = operation.get("tags")
    if tags is not None and not (isinstance(tags, list) and all(isinstance(t, str) for t in tags)):
        yield path + ("tags",), "tags must be a list of strings"
    group = operation.get("x-fern-sdk-group-name")
    if group is not None and not isinstance(group, str) and not (isinstance(group, list) and all(isinstance(g, str) for g in group)):
        yield path + ("x-fern-sdk-group-name",), "x-fern-sdk-group-name must be a string or a list of strings"
    yield from _parameters(operation, path)
    if "requestBody" in operation:
        yield from _request_body(operation["requestBody"], path + ("requestBody",))
    responses = operation.get("responses")
    if responses is not None:
        if not isinstance(responses, dict):
            yield path + ("responses",), f"responses must be a mapping of status codes, not {_described(responses)}"
        else:
            for status, response in responses.items():
                yield from _response(response, path + ("responses", status))
    yield from _extension_mapping(operation, "x-sdkforge-pagination", path)
    yield from _waiter(operation.get("x-sdkforge-waiter"), path + ("x-sdkforge-waiter",))


def _extension_mapping(node: dict, key: str, path: Path) -> Iterator[_Problem]:
    value = node.get(key)
    if value is not None and not isinstance(value, dict):
        yield path + (key,), f"{key} must be a mapping, not {_described(value)}"


def _waiter(waiter: Any, path: Path) -> Iterator[_Problem]:
    if waiter is None:
        return
    if not isinstance(waiter, dict):
        yield path, f"x-sdkforge-waiter must be a mapping, not {_described(waiter)}"
        return
    terminal = waiter.get("terminal")
    if isinstance(terminal, list):
        for index, value in enumerate(terminal):
            if not _is_scalar(value):
                yield path + ("terminal", index), f"a terminal status must be a string, number or boolean, not {_described(value)}"
    for key in ("status", "result", "name"):
        yield from _expect_string(waiter, key, path)


def _is_scalar(value: Any) -> bool:
    if isinstance(value, float):
        return math.isfinite(value)
    return isinstance(value, (str, int, bool))


def _parameter(parameter: Any, path: Path) -> Iterator[_Problem]:
    if _is_ref(parameter):
        yield from _reference(parameter, path)
        return
    if not isinstance(parameter, dict):
        yield path, f"a parameter must be a mapping, not {_described(parameter)}"
        return
    yield from _expect_string(parameter, "name", path)
    yield from _expect_string(parameter, "in", path)
    if "schema" in parameter:
        yield from _schema(parameter["schema"], path + ("schema",))
    yield from _content(parameter, path)


def _header(header: Any, path: Path) -> Iterator[_Problem]:
    if _is_ref(header):
        yield from _reference(header, path)
        return
    if not isinstance(header, dict):
        yield path, f"a header must be a mapping, not {_described(header)}"
        return
    if "schema" in header:
        yield from _schema(header["schema"], path + ("schema",))


def _request_body(body: Any, path: Path) -> Iterator[_Problem]:
    if _is_ref(body):
        yield from _reference(body, path)
        return
    if not isinstance(body, dict):
        yield path, f"a request body must be a mapping, not {_described(body)}"
        return
    yield from _content(body, path)


def _response(response: Any, path: Path) -> Iterator[_Problem]:
    if _is_ref(response):
        yield from _reference(response, path)
        return
    if not isinstance(response, dict):
        yield path, f"a response must be a mapping, not {_described(response)}"
        return
    yield from _content(response, path)
    headers = response.get("headers")
    if headers is not None:
        if not isinstance(headers, dict):
            yield path + ("headers",), f"headers must be a mapping, not {_described(headers)}"
        else:
            for name, header in headers.items():
                yield from _header(header, path + ("headers", name))


def _content(node: dict, path: Path) -> Iterator[_Problem]:
    content = node.get("content")
    if content is None:
        return
    if not isinstance(content, dict):
        yield path + ("content",), f"content must be a mapping of media types, not {_described(content)}"
        return
    for media_type, media in content.items():
        where = path + ("content", media_type)
        if not isinstance(media, dict):
            yield where, f"a media type object must be a mapping, not {_described(media)}"
        elif "schema" in media:
            yield from _schema(media["schema"], where + ("schema",))


# --- schemas ---------------------------------------------------------------------------

_SCHEMA_VALUED = ("items", "additionalProperties", "not", "contains", "propertyNames", "if", "then", "else", "unevaluatedItems", "unevaluatedProperties")
_SCHEMA_LISTS = ("allOf", "oneOf", "anyOf", "prefixItems")
_SCHEMA_MAPS = ("properties", "patternProperties", "$defs", "definitions", "dependentSchemas")


_CHILD_KEYS = frozenset(_SCHEMA_VALUED + _SCHEMA_LISTS + _SCHEMA_MAPS)
_Link = Optional[tuple[Any, tuple[PathPart, ...]]]  # (parent's link, the keys from it): a path built on demand


def _schema(root: Any, root_path: Path) -> Iterator[_Problem]:
    """Every schema under ``root``, iteratively (depth is bounded, not the stack).

    Paths are kept as links to the parent's and spelt out only for a problem:
    building a tuple per schema was most of this walk's time on big specs."""
    stack: list[tuple[Any, _Link, int]] = [(root, (None, root_path), 0)]
    while stack:
        schema, link, depth = stack.pop()
        if isinstance(schema, bool):
            continue
        if not isinstance(schema, dict):
            yield _path(link), f"a schema must be a mapping, not {_described(schema)}"
            continue
        if depth > MAX_SCHEMA_DEPTH:
            yield _path(link), f"schemas nest more than {MAX_SCHEMA_DEPTH} levels deep here; refusing to generate {depth} levels of nested models"
            return
        if "$ref" in schema:
            yield from _reference(schema, _path(link))
        problem = _schema_keywords(schema, link)
        if problem is not None:
            yield problem
            continue
        present = schema.keys() & _CHILD_KEYS
        if not present:
            continue
        depth += 1
        for key in _ordered(present):
            child = schema[key]
            if key in _SCHEMA_MAPS:
                if child is not None:
                    stack.extend((c, (link, (key, name)), depth) for name, c in child.items())
            elif key in _SCHEMA_LISTS or (key == "items" and isinstance(child, list)):  # tuple items (draft 4) too
                if child is not None:
                    stack.extend((c, (link, (key, i)), depth) for i, c in enumerate(child))
            elif child is not None:
                stack.append((child, (link, (key,)), depth))


def _ordered(keys: set[str]) -> list[str]:
    """``keys`` in the order the walk has always visited them (problems come out in the same order)."""
    return [key for key in _WALK_ORDER if key in keys] if len(keys) > 1 else list(keys)


_WALK_ORDER = _SCHEMA_VALUED + _SCHEMA_LISTS + _SCHEMA_MAPS


def _path(link: _Link) -> Path:
    parts: list[tuple[PathPart, ...]] = []
    while link is not None:
        link, keys = link
        parts.append(keys)
    return tuple(part for keys in reversed(parts) for part in keys)


def _schema_keywords(schema: dict, link: _Link) -> Optional[_Problem]:
    """The first keyword of ``schema`` whose value has the wrong JSON type."""
    problem = _keyword_problem(schema)
    if problem is None:
        return None
    keys, message = problem
    return _path(link) + keys, message


def _keyword_problem(schema: dict) -> Optional[tuple[Path, str]]:
    for key in _SCHEMA_LISTS:
        if key in schema and not isinstance(schema[key], list):
            return (key,), f"{key} must be a list of schemas, not {_described(schema[key])}"
    for key in _SCHEMA_MAPS:
        if key in schema and schema[key] is not None and not isinstance(schema[key], dict):
            return (key,), f"{key} must be a mapping of names to schemas, not {_described(schema[key])}"
    required = schema.get("required")
    if required is not None and not isinstance(required, bool):
        if not isinstance(required, list):
            return ("required",), f"required must be a list of property names, not {_described(required)}"
        for index, name in enumerate(required):
            if not isinstance(name, str):
                return ("required", index), f"a required property name must be a string, not {_described(name)}"
    kind = schema.get("type")
    if kind is not None and not isinstance(kind, str):
        if not isinstance(kind, list) or not all(isinstance(k, str) for k in kind):
            return ("type",), "type must be a string or a list of strings"
    enum = schema.get("enum")
    if enum is not None:
        if not isinstance(enum, list):
            return ("enum",), f"enum must be a list, not {_described(enum)}"
        for index, value in enumerate(enum):
            if isinstance(value, float) and not math.isfinite(value):
                return ("enum", index), f"{value} is not a JSON number"
    for key in ("default", "const"):
        value = schema.get(key)
        if isinstance(value, float) and not math.isfinite(value):
            return (key,), f"{value} is not a JSON number"
    discriminator = schema.get("discriminator")
    if discriminator is not None:
        if not isinstance(discriminator, dict):
            return ("discriminator",), f"discriminator must be a mapping, not {_described(discriminator)}"
        if not isinstance(discriminator.get("propertyName"), str):
            return ("discriminator", "propertyName"), "discriminator.propertyName must be a string"
        mapping = discriminator.get("mapping")
        if mapping is not None and not (isinstance(mapping, dict) and all(isinstance(v, str) for v in mapping.values())):
            return ("discriminator", "mapping"), "discriminator.mapping must map values to $ref strings"
    return None

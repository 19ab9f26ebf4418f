"""Turn an OpenAPI document into the IR (``generator.ir``).

Each ``$ref`` is resolved against the parsed document in place (no copies), each
component schema becomes at most one model, and every naming decision goes
through ``generator.naming``. Anything this module cannot express degrades to
``typing.Any`` with a warning that names the JSON pointer, so one odd schema
never costs the endpoints that use it.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from collections.abc import Mapping  # annotations only: the loaded document holds plain dicts, and isinstance(x, dict) skips the ABC machinery
from typing import Any, Iterable, Iterator, Optional, Sequence

from . import ir, naming
from .errors import PathPart, SpecError, json_pointer
from .loader import Document

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
JSON_CONTENT_TYPES = ("application/json",)


@dataclass
class _ModelSlot:
    """A model whose name and module are fixed before its fields are built.

    Fixing the name first lets recursive schemas refer to themselves.
    """

    name: str
    module: str
    pointer: tuple[PathPart, ...]
    schema: Mapping[str, Any]
    model: Optional[ir.Model] = None


@dataclass
class _Context:
    doc: Document
    package: str
    warnings: list[tuple[tuple[PathPart, ...], str]] = field(default_factory=list)  # (JSON path, message)
    slots_by_pointer: dict[str, _ModelSlot] = field(default_factory=dict)
    slots_by_name: dict[str, _ModelSlot] = field(default_factory=dict)
    pending: list[_ModelSlot] = field(default_factory=list)
    reserved_names: frozenset[str] = frozenset()
    # Names of slots_by_name plus reserved_names, kept as one set (built on first use).
    taken_names: Optional[set[str]] = None
    # Case-folded module names taken in each types package (``types``, ``batches.types``).
    modules_by_package: dict[str, set[str]] = field(default_factory=dict)
    # Pointers of referenced non-model schemas being expanded inline right now.
    inlining: set[str] = field(default_factory=set)

    def warn(self, path: Sequence[PathPart], message: str) -> None:
        self.warnings.append((tuple(path), message))

    def error(self, path: Sequence[PathPart], message: str) -> SpecError:
        return SpecError(message, self.doc.location(path))


PathWarning = tuple[tuple[PathPart, ...], str]  # (JSON path, message)


def build_api(doc: Document, package: str) -> ir.Api:
    """The whole IR for ``doc``; raises ``SpecError`` for what cannot be generated."""
    return build_api_and_warnings(doc, package)[0]


def located_warnings(doc: Document, warnings: Iterable[PathWarning]) -> tuple[str, ...]:
    """Each warning as ``file:line: pointer: warning: message``."""
    return tuple(f"{doc.location(path)}: warning: {message}" for path, message in warnings)


def build_api_and_warnings(doc: Document, package: str) -> tuple[ir.Api, tuple[PathWarning, ...]]:
    """``build_api``, and its warnings by JSON path (``generator.last_api`` locates them
    again in an edited text)."""
    spec = doc.data
    if not isinstance(spec.get("openapi"), str) or not spec["openapi"].startswith("3."):
        raise SpecError(
            "only OpenAPI 3.0 and 3.1 documents are supported",
            doc.location(("openapi",)),
        )
    ctx = _Context(doc=doc, package=package)
    global_headers = _global_headers(spec)
    request_only = _schemas_used_only_as_request_bodies(spec)
    ctx.reserved_names = _names_generated_code_uses(spec)
    _declare_component_models(ctx, request_only)
    if spec.get("webhooks"):
        ctx.warn(("webhooks",), "webhooks are not generated; skipped")
    resources = _build_resources(ctx, global_headers)
    models = _finish_models(ctx)
    info = spec.get("info") or {}
    errors = _error_classes(resources)
    warnings = tuple(ctx.warnings)
    api = ir.Api(
        package=package,
        title=_text(info.get("title")) or package,
        version=str(info.get("version", "")),
        description=_text(info.get("description")),
        base_url=_base_url(spec),
        auth=_auth(spec),
        global_headers=global_headers,
        resources=resources,
        models=models,
        errors=errors,
        warnings=located_warnings(doc, warnings),
    )
    return api, warnings


# --- references -------------------------------------------------------------


def _resolve(ctx: _Context, node: Any, path: tuple[PathPart, ...]) -> tuple[Any, tuple[PathPart, ...]]:
    """Follow ``$ref`` chains to the target and its path; raises on a broken ref."""
    seen: set[str] = set()
    while isinstance(node, dict) and "$ref" in node:
        ref = node["$ref"]
        if not isinstance(ref, str) or not ref.startswith("#/"):
            raise ctx.error(path + ("$ref",), f"unsupported reference {ref!r}: only local '#/…' references are allowed")
        if ref in seen:
            raise ctx.error(path, f"reference cycle through {ref}")
        seen.add(ref)
        target_path = tuple(_unescape(part) for part in ref[2:].split("/"))
        node = _lookup(ctx, target_path, path)
        path = target_path
    return node, path


def _unescape(part: str) -> str:
    return part.replace("~1", "/").replace("~0", "~")


def _lookup(ctx: _Context, target: tuple[str, ...], origin: tuple[PathPart, ...]) -> Any:
    node: Any = ctx.doc.data
    for part in target:
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            raise ctx.error(origin + ("$ref",), f"reference {json_pointer(target)} does not resolve")
    return node


def _component_name(ref: str) -> Optional[str]:
    prefix = "#/components/schemas/"
    if ref.startswith(prefix) and "/" not in ref[len(prefix) :]:
        return _unescape(ref[len(prefix) :])
    return None


# --- models ------------------------------------------------------------------


def _schemas_used_only_as_request_bodies(spec: Mapping[str, Any]) -> frozenset[str]:
    """Component schemas whose every use is a JSON request body.

    Those are offered as flattened keywords only (no model), the way callers of
    Cohere's SDK write ``embed_jobs.create(model=..., dataset_id=...)``.
    """
    body_refs: set[str] = set()
    for _, _, operation in _operations(spec):
        body = operation.get("requestBody")
        if isinstance(body, dict):
            for media in (body.get("content") or {}).values():
                schema = (media or {}).get("schema") if isinstance(media, dict) else None
                if isinstance(schema, dict) and isinstance(schema.get("$ref"), str):
                    name = _component_name(schema["$ref"])
                    if name:
                        body_refs.add(name)
    other_refs: set[str] = set()
    _collect_refs(spec, other_refs, skip_request_bodies=True)
    return frozenset(body_refs - other_refs)


def _collect_refs(node: Any, found: set[str], *, skip_request_bodies: bool) -> None:
    """Every component schema named in a ``$ref`` under ``node``.

    A request body's own top-level ``$ref`` is skipped; refs nested inside the
    schema it points to are still counted because the component schemas are
    walked too.
    """
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            ref = item.get("$ref")
            if isinstance(ref, str):
                name = _component_name(ref)
                if name:
                    found.add(name)
            for key, value in item.items():
                if skip_request_bodies and key == "requestBody" and isinstance(value, dict):
                    for media in (value.get("content") or {}).values():
                        schema = media.get("schema") if isinstance(media, dict) else None
                        if isinstance(schema, dict) and "$ref" not in schema:
                            stack.append(schema)
                    continue
                stack.append(value)
        elif isinstance(item, list):
            stack.extend(item)


def _group_module(group: Any) -> Optional[str]:
    if isinstance(group, list) and group:
        group = group[0]
    if isinstance(group, str) and group:
        return naming.resource_name(group)
    return None


def _declare_component_models(ctx: _Context, request_only: frozenset[str]) -> None:
    schemas = ((ctx.doc.data.get("components") or {}).get("schemas")) or {}
    for raw_name in sorted(schemas, key=str):
        schema = schemas[raw_name]
        path = ("components", "schemas", raw_name)
        if not isinstance(schema, dict):
            ctx.warn(path, "schema is not a mapping; ignored")
            continue
        merged = _merge_all_of(ctx, schema, path)
        if raw_name in request_only or not _is_model_schema(merged):
            continue
        group = _group_module(schema.get("x-fern-sdk-group-name"))
        types_package = f"{group}.types" if group else "types"
        _declare_slot(ctx, str(raw_name), types_package, path, merged)


def _is_model_schema(schema: Mapping[str, Any]) -> bool:
    """Objects, enums and unions get a module of their own; scalars and arrays are inlined."""
    if "enum" in schema or _union_variants(schema):
        return True
    kinds = _types(schema)
    return "object" in kinds or "properties" in schema


def _union_variants(schema: Mapping[str, Any]) -> Optional[list[Any]]:
    for combinator in ("oneOf", "anyOf"):
        variants = schema.get(combinator)
        if isinstance(variants, list) and variants:
            return variants
    return None


_MERGED_KEYS = ("type", "description", "title", "additionalProperties", "enum", "nullable", "format", "items", "oneOf", "anyOf", "discriminator", "const", "x-fern-type-name")
_MAX_ALL_OF_DEPTH = 32


def _merge_all_of(ctx: _Context, schema: Mapping[str, Any], path: tuple[PathPart, ...], depth: int = 0) -> Mapping[str, Any]:
    """``allOf`` folded into one schema: properties and required lists merged.

    The schema's own keys win over its parts'; among parts, the first wins.
    Returns ``schema`` itself when there is nothing to merge (no copy).
    """
    parts = schema.get("allOf")
    if not isinstance(parts, list) or not parts:
        return schema
    if depth > _MAX_ALL_OF_DEPTH:
        ctx.warn(path, "allOf nested too deeply; parts ignored")
        return {k: v for k, v in schema.items() if k != "allOf"}
    merged: dict[str, Any] = {k: v for k, v in schema.items() if k != "allOf"}
    properties: dict[str, Any] = {}
    required: list[Any] = []
    for index, part in enumerate(parts):
        resolved, part_path = _resolve(ctx, part, path + ("allOf", index))
        if not isinstance(resolved, dict):
            continue
        resolved = _merge_all_of(ctx, resolved, part_path, depth + 1)
        properties.update(resolved.get("properties") or {})
        required.extend(resolved.get("required") or ())
        for key in _MERGED_KEYS:
            if key in resolved and key not in merged:
                merged[key] = resolved[key]
    if properties or schema.get("properties"):
        merged["properties"] = {**properties, **(schema.get("properties") or {})}
        merged.setdefault("type", "object")
    if required or schema.get("required"):
        merged["required"] = list(dict.fromkeys([*required, *(schema.get("required") or ())]))
    return merged


def _declare_slot(
    ctx: _Context,
    raw_name: str,
    types_package: str,
    path: tuple[PathPart, ...],
    schema: Mapping[str, Any],
) -> _ModelSlot:
    pointer = json_pointer(path)
    if pointer in ctx.slots_by_pointer:
        return ctx.slots_by_pointer[pointer]
    name = naming.class_name(str(schema.get("x-fern-type-name") or raw_name))
    if ctx.taken_names is None:
        ctx.taken_names = set(ctx.slots_by_name) | ctx.reserved_names
    name = naming.unique(name, ctx.taken_names)
    slot = _ModelSlot(
        name=name,
        module=f"{types_package}.{naming.unique_module(naming.module_name(name), ctx.modules_by_package.setdefault(types_package, set()))}",
        pointer=path,
        schema=schema,
    )
    ctx.slots_by_pointer[pointer] = slot
    ctx.slots_by_name[name] = slot
    ctx.pending.append(slot)
    return slot


def _finish_models(ctx: _Context) -> tuple[ir.Model, ...]:
    """Build every declared model; building one may declare inline ones."""
    while ctx.pending:
        slot = ctx.pending.pop(0)
        slot.model = _build_model(ctx, slot)
    models = [slot.model for slot in ctx.slots_by_name.values() if slot.model]
    models = _mark_cycles(ctx, models)
    return tuple(sorted(models, key=lambda m: m.module))


def _mark_cycles(ctx: _Context, models: list[ir.Model]) -> list[ir.Model]:
    """Record, on each model, the models it shares an import cycle with.

    A type alias cannot be imported while its own module is still loading, so
    inside a cycle every reference to an alias is replaced by its definition;
    only classes (bound before their module's trailing imports) stay imported.
    """
    references = {m.name: set(_all_references(m)) for m in models}
    component_of = _strongly_connected(references)
    by_name = {m.name: m for m in models}
    marked = []
    for model in models:
        members = component_of[model.name]
        if len(members) == 1 and model.name not in references[model.name]:
            marked.append(model)
            continue
        aliases = {n: by_name[n].alias_of for n in members if by_name[n].kind == "alias" and n != model.name}
        if model.kind == "alias" and model.name in references[model.name]:
            ctx.warn(_pointer_path(model.json_pointer), "type alias refers to itself; typed as Any")
            marked.append(dataclasses.replace(model, alias_of=ir.ANY))
            continue
        model = _expand_aliases(model, aliases)
        classes = frozenset(n for n in members if by_name[n].kind != "alias")
        marked.append(dataclasses.replace(model, cycle=tuple(sorted(classes)) if model.kind != "alias" else ()))
    return marked


def _expand_aliases(model: ir.Model, aliases: dict[str, ir.TypeRef]) -> ir.Model:
    for _ in range(len(aliases)):  # aliases may refer to aliases of the same cycle
        fields = tuple(dataclasses.replace(f, type=f.type.replace_models(aliases)) for f in model.fields)
        alias_of = model.alias_of.replace_models(aliases) if model.alias_of else None
        model = dataclasses.replace(model, fields=fields, alias_of=alias_of)
    return model


def _pointer_path(pointer: str) -> tuple[str, ...]:
    return tuple(_unescape(part) for part in pointer[2:].split("/")) if pointer.startswith("#/") else ()


def _all_references(model: ir.Model) -> frozenset[str]:
    names: set[str] = set()
    for fld in model.fields:
        names |= fld.type.model_names()
    if model.alias_of is not None:
        names |= model.alias_of.model_names()
    return frozenset(names)


def _strongly_connected(graph: dict[str, set[str]]) -> dict[str, frozenset[str]]:
    """Tarjan's algorithm, iterative (deep schemas must not hit the recursion limit)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    component_of: dict[str, frozenset[str]] = {}
    counter = 0
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            advanced = False
            for child in children:
                if child not in graph:
                    continue
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                    advanced = True
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            if advanced:
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                members = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    members.append(member)
                    if member == node:
                        break
                component = frozenset(members)
                for member in members:
                    component_of[member] = component
    return component_of


def _types_package(module: str) -> str:
    return module.rsplit(".", 1)[0]


def _build_model(ctx: _Context, slot: _ModelSlot) -> ir.Model:
    schema = slot.schema
    description = _text(schema.get("description")) or _text(schema.get("title"))
    pointer = json_pointer(slot.pointer)
    if "enum" in schema:
        values = _enum_values(ctx, schema, slot.pointer)
        return ir.Model(
            name=slot.name,
            module=slot.module,
            kind="enum",
            json_pointer=pointer,
            description=description,
            enum_values=values,
        )
    variants = _union_variants(schema)
    if variants and not schema.get("properties"):
        union = _union(ctx, variants, slot.pointer + (_combinator(schema),), slot.name, _types_package(slot.module))
        union = _discriminated(ctx, schema, slot.pointer, union)
        return ir.Model(
            name=slot.name,
            module=slot.module,
            kind="alias",
            json_pointer=pointer,
            description=description,
            alias_of=ir.optional(union) if _is_nullable(schema) else union,
        )
    if not schema.get("properties"):
        # No declared properties: a free-form mapping, as other SDKs of this API type it.
        return ir.Model(
            name=slot.name,
            module=slot.module,
            kind="alias",
            json_pointer=pointer,
            description=description,
            alias_of=_map_type(ctx, schema, slot.pointer, slot.name, _types_package(slot.module)),
        )
    fields = _object_fields(ctx, schema, slot.pointer, slot.name, _types_package(slot.module))
    return ir.Model(
        name=slot.name,
        module=slot.module,
        kind="object",
        json_pointer=pointer,
        description=description,
        fields=fields,
    )


def _combinator(schema: Mapping[str, Any]) -> str:
    return "oneOf" if isinstance(schema.get("oneOf"), list) and schema["oneOf"] else "anyOf"


def _discriminated(ctx, schema, path, union: ir.TypeRef) -> ir.TypeRef:
    """The discriminator of a union of models, with every value mapped to a variant.

    Values come from ``mapping`` first, then each variant's component name (the
    OpenAPI default). A discriminator that does not fit (a variant that is not a
    model, an unknown mapping target) is dropped with a warning: the union then
    validates by trying each variant, which is slower but still correct.
    """
    declared = schema.get("discriminator")
    if not isinstance(declared, dict) or not isinstance(declared.get("propertyName"), str):
        return union
    variants = union.args if union.kind == "union" else (union,)
    if any(v.kind != "model" or not _may_carry_a_tag(ctx.slots_by_name[v.name].schema) for v in variants):
        ctx.warn(path + ("discriminator",), "discriminator over variants that are not all objects; ignored")
        return union
    names = {v.name for v in variants}
    mapping: dict[str, str] = {}
    for value, ref in (declared.get("mapping") or {}).items():
        target = ctx.slots_by_pointer.get(json_pointer(_ref_path(str(ref))))
        if target is None or target.name not in names:
            ctx.warn(path + ("discriminator", "mapping", str(value)), f"mapping target {ref!r} is not a variant; entry ignored")
            continue
        mapping[str(value)] = target.name
    declared_order = list(ctx.slots_by_name)
    for name in sorted(names, key=declared_order.index):  # the variants, in declaration order
        if name not in mapping.values():
            mapping[str(ctx.slots_by_name[name].pointer[-1])] = name
    return ir.TypeRef("discriminated", name=declared["propertyName"], args=tuple(variants), mapping=tuple(sorted(mapping.items())))


def _may_carry_a_tag(schema: Mapping[str, Any]) -> bool:
    """Whether a model from ``schema`` can be one tagged variant of a discriminated
    union: an object or a map. Not an enum, and not a union: pydantic spreads a
    plain union's members, untagged, among the choices and refuses the model, and
    a discriminated one would be looked up under its own component name, which no
    payload carries (a plain union then picks the matching variant itself)."""
    return schema.get("enum") is None and not (_union_variants(schema) and not schema.get("properties"))


def _ref_path(ref: str) -> tuple[str, ...]:
    if not ref.startswith("#/"):
        ref = "#/components/schemas/" + ref  # the mapping may give a bare name
    return tuple(_unescape(part) for part in ref[2:].split("/"))


def _enum_values(ctx: _Context, schema: Mapping[str, Any], path: tuple[PathPart, ...]) -> tuple[ir.JsonScalar, ...]:
    values = []
    for value in schema.get("enum") or ():
        if value is None:
            continue  # null in an enum means "nullable"; handled by the field type
        if isinstance(value, (str, int, float, bool)):
            values.append(value)
        else:
            ctx.warn(path + ("enum",), "non-scalar enum value ignored")
    return tuple(dict.fromkeys(values))


def _object_fields(
    ctx: _Context,
    schema: Mapping[str, Any],
    path: tuple[PathPart, ...],
    owner: str,
    types_package: str,
) -> tuple[ir.Field, ...]:
    properties = schema.get("properties") or {}
    required = set(schema.get("required") or ())
    taken: set[str] = set()
    fields = []
    for wire_name, prop in properties.items():
        prop_path = path + ("properties", wire_name)
        wire_name = str(wire_name)
        python_name = naming.unique(naming.field_name(wire_name), taken)
        type_ref = type_for_schema(
            ctx, prop, prop_path, owner + naming.pascal_case(wire_name), types_package
        )
        is_required = wire_name in required
        resolved, _ = _resolve(ctx, prop, prop_path) if isinstance(prop, dict) else (prop, prop_path)
        fields.append(
            ir.Field(
                name=python_name,
                wire_name=wire_name,
                type=type_ref if is_required else ir.optional(type_ref),
                required=is_required,
                description=_field_description(prop, resolved),
                read_only=bool(_get(prop, "readOnly") or _get(resolved, "readOnly")),
                default=_scalar_default(prop, resolved),
            )
        )
    return tuple(fields)


def _scalar_default(prop: Any, resolved: Any) -> Optional[ir.JsonScalar]:
    for node in (prop, resolved):
        value = _get(node, "default")
        if isinstance(value, (str, int, float, bool)):
            return value
    return None


def _get(node: Any, key: str) -> Any:
    return node.get(key) if isinstance(node, dict) else None


def _field_description(prop: Any, resolved: Any) -> Optional[str]:
    """A property's own description wins over the one of the schema it refers to."""
    own = _text(_get(prop, "description")) or _text(_get(prop, "title"))
    if own or prop is resolved:
        return own
    return None


def _types(schema: Mapping[str, Any]) -> tuple[str, ...]:
    declared = schema.get("type")
    if isinstance(declared, str):
        return (declared,)
    if isinstance(declared, list):
        return tuple(str(t) for t in declared)
    return ()


def _is_nullable(schema: Mapping[str, Any]) -> bool:
    return bool(schema.get("nullable")) or "null" in _types(schema) or None in (schema.get("enum") or ())


_STRING_FORMATS = {
    "date-time": "datetime.datetime",
    "date": "datetime.date",
    "binary": "bytes",
}


def type_for_schema(
    ctx: _Context,
    schema: Any,
    path: tuple[PathPart, ...],
    inline_name: str,
    types_package: str,
) -> ir.TypeRef:
    """The one mapping from a schema to a Python type.

    ``inline_name`` names an inline object or enum that needs a model of its own;
    ``types_package`` is where that model's module goes.
    """
    if not isinstance(schema, dict):
        if schema is True or schema is None:
            return ir.ANY
        ctx.warn(path, "schema is not a mapping; typed as Any")
        return ir.ANY
    if "$ref" in schema:
        target, target_path = _resolve(ctx, schema, path)
        pointer = json_pointer(target_path)
        slot = ctx.slots_by_pointer.get(pointer)
        if slot is not None:
            return ir.TypeRef("model", name=slot.name)
        if pointer in ctx.inlining:
            # An array/map/union that contains itself with no object model in
            # between: Python has no finite annotation for it.
            ctx.warn(path, f"{pointer} contains itself through arrays, maps or unions only; typed as Any here")
            return ir.ANY
        ctx.inlining.add(pointer)
        try:
            return type_for_schema(ctx, target, target_path, inline_name, types_package)
        finally:
            ctx.inlining.discard(pointer)
    base = _base_type(ctx, schema, path, inline_name, types_package)
    return ir.optional(base) if _is_nullable(schema) else base


def _base_type(
    ctx: _Context,
    schema: Mapping[str, Any],
    path: tuple[PathPart, ...],
    inline_name: str,
    types_package: str,
) -> ir.TypeRef:
    if "const" in schema and isinstance(schema["const"], (str, int, bool)):
        return ir.TypeRef("literal", values=(schema["const"],))
    if "enum" in schema:
        slot = _declare_inline(ctx, schema, path, inline_name, types_package)
        return ir.TypeRef("model", name=slot.name)
    all_of = schema.get("allOf")
    if isinstance(all_of, list) and len(all_of) == 1 and set(schema) <= {"allOf", "description", "title", "nullable", "readOnly", "writeOnly", "default", "example", "deprecated"}:
        return type_for_schema(ctx, all_of[0], path + ("allOf", 0), inline_name, types_package)
    if isinstance(all_of, list) and all_of:
        merged = _merge_all_of(ctx, schema, path)
        if merged.get("properties"):
            slot = _declare_inline(ctx, merged, path, inline_name, types_package)
            return ir.TypeRef("model", name=slot.name)
        return _base_type(ctx, merged, path, inline_name, types_package)
    variants = _union_variants(schema)
    if variants:
        if isinstance(schema.get("discriminator"), dict):
            slot = _declare_inline(ctx, schema, path, inline_name, types_package)
            return ir.TypeRef("model", name=slot.name)
        return _union(ctx, variants, path + (_combinator(schema),), inline_name, types_package)
    kinds = [k for k in _types(schema) if k != "null"]
    kind = kinds[0] if len(kinds) == 1 else ("object" if "properties" in schema else None)
    if kind == "string":
        if schema.get("contentMediaType") == "application/octet-stream" or schema.get("contentEncoding") == "binary":
            return ir.TypeRef("builtin", name="bytes")
        return ir.TypeRef("builtin", name=_STRING_FORMATS.get(str(schema.get("format")), "str"))
    if kind == "integer":
        return ir.TypeRef("builtin", name="int")
    if kind == "number":
        return ir.TypeRef("builtin", name="float")
    if kind == "boolean":
        return ir.TypeRef("builtin", name="bool")
    if kind == "array":
        item = type_for_schema(ctx, schema.get("items"), path + ("items",), inline_name + "Item", types_package)
        return ir.TypeRef("list", args=(item,))
    if kind == "object":
        if schema.get("properties"):
            slot = _declare_inline(ctx, schema, path, inline_name, types_package)
            return ir.TypeRef("model", name=slot.name)
        return _map_type(ctx, schema, path, inline_name, types_package)
    if len(kinds) > 1:
        return ir.TypeRef(
            "union",
            args=tuple(_base_type(ctx, {**schema, "type": k}, path, inline_name, types_package) for k in kinds),
        )
    if kind is not None:
        ctx.warn(path + ("type",), f"unknown type {kind!r}; typed as Any")
    return ir.ANY


def _map_type(ctx, schema, path, inline_name, types_package) -> ir.TypeRef:
    extra = schema.get("additionalProperties", True)
    if extra in (True, None, {}) or extra is False:
        return ir.TypeRef("map", args=(ir.ANY,))
    value = type_for_schema(ctx, extra, path + ("additionalProperties",), inline_name + "Value", types_package)
    return ir.TypeRef("map", args=(value,))


def _union(ctx, variants, path, inline_name, types_package) -> ir.TypeRef:
    args: list[ir.TypeRef] = []
    for index, variant in enumerate(variants):
        title = _get(variant, "title") or _get(variant, "x-fern-type-name")
        variant_name = inline_name + (naming.pascal_case(str(title)) if title else f"Variant{index}")
        arg = type_for_schema(ctx, variant, path + (index,), variant_name, types_package)
        if arg.kind == "any":
            return ir.ANY
        if arg not in args:
            args.append(arg)
    return args[0] if len(args) == 1 else ir.TypeRef("union", args=tuple(args))


def _declare_inline(ctx, schema, path, inline_name, types_package) -> _ModelSlot:
    raw_name = str(schema.get("x-fern-type-name") or inline_name)
    return _declare_slot(ctx, raw_name, types_package, path, schema)


# --- operations ----------------------------------------------------------------


def _operations(spec: Mapping[str, Any]) -> Iterator[tuple[str, str, Mapping[str, Any]]]:
    for route, item in (spec.get("paths") or {}).items():
        if not isinstance(item, dict):
            continue
        for method in HTTP_METHODS:
            operation = item.get(method)
            if isinstance(operation, dict):
                yield str(route), method, operation


def _resource_key(route: str, operation: Mapping[str, Any]) -> str:
    """Resource from the Fern group name, else the first tag, else the path."""
    group = operation.get("x-fern-sdk-group-name")
    if isinstance(group, list) and group:
        group = group[0]
    if isinstance(group, str) and group.strip():
        return group
    tags = operation.get("tags")
    if isinstance(tags, list) and tags and isinstance(tags[0], str) and tags[0].strip("/ "):
        return tags[0].strip("/ ")
    for segment in route.split("/"):
        if segment and not segment.startswith("{") and not _looks_like_version(segment):
            return segment
    return "default"


def _looks_like_version(segment: str) -> bool:
    return len(segment) <= 4 and segment[:1] == "v" and segment[1:2].isdigit()


def _names_generated_code_uses(spec: Mapping[str, Any]) -> frozenset[str]:
    """Class names a model may not take: the runtime's and the resource clients'."""
    names = set(naming.RUNTIME_CLASS_NAMES)
    for route, _, operation in _operations(spec):
        prefix = naming.class_name(_resource_key(route, operation), fallback="Default")
        names |= {f"{prefix}Client", f"Async{prefix}Client", f"Raw{prefix}Client", f"AsyncRaw{prefix}Client"}
    return frozenset(names)


def _build_resources(ctx: _Context, global_headers: tuple[ir.GlobalHeader, ...]) -> tuple[ir.Resource, ...]:
    grouped: dict[str, list[tuple[str, str, Mapping[str, Any]]]] = {}
    for route, method, operation in _operations(ctx.doc.data):
        grouped.setdefault(_resource_key(route, operation), []).append((route, method, operation))
    taken_modules: set[str] = {"core", "errors", "types", "client"}
    resources = []
    for key, operations in grouped.items():
        module = naming.unique(naming.resource_name(key), taken_modules)
        taken_methods: set[str] = set()
        built = tuple(
            _build_operation(ctx, route, method, operation, module, global_headers, taken_methods)
            for route, method, operation in operations
        )
        resources.append(
            ir.Resource(
                name=module,
                module=module,
                class_prefix=naming.class_name(key, fallback="Default"),
                operations=built,
            )
        )
    return tuple(resources)


def _method_name(route: str, method: str, operation: Mapping[str, Any]) -> str:
    explicit = operation.get("x-fern-sdk-method-name")
    if isinstance(explicit, str) and explicit.strip():
        return naming.method_name(explicit)
    operation_id = operation.get("operationId")
    if isinstance(operation_id, str) and operation_id.strip():
        return naming.method_name(operation_id)
    return naming.method_name(f"{method} {route}")


def _build_operation(
    ctx: _Context,
    route: str,
    method: str,
    operation: Mapping[str, Any],
    resource_module: str,
    global_headers: tuple[ir.GlobalHeader, ...],
    taken_methods: set[str],
) -> ir.Operation:
    path = ("paths", route, method)
    name = naming.unique(_method_name(route, method, operation), taken_methods)
    types_package = f"{resource_module}.types"
    inline_prefix = naming.pascal_case(str(operation.get("operationId") or name))
    taken_args = naming.method_arguments_taken(waiter=operation.get("x-sdkforge-waiter") is not None)
    parameters = _parameters(ctx, route, operation, path, global_headers, taken_args, inline_prefix, types_package)
    body = _request_body(ctx, operation, path, taken_args, inline_prefix, types_package)
    declared_stream = operation.get("x-fern-streaming")
    if isinstance(declared_stream, dict) and declared_stream.get("response") is not None:
        # The declared non-streamed response replaces the one under ``responses``.
        response, response_description, response_encoding = _non_streamed_response(ctx, operation, path, inline_prefix, types_package)
    else:
        response, response_description, response_encoding = _success_response(ctx, operation, path, inline_prefix, types_package)
    streaming = _streaming(ctx, operation, path, name, inline_prefix, types_package, response, response_encoding, taken_methods)
    if streaming is not None:
        body = _without_field(body, streaming.condition_field)
        if streaming.condition_field is None:
            response, response_encoding = streaming.event_type, "stream"
    _warn_skipped_parts(ctx, operation, path)
    return ir.Operation(
        name=name,
        http_method=method.upper(),
        path=route.lstrip("/"),
        path_segments=_path_segments(route.lstrip("/"), parameters),
        parameters=parameters,
        body=body,
        response=response,
        response_description=response_description,
        response_encoding=response_encoding,
        errors=_error_responses(ctx, operation, path),
        summary=_text(operation.get("summary")),
        description=_text(operation.get("description")),
        deprecated=bool(operation.get("deprecated")),
        pagination=_pagination(ctx, operation, path, parameters, response, name, taken_methods),
        waiter=_waiter(ctx, operation, path, response, taken_methods),
        streaming=streaming,
    )


def _streaming(ctx, operation, path, name, inline_prefix, types_package, response, response_encoding, taken_methods) -> Optional[ir.Streaming]:
    """Streaming from Fern's ``x-fern-streaming``, or from an SSE-only response."""
    declared = operation.get("x-fern-streaming")
    ext_path = path + ("x-fern-streaming",)
    if isinstance(declared, dict):
        condition = declared.get("stream-condition")
        field_name = condition[len("$request."):] if isinstance(condition, str) and condition.startswith("$request.") else None
        event_schema = declared.get("response-stream")
        if event_schema is None:
            ctx.warn(ext_path, "x-fern-streaming without response-stream; not streamed")
            return None
        event_type = type_for_schema(ctx, event_schema, ext_path + ("response-stream",), inline_prefix + "StreamResponse", types_package)
        return ir.Streaming(
            method_name=naming.unique(naming.method_name(f"{name}_stream"), taken_methods) if field_name else name,
            event_type=event_type,
            format="sse" if declared.get("format") == "sse" else "jsonl",
            terminator=str(declared["terminator"]) if declared.get("terminator") is not None else None,
            condition_field=field_name,
            description=_text(declared.get("stream-description")),
        )
    if response_encoding == "sse":
        return ir.Streaming(method_name=name, event_type=response, format="sse")
    return None


def _non_streamed_response(ctx, operation, path, inline_prefix, types_package) -> tuple[ir.TypeRef, Optional[str], str]:
    declared = operation["x-fern-streaming"]["response"]
    type_ref = type_for_schema(ctx, declared, path + ("x-fern-streaming", "response"), inline_prefix + "Response", types_package)
    responses = operation.get("responses") or {}
    success = next((str(s) for s in responses if str(s).startswith("2")), None)
    description = None
    if success is not None:
        resolved, _ = _resolve(ctx, responses[success], path + ("responses", success))
        description = _text(_get(resolved, "description"))
    return type_ref, description, "json"


def _without_field(body: Optional[ir.RequestBody], wire_name: Optional[str]) -> Optional[ir.RequestBody]:
    if body is None or wire_name is None:
        return body
    return dataclasses.replace(body, fields=tuple(f for f in body.fields if f.wire_name != wire_name))


def _warn_skipped_parts(ctx: _Context, operation: Mapping[str, Any], path: tuple[PathPart, ...]) -> None:
    if operation.get("callbacks"):
        ctx.warn(path + ("callbacks",), "callbacks are not generated; skipped")


def _path_segments(route: str, parameters: tuple[ir.Parameter, ...]) -> tuple[tuple[str, bool], ...]:
    """``v2/batches/{id}:cancel`` → (("v2/batches/", False), ("id", True), (":cancel", False))."""
    by_wire = {p.wire_name: p.name for p in parameters if p.location == "path"}
    segments: list[tuple[str, bool]] = []
    rest = route
    while "{" in rest and "}" in rest[rest.index("{") :]:
        start = rest.index("{")
        end = rest.index("}", start)
        if start:
            segments.append((rest[:start], False))
        wire = rest[start + 1 : end]
        segments.append((by_wire.get(wire, naming.parameter_name(wire)), True))
        rest = rest[end + 1 :]
    if rest:
        segments.append((rest, False))
    return tuple(segments)


def _parameters(ctx, route, operation, path, global_headers, taken, inline_prefix, types_package) -> tuple[ir.Parameter, ...]:
    global_wire = {h.wire_name.lower() for h in global_headers}
    merged: dict[tuple[str, str], tuple[Any, tuple[PathPart, ...]]] = {}
    path_item = ctx.doc.data["paths"][route]
    for owner_path, declared in (
        (("paths", route, "parameters"), path_item.get("parameters")),
        (path + ("parameters",), operation.get("parameters")),
    ):
        for index, raw in enumerate(declared or ()):
            param, param_path = _resolve(ctx, raw, owner_path + (index,))
            if not isinstance(param, dict) or "name" not in param or "in" not in param:
                raise ctx.error(param_path, "a parameter needs 'name' and 'in'")
            merged[(str(param["name"]), str(param["in"]))] = (param, param_path)
    parameters = []
    for (wire_name, location), (param, param_path) in merged.items():
        if location == "header" and wire_name.lower() in global_wire:
            continue
        if location not in ("path", "query", "header", "cookie"):
            raise ctx.error(param_path + ("in",), f"unknown parameter location {location!r}")
        python_name = naming.unique(naming.parameter_name(wire_name, waiter=operation.get("x-sdkforge-waiter") is not None), taken)
        type_ref = type_for_schema(
            ctx,
            param.get("schema"),
            param_path + ("schema",),
            inline_prefix + naming.pascal_case(wire_name),
            types_package,
        )
        required = bool(param.get("required")) or location == "path"
        style = str(param.get("style") or ("form" if location in ("query", "cookie") else "simple"))
        explode = bool(param.get("explode", style == "form"))
        parameters.append(
            ir.Parameter(
                name=python_name,
                wire_name=wire_name,
                location=location,
                type=type_ref if required else ir.optional(type_ref),
                required=required,
                description=_text(param.get("description")),
                style=style,
                explode=explode,
                is_object=_is_object_type(ctx, type_ref),
            )
        )
    declared_path = {p.wire_name for p in parameters if p.location == "path"}
    for placeholder in _placeholders(route):
        if placeholder not in declared_path:
            raise ctx.error(path, f"path parameter {{{placeholder}}} is not declared")
    # Path parameters come first (positional), then required keywords.
    order = {"path": 0}
    return tuple(sorted(parameters, key=lambda p: (order.get(p.location, 1), not p.required)))


def _is_object_type(ctx: _Context, type_ref: ir.TypeRef) -> bool:
    inner = _strip_optional(type_ref)
    if inner.kind == "map":
        return True
    if inner.kind == "model":
        slot = ctx.slots_by_name[inner.name]
        return "enum" not in slot.schema and bool(slot.schema.get("properties"))
    return False


def _placeholders(route: str) -> list[str]:
    names = []
    rest = route
    while "{" in rest and "}" in rest[rest.index("{") :]:
        start = rest.index("{")
        end = rest.index("}", start)
        names.append(rest[start + 1 : end])
        rest = rest[end + 1 :]
    return names


def _media_kind(content_type: str) -> str:
    """How a media type travels: json, form, multipart, sse, text or binary."""
    base = content_type.split(";")[0].strip().lower()
    if base in JSON_CONTENT_TYPES or base.endswith("+json"):
        return "json"
    if base == "application/x-www-form-urlencoded":
        return "form"
    if base.startswith("multipart/"):
        return "multipart"
    if base == "text/event-stream":
        return "sse"
    if base.startswith("text/") or base in ("application/xml", "application/yaml"):
        return "text"
    return "binary"


_BODY_PREFERENCE = ("json", "form", "multipart", "binary", "text", "sse")


def _pick_media(content: Any) -> Optional[tuple[str, str, Mapping[str, Any]]]:
    """(content type, kind, media object) of the most useful media type offered."""
    if not isinstance(content, dict) or not content:
        return None
    offered = [(str(ct), _media_kind(str(ct)), media if isinstance(media, dict) else {}) for ct, media in content.items()]
    return min(offered, key=lambda item: _BODY_PREFERENCE.index(item[1]))


def _request_body(ctx, operation, path, taken, inline_prefix, types_package) -> Optional[ir.RequestBody]:
    raw = operation.get("requestBody")
    if raw is None:
        return None
    body, body_path = _resolve(ctx, raw, path + ("requestBody",))
    if not isinstance(body, dict):
        ctx.warn(body_path, "request body is not a mapping; ignored")
        return None
    picked = _pick_media(body.get("content"))
    if picked is None:
        ctx.warn(body_path, "request body declares no content; ignored")
        return None
    content_type, kind, media_object = picked
    required = bool(body.get("required"))
    description = _text(body.get("description"))
    schema_path = body_path + ("content", content_type, "schema")
    schema = media_object.get("schema")
    if kind in ("binary", "text", "sse"):
        raw_type = ir.TypeRef("builtin", name="str" if kind == "text" else "bytes")
        encoding = "text" if kind == "text" else "binary"
        return ir.RequestBody(content_type=content_type, required=required, model=raw_type, description=description, encoding=encoding)
    model_type: Optional[ir.TypeRef] = None
    target, target_path = schema, schema_path
    if isinstance(schema, dict) and "$ref" in schema:
        target, target_path = _resolve(ctx, schema, schema_path)
        slot = ctx.slots_by_pointer.get(json_pointer(target_path))
        if slot is not None and kind == "json":
            model_type = ir.TypeRef("model", name=slot.name)
    if isinstance(target, dict):
        target = _merge_all_of(ctx, target, target_path)
    fields: tuple[ir.Field, ...] = ()
    if isinstance(target, dict) and target.get("properties") and "object" in (_types(target) or ("object",)):
        is_component = isinstance(schema, dict) and "$ref" in schema
        owner = naming.class_name(
            str(target.get("x-fern-type-name") or (target_path[-1] if is_component else inline_prefix + "Request"))
        )
        fields = _flattened_fields(ctx, target, target_path, owner, types_package, taken)
        if kind == "multipart":
            fields = tuple(_as_upload(f) for f in fields)
    elif kind in ("form", "multipart"):
        ctx.warn(schema_path, f"{kind} body without properties: sent as a mapping of fields")
        model_type = ir.TypeRef("map", args=(ir.ANY,))
    if model_type is None and not fields:
        type_ref = type_for_schema(ctx, schema, schema_path, inline_prefix + "Request", types_package)
        return ir.RequestBody(content_type=content_type, required=required, model=type_ref, description=description, encoding=kind)
    return ir.RequestBody(
        content_type=content_type,
        required=required,
        fields=fields,
        model=model_type,
        description=description,
        encoding=kind,
    )


_FILE = ir.TypeRef("builtin", name="File")


def _as_upload(fld: ir.Field) -> ir.Field:
    """In a multipart body, binary fields accept files (bytes, file objects, tuples)."""
    def swap(type_ref: ir.TypeRef) -> ir.TypeRef:
        if type_ref == ir.TypeRef("builtin", name="bytes"):
            return _FILE
        return dataclasses.replace(type_ref, args=tuple(swap(a) for a in type_ref.args))

    return dataclasses.replace(fld, type=swap(fld.type))


def _flattened_fields(ctx, schema, path, owner, types_package, taken) -> tuple[ir.Field, ...]:
    """A body's properties as keyword arguments; read-only ones are left out."""
    fields = []
    for fld in _object_fields(ctx, schema, path, owner, types_package):
        if fld.read_only:
            continue
        name = naming.unique(naming.parameter_name(fld.wire_name), taken)
        fields.append(fld if name == fld.name else dataclasses.replace(fld, name=name))
    return tuple(fields)


def _success_response(ctx, operation, path, inline_prefix, types_package) -> tuple[Optional[ir.TypeRef], Optional[str], Optional[str]]:
    """(type, description, encoding) of the first 2xx response, else ``default``."""
    responses = operation.get("responses") or {}
    by_text = {str(status): status for status in responses}
    statuses = sorted((s for s in by_text if s.startswith("2")), key=lambda s: (not s.isdigit(), s))
    if not statuses and "default" in by_text:
        statuses = ["default"]
    if not statuses:
        return None, None, None
    status = statuses[0]
    response, response_path = _resolve(ctx, responses[by_text[status]], path + ("responses", status))
    if not isinstance(response, dict):
        return None, None, None
    description = _text(response.get("description"))
    picked = _pick_media(response.get("content"))
    if picked is None:
        return None, description, None
    content_type, kind, media_object = picked
    if kind == "sse":
        schema = media_object.get("schema")
        if schema is None:
            ctx.warn(response_path + ("content", content_type), "event stream without a schema: events typed as Any")
        event_type = type_for_schema(ctx, schema, response_path + ("content", content_type, "schema"), inline_prefix + "Event", types_package)
        return event_type, description, "sse"
    if kind == "text":
        return ir.TypeRef("builtin", name="str"), description, "text"
    if kind != "json":
        return ir.TypeRef("builtin", name="bytes"), description, "bytes"
    type_ref = type_for_schema(
        ctx,
        media_object.get("schema"),
        response_path + ("content", content_type, "schema"),
        inline_prefix + "Response",
        types_package,
    )
    return type_ref, description, "json"


def _error_responses(ctx, operation, path) -> tuple[ir.ErrorResponse, ...]:
    errors = []
    for status in (operation.get("responses") or {}):
        text = str(status)
        if text.isdigit() and 400 <= int(text) <= 599:
            raw = operation["responses"][status]
            response, _ = _resolve(ctx, raw, path + ("responses", text))
            errors.append(
                ir.ErrorResponse(
                    status=int(text),
                    class_name=naming.error_class_name(int(text)),
                    description=_text(_get(response, "description")),
                )
            )
    return tuple(sorted(errors, key=lambda e: e.status))


def _error_classes(resources: Iterable[ir.Resource]) -> tuple[ir.ErrorResponse, ...]:
    statuses = set(naming.STANDARD_ERROR_STATUSES)
    for resource in resources:
        for operation in resource.operations:
            statuses.update(e.status for e in operation.errors)
    return tuple(
        ir.ErrorResponse(status=s, class_name=naming.error_class_name(s)) for s in sorted(statuses)
    )


# --- extensions ------------------------------------------------------------------


_CURSOR_PARAMETERS = ("page_token", "pageToken", "cursor", "next_token", "nextToken", "continuation_token", "page_cursor")
_NEXT_CURSOR_FIELDS = ("next_page_token", "nextPageToken", "next_cursor", "nextCursor", "next_token", "nextToken", "continuation_token")


def _detected_pagination(ctx, parameters, response) -> Optional[dict[str, str]]:
    """Token pagination recognised without an extension.

    A GET whose query takes a page token and whose response model has a
    next-token string field and exactly one array field: the common shape of
    Google-style (``page_token`` / ``next_page_token``) and cursor APIs.
    """
    cursor = next((p for p in parameters if p.location == "query" and p.wire_name in _CURSOR_PARAMETERS), None)
    fields = _model_fields(ctx, response) if cursor is not None else {}
    next_field = next((f for f in fields.values() if f.wire_name in _NEXT_CURSOR_FIELDS), None)
    arrays = [f for f in fields.values() if _strip_optional(f.type).kind == "list"]
    if cursor is None or next_field is None or len(arrays) != 1:
        return None
    if _strip_optional(next_field.type) != ir.TypeRef("builtin", name="str"):
        return None
    return {"cursor": cursor.wire_name, "next_cursor": next_field.wire_name, "items": arrays[0].wire_name}


def _pagination(ctx, operation, path, parameters, response, method_name, taken_methods) -> Optional[ir.Pagination]:
    declared = operation.get("x-sdkforge-pagination")
    if declared is None and path[-1] == "get":
        declared = _detected_pagination(ctx, parameters, response)
    if declared is None:
        return None
    ext_path = path + ("x-sdkforge-pagination",)
    if not isinstance(declared, dict):
        raise ctx.error(ext_path, "x-sdkforge-pagination must be a mapping")
    cursor = str(declared.get("cursor", ""))
    cursor_param = next((p for p in parameters if p.wire_name == cursor and p.location == "query"), None)
    if cursor_param is None:
        raise ctx.error(ext_path + ("cursor",), f"no query parameter named {cursor!r}")
    response_model = _model_fields(ctx, response)
    next_field = response_model.get(str(declared.get("next_cursor", "")))
    items_field = response_model.get(str(declared.get("items", "")))
    if next_field is None or items_field is None:
        raise ctx.error(ext_path, "next_cursor and items must name fields of the response model")
    if _strip_optional(next_field.type) != ir.TypeRef("builtin", name="str"):
        raise ctx.error(ext_path + ("next_cursor",), f"field {next_field.wire_name!r} must be a string")
    item_type = _strip_optional(items_field.type)
    if item_type.kind != "list":
        raise ctx.error(ext_path + ("items",), f"field {items_field.wire_name!r} is not an array")
    return ir.Pagination(
        cursor_parameter=cursor_param.name,
        next_cursor_field=next_field.name,
        items_field=items_field.name,
        item_type=item_type.args[0],
        method_name=naming.unique(naming.method_name(str(declared.get("method") or f"{method_name}_all")), taken_methods),
    )


def _waiter(ctx, operation, path, response, taken_methods) -> Optional[ir.Waiter]:
    declared = operation.get("x-sdkforge-waiter")
    if declared is None:
        return None
    ext_path = path + ("x-sdkforge-waiter",)
    if not isinstance(declared, dict) or not isinstance(declared.get("terminal"), list):
        raise ctx.error(ext_path, "x-sdkforge-waiter needs a 'terminal' list of status values")
    result_type = response
    result_field = None
    if declared.get("result"):
        field_ = _model_fields(ctx, response).get(str(declared["result"]))
        if field_ is None or not field_.required:
            raise ctx.error(ext_path + ("result",), f"the response has no required field {declared['result']!r}")
        result_field, result_type = field_.name, _strip_optional(field_.type)
    status = _model_fields(ctx, result_type).get(str(declared.get("status", "status")))
    if status is None:
        raise ctx.error(ext_path + ("status",), "status must name a field of the result")
    return ir.Waiter(
        method_name=naming.unique(naming.method_name(str(declared.get("name", "wait"))), taken_methods),
        status_field=status.name,
        terminal_values=tuple(declared["terminal"]),
        result_field=result_field,
        result_type=result_type,
    )


def _strip_optional(type_ref: ir.TypeRef) -> ir.TypeRef:
    return type_ref.args[0] if type_ref.kind == "optional" else type_ref


def _model_fields(ctx: _Context, type_ref: Optional[ir.TypeRef]) -> dict[str, ir.Field]:
    """Fields of the model ``type_ref`` names, by wire name (built on demand)."""
    if type_ref is None or type_ref.kind != "model":
        return {}
    slot = ctx.slots_by_name[type_ref.name]
    if slot.model is None:
        slot.model = _build_model(ctx, slot)
        if slot in ctx.pending:
            ctx.pending.remove(slot)
    return {f.wire_name: f for f in slot.model.fields}


# --- document-level facts ------------------------------------------------------------


def _global_headers(spec: Mapping[str, Any]) -> tuple[ir.GlobalHeader, ...]:
    headers = []
    taken: set[str] = set()
    for entry in spec.get("x-fern-global-headers") or ():
        if isinstance(entry, dict) and isinstance(entry.get("header"), str):
            wire = entry["header"]
            headers.append(
                ir.GlobalHeader(
                    name=naming.unique(naming.global_header_name(str(entry.get("name") or wire)), taken),
                    wire_name=wire,
                    required=not entry.get("optional", True),
                    description=_text(entry.get("description")),
                )
            )
    return tuple(headers)


def _auth(spec: Mapping[str, Any]) -> Optional[ir.Auth]:
    schemes = ((spec.get("components") or {}).get("securitySchemes")) or {}
    for scheme in schemes.values():
        if isinstance(scheme, dict) and scheme.get("type") == "http" and str(scheme.get("scheme", "")).lower() == "bearer":
            bearer = scheme.get("x-fern-bearer") or {}
            env = bearer.get("env") if isinstance(bearer, dict) else None
            return ir.Auth(env=str(env) if env else None)
    return None


def _base_url(spec: Mapping[str, Any]) -> Optional[str]:
    servers = spec.get("servers")
    if isinstance(servers, list) and servers and isinstance(servers[0], dict):
        url = servers[0].get("url")
        if isinstance(url, str) and url.startswith(("http://", "https://")):
            return url.rstrip("/")
    return None


def _text(value: Any) -> Optional[str]:
    if value is None:
        return None
    text = str(value).strip()
    return text or None

"""``sdkforge diff``: compare the SDK surfaces two specs produce.

Both specs go through the same loader and parser as ``generate``
(``build_api``), and the two IRs are compared, never the raw documents, so a
change only counts when it changes what callers of the generated SDK see.

Each change is *breaking* (code written against the old SDK may stop working)
or *compatible*. Types are compared by what values they accept: for inputs
(arguments, models callers construct) a narrower type breaks callers; for
outputs (return types, models only ever returned) a wider one does. The bump:
``major`` when anything breaks, ``minor`` for compatible changes, ``patch``
when only documentation or other non-surface details differ, else ``none``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Optional

from . import ir
from .loader import load_document
from .parser import build_api

BUMPS = ("none", "patch", "minor", "major")


@dataclass(frozen=True)
class Change:
    kind: str  # e.g. "method_removed"; stable, for machines
    breaking: bool
    subject: str  # what changed, e.g. "client.pets.list_pets(limit)"
    detail: str  # one human sentence

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "breaking": self.breaking, "subject": self.subject, "detail": self.detail}


@dataclass(frozen=True)
class SurfaceDiff:
    old: str
    new: str
    changes: tuple[Change, ...]
    other_changes: bool = False  # the IRs differ beyond the surface (docs, descriptions…)

    @property
    def breaking(self) -> tuple[Change, ...]:
        return tuple(c for c in self.changes if c.breaking)

    @property
    def compatible(self) -> tuple[Change, ...]:
        return tuple(c for c in self.changes if not c.breaking)

    @property
    def bump(self) -> str:
        if self.breaking:
            return "major"
        if self.changes:
            return "minor"
        return "patch" if self.other_changes else "none"

    def to_json(self) -> dict[str, Any]:
        return {
            "old": self.old,
            "new": self.new,
            "bump": self.bump,
            "breaking": len(self.breaking),
            "compatible": len(self.compatible),
            "changes": [c.to_json() for c in self.changes],
        }

    def report(self) -> str:
        lines = [
            f"{'breaking' if c.breaking else 'compatible'}: {c.subject}: {c.detail}" for c in self.changes
        ]
        if self.changes:
            summary = f"{len(self.breaking)} breaking, {len(self.compatible)} compatible"
        else:
            summary = "no change to the SDK surface" + (" (documentation or details differ)" if self.other_changes else "")
        lines.append(f"sdkforge diff: {summary}: {self.bump} version bump" if self.bump != "none" else f"sdkforge diff: {summary}: no version bump needed")
        return "\n".join(lines) + "\n"


def diff_specs(old_spec: Path, new_spec: Path, package: str = "sdk") -> SurfaceDiff:
    """Build both IRs (raises ``SpecError``) and compare their surfaces."""
    old_api = build_api(load_document(old_spec), package)
    new_api = build_api(load_document(new_spec), package)
    changes = diff_apis(old_api, new_api)
    return SurfaceDiff(old=str(old_spec), new=str(new_spec), changes=changes, other_changes=old_api != new_api)


def diff_apis(old: ir.Api, new: ir.Api) -> tuple[Change, ...]:
    return _Differ(old, new).run()


# --- types ---------------------------------------------------------------------------

_NONE = ir.TypeRef("builtin", name="None")
_SCALAR_NAMES = {str: "str", int: "int", float: "float", bool: "bool"}


def _alternatives(type_ref: ir.TypeRef) -> list[ir.TypeRef]:
    if type_ref.kind == "optional":
        return _alternatives(type_ref.args[0]) + [_NONE]
    if type_ref.kind == "union":
        return [alt for arg in type_ref.args for alt in _alternatives(arg)]
    if type_ref.kind == "literal" and len(type_ref.values) != 1:
        return [ir.TypeRef("literal", values=(value,)) for value in type_ref.values]
    return [type_ref]


def assignable(source: ir.TypeRef, target: ir.TypeRef) -> bool:
    """Is every value of type ``source`` a value of type ``target``?"""
    if target.kind == "any":
        return True
    if source.kind == "any":
        return False
    targets = _alternatives(target)
    return all(any(_atom_assignable(s, t) for t in targets) for s in _alternatives(source))


def _key(type_ref: ir.TypeRef) -> tuple[Any, ...]:
    """Structural identity; unlike ``==``, tells ``Literal[True]`` from ``Literal[1]``."""
    return (type_ref.kind, type_ref.name, tuple(map(_key, type_ref.args)), tuple(map(_value_key, type_ref.values)))


def _atom_assignable(source: ir.TypeRef, target: ir.TypeRef) -> bool:
    if target.kind == "any" or _key(source) == _key(target):
        return True
    if source.kind == "builtin" and target.kind == "builtin":
        return source.name == "int" and target.name == "float"
    if source.kind == "literal":
        (value,) = source.values
        if target.kind == "literal":
            return any(type(value) is type(other) and value == other for other in target.values)
        if target.kind == "builtin":
            name = _SCALAR_NAMES.get(type(value))
            return name == target.name or (name == "int" and target.name == "float")
        return False
    if source.kind == target.kind and source.kind in ("list", "map"):
        return assignable(source.args[0], target.args[0])
    return False


def compare_types(old: ir.TypeRef, new: ir.TypeRef) -> str:
    """``same``, ``widened`` (new accepts more), ``narrowed`` or ``changed``."""
    if _key(old) == _key(new):
        return "same"
    old_in_new = assignable(old, new)
    new_in_old = assignable(new, old)
    if old_in_new and new_in_old:
        return "same"
    if old_in_new:
        return "widened"
    if new_in_old:
        return "narrowed"
    return "changed"


def _strip_optional(type_ref: ir.TypeRef) -> ir.TypeRef:
    return type_ref.args[0] if type_ref.kind == "optional" else type_ref


# --- the surface ------------------------------------------------------------------------


@dataclass(frozen=True)
class _Argument:
    type: ir.TypeRef
    required: bool
    position: Optional[int]  # index among positional arguments; None for keywords
    wire: str  # where it goes on the wire: "query limit", "body name"


def _arguments(op: ir.Operation) -> dict[str, _Argument]:
    args: dict[str, _Argument] = {}
    for index, param in enumerate(op.path_parameters):
        args[param.name] = _Argument(param.type, True, index, f"path {param.wire_name}")
    for param in op.keyword_parameters:
        wire = f"{param.location} {param.wire_name}"
        style, explode = getattr(param, "style", "form"), getattr(param, "explode", True)
        if param.location == "query" and (style, explode) != ("form", True):
            wire += f" (style {style}, explode {str(explode).lower()})"
        args[param.name] = _Argument(param.type, param.required, None, wire)
    if op.body is not None:
        for fld in op.body.fields:
            args[fld.name] = _Argument(fld.type, fld.required, None, f"body {fld.wire_name}")
        if op.body.model is not None:
            args["request"] = _Argument(op.body.model, not op.body.fields, None, "body")
    return args


def _endpoint(op: ir.Operation) -> str:
    """``GET /v1/pets/{}``: the request line, parameter names aside."""
    return f"{op.http_method} /" + "".join("{}" if is_param else text for text, is_param in op.path_segments)


def _display_endpoint(op: ir.Operation) -> str:
    """``GET /v1/pets/{pet_id}``."""
    return f"{op.http_method} /" + "".join(f"{{{text}}}" if is_param else text for text, is_param in op.path_segments)


def _helpers(op: ir.Operation) -> list[str]:
    names = []
    if op.pagination is not None:
        names.append(op.pagination.method_name)
    if op.waiter is not None:
        names.append(op.waiter.method_name)
    return names


def _model_roles(api: ir.Api) -> tuple[frozenset[str], frozenset[str]]:
    """Models callers pass in (arguments) and models they get back (results),
    each with every model reachable from them."""
    inputs: set[str] = set()
    outputs: set[str] = set()
    for resource in api.resources:
        for op in resource.operations:
            for param in op.parameters:
                inputs |= param.type.model_names()
            if op.body is not None:
                for fld in op.body.fields:
                    inputs |= fld.type.model_names()
                if op.body.model is not None:
                    inputs |= op.body.model.model_names()
            for type_ref in (op.response, op.pagination and op.pagination.item_type, op.waiter and op.waiter.result_type):
                if isinstance(type_ref, ir.TypeRef):
                    outputs |= type_ref.model_names()
    models = {m.name: m for m in api.models}
    return _closure(inputs, models), _closure(outputs, models)


def _closure(names: Iterable[str], models: dict[str, ir.Model]) -> frozenset[str]:
    seen: set[str] = set()
    stack = list(names)
    while stack:
        name = stack.pop()
        if name in seen:
            continue
        seen.add(name)
        model = models.get(name)
        if model is not None:
            stack.extend(model.referenced_models)
    return frozenset(seen)


class _Differ:
    def __init__(self, old: ir.Api, new: ir.Api) -> None:
        self.old = old
        self.new = new
        self.changes: list[Change] = []
        self.inputs, self.outputs = _model_roles(old)

    def add(self, breaking: bool, kind: str, subject: str, detail: str) -> None:
        self.changes.append(Change(kind=kind, breaking=breaking, subject=subject, detail=detail))

    def run(self) -> tuple[Change, ...]:
        self._client_options()
        self._resources()
        self._models()
        self._errors()
        unique = dict.fromkeys(self.changes)
        return tuple(sorted(unique, key=lambda c: (not c.breaking, c.subject, c.kind, c.detail)))

    # client constructor ------------------------------------------------------------

    def _client_options(self) -> None:
        old = {h.name: h for h in self.old.global_headers}
        new = {h.name: h for h in self.new.global_headers}
        for name in sorted(old.keys() - new.keys()):
            self.add(True, "client_option_removed", f"Client({name})", f"argument {name!r} of the client was removed")
        for name in sorted(new.keys() - old.keys()):
            if new[name].required:
                self.add(True, "required_client_option_added", f"Client({name})", f"new required client argument {name!r}")
            else:
                self.add(False, "client_option_added", f"Client({name})", f"new optional client argument {name!r}")
        for name in sorted(old.keys() & new.keys()):
            if not old[name].required and new[name].required:
                self.add(True, "client_option_now_required", f"Client({name})", f"client argument {name!r} is now required")
            if old[name].wire_name != new[name].wire_name:
                self.add(True, "wire_name_changed", f"Client({name})", f"header {old[name].wire_name!r} is now {new[name].wire_name!r}")
        if self.old.auth is not None and self.new.auth is None:
            self.add(True, "client_option_removed", "Client(token)", "bearer authentication (argument 'token') was removed")
        elif self.old.auth is None and self.new.auth is not None:
            self.add(False, "client_option_added", "Client(token)", "bearer authentication (argument 'token') was added")

    # resources and methods ----------------------------------------------------------------

    def _resources(self) -> None:
        old = {r.name: r for r in self.old.resources}
        new = {r.name: r for r in self.new.resources}
        for name in sorted(old.keys() - new.keys()):
            count = len(old[name].operations)
            self.add(True, "resource_removed", f"client.{name}", f"resource removed with its {count} method{'s' if count != 1 else ''}")
        for name in sorted(new.keys() - old.keys()):
            count = len(new[name].operations)
            self.add(False, "resource_added", f"client.{name}", f"new resource with {count} method{'s' if count != 1 else ''}")
        for name in sorted(old.keys() & new.keys()):
            self._methods(old[name], new[name])

    def _methods(self, old_resource: ir.Resource, new_resource: ir.Resource) -> None:
        prefix = f"client.{old_resource.name}"
        old = {op.name: op for op in old_resource.operations}
        new = {op.name: op for op in new_resource.operations}
        for name in sorted(old.keys() - new.keys()):
            self.add(True, "method_removed", f"{prefix}.{name}", f"method removed ({_display_endpoint(old[name])})")
        for name in sorted(new.keys() - old.keys()):
            self.add(False, "method_added", f"{prefix}.{name}", f"new method ({_display_endpoint(new[name])})")
        old_helpers = {h for op in old.values() for h in _helpers(op)} - old.keys()
        new_helpers = {h for op in new.values() for h in _helpers(op)} - new.keys()
        for name in sorted(old_helpers - new_helpers):
            self.add(True, "method_removed", f"{prefix}.{name}", "helper method removed")
        for name in sorted(new_helpers - old_helpers):
            self.add(False, "method_added", f"{prefix}.{name}", "new helper method")
        for name in sorted(old.keys() & new.keys()):
            self._method(f"{prefix}.{name}", old[name], new[name])

    def _method(self, subject: str, old: ir.Operation, new: ir.Operation) -> None:
        if _endpoint(old) != _endpoint(new):
            self.add(True, "path_changed", subject, f"request changed from {_display_endpoint(old)} to {_display_endpoint(new)}")
        if new.deprecated and not old.deprecated:
            self.add(False, "method_deprecated", subject, "method is now deprecated")
        old_encoding = getattr(old.body, "encoding", "json") if old.body is not None else None
        new_encoding = getattr(new.body, "encoding", "json") if new.body is not None else None
        if old_encoding and new_encoding and old_encoding != new_encoding:
            self.add(True, "body_encoding_changed", subject, f"request body sent as {old_encoding}, now as {new_encoding}")
        self._arguments(subject, _arguments(old), _arguments(new))
        self._response(subject, old.response, new.response)

    def _arguments(self, subject: str, old: dict[str, _Argument], new: dict[str, _Argument]) -> None:
        for name in sorted(old.keys() - new.keys()):
            self.add(True, "parameter_removed", f"{subject}({name})", f"parameter {name!r} was removed")
        for name in sorted(new.keys() - old.keys()):
            arg = new[name]
            if arg.required:
                self.add(True, "required_parameter_added", f"{subject}({name})", f"new required parameter {name!r}: {arg.type.annotation}")
            else:
                self.add(False, "parameter_added", f"{subject}({name})", f"new optional parameter {name!r}: {arg.type.annotation}")
        for name in sorted(old.keys() & new.keys()):
            before, after = old[name], new[name]
            where = f"{subject}({name})"
            if before.position != after.position:
                self.add(True, "parameter_moved", where, f"parameter {name!r} moved from {_position(before)} to {_position(after)}")
            if before.wire != after.wire:
                self.add(True, "wire_name_changed", where, f"parameter {name!r} was sent as {before.wire}, now as {after.wire}")
            if before.required != after.required:
                if after.required:
                    self.add(True, "parameter_now_required", where, f"parameter {name!r} is now required")
                else:
                    self.add(False, "parameter_now_optional", where, f"parameter {name!r} is now optional")
            self._input_type(where, f"parameter {name!r}", before, after)

    def _input_type(self, where: str, what: str, before: _Argument, after: _Argument) -> None:
        old_type, new_type = before.type, after.type
        if before.required != after.required:
            old_type, new_type = _strip_optional(old_type), _strip_optional(new_type)
        verdict = compare_types(old_type, new_type)
        if verdict == "narrowed":
            self.add(True, "type_narrowed", where, f"{what} narrowed from {old_type.annotation} to {new_type.annotation}")
        elif verdict == "widened":
            self.add(False, "type_widened", where, f"{what} widened from {old_type.annotation} to {new_type.annotation}")
        elif verdict == "changed":
            self.add(True, "type_changed", where, f"{what} changed from {old_type.annotation} to {new_type.annotation}")

    def _response(self, subject: str, old: Optional[ir.TypeRef], new: Optional[ir.TypeRef]) -> None:
        if old is None and new is None:
            return
        if old is None:
            assert new is not None
            self.add(False, "response_added", subject, f"now returns {new.annotation} instead of None")
            return
        if new is None:
            self.add(True, "response_removed", subject, f"returns None instead of {old.annotation}")
            return
        verdict = compare_types(old, new)
        if verdict == "narrowed":
            self.add(False, "response_type_narrowed", subject, f"return type narrowed from {old.annotation} to {new.annotation}")
        elif verdict == "widened":
            self.add(True, "response_type_widened", subject, f"return type widened from {old.annotation} to {new.annotation}")
        elif verdict == "changed":
            self.add(True, "response_type_changed", subject, f"return type changed from {old.annotation} to {new.annotation}")

    # models ----------------------------------------------------------------------------------

    def _models(self) -> None:
        old = {m.name: m for m in self.old.models}
        new = {m.name: m for m in self.new.models}
        for name in sorted(old.keys() - new.keys()):
            self.add(True, "model_removed", name, f"model {name} was removed")
        for name in sorted(new.keys() - old.keys()):
            self.add(False, "model_added", name, f"new model {name}")
        for name in sorted(old.keys() & new.keys()):
            self._model(old[name], new[name])

    def _model(self, old: ir.Model, new: ir.Model) -> None:
        name = old.name
        if old.kind != new.kind:
            self.add(True, "model_kind_changed", name, f"{name} changed from {old.kind} to {new.kind}")
            return
        if old.module != new.module:
            self.add(True, "model_moved", name, f"{name} moved from module {old.module} to {new.module}")
        # Callers may build any model unless it is only ever returned, and may
        # read any model unless it is only ever passed in.
        constructed = name in self.inputs or name not in self.outputs
        read = name in self.outputs or name not in self.inputs
        if old.kind == "enum":
            new_values = set(map(_value_key, new.enum_values))
            old_values = set(map(_value_key, old.enum_values))
            for value in old.enum_values:
                if _value_key(value) not in new_values:
                    self.add(True, "enum_value_removed", f"{name}[{value!r}]", f"enum value {value!r} was removed")
            for value in new.enum_values:
                if _value_key(value) not in old_values:
                    self.add(False, "enum_value_added", f"{name}[{value!r}]", f"new enum value {value!r}")
        elif old.kind == "alias":
            if old.alias_of is not None and new.alias_of is not None:
                self._field_type(name, f"{name}", old.alias_of, new.alias_of, constructed, read)
        else:
            self._fields(name, old, new, constructed, read)

    def _fields(self, name: str, old: ir.Model, new: ir.Model, constructed: bool, read: bool) -> None:
        old_fields = {f.name: f for f in old.fields}
        new_fields = {f.name: f for f in new.fields}
        for field_name in sorted(old_fields.keys() - new_fields.keys()):
            self.add(True, "field_removed", f"{name}.{field_name}", f"field {field_name!r} was removed")
        for field_name in sorted(new_fields.keys() - old_fields.keys()):
            fld = new_fields[field_name]
            if fld.required and constructed:
                self.add(True, "required_field_added", f"{name}.{field_name}", f"new required field {field_name!r}: {fld.type.annotation}")
            else:
                kind = "required" if fld.required else "optional"
                self.add(False, "field_added", f"{name}.{field_name}", f"new {kind} field {field_name!r}: {fld.type.annotation}")
        for field_name in sorted(old_fields.keys() & new_fields.keys()):
            before, after = old_fields[field_name], new_fields[field_name]
            where = f"{name}.{field_name}"
            if before.wire_name != after.wire_name:
                self.add(True, "wire_name_changed", where, f"field {field_name!r} was sent as {before.wire_name!r}, now as {after.wire_name!r}")
            old_type, new_type = before.type, after.type
            if before.required != after.required:
                old_type, new_type = _strip_optional(old_type), _strip_optional(new_type)
                if after.required:
                    self.add(constructed, "field_now_required", where, f"field {field_name!r} is now required")
                else:
                    self.add(read, "field_now_optional", where, f"field {field_name!r} is now optional (may be None)")
            self._field_type(where, f"field {field_name!r}", old_type, new_type, constructed, read)

    def _field_type(self, where: str, what: str, old: ir.TypeRef, new: ir.TypeRef, constructed: bool, read: bool) -> None:
        verdict = compare_types(old, new)
        model = where.split(".")[0]
        if verdict == "narrowed":
            why = "" if constructed else f" ({model} is only returned, never passed in)"
            self.add(constructed, "type_narrowed", where, f"{what} narrowed from {old.annotation} to {new.annotation}{why}")
        elif verdict == "widened":
            why = f" ({model} is returned to callers, who may not expect the new values)" if read else ""
            self.add(read, "type_widened", where, f"{what} widened from {old.annotation} to {new.annotation}{why}")
        elif verdict == "changed":
            self.add(True, "type_changed", where, f"{what} changed from {old.annotation} to {new.annotation}")

    # errors -------------------------------------------------------------------------------------

    def _errors(self) -> None:
        old = {e.class_name for e in self.old.errors}
        new = {e.class_name for e in self.new.errors}
        for name in sorted(old - new):
            self.add(True, "error_removed", f"errors.{name}", f"exception class {name} was removed")
        for name in sorted(new - old):
            self.add(False, "error_added", f"errors.{name}", f"new exception class {name}")


def _value_key(value: ir.JsonScalar) -> tuple[str, ir.JsonScalar]:
    return (type(value).__name__, value)


def _position(arg: _Argument) -> str:
    return "keyword" if arg.position is None else f"position {arg.position + 1}"


def to_json_text(diff: SurfaceDiff) -> str:
    return json.dumps(diff.to_json(), indent=2, sort_keys=False) + "\n"

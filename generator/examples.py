"""Example calls for docstrings, built from the IR.

An example shows the arguments a caller must give (plus the first optional
keyword, so one example shows where the optional ones go); values are the
parameter's own name for strings, the first enum value for enums, and a
constructor call with its required fields for models.
"""

from __future__ import annotations

from typing import Optional

from . import ir
from .literals import pyliteral, pystr

_MAX_DEPTH = 3


class ExampleWriter:
    def __init__(self, api: ir.Api) -> None:
        self.api = api
        self.models = {m.name: m for m in api.models}

    def call(self, resource: ir.Resource, op: ir.Operation, *, is_async: bool) -> str:
        """The whole example: imports, client construction and the call."""
        arguments = self._arguments(op)
        imports = sorted(self._imports(op))
        client_class = "AsyncClient" if is_async else "Client"
        lines = [f"from {self.api.package} import {client_class}"]
        lines += [f"from {self.api.package}.{module} import {name}" for module, name in imports]
        if any("datetime." in argument for argument in arguments):
            lines.insert(0, "import datetime")
        if is_async:
            lines.insert(0, "import asyncio")
        lines += ["", f"client = {client_class}({self._client_arguments()})"]
        call = f"client.{resource.name}.{op.name}("
        if arguments:
            body = [call] + [f"    {argument}," for argument in arguments] + [")"]
        else:
            body = [call + ")"]
        if is_async:
            lines += ["", "", "async def main() -> None:"]
            lines += ["    " + ("await " if i == 0 else "") + line for i, line in enumerate(body)]
            lines += ["", "", "asyncio.run(main())"]
        else:
            lines += body
        return "\n".join(lines)

    def _client_arguments(self) -> str:
        arguments = []
        if self.api.auth is not None:
            arguments.append('token="YOUR_TOKEN"')
        for header in self.api.global_headers:
            arguments.append(f"{header.name}={pystr('YOUR_' + header.name.upper())}")
        return ", ".join(arguments)

    def _arguments(self, op: ir.Operation) -> list[str]:
        arguments = [f"{p.name}={self.value(p.type, p.name)}" for p in op.parameters if p.required]
        body = op.body
        if body is not None:
            if body.fields:
                arguments += [f"{f.name}={self.value(f.type, f.name)}" for f in body.fields if f.required]
            elif body.model is not None:
                arguments.append(f"request={self.value(body.model, 'request')}")
        optional = [p for p in op.parameters if not p.required]
        if optional:
            first = optional[0]
            arguments.append(f"{first.name}={self.value(first.type, first.name)}")
        return arguments

    def _imports(self, op: ir.Operation) -> set[tuple[str, str]]:
        names: set[str] = set()
        if op.body is not None and not op.body.fields and op.body.model is not None:
            names |= self._models_in_example(op.body.model, 0)
        for p in op.parameters:
            if p.required:
                names |= self._models_in_example(p.type, 0)
        if op.body is not None:
            for f in op.body.fields:
                if f.required:
                    names |= self._models_in_example(f.type, 0)
        return {(self.models[n].module.rsplit(".", 1)[0], n) for n in names if self.models[n].kind == "object"}

    def _models_in_example(self, type_ref: ir.TypeRef, depth: int) -> set[str]:
        if depth > _MAX_DEPTH:
            return set()
        if type_ref.kind == "model":
            model = self.models[type_ref.name]
            names = {model.name}
            for f in model.fields:
                if f.required:
                    names |= self._models_in_example(f.type, depth + 1)
            return names
        if type_ref.kind in ("optional", "list", "map"):
            return self._models_in_example(type_ref.args[0], depth)
        if type_ref.kind == "union":
            return self._models_in_example(type_ref.args[0], depth)
        return set()

    def value(self, type_ref: ir.TypeRef, name: str, depth: int = 0) -> str:
        """A Python expression of type ``type_ref``."""
        kind = type_ref.kind
        if kind == "optional":
            return self.value(type_ref.args[0], name, depth)
        if kind == "list":
            return f"[{self.value(type_ref.args[0], name, depth)}]"
        if kind == "map":
            return "{" + f'"key": {self.value(type_ref.args[0], name, depth)}' + "}"
        if kind == "union":
            return self.value(type_ref.args[0], name, depth)
        if kind == "literal":
            return pyliteral(type_ref.values[0])
        if kind == "model":
            return self._model_value(type_ref.name, name, depth)
        if kind == "builtin":
            return _BUILTIN_EXAMPLES.get(type_ref.name) or pystr(name)
        return pystr(name)

    def _model_value(self, model_name: str, name: str, depth: int) -> str:
        model = self.models[model_name]
        if model.kind == "enum":
            return pyliteral(model.enum_values[0]) if model.enum_values else pystr(name)
        if depth >= _MAX_DEPTH:
            return f"{model.name}.model_construct()"
        fields = [f"{f.name}={self.value(f.type, f.name, depth + 1)}" for f in model.fields if f.required]
        return f"{model.name}({', '.join(fields)})"


_BUILTIN_EXAMPLES: dict[str, Optional[str]] = {
    "int": "1",
    "float": "1.5",
    "bool": "True",
    "bytes": 'b"..."',
    "datetime.datetime": 'datetime.datetime.fromisoformat("2024-01-15T09:30:00+00:00")',
    "datetime.date": 'datetime.date.fromisoformat("2024-01-15")',
    "str": None,
}

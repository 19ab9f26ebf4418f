"""Point 2 of the hostile-input issue: names.

Schema, operation, tag, parameter, property and header names such as
``../../etc/passwd``, ``__init__``, ``class``, ``None``, ``os``, ``typing``, an
empty string, 300 characters or non-ASCII text: every file lands inside the
output directory, every identifier is valid, and no name shadows something the
generated code itself needs (helpers called in method bodies, builtins used in
annotations, attributes of the root client, arguments of the same signature).
"""

from __future__ import annotations

import inspect
import keyword
import os
import sys
from pathlib import Path, PurePosixPath
from typing import Any, Callable

import pytest


from .conftest import (
    REPO_ROOT,
    assert_clean_failure,
    describe,
    generate_doc,
    imported_sdk,
    minimal_spec,
    parse_all,
    run_cli,
    thing_operation,
    thing_schema,
    unique_package,
)

HOSTILE_NAMES = [
    "../../etc/passwd",
    "/etc/passwd",
    "..",
    ".",
    "a/b\\c",
    "C:\\Windows\\win.ini",
    "__init__",
    "__main__",
    "__pycache__",
    "class",
    "None",
    "True",
    "match",
    "os",
    "sys",
    "typing",
    "pydantic",
    "httpx",
    "self",
    "request",
    "request_options",
    "",
    " ",
    "_",
    "__",
    "123",
    "-1",
    "Ünïcødé",
    "日本語",
    "🙂",
    "Ω",
    "con",
    "nul.txt",
    "name with spaces",
    "CamelCase",
    "camelCase",
    "snake_case",
    "UPPER",
]
LONG_NAME = "x" * 300
PETSTORE = REPO_ROOT / "tests" / "fixtures" / "specs" / "petstore_minimal.yaml"
LONG_WORDS = "-".join(["word"] * 75)  # 374 characters, many words


def _ir_identifiers(api: Any) -> list[tuple[str, str]]:
    """(what, identifier) for every name the IR hands to templates as code."""
    names: list[tuple[str, str]] = []
    for model in api.models:
        names.append(("model", model.name))
        names += [("module", part) for part in model.module.split(".")]
        names += [("field", f.name) for f in model.fields]
    for resource in api.resources:
        names += [("resource", resource.name), ("class_prefix", resource.class_prefix)]
        names += [("module", part) for part in resource.module.split(".")]
        for op in resource.operations:
            names.append(("method", op.name))
            names += [("parameter", p.name) for p in op.parameters]
            if op.body is not None:
                names += [("body field", f.name) for f in op.body.fields]
            for extra in ("pagination", "waiter"):
                helper = getattr(op, extra, None)
                if helper is not None:
                    names.append((extra, helper.method_name))
    names += [("global header", h.name) for h in api.global_headers]
    names += [("error", e.class_name) for e in api.errors]
    return names


def assert_valid_identifiers(api: Any) -> None:
    bad = [
        f"{what} {name!r}"
        for what, name in _ir_identifiers(api)
        if not name.isidentifier() or keyword.iskeyword(name) or not name.isascii()
    ]
    assert not bad, "invalid identifiers: " + ", ".join(bad)


def assert_files_inside(out: Path, files: dict[str, str]) -> None:
    for relative in files:
        pure = PurePosixPath(relative)
        assert not pure.is_absolute() and ".." not in pure.parts and "\\" not in relative, relative
        assert all(part not in ("", ".") for part in pure.parts), relative
        assert len(pure.name.encode("utf-8")) <= 255, f"file name longer than 255 bytes: {relative[:80]}..."
        target = (out / relative).resolve()
        assert target.is_relative_to(out.resolve()), relative


def _write_and_check_tree(tmp_path: Path, files: dict[str, str]) -> Path:
    """Write into tmp_path/out and check that nothing appeared anywhere else."""
    from generator.writer import write_files

    out = tmp_path / "out"
    before = {p for p in tmp_path.rglob("*")}
    write_files(out, files)
    outside = [p for p in tmp_path.rglob("*") if p not in before and not p.is_relative_to(out)]
    assert not outside, f"written outside the output directory: {outside}"
    return out


# --- every kind of name, all hostile names at once ---------------------------------------


def _schemas(doc: dict, names: list[str]) -> None:
    for index, name in enumerate(names):
        doc["components"]["schemas"][name] = {"type": "object", "properties": {"value": {"type": "integer"}}}
        pointer = name.replace("~", "~0").replace("/", "~1")
        thing_schema(doc)["properties"][f"ref{index}"] = {"$ref": "#/components/schemas/" + pointer}


def _operation_ids(doc: dict, names: list[str]) -> None:
    for index, name in enumerate(names):
        doc["paths"][f"/op{index}"] = {
            "get": {"operationId": name, "tags": ["things"], "responses": {"204": {"description": "ok"}}}
        }


def _tags(doc: dict, names: list[str]) -> None:
    for index, name in enumerate(names):
        doc["paths"][f"/tagged{index}"] = {
            "get": {"operationId": f"op{index}", "tags": [name], "responses": {"204": {"description": "ok"}}}
        }


def _group_names(doc: dict, names: list[str]) -> None:
    for index, name in enumerate(names):
        doc["paths"][f"/grouped{index}"] = {
            "get": {
                "x-fern-sdk-group-name": name,
                "x-fern-sdk-method-name": name,
                "responses": {"204": {"description": "ok"}},
            }
        }
    for index, name in enumerate(names):
        doc["components"]["schemas"][f"Grouped{index}"] = {
            "type": "object",
            "x-fern-sdk-group-name": name,
            "properties": {"a": {"type": "string"}},
        }
        thing_schema(doc)["properties"][f"g{index}"] = {"$ref": f"#/components/schemas/Grouped{index}"}


def _query_parameters(doc: dict, names: list[str]) -> None:
    thing_operation(doc)["parameters"] += [
        {"name": name, "in": "query", "schema": {"type": "string"}} for name in names
    ]


def _header_parameters(doc: dict, names: list[str]) -> None:
    thing_operation(doc)["parameters"] += [
        {"name": name, "in": "header", "schema": {"type": "string"}} for name in names if name.strip()
    ]


def _path_parameters(doc: dict, names: list[str]) -> None:
    usable = [n for n in names if n and "/" not in n and "{" not in n and "}" not in n]
    route = "/deep/" + "/".join("{" + n + "}" for n in usable)
    doc["paths"][route] = {
        "get": {
            "operationId": "deep",
            "tags": ["things"],
            "parameters": [{"name": n, "in": "path", "required": True, "schema": {"type": "string"}} for n in usable],
            "responses": {"204": {"description": "ok"}},
        }
    }


def _properties(doc: dict, names: list[str]) -> None:
    for name in names:
        thing_schema(doc)["properties"][name] = {"type": "string"}


def _body_fields(doc: dict, names: list[str]) -> None:
    doc["paths"]["/things"] = {
        "post": {
            "operationId": "createThing",
            "tags": ["things"],
            "requestBody": {
                "content": {
                    "application/json": {
                        "schema": {"type": "object", "properties": {n: {"type": "string"} for n in names}}
                    }
                }
            },
            "responses": {"204": {"description": "ok"}},
        }
    }


def _enum_values(doc: dict, names: list[str]) -> None:
    thing_schema(doc)["properties"]["kind"] = {"type": "string", "enum": names}


KINDS: dict[str, Callable[[dict, list[str]], None]] = {
    "schema": _schemas,
    "operationId": _operation_ids,
    "tag": _tags,
    "x-fern group/method": _group_names,
    "query parameter": _query_parameters,
    "header parameter": _header_parameters,
    "path parameter": _path_parameters,
    "property": _properties,
    "body field": _body_fields,
    "enum value": _enum_values,
}


@pytest.fixture(scope="module")
def echo_server():
    from tests.support.echo_server import EchoServer

    server = EchoServer()
    yield server
    server.close()


@pytest.mark.parametrize("kind", list(KINDS))
def test_hostile_names_give_valid_identifiers_and_files_inside_the_output(tmp_path, kind) -> None:
    doc = minimal_spec()
    KINDS[kind](doc, list(HOSTILE_NAMES))
    package = unique_package("names")
    generated = generate_doc(tmp_path, doc, package)
    assert_valid_identifiers(generated.api)
    parse_all(generated.files)
    out = _write_and_check_tree(tmp_path, generated.files)
    assert_files_inside(out, generated.files)
    with imported_sdk(out, generated.files, package) as sdk:
        client = sdk.Client(base_url="http://127.0.0.1:9")
        for resource in generated.api.resources:
            assert hasattr(getattr(client, resource.name), "with_raw_response"), resource.name


def test_hostile_parameter_names_reach_the_wire_unchanged(tmp_path, echo_server) -> None:
    """Python names are sanitised; the wire names sent are the spec's, exactly."""
    from tests.support.echo_server import Reply

    names = [n for n in HOSTILE_NAMES if n.strip()]
    doc = minimal_spec()
    _query_parameters(doc, names)
    package = unique_package("wire")
    generated = generate_doc(tmp_path, doc, package)
    op = generated.api.resources[0].operations[0]
    by_wire = {p.wire_name: p.name for p in op.parameters if p.location == "query"}
    assert set(by_wire) == set(names)
    echo_server.routes[("GET", "/things/t-1")] = Reply.json({"id": "t-1"})
    with imported_sdk(tmp_path / "out", generated.files, package) as sdk:
        client = sdk.Client(base_url=echo_server.base_url, max_retries=0)
        client.things.get_thing("t-1", **{python: f"v:{wire}" for wire, python in by_wire.items()})
    sent = dict(echo_server.requests[-1].query)
    assert sent == {wire: f"v:{wire}" for wire in names}


def test_hostile_property_names_round_trip_through_the_model(tmp_path) -> None:
    names = list(HOSTILE_NAMES)
    doc = minimal_spec()
    _properties(doc, names)
    package = unique_package("props")
    generated = generate_doc(tmp_path, doc, package)
    with imported_sdk(tmp_path / "out", generated.files, package) as sdk:
        sample = {"id": "x", **{name: f"value of {name}" for name in names}}
        model = sdk.Thing.model_validate(sample)
        assert model.model_dump(mode="json", by_alias=True, exclude_unset=True) == sample


# --- length ---------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "kind",
    [
        "schema",
        "tag",
        "x-fern group/method",
        "operationId",
        "query parameter",
        "property",
        "enum value",
    ],
)
@pytest.mark.parametrize("name", [LONG_NAME, LONG_WORDS], ids=["300-x", "75-words"])
def test_300_character_names(tmp_path, kind, name) -> None:
    doc = minimal_spec()
    KINDS[kind](doc, [name, name.upper() + "2"])
    package = unique_package("long")
    generated = generate_doc(tmp_path, doc, package)
    assert_valid_identifiers(generated.api)
    out = _write_and_check_tree(tmp_path, generated.files)
    assert_files_inside(out, generated.files)
    with imported_sdk(out, generated.files, package):
        pass


# --- collisions ------------------------------------------------------------------------------


def test_schema_names_differing_only_in_case_stay_distinct(tmp_path) -> None:
    doc = minimal_spec()
    for name, kind in (("Foo", "string"), ("FOO", "integer"), ("FoO", "boolean")):
        doc["components"]["schemas"][name] = {"type": "object", "properties": {"v": {"type": kind}}}
        thing_schema(doc)["properties"][name.lower() + kind] = {"$ref": f"#/components/schemas/{name}"}
    package = unique_package("case")
    generated = generate_doc(tmp_path, doc, package)
    modules = [m.module for m in generated.api.models]
    assert len(modules) == len(set(modules)), modules
    with imported_sdk(tmp_path / "out", generated.files, package) as sdk:
        assert sdk.Foo.model_validate({"v": "s"}).v == "s"
        assert sdk.FOO.model_validate({"v": 3}).v == 3
        assert sdk.FoO.model_validate({"v": True}).v is True


@pytest.mark.parametrize(
    "name",
    [
        "Client",
        "AsyncClient",
        "HttpClient",
        "ApiError",
        "SdkError",
        "NotFoundError",
        "RequestOptions",
        "BaseModel",
        "ThingsClient",
        "RawThingsClient",
        "Optional",
        "Any",
        "File",
        "errors",
        "types",
        "core",
        "client",
    ],
)
def test_schema_named_like_generated_code_shadows_nothing(tmp_path, name) -> None:
    """A schema named after a class or module the SDK itself defines gets another
    name; the SDK's own classes stay reachable from the package root."""
    doc = minimal_spec()
    doc["components"]["schemas"][name] = {"type": "object", "properties": {"v": {"type": "string"}}}
    thing_schema(doc)["properties"]["other"] = {"$ref": f"#/components/schemas/{name}"}
    package = unique_package("shadow")
    generated = generate_doc(tmp_path, doc, package)
    with imported_sdk(tmp_path / "out", generated.files, package) as sdk:
        core_errors = sys.modules[f"{package}.core.api_error"]
        assert sdk.ApiError is core_errors.ApiError
        assert sdk.SdkError is core_errors.SdkError
        assert issubclass(sdk.NotFoundError, core_errors.ApiError)
        assert sdk.Client.__module__ == f"{package}.client"
        assert sdk.AsyncClient.__module__ == f"{package}.client"
        assert inspect.ismodule(sdk.errors) and inspect.ismodule(sdk.things)
        other = sdk.Thing.model_fields["other"].annotation
        assert "v" in typing_args_model(other).model_fields


def typing_args_model(annotation: Any) -> Any:
    import typing

    for arg in typing.get_args(annotation) or (annotation,):
        if isinstance(arg, type) and hasattr(arg, "model_fields"):
            return arg
    raise AssertionError(f"no model in {annotation!r}")


# Helpers and names that generated method bodies use unqualified.
HELPER_NAMES = [
    "encode_path_param",
    "parse_response",
    "error_from_response",
    "ERRORS_BY_STATUS",
    "choose_body",
    "styled_query",
    "cookie_header",
    "upload_files",
    "OMIT",
    "HttpResponse",
    "RequestOptions",
    "typing",
    "datetime",
    "self",
    "request",
    "request_options",
    "_response",
    "_data",
    "_body",
]
# Builtins the response annotation names; it is evaluated inside the method body
# (parse_response(typing.Dict[str, str], _response)).
BUILTIN_NAMES = ["str", "int", "bool", "float", "bytes", "list", "dict"]


@pytest.mark.parametrize(
    "names",
    [
        pytest.param(HELPER_NAMES, id="helpers"),
        pytest.param(BUILTIN_NAMES, id="builtins"),
    ],
)
def test_parameters_named_like_body_helpers_shadow_nothing(tmp_path, echo_server, names) -> None:
    """A query parameter per helper name, a JSON body field per helper name, a
    response typed Dict[str, ...] (evaluated inside the method): the call works
    and every wire name is sent."""
    from tests.support.echo_server import Reply

    doc = minimal_spec()
    doc["paths"]["/things/{thing_id}"]["put"] = {
        "operationId": "replaceThing",
        "tags": ["things"],
        "parameters": [{"name": "thing_id", "in": "path", "required": True, "schema": {"type": "string"}}]
        + [{"name": n, "in": "query", "schema": {"type": "string"}} for n in names],
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {
                    "schema": {"type": "object", "properties": {n + "_field": {"type": "string"} for n in names}}
                }
            },
        },
        "responses": {
            "200": {
                "description": "ok",
                "content": {
                    "application/json": {
                        "schema": {"type": "object", "additionalProperties": {"type": "string"}}
                    }
                },
            },
            "404": {"description": "missing"},
        },
    }
    package = unique_package("helpers")
    generated = generate_doc(tmp_path, doc, package)
    echo_server.routes[("PUT", "/things/t-1")] = Reply.json({"ok": "yes"})
    echo_server.routes[("PUT", "/things/missing")] = Reply.json({"message": "nope"}, status=404)
    with imported_sdk(tmp_path / "out", generated.files, package) as sdk:
        client = sdk.Client(base_url=echo_server.base_url, max_retries=0)
        signature = inspect.signature(client.things.replace_thing)
        arguments = {name: f"v-{name}" for name in signature.parameters if name not in ("thing_id", "request", "request_options")}
        assert client.things.replace_thing("t-1", **arguments) == {"ok": "yes"}
        sent = echo_server.requests[-1]
        assert dict(sent.query) == {n: f"v-{_python_name(generated, n)}" for n in names}
        with pytest.raises(sdk.NotFoundError):
            client.things.replace_thing("missing", **arguments)


def _python_name(generated: Any, wire: str) -> str:
    for resource in generated.api.resources:
        for op in resource.operations:
            for p in op.parameters:
                if p.wire_name == wire and p.location == "query":
                    return p.name
    raise KeyError(wire)


@pytest.mark.parametrize(
    "field",
    [
        name
        for name in (
            "str",
            "int",
            "float",
            "bool",
            "bytes",
            "list",
            "dict",
            "typing",
            "datetime",
            "pydantic",
            "base_model",
            "model_config",
            "model_fields",
            "model_dump",
            "model_validate",
            "schema",
            "json",
            "copy",
            "construct",
            "validate",
            "fields",
            "parse_obj",
            "parse_raw",
            "from_orm",
            "update_forward_refs",
            "Config",
        )
    ],
)
def test_field_names_shadow_nothing_in_the_model(tmp_path, field) -> None:
    """A field named like a builtin, module or pydantic attribute, followed by
    fields of every scalar type: a sample round-trips."""
    doc = minimal_spec()
    thing_schema(doc)["properties"] = {
        field: {"type": "string"},
        "s": {"type": "string"},
        "i": {"type": "integer"},
        "f": {"type": "number"},
        "b": {"type": "boolean"},
        "when": {"type": "string", "format": "date-time"},
        "blob": {"type": "string", "format": "binary"},
        "tags": {"type": "array", "items": {"type": "string"}},
        "extra": {"type": "object", "additionalProperties": {"type": "integer"}},
    }
    thing_schema(doc)["required"] = [field]
    package = unique_package("fields")
    generated = generate_doc(tmp_path, doc, package)
    with imported_sdk(tmp_path / "out", generated.files, package) as sdk:
        sample = {field: "value", "s": "text", "i": 3, "f": 1.5, "b": True, "tags": ["a"], "extra": {"k": 1}}
        assert sdk.Thing.model_validate(sample).model_dump(mode="json", by_alias=True, exclude_unset=True) == sample


@pytest.mark.parametrize(
    "tag",
    [
        "token",
        "http_client",
        "httpx_client",
        "fixed_headers",
        "owns_httpx_client",
        "headers",
        "base_url",
        "close",
        "with_raw_response",
        "things",
        "property",
        "client",
        "core",
        "errors",
        "types",
    ],
)
def test_resource_named_like_a_client_attribute(tmp_path, tag, echo_server) -> None:
    """The resource is reachable, the call carries the token, close() still closes."""
    from tests.support.echo_server import Reply

    doc = minimal_spec()
    thing_operation(doc)["tags"] = [tag]
    doc["components"]["securitySchemes"] = {"bearer": {"type": "http", "scheme": "bearer"}}
    doc["security"] = [{"bearer": []}]
    package = unique_package("attr")
    generated = generate_doc(tmp_path, doc, package)
    resource = generated.api.resources[0].name
    echo_server.routes[("GET", "/things/t-9")] = Reply.json({"id": "t-9"})
    with imported_sdk(tmp_path / "out", generated.files, package) as sdk:
        client = sdk.Client(token="tok-123", base_url=echo_server.base_url, max_retries=0)
        assert getattr(client, resource).get_thing("t-9").id == "t-9"
        assert echo_server.requests[-1].header("Authorization") == "Bearer tok-123"
        client.close()
        assert client._httpx_client.is_closed


@pytest.mark.parametrize("group", ["client", "core", "errors", "types", "token"])
def test_group_named_like_a_module_of_the_sdk(tmp_path, group, echo_server) -> None:
    """x-fern-sdk-group-name on an operation and a schema: the group gets a package
    of its own beside client.py, core/, errors/ and types/, and both still work."""
    from tests.support.echo_server import Reply

    doc = minimal_spec()
    thing_operation(doc)["x-fern-sdk-group-name"] = group
    thing_schema(doc)["x-fern-sdk-group-name"] = group
    package = unique_package("group")
    generated = generate_doc(tmp_path, doc, package)
    resource = generated.api.resources[0]
    assert resource.module not in ("client", "core", "errors", "types")
    assert {m.module.split(".")[0] for m in generated.api.models} == {resource.module}
    echo_server.routes[("GET", "/things/g-1")] = Reply.json({"id": "g-1"})
    with imported_sdk(tmp_path / "out", generated.files, package) as sdk:
        assert sdk.Client.__module__ == f"{package}.client"
        assert sys.modules[f"{package}.core.api_error"].ApiError is sdk.ApiError
        client = sdk.Client(token="t", base_url=echo_server.base_url, max_retries=0)
        assert isinstance(getattr(client, resource.name).get_thing("g-1"), sdk.Thing)
        assert echo_server.requests[-1].header("Authorization") in (None, "Bearer t")


@pytest.mark.parametrize(
    "name",
    ["token", "api_key", "base_url", "headers", "timeout", "max_retries", "httpx_client", "self", "super"],
)
def test_global_header_named_like_a_client_argument(tmp_path, name, echo_server) -> None:
    from tests.support.echo_server import Reply

    doc = minimal_spec(**{"x-fern-global-headers": [{"header": "X-Custom", "name": name}]})
    package = unique_package("gh")
    generated = generate_doc(tmp_path, doc, package)
    parse_all(generated.files)
    header = generated.api.global_headers[0]
    echo_server.routes[("GET", "/things/t-2")] = Reply.json({"id": "t-2"})
    with imported_sdk(tmp_path / "out", generated.files, package) as sdk:
        client = sdk.Client(base_url=echo_server.base_url, max_retries=0, **{header.name: "custom-value"})
        client.things.get_thing("t-2")
    assert echo_server.requests[-1].header("X-Custom") == "custom-value"


@pytest.mark.parametrize(
    "name",
    ["timeout", "poll_interval", "on_progress", "wait_until", "async_wait_until", "request_options"],
)
def test_waiter_with_parameters_named_like_its_own_arguments(tmp_path, name, echo_server) -> None:
    from tests.support.echo_server import Reply

    doc = minimal_spec()
    item = doc["paths"].pop("/things/{thing_id}")
    item["get"]["parameters"][0]["name"] = name
    item["get"]["x-sdkforge-waiter"] = {"status": "status", "terminal": ["done"]}
    doc["paths"]["/things/{" + name + "}"] = item
    thing_schema(doc)["properties"]["status"] = {"type": "string"}
    package = unique_package("waiter")
    generated = generate_doc(tmp_path, doc, package)
    parse_all(generated.files)
    echo_server.routes[("GET", "/things/w-1")] = Reply.json({"id": "w-1", "status": "done"})
    with imported_sdk(tmp_path / "out", generated.files, package) as sdk:
        client = sdk.Client(base_url=echo_server.base_url, max_retries=0)
        op = generated.api.resources[0].operations[0]
        result = getattr(client.things, op.waiter.method_name)("w-1", poll_interval=0.01)
        assert result.status == "done"


# --- package names and the output directory -----------------------------------------------


@pytest.mark.parametrize(
    "package",
    [
        "../../evil",
        "/abs/evil",
        "a/b",
        "a\\b",
        "",
        "class",
        "None",
        "ok.class",
        "with-dash",
        "1abc",
        "a..b",
        "a.",
        ".a",
        "x" * 300,
    ],
    ids=lambda p: p[:20],
)
def test_package_name_that_is_not_an_identifier_is_refused(tmp_path, package) -> None:
    """--package must be a dotted Python identifier: anything else is refused with
    exit 2 before a file is written (run where no configuration file applies)."""
    work = tmp_path / "work"
    work.mkdir()
    out = work / "out"
    result = run_cli(
        ["generate", "--spec", str(PETSTORE), "--output", str(out), "--package", package, "--formatter", "none"],
        cwd=work,
    )
    assert_clean_failure(result)
    leftovers = [p for p in tmp_path.rglob("*") if p != work] + list(tmp_path.parent.glob("evil*"))
    assert not leftovers, f"files written for a refused package: {leftovers[:5]}"


def test_dotted_package_name_lands_inside_the_output(tmp_path) -> None:
    out = tmp_path / "out"
    result = run_cli(
        ["generate", "--spec", str(PETSTORE), "--output", str(out), "--package", "acme.sdk", "--formatter", "none"]
    )
    assert result.returncode == 0, describe(result)
    for path in tmp_path.rglob("*"):
        assert path.resolve().is_relative_to(out.resolve())


def test_symlinked_directory_in_the_output_cannot_redirect_writes(tmp_path) -> None:
    out = tmp_path / "out"
    elsewhere = tmp_path / "elsewhere"
    (out / "petsdk").mkdir(parents=True)
    elsewhere.mkdir()
    os.symlink(elsewhere, out / "petsdk" / "types")
    result = run_cli(
        ["generate", "--spec", str(PETSTORE), "--output", str(out), "--package", "petsdk", "--formatter", "none"]
    )
    assert result.returncode in (0, 2), describe(result)
    if result.returncode == 2:
        assert_clean_failure(result)
    assert list(elsewhere.iterdir()) == [], "files were written through the symlink, outside the output directory"


def test_symlinked_file_in_the_output_is_replaced_not_followed(tmp_path) -> None:
    out = tmp_path / "out"
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    out.mkdir()
    os.symlink(victim, out / "README.md")
    result = run_cli(
        ["generate", "--spec", str(PETSTORE), "--output", str(out), "--package", "petsdk", "--formatter", "none"]
    )
    assert result.returncode in (0, 2), describe(result)
    assert victim.read_text() == "precious"


def test_no_field_shadows_a_base_model_attribute(tmp_path) -> None:
    """A property named after every public attribute of pydantic.BaseModel: the
    model imports without a shadowing warning and every BaseModel method still works."""
    import warnings

    import pydantic

    names = [n for n in dir(pydantic.BaseModel) if not n.startswith("_")]
    doc = minimal_spec()
    for name in names:
        thing_schema(doc)["properties"][name] = {"type": "string"}
    package = unique_package("basemodel")
    generated = generate_doc(tmp_path, doc, package)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with imported_sdk(tmp_path / "out", generated.files, package) as sdk:
            sample = {"id": "x", **{name: f"v-{name}" for name in names}}
            model = sdk.Thing.model_validate(sample)
            assert model.model_dump(mode="json", by_alias=True, exclude_unset=True) == sample
            kept = sorted(set(names) & set(sdk.Thing.model_fields))
            assert not kept, f"fields named like BaseModel attributes: {kept}"
    shadowing = [str(w.message) for w in caught if "shadows an attribute" in str(w.message)]
    assert not shadowing, shadowing

"""Point 1 of the hostile-input issue: injection.

Spec text (descriptions, titles, examples, enum values, defaults, names, server
URLs, extension values) full of quotes, backslashes, Jinja delimiters, control
characters, unicode line separators and Python code must come out as code that
parses, holds the text only as escaped data or docstrings, and runs nothing:
importing every generated module and calling a method against a local server
must not execute a single line the spec wrote.

Every payload that "runs" would touch the file named by $HOSTILE_SENTINEL (or
call ``os.system``); the tests check that neither happened.
"""

from __future__ import annotations

import ast
import inspect
import math
import os
import re
import sys
import typing
from pathlib import Path
from typing import Any, Callable, Optional

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.errors import SpecError
from generator.literals import docstring, pyliteral, pystr

from .conftest import (
    REPO_ROOT,
    generate_doc,
    imported_sdk,
    minimal_spec,
    parse_all,
    render_doc,
    thing_operation,
    thing_schema,
    unique_package,
)

# --- payloads ------------------------------------------------------------------------

_RUN = '__import__("os").system("touch $HOSTILE_SENTINEL")'
CODE_PAYLOADS = {
    "close-call": '"); import os; os.system("touch $HOSTILE_SENTINEL")#',
    "close-call-single": "'); import os; os.system('touch $HOSTILE_SENTINEL')#",
    "concat-double": f'" + str({_RUN}) + "',
    "concat-single": f"' + str({_RUN}) + '",
    "close-docstring": f'"""\n{_RUN}\n"""',
    "close-docstring-indented": f'"""\n    {_RUN}\n    """',
    "close-single-docstring": f"'''\n{_RUN}\n'''",
    "backslash-then-docstring": '\\"""' + f"; {_RUN}; " + '"""',
    "newline-statement": f"\n{_RUN}\n",
    "crlf-statement": f"\r\n{_RUN}\r\n",
    "line-separator-statement": f"\u2028{_RUN}\u2029",
    "jinja-expression": "{{ " + _RUN + " }}{{ 7*7 }}",
    "jinja-statement": "{% if true %}" + _RUN + "{% endif %}{% raw %}",
    "fstring-braces": "{__import__('os').system('touch $HOSTILE_SENTINEL')}",
}
TEXT_PAYLOADS = {
    "triple-double": '"""',
    "triple-single": "'''",
    "trailing-quote": 'ends with a quote"',
    "trailing-backslash": "ends with a backslash\\",
    "escaped-triple": 'x\\"""',
    "nul-and-controls": "a\x00b\x01c\x07d\x08e\x0bf\x0cg\x1bh\x7f",
    "unicode-separators": "a\u2028b\u2029c\x85d",
    "crlf": "one\r\ntwo\rthree",
    "quote-then-control": 'a"\x00',
    "quote-then-tab": 'a"\t',
    "only-backslashes": "\\\\\\",
    "non-ascii": "Grüße — 日本語 🙂",
}
ALL_PAYLOADS = {**CODE_PAYLOADS, **TEXT_PAYLOADS}
COMBINED = "".join(ALL_PAYLOADS.values())


@pytest.fixture
def sentinel(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[[], list[str]]:
    """Returns a checker listing whatever spec code ran (a file appeared, os.system called)."""
    target = tmp_path / "SENTINEL-code-from-the-spec-ran"
    monkeypatch.setenv("HOSTILE_SENTINEL", str(target))
    calls: list[str] = []
    real_system = os.system

    def recording_system(command: str) -> int:
        calls.append(command)
        return real_system(command)

    monkeypatch.setattr(os, "system", recording_system)

    def ran() -> list[str]:
        return calls + ([f"{target} exists"] if target.exists() else [])

    return ran


# --- where text can be put ------------------------------------------------------------

Place = Callable[[dict, str], None]


def _info(key: str) -> Place:
    def put(doc: dict, text: str) -> None:
        doc["info"][key] = text

    return put


def _schema(key: str) -> Place:
    def put(doc: dict, text: str) -> None:
        thing_schema(doc)[key] = text

    return put


def _prop(key: str, **extra: Any) -> Place:
    def put(doc: dict, text: str) -> None:
        thing_schema(doc)["properties"]["label"] = {"type": "string", **extra, key: text}

    return put


def _enum_value(doc: dict, text: str) -> None:
    thing_schema(doc)["properties"]["kind"] = {"type": "string", "enum": ["plain", text]}


def _enum_component(doc: dict, text: str) -> None:
    doc["components"]["schemas"]["Kind"] = {"type": "string", "enum": [text, "plain"], "description": text}
    thing_schema(doc)["properties"]["kind"] = {"$ref": "#/components/schemas/Kind"}


def _const(doc: dict, text: str) -> None:
    doc["openapi"] = "3.1.0"
    thing_schema(doc)["properties"]["fixed"] = {"const": text}


def _const_in_signature(doc: dict, text: str) -> None:
    """A const in a response and a parameter schema: its Literal[...] annotation
    appears in the method signature and in the docstring."""
    doc["openapi"] = "3.1.0"
    op = thing_operation(doc)
    op["parameters"].append({"name": "mode", "in": "query", "schema": {"const": text}})
    op["responses"]["200"]["content"]["application/json"]["schema"] = {"const": text}


def _operation(key: str) -> Place:
    def put(doc: dict, text: str) -> None:
        thing_operation(doc)[key] = text

    return put


def _parameter_description(doc: dict, text: str) -> None:
    thing_operation(doc)["parameters"][0]["description"] = text


def _parameter_name(location: str) -> Place:
    def put(doc: dict, text: str) -> None:
        thing_operation(doc)["parameters"].append(
            {"name": text, "in": location, "required": location == "header", "schema": {"type": "string"}}
        )

    return put


def _path_parameter_name(doc: dict, text: str) -> None:
    # The placeholder has to match the declared name; braces and slashes cannot
    # appear inside one, so those are dropped from the placeholder text.
    name = re.sub(r"[{}/]", "", text) or "x"
    item = doc["paths"].pop("/things/{thing_id}")
    item["get"]["parameters"][0]["name"] = name
    doc["paths"]["/things/{" + name + "}"] = item


def _route_literal(doc: dict, text: str) -> None:
    literal = re.sub(r"[{}/?#]", "", text)
    item = doc["paths"].pop("/things/{thing_id}")
    doc["paths"]["/things/" + literal + "/{thing_id}"] = item


def _response_description(doc: dict, text: str) -> None:
    thing_operation(doc)["responses"]["200"]["description"] = text


def _error_description(doc: dict, text: str) -> None:
    thing_operation(doc)["responses"]["404"] = {"description": text}


def _request_body(doc: dict, text: str) -> None:
    doc["paths"]["/things"] = {
        "post": {
            "operationId": "createThing",
            "tags": ["things"],
            "requestBody": {
                "description": text,
                "required": True,
                "content": {
                    "application/json": {
                        "schema": {
                            "type": "object",
                            "description": text,
                            "properties": {
                                text: {"type": "string", "description": text, "default": text},
                                "note": {"type": "string", "example": text},
                            },
                        }
                    }
                },
            },
            "responses": {"204": {"description": text}},
        }
    }


def _content_type(doc: dict, text: str) -> None:
    doc["paths"]["/upload"] = {
        "post": {
            "operationId": "upload",
            "tags": ["things"],
            "requestBody": {"content": {"application/x-" + text: {"schema": {"type": "string", "format": "binary"}}}},
            "responses": {"204": {"description": "done"}},
        }
    }


def _property_name(doc: dict, text: str) -> None:
    thing_schema(doc)["properties"][text] = {"type": "string", "description": text}


def _schema_name(doc: dict, text: str) -> None:
    doc["components"]["schemas"][text] = {"type": "object", "description": text, "properties": {"a": {"type": "string"}}}
    pointer = text.replace("~", "~0").replace("/", "~1")
    thing_schema(doc)["properties"]["other"] = {"$ref": "#/components/schemas/" + pointer}


def _tag(doc: dict, text: str) -> None:
    thing_operation(doc)["tags"] = [text]
    doc["tags"] = [{"name": text, "description": text}]


def _operation_id(doc: dict, text: str) -> None:
    thing_operation(doc)["operationId"] = text


def _fern_method_name(doc: dict, text: str) -> None:
    thing_operation(doc)["x-fern-sdk-method-name"] = text
    thing_operation(doc)["x-fern-sdk-group-name"] = text


def _server_url(doc: dict, text: str) -> None:
    doc["servers"] = [{"url": "https://api.example.com/" + text, "description": text}]


def _bearer_env(doc: dict, text: str) -> None:
    doc["components"]["securitySchemes"] = {
        "bearer": {"type": "http", "scheme": "bearer", "x-fern-bearer": {"env": "HOSTILE_TOKEN" + text}}
    }
    doc["security"] = [{"bearer": []}]


def _security_scheme_name(doc: dict, text: str) -> None:
    doc["components"]["securitySchemes"] = {text: {"type": "http", "scheme": "bearer", "description": text}}
    doc["security"] = [{text: []}]


def _global_header(doc: dict, text: str) -> None:
    doc["x-fern-global-headers"] = [{"header": "X-" + text, "name": text, "description": text}]


def _discriminator(doc: dict, text: str) -> None:
    schemas = doc["components"]["schemas"]
    schemas["Cat"] = {"type": "object", "required": ["pet_type"], "properties": {"pet_type": {"type": "string"}}}
    schemas["Dog"] = {"type": "object", "required": ["pet_type"], "properties": {"pet_type": {"type": "string"}}}
    schemas["Pet"] = {
        "oneOf": [{"$ref": "#/components/schemas/Cat"}, {"$ref": "#/components/schemas/Dog"}],
        "discriminator": {
            "propertyName": "pet_type",
            "mapping": {text: "#/components/schemas/Cat", "dog": "#/components/schemas/Dog"},
        },
    }
    thing_schema(doc)["properties"]["pet"] = {"$ref": "#/components/schemas/Pet"}


def _discriminator_property(doc: dict, text: str) -> None:
    schemas = doc["components"]["schemas"]
    schemas["Cat"] = {"type": "object", "properties": {text: {"type": "string"}}}
    schemas["Dog"] = {"type": "object", "properties": {text: {"type": "string"}}}
    schemas["Pet"] = {
        "oneOf": [{"$ref": "#/components/schemas/Cat"}, {"$ref": "#/components/schemas/Dog"}],
        "discriminator": {"propertyName": text},
    }
    thing_schema(doc)["properties"]["pet"] = {"$ref": "#/components/schemas/Pet"}


def _waiter(doc: dict, text: str) -> None:
    thing_schema(doc)["properties"]["status"] = {"type": "string"}
    thing_operation(doc)["x-sdkforge-waiter"] = {"status": "status", "terminal": [text, "done"], "name": text}


def _pagination(doc: dict, text: str) -> None:
    doc["paths"]["/things"] = {
        "get": {
            "operationId": "listThings",
            "tags": ["things"],
            "parameters": [{"name": "cursor", "in": "query", "schema": {"type": "string"}}],
            "x-sdkforge-pagination": {"cursor": "cursor", "next_cursor": "next", "items": "items", "method": text},
            "responses": {
                "200": {
                    "description": "ok",
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "properties": {
                                    "next": {"type": "string"},
                                    "items": {"type": "array", "items": {"type": "string"}},
                                },
                            }
                        }
                    },
                }
            },
        }
    }


def _example_values(doc: dict, text: str) -> None:
    thing_schema(doc)["example"] = {"id": text}
    thing_schema(doc)["properties"]["id"]["example"] = text
    thing_operation(doc)["parameters"][0]["example"] = text
    thing_operation(doc)["responses"]["200"]["content"]["application/json"]["example"] = {"id": text}


def _vendor_extension(doc: dict, text: str) -> None:
    doc["x-" + text] = {text: text}
    thing_schema(doc)["x-anything"] = text


# (place, may the generator refuse this text with a located SpecError instead?)
PLACES: dict[str, tuple[Place, bool]] = {
    "info.title": (_info("title"), False),
    "info.description": (_info("description"), False),
    "info.version": (_info("version"), False),
    "schema.description": (_schema("description"), False),
    "schema.title": (_schema("title"), False),
    "property.description": (_prop("description"), False),
    "property.title": (_prop("title"), False),
    "property.default": (_prop("default"), False),
    "property.example": (_prop("example"), False),
    "enum.value": (_enum_value, False),
    "enum.component": (_enum_component, False),
    "const": (_const, False),
    "const.signature": (_const_in_signature, False),
    "operation.summary": (_operation("summary"), False),
    "operation.description": (_operation("description"), False),
    "parameter.description": (_parameter_description, False),
    "parameter.name.query": (_parameter_name("query"), False),
    "parameter.name.header": (_parameter_name("header"), False),
    "parameter.name.cookie": (_parameter_name("cookie"), False),
    "parameter.name.path": (_path_parameter_name, True),
    "path.literal": (_route_literal, True),
    "response.description": (_response_description, False),
    "error.description": (_error_description, False),
    "request-body": (_request_body, False),
    "content-type": (_content_type, True),
    "property.name": (_property_name, False),
    "schema.name": (_schema_name, False),
    "tag": (_tag, False),
    "operationId": (_operation_id, False),
    "x-fern-sdk-method/group-name": (_fern_method_name, False),
    "servers.url": (_server_url, True),
    "x-fern-bearer.env": (_bearer_env, True),
    "securityScheme.name": (_security_scheme_name, False),
    "x-fern-global-headers": (_global_header, True),
    "discriminator.mapping": (_discriminator, False),
    "discriminator.propertyName": (_discriminator_property, False),
    "x-sdkforge-waiter": (_waiter, True),
    "x-sdkforge-pagination.method": (_pagination, True),
    "examples": (_example_values, False),
    "vendor-extension": (_vendor_extension, False),
}

# Spec names become identifiers and file names; a 1,500-character name is a
# length problem (tested in test_names), so name-like places get a compact payload
# that still closes strings, starts code and carries every special character.
NAME_PLACES = {
    "parameter.name.query",
    "parameter.name.header",
    "parameter.name.cookie",
    "parameter.name.path",
    "path.literal",
    "content-type",
    "property.name",
    "schema.name",
    "tag",
    "operationId",
    "x-fern-sdk-method/group-name",
    "securityScheme.name",
    "x-fern-global-headers",
    "discriminator.propertyName",
    "x-sdkforge-pagination.method",
    "vendor-extension",
}
COMPACT = '"); import os; os.system("touch $HOSTILE_SENTINEL")# """ \'\'\' \\ {{x}} {%x%} \x00\u2028\r\n'


def _payload_for(place: str) -> str:
    return COMPACT if place in NAME_PLACES else COMBINED


KNOWN_BROKEN_COMBINED: dict[str, str] = {}
KNOWN_BROKEN_ALONE: dict[str, str] = {}


def _injected(place: str, text: str) -> dict:
    doc = minimal_spec()
    put, _ = PLACES[place]
    put(doc, text)
    return doc


def _generate_or_refusal(tmp_path: Path, place: str, text: str, package: str, *, fast: bool = False) -> Optional[Any]:
    """The generated files (``fast``: rendered without validator and formatter), or
    None when the generator refused with a located error (allowed only for places
    marked so)."""
    doc = _injected(place, text)
    try:
        if fast:
            return render_doc(tmp_path, doc, package)
        return generate_doc(tmp_path, doc, package).files
    except SpecError as exc:
        _, may_refuse = PLACES[place]
        assert may_refuse, f"{place}: the generator refused ordinary text: {exc}"
        assert exc.location is not None, f"{place}: refusal without a location: {exc}"
        return None


def _place_params(known_broken: dict[str, str]) -> list[Any]:
    return [
        pytest.param(place, marks=pytest.mark.xfail(strict=True, reason=known_broken[place]))
        if place in known_broken
        else place
        for place in PLACES
    ]


def _exercise(sdk: Any, server_url: str) -> None:
    """Construct both clients and call every method of every resource once."""
    import asyncio

    client_kwargs: dict[str, Any] = {"token": "t0ken", "base_url": server_url, "max_retries": 0}
    for client_class in (sdk.Client, sdk.AsyncClient):
        signature = inspect.signature(client_class)
        kwargs = {k: v for k, v in client_kwargs.items() if k in signature.parameters}
        client = client_class(**kwargs)
        repr(client)
        for resource_name in [n for n in dir(client) if not n.startswith("_")]:
            resource = getattr(client, resource_name)
            if not hasattr(resource, "with_raw_response"):
                continue
            for method_name, method in inspect.getmembers(resource, inspect.ismethod):
                if method_name.startswith("_"):
                    continue
                _call_with_dummies(method, asyncio)


def _call_with_dummies(method: Callable[..., Any], asyncio: Any) -> None:
    args, kwargs = [], {}
    for parameter in inspect.signature(method).parameters.values():
        if parameter.default is not inspect.Parameter.empty:
            continue
        value = "x"
        if parameter.kind is inspect.Parameter.KEYWORD_ONLY:
            kwargs[parameter.name] = value
        elif parameter.kind in (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD):
            args.append(value)
    try:
        result = method(*args, **kwargs)
        if inspect.isawaitable(result):
            asyncio.run(result)
        elif inspect.isgenerator(result) or hasattr(result, "__next__"):
            next(iter(result), None)
    except Exception:
        # The echo server answers 404 or junk; errors are expected. What matters
        # is that no spec text ran while building and sending the request.
        pass


@pytest.fixture(scope="module")
def echo_server():
    from tests.support.echo_server import EchoServer

    server = EchoServer()
    yield server
    server.close()


@pytest.mark.parametrize("place", _place_params(KNOWN_BROKEN_COMBINED))
def test_combined_payload_parses_imports_and_runs_nothing(tmp_path, place, sentinel, echo_server) -> None:
    """Every hostile piece at once in one place: the code parses, importing every
    module and calling every method runs none of it."""
    package = unique_package("inj")
    files = _generate_or_refusal(tmp_path, place, _payload_for(place), package)
    if files is None:
        return
    parse_all(files)
    with imported_sdk(tmp_path / "out", files, package) as sdk:
        assert not sentinel(), f"{place}: spec code ran on import: {sentinel()}"
        _exercise(sdk, echo_server.base_url)
        try:  # no token and no environment variable: the error path, with its message
            sdk.Client(base_url=echo_server.base_url)
        except Exception:
            pass
    assert not sentinel(), f"{place}: spec code ran while calling the SDK: {sentinel()}"


@pytest.mark.parametrize("place", _place_params(KNOWN_BROKEN_ALONE))
def test_each_payload_alone_gives_code_that_parses(tmp_path, place) -> None:
    """Each payload on its own (edge effects such as a quote at the very end only
    show alone): every generated module parses, and every file is UTF-8."""
    failures = []
    for label, text in ALL_PAYLOADS.items():
        directory = tmp_path / re.sub(r"\W", "_", label)
        directory.mkdir()
        try:
            files = _generate_or_refusal(directory, place, text, "inj_pkg", fast=True)
            if files is None:
                continue
            parse_all(files)
            for content in files.values():
                content.encode("utf-8")
        except Exception as exc:  # noqa: BLE001 - collected and reported together
            failures.append(f"{label}: {type(exc).__name__}: {str(exc)[:300]}")
    assert not failures, f"{place}:\n" + "\n".join(failures)


# --- data stays data ----------------------------------------------------------------------


def test_texts_survive_as_exact_data(tmp_path, sentinel) -> None:
    """Enum values, defaults-free literals, wire names and the server URL reach the
    SDK unchanged: escaped, not altered."""
    hostile = [v for v in ALL_PAYLOADS.values()]
    doc = minimal_spec()
    doc["servers"] = [{"url": "https://api.example.com/v1/" + CODE_PAYLOADS["close-call"]}]
    thing_schema(doc)["properties"]["kind"] = {"type": "string", "enum": hostile}
    thing_schema(doc)["properties"]["odd"] = {"type": "string"}
    for index, text in enumerate(hostile):
        thing_schema(doc)["properties"][text] = {"type": "integer"}
    package = unique_package("data")
    generated = generate_doc(tmp_path, doc, package)
    parse_all(generated.files)
    with imported_sdk(tmp_path / "out", generated.files, package) as sdk:
        root_client = sys.modules[f"{package}.client"]
        assert root_client.DEFAULT_BASE_URL == "https://api.example.com/v1/" + CODE_PAYLOADS["close-call"]
        kind = sdk.Thing.model_fields["kind"].annotation
        literal_values = _literal_values(kind)
        assert literal_values == set(hostile)
        wire_names = {info.alias or name for name, info in sdk.Thing.model_fields.items()}
        assert set(hostile) <= wire_names
        sample = {"id": "x", **{text: i for i, text in enumerate(hostile)}, "kind": hostile[0]}
        dumped = sdk.Thing.model_validate(sample).model_dump(mode="json", by_alias=True, exclude_unset=True)
        assert dumped == sample
    assert not sentinel()


def _literal_values(annotation: Any) -> set[Any]:
    values: set[Any] = set()
    if typing.get_origin(annotation) is typing.Literal:
        return set(typing.get_args(annotation))
    for arg in typing.get_args(annotation):
        values |= _literal_values(arg)
    return values


def test_descriptions_become_docstrings_with_the_same_text(tmp_path) -> None:
    """A description full of quotes and backslashes is kept as the docstring text
    (control characters and separators may become spaces, CRLF a newline)."""
    text = 'Say """hi""" and \'\'\'bye\'\'\' \\ back\\slash {{ x }} {% y %} "); import os#'
    doc = minimal_spec()
    thing_schema(doc)["description"] = text
    package = unique_package("doc")
    generated = generate_doc(tmp_path, doc, package)
    parse_all(generated.files)
    with imported_sdk(tmp_path / "out", generated.files, package) as sdk:
        assert inspect.cleandoc(sdk.Thing.__doc__) == text


@pytest.mark.parametrize(
    "value",
    [
        math.inf,
        -math.inf,
        math.nan,
    ],
)
def test_non_finite_enum_values_do_not_break_the_module(tmp_path, value) -> None:
    """YAML has .inf and .nan; in a mixed enum they reach enum.py.jinja through
    pyliteral, which writes ``inf``/``nan`` (undefined names). Either a located
    error or a module that imports."""
    doc = minimal_spec()
    thing_schema(doc)["properties"]["level"] = {"enum": ["low", value]}
    package = unique_package("nonfinite")
    try:
        generated = generate_doc(tmp_path, doc, package)
    except SpecError as exc:
        assert exc.location is not None
        return
    parse_all(generated.files)
    with imported_sdk(tmp_path / "out", generated.files, package):
        pass


def test_lone_surrogate_from_json_spec_is_escaped(tmp_path) -> None:
    """JSON may carry a lone surrogate (\\ud800), which no UTF-8 file can hold; it
    must end up escaped (or refused with a location), never crash the writer."""
    doc = minimal_spec()
    thing_schema(doc)["description"] = "half a pair: \ud800 end"
    thing_schema(doc)["properties"]["kind"] = {"type": "string", "enum": ["\udfff"]}
    spec = tmp_path / "spec.json"
    import json

    spec.write_text(json.dumps(doc), encoding="utf-8")  # ensure_ascii: \\ud800 escapes
    try:
        generated = generate_doc(tmp_path, spec, "surrogates")
    except SpecError as exc:
        assert exc.location is not None
        return
    for path, text in generated.files.items():
        text.encode("utf-8")
    parse_all(generated.files)


# --- the escaping filters themselves ------------------------------------------------------

def _literal(source: str) -> Any:
    """``ast.literal_eval`` without the ast module (see conftest.parse_all): the
    source must compile to an expression that looks up no name at all."""
    code = compile(source, "<literal>", "eval", dont_inherit=True)
    assert code.co_names == (), f"not a literal: {source!r} uses {code.co_names}"
    return eval(code, {"__builtins__": {}}, {})  # noqa: S307 - name-free constant expression


_hostile_text = st.lists(
    st.one_of(
        st.sampled_from(list("\"'\\{}%#\n\r\t \x00\x0b\x0c\x1b\x7f\x85\u2028\u2029\ufeff") + ['"""', "'''", "{{", "{%", "\r\n"]),
        st.characters(),
    ),
    max_size=16,
).map("".join)


@settings(max_examples=1500, deadline=None, derandomize=True, database=None)
@given(_hostile_text)
def test_pystr_is_one_line_and_round_trips(text: str) -> None:
    literal = pystr(text)
    assert "\n" not in literal and "\r" not in literal
    assert _literal(literal) == text
    assert compile(f"x = {literal}", "<assign>", "exec", dont_inherit=True).co_names == ("x",)


@settings(max_examples=500, deadline=None, derandomize=True, database=None)
@given(st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False, allow_infinity=False), _hostile_text))
def test_pyliteral_round_trips_json_scalars(value: Any) -> None:
    assert _literal(pyliteral(value)) == value


_DOC_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u2028\u2029\x85]")


def _docstring_value(text: str) -> str:
    """What a docstring should read as: CR/CRLF → LF, control characters and
    separators → spaces, trailing spaces dropped, outer blank lines dropped."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _DOC_CONTROL.sub(" ", text)
    lines = [line.rstrip() for line in text.split("\n")]
    return "\n".join(lines).strip("\n")


@settings(max_examples=1500, deadline=None, derandomize=True, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(_hostile_text)
def test_docstring_filter_always_closes_and_keeps_the_text(text: str) -> None:
    """``\"\"\"`` + docstring(text) + ``\"\"\"`` parses, whatever the text, and reads as the text."""
    body = docstring(text)
    source = '"""' + body + '"""'
    value = _literal(source)
    assert value.strip("\n") == _docstring_value(text)
    indented = docstring(text, 8)
    assert isinstance(_literal('"""\n' + indented + '\n        """'), str)


# --- escaping by construction --------------------------------------------------------------

TEMPLATES = REPO_ROOT / "templates"
_ESCAPING_FILTER = re.compile(r"\|\s*(pystr|docstring|pyliteral|tojson)\s*(\([^)]*\))?\s*\)?\s*$")
# Expressions the IR guarantees to be identifiers, annotations or numbers.
_IR_IDENTIFIER = re.compile(
    r"^(?:[\w.]*\.)?(name|class_prefix|class_name|status|input_annotation|annotation|returns|result|item|prefix|"
    r"httpx_class|cursor_parameter|next_cursor_field|status_field|items_field|method_name|module|index|length)$"
)


def _string_context_expressions() -> list[str]:
    """``{{ expr }}`` inside a Python string or docstring in any template, unescaped."""
    found = []
    for template in sorted(TEMPLATES.glob("*.jinja")):
        in_docstring = False
        for number, line in enumerate(template.read_text(encoding="utf-8").splitlines(), 1):
            for match in re.finditer(r"\{\{(.*?)\}\}", line):
                before = line[: match.start()]
                expression = match.group(1).strip()
                quotes = before.count('"') - before.count('\\"')
                in_string = in_docstring or quotes % 2 == 1 or '"""' in before
                if not in_string or _ESCAPING_FILTER.search(expression):
                    continue
                if _IR_IDENTIFIER.match(expression) or re.fullmatch(r'"[^"]*"( if .* else "[^"]*")?', expression):
                    continue
                found.append(f"{template.name}:{number}: {{{{ {expression} }}}}")
            if line.count('"""') % 2 == 1:
                in_docstring = not in_docstring
    return found


def test_templates_escape_spec_text_by_construction() -> None:
    """Inside string literals and docstrings, template expressions are either IR
    identifiers/annotations or pass through pystr/pyliteral/docstring."""
    assert _string_context_expressions() == []


def test_no_ad_hoc_escaping_in_templates() -> None:
    """No quote or backslash ``replace`` in templates: escaping lives in the filters."""
    offenders = []
    for template in sorted(TEMPLATES.glob("*.jinja")):
        for number, line in enumerate(template.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(r"""replace\(\s*['"](\\\\|\\"|"|'|\\n)""", line):
                offenders.append(f"{template.name}:{number}: {line.strip()}")
    assert offenders == []


def test_every_generated_string_reaches_code_through_the_filters() -> None:
    """The filters module documents itself as the one place for escaping."""
    import generator.render as render

    environment = render.environment()
    for name in ("pystr", "pyliteral", "docstring"):
        assert name in environment.filters
    assert environment.autoescape is False  # Python is not HTML: escaping is explicit


def test_generated_python_has_no_exec_or_eval_of_spec_text(tmp_path) -> None:
    """No generated module calls exec/eval/compile/__import__/os.system."""
    doc = minimal_spec()
    _request_body(doc, "text")
    _waiter(doc, "done")
    generated = generate_doc(tmp_path, doc, "noexec")
    dangerous = {"exec", "eval", "compile", "__import__", "system", "popen", "spawn"}
    for path, text in parse_all(generated.files).items():
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.Call):
                func = node.func
                name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
                assert name not in dangerous, f"{path}:{node.lineno}: calls {name}"


def test_hostile_yaml_spec_through_the_cli_with_black(tmp_path, sentinel, echo_server) -> None:
    """specs/injection.yaml (YAML block scalars, escapes, NEL/LS/PS, Jinja, code in
    every text field) through the real command line with the default formatter:
    exit 0, every module parses, imports and runs nothing."""
    from .conftest import SPECS_DIR, module_names, run_cli

    out = tmp_path / "out"
    result = run_cli(
        ["generate", "--spec", str(SPECS_DIR / "injection.yaml"), "--output", str(out), "--package", "evil_yaml"],
        no_network=True,
    )
    assert result.returncode == 0, result.stderr
    assert "HOSTILE-TEST" not in result.stderr
    files = {
        str(path.relative_to(out)): path.read_text(encoding="utf-8")
        for path in out.rglob("*")
        if path.is_file() and not path.name.startswith(".")
    }
    parse_all(files)
    sys.path.insert(0, str(out))
    try:
        for name in module_names(out / "evil_yaml"):
            __import__(name)
        sdk = sys.modules["evil_yaml"]
        assert not sentinel(), sentinel()
        _exercise(sdk, echo_server.base_url)
    finally:
        sys.path.remove(str(out))
        for name in [n for n in sys.modules if n == "evil_yaml" or n.startswith("evil_yaml.")]:
            del sys.modules[name]
    assert not sentinel(), sentinel()

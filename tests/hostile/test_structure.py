"""Point 3 of the hostile-input issue: structure.

$ref cycles, 500-deep nesting, missing refs, refs into other local files
(allowed, relative to the spec), remote URL refs (refused with a clear error,
no network connection ever opened), YAML alias bombs, duplicate keys, a 50 MB
spec and malformed documents: each ends in a clear error or correct output, in
bounded memory and time, never a traceback: exit code 2 and a one-line
``sdkforge: error:`` message (``--debug`` shows the traceback).
"""

from __future__ import annotations

import http.server
import json
import resource
import subprocess
import threading
import time
from pathlib import Path
from typing import Any, Optional

import pytest
import yaml

from generator.errors import SpecError

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
    write_spec,
)

GIB = 1024**3


def _generate_cli(
    tmp_path: Path, spec: Path, *extra: str, timeout: float = 60, no_network: bool = False, memory_limit: Optional[int] = 2 * GIB
) -> tuple[subprocess.CompletedProcess[str], float]:
    started = time.monotonic()
    try:
        result = run_cli(
            ["generate", "--spec", str(spec), "--output", str(tmp_path / "out"), "--package", "structsdk", "--formatter", "none", *extra],
            timeout=timeout,
            no_network=no_network,
            memory_limit=memory_limit,
            cwd=tmp_path,
        )
    except subprocess.TimeoutExpired:
        raise AssertionError(f"the generator did not finish within {timeout} s") from None
    return result, time.monotonic() - started


def _assert_output_or_clean_error(tmp_path: Path, result: subprocess.CompletedProcess[str]) -> None:
    """Exit 0 with an SDK whose modules parse, or exit 2 with a clean message and
    nothing written (the output directory did not exist before)."""
    out = tmp_path / "out"
    if result.returncode == 0:
        files = {str(p.relative_to(out)): p.read_text(encoding="utf-8") for p in out.rglob("*.py")}
        assert files, describe(result)
        parse_all(files)
    else:
        assert_clean_failure(result)
        written = [str(p.relative_to(out)) for p in out.rglob("*") if p.is_file()] if out.exists() else []
        assert not written, f"a failed run left {len(written)} files behind, e.g. {written[:3]}"


# --- $ref cycles -------------------------------------------------------------------------


def _with_schemas(**schemas: Any) -> dict:
    doc = minimal_spec()
    doc["components"]["schemas"].update(schemas)
    for name in schemas:
        thing_schema(doc)["properties"][name.lower()] = {"$ref": f"#/components/schemas/{name}"}
    return doc


CYCLES = {
    "self-alias": _with_schemas(A={"$ref": "#/components/schemas/A"}),
    "two-alias": _with_schemas(A={"$ref": "#/components/schemas/B"}, B={"$ref": "#/components/schemas/A"}),
    "allOf-cycle": _with_schemas(
        A={"allOf": [{"$ref": "#/components/schemas/B"}, {"type": "object", "properties": {"a": {"type": "string"}}}]},
        B={"allOf": [{"$ref": "#/components/schemas/A"}, {"type": "object", "properties": {"b": {"type": "string"}}}]},
    ),
    "oneOf-cycle": _with_schemas(
        A={"oneOf": [{"$ref": "#/components/schemas/B"}, {"type": "string"}]},
        B={"oneOf": [{"$ref": "#/components/schemas/A"}, {"type": "integer"}]},
    ),
    "items-cycle": _with_schemas(A={"type": "array", "items": {"$ref": "#/components/schemas/A"}}),
    "items-cycle-two": _with_schemas(
        A={"type": "array", "items": {"$ref": "#/components/schemas/B"}},
        B={"type": "array", "items": {"$ref": "#/components/schemas/A"}},
    ),
    "additionalProperties-cycle": _with_schemas(
        A={"type": "object", "additionalProperties": {"$ref": "#/components/schemas/A"}}
    ),
}


def _parameter_cycle() -> dict:
    doc = minimal_spec()
    doc["components"]["parameters"] = {
        "P": {"$ref": "#/components/parameters/Q"},
        "Q": {"$ref": "#/components/parameters/P"},
    }
    thing_operation(doc)["parameters"].append({"$ref": "#/components/parameters/P"})
    return doc


def _response_cycle() -> dict:
    doc = minimal_spec()
    doc["components"]["responses"] = {"R": {"$ref": "#/components/responses/R"}}
    thing_operation(doc)["responses"]["404"] = {"$ref": "#/components/responses/R"}
    return doc


CYCLES["parameter-cycle"] = _parameter_cycle()
CYCLES["response-cycle"] = _response_cycle()


@pytest.mark.parametrize(
    "name",
    [
        n
        for n in CYCLES
    ],
)
def test_ref_cycles_end_in_output_or_a_clean_error(tmp_path, name, sdkforge) -> None:
    spec = write_spec(tmp_path, CYCLES[name], "spec.json")
    result = sdkforge("generate", "--spec", str(spec), "--output", str(tmp_path / "out"), "--package", "s", "--formatter", "none")
    _assert_output_or_clean_error(tmp_path, result)


def test_pure_alias_cycle_names_the_reference(tmp_path) -> None:
    spec = write_spec(tmp_path, CYCLES["two-alias"], "spec.yaml")
    result, _ = _generate_cli(tmp_path, spec)
    assert_clean_failure(result, "spec.yaml:", "#/components/schemas/", "cycle")


def test_recursive_models_round_trip(tmp_path) -> None:
    """A legitimate cycle through properties is correct output, not an error."""
    doc = _with_schemas(
        Node={
            "type": "object",
            "properties": {
                "value": {"type": "integer"},
                "children": {"type": "array", "items": {"$ref": "#/components/schemas/Node"}},
                "partner": {"$ref": "#/components/schemas/Other"},
            },
        },
        Other={"type": "object", "properties": {"back": {"$ref": "#/components/schemas/Node"}}},
    )
    package = unique_package("rec")
    generated = generate_doc(tmp_path, doc, package)
    with imported_sdk(tmp_path / "out", generated.files, package) as sdk:
        sample = {"value": 1, "children": [{"value": 2, "children": []}], "partner": {"back": {"value": 3}}}
        assert sdk.Node.model_validate(sample).model_dump(mode="json", exclude_unset=True) == sample


# --- deep nesting ---------------------------------------------------------------------------

DEPTH = 500


def _deep_text(kind: str, depth: int = DEPTH) -> str:
    """A JSON spec whose Thing.deep property nests ``depth`` levels, built as text
    (json.dumps itself would hit the recursion limit)."""
    shapes = {
        "array": ('{"type": "array", "items": ', "}", '{"type": "string"}'),
        "object": ('{"type": "object", "properties": {"n": ', "}}", '{"type": "string"}'),
        "allOf": ('{"allOf": [', "]}", '{"type": "object", "properties": {"x": {"type": "string"}}}'),
        "oneOf": ('{"oneOf": [{"type": "integer"}, ', "]}", '{"type": "string"}'),
        "map": ('{"type": "object", "additionalProperties": ', "}", '{"type": "string"}'),
        "not-a-schema": ('{"x-vendor": ', "}", "1"),
    }
    opening, closing, leaf = shapes[kind]
    deep = opening * depth + leaf + closing * depth
    doc = minimal_spec()
    thing_schema(doc)["properties"]["deep"] = "@@DEEP@@"
    return json.dumps(doc).replace('"@@DEEP@@"', deep)


_DEEP_KINDS = ["array", "object", "allOf", "oneOf", "map", "not-a-schema"]


@pytest.mark.parametrize("suffix", ["json", "yaml"])
@pytest.mark.parametrize("kind", _DEEP_KINDS)
def test_500_deep_nesting(tmp_path, kind, suffix) -> None:
    """A 500-level schema (JSON, and the same text read by the YAML loader)."""
    spec = tmp_path / f"deep.{suffix}"
    spec.write_text(_deep_text(kind), encoding="utf-8")
    result, _ = _generate_cli(tmp_path, spec, timeout=60)
    _assert_output_or_clean_error(tmp_path, result)


def test_generated_annotations_stay_under_the_parser_nesting_limit(tmp_path) -> None:
    """Python's parser refuses more than ~200 nested brackets; 150 nested arrays
    (which the generator handles) must still give code that parses."""
    spec = tmp_path / "deep.json"
    spec.write_text(_deep_text("array", 150), encoding="utf-8")
    result, _ = _generate_cli(tmp_path, spec, timeout=60)
    _assert_output_or_clean_error(tmp_path, result)


# --- missing and foreign references -------------------------------------------------------


def _missing(where: str) -> dict:
    doc = minimal_spec()
    ref = {"$ref": "#/components/schemas/DoesNotExist"}
    if where == "property":
        thing_schema(doc)["properties"]["gone"] = ref
    elif where == "parameter":
        thing_operation(doc)["parameters"].append({"$ref": "#/components/parameters/Nope"})
    elif where == "response":
        thing_operation(doc)["responses"]["404"] = {"$ref": "#/components/responses/Nope"}
    elif where == "requestBody":
        doc["paths"]["/things"] = {"post": {"operationId": "c", "requestBody": {"$ref": "#/components/requestBodies/Nope"}, "responses": {"204": {"description": "ok"}}}}
    elif where == "allOf":
        thing_schema(doc)["properties"]["gone"] = {"allOf": [ref, {"type": "object"}]}
    elif where == "escaped-pointer":
        thing_schema(doc)["properties"]["gone"] = {"$ref": "#/components/schemas/a~1b~0c"}
    elif where == "into-a-list":
        thing_schema(doc)["properties"]["gone"] = {"$ref": "#/paths/~1things~1{thing_id}/get/parameters/7"}
    elif where == "empty":
        thing_schema(doc)["properties"]["gone"] = {"$ref": ""}
    elif where == "not-a-string":
        thing_schema(doc)["properties"]["gone"] = {"$ref": {"nested": True}}
    return doc


@pytest.mark.parametrize(
    "where",
    ["property", "parameter", "response", "requestBody", "allOf", "escaped-pointer", "into-a-list", "empty", "not-a-string"],
)
def test_missing_refs_are_clean_located_errors(tmp_path, where, sdkforge) -> None:
    spec = write_spec(tmp_path, _missing(where), "spec.yaml")
    result = sdkforge("generate", "--spec", str(spec), "--output", str(tmp_path / "out"), "--package", "s", "--formatter", "none")
    assert_clean_failure(result, "spec.yaml:", "#/")
    assert not (tmp_path / "out").exists()


def test_debug_shows_the_traceback(tmp_path) -> None:
    spec = write_spec(tmp_path, _missing("property"), "spec.yaml")
    result, _ = _generate_cli(tmp_path, spec, "--debug")
    assert result.returncode != 0
    assert "Traceback" in result.stderr and "SpecError" in result.stderr


def test_refs_into_other_local_files_resolve_relative_to_the_spec(tmp_path) -> None:
    """``other.yaml#/...`` and ``sub/dir.yaml#/...`` next to the spec, generated
    from a different working directory."""
    api = tmp_path / "api"
    (api / "schemas").mkdir(parents=True)
    (api / "shared.yaml").write_text(
        yaml.safe_dump({"components": {"schemas": {"Owner": {"type": "object", "properties": {"name": {"type": "string"}}}}}})
    )
    (api / "schemas" / "tag.yaml").write_text(
        yaml.safe_dump({"type": "object", "properties": {"label": {"type": "string"}, "owner": {"$ref": "../shared.yaml#/components/schemas/Owner"}}})
    )
    doc = minimal_spec()
    thing_schema(doc)["properties"]["owner"] = {"$ref": "shared.yaml#/components/schemas/Owner"}
    thing_schema(doc)["properties"]["tag"] = {"$ref": "./schemas/tag.yaml"}
    spec = write_spec(api, doc, "openapi.yaml")
    elsewhere = tmp_path / "cwd"
    elsewhere.mkdir()
    result = run_cli(
        ["generate", "--spec", str(spec), "--output", str(tmp_path / "out"), "--package", "refsdk", "--formatter", "none"],
        cwd=elsewhere,
        no_network=True,
    )
    assert result.returncode == 0, describe(result)
    files = {str(p.relative_to(tmp_path / "out")): p.read_text() for p in (tmp_path / "out").rglob("*.py")}
    with imported_sdk(tmp_path / "out2", files, "refsdk") as sdk:
        sample = {"id": "t", "owner": {"name": "ann"}, "tag": {"label": "x", "owner": {"name": "bob"}}}
        assert sdk.Thing.model_validate(sample).model_dump(mode="json", exclude_unset=True) == sample


def test_missing_local_file_ref_is_a_clean_error(tmp_path) -> None:
    doc = minimal_spec()
    thing_schema(doc)["properties"]["owner"] = {"$ref": "nowhere.yaml#/components/schemas/Owner"}
    spec = write_spec(tmp_path, doc, "spec.yaml")
    result, _ = _generate_cli(tmp_path, spec)
    assert_clean_failure(result, "spec.yaml:", "nowhere.yaml")


def test_refs_inside_extensions_are_vendor_data_not_followed(tmp_path) -> None:
    """Fern's ``x-fern-examples`` code samples point at snippet files that
    need not exist; an ``x-`` key that is a property's name is still a schema."""
    (tmp_path / "shared.yaml").write_text(yaml.safe_dump({"type": "string"}))
    doc = minimal_spec()
    doc["paths"]["/things/{thing_id}"]["get"]["x-fern-examples"] = [{"code-samples": [{"code": {"$ref": "./snippets/missing.ts"}}]}]
    thing_schema(doc)["properties"]["x-rate"] = {"$ref": "shared.yaml"}
    spec = write_spec(tmp_path, doc, "spec.yaml")
    result, _ = _generate_cli(tmp_path, spec)
    assert result.returncode == 0, describe(result)
    model = next((tmp_path / "out").rglob("thing.py")).read_text()
    assert "x_rate" in model and "str" in model


class _RecordingServer:
    """A local HTTP server that serves a schema and records every request."""

    def __init__(self) -> None:
        self.requests: list[str] = []
        owner = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802
                owner.requests.append(self.path)
                body = b'{"type": "object", "properties": {"x": {"type": "string"}}}'
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: Any) -> None:
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def recording_server():
    server = _RecordingServer()
    yield server
    server.close()


REMOTE_REFS = {
    "http": "{url}/schema.json",
    "http-fragment": "{url}/spec.yaml#/components/schemas/Remote",
    "https": "https://schemas.example.invalid/remote.yaml#/Remote",
    "protocol-relative": "//schemas.example.invalid/remote.yaml",
    "file-url": "file:///etc/hostname",
}


@pytest.mark.parametrize("kind", list(REMOTE_REFS))
def test_remote_refs_are_refused_with_a_clear_error(tmp_path, kind, recording_server) -> None:
    doc = minimal_spec()
    thing_schema(doc)["properties"]["remote"] = {"$ref": REMOTE_REFS[kind].format(url=recording_server.url)}
    spec = write_spec(tmp_path, doc, "spec.yaml")
    result, _ = _generate_cli(tmp_path, spec)
    assert_clean_failure(result, "spec.yaml:", "#/components/schemas/Thing/properties/remote")
    assert not (tmp_path / "out").exists(), "files were written for a refused spec"


@pytest.mark.parametrize("command", ["generate", "validate", "check"])
@pytest.mark.parametrize(
    "kind",
    [
        "http",
        "http-fragment",
    ],
)
def test_the_generator_never_contacts_a_ref_url(tmp_path, kind, command, recording_server) -> None:
    """The local server at the ref's URL must receive nothing, and no socket may
    connect anywhere (connect/getaddrinfo are refused in the child)."""
    doc = minimal_spec()
    thing_schema(doc)["properties"]["remote"] = {"$ref": REMOTE_REFS[kind].format(url=recording_server.url)}
    spec = write_spec(tmp_path, doc, "spec.yaml")
    args = [command, str(spec)] if command == "validate" else [command, "--spec", str(spec), "--output", str(tmp_path / "out"), "--package", "netsdk", "--formatter", "none"]
    result = run_cli(args, cwd=tmp_path, timeout=60)
    assert recording_server.requests == [], f"the generator fetched {recording_server.requests} ({command})"
    result = run_cli(args, cwd=tmp_path, timeout=60, no_network=True)
    assert "HOSTILE-TEST: network access attempted" not in result.stderr, describe(result)
    assert result.returncode in (1, 2) and "Traceback" not in result.stderr, describe(result)


@pytest.mark.parametrize(
    "kind",
    ["https", "protocol-relative", "file-url"],
)
def test_unreachable_remote_refs_need_no_network(tmp_path, kind) -> None:
    """Refs to hosts that do not resolve: refused without even a name lookup."""
    doc = minimal_spec()
    thing_schema(doc)["properties"]["remote"] = {"$ref": REMOTE_REFS[kind]}
    spec = write_spec(tmp_path, doc, "spec.yaml")
    result, _ = _generate_cli(tmp_path, spec, no_network=True)
    assert_clean_failure(result, "#/components/schemas/Thing/properties/remote")
    assert "HOSTILE-TEST: network access attempted" not in result.stderr


# --- YAML-level attacks -------------------------------------------------------------------


def _alias_bomb(levels: int = 9, fan_out: int = 9) -> str:
    lines = [
        "openapi: 3.0.3",
        'info: {title: bomb, version: "1"}',
        "paths: {}",
        "x-bomb:",
        '  a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]',
    ]
    for level in range(1, levels + 1):
        lines.append(f"  a{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * fan_out) + "]")
    lines += [
        "components:",
        "  schemas:",
        "    Thing:",
        "      type: object",
        f"      x-payload: *a{levels}",
        "      properties:",
        f"        big: {{type: string, example: *a{levels}}}",
    ]
    return "\n".join(lines) + "\n"


def test_yaml_alias_bomb_is_bounded(tmp_path) -> None:
    spec = tmp_path / "bomb.yaml"
    spec.write_text(_alias_bomb(), encoding="utf-8")
    result, elapsed = _generate_cli(tmp_path, spec, timeout=20, memory_limit=2 * GIB)
    _assert_output_or_clean_error(tmp_path, result)
    assert elapsed < 20


def test_small_alias_use_is_fine(tmp_path) -> None:
    """Anchors and aliases are ordinary YAML: a shared schema used twice works."""
    text = """
openapi: 3.0.3
info: {title: aliases, version: "1"}
paths:
  /a:
    get:
      operationId: getA
      responses:
        "200": &ok
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Thing"}
  /b:
    get:
      operationId: getB
      responses:
        "200": *ok
components:
  schemas:
    Thing:
      type: object
      properties:
        id: &idtype {type: string}
        other: *idtype
"""
    generated = generate_doc(tmp_path, text, name="spec.yaml")
    parse_all(generated.files)


@pytest.mark.parametrize(
    "tag",
    [
        "!!python/object/apply:os.system ['touch {sentinel}']",
        "!!python/name:os.system",
        "!!python/object/new:subprocess.Popen [['touch', '{sentinel}']]",
        "!<tag:yaml.org,2002:python/object/apply:os.system> ['touch {sentinel}']",
    ],
)
def test_yaml_python_tags_are_refused_and_run_nothing(tmp_path, tag, sdkforge) -> None:
    sentinel = tmp_path / "SENTINEL"
    text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\nx-evil: " + tag.format(sentinel=sentinel) + "\n"
    spec = tmp_path / "spec.yaml"
    spec.write_text(text, encoding="utf-8")
    result = sdkforge("generate", "--spec", str(spec), "--output", str(tmp_path / "out"), "--package", "s", "--formatter", "none")
    assert_clean_failure(result, "spec.yaml")
    assert not sentinel.exists()


DUPLICATES = {
    "yaml-paths": """openapi: 3.0.3
info: {title: dup, version: "1"}
paths:
  /a:
    get:
      operationId: first
      responses: {"200": {description: ok}}
  /a:
    post:
      operationId: second
      responses: {"200": {description: ok}}
""",
    "yaml-properties": """openapi: 3.0.3
info: {title: dup, version: "1"}
paths: {}
components:
  schemas:
    Thing:
      type: object
      properties:
        x: {type: string}
        x: {type: integer}
""",
    "json-schemas": '{"openapi": "3.0.3", "info": {"title": "dup", "version": "1"}, "paths": {},'
    ' "components": {"schemas": {"A": {"type": "object", "properties": {"a": {"type": "string"}}},'
    ' "A": {"type": "object", "properties": {"b": {"type": "integer"}}}}}}',
}


@pytest.mark.parametrize("name", list(DUPLICATES))
def test_duplicate_keys_are_reported_with_their_line(tmp_path, name) -> None:
    """Either an error or a warning naming the duplicate key and its line; never silent."""
    suffix = ".json" if name.startswith("json") else ".yaml"
    spec = tmp_path / f"spec{suffix}"
    spec.write_text(DUPLICATES[name], encoding="utf-8")
    try:
        generated = generate_doc(tmp_path, spec)
    except SpecError as exc:
        assert exc.location is not None and exc.location.line is not None
        assert "duplicate" in str(exc).lower()
        return
    assert any("duplicate" in w.lower() for w in generated.warnings), generated.warnings


# --- malformed documents: never a traceback ---------------------------------------------------

MALFORMED: dict[str, tuple[str, bytes]] = {
    "empty": ("spec.yaml", b""),
    "only-comment": ("spec.yaml", b"# nothing\n"),
    "scalar": ("spec.yaml", b"42\n"),
    "list": ("spec.yaml", b"- openapi: 3.0.3\n"),
    "binary": ("spec.yaml", bytes(range(256)) * 4),
    "invalid-utf8": ("spec.yaml", b"openapi: 3.0.3\ninfo: {title: \"\xff\xfe\", version: '1'}\npaths: {}\n"),
    "utf16-bom": ("spec.yaml", "openapi: 3.0.3\n".encode("utf-16")),
    "bad-yaml": ("spec.yaml", b"openapi: 3.0.3\ninfo: [unclosed\n"),
    "tab-indent": ("spec.yaml", b"openapi: 3.0.3\ninfo:\n\ttitle: t\n"),
    "bad-json": ("spec.json", b'{"openapi": "3.0.3",'),
    "json-nan": ("spec.json", b'{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {}, "x": NaN}'),
    "swagger-2": ("spec.yaml", b"swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths: {}\n"),
    "openapi-number": ("spec.yaml", b"openapi: 3.1\ninfo: {title: t, version: '1'}\npaths: {}\n"),
    "openapi-4": ("spec.yaml", b"openapi: 4.0.0\ninfo: {title: t, version: '1'}\npaths: {}\n"),
    "paths-list": ("spec.yaml", b"openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: [1, 2]\n"),
    "path-item-scalar": ("spec.yaml", b"openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {/a: 3}\n"),
    "operation-list": ("spec.yaml", b"openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {/a: {get: [1]}}\n"),
    "parameters-mapping": (
        "spec.yaml",
        b"openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {/a: {get: {parameters: {a: 1}, responses: {'200': {description: ok}}}}}\n",
    ),
    "parameter-no-name": (
        "spec.yaml",
        b"openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {/a: {get: {parameters: [{in: query}], responses: {'200': {description: ok}}}}}\n",
    ),
    "responses-list": ("spec.yaml", b"openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {/a: {get: {responses: [1]}}}\n"),
    "schema-scalar": ("spec.yaml", b"openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents: {schemas: {A: 5, B: [1], C: null}}\n"),
    "components-list": ("spec.yaml", b"openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents: [1]\n"),
    "properties-list": (
        "spec.yaml",
        b"openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents: {schemas: {A: {type: object, properties: [a, b]}}}\n",
    ),
    "required-scalar": (
        "spec.yaml",
        b"openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents: {schemas: {A: {type: object, required: 5, properties: {a: {type: string}}}}}\n",
    ),
    "type-junk": (
        "spec.yaml",
        b"openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents: {schemas: {A: {type: object, properties: {a: {type: [7, null, {x: 1}]}}}}}\n",
    ),
    "enum-of-mappings": (
        "spec.yaml",
        b"openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents: {schemas: {A: {enum: [{a: 1}, [1], 2024-01-01]}}}\n",
    ),
    "status-codes-weird": (
        "spec.yaml",
        b"openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {/a: {get: {responses: {2XX: {description: ok}, 99999: {description: x}, null: {description: y}, true: {description: z}}}}}}\n",
    ),
    "timestamps": (
        "spec.yaml",
        b"openapi: 3.0.3\ninfo: {title: t, version: 2024-01-01}\npaths: {}\ncomponents: {schemas: {A: {type: string, default: 2024-01-01T00:00:00Z, example: 2024-01-01}}}\n",
    ),
    "huge-int": ("spec.yaml", b"openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents: {schemas: {A: {type: integer, enum: [" + b"9" * 5000 + b"]}}}\n"),
    "waiter-non-scalar-terminal": (
        "spec.yaml",
        b"""openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /a/{id}:
    get:
      operationId: getA
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      x-sdkforge-waiter: {status: status, terminal: [[1], {a: 1}, 2024-01-01]}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {type: object, properties: {status: {type: string}}}
""",
    ),
    "pagination-not-mapping": (
        "spec.yaml",
        b"openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {/a: {get: {x-sdkforge-pagination: [1], responses: {'200': {description: ok}}}}}\n",
    ),
    "global-headers-junk": ("spec.yaml", b"openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\nx-fern-global-headers: [1, {header: 5}, {header: X-A, name: [1]}]\n"),
    "bearer-env-junk": (
        "spec.yaml",
        b"openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents: {securitySchemes: {b: {type: http, scheme: bearer, x-fern-bearer: {env: {a: 1}}}}}\n",
    ),
    "servers-junk": ("spec.yaml", b"openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\nservers: [{url: 5}, 3]\n"),
    "info-missing": ("spec.yaml", b"openapi: 3.0.3\npaths: {}\n"),
    "info-string": ("spec.yaml", b"openapi: 3.0.3\ninfo: hello\npaths: {}\n"),
    "schemas-list": ("spec.yaml", b"openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents: {schemas: [1, a]}\n"),
    "required-of-lists": (
        "spec.yaml",
        b"openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents: {schemas: {A: {type: object, required: [[a]], properties: {a: {type: string}}}}}\n",
    ),
    "responses-string": ("spec.yaml", b"openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {/a: {get: {responses: '200'}}}\n"),
    "info-list": ("spec.yaml", b"openapi: 3.0.3\ninfo: [1]\npaths: {}\n"),
}

@pytest.mark.parametrize(
    "name",
    [
        n
        for n in MALFORMED
    ],
)
def test_malformed_documents_never_traceback(tmp_path, name, sdkforge) -> None:
    """In-process (the CLI's own exception handling, minus start-up time)."""
    file_name, content = MALFORMED[name]
    spec = tmp_path / file_name
    spec.write_bytes(content)
    result = sdkforge("generate", "--spec", str(spec), "--output", str(tmp_path / "out"), "--package", "structsdk", "--formatter", "none")
    _assert_output_or_clean_error(tmp_path, result)
    validate = sdkforge("validate", str(spec))
    assert validate.returncode in (0, 1, 2) and "Traceback" not in validate.stderr, describe(validate)
    assert "internal error" not in validate.stderr, describe(validate)


@pytest.mark.parametrize("what", ["missing", "directory"])
def test_unusable_spec_paths(tmp_path, what) -> None:
    spec = tmp_path / "nope.yaml"
    if what == "directory":
        spec.mkdir()
    result, _ = _generate_cli(tmp_path, spec)
    assert_clean_failure(result, "nope.yaml")


def test_a_spec_error_writes_nothing(tmp_path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("mine")
    spec = write_spec(tmp_path, _missing("property"), "spec.yaml")
    result, _ = _generate_cli(tmp_path, spec)
    assert_clean_failure(result)
    assert sorted(p.name for p in out.iterdir()) == ["keep.txt"]


# --- size ---------------------------------------------------------------------------------------------

FILLER = "lorem ipsum dolor sit amet, consectetur adipiscing elit; "


def big_spec_text(target_bytes: int, *, description_chars: int, paths: int = 2000, schemas_per_path: int = 500) -> str:
    """A valid spec of about ``target_bytes``: ``paths`` operations over ~50 tags
    referencing ``schemas_per_path`` schemas, then as many 12-property schemas
    (each property described by ``description_chars`` characters) as it takes."""
    filler = (FILLER * (description_chars // len(FILLER) + 1))[:description_chars]
    parts = [
        'openapi: 3.0.3\ninfo: {title: Big, version: "1"}\nservers: [{url: "https://api.example.com"}]\npaths:\n'
    ]
    size = len(parts[0])
    for i in range(paths):
        text = (
            f"  /r{i % 50}/items{i}/{{item_id}}:\n"
            f"    get:\n"
            f"      operationId: getItem{i}\n"
            f"      tags: [r{i % 50}]\n"
            f'      description: "{filler}"\n'
            f"      parameters:\n"
            f"        - {{name: item_id, in: path, required: true, schema: {{type: string}}}}\n"
            f"        - {{name: limit, in: query, schema: {{type: integer}}}}\n"
            f"      responses:\n"
            f'        "200":\n'
            f"          description: ok\n"
            f"          content:\n"
            f"            application/json:\n"
            f'              schema: {{$ref: "#/components/schemas/S{i % schemas_per_path}"}}\n'
        )
        parts.append(text)
        size += len(text)
    parts.append("components:\n  schemas:\n")
    index = 0
    while size < target_bytes or index < schemas_per_path:
        properties = "".join(
            f'        p{j}: {{type: {"string" if j % 2 else "integer"}, description: "{filler}"}}\n' for j in range(12)
        )
        text = f'    S{index}:\n      type: object\n      description: "{filler}"\n      properties:\n{properties}'
        parts.append(text)
        size += len(text)
        index += 1
    return "".join(parts)


def _peak_child_rss_bytes() -> int:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024


@pytest.mark.slow
def test_50_mb_spec_in_bounded_time_and_memory(tmp_path) -> None:
    """50 MB of YAML (2,000 operations, ~800 schemas with long descriptions):
    generated (formatter off) within 90 s and under 1.5 GB of memory."""
    spec = tmp_path / "big.yaml"
    spec.write_text(big_spec_text(50_000_000, description_chars=4000), encoding="utf-8")
    assert spec.stat().st_size >= 50_000_000
    result, elapsed = _generate_cli(tmp_path, spec, timeout=90, memory_limit=4 * GIB)
    assert result.returncode == 0, describe(result)
    assert elapsed < 90
    assert _peak_child_rss_bytes() < 1.5 * GIB
    client = (tmp_path / "out" / "structsdk" / "client.py").read_text()
    compile(client, "client.py", "exec")


@pytest.mark.slow
def test_schema_dense_10_mb_spec_in_bounded_time(tmp_path) -> None:
    """10 MB of many small schemas and operations in under 30 s (about 11 s here)."""
    spec = tmp_path / "dense.yaml"
    spec.write_text(big_spec_text(10_000_000, description_chars=200), encoding="utf-8")
    result, elapsed = _generate_cli(tmp_path, spec, timeout=30, memory_limit=4 * GIB)
    assert result.returncode == 0, describe(result)


@pytest.mark.parametrize(
    "spec",
    ["specs/cohere.yaml", "tests/fixtures/specs/kitchen_sink.yaml", "tests/hostile/specs/injection.yaml"],
)
def test_generating_opens_no_network_connection(tmp_path, spec) -> None:
    """The whole run (validator and black included) with every connect and name
    lookup refused: it must neither try nor need to."""
    result = run_cli(
        ["generate", "--spec", str(REPO_ROOT / spec), "--output", str(tmp_path / "out"), "--package", "offline_sdk"],
        cwd=tmp_path,
        no_network=True,
    )
    assert result.returncode == 0, describe(result)
    assert "HOSTILE-TEST: network access attempted" not in result.stderr

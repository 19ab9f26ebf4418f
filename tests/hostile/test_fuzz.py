"""Point 4 of the hostile-input issue: fuzzing with hypothesis.

Generated OpenAPI 3.0/3.1 documents, valid and nearly valid, with hostile
strings in names and descriptions. For each one the generator must either
refuse it with a ``SpecError`` that names a location, or emit code that parses
(every module), uses valid identifiers and keeps every file inside the output;
for every 20th accepted document the SDK is also written, imported, and a
sample payload round-trips through each of its plain object models.

More than 2,000 examples run (1,050 valid + 1,000 nearly valid) with a fixed
seed (``derandomize=True``), in about two minutes on two cores.

A failure of a class listed in ``KNOWN`` would be counted, not raised, so the
fuzz stays a net for *new* bugs while an old one waits for its fix; the list is
empty now, so every failure fails the run with the document that caused it.
"""

from __future__ import annotations

import itertools
import json
import keyword
import re
import sys
import traceback
from pathlib import Path, PurePosixPath
from typing import Any, Optional

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from generator.errors import SpecError

from .conftest import imported_sdk, python_files

VALID_EXAMPLES = int(__import__("os").environ.get("HOSTILE_FUZZ_VALID", 1050))
NEARLY_VALID_EXAMPLES = int(__import__("os").environ.get("HOSTILE_FUZZ_NEARLY", 1000))
IMPORT_EVERY = int(__import__("os").environ.get("HOSTILE_FUZZ_IMPORT_EVERY", 20))

FUZZ_SETTINGS = dict(
    # No shrinking: a failure is reported at once with its whole document (and
    # the known-bug signature it matched), instead of minutes of shrinking in CI.
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.filter_too_much,
        HealthCheck.function_scoped_fixture,
    ],
)

# --- strategies ---------------------------------------------------------------------------

HOSTILE_FRAGMENTS = [
    '"""', "'''", "\\", '"', "'", "{{", "}}", "{%", "%}", "\x00", "\x1b", "\u2028", "\u2029", "\x85",
    "\r\n", "\n", "\t", "#", "); import os; os.system('x')#", "../", "/", "ü", "日本", "🙂", " ",
]
_fragment = st.one_of(
    st.sampled_from(HOSTILE_FRAGMENTS),
    st.text(alphabet="abcXYZ019_-. ", min_size=1, max_size=6),
)
hostile_text = st.lists(_fragment, max_size=5).map("".join)

_NAMES = [
    "id", "name", "type", "class", "None", "self", "request", "typing", "os", "__init__", "", "_", "x-y", "a b",
    "Ünïcødé", "日本", "../../etc", "List", "Thing", "thing", "THING", "str", "int", "model_config", "json",
]
_IDENT = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_"
name_text = st.one_of(
    st.sampled_from(_NAMES),
    st.text(alphabet=_IDENT, min_size=1, max_size=9),
    st.lists(_fragment, max_size=3).map("".join),
)
_placeholder = name_text.map(lambda s: re.sub(r"[{}/?#]", "", s) or "p")

PRIMITIVES = ("string", "integer", "number", "boolean")
# Properties whose sample value is known: the round-trip subset.
PLAIN_PROPERTY = st.one_of(
    st.just({"type": "string"}),
    st.just({"type": "integer"}),
    st.just({"type": "boolean"}),
    hostile_text.map(lambda t: {"type": "string", "description": t}),
    st.lists(hostile_text, min_size=1, max_size=3, unique=True).map(lambda values: {"type": "string", "enum": values}),
)
STRING_FORMATS = (None, "date-time", "date", "uuid", "binary", "email", "byte")


@st.composite
def primitive_schema(draw, version: str) -> dict:
    kind = draw(st.sampled_from(PRIMITIVES))
    schema: dict[str, Any] = {"type": kind}
    if kind == "string":
        fmt = draw(st.sampled_from(STRING_FORMATS))
        if fmt:
            schema["format"] = fmt
        if draw(st.booleans()):
            values = draw(st.lists(hostile_text, min_size=1, max_size=4, unique=True))
            schema["enum"] = values
            schema.pop("format", None)
    elif kind == "integer" and draw(st.booleans()):
        schema["enum"] = draw(st.lists(st.integers(-5, 5), min_size=1, max_size=3, unique=True))
    elif kind == "boolean" and draw(st.integers(0, 5)) == 0:
        schema["enum"] = [True]
    if draw(st.integers(0, 3)) == 0:
        if version.startswith("3.1"):
            schema["type"] = [kind, "null"]
        else:
            schema["nullable"] = True
    if draw(st.booleans()):
        schema["description"] = draw(hostile_text)
    if draw(st.integers(0, 4)) == 0:
        schema["title"] = draw(hostile_text)
    if draw(st.integers(0, 4)) == 0 and "enum" not in schema:
        schema["default"] = {"string": "d", "integer": 1, "number": 1.5, "boolean": False}[kind]
    if version.startswith("3.1") and draw(st.integers(0, 8)) == 0 and kind == "string":
        schema = {"const": draw(hostile_text)}
    return schema


# Schemas are drawn once per version from module-level strategies (building
# strategies per example is what makes hypothesis slow); a ``$ref`` is drawn as
# an integer marker and bound to a component name afterwards (``_bind``).
def _composite_schema(children: st.SearchStrategy[dict]) -> st.SearchStrategy[dict]:
    obj = st.tuples(
        st.lists(name_text, min_size=1, max_size=5, unique=True),
        st.lists(children, min_size=5, max_size=5),
        st.lists(st.booleans(), min_size=5, max_size=5),
        st.one_of(st.none(), hostile_text),
    ).map(
        lambda t: {
            "type": "object",
            "properties": dict(zip(t[0], t[1])),
            **({"required": [n for n, r in zip(t[0], t[2]) if r]} if any(t[2][: len(t[0])]) else {}),
            **({"description": t[3]} if t[3] is not None else {}),
        }
    )
    return st.one_of(
        children.map(lambda c: {"type": "array", "items": c}),
        obj,
        obj,
        st.one_of(st.booleans(), children).map(lambda c: {"type": "object", "additionalProperties": c}),
        st.just({"type": "object"}),
        st.lists(children, min_size=1, max_size=3).map(lambda cs: {"allOf": cs}),
        st.tuples(st.sampled_from(("oneOf", "anyOf")), st.lists(children, min_size=1, max_size=3), st.one_of(st.none(), name_text)).map(
            lambda t: {t[0]: t[1], **({"discriminator": {"propertyName": t[2]}} if t[2] is not None else {})}
        ),
    )


def _schemas_for(version: str) -> st.SearchStrategy[dict]:
    leaf = st.one_of(primitive_schema(version), primitive_schema(version), st.integers(0, 7).map(lambda i: {"$ref": i}))
    return st.recursive(leaf, _composite_schema, max_leaves=8)


SCHEMAS = {version: _schemas_for(version) for version in ("3.0.3", "3.1.0")}


def _bind(node: Any, names: list[str]) -> Any:
    """Turn integer ``$ref`` markers into refs to ``names`` (a string schema when none)."""
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, int) and len(node) == 1:
            return {"$ref": "#/components/schemas/" + _pointer(names[ref % len(names)])} if names else {"type": "string"}
        return {key: _bind(value, names) for key, value in node.items()}
    if isinstance(node, list):
        return [_bind(item, names) for item in node]
    return node


def _pointer(name: str) -> str:
    return name.replace("~", "~0").replace("/", "~1")


@st.composite
def openapi_document(draw) -> dict:
    version = draw(st.sampled_from(("3.0.3", "3.1.0")))
    component_names = [n for n in draw(st.lists(name_text, min_size=0, max_size=4, unique=True)) if n]
    components: dict[str, Any] = {}
    for index, name in enumerate(component_names):
        earlier = component_names[:index]  # refs only backwards: no accidental pure-alias cycles
        components[name] = _bind(draw(SCHEMAS[version]), earlier)
    if draw(st.booleans()):
        # A plain object of primitives: the shape whose sample payload round-trips.
        names = draw(st.lists(name_text, min_size=1, max_size=5, unique=True))
        props = {n: draw(PLAIN_PROPERTY) for n in names}
        sample_name = "Sample" + str(len(component_names))
        components[sample_name] = {"type": "object", "properties": props}
        required = [n for n in names if draw(st.booleans())]
        if required:
            components[sample_name]["required"] = required
        component_names = component_names + [sample_name]
    schema = SCHEMAS[version].map(lambda drawn: _bind(drawn, component_names))
    paths: dict[str, Any] = {}
    for index in range(draw(st.integers(0, 2))):
        segment = draw(st.text(alphabet="abcdefghijklmnop_-", min_size=1, max_size=7))
        param_names = draw(st.lists(_placeholder, max_size=2, unique=True))
        route = f"/{segment}{index}" + "".join("/{" + p + "}" for p in param_names)
        operations = {}
        for method in draw(st.lists(st.sampled_from(("get", "post", "put", "delete", "patch")), min_size=1, max_size=2, unique=True)):
            parameters = [{"name": p, "in": "path", "required": True, "schema": {"type": "string"}} for p in param_names]
            for _ in range(draw(st.integers(0, 2))):
                parameters.append(
                    {
                        "name": draw(name_text) or "q",
                        "in": draw(st.sampled_from(("query", "header", "cookie"))),
                        "required": draw(st.booleans()),
                        "schema": draw(schema),
                        "description": draw(hostile_text),
                    }
                )
            unique_params = {(p["name"], p["in"]): p for p in parameters}
            operation: dict[str, Any] = {
                "parameters": list(unique_params.values()),
                "responses": {
                    "200": {"description": draw(hostile_text) or "ok", "content": {"application/json": {"schema": draw(schema)}}},
                    draw(st.sampled_from(("400", "404", "429", "500", "default"))): {"description": "error"},
                },
            }
            if draw(st.booleans()):
                operation["operationId"] = draw(name_text)
            if draw(st.booleans()):
                operation["tags"] = [draw(name_text)]
            if draw(st.booleans()):
                operation["summary"] = draw(hostile_text)
            if draw(st.booleans()):
                operation["description"] = draw(hostile_text)
            if method in ("post", "put", "patch") and draw(st.booleans()):
                content_type = draw(st.sampled_from(("application/json", "application/json", "application/x-www-form-urlencoded", "multipart/form-data", "text/plain", "application/octet-stream")))
                operation["requestBody"] = {"required": draw(st.booleans()), "content": {content_type: {"schema": draw(schema)}}}
            operations[method] = operation
        paths[route] = operations
    doc: dict[str, Any] = {
        "openapi": version,
        "info": {"title": draw(hostile_text) or "t", "version": "1", "description": draw(hostile_text)},
        "paths": paths,
    }
    if components:
        doc["components"] = {"schemas": components}
    if draw(st.booleans()):
        doc["servers"] = [{"url": "https://api.example.com/" + draw(st.text(alphabet="abc019/", max_size=8))}]
    if draw(st.integers(0, 4)) == 0:
        doc.setdefault("components", {})["securitySchemes"] = {
            "b": {"type": "http", "scheme": "bearer", "x-fern-bearer": {"env": draw(st.text(alphabet="ABCXYZ_", min_size=1, max_size=10))}}
        }
    return doc


# "Nearly valid": one structural mutation of a valid document.
_JUNK = st.one_of(st.none(), st.booleans(), st.integers(-3, 3), st.text(max_size=5), st.just([]), st.just({}), st.just([1, "a"]), st.just({"x": 1}))


def _all_paths(node: Any, prefix: tuple = ()) -> list[tuple]:
    found = [prefix]
    if isinstance(node, dict):
        for key, value in node.items():
            found += _all_paths(value, prefix + (key,))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _all_paths(value, prefix + (index,))
    return found


@st.composite
def nearly_valid_document(draw) -> dict:
    doc = draw(openapi_document())
    paths = [p for p in _all_paths(doc) if p]
    target = draw(st.sampled_from(paths))
    parent = doc
    for part in target[:-1]:
        parent = parent[part]
    key = target[-1]
    mutation = draw(st.sampled_from(("replace", "delete", "dangling-ref", "wrap-in-list", "stringify", "duplicate-id")))
    if mutation == "replace":
        parent[key] = draw(_JUNK)
    elif mutation == "delete":
        del parent[key]
    elif mutation == "dangling-ref":
        parent[key] = {"$ref": draw(st.sampled_from(("#/components/schemas/Missing", "#/nope", "#", "", "other.yaml#/x", "#/paths")))}
    elif mutation == "wrap-in-list":
        parent[key] = [parent[key]]
    elif mutation == "stringify":
        parent[key] = json.dumps(parent[key])
    else:
        doc["paths"]["/dup"] = {"get": {"operationId": "same", "responses": {"200": {"description": "a"}}}, "post": {"operationId": "same", "responses": {"200": {"description": "b"}}}}
    return doc


# --- checking one document ---------------------------------------------------------------

# Failure classes already reported, by signature: (kind, exception type, where);
# each maps to a one-line description. Every class the fuzz has met so far is
# fixed (see the minimal reproductions at the end of this module), so it is
# empty: any failure is new and fails the run with the document that caused it.
KNOWN: dict[tuple[str, str, str], str] = {}
MET: dict[tuple[str, str, str], dict[str, str]] = {}  # signature -> {where: example}
STATS = {"valid-accepted": 0, "valid-refused": 0, "nearly-accepted": 0, "nearly-refused": 0, "imported": 0, "round-trips": 0}
REFUSALS: list[str] = []


class UnknownFailure(AssertionError):
    pass


def _generator_frame(exc: BaseException) -> Optional[traceback.FrameSummary]:
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if "/generator/" in f.filename.replace("\\", "/")]
    return frames[-1] if frames else None


def _frame_module(exc: BaseException) -> str:
    frame = _generator_frame(exc)
    return Path(frame.filename).stem if frame else "?"


def _frame_where(exc: BaseException) -> str:
    frame = _generator_frame(exc)
    return f"{Path(frame.filename).name}:{frame.name}" if frame else "?"


def _record(signature: tuple[str, str, str], doc: dict, detail: str, where: str = "") -> None:
    if signature in KNOWN:
        MET.setdefault(signature, {}).setdefault(where, json.dumps(doc, ensure_ascii=True)[:500] + " :: " + detail[:300])
        return
    raise UnknownFailure(f"new failure {signature}: {detail}\ndocument: {json.dumps(doc, ensure_ascii=True)[:3000]}")


def _spec_file(directory: Path, doc: dict) -> Path:
    path = directory / "fuzz.json"
    path.write_text(json.dumps(doc, ensure_ascii=True), encoding="utf-8")
    return path


_counter = itertools.count()


def check_document(directory: Path, doc: dict, *, kind: str) -> None:
    from generator.pipeline import generate

    spec = _spec_file(directory, doc)
    package = f"fuzz_{next(_counter)}"
    try:
        generated = generate(spec, package, formatter="none")
    except SpecError as exc:
        assert exc.location is not None, f"SpecError without a location: {exc}"
        assert exc.location.file and isinstance(exc.location.path, tuple), exc
        assert str(exc).startswith(str(spec)), f"the message does not start with the file: {exc}"
        STATS[f"{kind}-refused"] += 1
        if kind == "valid" and len(REFUSALS) < 20:
            REFUSALS.append(str(exc).replace(str(spec), "fuzz.json")[:200])
        return
    except RecursionError as exc:
        _record(("internal", "RecursionError", _frame_module(exc)), doc, repr(exc)[:200], _frame_where(exc))
        return
    except Exception as exc:  # noqa: BLE001
        detail = "".join(traceback.format_exception(exc))[-1500:]
        _record(("internal", type(exc).__name__, _frame_module(exc)), doc, detail, f"{_frame_where(exc)}: {exc}"[:120])
        return

    for relative, text in generated.files.items():
        pure = PurePosixPath(relative)
        assert not pure.is_absolute() and ".." not in pure.parts and "\\" not in relative, relative
        try:
            text.encode("utf-8")
        except UnicodeEncodeError as exc:
            _record(("write", "UnicodeEncodeError", "surrogate"), doc, f"{relative}: {exc}")
            return
    for relative, text in python_files(generated.files).items():
        try:
            compile(text, relative, "exec", dont_inherit=True)  # not ast.parse: see conftest.parse_all
        except (SyntaxError, ValueError) as exc:
            lines = text.splitlines()
            line = lines[exc.lineno - 1] if getattr(exc, "lineno", None) and exc.lineno <= len(lines) else ""
            context = "\n".join(lines[max(0, (exc.lineno or 1) - 3): (exc.lineno or 1) + 1]) if getattr(exc, "lineno", None) else ""
            if re.match(r"from \S+ import .*,\s*$", line):
                where = "import-trailing-comma"
            elif "Literal[" in context:
                where = "literal-in-docstring"
            elif "environment variable" in context or "is not set" in context or "os.environ" in context:
                where = "bearer-env"
            elif '"""' in context:
                where = "docstring"
            else:
                where = "code"
            _record(("syntax", "SyntaxError", where), doc, f"{relative}:{getattr(exc, 'lineno', '?')}: {exc}: {line!r}", relative.split("/", 1)[-1])
            return
    for what, name in _identifiers(generated.api):
        assert name.isidentifier() and not keyword.iskeyword(name), f"invalid {what} identifier {name!r}"

    STATS[f"{kind}-accepted"] += 1
    if STATS[f"{kind}-accepted"] % IMPORT_EVERY == 0:
        STATS["imported"] += 1
        index = next(_counter)
        _import_and_round_trip(directory / f"out{index}", generated, package, doc)


def _identifiers(api: Any) -> list[tuple[str, str]]:
    names = []
    for model in api.models:
        names.append(("model", model.name))
        names += [("field", f.name) for f in model.fields]
    for resource in api.resources:
        names.append(("resource", resource.name))
        for op in resource.operations:
            names.append(("method", op.name))
            names += [("parameter", p.name) for p in op.parameters]
            if op.body is not None:
                names += [("body field", f.name) for f in op.body.fields]
    return names


def _sample_for(schema: Any, components: dict) -> Any:
    """A JSON value valid for ``schema`` when it is a primitive (else None)."""
    if not isinstance(schema, dict) or "$ref" in schema:
        return None
    if "const" in schema:
        return schema["const"] if isinstance(schema["const"], (str, int, bool)) else None
    if "enum" in schema:
        values = [v for v in schema["enum"] if v is not None]
        return values[0] if values else None
    kinds = schema.get("type")
    kind = kinds[0] if isinstance(kinds, list) and kinds else kinds
    if schema.get("format") or kind not in ("string", "integer", "boolean"):
        return None
    return {"string": "sample ü \" ' \\", "integer": 7, "boolean": True}[kind]


def _import_and_round_trip(out: Path, generated: Any, package: str, doc: dict) -> None:
    try:
        with imported_sdk(out, generated.files, package) as sdk:
            client = sdk.Client(base_url="http://127.0.0.1:9", token="t") if _needs_token(generated) else sdk.Client(base_url="http://127.0.0.1:9")
            repr(client)
            components = (doc.get("components") or {}).get("schemas") or {}
            for model in generated.api.models:
                match = re.fullmatch(r"#/components/schemas/(.+)", model.json_pointer)
                if model.kind != "object" or not match:
                    continue
                raw_name = match.group(1).replace("~1", "/").replace("~0", "~")
                schema = components.get(raw_name)
                if not isinstance(schema, dict) or set(schema) - {"type", "properties", "required", "description"}:
                    continue
                sample = {name: _sample_for(prop, components) for name, prop in (schema.get("properties") or {}).items()}
                if not sample or any(value is None for value in sample.values()):
                    continue
                cls = getattr(sys.modules[f"{package}.{model.module}"], model.name)
                dumped = cls.model_validate(sample).model_dump(mode="json", by_alias=True, exclude_unset=True)
                assert dumped == sample, f"{model.name}: {sample} came back as {dumped}"
                STATS["round-trips"] += 1
    except NameError as exc:
        if re.search(r"name '(inf|nan)' is not defined", str(exc)):
            _record(("import", "NameError", "inf/nan"), doc, str(exc))
            return
        raise UnknownFailure(f"import failed: {exc!r}\ndocument: {json.dumps(doc, ensure_ascii=True)[:3000]}") from exc
    except AssertionError:
        raise
    except Exception as exc:  # noqa: BLE001
        frames = [f for f in traceback.extract_tb(exc.__traceback__) if package in f.filename or "/generator/" in f.filename]
        where = f"{frames[-1].filename.split(package, 1)[-1]}:{frames[-1].lineno}: {frames[-1].line}" if frames else "?"
        raise UnknownFailure(
            f"import or round trip failed: {type(exc).__name__}: {str(exc)[:500]}\n  at {where}\n"
            f"document: {json.dumps(doc, ensure_ascii=True)[:3000]}"
        ) from exc


def _needs_token(generated: Any) -> bool:
    return generated.api.auth is not None


@pytest.fixture(scope="module")
def fuzz_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


@pytest.fixture(scope="module", autouse=True)
def _no_cache(tmp_path_factory: pytest.TempPathFactory) -> Any:
    mp = pytest.MonkeyPatch()
    mp.setenv("SDKFORGE_NO_CACHE", "1")
    yield
    mp.undo()


@pytest.mark.slow
@settings(max_examples=VALID_EXAMPLES, **FUZZ_SETTINGS)
@given(doc=openapi_document())
def test_fuzz_valid_documents(fuzz_dir: Path, doc: dict) -> None:
    check_document(fuzz_dir, doc, kind="valid")


@pytest.mark.slow
@settings(max_examples=NEARLY_VALID_EXAMPLES, **FUZZ_SETTINGS)
@given(doc=nearly_valid_document())
def test_fuzz_nearly_valid_documents(fuzz_dir: Path, doc: dict) -> None:
    check_document(fuzz_dir, doc, kind="nearly")


@pytest.mark.slow
def test_fuzz_mostly_generates_valid_documents() -> None:
    """The valid-document strategy must exercise the generator, not its error paths,
    and the import/round-trip sample must have run."""
    total = STATS["valid-accepted"] + STATS["valid-refused"]
    if not total:
        pytest.skip("runs after the fuzz tests, in the same session")
    assert STATS["valid-accepted"] >= 0.8 * total, f"{STATS}; refusals such as {REFUSALS[:5]}"
    assert STATS["imported"] >= 50 and STATS["round-trips"] >= 20, STATS


# --- minimal reproductions of what the fuzz found ----------------------------------------------


def test_body_without_json_response_gives_code_that_parses(tmp_path: Path) -> None:
    """Found by this fuzz: a resource whose operations send a body but none parses
    a JSON response got 'from ..core.serialization import OMIT, ' (fixed in fba4aea)."""
    from generator.pipeline import generate

    from .conftest import parse_all, write_spec

    doc = {
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {
            "/notes": {
                "post": {
                    "operationId": "createNote",
                    "requestBody": {"content": {"application/json": {"schema": {"type": "object", "properties": {"text": {"type": "string"}}}}}},
                    "responses": {"204": {"description": "created"}},
                }
            }
        },
    }
    generated = generate(write_spec(tmp_path, doc, "spec.json"), "notes", formatter="none")
    parse_all(generated.files)


def test_discriminator_over_a_plain_union_is_dropped(tmp_path: Path) -> None:
    """Found by this fuzz: a discriminated union whose variant is a model that is
    itself a plain union (here of str and bool: its own discriminator cannot
    apply) made pydantic refuse the module at import ("Tag not provided"). A
    variant that is a discriminated union was wrong too: it was tagged with its
    component name, which no payload carries. Such discriminators are dropped
    with a warning, and the plain union picks the variant that matches."""
    from generator.pipeline import generate

    from .conftest import write_spec

    def obj(kind: str) -> dict:
        return {"type": "object", "properties": {"kind": {"type": "string", "enum": [kind]}, "n": {"type": "integer"}}}

    doc = {
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {},
        "components": {
            "schemas": {
                "Scalar": {"oneOf": [{"type": "string"}, {"type": "boolean"}], "discriminator": {"propertyName": "x"}},
                "Outer": {"oneOf": [{"$ref": "#/components/schemas/Scalar"}], "discriminator": {"propertyName": "kind"}},
                "A": obj("A"),
                "B": obj("B"),
                "Pair": {"oneOf": [{"$ref": "#/components/schemas/A"}, {"$ref": "#/components/schemas/B"}], "discriminator": {"propertyName": "kind"}},
                "Nested": {"oneOf": [{"$ref": "#/components/schemas/Pair"}], "discriminator": {"propertyName": "kind"}},
            }
        },
    }
    generated = generate(write_spec(tmp_path, doc, "spec.json"), "tags", formatter="none")
    for name in ("Outer", "Nested"):
        assert any(f"{name}/discriminator" in w and "not all objects" in w for w in generated.warnings)
    assert "Discriminator" in generated.files["tags/types/pair.py"]
    with imported_sdk(tmp_path / "out", generated.files, "tags") as sdk:
        import pydantic

        assert pydantic.TypeAdapter(sdk.Outer).validate_python(True) is True
        nested = pydantic.TypeAdapter(sdk.Nested).validate_python({"kind": "B", "n": 2})
        assert type(nested).__name__ == "B" and nested.n == 2

"""The speed paths change nothing a user can see: whole-run cache, background
validation gating the write, the native (jsonschema-rs) validation fast path,
compiled-template cache."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pytest

from generator import formatting, parser, pipeline, validate
from generator.cli import main
from generator.errors import SpecError
from generator.loader import load_document
from generator.pipeline import generate
from tests.goldens import REPO_ROOT
from tests.support.forking import reaped, rerun_alone

PETSTORE = REPO_ROOT / "tests" / "fixtures" / "specs" / "petstore_minimal.yaml"
KITCHEN_SINK = REPO_ROOT / "tests" / "fixtures" / "specs" / "kitchen_sink.yaml"

# Several kinds of finding: a bad keyword value in a schema (the meta-schema
# check), a bad parameter (the document pass), a default of the wrong type.
INVALID = """\
openapi: 3.1.0
info: {title: t, version: "1"}
paths:
  /things:
    get:
      operationId: listThings
      parameters:
        - {name: q, in: query, deprecated: maybe, schema: {type: string}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {type: array, items: {type: string, pattern: "["}, minItems: -1}
components:
  schemas:
    Thing:
      type: object
      properties:
        size: {type: integer, default: big}
        name: {type: strin}
"""


def _spec(tmp_path: Path, text: str, name: str = "api.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# --- whole-run cache -------------------------------------------------------------------


def test_unchanged_spec_is_served_from_the_run_cache(tmp_path, monkeypatch):
    cache_dir = tmp_path / "cache"
    first = generate(PETSTORE, "pets", cache_dir=cache_dir)
    monkeypatch.setattr(parser, "build_api", lambda *a, **k: pytest.fail("generated again"))
    monkeypatch.setattr(validate, "start_validation", lambda *a, **k: pytest.fail("validated again"))
    second = generate(PETSTORE, "pets", cache_dir=cache_dir)
    assert second.files == first.files and second.warnings == first.warnings
    monkeypatch.undo()
    assert second.api == first.api  # built on demand


def test_every_input_of_a_run_is_part_of_its_key(tmp_path, monkeypatch):
    cache_dir = tmp_path / "cache"
    spec = _spec(tmp_path, PETSTORE.read_text())
    base = generate(spec, "pets", cache_dir=cache_dir).files
    assert generate(spec, "pets", cache_dir=cache_dir, line_length=100).files != base
    assert set(generate(spec, "other", cache_dir=cache_dir).files) != set(base)
    # (templates emit black's layout, so unformatted output may equal the formatted: watch the formatter run)
    formatted = []
    real_format = formatting.format_files
    monkeypatch.setattr(formatting, "format_files", lambda *a, **k: formatted.append(k["formatter"]) or real_format(*a, **k))
    generate(spec, "pets", cache_dir=cache_dir, formatter="none")
    assert formatted == ["none"]
    monkeypatch.setattr(formatting, "format_files", real_format)
    # the spec's bytes
    spec.write_text(PETSTORE.read_text().replace("title: Minimal pet store", "title: Renamed pet store"))
    assert generate(spec, "pets", cache_dir=cache_dir).files != base
    spec.write_text(PETSTORE.read_text())
    assert generate(spec, "pets", cache_dir=cache_dir).files == base
    # the generator's code
    calls = []
    real = parser.build_api
    monkeypatch.setattr(parser, "build_api", lambda *a, **k: calls.append(1) or real(*a, **k))
    monkeypatch.setattr(pipeline, "_generator_digest", lambda: "another version")
    assert generate(spec, "pets", cache_dir=cache_dir).files == base and calls == [1]


def test_a_changed_template_invalidates_the_run_cache(tmp_path):
    cache_dir = tmp_path / "cache"
    overrides = tmp_path / "templates"
    overrides.mkdir()
    source = (REPO_ROOT / "templates" / "project" / "README.md.jinja").read_text()
    (overrides / "project").mkdir()
    (overrides / "project" / "README.md.jinja").write_text(source + "\nfirst\n")
    first = generate(PETSTORE, "pets", template_dirs=(overrides,), cache_dir=cache_dir).files
    assert first["README.md"].endswith("first\n")
    (overrides / "project" / "README.md.jinja").write_text(source + "\nsecond\n")
    second = generate(PETSTORE, "pets", template_dirs=(overrides,), cache_dir=cache_dir).files
    assert second["README.md"].endswith("second\n")


def test_a_referenced_file_is_part_of_the_key(tmp_path):
    spec = _spec(tmp_path, "openapi: 3.1.0\ncomponents:\n  schemas:\n    A: {$ref: 'parts/a.yaml#/A'}\n")
    (tmp_path / "parts").mkdir()
    (tmp_path / "parts" / "a.yaml").write_text("A: {$ref: 'b.yaml#/B'}\n")
    (tmp_path / "parts" / "b.yaml").write_text("B: {type: string}\n")
    data = spec.read_bytes()
    first = pipeline._referenced_files_digest(spec, data)
    assert first is not None and first == pipeline._referenced_files_digest(spec, data)
    (tmp_path / "parts" / "b.yaml").write_text("B: {type: integer}\n")  # referenced from a referenced file
    assert pipeline._referenced_files_digest(spec, data) != first
    remote = b"openapi: 3.1.0\nx: {$ref: 'https://example.com/a.yaml#/A'}\n"
    assert pipeline._referenced_files_digest(spec, remote) is None
    local = b'{"a": {"$ref": "#/b"}, "b": {"$ref": \'#/c\'}}'
    assert pipeline._referenced_files_digest(spec, local) == pipeline._referenced_files_digest(spec, b"")


def test_cached_run_still_restores_edited_and_deleted_files(tmp_path, monkeypatch):
    monkeypatch.setenv("SDKFORGE_CACHE_DIR", str(tmp_path / "cache"))
    out = tmp_path / "sdk"
    args = ["generate", "--spec", str(PETSTORE), "--output", str(out), "--package", "pets_sdk"]
    assert main(args) == 0
    client = out / "pets_sdk" / "client.py"
    init = out / "pets_sdk" / "__init__.py"
    expected_client, expected_init = client.read_bytes(), init.read_bytes()
    client.write_text("# edited by hand\n")
    init.unlink()
    monkeypatch.setattr(parser, "build_api", lambda *a, **k: pytest.fail("not served from the run cache"))
    assert main(args) == 0
    assert client.read_bytes() == expected_client and init.read_bytes() == expected_init


# Modules an unchanged run has no use for. On a small spec that run is mostly
# interpreter start-up and imports, so each of these showed in its wall time.
_NOT_FOR_AN_UNCHANGED_RUN = (
    "yaml", "jinja2", "black", "openapi_spec_validator", "generator.parser", "generator.render",
    "concurrent.futures", "threading", "tomllib", "difflib", "_hashlib", "unicodedata", "secrets", "dataclasses",
)


def test_an_unchanged_run_imports_only_what_it_needs(tmp_path):
    import subprocess
    import sys

    out, cache_dir = tmp_path / "sdk", tmp_path / "cache"
    argv = ["generate", "--spec", str(PETSTORE), "--output", str(out), "--package", "pets_sdk", "--cache-dir", str(cache_dir)]
    probe = (
        "import sys\n"
        "before = set(sys.modules)\n"
        "from generator.cli import main\n"
        f"assert main({argv!r}) == 0\n"
        f"print(sorted(m for m in {_NOT_FOR_AN_UNCHANGED_RUN!r} if m in sys.modules and m not in before))\n"
    )
    runs = [subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, capture_output=True, text=True) for _ in "12"]
    assert [run.returncode for run in runs] == [0, 0], runs[-1].stderr
    assert "yaml" in runs[0].stdout  # the probe sees imports: the first run did generate
    assert runs[1].stdout.splitlines()[-1] == "[]"

def test_corrupt_run_cache_entry_is_ignored(tmp_path):
    cache_dir = tmp_path / "cache"
    first = generate(PETSTORE, "pets", cache_dir=cache_dir).files
    [entry] = [p for p in (cache_dir / "runs").rglob("*") if p.is_file()]
    entry.write_bytes(entry.read_bytes()[:-5] + b"xxxxx")
    assert generate(PETSTORE, "pets", cache_dir=cache_dir).files == first


def test_no_cache_means_no_run_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("SDKFORGE_NO_CACHE", "1")
    generate(PETSTORE, "pets", cache_dir=tmp_path / "cache")
    assert not (tmp_path / "cache").exists()


# --- validation in the background gates the result -------------------------------------------


def test_strict_fails_even_when_the_lenient_run_was_cached(tmp_path):
    spec = _spec(tmp_path, PETSTORE.read_text().replace("in: header", "in: header\n          deprecated: maybe"))
    cache_dir = tmp_path / "cache"
    lenient = generate(spec, "odd", cache_dir=cache_dir)
    assert any("deprecated" in w for w in lenient.warnings)
    with pytest.raises(SpecError, match="maybe"):
        generate(spec, "odd", cache_dir=cache_dir, strict=True)


def test_strict_error_leaves_the_output_untouched(tmp_path):
    spec = _spec(tmp_path, PETSTORE.read_text().replace("in: header", "in: header\n          deprecated: maybe"))
    out = tmp_path / "sdk"
    code = main(["generate", "--strict", "--spec", str(spec), "--output", str(out), "--package", "odd",
                 "--cache-dir", str(tmp_path / "cache")])
    assert code == 2 and not out.exists()


# --- native validation: same findings, same messages -------------------------------------------


@pytest.mark.parametrize("spec_text", [INVALID, INVALID.replace("3.1.0", "3.0.3")], ids=["3.1", "3.0"])
def test_native_fast_path_finds_exactly_what_python_finds(tmp_path, monkeypatch, spec_text):
    doc = load_document(_spec(tmp_path, spec_text))
    monkeypatch.setenv("SDKFORGE_NATIVE_VALIDATION", "0")
    python = validate._validate(doc.data, None)
    monkeypatch.setenv("SDKFORGE_NATIVE_VALIDATION", "1")
    native = validate._validate(doc.data, None)
    assert python and native == python


@pytest.mark.parametrize("spec", [PETSTORE, KITCHEN_SINK], ids=["petstore", "kitchen_sink"])
def test_native_fast_path_agrees_on_the_fixtures(monkeypatch, spec):
    doc = load_document(spec)
    monkeypatch.setenv("SDKFORGE_NATIVE_VALIDATION", "0")
    python = validate._validate(doc.data, None)
    monkeypatch.setenv("SDKFORGE_NATIVE_VALIDATION", "1")
    assert validate._validate(doc.data, None) == python


def test_findings_do_not_depend_on_the_validator_backend_setting(tmp_path, monkeypatch):
    doc = load_document(_spec(tmp_path, INVALID))
    monkeypatch.setenv("SDKFORGE_NATIVE_VALIDATION", "0")
    default = validate._validate(doc.data, None)
    monkeypatch.setenv("OPENAPI_SPEC_VALIDATOR_SCHEMA_VALIDATOR_BACKEND", "jsonschema-rs")
    assert validate._validate(doc.data, None) == default


# --- the validator's child forked before the spec is loaded ------------------------------------


def test_early_validation_matches_in_process_validation(tmp_path, request):
    if rerun_alone(request):
        return
    spec = _spec(tmp_path, INVALID)
    early = validate.start_validation_early(spec, cache_dir=tmp_path / "cache")
    assert early is not None
    pid = early._child[0]
    doc = load_document(spec)
    assert early.attach(doc).result() == validate.find_problems(doc, cache_dir=None)
    assert reaped(pid)


def test_early_validation_of_another_text_is_not_trusted(tmp_path, request):
    if rerun_alone(request):
        return
    first = _spec(tmp_path, INVALID, "a.yaml")
    early = validate.start_validation_early(first, cache_dir=None)
    assert early is not None
    pid = early._child[0]
    other = load_document(_spec(tmp_path, PETSTORE.read_text(), "b.yaml"))
    assert early.attach(other).result() == []  # validated again in-process, not a.yaml's findings
    assert reaped(pid)


def test_the_validator_child_reads_the_parents_parse_instead_of_parsing_again(tmp_path, monkeypatch, request):
    """It waits for the parent's load, whose chunks are then in the cache: a fork
    inherits this patch, and records every chunk parse with its process."""
    if rerun_alone(request):
        return
    from generator import loader
    from tests.test_loader_incremental import _big_spec

    parses = tmp_path / "parses.txt"
    real = loader._parse_chunk
    parent = os.getpid()

    def recording(text):
        with open(parses, "a", encoding="utf-8") as out:
            out.write(f"{os.getpid()}\n")
        if os.getpid() == parent:
            time.sleep(0.002)  # the parent's load outlasts the child's import of the validator
        return real(text)

    monkeypatch.setattr(loader, "_parse_chunk", recording)
    spec = _spec(tmp_path, _big_spec())
    early = validate.start_validation_early(spec, cache_dir=tmp_path / "cache")
    assert early is not None
    child = early._child[0]
    doc = load_document(spec, cache_dir=tmp_path / "cache")
    assert early.attach(doc).result() == validate.find_problems(doc, cache_dir=None)
    assert reaped(child)
    by_process = parses.read_text().split()
    assert by_process.count(str(os.getpid())) > 800 and str(child) not in by_process


def test_a_failed_load_leaves_no_validator_child(tmp_path, monkeypatch):
    started = []
    real = validate.start_validation_early

    def recording(*args, **kwargs):
        early = real(*args, **kwargs)
        if early is not None:
            started.append(early._child[0])
        return early

    monkeypatch.setattr(validate, "start_validation_early", recording)
    with pytest.raises(SpecError):
        generate(tmp_path / "missing.yaml", "x", cache_dir=tmp_path / "cache")
    bad = _spec(tmp_path, "openapi: 3.1.0\ninfo: [unclosed\n")
    with pytest.raises(SpecError):
        generate(bad, "x", cache_dir=tmp_path / "cache")
    assert all(reaped(pid) for pid in started)


def test_validation_children_work_without_the_http_client(tmp_path):
    """A validation child makes ``import requests`` fail (it never fetches); the findings stay the same."""
    import json
    import subprocess
    import sys

    spec = _spec(tmp_path, INVALID)
    script = (
        "import json, sys\n"
        "from generator import validate\n"
        "from pathlib import Path\n"
        "from generator.loader import load_document\n"
        "validate._without_http_client()\n"
        "findings = validate._validate(load_document(Path(sys.argv[1])).data)\n"
        "assert sys.modules['requests'] is None\n"
        "print(json.dumps(findings))\n"
    )
    proc = subprocess.run([sys.executable, "-c", script, str(spec)], capture_output=True, text=True, cwd=REPO_ROOT)
    assert proc.returncode == 0, proc.stderr
    expected = validate._validate(load_document(spec).data)
    assert json.loads(proc.stdout) == json.loads(json.dumps(expected))
    assert expected  # INVALID has findings: the comparison means something


def _settings_sources_known() -> bool:
    return all(
        validate._module_source_digest(name) == digest for name, digest in validate._KNOWN_SETTINGS_SOURCES.items()
    )


def test_validation_children_skip_pydantic_and_find_the_same(tmp_path):
    """With the settings stand-ins a child imports neither pydantic nor pydantic-settings; the findings stay the same."""
    import json
    import subprocess
    import sys

    if not _settings_sources_known():
        pytest.skip("the installed validators' settings modules are not the release the stand-ins reproduce")
    spec = _spec(tmp_path, INVALID)
    script = (
        "import json, sys\n"
        "from generator import validate\n"
        "from pathlib import Path\n"
        "from generator.loader import load_document\n"
        "validate._without_http_client()\n"
        "installed = validate._settings_without_pydantic()\n"
        "findings = validate._validate(load_document(Path(sys.argv[1])).data)\n"
        "print(json.dumps([installed, sorted(m for m in ('pydantic', 'pydantic_settings') if m in sys.modules), findings]))\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.upper().startswith(validate._SETTINGS_ENV_PREFIXES)}
    proc = subprocess.run([sys.executable, "-c", script, str(spec)], capture_output=True, text=True, cwd=REPO_ROOT, env=env)
    assert proc.returncode == 0, proc.stderr
    installed, heavy, findings = json.loads(proc.stdout)
    assert installed and heavy == []
    expected = validate._validate(load_document(spec).data)  # here: the real settings modules
    assert findings == json.loads(json.dumps(expected)) and expected


def test_settings_stand_ins_hold_the_validators_defaults(monkeypatch):
    if not _settings_sources_known():
        pytest.skip("the installed validators' settings modules are not the release the stand-ins reproduce")
    for name in list(os.environ):
        if name.upper().startswith(validate._SETTINGS_ENV_PREFIXES):
            monkeypatch.delenv(name)
    from openapi_schema_validator import settings as schema_settings
    from openapi_spec_validator import settings as spec_settings

    real_spec, real_schema = spec_settings.OpenAPISpecValidatorSettings(), schema_settings.OpenAPISchemaValidatorSettings()
    assert set(type(real_spec).model_fields) == {"resolved_cache_maxsize", "schema_validator_backend"}
    assert set(type(real_schema).model_fields) == {"compiled_validator_cache_max_size"}
    for field in type(real_spec).model_fields:
        assert getattr(validate._SpecValidatorDefaults(), field) == getattr(real_spec, field)
    assert validate._SchemaValidatorDefaults().compiled_validator_cache_max_size == real_schema.compiled_validator_cache_max_size


def test_a_validator_setting_in_the_environment_keeps_the_real_modules(monkeypatch):
    monkeypatch.setenv("OPENAPI_SPEC_VALIDATOR_SCHEMA_VALIDATOR_BACKEND", "jsonschema")
    assert validate._settings_without_pydantic() is False


def test_another_release_of_a_settings_module_keeps_the_real_modules(monkeypatch):
    for name in list(os.environ):
        if name.upper().startswith(validate._SETTINGS_ENV_PREFIXES):
            monkeypatch.delenv(name)
    monkeypatch.setattr(validate, "_KNOWN_SETTINGS_SOURCES", {"openapi_spec_validator.settings": "0" * 64})
    monkeypatch.delitem(sys.modules, "openapi_spec_validator.settings", raising=False)
    assert validate._settings_without_pydantic() is False


# --- work in forked children ------------------------------------------------------------------


def test_run_all_gives_every_result_in_order(request):
    from generator import forked

    if rerun_alone(request):
        return

    def failing() -> bytes:
        raise RuntimeError("this task fails")

    # Payloads past a pipe's buffer: the children must be read while they run.
    tasks = [lambda i=i: bytes([65 + i]) * (i * 40_000) for i in range(7)] + [failing]
    assert forked.run_all(tasks, 2) == [bytes([65 + i]) * (i * 40_000) for i in range(7)] + [None]
    assert forked.run_all([], 2) == []


# --- rendering on two cores ----------------------------------------------------------------


def _serial_and_parallel(
    monkeypatch, spec: Path, render_cache=None
) -> tuple[dict[str, str], dict[str, str], list[list[str]]]:
    from generator import render as rendering

    api = parser.build_api(load_document(spec), "pkg")
    serial = rendering.render(api, render_cache=render_cache)
    forks: list[list[str]] = []  # the paths each forked child rendered
    real = rendering._fork_renderer
    monkeypatch.setattr(rendering, "_PARALLEL_MIN_FILES", 1)
    monkeypatch.setattr(rendering, "_fork_renderer", lambda tasks: forks.append([p for p, _ in tasks]) or real(tasks))
    return serial, rendering.render(api, render_cache=render_cache), forks


def test_rendering_on_two_processes_gives_the_same_files(monkeypatch, request):
    if rerun_alone(request):
        return
    from generator.render import CORE_DIR_NAME

    serial, parallel, forks = _serial_and_parallel(monkeypatch, KITCHEN_SINK)
    assert forks
    assert list(parallel.items()) == list(serial.items())
    copied = [p for p in serial if f"/{CORE_DIR_NAME}/" in p or p.endswith("py.typed")]  # nothing to render
    assert copied and not set(copied) & set(forks[0])
    rendered = len(serial) - len(copied)
    clients = [p for p in serial if p.endswith("/raw_client.py")]
    assert len(clients) > 1
    assert abs(rendered - 2 * len(forks[0])) <= 2 * len(clients)  # about half each
    for raw in clients:  # a resource's two client modules share layouts: one process renders both
        assert (raw in forks[0]) == (raw.replace("/raw_client.py", "/client.py") in forks[0])


def test_files_from_the_render_cache_are_not_sent_to_the_child(monkeypatch, request, tmp_path):
    """After an edit most files come from the render cache: forking for them would
    cost more than the few files that are really rendered."""
    if rerun_alone(request):
        return
    from generator import render as rendering

    def render_cache():
        return rendering.RenderCache(tmp_path, "test-environment")

    api = parser.build_api(load_document(KITCHEN_SINK), "pkg")
    fresh = rendering.render(api, render_cache=render_cache())  # fills the cache
    to_render = [path for path, task in rendering.Renderer(api, render_cache=render_cache())._tasks()
                 if not isinstance(task, rendering._Ready)]
    assert not {f"pkg/{m.module.replace('.', '/')}.py" for m in api.models} & set(to_render)
    serial, parallel, forks = _serial_and_parallel(monkeypatch, KITCHEN_SINK, render_cache())
    assert serial == fresh and list(parallel.items()) == list(fresh.items())
    assert len(forks) == 1 and set(forks[0]) <= set(to_render) and abs(len(to_render) - 2 * len(forks[0])) <= 2


def test_a_failed_render_child_costs_only_time(monkeypatch, request):
    if rerun_alone(request):
        return
    from generator import render as rendering

    real_join = rendering._join_renderer
    monkeypatch.setattr(rendering, "_join_renderer", lambda child, count: real_join(child, count) and None)
    serial, parallel, forks = _serial_and_parallel(monkeypatch, KITCHEN_SINK)
    assert forks
    assert list(parallel.items()) == list(serial.items())


def test_the_fast_subscriptable_check_answers_as_the_protocol_does():
    from pathable import accessors

    protocol = accessors.Subscriptable

    class Box:
        def __contains__(self, key):
            return False

        def __getitem__(self, key):
            raise KeyError(key)

        def __len__(self):
            return 0

    class Flag(int):
        pass

    values = [{}, {"a": 1}, [], [1], "", "text", 0, 3, 1.5, True, None, (1,), b"x", Box(), object(), Flag(2)]
    with validate._fast_subscriptable_check():
        fast = accessors.Subscriptable
        assert fast is not protocol
        answers = [isinstance(value, fast) for value in values]
    assert accessors.Subscriptable is protocol
    assert answers == [isinstance(value, protocol) for value in values]

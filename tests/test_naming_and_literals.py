"""Identifier rules and the escaping filters every spec string goes through."""

from __future__ import annotations

import ast
import hashlib
import keyword
import re
from pathlib import Path

import pytest

from generator import naming
from generator.literals import docstring, pyliteral, pystr
from generator.render import Renderer, relative_import


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ListBatches", "list_batches"),
        ("create-embed-job", "create_embed_job"),
        ("HTTPServerError", "http_server_error"),
        ("page_size", "page_size"),
        ("embed jobs", "embed_jobs"),
        ("café au lait", "cafe_au_lait"),
    ],
)
def test_snake_case(text, expected):
    assert naming.snake_case(text) == expected


@pytest.mark.parametrize("text", ["class", "None", "import", "self", "request_options", "", "123", "../../etc", "ünïcode", "x" * 300])
def test_attribute_names_are_valid_and_not_keywords(text):
    name = naming.attribute_name(text)
    assert name.isidentifier()
    assert not keyword.iskeyword(name)
    assert name not in {"self", "request_options"}


@pytest.mark.parametrize("text", ["embed-jobs", "list", "None", "str", "", "9lives"])
def test_class_names_are_valid_and_shadow_no_builtin(text):
    name = naming.class_name(text)
    assert name.isidentifier() and name[0].isupper()
    assert name not in dir(__builtins__) if isinstance(__builtins__, dict) else not hasattr(__builtins__, name)


def test_unique_appends_counters_deterministically():
    taken: set[str] = set()
    assert [naming.unique("x", taken) for _ in range(3)] == ["x", "x_2", "x_3"]


HOSTILE = [
    'end"; import os; os.system("x")#',
    "'''",
    '"""',
    'ends with quote"',
    "back\\slash\\",
    "{{ jinja }} {% raw %}",
    "nul\x00byte",
    "line\u2028separator\u2029",
    "crlf\r\nline",
    "tab\tand\x1bescape",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_pystr_round_trips_any_text(text):
    literal = pystr(text)
    assert "\n" not in literal
    assert ast.literal_eval(literal) == text


@pytest.mark.parametrize("text", HOSTILE)
def test_docstring_cannot_end_early(text):
    source = f'def f():\n    """\n{docstring(text, 4)}\n    """\n'
    tree = ast.parse(source)
    function = tree.body[0]
    assert len(function.body) == 1  # only the docstring: nothing escaped into code
    assert isinstance(function.body[0].value, ast.Constant)


def test_pyliteral_scalars():
    assert [pyliteral(v) for v in ("a", 1, 1.5, True, None)] == ['"a"', "1", "1.5", "True", "None"]
    with pytest.raises(TypeError):
        pyliteral({"a": 1})


@pytest.mark.parametrize(
    ("source", "target", "expected"),
    [
        ("batches.raw_client", "batches.types.batch", ".types.batch"),
        ("batches.raw_client", "types.api_meta", "..types.api_meta"),
        ("client", "types.api_meta", ".types.api_meta"),
        ("batches.types.batch", "batches.types.batch_status", ".batch_status"),
        ("types.embed_job", "batches.types.batch", "..batches.types.batch"),
    ],
)
def test_relative_import(source, target, expected):
    assert relative_import(source, target) == expected


# --- namespaces: reserved words of each kind of identifier ---------------------------------

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"


@pytest.mark.parametrize(
    ("function", "text", "expected"),
    [
        (naming.field_name, "from_orm", "from_orm_"),
        (naming.field_name, "schema_json", "schema_json_"),
        (naming.field_name, "str", "str_"),
        (naming.field_name, "id", "id"),
        (naming.field_name, "model_name", "model_name"),  # protected_namespaces=() allows it
        (naming.parameter_name, "str", "str_"),
        (naming.parameter_name, "request_options", "request_options_"),
        (naming.parameter_name, "id", "id"),  # Cohere's API: id and type stay as callers expect
        (naming.parameter_name, "type", "type"),
        (naming.parameter_name, "timeout", "timeout"),
        (naming.method_name, "with_raw_response", "with_raw_response_"),
        (naming.method_name, "property", "property_"),
        (naming.method_name, "list", "list"),  # Cohere's batches.list
        (naming.resource_name, "token", "token_"),
        (naming.resource_name, "httpx_client", "httpx_client_"),
        (naming.resource_name, "close", "close_"),
        (naming.resource_name, "client", "client_"),
        (naming.resource_name, "core", "core_"),
        (naming.resource_name, "embed-jobs", "embed_jobs"),
        (naming.global_header_name, "timeout", "timeout_"),
        (naming.global_header_name, "X-Client-Name", "x_client_name"),
        (naming.module_name, "class", "class_"),
        (naming.module_name, "CON", "con_"),
        (naming.module_name, "ApiMeta", "api_meta"),
    ],
)
def test_each_namespace_suffixes_its_reserved_words(function, text, expected):
    assert function(text) == expected


def test_waiter_arguments_are_reserved_only_for_operations_with_a_waiter():
    assert naming.parameter_name("poll_interval") == "poll_interval"
    assert naming.parameter_name("poll_interval", waiter=True) == "poll_interval_"
    assert naming.parameter_name("on-progress", waiter=True) == "on_progress_"
    assert {"poll_interval", "timeout", "on_progress"} <= naming.method_arguments_taken(waiter=True)


def test_model_field_names_cover_every_base_model_attribute():
    pydantic = pytest.importorskip("pydantic")
    public = {n for n in dir(pydantic.BaseModel) if not n.startswith("_")}
    assert public <= naming.PYDANTIC_MODEL_ATTRIBUTES
    assert all(naming.field_name(n) != n for n in public)


def test_root_client_namespaces_cover_what_the_template_binds():
    """Every ``self._x`` attribute and method of the root client template, and every
    constructor argument, is reserved for resources and global headers."""
    text = (TEMPLATES / "root_client.py.jinja").read_text()
    text = re.sub(r"\{[{%#].*?[}%#]\}", "", text, flags=re.S)  # drop Jinja (resource placeholders)
    attributes = set(re.findall(r"self\._([a-z][a-z0-9_]*)", text))
    methods = {m for m in re.findall(r"def ([a-z][a-z0-9_]*)\(", text)} - {"_pick_token"}
    assert attributes and methods
    for name in attributes | methods:
        assert naming.resource_name(name) != name, name
    arguments = set()
    for signature in re.findall(r"def __init__\((.*?)\) -> None", text, flags=re.S):
        arguments |= set(re.findall(r"^\s+([a-z_]+): ", signature, flags=re.M))
    assert {"token", "api_key", "base_url", "headers", "timeout", "max_retries", "httpx_client"} <= arguments
    for name in arguments:
        assert naming.global_header_name(name) != name, name


def test_waiter_namespace_covers_the_waiter_template_arguments():
    text = (TEMPLATES / "_operation.jinja").read_text()
    waiter = text[text.index("{% macro waiter"):]
    own = set(re.findall(r"^\s+([a-z_]+): (?:float|typing)", waiter, flags=re.M))
    assert {"poll_interval", "timeout", "on_progress", "request_options"} <= own
    assert own <= naming.WAITER_ARGUMENTS


@pytest.mark.parametrize("make", [naming.module_name, naming.field_name, naming.class_name, naming.resource_name, naming.enum_member_name])
def test_long_names_are_cut_with_a_stable_hash(make):
    long_a, long_b = "x" * 300, "x" * 299 + "y"
    a, b = make(long_a), make(long_b)
    assert len(a) <= naming.MAX_NAME_LENGTH and len(b) <= naming.MAX_NAME_LENGTH
    assert a != b and a.isidentifier() and make(long_a) == a
    assert make("short_name") in ("short_name", "ShortName", "SHORT_NAME")


def test_shorten_is_the_same_on_every_run():
    assert naming.shorten("a" * 200, 20) == "aaaaaaaaaaa_" + hashlib.sha256(b"a" * 200).hexdigest()[:8]


def test_unique_module_compares_case_insensitively():
    taken: set[str] = set()
    assert [naming.unique_module(n, taken) for n in ("foo", "Foo", "FOO", "bar")] == ["foo", "Foo_2", "FOO_3", "bar"]


@pytest.mark.parametrize(
    ("package", "ok"),
    [
        ("acme", True),
        ("acme.sdk", True),
        ("match", True),  # a soft keyword is a valid module name
        ("class", False),
        ("None", False),
        ("ok.class", False),
        ("x" * 300, False),
        ("a..b", False),
        ("", False),
        ("café", False),
        ("with-dash", False),
    ],
)
def test_package_names(package, ok):
    assert (naming.package_name_problem(package) is None) is ok


@pytest.mark.parametrize("second", ["pkg/models/a.py", "pkg/models/A.py"])
def test_render_refuses_two_files_at_one_path(monkeypatch, second):
    """Naming keeps module names unique; if it ever failed, rendering stops
    rather than let one file overwrite the other (on macOS, even by case)."""
    tasks = [("pkg/models/a.py", lambda: "x = 1\n"), (second, lambda: "x = 2\n")]
    monkeypatch.setattr(Renderer, "_tasks", lambda self: iter(tasks))
    with pytest.raises(RuntimeError, match="two generated files"):
        Renderer.__new__(Renderer).render()

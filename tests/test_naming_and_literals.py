"""Identifier rules and the escaping filters every spec string goes through."""

from __future__ import annotations

import ast
import keyword

import pytest

from generator import naming
from generator.literals import docstring, pyliteral, pystr
from generator.render import relative_import


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

"""Incremental parsing of big YAML specs (generator.loader): the document
assembled from separately parsed, cached chunks is the whole-text parse, key
order and types included; anything the cutting cannot vouch for falls back to
the whole-text parse (same result, same errors); and after a one-line edit only
the chunk holding that line is parsed again."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator import loader
from generator.errors import SpecError
from generator.loader import load_document
from tests.goldens import REPO_ROOT

SHARED_SPECS = REPO_ROOT.parent / "shared" / "specs"
REAL_SPECS = [p for p in sorted(SHARED_SPECS.glob("corpus/*.yaml")) + [SHARED_SPECS / "cohere-openapi.yaml"] if p.is_file()]


def _whole(text: str) -> Any:
    """The reference: today's whole-text parse."""
    return yaml.load(text, Loader=loader._SpecLoader)


def _assert_same(got: Any, expected: Any, where: str = "#") -> None:
    """Equal, with the same types (1 is not 1.0 nor True) and the same key order."""
    assert type(got) is type(expected), f"{where}: {type(got).__name__} vs {type(expected).__name__}"
    if isinstance(expected, dict):
        assert [(type(k), k) for k in got] == [(type(k), k) for k in expected], f"{where}: keys differ"
        for key in expected:
            _assert_same(got[key], expected[key], f"{where}/{key}")
    elif isinstance(expected, list):
        assert len(got) == len(expected), f"{where}: lengths differ"
        for index, (g, e) in enumerate(zip(got, expected)):
            _assert_same(g, e, f"{where}/{index}")
    else:
        assert got == expected, f"{where}: {got!r} vs {expected!r}"


def _chunked(tmp_path: Path, text: str) -> Any:
    parsed = loader._parse_in_chunks(tmp_path / "spec.yaml", text, tmp_path / "cache")
    if parsed is None:
        return None
    data, chunks = parsed
    chunks.save(sound=False)
    return data


@pytest.fixture
def cut_small_specs(monkeypatch):
    """Small texts are normally parsed whole (faster than any cache); cut them too."""
    monkeypatch.setattr(loader, "_PARSE_CACHE_MIN_CHARS", 0)


@pytest.fixture
def chunk_parses(monkeypatch) -> list[str]:
    """The texts of the chunks parsed (not read from the cache)."""
    parsed: list[str] = []
    monkeypatch.setattr(loader, "_parse_chunk", _counting(loader._parse_chunk, parsed))
    return parsed


# --- real specs -----------------------------------------------------------------------


@pytest.mark.skipif(not SHARED_SPECS.is_dir(), reason="../shared/specs is absent")
@pytest.mark.parametrize("spec", REAL_SPECS, ids=lambda p: p.name)
def test_real_specs_assemble_to_the_whole_text_parse(tmp_path, cut_small_specs, spec, chunk_parses):
    text = spec.read_text(encoding="utf-8")
    expected = _whole(text)
    cold = _chunked(tmp_path, text)
    assert cold is not None, "fell back to the whole-text parse"
    _assert_same(cold, expected)
    assert len(chunk_parses) > 5
    del chunk_parses[:]
    warm = _chunked(tmp_path, text)
    assert chunk_parses == []
    _assert_same(warm, expected)


# --- crafted specs --------------------------------------------------------------------

CRAFTED = """\
# A spec with most of what a cut could get wrong.

openapi: 3.0.3
info:
  title: "Crafted: **bold** & co!"
  version: 2024-01-01
  description: |+
    Kept trailing newlines.


# a comment at column 0 between top-level keys
servers:
- url: https://example.com/v1
  description: a compact sequence at the key's indentation
x-numbers: {int: 1, float: 1.5, exp: 1e3, bool: true, yes-ish: yes, none: ~, empty: , octal: 0o17, hex: 0x1F}
x-when: 2024-01-01T10:00:00Z
? a complex key
: its value
paths:
  # a comment before the first path
  /things:
    get:
      summary: A plain scalar
        that goes on over
        several lines
      description: "A double-quoted scalar
        continued, and
        again"
      responses:
        200:
          description: an integer status code
        "404":
          description: >-
            A folded
            block scalar.
# a comment at column 0 inside paths
  '/things/{id}':
    parameters: [{name: id, in: path, required: true, schema: {type: string}}]
    delete:
      responses: {"204": {description: gone}}

  /empty: {}
webhooks:
  thingChanged:
    post:
      requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/Thing'}}}}
      responses: {"200": {description: ok}}
components:
  schemas:
    Thing:
      type: object
      properties:
        name: {type: string, example: "a: b # not a comment"}
        size: {type: integer, default: 3}
        ratio: {type: number, default: 0.5}
    "Quoted": {type: string}
    '1': {type: string, description: a schema named by a digit}
  parameters:
    limit: {name: limit, in: query, schema: {type: integer}}
  securitySchemes:
    bearer: {type: http, scheme: bearer}
  x-other: {kept: whole}
x-last: the end, without a final newline"""

VARIANTS = {
    "crafted": CRAFTED,
    "crlf": CRAFTED.replace("\n", "\r\n"),
    "bom": "\ufeff" + CRAFTED,
    "four-space": re.sub(r"(?m)^( +)", r"\1\1", CRAFTED).replace("\n- url", "\n  - url"),
    "three-space-schemas": (
        "openapi: 3.0.3\npaths: {}\ncomponents:\n   schemas:\n      A: {type: string}\n      B:\n         type: integer\n"
    ),
    "empty-sections": "openapi: 3.0.3\npaths:\n# nothing yet\ncomponents:\n  schemas:\nx-tail: 1\n",
    "keep-chomping-at-end": "a: |+\n  foo\n\n\npaths:\n  /a: |+\n    bar\n\n  /b: 1\n",
}


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_crafted_specs_assemble_to_the_whole_text_parse(tmp_path, cut_small_specs, name):
    text = VARIANTS[name]
    expected = _whole(text)
    for _ in range(2):  # parsed, then read back from the cache
        got = _chunked(tmp_path, text)
        assert got is not None, "fell back to the whole-text parse"
        _assert_same(got, expected)


def test_the_big_sections_are_cut_at_their_entries():
    parts = loader._cut_mapping(CRAFTED, 0, len(CRAFTED), 0, loader._CUT_PLAN)
    assert parts is not None
    sections = {part.key: part for part in parts if isinstance(part, loader._Section)}
    assert set(sections) == {"paths", "webhooks", "components"}
    assert len(sections["paths"].parts) == 3
    cut_components = {part.key for part in sections["components"].parts if isinstance(part, loader._Section)}
    assert cut_components == {"schemas", "parameters", "securitySchemes"}


def test_a_chunk_text_that_occurs_twice_gives_two_objects(tmp_path, cut_small_specs):
    entry = "  /same:\n    get: {responses: {}}\n"
    data = _chunked(tmp_path, "paths:\n" + entry + "webhooks:\n" + entry)
    assert data["paths"] == data["webhooks"] and data["paths"]["/same"] is not data["webhooks"]["/same"]


# --- fallbacks ------------------------------------------------------------------------

FALLBACKS = {
    "anchor and alias across entries": "components:\n  schemas:\n    A: &a {type: string}\n    B: *a\n",
    "anchor and alias in one entry": "paths:\n  /a:\n    get: &op {responses: {}}\n    put: *op\n",
    "merge key": "components:\n  schemas:\n    A:\n      <<: {type: string}\n      description: d\n",
    "explicit tag": "info:\n  version: !!str 1.0\n",
    "flow style at the top": "{openapi: 3.0.3, paths: {/a: {}}}\n",
    "document start": "---\nopenapi: 3.0.3\npaths: {}\n",
    "directive": "%YAML 1.1\n---\nopenapi: 3.0.3\n",
    "tab at a line start": "openapi: 3.0.3\npaths:\n\t/a: {}\n",
    "quoted scalar over a key-like line": 'a: "one\nb: two"\nc: 3\n',
    "flow mapping over a key-like line": "a: {x: 1,\nb: 2}\nc: 3\n",
    "byte order mark in the middle": "a: 1\n\ufeffb: 2\n",
    "a sequence at the top": "- openapi\n- paths\n",
    "complex key after a cut section": "paths:\n  /a: {}\n? complex\n: key\n",
    "control character in a section's head": "paths:\n  # \x01\n  /a: {}\n",
}


@pytest.mark.parametrize("name", sorted(FALLBACKS))
def test_what_a_cut_cannot_vouch_for_is_parsed_whole(tmp_path, cut_small_specs, name):
    text = FALLBACKS[name]
    assert _chunked(tmp_path, text) is None
    try:
        expected = _whole(text)
    except yaml.YAMLError:
        with pytest.raises(SpecError):
            loader._parse(tmp_path / "spec.yaml", text, tmp_path / "cache")
    else:
        _assert_same(loader._parse(tmp_path / "spec.yaml", text, tmp_path / "cache")[0], expected)


ERRORS = {
    "top-level key": "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\nopenapi: 3.1.0\n",
    "path": "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a: {}\n  /b: {}\n  /a: {}\n",
    "schema": (
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A: {}\n    A: {}\n"
    ),
    "section beside its cut twin": "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a: {}\npaths: {}\n",
    "invalid YAML in one entry": "openapi: 3.0.3\npaths:\n  /a: {}\n  /b: [unclosed\n  /c: {}\n",
}


@pytest.mark.parametrize("name", sorted(ERRORS))
def test_errors_are_reported_as_by_the_whole_text_parse(tmp_path, monkeypatch, name):
    path = tmp_path / "spec.yaml"
    path.write_text(ERRORS[name], encoding="utf-8")
    with pytest.raises(SpecError) as reference:
        load_document(path, cache_dir=None)  # no cache: the whole-text parse
    monkeypatch.setattr(loader, "_PARSE_CACHE_MIN_CHARS", 0)
    assert _chunked(tmp_path, ERRORS[name]) is None
    with pytest.raises(SpecError) as error:
        load_document(path, cache_dir=tmp_path / "cache")
    assert str(error.value) == str(reference.value) and error.value.location == reference.value.location
    assert error.value.location.line is not None


# --- the point of it: an edit parses one chunk ------------------------------------------


def _big_spec(operations: int = 400) -> str:
    lines = ["openapi: 3.0.3", "info:", "  title: Big", "  version: '1'", "paths:"]
    for i in range(operations):
        lines += [
            f"  /things{i}:",
            "    get:",
            f"      operationId: getThing{i}",
            f"      summary: Get thing number {i}, described at some length to make the text big",
            "      responses:",
            "        200:",
            "          description: ok",
            "          content: {application/json: {schema: {$ref: '#/components/schemas/Thing" + str(i) + "'}}}",
        ]
    lines += ["components:", "  schemas:"]
    for i in range(operations):
        lines += [f"    Thing{i}:", "      type: object", "      properties:", "        name: {type: string}"]
    return "\n".join(lines) + "\n"


def test_after_a_one_line_edit_only_its_chunk_is_parsed_again(tmp_path, monkeypatch):
    chunk_parses: list[str] = []
    monkeypatch.setattr(loader, "_parse_chunk", _counting(loader._parse_chunk, chunk_parses))
    text = _big_spec()
    assert len(text) > loader._PARSE_CACHE_MIN_CHARS
    path = tmp_path / "spec.yaml"
    path.write_text(text, encoding="utf-8")
    cache_dir = tmp_path / "cache"
    first = load_document(path, cache_dir=cache_dir)
    assert len(chunk_parses) > 800

    edited = text.replace("summary: Get thing number 123,", "summary: Get thing number 123 (edited),")
    path.write_text(edited, encoding="utf-8")
    del chunk_parses[:]
    yaml_parses: list[str] = []
    monkeypatch.setattr(loader.yaml, "load", _counting(loader.yaml.load, yaml_parses))
    monkeypatch.setattr(loader.yaml, "compose", _counting(loader.yaml.compose, yaml_parses))
    second = load_document(path, cache_dir=cache_dir)
    monkeypatch.undo()
    assert [chunk.splitlines()[0] for chunk in chunk_parses] == ["  /things123:"]
    assert len(yaml_parses) == 1 and len(yaml_parses[0]) < 1_000  # that chunk, not the whole text
    assert "number 123 (edited)," in second.data["paths"]["/things123"]["get"]["summary"]
    expected = _whole(edited)
    loader._stringify_status_codes(expected)
    _assert_same(second.data, expected)
    assert first.data["paths"]["/things123"] != second.data["paths"]["/things123"]

    monkeypatch.setattr(loader, "_parse_chunk", lambda text: pytest.fail("parsed again"))
    assert load_document(path, cache_dir=cache_dir).data == second.data


# Sharing a parse forks, which the loader does only where no other thread runs; this
# test session keeps local servers running in threads (the SDK tests), so these
# checks run in an interpreter of their own.


def _in_a_fresh_interpreter(check: Any, tmp_path: Path) -> None:
    code = (
        "from pathlib import Path\n"
        f"from tests.test_loader_incremental import {check.__name__} as check\n"
        f"check(Path({str(tmp_path)!r}))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO_ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-4000:]


def test_a_cold_parse_of_a_big_spec_is_shared_with_a_child(tmp_path):
    _in_a_fresh_interpreter(_shared_parse, tmp_path)


def _shared_parse(tmp_path: Path) -> None:
    parsed_here: list[str] = []
    loader._parse_chunk = _counting(loader._parse_chunk, parsed_here)
    text = _big_spec(1_200)
    assert len(text) > loader._SHARED_PARSE_MIN_CHARS
    parsed = loader._parse_in_chunks(tmp_path / "spec.yaml", text, tmp_path / "cache")
    assert parsed is not None
    data, chunks = parsed
    _assert_same(data, _whole(text))
    # The child parsed about half the text (its parses are not counted here) ...
    share = sum(map(len, parsed_here)) / len(text)
    assert 0.35 < share < 0.65, share
    assert len(chunks._helped) > 500
    # ... and its chunks are kept like the others: the next parse reads them all back.
    chunks.save(sound=False)
    del parsed_here[:]
    again = loader._parse_in_chunks(tmp_path / "spec.yaml", text, tmp_path / "cache")
    assert again is not None and parsed_here == []
    _assert_same(again[0], data)


def test_what_the_child_could_not_parse_is_parsed_here(tmp_path):
    _in_a_fresh_interpreter(_child_sends_garbage, tmp_path)


def _child_sends_garbage(tmp_path: Path) -> None:
    parsed_here: list[str] = []
    loader._parse_chunk = _counting(loader._parse_chunk, parsed_here)
    loader._parsed_elsewhere = lambda todo: b"not marshal data"
    text = _big_spec(1_200)
    parsed = loader._parse_in_chunks(tmp_path / "spec.yaml", text, tmp_path / "cache")
    assert parsed is not None
    _assert_same(parsed[0], _whole(text))
    assert sum(map(len, parsed_here)) > 0.99 * len(text)


def test_an_error_late_in_a_shared_parse_is_reported_with_its_line(tmp_path):
    _in_a_fresh_interpreter(_late_error, tmp_path)


def _late_error(tmp_path: Path) -> None:
    from generator import forked

    assert forked.can_fork()  # so the load below shares its parse
    text = _big_spec(1_200)
    broken = text.replace("    Thing1100:\n      type: object\n", "    Thing1100:\n      type: [object\n")
    assert broken != text
    path = tmp_path / "spec.yaml"
    path.write_text(broken, encoding="utf-8")
    with pytest.raises(SpecError) as reference:
        load_document(path, cache_dir=None)  # the whole-text parse
    with pytest.raises(SpecError) as error:
        load_document(path, cache_dir=tmp_path / "cache")
    assert str(error.value) == str(reference.value) and error.value.location == reference.value.location
    assert error.value.location.line is not None


def test_line_numbers_still_come_from_the_whole_text(tmp_path):
    text = _big_spec()
    path = tmp_path / "spec.yaml"
    path.write_text(text, encoding="utf-8")
    load_document(path, cache_dir=tmp_path / "cache")
    document = load_document(path, cache_dir=tmp_path / "cache")
    expected = text.splitlines().index("      operationId: getThing7") + 1  # where its value starts
    assert document.line_of(("paths", "/things7", "get")) == expected


def test_a_corrupt_chunk_pack_is_ignored(tmp_path, chunk_parses):
    text = _big_spec(300)
    path = tmp_path / "spec.yaml"
    path.write_text(text, encoding="utf-8")
    first = load_document(path, cache_dir=tmp_path / "cache").data
    [pack] = [p for p in (tmp_path / "cache" / "parsed").rglob("*") if p.is_file()]
    pack.write_bytes(pack.read_bytes()[:-3] + b"zzz")
    del chunk_parses[:]
    assert load_document(path, cache_dir=tmp_path / "cache").data == first
    assert len(chunk_parses) > 600


def test_without_a_cache_the_text_is_parsed_whole(tmp_path, chunk_parses, monkeypatch):
    monkeypatch.setenv("SDKFORGE_NO_CACHE", "1")
    path = tmp_path / "spec.yaml"
    path.write_text(_big_spec(), encoding="utf-8")
    load_document(path)
    assert chunk_parses == []


def _counting(function: Any, texts: list[str]) -> Any:
    """``function``, noting the text of each call in ``texts``."""

    def counted(text: str, *args: Any, **kwargs: Any) -> Any:
        texts.append(text)
        return function(text, *args, **kwargs)

    return counted


# --- locating a path by composing one entry ----------------------------------------------


def _every_path(value: Any, path: tuple = ()) -> list[tuple]:
    paths = [path]
    if isinstance(value, dict):
        for key, child in value.items():
            paths += _every_path(child, path + (key,))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            paths += _every_path(child, path + (index,))
    return paths


def _assert_located_as_by_whole_composition(text: str, paths: list[tuple]) -> int:
    """Every path the locator answers gets the whole composition's line; how many it answered."""
    root = yaml.compose(text, Loader=loader._SafeLoader)
    answered = 0
    for json_path in paths:
        locator = loader._ChunkLocator(text)  # fresh: no budget spent by earlier paths
        got = locator.line_of(json_path)
        if got is None:
            continue
        answered += 1
        node, line = root, root.start_mark.line + 1
        for part in json_path:
            node = loader._child(node, part)
            if node is None:
                break
            line = node.start_mark.line + 1
        assert got == line, f"{json_path}: line {got}, composing the whole text says {line}"
    return answered


@pytest.mark.skipif(not SHARED_SPECS.is_dir(), reason="../shared/specs is absent")
@pytest.mark.parametrize("spec", [p for p in REAL_SPECS if p.stat().st_size > 1_000_000], ids=lambda p: p.name)
def test_real_specs_locate_paths_as_composing_the_whole_text_does(spec):
    text = spec.read_text(encoding="utf-8")
    paths = _every_path(_whole(text))
    sample = paths[1 :: max(1, len(paths) // 150)]
    sample += [p + ("absent", 0) for p in sample[::10]] + [("components", "schemas", "Absent"), ("absent",)]
    assert _assert_located_as_by_whole_composition(text, sample) >= len(sample) // 2


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_crafted_specs_locate_paths_as_composing_the_whole_text_does(name):
    text = VARIANTS[name]
    paths = _every_path(_whole(text))[1:]
    _assert_located_as_by_whole_composition(text, paths + [p + ("absent",) for p in paths])


def test_one_locator_answers_paths_in_any_order_as_fresh_ones_do():
    """It counts newlines on from positions it counted before: the order of the
    questions must not change an answer."""
    text = _big_spec()
    paths = [p for p in _every_path(_whole(text)) if len(p) >= 3]
    sample = paths[:: max(1, len(paths) // 60)]
    shuffled = sample[::-1][::2] + sample[::2] + sample[1::2]
    locator = loader._ChunkLocator(text)
    answers = {json_path: locator.line_of(json_path) for json_path in shuffled}
    assert sum(line is not None for line in answers.values()) >= len(sample) // 2
    for json_path, line in answers.items():
        if line is not None:
            assert line == loader._ChunkLocator(text).line_of(json_path), json_path


def test_warnings_of_a_big_spec_do_not_compose_the_whole_text(tmp_path, monkeypatch):
    text = _big_spec()
    path = tmp_path / "spec.yaml"
    path.write_text(text, encoding="utf-8")
    document = load_document(path, cache_dir=tmp_path / "cache")
    composed = []
    real = yaml.compose
    monkeypatch.setattr(yaml, "compose", lambda stream, Loader: composed.append(len(stream)) or real(stream, Loader=Loader))
    expected = text.splitlines().index("      operationId: getThing7") + 1
    assert document.line_of(("paths", "/things7", "get")) == expected
    assert composed and max(composed) < len(text) // 20


# --- constructing a plain chunk ---------------------------------------------------------

PLAIN_SCALARS = """\
ints: [0, -5, +3, 1_000, 0x1F, 0o17, 017, 0b101, 1:20, 12345678901234567890]
floats: [1.5, 1.5e3, -2E-2, .inf, -.Inf, .NaN, 1_000.5, 1:20.5, 6.8523015e+5]
bools: [yes, No, ON, off, true, False, y, n]
nulls: [~, null, Null, ]
dates: [2024-01-01, 2001-12-14t21:59:43.10-05:00, 2001-12-14 21:59:43.10 -5]
strings: ['1', "0x1F", plain text, "tab\\there", 'it''s', "\\u00e9", -, "", 1.2.3, 0.1.1]
block: |
  keeps
   its lines
folded: >
  one
  line
200:
  description: a status code key
true: a bool key
~: a null key
1.5: a float key
nested: {a: [1, {b: [], c: {}}], d: [[], [[]]]}
"""


def _typed(value: Any) -> Any:
    """``value`` with every scalar's type spelled out (True == 1 and 1.0 == 1 otherwise)."""
    if isinstance(value, dict):
        return [(_typed(k), _typed(v)) for k, v in value.items()]
    if isinstance(value, list):
        return [_typed(v) for v in value]
    if isinstance(value, float) and value != value:
        return ("float", "nan")
    return (type(value).__name__, value)


def test_a_plain_chunk_is_constructed_as_the_spec_loader_constructs_it():
    assert not loader._has_node_properties(PLAIN_SCALARS)
    expected = yaml.load(PLAIN_SCALARS, Loader=loader._SpecLoader)
    got = loader._parse_chunk(PLAIN_SCALARS)
    assert _typed(got) == _typed(expected)
    assert _typed(loader._plain_value(yaml.compose(PLAIN_SCALARS, Loader=loader._SafeLoader))) == _typed(expected)


@pytest.mark.parametrize(
    "text",
    [
        "a: 1\na: 2\n",  # a key given twice
        "? [a, b]\n: complex key\n",  # a key that is not a scalar
        "a: =\n",  # the YAML 1.1 value key, which no constructor of the safe loader knows
        "a: 1\n---\nb: 2\n",  # two documents
    ],
    ids=["duplicate", "complex-key", "value-tag", "two-documents"],
)
def test_a_chunk_the_spec_loader_refuses_is_refused(text):
    with pytest.raises(Exception) as expected:
        yaml.load(text, Loader=loader._SpecLoader)
    with pytest.raises(type(expected.value)):
        loader._parse_chunk(text)


def test_an_empty_chunk_is_none_as_for_the_spec_loader():
    assert loader._parse_chunk("# only a comment\n") is None is yaml.load("# only a comment\n", Loader=loader._SpecLoader)


# --- the skeleton check remembered per chunk ------------------------------------------------


def _checked_entries(monkeypatch) -> list[tuple]:
    """The paths of the path items and component schemas the skeleton check walks."""
    from generator import shape

    checked: list[tuple] = []
    real_item, real_schema = shape._path_item, shape._schema

    def path_item(item, path):
        checked.append(path)
        return real_item(item, path)

    def schema(root, path):
        if len(path) == 3 and path[:2] == ("components", "schemas"):
            checked.append(path)
        return real_schema(root, path)

    monkeypatch.setattr(shape, "_path_item", path_item)
    monkeypatch.setattr(shape, "_schema", schema)
    return checked


def test_after_an_edit_only_the_edited_entry_is_checked_again(tmp_path, monkeypatch):
    path, cache_dir = tmp_path / "spec.yaml", tmp_path / "cache"
    text = _big_spec()
    path.write_text(text, encoding="utf-8")
    checked = _checked_entries(monkeypatch)
    load_document(path, cache_dir=cache_dir)
    assert len(checked) == 800  # 400 path items and 400 schemas, the first time

    del checked[:]
    path.write_text(text.replace("number 123,", "number 123 (edited),"), encoding="utf-8")
    load_document(path, cache_dir=cache_dir)
    assert checked == [("paths", "/things123")]

    del checked[:]  # a damaged entry is still found: its new text was never found sound
    path.write_text(text.replace("        name: {type: string}\n    Thing8:", "        name: [not, a, schema]\n    Thing8:"), encoding="utf-8")
    with pytest.raises(SpecError, match="a schema must be a mapping") as raised:
        load_document(path, cache_dir=cache_dir)
    assert "#/components/schemas/Thing7/properties/name" in str(raised.value)
    assert checked == [("components", "schemas", "Thing7")]
    with pytest.raises(SpecError, match="a schema must be a mapping"):
        load_document(path, cache_dir=cache_dir)  # and it was not remembered as sound


def test_a_changed_skeleton_check_checks_everything_again(tmp_path, monkeypatch):
    path, cache_dir = tmp_path / "spec.yaml", tmp_path / "cache"
    path.write_text(_big_spec(), encoding="utf-8")
    load_document(path, cache_dir=cache_dir)
    monkeypatch.setattr(loader, "_shape_digest", lambda: "another-version")
    checked = _checked_entries(monkeypatch)
    load_document(path, cache_dir=cache_dir)
    assert len(checked) == 800


def test_an_entry_found_sound_in_one_section_is_checked_in_another(tmp_path):
    chunks = loader._ChunkCache((tmp_path, "pack"))
    text = "    Shared:\n      name: x\n      in: query\n"
    chunks.value(text, ("components", "parameters"))
    chunks.save(sound=True)
    again = loader._ChunkCache((tmp_path, "pack"))
    as_parameter = again.value(text, ("components", "parameters"))
    as_header = again.value(text, ("components", "headers"))
    assert id(as_parameter["Shared"]) in again.sound
    assert id(as_header["Shared"]) not in again.sound

"""Prose edits keep the validator's findings (generator/edits.py, validate._carried_over),
and per-schema findings are located in the document."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import edits, validate
from generator.loader import load_document


def _big_spec(things: int = 300, extra: str = "") -> str:
    """A spec of more than 100,000 characters, with a few findings of its own."""
    lines = ["openapi: 3.1.0", "info:", "  title: Big", "  version: '1'", "paths:"]
    for i in range(things):
        lines += [
            f"  /things{i}:",
            "    get:",
            f"      operationId: getThing{i}",
            f"      summary: Get thing number {i}, described at some length to make the text big",
            "      description: |",
            f"        Returns thing {i}.",
            "        Over two lines.",
            "      responses:",
            "        '200':",
            "          description: ok",
            "          content: {application/json: {schema: {$ref: '#/components/schemas/Thing" + str(i) + "'}}}",
        ]
    lines += ["components:", "  schemas:"]
    for i in range(things):
        lines += [
            f"    Thing{i}:",
            "      type: object",
            "      description: A thing.",
            "      properties:",
            "        name: {type: string, description: its name}",
            "        size: {type: integer, default: big}" if i == 7 else "        size: {type: integer}",
            "        sample: {type: object, example: {description: data, not prose}}",
        ]
    return "\n".join(lines) + "\n" + extra


BIG = _big_spec()


def test_an_operation_summary_edit_is_a_prose_edit():
    new = BIG.replace("Get thing number 12,", "Fetch thing number 12,")
    assert edits.prose_edits(BIG, new) == [("paths", "/things12", "get", "summary")]


def test_block_scalar_and_schema_descriptions_are_prose_too():
    new = BIG.replace("Returns thing 40.\n        Over two lines.", "Returns thing forty.\n        Over two lines, still.")
    assert edits.prose_edits(BIG, new) == [("paths", "/things40", "get", "description")]
    new = BIG.replace("    Thing9:\n      type: object\n      description: A thing.", "    Thing9:\n      type: object\n      description: A ninth thing.")
    assert edits.prose_edits(BIG, new) == [("components", "schemas", "Thing9", "description")]


@pytest.mark.parametrize(
    "old, new",
    [
        ("operationId: getThing5\n", "operationId: getThingFive\n"),  # not prose
        ("    Thing5:\n      type: object", "    Thing5:\n      type: array"),  # structure
        ("example: {description: data, not prose}}\n    Thing6:", "example: {description: other data}}\n    Thing6:"),  # data
        ("summary: Get thing number 5,", "summary: [Get thing number 5,"),  # not a string any more
        ("\n    get:\n      operationId: getThing5", "\n    put:\n      operationId: getThing5"),  # a key
    ],
)
def test_other_edits_are_not(old, new):
    assert old in BIG
    assert edits.prose_edits(BIG, BIG.replace(old, new, 1)) is None


def test_edits_in_two_entries_are_compared_in_the_section_holding_both():
    new = BIG.replace("Get thing number 3,", "X").replace("Get thing number 250,", "Y")
    assert edits.prose_edits(BIG, new) == [("paths", "/things3", "get", "summary"), ("paths", "/things250", "get", "summary")]
    across_sections = BIG.replace("Get thing number 3,", "X").replace("      description: A thing.\n", "      description: Z\n", 1)
    assert edits.prose_edits(BIG, across_sections) is None  # one span over paths and components: not looked into


def test_findings_about_the_edited_text_do_not_carry_over():
    new = BIG.replace("Get thing number 12,", "Fetch thing number 12,")
    operation = ("paths", "/things12", "get")
    assert edits.findings_carry_over(BIG, new, [(("components", "schemas", "Thing7"), "a finding elsewhere")])
    assert not edits.findings_carry_over(BIG, new, [(operation + ("summary",), "quotes the summary")])
    assert not edits.findings_carry_over(BIG, new, [(operation, "{'summary': 'Get thing...'} is not valid")])
    assert edits.findings_carry_over(BIG, new, [(operation, "None is not of type 'object'")])
    referring = BIG + "x-alias: {$ref: '#/paths/~1things12/get'}\n"
    assert not edits.findings_carry_over(referring, referring.replace("Get thing number 12,", "Fetch it,"), [])


def test_per_schema_findings_are_located_where_the_schema_is():
    doc = _doc(Path("unused"), BIG)
    findings = validate._validate(doc.data)
    # Where the validator reached the schema: here through the $ref of /things7's response.
    [(path, message)] = findings
    assert message == "'big' is not of type 'integer'"
    assert path == ("paths", "/things7", "get", "responses", "200", "content", "application/json", "schema", "properties", "size", "default")
    assert doc.line_of(path) == BIG.splitlines().index("  /things7:") + 11  # the line of that $ref


def _doc(path: Path, text: str):
    path = path if path.name != "unused" else Path(__file__)
    from generator.loader import Document, _parse

    return Document(path=path, text=text, data=_parse(path, text, None)[0])


def test_a_prose_edit_reuses_the_findings_without_the_validator(tmp_path, monkeypatch):
    spec = tmp_path / "api.yaml"
    spec.write_text(BIG, encoding="utf-8")
    cache_dir = tmp_path / "cache"
    before = validate.find_problems(load_document(spec, cache_dir=cache_dir), cache_dir=cache_dir)
    assert before  # the default of Thing7

    spec.write_text(BIG.replace("Get thing number 12,", "Fetch thing number 12,"), encoding="utf-8")
    monkeypatch.setattr(validate, "_validate", lambda *a, **k: pytest.fail("validated again"))
    monkeypatch.setattr(validate.os, "fork", lambda: pytest.fail("forked a validator"))
    early = validate.start_validation_early(spec, cache_dir=cache_dir)
    assert early is not None
    doc = load_document(spec, cache_dir=cache_dir)
    carried = early.attach(doc).result()
    monkeypatch.undo()
    assert carried == validate.find_problems(doc, cache_dir=None)  # what validating the new text finds


def test_a_structural_edit_is_validated_again(tmp_path):
    spec = tmp_path / "api.yaml"
    spec.write_text(BIG, encoding="utf-8")
    cache_dir = tmp_path / "cache"
    validate.find_problems(load_document(spec, cache_dir=cache_dir), cache_dir=cache_dir)
    spec.write_text(BIG.replace("        name: {type: string, description: its name}", "        name: {type: strin}", 1))
    assert validate._carried_over(spec, cache_dir) is None


# Fern's code samples name snippet files in an extension, which neither the
# bundler nor the validator follows (cohere-openapi.yaml has hundreds).
_SNIPPET = "\n      x-fern-examples:\n        - code-samples:\n            - sdk: python\n              code: {$ref: ./snippets/thing.py}"


def test_refs_to_other_files_inside_extensions_do_not_stop_a_carry_over(tmp_path, monkeypatch):
    text = BIG.replace("      operationId: getThing3\n", "      operationId: getThing3" + _SNIPPET + "\n", 1)
    spec = tmp_path / "api.yaml"
    spec.write_text(text, encoding="utf-8")
    cache_dir = tmp_path / "cache"
    validate.find_problems(load_document(spec, cache_dir=cache_dir), cache_dir=cache_dir)
    spec.write_text(text.replace("Get thing number 12,", "Fetch thing number 12,"), encoding="utf-8")
    monkeypatch.setattr(validate, "_validate", lambda *a, **k: pytest.fail("validated again"))
    carried = validate._carried_over(spec, cache_dir)
    assert carried is not None
    monkeypatch.undo()
    assert carried.findings == validate._validate(load_document(spec).data)


def test_a_spec_that_bundles_another_file_is_validated_again(tmp_path):
    (tmp_path / "shared.yaml").write_text("Owner:\n  type: object\n  description: who owns it\n", encoding="utf-8")
    text = BIG.replace("        name: {type: string, description: its name}", "        owner: {$ref: 'shared.yaml#/Owner'}", 1)
    spec = tmp_path / "api.yaml"
    spec.write_text(text, encoding="utf-8")
    cache_dir = tmp_path / "cache"
    doc = load_document(spec, cache_dir=cache_dir)
    assert doc.origins  # the other file's part was copied in
    validate.find_problems(doc, cache_dir=cache_dir)
    spec.write_text(text.replace("Get thing number 12,", "Fetch thing number 12,"), encoding="utf-8")
    assert validate._carried_over(spec, cache_dir) is None  # its findings also depend on shared.yaml


def test_only_the_innermost_entry_holding_the_edit_is_parsed(monkeypatch):
    new = BIG.replace("Get thing number 12,", "Fetch thing number 12,")
    parsed = []
    real = edits.loader._parse_chunk
    monkeypatch.setattr(edits.loader, "_parse_chunk", lambda text: parsed.append(text) or real(text))
    assert edits.prose_edits(BIG, new) == [("paths", "/things12", "get", "summary")]
    assert [text.strip().split(":")[0] for text in parsed] == ["summary", "summary"]  # not the path item


def test_holds_checks_each_edited_string_in_the_parsed_document():
    data = {"paths": {"/a": {"get": {"summary": "new", "responses": {"200": {"description": "ok"}}}}}}
    assert edits.holds(data, {("paths", "/a", "get", "summary"): "new"})
    assert edits.holds(data, {("paths", "/a", "get", "responses", 200, "description"): "ok"})  # a code read as a number
    assert not edits.holds(data, {("paths", "/a", "get", "summary"): "old"})
    assert not edits.holds(data, {("paths", "/a", "put", "summary"): "new"})
    assert not edits.holds(data, {("paths", "/a", "get", "summary", 0): "new"})


def test_an_edit_the_parsed_text_does_not_confirm_is_validated_again(tmp_path, monkeypatch):
    spec = tmp_path / "api.yaml"
    spec.write_text(BIG, encoding="utf-8")
    cache_dir = tmp_path / "cache"
    before = validate.find_problems(load_document(spec, cache_dir=cache_dir), cache_dir=cache_dir)
    spec.write_text(BIG.replace("Get thing number 12,", "Fetch thing number 12,"), encoding="utf-8")
    early = validate.start_validation_early(spec, cache_dir=cache_dir)
    assert early is not None and early._settled is not None  # carried over, so far
    validated = []
    real = validate._validate
    monkeypatch.setattr(validate, "_validate", lambda *a, **k: validated.append(1) or real(*a, **k))
    monkeypatch.setattr(edits, "holds", lambda data, changed: False)
    monkeypatch.setattr(validate.forked, "can_fork", lambda: False)  # validate here, where it can be seen
    assert early.attach(load_document(spec, cache_dir=cache_dir)).result() == before
    assert validated == [1]

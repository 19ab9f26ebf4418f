"""Validator findings and parsed specs are cached by content; background validation agrees."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from generator import loader, validate
from generator.loader import load_document
from generator.validate import find_problems, start_validation

PETSTORE = Path(__file__).resolve().parent / "fixtures" / "specs" / "petstore_minimal.yaml"

INVALID = """\
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /things:
    get:
      operationId: listThings
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {type: array, items: {type: string}, minItems: -1}
"""


def _spec(tmp_path: Path, text: str, name: str = "api.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_findings_come_from_the_cache_on_the_second_run(tmp_path, monkeypatch):
    doc = load_document(_spec(tmp_path, INVALID))
    first = find_problems(doc, cache_dir=tmp_path / "cache")
    assert first and "minItems" in str(first[0][0]) + first[0][1]
    monkeypatch.setattr(validate, "_validate", lambda data: pytest.fail("validated again"))
    assert find_problems(load_document(tmp_path / "api.yaml"), cache_dir=tmp_path / "cache") == first


def test_a_changed_spec_is_validated_again(tmp_path):
    cache_dir = tmp_path / "cache"
    assert find_problems(load_document(_spec(tmp_path, INVALID)), cache_dir=cache_dir)
    fixed = INVALID.replace("minItems: -1", "minItems: 1")
    assert find_problems(load_document(_spec(tmp_path, fixed)), cache_dir=cache_dir) == []


def test_background_validation_finds_what_in_process_validation_finds(tmp_path):
    doc = load_document(_spec(tmp_path, INVALID))
    pending = start_validation(doc, cache_dir=tmp_path / "a", background=True)
    assert pending.result() == find_problems(doc, cache_dir=tmp_path / "b")
    assert pending.result() is pending.result()
    clean = load_document(PETSTORE)
    assert start_validation(clean, cache_dir=tmp_path / "c", background=True).result() == []


def test_unsupported_version_is_reported_without_the_validator(tmp_path):
    doc = load_document(_spec(tmp_path, "swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths: {}\n"))
    [(location, message)] = find_problems(doc, cache_dir=tmp_path / "cache")
    assert message == "missing or unsupported 'openapi' version" and location.path == ("openapi",)


def test_crawl_memo_is_removed_after_validation(tmp_path):
    from referencing import _core

    before = _core.Registry.crawl
    find_problems(load_document(_spec(tmp_path, INVALID)), cache_dir=None)
    assert _core.Registry.crawl is before


def test_large_yaml_is_read_back_from_the_parse_cache(tmp_path, monkeypatch):
    schemas = {f"Thing{i}": {"type": "object", "description": "x" * 40, "properties": {"a": {"type": "string"}}} for i in range(1500)}
    text = yaml.safe_dump({"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {}, "components": {"schemas": schemas}})
    assert len(text) > loader._PARSE_CACHE_MIN_CHARS
    path = _spec(tmp_path, text)
    first = load_document(path, cache_dir=tmp_path / "cache").data
    monkeypatch.setattr(loader.yaml, "load", lambda *a, **k: pytest.fail("parsed again"))
    assert load_document(path, cache_dir=tmp_path / "cache").data == first


def test_corrupt_parse_cache_entry_is_ignored(tmp_path):
    text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n# " + "x" * loader._PARSE_CACHE_MIN_CHARS + "\n"
    path = _spec(tmp_path, text)
    first = load_document(path, cache_dir=tmp_path / "cache").data
    [entry] = [p for p in (tmp_path / "cache" / "parsed").rglob("*") if p.is_file()]
    entry.write_bytes(entry.read_bytes()[:-3] + b"zzz")
    assert load_document(path, cache_dir=tmp_path / "cache").data == first

"""The remembered IR (generator.last_api): patched after an edit to an operation's
summary or description, it equals the IR built afresh; any other edit rebuilds it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator import edits, last_api, loader, parser
from generator.loader import load_document
from tests.goldens import REPO_ROOT

_BUILD = parser.build_api_and_warnings  # unwatched: the checks' own builds are not counted
KITCHEN_SINK = REPO_ROOT / "tests" / "fixtures" / "specs" / "kitchen_sink.yaml"
SHARED = REPO_ROOT.parent / "shared" / "specs"
# The fixture, with prose to edit on two operations (it has none of its own there).
BASE = (
    KITCHEN_SINK.read_text(encoding="utf-8")
    .replace("      operationId: listPets\n", "      operationId: listPets\n      summary: List the pets.\n", 1)
    .replace("      operationId: login\n", "      operationId: login\n      description: Log in.\n", 1)
)


@pytest.fixture(autouse=True)
def small_specs_count(monkeypatch):
    """The fixtures are far below the size the shortcut is meant for."""
    monkeypatch.setattr(last_api, "MIN_CHARS", 0)
    monkeypatch.setattr(loader, "_PARSE_CACHE_MIN_CHARS", 0)


@pytest.fixture
def builds(monkeypatch) -> list[str]:
    """Every full IR build, by document text."""
    built: list[str] = []
    real = parser.build_api_and_warnings
    monkeypatch.setattr(parser, "build_api_and_warnings", lambda doc, package: built.append(doc.text) or real(doc, package))
    return built


def _generate(tmp_path: Path, text: str, *, remember: bool = True, package: str = "pkg"):
    doc = _doc_of(tmp_path, text)
    api = last_api.LastApi(tmp_path / "cache", doc, package, "environment").build(remember=remember)
    return api, doc


def _doc_of(directory: Path, text: str):
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "spec.yaml").write_text(text, encoding="utf-8")
    return load_document(directory / "spec.yaml")


def _same_as_built_afresh(api, doc) -> None:
    fresh = _BUILD(doc, api.package)[0]
    assert api == fresh
    assert api.warnings == fresh.warnings  # (not part of equality) located in the new text


def test_an_edited_operation_summary_is_patched_not_rebuilt(tmp_path, builds):
    _generate(tmp_path, BASE)
    assert len(builds) == 1
    edited = BASE.replace("summary: List the pets.", "summary: List every pet there is.")
    api, doc = _generate(tmp_path, edited)
    assert len(builds) == 1
    _same_as_built_afresh(api, doc)
    operation = next(op for resource in api.resources for op in resource.operations if op.name == "list_pets")
    assert operation.summary == "List every pet there is."


def test_edits_that_add_lines_relocate_the_warnings_after_them(tmp_path, builds):
    _generate(tmp_path, BASE)
    edited = BASE.replace("description: Log in.", "description: |\n        Log in.\n\n        With a password.\n")
    api, doc = _generate(tmp_path, edited)
    assert len(builds) == 1
    _same_as_built_afresh(api, doc)
    base_warnings = _BUILD(load_document(tmp_path / "spec.yaml"), "pkg")[0].warnings
    assert api.warnings == base_warnings  # located in the edited text
    original = _BUILD(_doc_of(tmp_path / "base", BASE), "pkg")[0].warnings
    assert len(original) == len(api.warnings) > 0 and original != api.warnings  # lines after the edit moved


def test_successive_edits_build_on_each_other(tmp_path, builds):
    _generate(tmp_path, BASE)
    first = BASE.replace("summary: List the pets.", "summary: Pets, listed.")
    _generate(tmp_path, first)
    second = first.replace("description: Log in.", "description: Log in, then call.")
    api, doc = _generate(tmp_path, second)
    _same_as_built_afresh(api, doc)
    back = second.replace("summary: Pets, listed.", "summary: ''")  # an empty summary is no summary
    api, doc = _generate(tmp_path, back)
    _same_as_built_afresh(api, doc)
    assert len(builds) == 1


@pytest.mark.parametrize(
    "edit",
    [
        ("description: A cat, built from Animal with allOf.", "description: A cat."),  # a schema's prose
        ("operationId: listPets", "operationId: listAllPets"),  # not prose
        ("summary: List the pets.", "summary: List the pets.\n      deprecated: true"),  # a key added
    ],
)
def test_other_edits_rebuild_the_ir(tmp_path, builds, edit):
    _generate(tmp_path, BASE)
    old, new = edit
    assert old in BASE
    api, doc = _generate(tmp_path, BASE.replace(old, new, 1))
    assert len(builds) == 2
    _same_as_built_afresh(api, doc)


def test_an_operation_a_ref_points_at_is_rebuilt(tmp_path, builds):
    referring = BASE.replace(
        "  /login:\n", "  /signin:\n    $ref: '#/paths/~1login'\n  /login:\n", 1
    )
    _generate(tmp_path, referring)
    api, doc = _generate(tmp_path, referring.replace("description: Log in.", "description: Sign in."))
    assert len(builds) == 2
    _same_as_built_afresh(api, doc)


def test_the_first_run_remembers_only_when_asked(tmp_path, builds):
    _generate(tmp_path, BASE, remember=False)
    _generate(tmp_path, BASE.replace("summary: List the pets.", "summary: Pets."), remember=False)
    assert len(builds) == 2  # nothing remembered: built again
    _generate(tmp_path, BASE, remember=True)
    _generate(tmp_path, BASE.replace("summary: List the pets.", "summary: Pets."), remember=False)
    assert len(builds) == 3  # remembered once asked, and patched from then on


def test_another_package_or_a_corrupt_entry_builds_afresh(tmp_path, builds):
    _generate(tmp_path, BASE)
    api, doc = _generate(tmp_path, BASE, package="other")
    assert api.package == "other" and len(builds) == 2
    for entry in (tmp_path / "cache" / "last-api").rglob("*"):
        if entry.is_file():
            entry.write_bytes(entry.read_bytes()[:-10])
    api, doc = _generate(tmp_path, BASE.replace("summary: List the pets.", "summary: Pets."))
    assert len(builds) == 3
    _same_as_built_afresh(api, doc)


# --- the corpus ------------------------------------------------------------------------------

CORPUS = [SHARED / "corpus" / "openai-2026-3.1.yaml", SHARED / "cohere-openapi.yaml"]


def _operation_prose_edits(text: str) -> list[tuple[str, str]]:
    """Three edits of operation prose that occur once: a summary, a description
    rewritten, and a description given two more lines."""
    found: list[tuple[str, str]] = []
    for key, replacement in (("summary", "Edited summary"), ("description", "Edited description.")):
        for match in re.finditer(rf"^      {key}: ([A-Z][A-Za-z ,.]{{8,60}})$", text, flags=re.MULTILINE):
            line = match.group(0)
            if text.count(line) == 1:
                found.append((line, f"      {key}: {replacement}"))
                if key == "description":
                    found.append((line, f"      {key}: |\n        {match.group(1)}\n\n        Two more lines.\n"))
                break
    return found


@pytest.mark.parametrize("spec", CORPUS, ids=lambda p: p.name)
def test_patched_ir_equals_a_fresh_build_on_real_specs(tmp_path, builds, spec):
    if not spec.exists():
        pytest.skip("../shared is absent")
    text = spec.read_text(encoding="utf-8")
    planned = _operation_prose_edits(text)
    assert len(planned) == 3
    _generate(tmp_path, text)
    for old, new in planned:
        edited = text.replace(old, new, 1)
        assert edits.prose_changes(text, edited)
        api, doc = _generate(tmp_path, edited)
        _same_as_built_afresh(api, doc)
    assert len(builds) == 1


def test_a_run_after_an_edit_generates_what_a_fresh_run_does(tmp_path, builds):
    from generator.pipeline import generate

    spec = tmp_path / "spec.yaml"
    cache_dir = tmp_path / "cache"
    versions = [BASE, BASE.replace("summary: List the pets.", "summary: Pets."),
                BASE.replace("summary: List the pets.", "summary: All the pets, listed.")]
    for text in versions:
        spec.write_text(text, encoding="utf-8")
        result = generate(spec, "pkg", cache_dir=cache_dir)
    assert len(builds) == 2  # the first run remembers nothing; the second does; the third patches
    fresh = generate(spec, "pkg", cache_dir=tmp_path / "fresh")
    assert result.files == fresh.files and result.warnings == fresh.warnings
    assert "All the pets, listed." in "".join(result.files.values())


def test_a_patched_ir_keeps_the_render_cache_keys_of_a_fresh_build(tmp_path):
    """Models and resources the edit left alone are found in the render cache:
    an IR read back from its pickle gives the same keys as one built afresh."""
    from generator import render

    def keys(api) -> dict[str, str]:
        renderer = render.Renderer(api, render_cache=render.RenderCache(tmp_path / "render", "environment"))
        list(renderer._tasks())
        return renderer._to_remember

    _generate(tmp_path, BASE)
    edited = BASE.replace("summary: List the pets.", "summary: Pets.")
    patched, doc = _generate(tmp_path, edited)
    fresh = _BUILD(doc, "pkg")[0]
    assert keys(patched) == keys(fresh) and keys(fresh)


CALLED: list[str] = []


def _called(word: str) -> str:
    CALLED.append(word)
    return word


class _CallsWhenRead:
    def __reduce__(self):
        return (_called, ("read back",))


def test_an_entry_naming_anything_but_the_ir_is_not_read_back(tmp_path, builds):
    """A pickle can call anything it names: the entry may name only IR classes."""
    import marshal
    import pickle

    from generator import cache

    _generate(tmp_path, BASE)
    [entry] = [p for p in (tmp_path / "cache" / "last-api").rglob("*") if p.is_file()]
    latest_text, patches, _ = marshal.loads(entry.read_bytes()[40:])
    payload = marshal.dumps((latest_text, patches, pickle.dumps((_CallsWhenRead(), ()))))
    entry.write_bytes(cache.digest(payload).encode("ascii") + payload)
    CALLED.clear()
    api, doc = _generate(tmp_path, BASE.replace("summary: List the pets.", "summary: Pets."))
    assert CALLED == [] and len(builds) == 2
    _same_as_built_afresh(api, doc)

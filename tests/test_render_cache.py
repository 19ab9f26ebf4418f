"""The render cache (render.RenderCache) changes no output: a cached render equals a
fresh one, an edit re-renders exactly the modules made from what changed, and the
keys are the same in every process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Optional

import pytest

from generator import pipeline, render
from generator.parser import build_api
from tests.goldens import REPO_ROOT

SPEC = REPO_ROOT / "specs" / "cohere.yaml"
ENVIRONMENT = "test-environment"


def _api(text: str):
    path = Path("cohere.yaml")
    from generator.loader import Document, _parse

    return build_api(Document(path=path, text=text, data=_parse(path, text, None)[0]), "cohere_sdk")


def _render_counting(api, directory: Path, monkeypatch, templates: Optional[list[str]] = None) -> tuple[dict[str, str], list[str]]:
    """The files, and the modules rendered from their templates (not from the cache);
    ``templates`` collects the names of the templates rendered."""
    rendered: list[str] = []
    real = render.Renderer._template

    def counting(self, name, *, module, **context):
        rendered.append(module)
        if templates is not None:
            templates.append(name)
        return real(self, name, module=module, **context)

    monkeypatch.setattr(render.Renderer, "_template", counting)
    files = render.render(api, render_cache=render.RenderCache(directory, ENVIRONMENT))
    monkeypatch.setattr(render.Renderer, "_template", real)
    return files, rendered


def test_a_cached_render_is_a_fresh_render(tmp_path, monkeypatch):
    api = _api(SPEC.read_text(encoding="utf-8"))
    fresh = render.render(api)
    templates_first: list[str] = []
    templates_second: list[str] = []
    first, rendered_first = _render_counting(api, tmp_path, monkeypatch, templates_first)
    second, rendered_second = _render_counting(api, tmp_path, monkeypatch, templates_second)
    assert first == fresh and second == fresh
    models_and_clients = {m.module for m in api.models} | {f"{r.module}.{n}" for r in api.resources for n in ("raw_client", "client")}
    assert models_and_clients <= set(rendered_first)
    assert not models_and_clients & set(rendered_second)  # all from the cache
    lazy_inits = [p for p in fresh if p.endswith("__init__.py") and not p.endswith(("/core/__init__.py", "/errors/__init__.py"))]
    assert len(lazy_inits) > 2 and templates_first.count("lazy_init.py.jinja") == len(lazy_inits)
    assert "lazy_init.py.jinja" not in templates_second


def test_an_edited_operation_re_renders_its_resource_only(tmp_path, monkeypatch):
    text = SPEC.read_text(encoding="utf-8")
    _render_counting(_api(text), tmp_path, monkeypatch)
    assert "summary: List batches" in text
    edited = _api(text.replace("summary: List batches", "summary: List every batch", 1))
    files, rendered = _render_counting(edited, tmp_path, monkeypatch)
    assert files == render.render(edited)
    assert "batches.raw_client" in rendered and "batches.client" in rendered
    assert not {m.module for m in edited.models} & set(rendered)
    assert "embed_jobs.client" not in rendered


def test_an_edited_model_re_renders_it_and_every_client(tmp_path, monkeypatch):
    text = SPEC.read_text(encoding="utf-8")
    api = _api(text)
    _render_counting(api, tmp_path, monkeypatch)
    batch = next(m for m in api.models if m.name == "Batch")
    assert batch.description and batch.description in text
    edited = _api(text.replace(batch.description, "A batch, edited.", 1))
    files, rendered = _render_counting(edited, tmp_path, monkeypatch)
    assert files == render.render(edited)
    assert batch.module in rendered
    assert {f"{r.module}.client" for r in edited.resources} <= set(rendered)  # their examples may show models
    assert len({m.module for m in edited.models} & set(rendered)) == 1


def test_a_renamed_model_re_renders_the_packages_that_export_it(tmp_path, monkeypatch):
    text = SPEC.read_text(encoding="utf-8")
    _render_counting(_api(text), tmp_path, monkeypatch)
    assert text.count("    BatchStatus:") == 1
    edited = _api(text.replace("    BatchStatus:", "    BatchState:").replace('/BatchStatus"', '/BatchState"'))
    templates: list[str] = []
    files, _ = _render_counting(edited, tmp_path, monkeypatch, templates)
    assert files == render.render(edited)
    assert "BatchState" in files["cohere_sdk/__init__.py"] and "BatchStatus" not in files["cohere_sdk/__init__.py"]
    assert 1 <= templates.count("lazy_init.py.jinja") < len([p for p in files if p.endswith("__init__.py")]) - 2


def test_overriding_templates_turn_the_render_cache_off(tmp_path):
    assert pipeline._render_cache((), tmp_path) is not None
    assert pipeline._render_cache((tmp_path / "mine",), tmp_path) is None


_KEYS = """
import json, sys
from pathlib import Path
from generator import render
from generator.loader import load_document
from generator.parser import build_api
api = build_api(load_document(Path(sys.argv[1])), "sdk")
cache = render.RenderCache(Path(sys.argv[2]), "environment")
renderer = render.Renderer(api, render_cache=cache)
tasks = list(renderer._tasks())
print(json.dumps(sorted(renderer._to_remember.values())))
"""


@pytest.mark.parametrize("spec", ["specs/cohere.yaml", "tests/fixtures/specs/kitchen_sink.yaml"])
def test_keys_are_the_same_in_every_process(tmp_path, spec):
    """Python randomises string hashes per process: nothing in a key may depend on it."""
    keys = []
    for seed in ("1", "2"):
        proc = subprocess.run(
            [sys.executable, "-c", _KEYS, str(REPO_ROOT / spec), str(tmp_path / seed)],
            capture_output=True, text=True, cwd=REPO_ROOT, env={**os.environ, "PYTHONHASHSEED": seed},
        )
        assert proc.returncode == 0, proc.stderr
        keys.append(json.loads(proc.stdout))
    assert keys[0] and keys[0] == keys[1]


@pytest.mark.parametrize("spec", ["specs/cohere.yaml", "tests/fixtures/specs/kitchen_sink.yaml"])
def test_keys_do_not_depend_on_where_the_spec_text_was_read_from(tmp_path, spec, monkeypatch):
    """The YAML parser and the loader's chunk cache give the same keys."""
    from generator import loader
    from generator.loader import load_document

    monkeypatch.setattr(loader, "_PARSE_CACHE_MIN_CHARS", 0)  # these specs are below the size it pays at

    def keys(cache_dir):
        api = build_api(load_document(REPO_ROOT / spec, cache_dir=cache_dir), "sdk")
        renderer = render.Renderer(api, render_cache=render.RenderCache(tmp_path / "render", ENVIRONMENT))
        list(renderer._tasks())
        return renderer._to_remember

    parsed = keys(None)
    keys(tmp_path / "chunks")  # fills the chunk cache
    assert any(path.is_file() for path in (tmp_path / "chunks").rglob("*"))
    from_chunks = keys(tmp_path / "chunks")
    assert parsed and from_chunks == parsed

"""Shared helpers for the hostile-input tests: specs and servers that try to break
the generator and the SDKs it makes.

Generator side: ``generate_doc`` runs ``generator.pipeline.generate`` in-process on
a spec given as a mapping, text or path; ``parse_all`` compiles every emitted
module; ``imported_sdk`` writes the files to a directory and imports
the package (and every module in it) under a unique name; ``run_cli`` runs
``python -m generator`` in a subprocess, optionally with every network connection
refused and with an address-space limit.
"""

from __future__ import annotations

import contextlib
import importlib
import itertools
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any, Iterator, Mapping, Optional, Sequence, Union

import pytest
import yaml

REPO_ROOT = Path(__file__).resolve().parents[2]
SPECS_DIR = Path(__file__).resolve().parent / "specs"
CORE_MARKER = "/core/"

_package_counter = itertools.count()

# Hypothesis keeps caches in ./.hypothesis by default; keep them out of the repo.
try:
    import tempfile

    from hypothesis import configuration as _hypothesis_configuration

    _hypothesis_configuration.set_hypothesis_home_dir(os.path.join(tempfile.gettempdir(), "sdkforge-hostile-hypothesis"))
except Exception:  # pragma: no cover - hypothesis absent or its layout changed
    pass


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "slow: long-running hostile-input test (50 MB spec, load run, fuzzing)")


@pytest.fixture(autouse=True)
def _private_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep the generator's persistent cache out of the user's home directory."""
    monkeypatch.setenv("SDKFORGE_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "sdkforge-cache"))


def unique_package(stem: str = "hostile_sdk") -> str:
    """A package name no other test imported (modules stay cached in sys.modules)."""
    return f"{stem}_{os.getpid()}_{next(_package_counter)}"


def write_spec(directory: Path, doc: Union[Mapping[str, Any], str], name: str = "spec.yaml") -> Path:
    """Write ``doc``: a mapping (YAML or JSON by suffix) or raw text."""
    path = directory / name
    if isinstance(doc, str):
        path.write_text(doc, encoding="utf-8")
    elif name.endswith(".json"):
        path.write_text(json.dumps(doc), encoding="utf-8")
    else:
        path.write_text(yaml.safe_dump(dict(doc), sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def generate_doc(
    directory: Path,
    doc: Union[Mapping[str, Any], str, Path],
    package: Optional[str] = None,
    *,
    name: str = "spec.json",
    formatter: str = "none",
    strict: bool = False,
) -> Any:
    """``generator.pipeline.generate`` on ``doc``; returns the ``Generated`` result.

    Mappings are written as JSON by default: YAML folds some characters (NEL,
    CR) on a round trip, which would blur what the generator itself does.
    """
    from generator.pipeline import generate

    path = doc if isinstance(doc, Path) else write_spec(directory, doc, name)
    return generate(path, package or unique_package(), formatter=formatter, strict=strict)


def render_doc(
    directory: Path,
    doc: Union[Mapping[str, Any], str, Path],
    package: str = "hostile_pkg",
    *,
    name: str = "spec.json",
) -> dict[str, str]:
    """load → parse → render, without the validator and the formatter: the stages
    that turn spec text into code, cheap enough to run hundreds of times."""
    from generator.loader import load_document
    from generator.parser import build_api
    from generator.render import render

    path = doc if isinstance(doc, Path) else write_spec(directory, doc, name)
    return render(build_api(load_document(path), package))


def python_files(files: Mapping[str, str], *, include_core: bool = False) -> dict[str, str]:
    return {
        path: text
        for path, text in files.items()
        if path.endswith(".py") and (include_core or CORE_MARKER not in path)
    }


def parse_all(files: Mapping[str, str]) -> dict[str, str]:
    """Compile every generated module (the verbatim runtime core is skipped);
    returns them. ``compile`` rather than ``ast.parse``: CPython 3.11.7's AST
    constructor can be left in a bad state by an earlier failure in the same
    process ("SystemError: AST constructor recursion depth mismatch", gh-106905),
    while compiling checks the same syntax without building Python AST objects."""
    checked = {}
    for path, text in python_files(files).items():
        try:
            compile(text, path, "exec", dont_inherit=True)
        except (SyntaxError, ValueError) as exc:
            lineno = getattr(exc, "lineno", None) or 0
            lines = text.splitlines()
            line = lines[lineno - 1] if 0 < lineno <= len(lines) else ""
            raise AssertionError(f"{path}:{lineno}: generated code does not parse: {exc}\n    {line!r}") from None
        checked[path] = text
    return checked


def module_names(package_dir: Path) -> list[str]:
    """Dotted names of every module of the package written at ``package_dir``."""
    names = []
    for path in sorted(package_dir.rglob("*.py")):
        parts = list(path.relative_to(package_dir.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        names.append(".".join(parts))
    return names


@contextlib.contextmanager
def imported_sdk(root: Path, files: Mapping[str, str], package: str, *, import_all: bool = True) -> Iterator[Any]:
    """Write ``files`` under ``root``, import ``package`` (and, by default, every
    module in it), and forget all of it afterwards."""
    from generator.writer import write_files

    write_files(root, dict(files))
    sys.path.insert(0, str(root))
    importlib.invalidate_caches()
    try:
        module = importlib.import_module(package)
        if import_all:
            for name in module_names(root / package.replace(".", "/")):
                importlib.import_module(name)
        yield module
    finally:
        sys.path.remove(str(root))
        for name in [n for n in sys.modules if n == package or n.startswith(package + ".")]:
            del sys.modules[name]


# Runs the CLI with every outgoing connection and name lookup refused (and reported
# on stderr), so a test can prove the generator never touches the network.
_NO_NETWORK_WRAPPER = textwrap.dedent(
    """
    import socket, sys
    def _refuse(*args, **kwargs):
        sys.stderr.write("HOSTILE-TEST: network access attempted\\n")
        raise OSError("network access is forbidden in this test")
    socket.socket.connect = _refuse
    socket.socket.connect_ex = _refuse
    socket.create_connection = _refuse
    socket.getaddrinfo = _refuse
    from generator.cli import main
    sys.argv[0] = "sdkforge"
    sys.exit(main(sys.argv[1:]))
    """
)


def run_cli(
    args: Sequence[str],
    *,
    cwd: Optional[Path] = None,
    timeout: float = 120,
    no_network: bool = False,
    memory_limit: Optional[int] = None,
    env: Optional[Mapping[str, str]] = None,
) -> subprocess.CompletedProcess[str]:
    """``python -m generator ARGS`` in a subprocess, the repository on PYTHONPATH.

    ``memory_limit`` caps the child's address space (bytes) with RLIMIT_AS.
    """
    full_env = dict(os.environ)
    full_env["PYTHONPATH"] = str(REPO_ROOT) + os.pathsep + full_env.get("PYTHONPATH", "")
    full_env["SDKFORGE_NO_CACHE"] = "1"
    full_env.update(env or {})
    if no_network:
        command = [sys.executable, "-c", _NO_NETWORK_WRAPPER, *args]
    else:
        command = [sys.executable, "-m", "generator", *args]

    def limit() -> None:  # pragma: no cover - runs in the child
        import resource

        if memory_limit is not None:
            resource.setrlimit(resource.RLIMIT_AS, (memory_limit, memory_limit))

    return subprocess.run(
        command,
        cwd=str(cwd or REPO_ROOT),
        env=full_env,
        capture_output=True,
        text=True,
        timeout=timeout,
        preexec_fn=limit if memory_limit is not None else None,
    )


@pytest.fixture
def sdkforge(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Any:
    """``generator.cli.main`` in this process (no interpreter start-up, the
    validator imported once): ``sdkforge(*args)`` → CompletedProcess-like result.
    Runs in ``tmp_path`` so no configuration file of the repository applies."""
    from generator.cli import main

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SDKFORGE_NO_CACHE", "1")

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        capsys.readouterr()
        try:
            code = main(list(args))
        except SystemExit as exc:  # argparse errors
            code = exc.code if isinstance(exc.code, int) else 2
        captured = capsys.readouterr()
        return subprocess.CompletedProcess(["sdkforge", *args], code, captured.out, captured.err)

    return run


def describe(result: subprocess.CompletedProcess[str]) -> str:
    return f"exit {result.returncode}\n--- stdout\n{result.stdout[-2000:]}\n--- stderr\n{result.stderr[-4000:]}"


def assert_clean_failure(result: subprocess.CompletedProcess[str], *fragments: str) -> None:
    """Exit code 2 with an ``sdkforge: error:`` message: no traceback, no
    'internal error'; each of ``fragments`` appears in the message."""
    detail = describe(result)
    assert result.returncode == 2, detail
    assert "Traceback" not in result.stderr, detail
    assert "internal error" not in result.stderr, detail
    assert "sdkforge: error:" in result.stderr, detail
    for fragment in fragments:
        assert fragment in result.stderr, f"{fragment!r} missing from the message\n{detail}"


def minimal_spec(**top_level: Any) -> dict[str, Any]:
    """A small valid OpenAPI 3.0 document; keyword arguments replace top-level keys.

    One resource ``things`` with ``get_thing(thing_id)`` → ``Thing {id, size}``.
    """
    doc: dict[str, Any] = {
        "openapi": "3.0.3",
        "info": {"title": "Hostile", "version": "1.0"},
        "servers": [{"url": "https://api.example.com"}],
        "paths": {
            "/things/{thing_id}": {
                "get": {
                    "operationId": "getThing",
                    "tags": ["things"],
                    "parameters": [
                        {"name": "thing_id", "in": "path", "required": True, "schema": {"type": "string"}}
                    ],
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}},
                        }
                    },
                }
            }
        },
        "components": {
            "schemas": {
                "Thing": {
                    "type": "object",
                    "required": ["id"],
                    "properties": {"id": {"type": "string"}, "size": {"type": "integer"}},
                }
            }
        },
    }
    doc.update(top_level)
    return doc


def thing_operation(doc: Mapping[str, Any]) -> dict[str, Any]:
    return doc["paths"]["/things/{thing_id}"]["get"]


def thing_schema(doc: Mapping[str, Any]) -> dict[str, Any]:
    return doc["components"]["schemas"]["Thing"]

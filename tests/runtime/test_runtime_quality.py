"""Static checks on the runtime core: mypy --strict, black, cheap import."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

CORE_SOURCE = Path(__file__).resolve().parents[2] / "templates" / "core"


def _run(args: list, cwd: Path) -> subprocess.CompletedProcess:  # type: ignore[type-arg]
    env = {**os.environ, "PYTHONPATH": str(cwd)}
    return subprocess.run(
        [sys.executable, *args], cwd=cwd, env=env, capture_output=True, text=True
    )


def _mypy_cache_dir(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    """Reuse pytest's cache between runs: checking httpx and pydantic cold
    takes several seconds, a warm cache about one."""
    cache = getattr(request.config, "cache", None)
    return cache.mkdir("sdkforge-runtime-mypy") if cache is not None else tmp_path


def test_mypy_strict_passes_on_the_copied_package(
    core_root: Path, core: Any, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    cache_dir = _mypy_cache_dir(request, tmp_path)
    result = _run(
        ["-m", "mypy", "--strict", "--cache-dir", str(cache_dir)]
        + ["-p", f"{core.package}.core"],
        core_root,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Success: no issues found" in result.stdout


def test_black_formatting(tmp_path: Path) -> None:
    result = _run(
        ["-m", "black", "--check", "--line-length", "88", str(CORE_SOURCE)], tmp_path
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_importing_core_does_not_load_httpx_or_pydantic(
    core_root: Path, core: Any
) -> None:
    code = (
        f"import sys, {core.package}.core\n"
        "loaded = {'httpx', 'pydantic'} & set(sys.modules)\n"
        "assert not loaded, loaded\n"
    )
    result = _run(["-c", code], core_root)
    assert result.returncode == 0, result.stderr


def test_core_modules_use_relative_imports_only(core: Any) -> None:
    for source in CORE_SOURCE.glob("*.py"):
        text = source.read_text()
        assert "from core" not in text and "import core" not in text, source.name
        assert "sdkforge" not in text, source.name

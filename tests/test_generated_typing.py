"""Every golden SDK passes ``mypy --strict`` and imports module by module."""

from __future__ import annotations

import importlib
import subprocess
import sys

import pytest

from tests.goldens import golden_cases

CASES = golden_cases()


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_mypy_strict_passes(case):
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "-p", case.package],
        cwd=case.output,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_every_module_imports(case):
    package_dir = case.output / case.package
    modules = sorted(
        ".".join((case.package, *path.relative_to(package_dir).with_suffix("").parts)).removesuffix(".__init__")
        for path in package_dir.rglob("*.py")
    )
    script = "import importlib, sys\nfor name in sys.argv[1:]:\n    importlib.import_module(name)\n"
    result = subprocess.run(
        [sys.executable, "-c", script, *modules],
        cwd=case.output,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr

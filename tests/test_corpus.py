"""Real public specs from ../shared: each generates, every module imports, and
those under 1.5 MB give output that passes ``mypy --strict``.

Skipped only when ../shared is absent (it sits beside the repo in CI).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from generator.pipeline import generate
from generator.writer import write_files
from tests.goldens import REPO_ROOT

SHARED_SPECS = REPO_ROOT.parent / "shared" / "specs"
CORPUS = sorted((SHARED_SPECS / "corpus").glob("*")) + [SHARED_SPECS / "cohere-openapi.yaml"]
MYPY_LIMIT_BYTES = 1_500_000

pytestmark = pytest.mark.skipif(not SHARED_SPECS.is_dir(), reason="../shared/specs is absent")


def _id(path: Path) -> str:
    return path.name.split(".")[0]


@pytest.fixture(scope="module", params=CORPUS, ids=[_id(p) for p in CORPUS])
def generated_sdk(request, tmp_path_factory) -> tuple[Path, Path]:
    spec: Path = request.param
    out = tmp_path_factory.mktemp(_id(spec))
    result = generate(spec, "sdk")
    write_files(out, result.files)
    for warning in result.warnings:
        assert "object at 0x" not in warning, warning  # warnings name things, never reprs
    return spec, out


def test_every_module_imports(generated_sdk):
    _, out = generated_sdk
    script = (
        "import importlib, pathlib, sys\n"
        "root = pathlib.Path(sys.argv[1])\n"
        "failed = []\n"
        "for path in sorted((root / 'sdk').rglob('*.py')):\n"
        "    name = '.'.join(path.relative_to(root).with_suffix('').parts).removesuffix('.__init__')\n"
        "    try:\n"
        "        importlib.import_module(name)\n"
        "    except Exception as exc:\n"
        "        failed.append(f'{name}: {type(exc).__name__}: {exc}')\n"
        "print('\\n'.join(failed[:20]))\n"
        "sys.exit(1 if failed else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", script, str(out)], cwd=out, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_strict_on_specs_under_1_5_mb(generated_sdk):
    spec, out = generated_sdk
    if spec.stat().st_size >= MYPY_LIMIT_BYTES:
        pytest.skip(f"{spec.name} is {spec.stat().st_size / 1e6:.1f} MB: import check only")
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "-p", "sdk"],
        cwd=out,
        capture_output=True,
        text=True,
        timeout=1800,
    )
    assert result.returncode == 0, result.stdout[-5000:] + result.stderr[-2000:]

"""Locate, or create, a Python interpreter that has Cohere's own SDK installed.

Order:
1. env ``SDKFORGE_COHERE_PYTHON`` (path to a python executable) - must work,
   otherwise the test run fails;
2. ``<repo>/.cache/cohere-<version>/bin/python`` if it exists and works;
3. create that venv (``python -m venv`` + ``pip install cohere==<version>``).
   On failure: skip, or fail when env ``CI`` is set.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Optional, Tuple

from .sdk import REPO_ROOT

COHERE_VERSION = "7.3.1"
ENV_VAR = "SDKFORGE_COHERE_PYTHON"
CACHE_VENV = REPO_ROOT / ".cache" / f"cohere-{COHERE_VERSION}"


def _venv_python(venv: Path) -> Path:
    return venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def probe(python: Path) -> Tuple[bool, str]:
    """(ok, detail): does ``python`` import cohere at the expected version?"""
    try:
        proc = subprocess.run(
            [str(python), "-c", "import cohere.version as v; print(v.__version__)"],
            capture_output=True,
            text=True,
            timeout=120,
        )
    except (OSError, subprocess.TimeoutExpired) as e:
        return False, f"cannot run {python}: {e}"
    if proc.returncode != 0:
        return False, f"{python} cannot import cohere: {proc.stderr.strip()[-800:]}"
    version = proc.stdout.strip()
    if version != COHERE_VERSION:
        return False, f"{python} has cohere {version}, expected {COHERE_VERSION}"
    return True, version


def _create_venv(target: Path) -> Tuple[bool, str]:
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f"{target.name}.tmp-{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    steps = [
        [sys.executable, "-m", "venv", str(tmp)],
        [
            str(_venv_python(tmp)),
            "-m",
            "pip",
            "install",
            "--disable-pip-version-check",
            "--no-input",
            "-q",
            f"cohere=={COHERE_VERSION}",
        ],
    ]
    for cmd in steps:
        try:
            proc = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
        except (OSError, subprocess.TimeoutExpired) as e:
            shutil.rmtree(tmp, ignore_errors=True)
            return False, f"{' '.join(cmd)}: {e}"
        if proc.returncode != 0:
            shutil.rmtree(tmp, ignore_errors=True)
            out = (proc.stderr or proc.stdout).strip()[-1500:]
            return False, f"{' '.join(cmd)} exited {proc.returncode}: {out}"
    try:
        os.rename(tmp, target)  # atomic publish; a concurrent creator may have won
    except OSError:
        shutil.rmtree(tmp, ignore_errors=True)
    return True, "created"


def find_reference_python(create: bool = True) -> Tuple[Optional[Path], str]:
    """Return (python, detail); python is None when unavailable (detail says why).

    Raises RuntimeError if ``SDKFORGE_COHERE_PYTHON`` is set but unusable.
    """
    explicit = os.environ.get(ENV_VAR)
    if explicit:
        ok, detail = probe(Path(explicit))
        if not ok:
            raise RuntimeError(f"{ENV_VAR}={explicit} is not usable: {detail}")
        return Path(explicit), detail
    python = _venv_python(CACHE_VENV)
    if python.exists():
        ok, detail = probe(python)
        if ok:
            return python, detail
        if not create:
            return None, detail
        shutil.rmtree(CACHE_VENV, ignore_errors=True)  # broken cache: rebuild it
    if not create:
        return None, f"{python} does not exist"
    ok, detail = _create_venv(CACHE_VENV)
    if not ok:
        return None, f"could not create reference venv at {CACHE_VENV}: {detail}"
    ok, detail = probe(python)
    return (python, detail) if ok else (None, detail)


def reference_python_or_skip() -> Path:
    """For fixtures: the reference python, else skip (fail when env CI is set)."""
    import pytest

    try:
        python, detail = find_reference_python()
    except RuntimeError as e:
        pytest.fail(str(e))
    if python is None:
        msg = f"Cohere reference SDK unavailable ({detail}); set {ENV_VAR} to a python with cohere=={COHERE_VERSION}"
        if os.environ.get("CI"):
            pytest.fail(msg)
        pytest.skip(msg)
    return python

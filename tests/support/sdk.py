"""Locating the generated SDK (``generated/cohere_sdk``) relative to the repo."""

from __future__ import annotations

import importlib
import os
import sys
from pathlib import Path
from types import ModuleType

REPO_ROOT = Path(__file__).resolve().parents[2]
GENERATED_DIR = REPO_ROOT / "generated"
PACKAGE_NAME = "cohere_sdk"


def ensure_generated_on_path() -> Path:
    path = str(GENERATED_DIR)
    if path not in sys.path:
        sys.path.insert(0, path)
    return GENERATED_DIR


def import_generated_sdk() -> ModuleType:
    """Import ``cohere_sdk`` from ``generated/``; skip (fail under CI) if missing."""
    import pytest

    init = GENERATED_DIR / PACKAGE_NAME / "__init__.py"
    if not init.is_file():
        msg = f"generated SDK not found at {init}; run the generator first"
        if os.environ.get("CI"):
            pytest.fail(msg)
        pytest.skip(msg)
    ensure_generated_on_path()
    module = importlib.import_module(PACKAGE_NAME)
    origin = Path(module.__file__ or "").resolve()
    if GENERATED_DIR.resolve() not in origin.parents:
        pytest.fail(f"imported {PACKAGE_NAME} from {origin}, expected it under {GENERATED_DIR}")
    return module

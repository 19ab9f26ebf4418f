"""Fixtures for the wire tests (see tests/support/fixtures.py for the shared ones).

``cohere_reference_python``  session-scoped path to a python with cohere==7.3.1:
    env SDKFORGE_COHERE_PYTHON, else <repo>/.cache/cohere-7.3.1/bin/python,
    created on first use (venv + pip). Skips if that fails (fails under CI).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

_ROOT = Path(__file__).resolve().parents[2]
if str(_ROOT) not in sys.path:
    sys.path.insert(0, str(_ROOT))

from tests.support.fixtures import (  # noqa: E402,F401  (fixtures are used by name)
    cohere_sdk_module,
    cohere_server,
    cohere_server_session,
    fast_httpx_clients,
    no_cohere_env,
)
from tests.support.reference_sdk import reference_python_or_skip  # noqa: E402


@pytest.fixture(scope="session")
def cohere_reference_python() -> Path:
    return reference_python_or_skip()

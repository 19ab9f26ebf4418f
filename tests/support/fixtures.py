"""Pytest fixtures for the fake Cohere server and the generated SDK.

Import the fixtures you need into a test module or a conftest.py::

    from tests.support.fixtures import cohere_server, cohere_sdk_module  # noqa: F401

``cohere_server``          function-scoped; a running ``FakeCohereServer``, reset
                           (seeded, empty request log, no canned responses)
                           before and after each test. Backed by one server per
                           session (``cohere_server_session``).
``cohere_sdk_module``      session-scoped; the generated ``cohere_sdk`` package
                           (skips, or fails when env ``CI`` is set, if absent).
``no_cohere_env``          function-scoped; removes CO_API_KEY / COHERE_API_KEY /
                           CO_API_URL from the environment for the test.
``fast_httpx_clients``     module-scoped; shares httpx's default SSL context so
                           building a client costs ~1 ms instead of ~60 ms.
"""

from __future__ import annotations

from typing import Iterator

import pytest

from .cohere_server import FakeCohereServer
from .sdk import import_generated_sdk

COHERE_ENV_VARS = ("CO_API_KEY", "COHERE_API_KEY", "CO_API_URL")


@pytest.fixture(scope="session")
def cohere_server_session() -> Iterator[FakeCohereServer]:
    with FakeCohereServer() as server:
        yield server


@pytest.fixture
def cohere_server(cohere_server_session: FakeCohereServer) -> Iterator[FakeCohereServer]:
    cohere_server_session.valid_tokens = None
    cohere_server_session.reset()
    yield cohere_server_session
    cohere_server_session.valid_tokens = None
    cohere_server_session.reset()


@pytest.fixture(scope="session")
def cohere_sdk_module():
    return import_generated_sdk()


@pytest.fixture
def no_cohere_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for name in COHERE_ENV_VARS:
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def _memoize_default_ssl_context(mp: pytest.MonkeyPatch) -> None:
    """Building an httpx client costs ~60 ms, almost all of it creating the
    default SSL context (loading CA certificates). Tests only talk plain HTTP
    to 127.0.0.1, so share one default context between clients. Non-default
    arguments (verify=False, a custom cert, ...) are passed through untouched."""
    try:
        import httpx._transports.default as transports
    except ImportError:  # pragma: no cover - other httpx layouts: just be slower
        return
    original = getattr(transports, "create_ssl_context", None)
    if original is None:  # pragma: no cover
        return
    cache: dict = {}

    def create_ssl_context(verify: object = True, cert: object = None, trust_env: bool = True):  # type: ignore[no-untyped-def]
        if verify is True and cert is None:
            key = bool(trust_env)
            if key not in cache:
                cache[key] = original(verify=verify, cert=cert, trust_env=trust_env)
            return cache[key]
        return original(verify=verify, cert=cert, trust_env=trust_env)

    mp.setattr(transports, "create_ssl_context", create_ssl_context)


@pytest.fixture(scope="module")
def fast_httpx_clients() -> Iterator[None]:
    """Module-scoped: make default httpx client construction cheap (see above).
    Use with ``pytestmark = pytest.mark.usefixtures("fast_httpx_clients")``."""
    with pytest.MonkeyPatch.context() as mp:
        _memoize_default_ssl_context(mp)
        yield

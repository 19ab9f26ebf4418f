"""Fixtures for the runtime-core tests.

* ``core``: the modules of ``templates/core`` imported as ``<unique pkg>.core``,
  exactly as a generated SDK would ship them.
* ``server``: a real HTTP server on 127.0.0.1 that follows a per-test script
  of replies and records every request it receives.
"""

from __future__ import annotations

import asyncio
import importlib
import json
import shutil
import socket
import ssl
import sys
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import SimpleNamespace
from typing import Any, Dict, Iterator, List, Optional, Tuple, Union
from urllib.parse import parse_qsl, urlsplit

import pytest

CORE_SOURCE = Path(__file__).resolve().parents[2] / "templates" / "core"
PACKAGE = "sdkforge_runtime_testpkg"
CORE_MODULES = (
    "api_error",
    "base_model",
    "http_client",
    "http_response",
    "pagination",
    "request_options",
    "serialization",
    "waiter",
)


@pytest.fixture(scope="session")
def core_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A directory holding ``PACKAGE/core/*.py`` copied from the templates."""
    root = tmp_path_factory.mktemp("runtime_core")
    core_dir = root / PACKAGE / "core"
    core_dir.mkdir(parents=True)
    (root / PACKAGE / "__init__.py").write_text("")
    for source in CORE_SOURCE.glob("*.py"):
        shutil.copy(source, core_dir / source.name)
    return root


@pytest.fixture(scope="session")
def core(core_root: Path) -> Iterator[SimpleNamespace]:
    """The copied core package, imported; attributes are its modules."""
    sys.path.insert(0, str(core_root))
    try:
        modules = {
            name: importlib.import_module(f"{PACKAGE}.core.{name}")
            for name in CORE_MODULES
        }
        yield SimpleNamespace(package=PACKAGE, root=core_root, **modules)
    finally:
        sys.path.remove(str(core_root))
        for name in [m for m in sys.modules if m.split(".")[0] == PACKAGE]:
            del sys.modules[name]


# --- scripted HTTP server ---------------------------------------------------


@dataclass
class Reply:
    """Answer with this status/headers/body, optionally after a delay."""

    status: int = 200
    body: Any = b""  # bytes, str, or anything JSON-serialisable
    headers: Dict[str, str] = field(default_factory=dict)
    delay: float = 0.0


@dataclass
class Drop:
    """Close the connection without sending any response."""


Action = Union[Reply, Drop]


@dataclass
class Recorded:
    method: str
    path: str  # raw path, without the query string
    query: List[Tuple[str, str]]
    headers: Dict[str, str]  # lower-cased names
    header_items: List[Tuple[str, str]]  # as received, duplicates kept
    body: bytes


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        # Clients that time out or hang up are part of the tests.
        pass


class ScriptedServer:
    Reply = Reply
    Drop = Drop

    def __init__(self) -> None:
        self.script: List[Action] = []
        self.requests: List[Recorded] = []
        self._lock = threading.Lock()
        self._httpd = _QuietServer(("127.0.0.1", 0), _make_handler(self))
        host, port = self._httpd.server_address[:2]
        self.url = f"http://{host}:{port}"
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.01}
        )

    def queue(self, *actions: Action) -> None:
        with self._lock:
            self.script.extend(actions)

    def _next(self, recorded: Recorded) -> Action:
        with self._lock:
            self.requests.append(recorded)
            if self.script:
                return self.script.pop(0)
        # Not retryable, so an unscripted request shows up as a clear failure.
        return Reply(418, {"message": "script exhausted"})

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)


def _encode_body(body: Any) -> Tuple[bytes, Optional[str]]:
    if isinstance(body, bytes):
        return body, None
    if isinstance(body, str):
        return body.encode("utf-8"), "text/plain; charset=utf-8"
    return json.dumps(body).encode("utf-8"), "application/json"


def _make_handler(server: ScriptedServer) -> type:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # avoid 40 ms delayed-ACK stalls

        def log_message(self, format: str, *args: Any) -> None:
            pass

        def _handle(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            split = urlsplit(self.path)
            action = server._next(
                Recorded(
                    method=self.command,
                    path=split.path,
                    query=parse_qsl(split.query, keep_blank_values=True),
                    headers={k.lower(): v for k, v in self.headers.items()},
                    header_items=list(self.headers.items()),
                    body=body,
                )
            )
            if isinstance(action, Drop):
                self.close_connection = True
                self.connection.shutdown(socket.SHUT_RDWR)
                return
            if action.delay:
                time.sleep(action.delay)
            payload, content_type = _encode_body(action.body)
            headers = dict(action.headers)
            if content_type and payload:
                headers.setdefault("Content-Type", content_type)
            try:
                self.send_response(action.status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)
            except OSError:  # the client gave up (timeout test)
                self.close_connection = True

        do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _handle

    return Handler


@pytest.fixture
def server() -> Iterator[ScriptedServer]:
    scripted = ScriptedServer()
    scripted.start()
    try:
        yield scripted
    finally:
        scripted.stop()


# --- sync/async client harness ----------------------------------------------

SECRET_TOKEN = "sk-test-SECRET-0123456789"

# httpx loads the CA bundle for every new client (~60 ms); the tests only speak
# plain HTTP, so one shared context keeps the suite fast.
_SSL_CONTEXT = ssl.create_default_context()


class ClientHarness:
    """Drives HttpClient or AsyncHttpClient through one synchronous API.

    Sleeps are recorded instead of taken and jitter is pinned to 0, so tests
    can assert the exact delays.  Async requests run in a fresh event loop
    with a fresh ``httpx.AsyncClient`` each time.
    """

    def __init__(self, core: SimpleNamespace, mode: str, base_url: str) -> None:
        self.core = core
        self.mode = mode
        self.base_url = base_url
        self.sleeps: List[float] = []
        self.secret_token = SECRET_TOKEN
        self._sync_clients: List[Any] = []

    def client_kwargs(self, overrides: Dict[str, Any]) -> Dict[str, Any]:
        kwargs: Dict[str, Any] = {
            "base_url": self.base_url,
            "base_headers": lambda: {"Authorization": f"Bearer {SECRET_TOKEN}"},
            "jitter": lambda: 0.0,
        }
        kwargs.update(overrides)
        return kwargs

    @staticmethod
    def _httpx_kwargs(options: Optional[Dict[str, Any]]) -> Dict[str, Any]:
        return {"verify": _SSL_CONTEXT, **(options or {})}

    def request(
        self,
        path: str,
        *,
        method: str = "GET",
        client_options: Optional[Dict[str, Any]] = None,
        httpx_options: Optional[Dict[str, Any]] = None,
        **call: Any,
    ) -> Any:
        """Send one request; ``client_options`` go to the HttpClient constructor."""
        import httpx

        kwargs = self.client_kwargs(client_options or {})
        if self.mode == "sync":
            httpx_client = httpx.Client(**self._httpx_kwargs(httpx_options))
            self._sync_clients.append(httpx_client)
            client = self.core.http_client.HttpClient(
                httpx_client=httpx_client, sleep=self.sleeps.append, **kwargs
            )
            return client.request(path, method=method, **call)

        async def record_sleep(seconds: float) -> None:
            self.sleeps.append(seconds)

        async def run() -> Any:
            async with httpx.AsyncClient(
                **self._httpx_kwargs(httpx_options)
            ) as httpx_client:
                client = self.core.http_client.AsyncHttpClient(
                    httpx_client=httpx_client, sleep=record_sleep, **kwargs
                )
                return await client.request(path, method=method, **call)

        return asyncio.run(run())

    def close(self) -> None:
        for client in self._sync_clients:
            client.close()


@pytest.fixture(params=["sync", "async"])
def harness(
    request: pytest.FixtureRequest, core: SimpleNamespace, server: ScriptedServer
) -> Iterator[ClientHarness]:
    driver = ClientHarness(core, request.param, server.url)
    try:
        yield driver
    finally:
        driver.close()

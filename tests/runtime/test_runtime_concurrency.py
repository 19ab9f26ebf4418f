"""AsyncHttpClient bounds the requests it has in flight (issue 7, load).

With more calls than pooled connections, httpx queues the rest inside httpcore,
whose pool rescans every queued request against every connection on each
event: 1,000 queued calls stall the event loop. The SDK keeps at most one call
per pooled connection in flight; the others wait for a slot in the SDK. These
tests pin the slot's life: taken per attempt, given back when the response has
been read, when a streaming response is closed, on errors and cancellation,
and between retries; waiting is bounded by the pool timeout; one semaphore per
event loop.
"""

from __future__ import annotations

import asyncio
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import SimpleNamespace
from typing import Any, Dict, Iterator, List
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest


class CountingServer:
    """Answers ``/wait?s=SECONDS`` after sleeping, ``/busy-once/<key>`` with a 503
    (Retry-After) the first time, then 200; records how many requests it was
    handling at once, and when each request arrived and was answered."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.active = 0
        self.peak = 0
        self.log: List[Dict[str, Any]] = []
        self.seen: Dict[str, int] = {}
        owner = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True

            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802
                owner._handle(self)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True)
        self.thread.start()

    def _handle(self, handler: BaseHTTPRequestHandler) -> None:
        parts = urlsplit(handler.path)
        with self.lock:
            self.active += 1
            self.peak = max(self.peak, self.active)
            entry = {"path": parts.path, "arrived": time.monotonic()}
            self.log.append(entry)
            count = self.seen[parts.path] = self.seen.get(parts.path, 0) + 1
        status, headers = 200, {}
        try:
            if parts.path.startswith("/wait"):
                time.sleep(float(parse_qs(parts.query)["s"][0]))
            elif parts.path.startswith("/busy-once/") and count == 1:
                status, headers = 503, {"Retry-After": "1.5"}
        finally:
            with self.lock:
                self.active -= 1
        body = b'{"ok": true}'
        try:
            handler.send_response(status)
            for name, value in headers.items():
                handler.send_header(name, value)
            handler.send_header("Content-Type", "application/json")
            handler.send_header("Content-Length", str(len(body)))
            handler.end_headers()
            handler.wfile.write(body)
        except OSError:
            handler.close_connection = True
        entry["answered"] = time.monotonic()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def counting() -> Iterator[CountingServer]:
    server = CountingServer()
    try:
        yield server
    finally:
        server.stop()


def _client(core: SimpleNamespace, httpx_client: httpx.AsyncClient, base_url: str, **options: Any) -> Any:
    return core.http_client.AsyncHttpClient(
        httpx_client=httpx_client,
        base_url=base_url,
        base_headers=lambda: {},
        jitter=lambda: 0.0,
        **options,
    )


# --- how many --------------------------------------------------------------------


def test_the_bound_defaults_to_the_connection_pool(core: SimpleNamespace) -> None:
    http_client = core.http_client

    async def check() -> None:
        async with httpx.AsyncClient() as default, httpx.AsyncClient(
            limits=httpx.Limits(max_connections=7)
        ) as seven, httpx.AsyncClient(
            limits=httpx.Limits(max_connections=None)
        ) as unbounded, httpx.AsyncClient(
            transport=httpx.MockTransport(lambda r: httpx.Response(200))
        ) as mocked:
            assert _client(core, default, "http://x").max_in_flight == 100
            assert _client(core, seven, "http://x").max_in_flight == 7
            assert _client(core, seven, "http://x", max_in_flight=3).max_in_flight == 3
            # No pool limit to respect, or no pool at all: no bound unless asked.
            assert _client(core, unbounded, "http://x").max_in_flight is None
            assert _client(core, mocked, "http://x").max_in_flight is None
            with pytest.raises(ValueError):
                _client(core, seven, "http://x", max_in_flight=0)
            assert http_client.pool_size(seven) == 7

    asyncio.run(check())


def test_no_more_than_the_bound_is_in_flight(core: SimpleNamespace, counting: CountingServer) -> None:
    async def run() -> List[int]:
        # A pool of 100: the bound of 3 is the SDK's own, not httpcore's.
        async with httpx.AsyncClient() as inner:
            client = _client(core, inner, counting.url, max_in_flight=3)
            responses = await asyncio.gather(
                *(client.request(f"wait/{i}?s=0.15", method="GET") for i in range(12))
            )
            return [r.status_code for r in responses]

    started = time.monotonic()
    assert asyncio.run(run()) == [200] * 12
    assert counting.peak == 3
    assert len(counting.log) == 12
    assert time.monotonic() - started >= 4 * 0.15  # 12 calls, 3 at a time


# --- when the slot is given back ---------------------------------------------------


def test_waiting_for_a_slot_is_bounded_by_the_pool_timeout(core: SimpleNamespace, counting: CountingServer) -> None:
    errors = core.api_error

    async def run() -> Any:
        async with httpx.AsyncClient() as inner:
            client = _client(core, inner, counting.url, max_in_flight=1, max_retries=0)
            slow = asyncio.ensure_future(client.request("wait/slow?s=2.0", method="GET"))
            await asyncio.sleep(0.1)
            started = time.monotonic()
            with pytest.raises(errors.ApiTimeoutError) as caught:
                await client.request(
                    "wait/quick?s=0", method="GET", request_options={"timeout_in_seconds": 0.2}
                )
            waited = time.monotonic() - started
            assert (await slow).status_code == 200
            return caught.value, waited

    error, waited = asyncio.run(run())
    assert 0.15 < waited < 1.5  # not the 2 s the slot stayed taken
    assert "PoolTimeout" in str(error) and "after 1 attempt" in str(error)
    assert [entry["path"] for entry in counting.log] == ["/wait/slow"]  # never sent


def test_a_streaming_response_holds_its_slot_until_closed(core: SimpleNamespace, counting: CountingServer) -> None:
    async def run() -> None:
        async with httpx.AsyncClient() as inner:
            client = _client(core, inner, counting.url, max_in_flight=1)
            streamed = await client.request("wait/a?s=0", method="GET", stream=True)
            second = asyncio.ensure_future(client.request("wait/b?s=0", method="GET"))
            await asyncio.sleep(0.3)
            assert not second.done() and len(counting.log) == 1
            await streamed.aclose()
            assert (await asyncio.wait_for(second, 5)).status_code == 200
            # Reading a streaming response to its end closes it, and frees the slot.
            streamed = await client.request("wait/c?s=0", method="GET", stream=True)
            assert await streamed.aread() == b'{"ok": true}'
            third = await asyncio.wait_for(client.request("wait/d?s=0", method="GET"), 5)
            assert third.status_code == 200
            await streamed.aclose()  # closing twice gives back nothing twice
            results = await asyncio.wait_for(
                asyncio.gather(*(client.request(f"wait/e{i}?s=0", method="GET") for i in range(3))), 5
            )
            assert [r.status_code for r in results] == [200] * 3
            assert counting.peak == 1

    asyncio.run(run())


def test_a_cancelled_call_gives_its_slot_back(core: SimpleNamespace, counting: CountingServer) -> None:
    async def run() -> None:
        async with httpx.AsyncClient() as inner:
            client = _client(core, inner, counting.url, max_in_flight=1)
            slow = asyncio.ensure_future(client.request("wait/slow?s=0.5", method="GET"))
            waiting = asyncio.ensure_future(client.request("wait/never?s=0", method="GET"))
            await asyncio.sleep(0.1)
            waiting.cancel()  # cancelled while waiting for the slot
            slow.cancel()  # cancelled while its request is in flight
            await asyncio.gather(slow, waiting, return_exceptions=True)
            response = await asyncio.wait_for(client.request("wait/next?s=0", method="GET"), 5)
            assert response.status_code == 200

    asyncio.run(run())
    assert "/wait/never" not in [entry["path"] for entry in counting.log]


def test_the_slot_is_free_while_a_call_waits_to_retry(core: SimpleNamespace, counting: CountingServer) -> None:
    """A 503 with Retry-After: 1.5 s; during that wait another call goes through."""

    async def run() -> None:
        async with httpx.AsyncClient() as inner:
            client = _client(core, inner, counting.url, max_in_flight=1)
            retried = asyncio.ensure_future(client.request("busy-once/a", method="GET"))
            await asyncio.sleep(0.1)
            other = await asyncio.wait_for(client.request("wait/b?s=0", method="GET"), 1.2)
            assert other.status_code == 200 and not retried.done()
            assert (await retried).status_code == 200

    asyncio.run(run())
    assert [entry["path"] for entry in counting.log] == ["/busy-once/a", "/wait/b", "/busy-once/a"]


def test_one_client_across_event_loops(core: SimpleNamespace, counting: CountingServer) -> None:
    """asyncio primitives belong to one loop: each loop gets its own semaphore."""
    # No keep-alive: a pooled connection belongs to the loop that opened it.
    inner = httpx.AsyncClient(limits=httpx.Limits(max_keepalive_connections=0))
    client = _client(core, inner, counting.url, max_in_flight=2)

    async def burst() -> List[int]:
        responses = await asyncio.gather(*(client.request(f"wait/{i}?s=0.05", method="GET") for i in range(5)))
        return [r.status_code for r in responses]

    assert asyncio.run(burst()) == [200] * 5
    assert asyncio.run(burst()) == [200] * 5
    assert counting.peak == 2

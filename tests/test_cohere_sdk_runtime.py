"""The generated Cohere SDK on a bad day: retries, errors, pagination, waiters, logs.

The runtime core has its own fault-injection suite (tests/runtime); these
tests check that the generated clients wire it up: a real server on
127.0.0.1 misbehaves and the generated ``cohere_sdk`` copes, sync and async.
Retry delays come from the server (``retry-after-ms: 1``) so the suite stays fast.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import logging
import subprocess
import sys
from typing import Any, Callable, List

import pytest

from tests.support.cohere_server import FakeCohereServer
from tests.support.fixtures import cohere_sdk_module, cohere_server, cohere_server_session  # noqa: F401
from tests.support.sdk import GENERATED_DIR

TOKEN = "sk-secret-token-123"
QUICK_RETRY = {"retry-after-ms": "1"}


@pytest.fixture
def sdk(cohere_sdk_module: Any) -> Any:
    return cohere_sdk_module


@pytest.fixture
def server(cohere_server: FakeCohereServer) -> FakeCohereServer:
    return cohere_server


def call(sdk: Any, server: FakeCohereServer, mode: str, op: Callable[[Any], Any], **client_kwargs: Any) -> Any:
    """Run ``op(client)`` with a sync or async client; ops return awaitables when async."""
    kwargs = {"token": TOKEN, "base_url": server.base_url, **client_kwargs}
    if mode == "sync":
        with sdk.Client(**kwargs) as client:
            return op(client)

    async def main() -> Any:
        async with sdk.AsyncClient(**kwargs) as client:
            return await op(client)

    return asyncio.run(main())


MODES = ["sync", "async"]


# --- retries -------------------------------------------------------------------------


@pytest.mark.parametrize("mode", MODES)
def test_503_burst_is_retried_then_succeeds(sdk, server, mode):
    server.respond_next(503, json={"message": "busy"}, headers=QUICK_RETRY, times=2)
    page = call(sdk, server, mode, lambda c: c.batches.list(page_size=1))
    assert len(page.batches) == 1
    assert len(server.requests) == 3


@pytest.mark.parametrize("mode", MODES)
def test_create_body_is_resent_intact_on_every_attempt(sdk, server, mode):
    server.respond_next(429, json={"message": "slow down"}, headers={"Retry-After": "0.001"}, times=2)
    created = call(
        sdk, server, mode, lambda c: c.batches.create(name="nightly", input_dataset_id="ds-1", model="command")
    )
    assert created.batch.name == "nightly"
    bodies = [r.body for r in server.requests]
    assert len(bodies) == 3 and len(set(bodies)) == 1
    assert json.loads(bodies[0]) == {"name": "nightly", "input_dataset_id": "ds-1", "model": "command"}


@pytest.mark.parametrize("mode", MODES)
def test_retries_exhausted_raise_the_status_class_with_a_one_line_str(sdk, server, mode):
    server.respond_next(
        503, json={"message": "maintenance window"}, headers={**QUICK_RETRY, "x-request-id": "req-42"}, times=3
    )
    with pytest.raises(sdk.errors.ServiceUnavailableError) as caught:
        call(sdk, server, mode, lambda c: c.embed_jobs.list())
    error = caught.value
    assert len(server.requests) == 3  # 1 + max_retries (2)
    text = str(error)
    assert "\n" not in text
    assert "503" in text and "maintenance window" in text and "req-42" in text
    assert TOKEN not in text and TOKEN not in repr(error)
    assert error.body == {"message": "maintenance window"}
    assert error.request_id == "req-42"


@pytest.mark.parametrize("mode", MODES)
def test_max_retries_per_request_and_per_client(sdk, server, mode):
    server.respond_next(503, json={"message": "x"}, headers=QUICK_RETRY, times=10)
    with pytest.raises(sdk.errors.ServiceUnavailableError):
        call(sdk, server, mode, lambda c: c.batches.retrieve("b1", request_options={"max_retries": 0}))
    assert len(server.requests) == 1
    server.clear_requests()
    with pytest.raises(sdk.errors.ServiceUnavailableError):
        call(sdk, server, mode, lambda c: c.batches.retrieve("b1"), max_retries=4)
    assert len(server.requests) == 5


@pytest.mark.parametrize("mode", MODES)
def test_x_should_retry_false_stops_retries(sdk, server, mode):
    server.respond_next(500, json={"message": "final"}, headers={**QUICK_RETRY, "x-should-retry": "false"}, times=3)
    with pytest.raises(sdk.errors.InternalServerError):
        call(sdk, server, mode, lambda c: c.batches.list())
    assert len(server.requests) == 1


@pytest.mark.parametrize("mode", MODES)
def test_html_error_page_and_invalid_json(sdk, server, mode):
    server.respond_next(502, text="<html><h1>Bad gateway</h1></html>", content_type="text/html", times=3, headers=QUICK_RETRY)
    with pytest.raises(sdk.errors.BadGatewayError) as caught:
        call(sdk, server, mode, lambda c: c.batches.list())
    assert caught.value.body == "<html><h1>Bad gateway</h1></html>"
    assert "\n" not in str(caught.value)

    server.respond_next(200, body=b"{not json", content_type="application/json")
    with pytest.raises(sdk.core.api_error.ResponseParseError) as parse_failure:
        call(sdk, server, mode, lambda c: c.batches.list())
    assert isinstance(parse_failure.value, sdk.core.api_error.ApiError)
    assert "not valid JSON" in str(parse_failure.value)


@pytest.mark.parametrize("mode", MODES)
def test_connection_refused_raises_api_connection_error(sdk, mode):
    with pytest.raises(sdk.errors.ApiConnectionError) as caught:
        # Port 9 (discard) on loopback is closed here; retries disabled for speed.
        call(sdk, FakeServerAddress("http://127.0.0.1:9"), mode, lambda c: c.batches.list(), max_retries=0)
    assert isinstance(caught.value, sdk.errors.SdkError)
    assert not isinstance(caught.value, sdk.errors.ApiError)


class FakeServerAddress:
    def __init__(self, base_url: str) -> None:
        self.base_url = base_url


def test_debug_log_has_one_line_per_attempt_and_no_secret(sdk, server, caplog):
    server.respond_next(503, json={"message": "x"}, headers=QUICK_RETRY)
    with caplog.at_level(logging.DEBUG, logger="cohere_sdk"):
        call(sdk, server, "sync", lambda c: c.batches.list(page_size=3))
    lines = [r.getMessage() for r in caplog.records if r.name.startswith("cohere_sdk")]
    assert len(lines) == 2
    assert "503" in lines[0] and "200" in lines[1]
    assert "GET" in lines[0] and "/v2/batches" in lines[0]
    assert all(TOKEN not in line for line in lines)


def test_logger_is_silent_by_default():
    result = subprocess.run(
        [sys.executable, "-c", "import logging, cohere_sdk.core.http_client as h; print(logging.getLogger('cohere_sdk').handlers)"],
        cwd=GENERATED_DIR,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "NullHandler" in result.stdout, result.stdout + result.stderr


# --- pagination ------------------------------------------------------------------------


def add_batches(server: FakeCohereServer, count: int) -> None:
    for index in range(count):
        server.add_batch(name=f"extra-{index}")


def test_list_all_follows_page_tokens_to_the_end(sdk, server):
    add_batches(server, 5)  # 2 seeded + 5
    with sdk.Client(token=TOKEN, base_url=server.base_url) as client:
        names = [b.name for b in client.batches.list_all(page_size=3)]
    assert len(names) == 7 and len(set(names)) == 7
    tokens = [r.query_dict.get("page_token") for r in server.requests]
    assert tokens == [None, ["page-3"], ["page-6"]]
    assert all(r.query_dict["page_size"] == ["3"] for r in server.requests)


def test_list_all_fetches_pages_lazily(sdk, server):
    add_batches(server, 5)
    with sdk.Client(token=TOKEN, base_url=server.base_url) as client:
        first_two = list(itertools.islice(client.batches.list_all(page_size=2), 2))
    assert len(first_two) == 2
    assert len(server.requests) == 1


def test_async_list_all(sdk, server):
    add_batches(server, 4)

    async def main() -> List[str]:
        async with sdk.AsyncClient(token=TOKEN, base_url=server.base_url) as client:
            return [b.name async for b in client.batches.list_all(page_size=4)]

    names = asyncio.run(main())
    assert len(names) == 6
    assert len(server.requests) == 2


def test_list_keeps_its_signature(sdk, server):
    with sdk.Client(token=TOKEN, base_url=server.base_url) as client:
        page = client.batches.list(page_size=1)
    assert isinstance(page, sdk.batches.ListBatchesResponse)
    assert page.next_page_token == "page-1"


# --- waiters ------------------------------------------------------------------------------


def batch_state(status: str, done: int) -> dict:
    return {"batch": {"id": "b1", "name": "n", "input_dataset_id": "d", "model": "m", "status": status, "num_records": 10, "num_successful_records": done}}


@pytest.mark.parametrize("mode", MODES)
def test_batch_waiter_returns_terminal_batch_and_reports_progress(sdk, server, mode):
    for status, done in [("BATCH_STATUS_QUEUED", 0), ("BATCH_STATUS_IN_PROGRESS", 4), ("BATCH_STATUS_COMPLETED", 10)]:
        server.respond_next(200, json=batch_state(status, done), path="/v2/batches/b1")
    seen: list = []
    batch = call(sdk, server, mode, lambda c: c.batches.wait("b1", poll_interval=0.001, on_progress=seen.append))
    assert isinstance(batch, sdk.batches.Batch)
    assert batch.status == "BATCH_STATUS_COMPLETED"
    assert [b.num_successful_records / b.num_records for b in seen] == [0.0, 0.4, 1.0]
    assert [r.path for r in server.requests] == ["/v2/batches/b1"] * 3


@pytest.mark.parametrize("mode", MODES)
def test_failed_is_terminal_too(sdk, server, mode):
    server.respond_next(200, json=batch_state("BATCH_STATUS_FAILED", 3), path="/v2/batches/b1")
    batch = call(sdk, server, mode, lambda c: c.batches.wait("b1", poll_interval=0.001))
    assert batch.status == "BATCH_STATUS_FAILED"


@pytest.mark.parametrize("mode", MODES)
def test_waiter_timeout_carries_the_last_object(sdk, server, mode):
    server.respond_next(200, json=batch_state("BATCH_STATUS_IN_PROGRESS", 1), path="/v2/batches/b1", times=1000)
    with pytest.raises(sdk.errors.WaiterTimeoutError) as caught:
        call(sdk, server, mode, lambda c: c.batches.wait("b1", poll_interval=0.01, timeout=0.05))
    assert caught.value.last.status == "BATCH_STATUS_IN_PROGRESS"
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize("mode", MODES)
def test_embed_job_waiter_returns_the_job(sdk, server, mode):
    for status in ("processing", "complete"):
        server.respond_next(
            200,
            json={"job_id": "ej1", "status": status, "created_at": "2024-01-01T00:00:00Z", "input_dataset_id": "d", "model": "m", "truncate": "END"},
            path="/v1/embed-jobs/ej1",
        )
    job = call(sdk, server, mode, lambda c: c.embed_jobs.wait("ej1", poll_interval=0.001))
    assert isinstance(job, sdk.types.EmbedJob) and job.status == "complete"


# --- lifecycle and import cost ----------------------------------------------------------------


def test_importing_the_client_loads_no_resource_model_pydantic_or_asyncio():
    """asyncio costs 30 ms to import: an async client imports it when it is made."""
    script = (
        "import sys\nfrom cohere_sdk import Client\n"
        "print(sorted(m for m in sys.modules if m.startswith(('cohere_sdk.batches', 'cohere_sdk.embed_jobs', 'cohere_sdk.types', 'pydantic', 'asyncio'))))"
    )
    result = subprocess.run([sys.executable, "-c", script], cwd=GENERATED_DIR, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_close_releases_own_pool_but_not_a_callers_client(sdk, server):
    import httpx

    own = sdk.Client(token=TOKEN, base_url=server.base_url)
    own.close()
    assert own._httpx_client.is_closed
    mine = httpx.Client()
    with sdk.Client(token=TOKEN, base_url=server.base_url, httpx_client=mine) as client:
        client.batches.list()
    assert not mine.is_closed
    mine.close()

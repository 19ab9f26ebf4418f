"""Behaviour of the generated ``cohere_sdk`` (batches + embed jobs) against the
fake Cohere server in ``tests/support/cohere_server.py``.

The expected behaviour is that of Cohere's SDK 7.3.1 (``cohere`` -> ``cohere_sdk``).
Async variants run through ``asyncio.run`` inside ordinary sync tests.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import inspect
import sys
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional

import httpx
import pytest

_ROOT = Path(__file__).resolve().parents[1]
if str(_ROOT) not in sys.path:
    sys.path.insert(0, str(_ROOT))

from tests.support.cohere_server import FakeCohereServer, RecordedRequest  # noqa: E402
from tests.support.fixtures import (  # noqa: E402,F401  (fixtures are used by name)
    cohere_sdk_module,
    cohere_server,
    cohere_server_session,
    fast_httpx_clients,
    no_cohere_env,
)

pytestmark = pytest.mark.usefixtures("fast_httpx_clients")

TOKEN = "test-token"
NO_RETRY = {"max_retries": 0}
MODES = ["sync", "async"]
UTC = dt.timezone.utc

BATCH_ERRORS = [
    (400, "BadRequestError"),
    (401, "UnauthorizedError"),
    (403, "ForbiddenError"),
    (404, "NotFoundError"),
    (500, "InternalServerError"),
    (503, "ServiceUnavailableError"),
]
EMBED_JOB_ERRORS = BATCH_ERRORS[:4] + [
    (422, "UnprocessableEntityError"),
    (429, "TooManyRequestsError"),
    (498, "InvalidTokenError"),
    (499, "ClientClosedRequestError"),
    (500, "InternalServerError"),
    (501, "NotImplementedError"),
    (503, "ServiceUnavailableError"),
    (504, "GatewayTimeoutError"),
]
ALL_ERROR_NAMES = sorted({name for _, name in EMBED_JOB_ERRORS})

# Every operation, with request_options that disable retries (for error tests).
BATCH_OPS: Dict[str, Callable[[Any, Any], Any]] = {
    "list": lambda sdk, c: c.batches.list(request_options=NO_RETRY),
    "create": lambda sdk, c: c.batches.create(
        request=sdk.batches.Batch(name="n", input_dataset_id="ds", model="m"), request_options=NO_RETRY
    ),
    "retrieve": lambda sdk, c: c.batches.retrieve("b1", request_options=NO_RETRY),
    "cancel": lambda sdk, c: c.batches.cancel("b1", request_options=NO_RETRY),
}
EMBED_JOB_OPS: Dict[str, Callable[[Any, Any], Any]] = {
    "list": lambda sdk, c: c.embed_jobs.list(request_options=NO_RETRY),
    "create": lambda sdk, c: c.embed_jobs.create(
        model="embed-english-v3.0", dataset_id="ds", input_type="search_document", request_options=NO_RETRY
    ),
    "get": lambda sdk, c: c.embed_jobs.get("ej1", request_options=NO_RETRY),
    "cancel": lambda sdk, c: c.embed_jobs.cancel("ej1", request_options=NO_RETRY),
}


# --------------------------------------------------------------------------- helpers


@pytest.fixture
def sdk(cohere_sdk_module: Any) -> Any:
    return cohere_sdk_module


@pytest.fixture
def server(cohere_server: FakeCohereServer, no_cohere_env: pytest.MonkeyPatch) -> FakeCohereServer:
    return cohere_server


def _client_kwargs(server: FakeCohereServer, kw: Dict[str, Any]) -> Dict[str, Any]:
    kw = dict(kw)
    if "token" not in kw and "api_key" not in kw and not kw.pop("no_token", False):
        kw["token"] = TOKEN
    kw.setdefault("base_url", server.base_url)
    return kw


def run_ops(sdk: Any, server: FakeCohereServer, mode: str, ops: List[Callable[[Any], Any]], **kw: Any) -> List[Any]:
    """Run ``ops`` in order with one client (sync, or async via asyncio.run).

    Each op is written once: ``lambda c: c.batches.list()`` returns a value
    with the sync client and an awaitable with the async one.
    """
    kwargs = _client_kwargs(server, kw)
    if mode == "sync":
        with sdk.Client(**kwargs) as client:
            return [op(client) for op in ops]

    async def main() -> List[Any]:
        async with sdk.AsyncClient(**kwargs) as client:
            out = []
            for op in ops:
                result = op(client)
                assert inspect.isawaitable(result), "AsyncClient methods must return awaitables"
                out.append(await result)
            return out

    return asyncio.run(main())


def run(sdk: Any, server: FakeCohereServer, mode: str, op: Callable[[Any], Any], **kw: Any) -> Any:
    return run_ops(sdk, server, mode, [op], **kw)[0]


def raises(sdk: Any, server: FakeCohereServer, mode: str, op: Callable[[Any], Any], **kw: Any) -> BaseException:
    with pytest.raises(Exception) as info:
        run(sdk, server, mode, op, **kw)
    return info.value


def only_request(server: FakeCohereServer) -> RecordedRequest:
    assert len(server.requests) == 1, [f"{r.method} {r.raw_path}" for r in server.requests]
    return server.requests[0]


def lower_keys(headers: Any) -> Dict[str, str]:
    return {str(k).lower(): v for k, v in dict(headers).items()}


def api_error_cls(sdk: Any) -> type:
    return sdk.core.api_error.ApiError


def error_cls(sdk: Any, name: str) -> type:
    return getattr(sdk.errors, name)


def plain(value: Any) -> Any:
    """A dict view of a model or a dict."""
    if hasattr(value, "model_dump"):
        return value.model_dump(exclude_unset=True)
    return value


# --------------------------------------------------------------------------- exports


def test_public_names_exist(sdk: Any) -> None:
    batch_types = ["Batch", "BatchStatus", "ListBatchesResponse", "CreateBatchResponse", "GetBatchResponse", "CancelBatchResponse"]
    types = ["EmbedJob", "EmbedJobStatus", "EmbedJobTruncate", "ApiMeta", "ListEmbedJobResponse", "CreateEmbedJobResponse"]
    missing = []
    for name in batch_types:
        if not hasattr(sdk.batches.types, name):
            missing.append(f"cohere_sdk.batches.types.{name}")
        elif getattr(sdk, name, None) is not getattr(sdk.batches.types, name):
            missing.append(f"cohere_sdk.{name} (re-export of cohere_sdk.batches.types.{name})")
    for name in types:
        if not hasattr(sdk.types, name):
            missing.append(f"cohere_sdk.types.{name}")
        elif getattr(sdk, name, None) is not getattr(sdk.types, name):
            missing.append(f"cohere_sdk.{name} (re-export of cohere_sdk.types.{name})")
    for name in ALL_ERROR_NAMES:
        if not hasattr(sdk.errors, name):
            missing.append(f"cohere_sdk.errors.{name}")
    for name in ("Client", "AsyncClient"):
        if not hasattr(sdk, name):
            missing.append(f"cohere_sdk.{name}")
    assert not missing, "missing public names: " + ", ".join(missing)
    assert sdk.batches.Batch is sdk.batches.types.Batch


@pytest.mark.parametrize("name", ALL_ERROR_NAMES)
def test_error_classes_subclass_api_error(sdk: Any, name: str) -> None:
    cls = error_cls(sdk, name)
    assert issubclass(cls, api_error_cls(sdk)) and cls is not api_error_cls(sdk)
    assert getattr(sdk, name, cls) is cls  # if re-exported at top level, the same class


def test_error_classes_are_cohere_compatible(sdk: Any) -> None:
    """Cohere's ``cohere.errors.X(body=..., headers=...)`` signature and fixed status codes."""
    codes = dict((name, code) for code, name in EMBED_JOB_ERRORS)
    for name in ALL_ERROR_NAMES:
        err = error_cls(sdk, name)(body={"m": 1}, headers={"h": "v"})
        assert (err.status_code, err.body, err.headers) == (codes[name], {"m": 1}, {"h": "v"}), name
    base = api_error_cls(sdk)(status_code=418, headers={"a": "b"}, body="teapot")
    assert (base.status_code, base.headers, base.body) == (418, {"a": "b"}, "teapot")


# --------------------------------------------------------------------------- batches


@pytest.mark.parametrize("mode", MODES)
def test_batches_list(sdk: Any, server: FakeCohereServer, mode: str) -> None:
    resp = run(sdk, server, mode, lambda c: c.batches.list())
    assert isinstance(resp, sdk.batches.types.ListBatchesResponse)
    assert [b.id for b in resp.batches] == ["b1", "b2"]
    assert all(isinstance(b, sdk.batches.types.Batch) for b in resp.batches)
    assert resp.next_page_token is None
    req = only_request(server)
    assert (req.method, req.raw_path, req.body) == ("GET", "/v2/batches", b"")


@pytest.mark.parametrize("mode", MODES)
def test_batches_list_with_all_params_and_paging(sdk: Any, server: FakeCohereServer, mode: str) -> None:
    first, second = run_ops(
        sdk,
        server,
        mode,
        [
            lambda c: c.batches.list(page_size=1, page_token="tok", order_by="created_at"),
            lambda c: c.batches.list(page_size=1, page_token="page-1"),
        ],
    )
    assert [b.id for b in first.batches] == ["b1"] and first.next_page_token == "page-1"
    assert [b.id for b in second.batches] == ["b2"] and second.next_page_token is None
    r1, r2 = server.requests
    assert (r1.method, r1.path) == ("GET", "/v2/batches")
    assert sorted(r1.query) == sorted([("page_size", "1"), ("page_token", "tok"), ("order_by", "created_at")])
    assert sorted(r2.query) == sorted([("page_size", "1"), ("page_token", "page-1")])


@pytest.mark.parametrize("mode", MODES)
def test_batches_create_with_request_model(sdk: Any, server: FakeCohereServer, mode: str) -> None:
    batch = sdk.batches.Batch(name="my-batch", input_dataset_id="ds-1", model="command-r")
    resp = run(sdk, server, mode, lambda c: c.batches.create(request=batch))
    assert isinstance(resp, sdk.batches.types.CreateBatchResponse)
    assert isinstance(resp.batch, sdk.batches.types.Batch)
    assert resp.batch.name == "my-batch" and resp.batch.status == "BATCH_STATUS_QUEUED"
    assert isinstance(resp.batch.created_at, dt.datetime)
    assert resp.batch.id in server.batches
    req = only_request(server)
    assert (req.method, req.path) == ("POST", "/v2/batches")
    # only the fields that were set are sent: no nulls for the read-only/optional ones
    assert req.json == {"name": "my-batch", "input_dataset_id": "ds-1", "model": "command-r"}
    assert (req.header("content-type") or "").split(";")[0] == "application/json"


@pytest.mark.parametrize("mode", MODES)
def test_batches_create_flattened_sends_same_body(sdk: Any, server: FakeCohereServer, mode: str) -> None:
    batch = sdk.batches.Batch(name="same", input_dataset_id="ds-2", model="command-r")
    r_model, r_flat = run_ops(
        sdk,
        server,
        mode,
        [
            lambda c: c.batches.create(request=batch),
            lambda c: c.batches.create(name="same", input_dataset_id="ds-2", model="command-r"),
        ],
    )
    assert isinstance(r_flat, sdk.batches.types.CreateBatchResponse)
    a, b = server.requests
    assert a.json == b.json == {"name": "same", "input_dataset_id": "ds-2", "model": "command-r"}
    assert (a.method, a.raw_path) == (b.method, b.raw_path)
    assert a.header("content-type") == b.header("content-type")


@pytest.mark.parametrize("mode", MODES)
def test_batches_create_with_both_forms_raises_type_error(sdk: Any, server: FakeCohereServer, mode: str) -> None:
    batch = sdk.batches.Batch(name="x", input_dataset_id="ds", model="m")
    exc = raises(sdk, server, mode, lambda c: c.batches.create(request=batch, name="y"))
    assert isinstance(exc, TypeError), repr(exc)
    exc = raises(sdk, server, mode, lambda c: c.batches.create(request=batch, name="x", input_dataset_id="ds", model="m"))
    assert isinstance(exc, TypeError), repr(exc)
    assert server.requests == []


@pytest.mark.parametrize("mode", MODES)
def test_batches_create_without_arguments_raises_type_error(sdk: Any, server: FakeCohereServer, mode: str) -> None:
    exc = raises(sdk, server, mode, lambda c: c.batches.create())
    assert isinstance(exc, TypeError), repr(exc)
    assert server.requests == []


@pytest.mark.parametrize("mode", MODES)
def test_batches_retrieve_parses_types(sdk: Any, server: FakeCohereServer, mode: str) -> None:
    resp = run(sdk, server, mode, lambda c: c.batches.retrieve("b2"))
    assert isinstance(resp, sdk.batches.types.GetBatchResponse)
    b = resp.batch
    assert (b.id, b.name, b.status, b.output_dataset_id) == ("b2", "seed-batch-2", "BATCH_STATUS_COMPLETED", "ds-out-2")
    assert b.created_at == dt.datetime(2024, 5, 1, 12, 2, tzinfo=UTC)
    assert isinstance(b.created_at, dt.datetime) and b.created_at.utcoffset() == dt.timedelta(0)
    assert isinstance(b.updated_at, dt.datetime)
    assert b.num_records == 3 and isinstance(b.num_records, int)
    assert b.input_tokens == "1200"  # int64-as-string stays a string, like Cohere's SDK
    assert b.status_reason is None
    req = only_request(server)
    assert (req.method, req.raw_path, req.body) == ("GET", "/v2/batches/b2", b"")


@pytest.mark.parametrize("mode", MODES)
def test_batches_cancel(sdk: Any, server: FakeCohereServer, mode: str) -> None:
    resp = run(sdk, server, mode, lambda c: c.batches.cancel("b1"))
    assert plain(resp) == {}
    assert server.batches["b1"]["status"] == "BATCH_STATUS_CANCELING"
    req = only_request(server)
    assert (req.method, req.raw_path) == ("POST", "/v2/batches/b1:cancel")
    assert req.body == b"", "cancel has no request body"


@pytest.mark.parametrize("mode", MODES)
def test_unknown_batch_id_is_not_found(sdk: Any, server: FakeCohereServer, mode: str) -> None:
    exc = raises(sdk, server, mode, lambda c: c.batches.retrieve("missing"))
    assert type(exc) is error_cls(sdk, "NotFoundError")
    assert exc.status_code == 404 and exc.body == {"message": "batch missing not found"}


# --------------------------------------------------------------------------- embed jobs


@pytest.mark.parametrize("mode", MODES)
def test_embed_jobs_list(sdk: Any, server: FakeCohereServer, mode: str) -> None:
    resp = run(sdk, server, mode, lambda c: c.embed_jobs.list())
    assert isinstance(resp, sdk.types.ListEmbedJobResponse)
    assert [j.job_id for j in resp.embed_jobs] == ["ej1", "ej2"]
    assert all(isinstance(j, sdk.types.EmbedJob) for j in resp.embed_jobs)
    req = only_request(server)
    assert (req.method, req.raw_path, req.body) == ("GET", "/v1/embed-jobs", b"")


@pytest.mark.parametrize("mode", MODES)
def test_embed_jobs_create_required_only(sdk: Any, server: FakeCohereServer, mode: str) -> None:
    resp = run(
        sdk,
        server,
        mode,
        lambda c: c.embed_jobs.create(model="embed-english-v3.0", dataset_id="ds-9", input_type="search_document"),
    )
    assert isinstance(resp, sdk.types.CreateEmbedJobResponse)
    assert resp.job_id in server.embed_jobs
    assert isinstance(resp.meta, sdk.types.ApiMeta) and resp.meta.api_version.version == "1"
    req = only_request(server)
    assert (req.method, req.path) == ("POST", "/v1/embed-jobs")
    assert req.json == {"model": "embed-english-v3.0", "dataset_id": "ds-9", "input_type": "search_document"}
    assert (req.header("content-type") or "").split(";")[0] == "application/json"


@pytest.mark.parametrize("mode", MODES)
def test_embed_jobs_create_all_params(sdk: Any, server: FakeCohereServer, mode: str) -> None:
    resp = run(
        sdk,
        server,
        mode,
        lambda c: c.embed_jobs.create(
            model="embed-english-v3.0",
            dataset_id="ds-9",
            input_type="classification",
            name="nightly",
            embedding_types=["float", "int8"],
            truncate="START",
        ),
    )
    assert server.embed_jobs[resp.job_id]["truncate"] == "START"
    assert only_request(server).json == {
        "model": "embed-english-v3.0",
        "dataset_id": "ds-9",
        "input_type": "classification",
        "name": "nightly",
        "embedding_types": ["float", "int8"],
        "truncate": "START",
    }


@pytest.mark.parametrize("mode", MODES)
def test_embed_jobs_get_parses_types(sdk: Any, server: FakeCohereServer, mode: str) -> None:
    job = run(sdk, server, mode, lambda c: c.embed_jobs.get("ej2"))
    assert isinstance(job, sdk.types.EmbedJob)
    assert (job.job_id, job.status, job.truncate, job.output_dataset_id) == ("ej2", "complete", "START", "ds-embed-out-2")
    assert job.created_at == dt.datetime(2024, 5, 1, 12, 4, tzinfo=UTC)
    assert isinstance(job.meta, sdk.types.ApiMeta)
    assert job.meta.billed_units.input_tokens == 0
    req = only_request(server)
    assert (req.method, req.raw_path) == ("GET", "/v1/embed-jobs/ej2")


@pytest.mark.parametrize("mode", MODES)
def test_embed_jobs_cancel_returns_none(sdk: Any, server: FakeCohereServer, mode: str) -> None:
    assert run(sdk, server, mode, lambda c: c.embed_jobs.cancel("ej1")) is None
    assert server.embed_jobs["ej1"]["status"] == "cancelling"
    req = only_request(server)
    assert (req.method, req.raw_path, req.body) == ("POST", "/v1/embed-jobs/ej1/cancel", b"")


# --------------------------------------------------------------------------- raw responses

RAW_CASES = {
    "batches.list": (lambda sdk, c: c.batches.with_raw_response.list(page_size=1), "ListBatchesResponse"),
    "batches.create": (
        lambda sdk, c: c.batches.with_raw_response.create(
            request=sdk.batches.Batch(name="n", input_dataset_id="d", model="m")
        ),
        "CreateBatchResponse",
    ),
    "batches.retrieve": (lambda sdk, c: c.batches.with_raw_response.retrieve("b1"), "GetBatchResponse"),
    "batches.cancel": (lambda sdk, c: c.batches.with_raw_response.cancel("b1"), None),
    "embed_jobs.list": (lambda sdk, c: c.embed_jobs.with_raw_response.list(), "ListEmbedJobResponse"),
    "embed_jobs.create": (
        lambda sdk, c: c.embed_jobs.with_raw_response.create(model="m", dataset_id="d", input_type="image"),
        "CreateEmbedJobResponse",
    ),
    "embed_jobs.get": (lambda sdk, c: c.embed_jobs.with_raw_response.get("ej1"), "EmbedJob"),
    "embed_jobs.cancel": (lambda sdk, c: c.embed_jobs.with_raw_response.cancel("ej1"), "NoneType"),
}


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("case", sorted(RAW_CASES))
def test_with_raw_response(sdk: Any, server: FakeCohereServer, mode: str, case: str) -> None:
    call, type_name = RAW_CASES[case]
    resp = run(sdk, server, mode, lambda c: call(sdk, c))
    assert resp.status_code == 200
    headers = lower_keys(resp.headers)
    assert headers.get("x-request-id", "").startswith("req-"), headers
    if type_name == "NoneType":
        assert resp.data is None
    elif type_name is not None:
        assert type(resp.data).__name__ == type_name
    assert len(server.requests) == 1
    # the wrapped (non-raw) client returns the same data type
    if type_name not in (None, "NoneType"):
        server.reset()
        wrapped = run(sdk, server, mode, lambda c: _unwrapped_call(sdk, c, case))
        assert type(wrapped).__name__ == type_name


def _unwrapped_call(sdk: Any, c: Any, case: str) -> Any:
    resource, op = case.split(".")
    ops = BATCH_OPS if resource == "batches" else EMBED_JOB_OPS
    return ops[op](sdk, c)


# --------------------------------------------------------------------------- errors


def _error_params(ops: Dict[str, Any], statuses: List[Any]) -> List[Any]:
    return [pytest.param(op, code, name, id=f"{op}-{code}") for op in ops for code, name in statuses]


def _assert_api_error(sdk: Any, exc: BaseException, code: int, cls_name: Optional[str]) -> None:
    expected = error_cls(sdk, cls_name) if cls_name else api_error_cls(sdk)
    assert type(exc) is expected, f"expected {expected.__name__} for {code}, got {type(exc).__module__}.{type(exc).__name__}: {exc!r}"
    assert exc.status_code == code
    assert exc.body == {"message": "boom", "id": "err-1"}
    assert lower_keys(exc.headers).get("x-error-id") == "e-1", exc.headers


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("op, code, cls_name", _error_params(BATCH_OPS, BATCH_ERRORS))
def test_batches_declared_errors(sdk: Any, server: FakeCohereServer, mode: str, op: str, code: int, cls_name: str) -> None:
    server.respond_next(code, json={"message": "boom", "id": "err-1"}, headers={"X-Error-Id": "e-1"})
    exc = raises(sdk, server, mode, lambda c: BATCH_OPS[op](sdk, c))
    _assert_api_error(sdk, exc, code, cls_name)
    assert len(server.requests) == 1


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("op, code, cls_name", _error_params(EMBED_JOB_OPS, EMBED_JOB_ERRORS))
def test_embed_jobs_declared_errors(sdk: Any, server: FakeCohereServer, mode: str, op: str, code: int, cls_name: str) -> None:
    server.respond_next(code, json={"message": "boom", "id": "err-1"}, headers={"X-Error-Id": "e-1"})
    exc = raises(sdk, server, mode, lambda c: EMBED_JOB_OPS[op](sdk, c))
    _assert_api_error(sdk, exc, code, cls_name)
    assert len(server.requests) == 1


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    "resource, op, code",
    [
        ("batches", "retrieve", 418),
        ("embed_jobs", "get", 418),
        ("batches", "list", 451),
    ],
)
def test_status_without_a_class_raises_plain_api_error(
    sdk: Any, server: FakeCohereServer, mode: str, resource: str, op: str, code: int
) -> None:
    server.respond_next(code, json={"message": "boom", "id": "err-1"}, headers={"X-Error-Id": "e-1"})
    ops = BATCH_OPS if resource == "batches" else EMBED_JOB_OPS
    exc = raises(sdk, server, mode, lambda c: ops[op](sdk, c))
    _assert_api_error(sdk, exc, code, None)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    "resource, op, code, cls_name",
    [
        # Not declared on these operations, but every SDK maps the common
        # statuses to a fitting ApiError subclass (so `except ApiError` still works).
        ("batches", "list", 409, "ConflictError"),
        ("batches", "retrieve", 422, "UnprocessableEntityError"),
        ("batches", "create", 429, "TooManyRequestsError"),
        ("batches", "cancel", 504, "GatewayTimeoutError"),
        ("embed_jobs", "get", 502, "BadGatewayError"),
    ],
)
def test_undeclared_common_status_raises_fitting_class(
    sdk: Any, server: FakeCohereServer, mode: str, resource: str, op: str, code: int, cls_name: str
) -> None:
    server.respond_next(code, json={"message": "boom", "id": "err-1"}, headers={"X-Error-Id": "e-1"})
    ops = BATCH_OPS if resource == "batches" else EMBED_JOB_OPS
    exc = raises(sdk, server, mode, lambda c: ops[op](sdk, c), max_retries=0)
    _assert_api_error(sdk, exc, code, cls_name)
    assert isinstance(exc, api_error_cls(sdk))


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    "resource, op, code, content_type, text",
    [
        ("batches", "retrieve", 500, "text/html", "<html><body><h1>502 Bad Gateway</h1></body></html>"),
        ("batches", "create", 400, "text/plain", "bad request, plainly"),
        ("embed_jobs", "get", 503, "text/html; charset=utf-8", "<html>maintenance</html>"),
        ("embed_jobs", "cancel", 404, "text/plain", "not here"),
        ("embed_jobs", "list", 418, "text/plain", "I'm a teapot"),
    ],
)
def test_non_json_error_body_kept_as_text(
    sdk: Any, server: FakeCohereServer, mode: str, resource: str, op: str, code: int, content_type: str, text: str
) -> None:
    server.respond_next(code, text=text, content_type=content_type)
    ops = BATCH_OPS if resource == "batches" else EMBED_JOB_OPS
    exc = raises(sdk, server, mode, lambda c: ops[op](sdk, c))
    assert isinstance(exc, api_error_cls(sdk)), repr(exc)
    assert exc.status_code == code
    assert exc.body == text
    assert lower_keys(exc.headers)["content-type"] == content_type


def test_error_raised_when_success_body_is_not_json(sdk: Any, server: FakeCohereServer) -> None:
    server.respond_next(200, text="<html>login page</html>", content_type="text/html")
    exc = raises(sdk, server, "sync", lambda c: c.batches.retrieve("b1"))
    assert isinstance(exc, api_error_cls(sdk)), repr(exc)
    assert exc.status_code == 200 and exc.body == "<html>login page</html>"


def test_server_side_401_for_bad_token(sdk: Any, server: FakeCohereServer) -> None:
    server.valid_tokens = {"good"}
    exc = raises(sdk, server, "sync", lambda c: c.batches.list(), token="bad")
    assert type(exc) is error_cls(sdk, "UnauthorizedError")
    assert exc.body == {"message": "invalid api token"}


# --------------------------------------------------------------------------- retries


def test_retries_5xx_then_succeeds(sdk: Any, server: FakeCohereServer) -> None:
    server.respond_next(503, json={"message": "busy"}, headers={"Retry-After": "0"})
    resp = run(sdk, server, "sync", lambda c: c.batches.retrieve("b1"))
    assert resp.batch.id == "b1"
    assert [r.raw_path for r in server.requests] == ["/v2/batches/b1", "/v2/batches/b1"]


def test_max_retries_zero_means_single_attempt(sdk: Any, server: FakeCohereServer) -> None:
    server.respond_next(429, json={"message": "boom", "id": "err-1"}, headers={"X-Error-Id": "e-1"}, times=3)
    exc = raises(sdk, server, "sync", lambda c: c.embed_jobs.list(request_options={"max_retries": 0}))
    _assert_api_error(sdk, exc, 429, "TooManyRequestsError")
    assert len(server.requests) == 1


def test_client_max_retries_zero(sdk: Any, server: FakeCohereServer) -> None:
    server.respond_next(500, json={"message": "boom", "id": "err-1"}, headers={"X-Error-Id": "e-1"}, times=3)
    exc = raises(sdk, server, "sync", lambda c: c.embed_jobs.get("ej1"), max_retries=0)
    _assert_api_error(sdk, exc, 500, "InternalServerError")
    assert len(server.requests) == 1


@pytest.mark.parametrize("code", [400, 404, 418])
def test_non_retryable_status_is_not_retried(sdk: Any, server: FakeCohereServer, code: int) -> None:
    server.respond_next(code, json={"message": "boom", "id": "err-1"}, headers={"X-Error-Id": "e-1"}, times=3)
    with pytest.raises(Exception):
        run(sdk, server, "sync", lambda c: c.embed_jobs.get("ej1"))
    assert len(server.requests) == 1


# --------------------------------------------------------------------------- auth & headers


@pytest.mark.parametrize("mode", MODES)
def test_bearer_token_sent(sdk: Any, server: FakeCohereServer, mode: str) -> None:
    run_ops(sdk, server, mode, [lambda c: c.batches.list(), lambda c: c.embed_jobs.get("ej1")], token="tok-abc")
    assert [r.header("authorization") for r in server.requests] == ["Bearer tok-abc"] * 2


@pytest.mark.parametrize("mode", MODES)
def test_token_callable_is_called_per_request(sdk: Any, server: FakeCohereServer, mode: str) -> None:
    calls = []

    def token() -> str:
        calls.append(1)
        return f"tok-{len(calls)}"

    run_ops(
        sdk,
        server,
        mode,
        [lambda c: c.batches.list(), lambda c: c.embed_jobs.list(), lambda c: c.batches.retrieve("b1")],
        token=token,
    )
    auth = [r.header("authorization") for r in server.requests]
    assert len(set(auth)) == 3 and all(a.startswith("Bearer tok-") for a in auth), auth
    assert [int(a.rsplit("-", 1)[1]) for a in auth] == sorted(int(a.rsplit("-", 1)[1]) for a in auth)


@pytest.mark.parametrize("mode", MODES)
def test_api_key_alias(sdk: Any, server: FakeCohereServer, mode: str) -> None:
    run(sdk, server, mode, lambda c: c.embed_jobs.list(), api_key="alias-key")
    assert only_request(server).header("authorization") == "Bearer alias-key"


@pytest.mark.parametrize("mode", MODES)
def test_api_key_alias_accepts_callable(sdk: Any, server: FakeCohereServer, mode: str) -> None:
    run(sdk, server, mode, lambda c: c.embed_jobs.list(), api_key=lambda: "alias-callable")
    assert only_request(server).header("authorization") == "Bearer alias-callable"


@pytest.mark.parametrize("mode", MODES)
def test_env_token_read_at_construction(sdk: Any, server: FakeCohereServer, mode: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CO_API_KEY", "env-key")
    kwargs = dict(base_url=server.base_url)
    if mode == "sync":
        client = sdk.Client(**kwargs)
        monkeypatch.setenv("CO_API_KEY", "changed-after-construction")
        with client:
            client.batches.list()
    else:

        async def main() -> None:
            client = sdk.AsyncClient(**kwargs)
            monkeypatch.setenv("CO_API_KEY", "changed-after-construction")
            async with client:
                await client.batches.list()

        asyncio.run(main())
    assert only_request(server).header("authorization") == "Bearer env-key"


@pytest.mark.parametrize("mode", MODES)
def test_explicit_token_beats_env(sdk: Any, server: FakeCohereServer, mode: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CO_API_KEY", "env-key")
    run(sdk, server, mode, lambda c: c.batches.list(), token="explicit")
    assert only_request(server).header("authorization") == "Bearer explicit"


@pytest.mark.parametrize("cls_name", ["Client", "AsyncClient"])
def test_missing_token_fails_at_construction(sdk: Any, server: FakeCohereServer, cls_name: str) -> None:
    with pytest.raises(Exception):
        getattr(sdk, cls_name)(base_url=server.base_url)
    assert server.requests == []


@pytest.mark.parametrize("cls_name", ["Client", "AsyncClient"])
def test_missing_token_raises_api_error_like_cohere(sdk: Any, server: FakeCohereServer, cls_name: str) -> None:
    """Cohere raises ``cohere.core.api_error.ApiError`` here; drop-in code may catch that."""
    with pytest.raises(api_error_cls(sdk)):
        getattr(sdk, cls_name)(base_url=server.base_url)


@pytest.mark.parametrize("mode", MODES)
def test_client_name_header(sdk: Any, server: FakeCohereServer, mode: str) -> None:
    run(sdk, server, mode, lambda c: c.embed_jobs.create(model="m", dataset_id="d", input_type="image"), client_name="my-app")
    run(sdk, server, mode, lambda c: c.batches.list())
    with_name, without = server.requests
    assert [v for k, v in with_name.header_items if k.lower() == "x-client-name"] == ["my-app"]
    assert without.header("x-client-name") is None


# --------------------------------------------------------------------------- forward compatibility


@pytest.mark.parametrize("mode", MODES)
def test_unknown_batch_status_and_extra_fields_kept(sdk: Any, server: FakeCohereServer, mode: str) -> None:
    server.inject(
        batch={"status": "BATCH_STATUS_PAUSED", "priority_tier": "gold", "labels": {"team": "search"}},
        top_level={"request_trace": "tr-1"},
    )
    got, listed, created = run_ops(
        sdk,
        server,
        mode,
        [
            lambda c: c.batches.retrieve("b1"),
            lambda c: c.batches.list(),
            lambda c: c.batches.create(request=sdk.batches.Batch(name="n", input_dataset_id="d", model="m")),
        ],
    )
    for batch in [got.batch, created.batch, *listed.batches]:
        assert batch.status == "BATCH_STATUS_PAUSED"
        assert batch.priority_tier == "gold"
        assert batch.model_extra["labels"] == {"team": "search"}
    for resp in (got, listed, created):
        assert resp.model_extra == {"request_trace": "tr-1"}


@pytest.mark.parametrize("mode", MODES)
def test_unknown_embed_job_enums_and_extra_fields_kept(sdk: Any, server: FakeCohereServer, mode: str) -> None:
    server.inject(
        embed_job={
            "status": "paused",
            "truncate": "MIDDLE",
            "region": "eu-west",
            "meta": {"api_version": {"version": "2", "is_beta": True}, "trace_id": "t-9"},
        }
    )
    job, listed = run_ops(sdk, server, mode, [lambda c: c.embed_jobs.get("ej1"), lambda c: c.embed_jobs.list()])
    for j in [job, *listed.embed_jobs]:
        assert (j.status, j.truncate, j.region) == ("paused", "MIDDLE", "eu-west")
        assert j.model_extra["region"] == "eu-west"
        assert j.meta.api_version.version == "2"
        assert j.meta.api_version.model_extra["is_beta"] is True
        assert j.meta.model_extra["trace_id"] == "t-9"


@pytest.mark.parametrize("mode", MODES)
def test_extra_fields_on_create_embed_job_response(sdk: Any, server: FakeCohereServer, mode: str) -> None:
    server.inject(top_level={"warnings": ["slow"], "estimated_seconds": 42})
    resp = run(sdk, server, mode, lambda c: c.embed_jobs.create(model="m", dataset_id="d", input_type="clustering"))
    assert resp.model_extra == {"warnings": ["slow"], "estimated_seconds": 42}
    assert resp.estimated_seconds == 42


def test_datetime_with_offset_and_no_fraction(sdk: Any, server: FakeCohereServer) -> None:
    server.inject(batch={"created_at": "2024-06-01T10:00:00+02:00", "updated_at": "2024-06-01T08:30:00Z"})
    b = run(sdk, server, "sync", lambda c: c.batches.retrieve("b1")).batch
    assert b.created_at == dt.datetime(2024, 6, 1, 8, 0, tzinfo=UTC)
    assert b.updated_at == dt.datetime(2024, 6, 1, 8, 30, tzinfo=UTC)


def test_models_accept_unknown_values_directly(sdk: Any) -> None:
    b = sdk.batches.Batch.model_validate(
        {"name": "n", "input_dataset_id": "d", "model": "m", "status": "BATCH_STATUS_NEW", "x_new": [1]}
    )
    assert b.status == "BATCH_STATUS_NEW" and b.x_new == [1]
    j = sdk.types.EmbedJob.model_validate(
        {
            "job_id": "j",
            "status": "archived",
            "created_at": "2024-01-02T03:04:05Z",
            "input_dataset_id": "d",
            "model": "m",
            "truncate": "NONE",
        }
    )
    assert (j.status, j.truncate) == ("archived", "NONE")
    assert j.created_at == dt.datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC)


# --------------------------------------------------------------------------- client plumbing


def test_sync_close_and_context_manager(sdk: Any, server: FakeCohereServer) -> None:
    client = sdk.Client(token=TOKEN, base_url=server.base_url)
    client.batches.list()
    client.close()
    with sdk.Client(token=TOKEN, base_url=server.base_url) as c2:
        assert c2.embed_jobs.list().embed_jobs
    assert len(server.requests) == 2


def test_custom_httpx_client_is_used(sdk: Any, server: FakeCohereServer) -> None:
    seen: List[str] = []
    hc = httpx.Client(event_hooks={"request": [lambda r: seen.append(str(r.url))]})
    with sdk.Client(token=TOKEN, base_url=server.base_url, httpx_client=hc, timeout=5.0, max_retries=0) as c:
        c.batches.retrieve("b1")
    assert seen == [server.base_url + "/v2/batches/b1"]
    hc.close()


def test_custom_async_httpx_client_is_used(sdk: Any, server: FakeCohereServer) -> None:
    seen: List[str] = []

    async def hook(request: httpx.Request) -> None:
        seen.append(str(request.url))

    async def main() -> None:
        async with httpx.AsyncClient(event_hooks={"request": [hook]}) as hc:
            client = sdk.AsyncClient(token=TOKEN, base_url=server.base_url, httpx_client=hc)
            await client.embed_jobs.get("ej1")

    asyncio.run(main())
    assert seen == [server.base_url + "/v1/embed-jobs/ej1"]


@pytest.mark.parametrize("suffix, expected", [("/", "/v2/batches"), ("/proxy", "/proxy/v2/batches"), ("/proxy/", "/proxy/v2/batches")])
def test_base_url_joining(sdk: Any, server: FakeCohereServer, suffix: str, expected: str) -> None:
    try:
        run(sdk, server, "sync", lambda c: c.batches.list(request_options=NO_RETRY), base_url=server.base_url + suffix)
    except Exception as exc:  # the fake server has no /proxy prefix: 404 is fine
        assert isinstance(exc, api_error_cls(sdk)) and exc.status_code == 404, repr(exc)
    assert only_request(server).raw_path == expected

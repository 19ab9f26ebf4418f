"""An in-memory fake of Cohere's batches and embed-jobs endpoints.

Stdlib only (``http.server``), so it runs in the test process and can be hit by
any client: the generated ``cohere_sdk``, Cohere's own SDK in another venv, or
``urllib``.

Usage::

    with FakeCohereServer() as server:
        client = cohere_sdk.Client(token="test-token", base_url=server.base_url)
        client.batches.retrieve("b1")
        req = server.last_request
        assert req.method == "GET" and req.path == "/v2/batches/b1"

        server.respond_next(503, json={"message": "down"})       # next request only
        server.respond_next(200, text="<html>hi</html>", content_type="text/html")
        server.inject(batch={"status": "BATCH_STATUS_PAUSED", "new_field": 1})

Endpoints (all require ``Authorization: Bearer <token>``, else 401 JSON):

    GET  /v2/batches                  ?page_size&page_token&order_by
    POST /v2/batches                  {"name", "input_dataset_id", "model", ...}
    GET  /v2/batches/{id}
    POST /v2/batches/{id}:cancel      -> {}
    GET  /v1/embed-jobs
    POST /v1/embed-jobs               {"model", "dataset_id", "input_type", ...}
    GET  /v1/embed-jobs/{id}
    POST /v1/embed-jobs/{id}/cancel   -> 200, empty body

Seeded objects (after every ``reset()``): batches ``b1`` (in progress) and
``b2`` (completed); embed jobs ``ej1`` (processing) and ``ej2`` (complete).

Control endpoint (not recorded, no auth): ``POST /__fake__/mark`` with JSON
``{"label": "..."}`` starts a new labelled section of the request log, see
``requests_by_label()``.
"""

from __future__ import annotations

import copy
import datetime as dt
import json as _json
import re
import threading
import urllib.parse
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Dict, Iterable, List, Mapping, Optional, Tuple, Union

__all__ = [
    "CannedResponse",
    "FakeCohereServer",
    "RecordedRequest",
    "BATCH_STATUSES",
    "EMBED_JOB_STATUSES",
]

BATCH_STATUSES = (
    "BATCH_STATUS_UNSPECIFIED",
    "BATCH_STATUS_QUEUED",
    "BATCH_STATUS_IN_PROGRESS",
    "BATCH_STATUS_CANCELING",
    "BATCH_STATUS_COMPLETED",
    "BATCH_STATUS_FAILED",
    "BATCH_STATUS_CANCELED",
)
EMBED_JOB_STATUSES = ("processing", "complete", "cancelling", "cancelled", "failed")

CONTROL_PREFIX = "/__fake__/"
_UNSET: Any = object()
_EPOCH = dt.datetime(2024, 5, 1, 12, 0, 0, tzinfo=dt.timezone.utc)


def _ts(seconds: int) -> str:
    """Deterministic RFC 3339 timestamp, ``seconds`` after a fixed epoch."""
    return (_EPOCH + dt.timedelta(seconds=seconds)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


# --------------------------------------------------------------------------- records


@dataclass
class RecordedRequest:
    """One request as the server saw it."""

    method: str
    raw_path: str  # request target exactly as sent, including any query string
    path: str  # percent-decoded path, without the query string
    raw_query: str  # query string as sent (no leading '?'), "" if none
    query: List[Tuple[str, str]]  # decoded (name, value) pairs, in order, blanks kept
    header_items: List[Tuple[str, str]]  # all headers in order, original case
    body: bytes
    json: Any = None  # parsed body when it is valid JSON, else None
    json_error: Optional[str] = None  # parse error message when body is non-empty non-JSON

    @property
    def headers(self) -> Dict[str, str]:
        """Headers with lower-cased names (last value wins)."""
        return {k.lower(): v for k, v in self.header_items}

    def header(self, name: str, default: Optional[str] = None) -> Optional[str]:
        return self.headers.get(name.lower(), default)

    @property
    def raw_path_only(self) -> str:
        """The request target without its query string, not decoded."""
        return self.raw_path.split("?", 1)[0]

    @property
    def query_dict(self) -> Dict[str, List[str]]:
        out: Dict[str, List[str]] = {}
        for k, v in self.query:
            out.setdefault(k, []).append(v)
        return out

    def to_dict(self) -> Dict[str, Any]:
        return {
            "method": self.method,
            "raw_path": self.raw_path,
            "path": self.path,
            "query": [list(p) for p in self.query],
            "headers": self.headers,
            "body": self.body.decode("utf-8", "replace"),
            "json": self.json,
        }


@dataclass
class CannedResponse:
    """A response to hand out instead of the simulated API's answer."""

    status: int
    body: bytes = b""
    headers: List[Tuple[str, str]] = field(default_factory=list)
    method: Optional[str] = None  # only match requests with this method
    path: Optional[str] = None  # only match decoded paths matching this regex (re.fullmatch)

    def matches(self, method: str, path: str) -> bool:
        if self.method is not None and self.method.upper() != method.upper():
            return False
        if self.path is not None and re.fullmatch(self.path, path) is None:
            return False
        return True


class _Reply(Exception):
    """Raised by route handlers to short-circuit with an error response."""

    def __init__(self, status: int, payload: Any):
        super().__init__(status)
        self.status = status
        self.payload = payload


# --------------------------------------------------------------------------- server


class FakeCohereServer:
    """Threaded fake Cohere API on 127.0.0.1 with in-memory state.

    ``valid_tokens``: ``None`` accepts any non-empty bearer token; a set restricts it.
    """

    def __init__(self, *, valid_tokens: Optional[Iterable[str]] = None, host: str = "127.0.0.1") -> None:
        self.host = host
        self.valid_tokens = set(valid_tokens) if valid_tokens is not None else None
        self._lock = threading.RLock()
        self._httpd: Optional[ThreadingHTTPServer] = None
        self._thread: Optional[threading.Thread] = None
        self.reset()

    # ---- lifecycle -------------------------------------------------------------

    def start(self) -> "FakeCohereServer":
        if self._httpd is not None:
            return self
        handler = _make_handler(self)
        httpd = ThreadingHTTPServer((self.host, 0), handler)
        httpd.daemon_threads = True
        httpd.block_on_close = False  # type: ignore[attr-defined]
        self._httpd = httpd
        self._thread = threading.Thread(
            target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, name="fake-cohere", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        httpd, self._httpd = self._httpd, None
        if httpd is not None:
            httpd.shutdown()
            httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    close = stop

    def __enter__(self) -> "FakeCohereServer":
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()

    @property
    def port(self) -> int:
        if self._httpd is None:
            raise RuntimeError("server not started")
        return self._httpd.server_address[1]

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:<port>`` (no trailing slash, no version prefix)."""
        return f"http://{self.host}:{self.port}"

    def url(self, path: str = "") -> str:
        return self.base_url + "/" + path.lstrip("/")

    # ---- state -----------------------------------------------------------------

    def reset(self, *, seed: bool = True) -> None:
        """Forget recorded requests, canned responses, injections and stored objects."""
        with self._lock:
            self.requests: List[RecordedRequest] = []
            self.marks: List[Tuple[str, int]] = []
            self._canned: List[CannedResponse] = []
            self._inject_batch: Dict[str, Any] = {}
            self._inject_embed_job: Dict[str, Any] = {}
            self._inject_top: Dict[str, Any] = {}
            self.batches: Dict[str, Dict[str, Any]] = {}
            self.embed_jobs: Dict[str, Dict[str, Any]] = {}
            self._clock = 0
            self._counter = 0
            self._request_counter = 0
            if seed:
                self._seed()

    def clear_requests(self) -> None:
        with self._lock:
            self.requests = []
            self.marks = []

    def _tick(self) -> str:
        self._clock += 60
        return _ts(self._clock)

    def _seed(self) -> None:
        self.add_batch(
            id="b1",
            name="seed-batch-1",
            input_dataset_id="ds-in-1",
            model="command-r-08-2024",
            status="BATCH_STATUS_IN_PROGRESS",
            num_records=10,
            num_successful_records=4,
            num_failed_records=1,
        )
        self.add_batch(
            id="b2",
            name="seed-batch-2",
            input_dataset_id="ds-in-2",
            output_dataset_id="ds-out-2",
            model="command-r-08-2024",
            status="BATCH_STATUS_COMPLETED",
            num_records=3,
            num_successful_records=3,
            input_tokens="1200",
            output_tokens="340",
        )
        self.add_embed_job(
            job_id="ej1",
            name="seed-embed-1",
            input_dataset_id="ds-embed-1",
            model="embed-english-v3.0",
            status="processing",
            truncate="END",
        )
        self.add_embed_job(
            job_id="ej2",
            name="seed-embed-2",
            input_dataset_id="ds-embed-2",
            output_dataset_id="ds-embed-out-2",
            model="embed-multilingual-v3.0",
            status="complete",
            truncate="START",
        )

    def add_batch(self, **fields: Any) -> Dict[str, Any]:
        """Store a batch (realistic defaults for omitted fields) and return it."""
        with self._lock:
            self._counter += 1
            now = self._tick()
            batch: Dict[str, Any] = {
                "id": fields.pop("id", None) or f"batch-{self._counter:04d}",
                "name": "batch",
                "creator_id": "user-123",
                "org_id": "org-456",
                "status": "BATCH_STATUS_QUEUED",
                "created_at": now,
                "updated_at": now,
                "input_dataset_id": "ds-in",
                "model": "command-r-08-2024",
                "input_tokens": "0",
                "output_tokens": "0",
                "num_records": 0,
                "num_successful_records": 0,
                "num_failed_records": 0,
            }
            batch.update(fields)
            self.batches[batch["id"]] = batch
            return batch

    def add_embed_job(self, **fields: Any) -> Dict[str, Any]:
        """Store an embed job (realistic defaults for omitted fields) and return it."""
        with self._lock:
            self._counter += 1
            job: Dict[str, Any] = {
                "job_id": fields.pop("job_id", None) or f"embed-job-{self._counter:04d}",
                "status": "processing",
                "created_at": self._tick(),
                "input_dataset_id": "ds-embed",
                "model": "embed-english-v3.0",
                "truncate": "END",
                "meta": {"api_version": {"version": "1"}, "billed_units": {"input_tokens": 0}},
            }
            job.update(fields)
            self.embed_jobs[job["job_id"]] = job
            return job

    # ---- scripting ---------------------------------------------------------------

    def respond_next(
        self,
        status: int = 200,
        *,
        json: Any = _UNSET,
        text: Optional[str] = None,
        body: Optional[bytes] = None,
        headers: Optional[Union[Mapping[str, str], Iterable[Tuple[str, str]]]] = None,
        content_type: Optional[str] = None,
        times: int = 1,
        method: Optional[str] = None,
        path: Optional[str] = None,
    ) -> None:
        """Answer the next ``times`` matching requests with this response.

        Exactly one of ``json`` (any JSON value), ``text`` (str; default content
        type ``text/plain``) or ``body`` (raw bytes) may be given; none means an
        empty body. ``method``/``path`` (regex, full match on decoded path)
        restrict which requests consume it. Canned responses bypass auth and
        routing but the request is still recorded.
        """
        given = [x is not _UNSET and x is not None for x in (json, text, body)]
        if sum(given) > 1:
            raise ValueError("give at most one of json=, text=, body=")
        if json is not _UNSET:
            payload = _json.dumps(json).encode()
            ctype = content_type or "application/json"
        elif text is not None:
            payload = text.encode("utf-8")
            ctype = content_type or "text/plain; charset=utf-8"
        else:
            payload = body or b""
            ctype = content_type
        hdrs = list(headers.items() if isinstance(headers, Mapping) else (headers or []))
        if ctype is not None and not any(k.lower() == "content-type" for k, _ in hdrs):
            hdrs.append(("Content-Type", ctype))
        with self._lock:
            for _ in range(times):
                self._canned.append(CannedResponse(status, payload, list(hdrs), method, path))

    def respond_error(self, status: int, message: str = "error", **kwargs: Any) -> None:
        """Shorthand: next request gets ``status`` with ``{"message": message}``."""
        self.respond_next(status, json={"message": message}, **kwargs)

    @property
    def pending_responses(self) -> int:
        with self._lock:
            return len(self._canned)

    def inject(
        self,
        *,
        batch: Optional[Mapping[str, Any]] = None,
        embed_job: Optional[Mapping[str, Any]] = None,
        top_level: Optional[Mapping[str, Any]] = None,
    ) -> None:
        """Merge fields into every batch object / embed job object / top-level
        JSON object the simulated API returns (until ``reset()``). Use it for
        unknown fields or unknown enum values, e.g. ``batch={"status": "X"}``."""
        with self._lock:
            self._inject_batch.update(batch or {})
            self._inject_embed_job.update(embed_job or {})
            self._inject_top.update(top_level or {})

    # ---- inspection ----------------------------------------------------------------

    @property
    def last_request(self) -> RecordedRequest:
        with self._lock:
            if not self.requests:
                raise AssertionError("the fake Cohere server received no request")
            return self.requests[-1]

    def requests_to(self, path_regex: str, method: Optional[str] = None) -> List[RecordedRequest]:
        with self._lock:
            return [
                r
                for r in self.requests
                if re.fullmatch(path_regex, r.path) and (method is None or r.method == method.upper())
            ]

    def mark(self, label: str) -> None:
        """Start a labelled section of the request log (same as POST /__fake__/mark)."""
        with self._lock:
            self.marks.append((label, len(self.requests)))

    def requests_by_label(self) -> Dict[str, List[RecordedRequest]]:
        """Requests grouped by the most recent preceding mark (label -> requests)."""
        with self._lock:
            out: Dict[str, List[RecordedRequest]] = {}
            for i, (label, start) in enumerate(self.marks):
                end = self.marks[i + 1][1] if i + 1 < len(self.marks) else len(self.requests)
                out.setdefault(label, []).extend(self.requests[start:end])
            return out

    # ---- request handling (called from handler threads) ------------------------------

    def _handle(self, req: RecordedRequest) -> Tuple[int, List[Tuple[str, str]], bytes]:
        with self._lock:
            self._request_counter += 1
            request_id = f"req-{self._request_counter:05d}"
            for i, canned in enumerate(self._canned):
                if canned.matches(req.method, req.path):
                    del self._canned[i]
                    hdrs = list(canned.headers)
                    if not any(k.lower() == "x-request-id" for k, _ in hdrs):
                        hdrs.append(("X-Request-Id", request_id))
                    return canned.status, hdrs, canned.body
            try:
                self._check_auth(req)
                status, payload = self._route(req)
            except _Reply as r:
                status, payload = r.status, r.payload
            hdrs = [("X-Request-Id", request_id)]
            if payload is None:
                return status, hdrs, b""
            hdrs.append(("Content-Type", "application/json"))
            return status, hdrs, _json.dumps(payload).encode()

    def _check_auth(self, req: RecordedRequest) -> None:
        auth = req.header("authorization") or ""
        m = re.fullmatch(r"Bearer (\S.*)", auth)
        if m is None:
            raise _Reply(401, {"message": "no api key supplied"})
        if self.valid_tokens is not None and m.group(1) not in self.valid_tokens:
            raise _Reply(401, {"message": "invalid api token"})

    def _route(self, req: RecordedRequest) -> Tuple[int, Any]:
        segments = [urllib.parse.unquote(s) for s in req.raw_path_only.split("/")[1:]]
        m, s = req.method, segments
        if s[:2] == ["v2", "batches"]:
            if len(s) == 2:
                return self._dispatch(m, GET=lambda: self._list_batches(req), POST=lambda: self._create_batch(req))
            if len(s) == 3 and s[2].endswith(":cancel") and len(s[2]) > len(":cancel"):
                bid = s[2][: -len(":cancel")]
                return self._dispatch(m, POST=lambda: self._cancel_batch(bid))
            if len(s) == 3 and s[2]:
                return self._dispatch(m, GET=lambda: (200, self._wrap_batch(self._get_batch(s[2]))))
        if s[:2] == ["v1", "embed-jobs"]:
            if len(s) == 2:
                return self._dispatch(m, GET=self._list_embed_jobs, POST=lambda: self._create_embed_job(req))
            if len(s) == 3 and s[2]:
                return self._dispatch(m, GET=lambda: (200, self._render_embed_job(self._get_embed_job(s[2]), True)))
            if len(s) == 4 and s[2] and s[3] == "cancel":
                return self._dispatch(m, POST=lambda: self._cancel_embed_job(s[2]))
        raise _Reply(404, {"message": f"no route for {req.method} {req.path}"})

    @staticmethod
    def _dispatch(method: str, **handlers: Any) -> Tuple[int, Any]:
        fn = handlers.get(method)
        if fn is None:
            raise _Reply(405, {"message": f"method {method} not allowed"})
        return fn()

    # -- rendering

    def _render_batch(self, batch: Mapping[str, Any]) -> Dict[str, Any]:
        out = copy.deepcopy(dict(batch))
        out.update(copy.deepcopy(self._inject_batch))
        return out

    def _render_embed_job(self, job: Mapping[str, Any], top: bool = False) -> Dict[str, Any]:
        out = copy.deepcopy(dict(job))
        out.update(copy.deepcopy(self._inject_embed_job))
        if top:
            out.update(copy.deepcopy(self._inject_top))
        return out

    def _top(self, payload: Dict[str, Any]) -> Dict[str, Any]:
        payload.update(copy.deepcopy(self._inject_top))
        return payload

    def _wrap_batch(self, batch: Mapping[str, Any]) -> Dict[str, Any]:
        return self._top({"batch": self._render_batch(batch)})

    # -- batches

    def _list_batches(self, req: RecordedRequest) -> Tuple[int, Any]:
        q = dict(req.query)
        try:
            page_size = int(q.get("page_size") or 50)
        except ValueError:
            raise _Reply(400, {"message": "page_size must be an integer"})
        if page_size < 0:
            raise _Reply(400, {"message": "page_size must be non-negative"})
        page_size = min(page_size or 50, 1000)
        order_by = q.get("order_by") or "created_at"
        key = order_by.split()[0]
        if key not in ("created_at", "updated_at"):
            raise _Reply(400, {"message": f"invalid order_by {order_by!r}"})
        items = sorted(self.batches.values(), key=lambda b: (b[key], b["id"]), reverse=order_by.endswith(" desc"))
        token = q.get("page_token") or ""
        offset = int(token[5:]) if re.fullmatch(r"page-\d+", token) else 0  # unknown tokens: first page
        page = items[offset : offset + page_size]
        payload: Dict[str, Any] = {"batches": [self._render_batch(b) for b in page]}
        if offset + page_size < len(items):
            payload["next_page_token"] = f"page-{offset + page_size}"
        return 200, self._top(payload)

    def _create_batch(self, req: RecordedRequest) -> Tuple[int, Any]:
        body = req.json
        if not isinstance(body, dict):
            raise _Reply(400, {"message": "request body must be a JSON object"})
        missing = [k for k in ("name", "input_dataset_id", "model") if not isinstance(body.get(k), str)]
        if missing:
            raise _Reply(400, {"message": f"missing required field(s): {', '.join(missing)}"})
        batch = self.add_batch(name=body["name"], input_dataset_id=body["input_dataset_id"], model=body["model"])
        return 200, self._wrap_batch(batch)

    def _get_batch(self, bid: str) -> Dict[str, Any]:
        batch = self.batches.get(bid)
        if batch is None:
            raise _Reply(404, {"message": f"batch {bid} not found"})
        return batch

    def _cancel_batch(self, bid: str) -> Tuple[int, Any]:
        batch = self._get_batch(bid)
        if batch["status"] in ("BATCH_STATUS_QUEUED", "BATCH_STATUS_IN_PROGRESS"):
            batch["status"] = "BATCH_STATUS_CANCELING"
            batch["updated_at"] = self._tick()
        return 200, self._top({})

    # -- embed jobs

    def _list_embed_jobs(self) -> Tuple[int, Any]:
        return 200, self._top({"embed_jobs": [self._render_embed_job(j) for j in self.embed_jobs.values()]})

    def _create_embed_job(self, req: RecordedRequest) -> Tuple[int, Any]:
        body = req.json
        if not isinstance(body, dict):
            raise _Reply(400, {"message": "request body must be a JSON object"})
        missing = [k for k in ("model", "dataset_id", "input_type") if not isinstance(body.get(k), str)]
        if missing:
            raise _Reply(400, {"message": f"missing required field(s): {', '.join(missing)}"})
        truncate = body.get("truncate") or "END"  # absent or null: the default
        if truncate not in ("START", "END"):
            raise _Reply(400, {"message": f"invalid truncate {truncate!r}"})
        fields: Dict[str, Any] = {"input_dataset_id": body["dataset_id"], "model": body["model"], "truncate": truncate}
        if isinstance(body.get("name"), str):
            fields["name"] = body["name"]
        job = self.add_embed_job(**fields)
        return 200, self._top({"job_id": job["job_id"], "meta": {"api_version": {"version": "1"}}})

    def _get_embed_job(self, jid: str) -> Dict[str, Any]:
        job = self.embed_jobs.get(jid)
        if job is None:
            raise _Reply(404, {"message": f"embed job {jid} not found"})
        return job

    def _cancel_embed_job(self, jid: str) -> Tuple[int, Any]:
        job = self._get_embed_job(jid)
        if job["status"] == "processing":
            job["status"] = "cancelling"
        return 200, None


# --------------------------------------------------------------------------- HTTP glue


def _make_handler(server: FakeCohereServer) -> type:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        server_version = "FakeCohere/1.0"
        timeout = 30  # idle keep-alive connections are dropped after this

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - silence stderr
            pass

        def _read_body(self) -> bytes:
            if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
                chunks = []
                while True:
                    size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                    if size == 0:
                        while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                            pass
                        break
                    chunks.append(self.rfile.read(size))
                    self.rfile.readline()
                return b"".join(chunks)
            length = int(self.headers.get("Content-Length") or 0)
            return self.rfile.read(length) if length else b""

        def _serve(self) -> None:
            body = self._read_body()
            raw_path = self.path
            path_part, _, raw_query = raw_path.partition("?")
            if path_part.startswith(CONTROL_PREFIX):
                self._control(path_part[len(CONTROL_PREFIX) :], body)
                return
            parsed: Any = None
            json_error: Optional[str] = None
            if body:
                try:
                    parsed = _json.loads(body)
                except ValueError as e:
                    json_error = str(e)
            req = RecordedRequest(
                method=self.command,
                raw_path=raw_path,
                path=urllib.parse.unquote(path_part),
                raw_query=raw_query,
                query=urllib.parse.parse_qsl(raw_query, keep_blank_values=True),
                header_items=list(self.headers.items()),
                body=body,
                json=parsed,
                json_error=json_error,
            )
            with server._lock:
                server.requests.append(req)
            status, headers, payload = server._handle(req)
            self._send(status, headers, payload)

        def _control(self, action: str, body: bytes) -> None:
            if action == "mark" and self.command == "POST":
                try:
                    label = _json.loads(body or b"{}")["label"]
                except (ValueError, KeyError, TypeError):
                    self._send(400, [("Content-Type", "application/json")], b'{"message": "need {\\"label\\"}"}')
                    return
                server.mark(str(label))
                self._send(204, [], b"")
                return
            self._send(404, [("Content-Type", "application/json")], b'{"message": "unknown control action"}')

        def _send(self, status: int, headers: List[Tuple[str, str]], payload: bytes) -> None:
            self.send_response(status)
            for k, v in headers:
                if k.lower() != "content-length":
                    self.send_header(k, v)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            if payload and self.command != "HEAD":
                self.wfile.write(payload)

        do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = _serve

    return Handler


def post_mark(base_url: str, label: str, timeout: float = 10.0) -> None:
    """Client side of the control endpoint, for scripts (stdlib only)."""
    import urllib.request

    req = urllib.request.Request(
        base_url.rstrip("/") + CONTROL_PREFIX + "mark",
        data=_json.dumps({"label": label}).encode(),
        method="POST",
        headers={"Content-Type": "application/json"},
    )
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(req, timeout=timeout) as resp:
        resp.read()

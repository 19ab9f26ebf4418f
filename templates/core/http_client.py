"""HTTP transport shared by every generated client.

Builds the URL, headers, query string and body; sends the request; retries
transient failures with backoff; logs one debug line per attempt.  The
generated root client owns the ``httpx`` client (and closes it).
"""

from __future__ import annotations

import datetime as dt
import email.utils
import json as jsonlib
import logging
import math
import random
import re
import sys
import time
import weakref
from dataclasses import dataclass
from typing import (
    TYPE_CHECKING,
    Any,
    AsyncIterator,
    Awaitable,
    Callable,
    Dict,
    List,
    Mapping,
    MutableMapping,
    Optional,
    Tuple,
    Union,
)
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

if TYPE_CHECKING:
    import asyncio

import httpx

from .api_error import (
    ApiConnectionError,
    ApiTimeoutError,
    InvalidHeaderError,
    one_line,
)
from .request_options import RequestOptions
from .serialization import OMIT, to_jsonable

# Named after the SDK package (not "<package>.core.http_client"), so users
# turn it on with logging.getLogger("<package>").setLevel(logging.DEBUG).
logger = logging.getLogger(__name__.rsplit(".core", 1)[0])
logger.addHandler(logging.NullHandler())

RETRYABLE_STATUS_CODES = frozenset({408, 409, 429})
INITIAL_BACKOFF_SECONDS = 0.5
MAX_BACKOFF_SECONDS = 8.0
MAX_JITTER_FRACTION = 0.25
MAX_RETRY_AFTER_SECONDS = 60.0

# Transport failures where trying again can help.  The rest (invalid URL,
# unsupported protocol, too many redirects...) would fail the same way again.
_RETRYABLE_ERRORS = (
    httpx.TimeoutException,
    httpx.NetworkError,
    httpx.RemoteProtocolError,
)

# Query parameters whose names contain one of these are redacted in logs.
_SENSITIVE_QUERY_WORDS = (
    "key",
    "token",
    "secret",
    "password",
    "passwd",
    "auth",
    "signature",
    "credential",
    "session",
)

QueryPairs = List[Tuple[str, str]]
HeaderLayer = Optional[Mapping[str, Any]]


@dataclass(frozen=True)
class _Plan:
    """Everything about one call that stays the same across its attempts."""

    method: str
    url: str
    params: QueryPairs
    header_layers: Tuple[HeaderLayer, ...]
    content: Optional[bytes]
    form: Optional[Dict[str, Any]]
    files: Any
    timeout: Optional[float]
    attempts: int


class _HttpClientBase:
    """Request building and retry policy shared by the sync and async clients."""

    def __init__(
        self,
        *,
        base_url: str,
        base_headers: Callable[[], Dict[str, str]],
        timeout: Optional[float],
        max_retries: int,
        jitter: Callable[[], float],
    ) -> None:
        self.base_url = base_url
        self.base_headers = base_headers
        self.timeout = timeout
        self.max_retries = max_retries
        self._jitter = jitter

    def _plan(
        self,
        path: str,
        *,
        method: str,
        params: Optional[Mapping[str, Any]],
        json: Any,
        content: Optional[Union[bytes, str]],
        data: Optional[Mapping[str, Any]],
        files: Any,
        headers: HeaderLayer,
        request_options: Optional[RequestOptions],
    ) -> _Plan:
        options: RequestOptions = request_options or {}
        body, form, is_json = encode_body(
            json=json,
            content=content,
            data=data,
            files=files,
            additional=options.get("additional_body_parameters"),
        )
        default_type = {"Content-Type": "application/json"} if is_json else None
        max_retries = options.get("max_retries")
        if max_retries is None:
            max_retries = self.max_retries
        timeout = options.get("timeout_in_seconds")
        return _Plan(
            method=method.upper(),
            url=join_url(self.base_url, path),
            params=encode_params(params, options.get("additional_query_parameters")),
            header_layers=(default_type, headers, options.get("additional_headers")),
            content=body,
            form=form,
            files=files,
            timeout=timeout if timeout is not None else self.timeout,
            attempts=1 + max(0, max_retries),
        )

    def _attempt_headers(self, plan: _Plan) -> Dict[str, str]:
        """Merge headers afresh for each attempt, so a rotating token is re-read.

        Precedence (lowest first): JSON content type, client headers,
        per-call headers, ``additional_headers``.
        """
        default_type, call_headers, additional = plan.header_layers
        return merge_headers(
            default_type, self.base_headers(), call_headers, additional
        )

    @staticmethod
    def _build_request(
        client: Union[httpx.Client, httpx.AsyncClient],
        plan: _Plan,
        headers: Dict[str, str],
    ) -> httpx.Request:
        return client.build_request(
            plan.method,
            plan.url,
            # None, not (), when empty: httpx would parse the URL again.
            params=tuple(plan.params) or None,
            headers=headers,
            content=plan.content,
            data=plan.form,
            files=plan.files,
            timeout=(
                plan.timeout if plan.timeout is not None else httpx.USE_CLIENT_DEFAULT
            ),
        )

    def _delay_after_response(
        self, plan: _Plan, attempt: int, response: httpx.Response
    ) -> Optional[float]:
        """Seconds to wait before retrying, or None to return ``response``."""
        if attempt >= plan.attempts or not should_retry_response(response):
            return None
        server_delay = retry_after_seconds(response.headers)
        if server_delay is not None:
            return server_delay
        return self._backoff(attempt - 1)

    def _delay_after_error(
        self, plan: _Plan, attempt: int, error: Exception
    ) -> Optional[float]:
        """Seconds to wait before retrying, or None to give up with ``error``."""
        if attempt >= plan.attempts or not isinstance(error, _RETRYABLE_ERRORS):
            return None
        return self._backoff(attempt - 1)

    def _backoff(self, retry_index: int) -> float:
        """Exponential backoff; jitter shortens it by up to 25% to spread load."""
        delay = min(INITIAL_BACKOFF_SECONDS * 2.0**retry_index, MAX_BACKOFF_SECONDS)
        return delay * (1.0 - MAX_JITTER_FRACTION * self._jitter())

    @staticmethod
    def _log_attempt(
        plan: _Plan,
        attempt: int,
        started: float,
        outcome: Union[httpx.Response, Exception],
        delay: Optional[float],
    ) -> None:
        if not logger.isEnabledFor(logging.DEBUG):
            return
        if isinstance(outcome, httpx.Response):
            result = str(outcome.status_code)
        else:
            result = type(outcome).__name__
        logger.debug(
            "%s %s -> %s (attempt %d/%d, %.0f ms)%s",
            plan.method,
            loggable_url(plan.url, plan.params),
            result,
            attempt,
            plan.attempts,
            (time.monotonic() - started) * 1000.0,
            f"; retrying in {delay:.2f} s" if delay is not None else "",
        )


class HttpClient(_HttpClientBase):
    """Sends requests through a caller-owned ``httpx.Client`` with retries."""

    def __init__(
        self,
        *,
        httpx_client: httpx.Client,
        base_url: str,
        base_headers: Callable[[], Dict[str, str]],
        timeout: Optional[float] = None,
        max_retries: int = 2,
        sleep: Callable[[float], None] = time.sleep,
        jitter: Callable[[], float] = random.random,
    ) -> None:
        super().__init__(
            base_url=base_url,
            base_headers=base_headers,
            timeout=timeout,
            max_retries=max_retries,
            jitter=jitter,
        )
        self.httpx_client = httpx_client
        self._sleep = sleep

    def request(
        self,
        path: str,
        *,
        method: str,
        params: Optional[Mapping[str, Any]] = None,
        json: Any = OMIT,
        content: Optional[Union[bytes, str]] = None,
        data: Optional[Mapping[str, Any]] = None,
        files: Any = None,
        headers: Optional[Mapping[str, Any]] = None,
        request_options: Optional[RequestOptions] = None,
        stream: bool = False,
    ) -> httpx.Response:
        """Send the request, retrying transient failures.

        Returns the last HTTP response whatever its status (the caller turns
        error statuses into exceptions).  Raises ApiTimeoutError or
        ApiConnectionError when no response could be obtained.
        """
        plan = self._plan(
            path,
            method=method,
            params=params,
            json=json,
            content=content,
            data=data,
            files=files,
            headers=headers,
            request_options=request_options,
        )
        attempt = 0
        while True:
            attempt += 1
            headers_now = self._attempt_headers(plan)
            started = time.monotonic()
            try:
                request = self._build_request(self.httpx_client, plan, headers_now)
                response = self.httpx_client.send(request, stream=stream)
            except (httpx.HTTPError, httpx.InvalidURL) as exc:
                delay = self._delay_after_error(plan, attempt, exc)
                self._log_attempt(plan, attempt, started, exc, delay)
                if delay is None:
                    raise transport_error(plan.method, plan.url, exc, attempt) from exc
            else:
                delay = self._delay_after_response(plan, attempt, response)
                self._log_attempt(plan, attempt, started, response, delay)
                if delay is None:
                    return response
                if stream:
                    response.close()  # a retried streaming response is never read
            self._sleep(delay)


class AsyncHttpClient(_HttpClientBase):
    """Async twin of :class:`HttpClient`, over a caller-owned ``httpx.AsyncClient``."""

    def __init__(
        self,
        *,
        httpx_client: httpx.AsyncClient,
        base_url: str,
        base_headers: Callable[[], Dict[str, str]],
        timeout: Optional[float] = None,
        max_retries: int = 2,
        sleep: Optional[Callable[[float], Awaitable[None]]] = None,
        jitter: Callable[[], float] = random.random,
        max_in_flight: Optional[int] = None,
    ) -> None:
        super().__init__(
            base_url=base_url,
            base_headers=base_headers,
            timeout=timeout,
            max_retries=max_retries,
            jitter=jitter,
        )
        self.httpx_client = httpx_client
        self._sleep = sleep if sleep is not None else _asyncio().sleep
        if max_in_flight is not None and max_in_flight < 1:
            raise ValueError("max_in_flight must be at least 1")
        self.max_in_flight = (
            max_in_flight if max_in_flight is not None else pool_size(httpx_client)
        )
        """Requests sent at once; more wait in the SDK (None: no limit).

        Defaults to the size of the httpx client's connection pool: calls
        beyond it would wait in httpcore's pool, whose bookkeeping costs
        O(waiting x connections) on every event and stalls the event loop
        with a thousand waiting calls.  Waiting here costs nothing.
        """
        self._slots: MutableMapping[asyncio.AbstractEventLoop, asyncio.Semaphore] = (
            weakref.WeakKeyDictionary()
        )

    async def request(
        self,
        path: str,
        *,
        method: str,
        params: Optional[Mapping[str, Any]] = None,
        json: Any = OMIT,
        content: Optional[Union[bytes, str]] = None,
        data: Optional[Mapping[str, Any]] = None,
        files: Any = None,
        headers: Optional[Mapping[str, Any]] = None,
        request_options: Optional[RequestOptions] = None,
        stream: bool = False,
    ) -> httpx.Response:
        """Send the request, retrying transient failures (see HttpClient.request)."""
        plan = self._plan(
            path,
            method=method,
            params=params,
            json=json,
            content=content,
            data=data,
            files=files,
            headers=headers,
            request_options=request_options,
        )
        attempt = 0
        while True:
            attempt += 1
            headers_now = self._attempt_headers(plan)
            started = time.monotonic()
            try:
                request = self._build_request(self.httpx_client, plan, headers_now)
                response = await self._send(request, stream)
            except (httpx.HTTPError, httpx.InvalidURL) as exc:
                delay = self._delay_after_error(plan, attempt, exc)
                self._log_attempt(plan, attempt, started, exc, delay)
                if delay is None:
                    raise transport_error(plan.method, plan.url, exc, attempt) from exc
            else:
                delay = self._delay_after_response(plan, attempt, response)
                self._log_attempt(plan, attempt, started, response, delay)
                if delay is None:
                    return response
                if stream:
                    # a retried streaming response is never read
                    await response.aclose()
            await self._sleep(delay)

    def _slots_here(self) -> Optional[asyncio.Semaphore]:
        """This event loop's semaphore (asyncio primitives belong to one loop)."""
        if self.max_in_flight is None:
            return None
        loop = _asyncio().get_running_loop()
        slots = self._slots.get(loop)
        if slots is None:
            slots = self._slots[loop] = _asyncio().Semaphore(self.max_in_flight)
        return slots

    async def _send(self, request: httpx.Request, stream: bool) -> httpx.Response:
        """Send one attempt while holding an in-flight slot.

        The slot is released when the response has been read, or, for a
        streaming response, when it is closed; waiting for a slot is bounded
        by the request's pool timeout, like waiting for a pooled connection.
        """
        slots = self._slots_here()
        if slots is None:
            return await self.httpx_client.send(request, stream=stream)
        await _acquire(slots, request)
        try:
            response = await self.httpx_client.send(request, stream=stream)
        except BaseException:
            slots.release()
            raise
        if stream:
            response.stream = _SlotHoldingStream(response.stream, slots)
        else:
            slots.release()
        return response


def _asyncio() -> Any:
    """asyncio, imported when an async client first needs it: it takes 30 ms, a
    sixth of importing the SDK, which a program using only sync clients never pays."""
    import asyncio

    return asyncio


async def _acquire(slots: asyncio.Semaphore, request: httpx.Request) -> None:
    """Take a slot, waiting at most the request's pool timeout.

    Raises ``httpx.PoolTimeout``, which is retried and reported like httpx's own.
    """
    if not slots.locked():
        await slots.acquire()  # returns at once
        return
    timeouts = request.extensions.get("timeout") or {}
    wait = timeouts.get("pool")
    if wait is None:
        await slots.acquire()
        return
    asyncio = _asyncio()
    try:
        await asyncio.wait_for(slots.acquire(), wait)
    except asyncio.TimeoutError:
        raise httpx.PoolTimeout(
            "timed out waiting for a free connection slot", request=request
        ) from None


class _SlotHoldingStream(httpx.AsyncByteStream):
    """A streaming response's body that gives its slot back once closed."""

    def __init__(self, inner: Any, slots: asyncio.Semaphore) -> None:
        self._inner = inner
        self._slots: Optional[asyncio.Semaphore] = slots

    async def __aiter__(self) -> AsyncIterator[bytes]:
        async for chunk in self._inner:
            yield chunk

    async def aclose(self) -> None:
        try:
            await self._inner.aclose()
        finally:
            slots, self._slots = self._slots, None
            if slots is not None:
                slots.release()


def pool_size(httpx_client: httpx.AsyncClient) -> Optional[int]:
    """``max_connections`` of the client's connection pool; None when the pool
    is unbounded or the transport has none (a mock, a custom transport)."""
    transport = getattr(httpx_client, "_transport", None)
    pool = getattr(transport, "_pool", None)
    size = getattr(pool, "_max_connections", None)
    if isinstance(size, int) and 0 < size < sys.maxsize:
        return size
    return None


def join_url(base_url: str, path: str) -> str:
    """Join without re-encoding: ``path`` arrives already percent-encoded."""
    return base_url.rstrip("/") + "/" + path.lstrip("/")


def format_value(value: Any) -> str:
    """Render a header or query value: booleans lower-case, dates ISO 8601,
    enums by value, objects and lists as compact JSON."""
    jsonable = to_jsonable(value)
    if isinstance(jsonable, bool):
        return "true" if jsonable else "false"
    if isinstance(jsonable, str):
        return jsonable
    if isinstance(jsonable, (dict, list)):
        return dump_json(jsonable).decode("utf-8")
    return str(jsonable)


def _is_absent(value: Any) -> bool:
    return value is None or value is OMIT


def merge_headers(*layers: HeaderLayer) -> Dict[str, str]:
    """Merge header mappings, later layers winning, names case-insensitive.

    None/OMIT values are skipped (they do not remove an earlier value).
    Leading and trailing spaces and tabs are not part of a value (RFC 9110)
    and are dropped.  Raises InvalidHeaderError (a ValueError) on anything
    HTTP/1.1 cannot carry: CR, LF or NUL, which could smuggle extra headers,
    other control characters, non-ASCII text, or a name that is not a token.
    """
    merged: Dict[str, Tuple[str, str]] = {}
    for layer in layers:
        for name, value in (layer or {}).items():
            if _is_absent(value):
                continue
            text = format_value(value).strip(" \t")
            _check_header(name, text)
            merged[name.lower()] = (name, text)
    return dict(merged.values())


# RFC 9110 token: the characters a header name may hold.
_HEADER_NAME = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+\Z")


def _check_header(name: str, value: str) -> None:
    """Refuse a header httpx and h11 would reject or send wrongly.

    The message names the header but never shows its value: it may be a
    credential.  (httpx would raise a bare UnicodeEncodeError on non-ASCII
    text, and h11 an error quoting the value.)
    """
    if (
        _HEADER_NAME.match(name) is not None
        and value.isascii()
        and (value.isprintable() or value.replace("\t", " ").isprintable())
    ):
        return  # the usual case: a token name, visible ASCII, spaces and tabs
    shown = repr(one_line(name, 80))
    if any(ch in name or ch in value for ch in ("\r", "\n", "\0")):
        reason = "contains a CR, LF or NUL character"
    elif _HEADER_NAME.match(name) is None:
        reason = "is not a valid header name (letters, digits and !#$%&'*+-.^_`|~)"
    elif not value.isascii():
        reason = (
            "has a value with non-ASCII characters, which HTTP headers cannot"
            " carry as text; encode it first (e.g. percent-encoding)"
        )
    else:
        reason = "has a value with a control character"
    raise InvalidHeaderError(f"header {shown} {reason}")


def encode_params(*layers: Optional[Mapping[str, Any]]) -> QueryPairs:
    """Flatten query parameters into (name, value) pairs.

    Later layers replace earlier keys; None/OMIT values are dropped; lists and
    tuples become repeated keys (``?tag=a&tag=b``).
    """
    merged: Dict[str, Any] = {}
    for layer in layers:
        for key, value in (layer or {}).items():
            if not _is_absent(value):
                merged[key] = value
    pairs: QueryPairs = []
    for key, value in merged.items():
        items = value if isinstance(value, (list, tuple)) else (value,)
        pairs.extend(
            (key, format_value(item)) for item in items if not _is_absent(item)
        )
    return pairs


def dump_json(value: Any) -> bytes:
    """Compact UTF-8 JSON; NaN/Infinity are refused since JSON has no such values."""
    text = jsonlib.dumps(
        value, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    )
    return text.encode("utf-8")


def encode_body(
    *,
    json: Any,
    content: Optional[Union[bytes, str]],
    data: Optional[Mapping[str, Any]],
    files: Any,
    additional: Optional[Mapping[str, Any]],
) -> Tuple[Optional[bytes], Optional[Dict[str, Any]], bool]:
    """Return ``(raw bytes, form fields, is_json)`` for the request body.

    JSON is serialised once, so every retry sends identical bytes.
    ``additional`` (additional_body_parameters) is merged into a JSON object
    or the form fields, or sent alone as JSON when there is no body.
    """
    has_json = not _is_absent(json)
    has_form = data is not None or files is not None
    if has_json + (content is not None) + has_form > 1:
        raise ValueError("pass only one of json=, content= or data=/files=")
    if content is not None:
        if additional:
            raise ValueError("additional_body_parameters cannot extend a raw body")
        raw = content.encode("utf-8") if isinstance(content, str) else content
        return raw, None, False
    if has_form:
        fields = {**(data or {}), **(additional or {})}
        kept = {key: value for key, value in fields.items() if not _is_absent(value)}
        return None, kept, False
    if not has_json and not additional:
        return None, None, False
    payload = to_jsonable(json) if has_json else {}
    if additional:
        if not isinstance(payload, dict):
            raise ValueError("additional_body_parameters needs a JSON object body")
        payload = {**payload, **to_jsonable(dict(additional))}
    return dump_json(payload), None, True


def should_retry_response(response: httpx.Response) -> bool:
    """Retry 408, 409, 429 and 5xx, unless ``x-should-retry`` says otherwise.

    The server's hint only applies to error statuses: a success is never
    retried, since repeating a completed non-idempotent call could duplicate it.
    """
    status = response.status_code
    if status < 400:
        return False
    hint = str(response.headers.get("x-should-retry", "")).strip().lower()
    if hint in ("true", "false"):
        return hint == "true"
    return status in RETRYABLE_STATUS_CODES or status >= 500


def retry_after_seconds(headers: httpx.Headers) -> Optional[float]:
    """The server's requested delay, capped at 60 s; None if absent or invalid.

    ``retry-after-ms`` (milliseconds) wins over ``Retry-After`` (seconds,
    possibly fractional, or an HTTP date).
    """
    millis = _parse_seconds(headers.get("retry-after-ms"))
    if millis is not None:
        return min(millis / 1000.0, MAX_RETRY_AFTER_SECONDS)
    value: Optional[str] = headers.get("retry-after")
    if value is None:
        return None
    seconds = _parse_seconds(value)
    if seconds is None:
        seconds = _seconds_until_http_date(value)
    if seconds is None or seconds < 0:
        return None
    return min(seconds, MAX_RETRY_AFTER_SECONDS)


def _parse_seconds(value: Optional[str]) -> Optional[float]:
    """A finite, non-negative number, else None."""
    if value is None:
        return None
    try:
        number = float(value)
    except ValueError:
        return None
    return number if math.isfinite(number) and number >= 0 else None


def _seconds_until_http_date(value: str) -> Optional[float]:
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):  # TypeError on Python < 3.10
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.timezone.utc)
    return (when - dt.datetime.now(dt.timezone.utc)).total_seconds()


def transport_error(
    method: str, url: str, error: Exception, attempts: int
) -> Union[ApiTimeoutError, ApiConnectionError]:
    """Wrap an httpx failure; the caller chains the original as ``__cause__``."""
    detail = str(error)
    reason = f"{type(error).__name__}: {detail}" if detail else type(error).__name__
    reason = f"{one_line(reason)} (after {attempts} attempt{'s' * (attempts != 1)})"
    if isinstance(error, httpx.TimeoutException):
        return ApiTimeoutError(method=method, url=url, reason=reason)
    return ApiConnectionError(method=method, url=url, reason=reason)


def loggable_url(url: str, params: QueryPairs) -> str:
    """The full URL with credentials removed and sensitive query values redacted."""
    parts = urlsplit(url)
    pairs = parse_qsl(parts.query, keep_blank_values=True) + list(params)
    shown = [
        (key, "REDACTED" if _is_sensitive_query(key) else value) for key, value in pairs
    ]
    host = parts.netloc.rpartition("@")[2]
    return urlunsplit((parts.scheme, host, parts.path, urlencode(shown), ""))


def _is_sensitive_query(name: str) -> bool:
    lowered = name.lower()
    return any(word in lowered for word in _SENSITIVE_QUERY_WORDS)

"""Errors raised by the SDK.

Everything the SDK raises on purpose derives from :class:`SdkError`, so callers
can catch one class.  HTTP status errors are :class:`ApiError` (generated code
adds one subclass per documented status), transport failures are
:class:`ApiTimeoutError` / :class:`ApiConnectionError` rather than raw httpx
exceptions.  Errors render as one short line and never include header values,
so they are safe to log.
"""

from __future__ import annotations

import http
import json
from typing import Any, Callable, Dict, Mapping, Optional, Tuple, Type
from urllib.parse import urlsplit, urlunsplit

import httpx

# Response headers that carry a request id, most specific first.
REQUEST_ID_HEADERS: Tuple[str, ...] = (
    "x-request-id",
    "request-id",
    "x-amzn-requestid",
    "x-amz-request-id",
    "x-ms-request-id",
    "x-correlation-id",
    "x-trace-id",
    "cf-ray",
)

# Header names whose values must never be rendered (lower case).
SENSITIVE_HEADERS = frozenset(
    {
        "authorization",
        "proxy-authorization",
        "cookie",
        "set-cookie",
        "x-api-key",
        "api-key",
        "x-auth-token",
        "x-amz-security-token",
    }
)

_MAX_MESSAGE_CHARS = 200
_REDACTED = "[redacted]"


def redact_headers(headers: Mapping[str, str]) -> Dict[str, str]:
    """Return a copy of ``headers`` that is safe to print or log."""
    return {
        name: _REDACTED if _is_sensitive_header(name) else value
        for name, value in headers.items()
    }


def _is_sensitive_header(name: str) -> bool:
    lowered = name.lower()
    return lowered in SENSITIVE_HEADERS or "token" in lowered or "secret" in lowered


def one_line(text: str, limit: int = _MAX_MESSAGE_CHARS) -> str:
    """Collapse whitespace (including newlines) and truncate to ``limit`` chars."""
    collapsed = " ".join(text.split())
    if len(collapsed) <= limit:
        return collapsed
    return collapsed[: limit - 3].rstrip() + "..."


def safe_url(url: str) -> str:
    """Drop credentials, query string and fragment from ``url`` for display.

    Query strings often carry API keys or signatures, so they never appear in
    error messages.
    """
    try:
        parts = urlsplit(url)
    except ValueError:  # e.g. an unclosed IPv6 bracket
        return "<invalid URL>"
    host = parts.netloc.rpartition("@")[2]
    return urlunsplit((parts.scheme, host, parts.path, "", ""))


def _rebuild_error(cls: Type[SdkError], state: Dict[str, Any]) -> SdkError:
    error = cls.__new__(cls)
    error.__dict__.update(state)
    return error


class SdkError(Exception):
    """Base class of every error the SDK raises."""

    def __reduce__(self) -> Tuple[Any, ...]:
        # Subclasses take keyword-only arguments, which the default exception
        # pickling (``cls(*args)``) cannot reproduce; restore the attributes
        # instead so errors survive multiprocessing and similar round trips.
        return (_rebuild_error, (type(self), self.__dict__.copy()))


class ApiError(SdkError):
    """The server answered with an error status.

    ``body`` is the parsed JSON body when it parses, otherwise its text (or
    None when empty).  ``message`` is the server's own explanation when one can
    be found in the usual places.
    """

    def __init__(
        self,
        *,
        status_code: Optional[int] = None,
        headers: Optional[Dict[str, str]] = None,
        body: Any = None,
    ) -> None:
        super().__init__()
        self.status_code = status_code
        self.headers: Dict[str, str] = dict(headers) if headers is not None else {}
        self.body = body
        self.request_id = _find_request_id(self.headers)
        self.message = _find_message(body)

    def __str__(self) -> str:
        summary = _status_label(self.status_code)
        if self.message:
            summary += ": " + one_line(self.message)
        if self.request_id:
            summary += f" (request id: {one_line(self.request_id, 80)})"
        return summary

    def __repr__(self) -> str:
        fields = [f"status_code={self.status_code!r}"]
        if self.message is not None:
            fields.append(f"message={one_line(self.message)!r}")
        if self.request_id is not None:
            fields.append(f"request_id={self.request_id!r}")
        return f"{type(self).__name__}({', '.join(fields)})"


class ResponseParseError(ApiError):
    """A successful response whose body could not be turned into the result.

    Raised when the body is not valid JSON or does not validate against the
    expected type.  ``body`` holds the raw response text, ``message`` what went
    wrong, and ``__cause__`` the underlying JSON or pydantic error.
    """

    def __init__(
        self,
        *,
        status_code: Optional[int] = None,
        headers: Optional[Dict[str, str]] = None,
        body: Any = None,
        reason: str = "could not parse the response body",
    ) -> None:
        super().__init__(status_code=status_code, headers=headers, body=body)
        self.message = reason


class _TransportError(SdkError):
    """Shared shape of errors where no usable HTTP response arrived."""

    _summary = "request failed"

    def __init__(self, *, method: str, url: str, reason: str) -> None:
        super().__init__()
        self.method = method.upper()
        self.url = safe_url(url)
        self.reason = reason

    def __str__(self) -> str:
        return f"{self.method} {self.url} {self._summary}: {one_line(self.reason)}"

    def __repr__(self) -> str:
        return f"{type(self).__name__}({str(self)!r})"


class ApiTimeoutError(_TransportError):
    """The request timed out (connect, read, write or pool) on every attempt."""

    _summary = "timed out"


class ApiConnectionError(_TransportError):
    """The request could not be completed: connection refused, reset, etc."""

    _summary = "failed"


class InvalidHeaderError(SdkError, ValueError):
    """A header HTTP cannot carry; nothing was sent.

    CR, LF or NUL could smuggle extra headers into the request; other control
    characters, non-ASCII text and names that are not tokens would be refused
    or mangled on the way.  The message names the header, never its value.
    """


def error_from_response(
    response: httpx.Response, classes: Mapping[int, Callable[..., ApiError]]
) -> ApiError:
    """Build the error for a non-success ``response``.

    ``classes`` maps documented status codes to generated subclasses, which
    take ``body=`` and ``headers=`` and set their own status code.
    """
    body = parse_error_body(response)
    headers = dict(response.headers)
    error_class = classes.get(response.status_code)
    if error_class is not None:
        return error_class(body=body, headers=headers)
    return ApiError(status_code=response.status_code, headers=headers, body=body)


def parse_error_body(response: httpx.Response) -> Any:
    """Return the body as JSON if it parses, else as text; None when empty."""
    if not response.content.strip():
        return None
    try:
        return json.loads(response.content)
    except ValueError:  # JSONDecodeError and UnicodeDecodeError
        return response.text


def _status_label(status_code: Optional[int]) -> str:
    if status_code is None:
        return "API error"
    try:
        return f"{status_code} {http.HTTPStatus(status_code).phrase}"
    except ValueError:
        return str(status_code)


def _find_request_id(headers: Mapping[str, str]) -> Optional[str]:
    lowered = {name.lower(): value for name, value in headers.items()}
    for name in REQUEST_ID_HEADERS:
        value = lowered.get(name)
        if value:
            return value
    return None


def _find_message(body: Any) -> Optional[str]:
    """Find the server's explanation in the common error body shapes."""
    if isinstance(body, str):
        text = body.strip()
        # An HTML error page says nothing useful in one line.
        return text if text and not text.startswith("<") else None
    if not isinstance(body, dict):
        return None
    for key in ("message", "error", "detail", "error_description", "title"):
        message = _message_from(body.get(key))
        if message:
            return message
    return None


def _message_from(value: Any) -> Optional[str]:
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        return _find_message(value)
    if isinstance(value, list) and value:
        # e.g. FastAPI validation errors: [{"loc": [...], "msg": "..."}]
        first = value[0]
        if isinstance(first, dict) and isinstance(first.get("msg"), str):
            return str(first["msg"])
        if isinstance(first, str):
            return first
    return None

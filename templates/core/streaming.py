"""Turning a streamed response into typed events, as they arrive."""

import json
from typing import Any, AsyncIterator, Iterable, Iterator, List, Optional

import httpx

from .api_error import ResponseParseError
from .serialization import parse_as, to_jsonable


def with_flag(body: Any, name: str, value: bool) -> Any:
    """The JSON body with ``name`` set, e.g. ``"stream": true`` for the stream variant."""
    data = to_jsonable(body)
    if not isinstance(data, dict):
        raise TypeError("a streaming flag needs a JSON object body")
    return {**data, name: value}


class _Payloads:
    """Splits lines into event payloads: SSE ``data:`` blocks or JSON lines.

    SSE comments (``:``) and fields other than ``data`` are skipped; the data
    lines of one event are joined with newlines, as the SSE standard says.
    """

    def __init__(self, event_format: str) -> None:
        self.is_sse = event_format == "sse"
        self.data: List[str] = []

    def feed(self, line: str) -> Optional[str]:
        if not self.is_sse:
            return line if line.strip() else None
        if not line:
            return self.flush()
        if line.startswith("data:"):
            value = line[5:]
            self.data.append(value[1:] if value.startswith(" ") else value)
        return None

    def flush(self) -> Optional[str]:
        payload = "\n".join(self.data) if self.data else None
        self.data = []
        return payload


def _event(type_: Any, payload: str, response: httpx.Response) -> Any:
    try:
        return parse_as(type_, json.loads(payload))
    except Exception as exc:  # invalid JSON or a payload of the wrong shape
        raise ResponseParseError(
            status_code=response.status_code,
            headers=dict(response.headers),
            body=payload,
            reason=f"stream event is not a valid {getattr(type_, '__name__', 'event')}: {exc}",
        ) from exc


def iter_events(
    type_: Any,
    response: httpx.Response,
    *,
    event_format: str,
    terminator: Optional[str],
) -> Iterator[Any]:
    """Each event of ``response`` validated as ``type_``, read lazily."""
    yield from _events(type_, response, response.iter_lines(), event_format, terminator)


def _events(
    type_: Any,
    response: httpx.Response,
    lines: Iterable[str],
    event_format: str,
    terminator: Optional[str],
) -> Iterator[Any]:
    payloads = _Payloads(event_format)
    for line in lines:
        payload = payloads.feed(line)
        if payload is None:
            continue
        if terminator is not None and payload.strip() == terminator:
            return
        yield _event(type_, payload, response)
    last = payloads.flush()
    if last is not None and (terminator is None or last.strip() != terminator):
        yield _event(type_, last, response)


async def aiter_events(
    type_: Any,
    response: httpx.Response,
    *,
    event_format: str,
    terminator: Optional[str],
) -> AsyncIterator[Any]:
    """Async twin of :func:`iter_events`."""
    payloads = _Payloads(event_format)
    async for line in response.aiter_lines():
        payload = payloads.feed(line)
        if payload is None:
            continue
        if terminator is not None and payload.strip() == terminator:
            return
        yield _event(type_, payload, response)
    last = payloads.flush()
    if last is not None and (terminator is None or last.strip() != terminator):
        yield _event(type_, last, response)

"""Typed result plus the raw HTTP response, for the ``with_raw_response`` API."""

from __future__ import annotations

from typing import Dict, Generic, TypeVar

import httpx

T = TypeVar("T")


class HttpResponse(Generic[T]):
    """Parsed ``data`` together with the response it came from.

    Lets callers read headers (rate limits, request ids) without giving up
    the typed result.
    """

    def __init__(self, *, response: httpx.Response, data: T) -> None:
        self._response = response
        self._data = data

    @property
    def data(self) -> T:
        return self._data

    @property
    def headers(self) -> Dict[str, str]:
        return dict(self._response.headers)

    @property
    def status_code(self) -> int:
        return self._response.status_code

    @property
    def response(self) -> httpx.Response:
        return self._response

    def __repr__(self) -> str:
        return f"{type(self).__name__}(status_code={self.status_code}, data={self._data!r})"


class AsyncHttpResponse(HttpResponse[T]):
    """Same as :class:`HttpResponse`; a separate name for async clients.

    Kept distinct so code written against Fern-generated SDKs keeps working.
    """

"""Per-call overrides accepted by every generated method."""

from __future__ import annotations

from typing import Any, Dict, TypedDict, Union


class RequestOptions(TypedDict, total=False):
    """Options that adjust a single request.

    timeout_in_seconds: overrides the client's timeout for this call.
    max_retries: overrides the client's retry budget for this call.
    additional_headers: extra headers, applied last (they win).
    additional_query_parameters: extra query parameters, applied last.
    additional_body_parameters: extra top-level fields merged into a JSON
        object body (or sent alone when the call has no body).
    """

    timeout_in_seconds: Union[int, float]
    max_retries: int
    additional_headers: Dict[str, Any]
    additional_query_parameters: Dict[str, Any]
    additional_body_parameters: Dict[str, Any]

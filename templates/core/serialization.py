"""Converting request values to JSON and validating response data."""

from __future__ import annotations

import base64
import datetime as dt
import decimal
import enum
import functools
import json
import sys
import uuid
from typing import TYPE_CHECKING, Any, Callable, Dict, Optional, cast

import httpx

from .api_error import ResponseParseError

if TYPE_CHECKING:
    import pydantic

# pydantic is imported on first use, not here: ``from <sdk> import Client``
# then costs only httpx, and models load when a resource is first called.


class _Omit:
    """Type of :data:`OMIT`; a single instance exists."""

    _instance: Optional[_Omit] = None

    def __new__(cls) -> "_Omit":
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "OMIT"

    def __bool__(self) -> bool:
        return False

    def __copy__(self) -> "_Omit":
        return self

    def __deepcopy__(self, memo: Dict[int, Any]) -> "_Omit":
        return self

    def __reduce__(self) -> str:
        return "OMIT"


OMIT: Any = cast(Any, _Omit())
"""Default of optional keyword arguments: "not given, do not send".

Distinct from ``None``, which some APIs accept as an explicit JSON null.
Typed ``Any`` so it fits any parameter annotation.
"""

_JSON_SCALARS = (str, int, float, bool, type(None))


def to_jsonable(value: Any) -> Any:
    """Convert a request value to data ``json.dumps`` accepts.

    Pydantic models dump only the fields that were set (so server defaults
    apply), by alias; dict entries whose value is :data:`OMIT` are dropped.
    """
    if type(value) in _JSON_SCALARS:
        return value
    loaded_pydantic = sys.modules.get("pydantic")  # a model implies it is loaded
    if loaded_pydantic is not None and isinstance(value, loaded_pydantic.BaseModel):
        return value.model_dump(mode="json", by_alias=True, exclude_unset=True)
    if isinstance(value, enum.Enum):
        return to_jsonable(value.value)
    if isinstance(value, dict):
        return {
            _json_key(key): to_jsonable(item)
            for key, item in value.items()
            if item is not OMIT
        }
    if isinstance(value, (list, tuple, set, frozenset)):
        return [to_jsonable(item) for item in value]
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, (bytes, bytearray)):
        # JSON has no bytes; OpenAPI ``format: byte`` means base64.
        return base64.b64encode(value).decode("ascii")
    if isinstance(value, decimal.Decimal):
        # A string keeps every digit, as pydantic's JSON mode does.
        return str(value)
    return value


def _json_key(key: Any) -> Any:
    if isinstance(key, enum.Enum):
        return key.value
    return key


@functools.lru_cache(maxsize=None)
def _cached_adapter(type_: Any) -> "pydantic.TypeAdapter[Any]":
    import pydantic

    return pydantic.TypeAdapter(type_)


def _adapter_for(type_: Any) -> "pydantic.TypeAdapter[Any]":
    """Build a TypeAdapter once per type; building one is the expensive part."""
    try:
        return _cached_adapter(type_)
    except TypeError:  # unhashable type expression, e.g. Annotated[..., [..]]
        import pydantic

        return pydantic.TypeAdapter(type_)


def parse_as(type_: Any, data: Any) -> Any:
    """Validate ``data`` against ``type_`` and return the result.

    Raises ``pydantic.ValidationError`` when it does not fit.
    """
    import pydantic

    if isinstance(type_, type) and issubclass(type_, pydantic.BaseModel):
        return type_.model_validate(data)
    return _adapter_for(type_).validate_python(data)


@functools.lru_cache(maxsize=None)
def _cached_json_validator(type_: Any) -> Callable[[bytes], Any]:
    import pydantic

    if isinstance(type_, type) and issubclass(type_, pydantic.BaseModel):
        return type_.model_validate_json
    return _cached_adapter(type_).validate_json


def _json_validator_for(type_: Any) -> Callable[[bytes], Any]:
    try:
        return _cached_json_validator(type_)
    except TypeError:  # unhashable type expression
        return _adapter_for(type_).validate_json


def parse_response(type_: Any, response: httpx.Response) -> Any:
    """Decode a successful response's JSON body and validate it as ``type_``.

    An empty body is treated as JSON null, so it is accepted exactly when
    ``type_`` allows None.  Raises :class:`ResponseParseError` otherwise.

    pydantic-core parses and validates the bytes in one pass; a body its
    parser refuses is decoded again with ``json`` (which also accepts NaN,
    UTF-16 and a BOM), so results and errors are the same as decoding first.
    """
    content = response.content
    if not content or content.isspace():
        content = b"null"
    import pydantic

    try:
        return _json_validator_for(type_)(content)
    except pydantic.ValidationError as exc:
        if not any(error["type"] == "json_invalid" for error in exc.errors()):
            raise _parse_error(response, _mismatch(type_, exc)) from exc
    try:
        data = json.loads(content)
    except ValueError as exc:  # JSONDecodeError and UnicodeDecodeError
        raise _parse_error(response, "response body is not valid JSON") from exc
    try:
        return parse_as(type_, data)
    except pydantic.ValidationError as exc:
        raise _parse_error(response, _mismatch(type_, exc)) from exc


def _mismatch(type_: Any, exc: pydantic.ValidationError) -> str:
    return (
        f"response does not match {_type_name(type_)}: "
        f"{exc.error_count()} validation error(s), first: {_first_error(exc)}"
    )


def _parse_error(response: httpx.Response, reason: str) -> ResponseParseError:
    return ResponseParseError(
        status_code=response.status_code,
        headers=dict(response.headers),
        body=response.text,
        reason=reason,
    )


def _type_name(type_: Any) -> str:
    return type_.__name__ if isinstance(type_, type) else repr(type_)


def _first_error(exc: pydantic.ValidationError) -> str:
    first = exc.errors()[0]
    location = ".".join(str(part) for part in first["loc"]) or "<root>"
    return f"{location}: {first['msg']}"

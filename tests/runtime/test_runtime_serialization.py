"""OMIT, to_jsonable, parse_as / parse_response, BaseModel and HttpResponse."""

from __future__ import annotations

import copy
import datetime as dt
import decimal
import enum
import json
import pickle
import uuid
import warnings
from typing import Any, Dict, List, Optional

import httpx
import pydantic
import pytest
from typing_extensions import Annotated


class Color(str, enum.Enum):
    RED = "red"


def test_omit_sentinel(core: Any) -> None:
    OMIT = core.serialization.OMIT
    assert repr(OMIT) == "OMIT"
    assert not OMIT
    assert copy.copy(OMIT) is OMIT and copy.deepcopy({"a": OMIT})["a"] is OMIT
    assert pickle.loads(pickle.dumps(OMIT)) is OMIT
    assert type(OMIT)() is OMIT


def test_to_jsonable_converts_request_values(core: Any) -> None:
    to_jsonable = core.serialization.to_jsonable
    OMIT = core.serialization.OMIT

    class Item(core.base_model.BaseModel):
        item_name: str = pydantic.Field(alias="itemName")
        note: Optional[str] = None
        when: Optional[dt.datetime] = None

    value = {
        "item": Item(item_name="a"),
        "items": (Item(itemName="b", note=None),),
        "when": dt.datetime(2024, 1, 2, 3, 4, 5, 600000, tzinfo=dt.timezone.utc),
        "day": dt.date(2024, 1, 2),
        "id": uuid.UUID(int=255),
        "color": Color.RED,
        Color.RED: "enum key",
        "raw": b"\x00\xff",
        "price": decimal.Decimal("1.10"),
        "set": {1},
        "nested": {"keep": None, "drop": OMIT, "n": 1.5, "b": True},
        "drop": OMIT,
    }

    result = to_jsonable(value)

    assert result == {
        "item": {"itemName": "a"},
        "items": [{"itemName": "b", "note": None}],
        "when": "2024-01-02T03:04:05.600000+00:00",
        "day": "2024-01-02",
        "id": "00000000-0000-0000-0000-0000000000ff",
        "color": "red",
        "red": "enum key",
        "raw": "AP8=",
        "price": "1.10",
        "set": [1],
        "nested": {"keep": None, "n": 1.5, "b": True},
    }
    json.dumps(result)


def test_parse_as_validates_and_caches_adapters(core: Any) -> None:
    serialization = core.serialization

    class Batch(core.base_model.BaseModel):
        id: str
        size: int

    batches = serialization.parse_as(List[Batch], [{"id": "b", "size": "3"}])
    assert batches == [Batch(id="b", size=3)]
    assert serialization.parse_as(Batch, {"id": "c", "size": 1}).id == "c"
    assert serialization.parse_as(Optional[int], None) is None
    assert serialization._adapter_for(Dict[str, Batch]) is serialization._adapter_for(
        Dict[str, Batch]
    )
    with pytest.raises(pydantic.ValidationError):
        serialization.parse_as(List[Batch], [{"id": "b"}])


def test_parse_as_handles_unhashable_types(core: Any) -> None:
    unhashable = Annotated[int, ["not", "hashable"]]
    with pytest.raises(TypeError):
        hash(unhashable)

    assert core.serialization.parse_as(unhashable, "5") == 5


def _ok_response(content: bytes) -> httpx.Response:
    request = httpx.Request("GET", "https://api.example.com/x")
    return httpx.Response(
        200, content=content, headers={"x-request-id": "req_7"}, request=request
    )


def test_parse_response_success(core: Any) -> None:
    class Batch(core.base_model.BaseModel):
        id: str

    parsed = core.serialization.parse_response(Batch, _ok_response(b'{"id": "b_1"}'))
    assert parsed == Batch(id="b_1")
    assert core.serialization.parse_response(Optional[Batch], _ok_response(b"")) is None


def test_parse_response_invalid_json(core: Any) -> None:
    errors = core.api_error
    with pytest.raises(errors.ResponseParseError) as info:
        core.serialization.parse_response(Dict[str, int], _ok_response(b"<html>oops"))

    error = info.value
    assert isinstance(error, errors.ApiError)
    assert isinstance(error.__cause__, json.JSONDecodeError)
    assert error.status_code == 200
    assert error.body == "<html>oops"
    assert error.headers["x-request-id"] == "req_7"
    assert str(error) == ("200 OK: response body is not valid JSON (request id: req_7)")


@pytest.mark.parametrize(
    "content, expected",
    [
        (b'{"a": 1.5, "b": 2}', {"a": 1.5, "b": 2.0}),
        (b"  \r\n\t", None),  # whitespace only: JSON null
        (b"", None),
        # Refused by pydantic-core's parser, accepted by json.loads as before:
        ('{"a": 1}'.encode("utf-16"), {"a": 1.0}),
        (b'\xef\xbb\xbf{"a": 1}', {"a": 1.0}),  # UTF-8 BOM
        (b'{"a": Infinity}', {"a": float("inf")}),
    ],
)
def test_parse_response_accepts_what_json_loads_accepts(
    core: Any, content: bytes, expected: Any
) -> None:
    parsed = core.serialization.parse_response(
        Optional[Dict[str, float]], _ok_response(content)
    )
    assert parsed == expected


def test_parse_response_validates_json_in_one_pass(core: Any, monkeypatch: Any) -> None:
    """The body goes straight to pydantic-core; ``json.loads`` only runs for a
    body pydantic's parser refuses."""
    serialization = core.serialization

    class Item(core.base_model.BaseModel):
        id: str
        when: Optional[dt.datetime] = None

    def no_json_loads(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("json.loads called for a valid body")

    monkeypatch.setattr(serialization.json, "loads", no_json_loads)
    parsed = serialization.parse_response(
        List[Item], _ok_response(b'[{"id": "a", "when": "2024-05-01T12:00:00Z"}, {"id": "b"}]')
    )
    assert [item.id for item in parsed] == ["a", "b"]
    assert parsed[0].when == dt.datetime(2024, 5, 1, 12, tzinfo=dt.timezone.utc)
    with pytest.raises(core.api_error.ResponseParseError) as info:
        serialization.parse_response(Item, _ok_response(b'{"when": "x"}'))
    assert "2 validation error(s)" in str(info.value)


def test_parse_response_validation_failure(core: Any) -> None:
    class Batch(core.base_model.BaseModel):
        id: str
        size: int

    with pytest.raises(core.api_error.ResponseParseError) as info:
        core.serialization.parse_response(Batch, _ok_response(b'{"id": "b"}'))

    assert isinstance(info.value.__cause__, pydantic.ValidationError)
    assert str(info.value).startswith(
        "200 OK: response does not match Batch: 1 validation error(s), "
        "first: size: Field required"
    )


def test_base_model_is_forward_compatible(core: Any) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")

        class Job(core.base_model.BaseModel):
            model_id: str
            created_at: str = pydantic.Field(alias="createdAt")

    job = Job.model_validate({"model_id": "m", "createdAt": "t", "new_field": [1]})
    assert job.model_dump(by_alias=True) == {
        "model_id": "m",
        "createdAt": "t",
        "new_field": [1],
    }
    assert Job(model_id="m", created_at="t").created_at == "t"


@pytest.mark.parametrize("cls_name", ["HttpResponse", "AsyncHttpResponse"])
def test_http_response_wrapper(core: Any, cls_name: str) -> None:
    cls = getattr(core.http_response, cls_name)
    raw = _ok_response(b"{}")

    wrapped = cls(response=raw, data={"a": 1})

    assert wrapped.data == {"a": 1}
    assert wrapped.status_code == 200
    assert wrapped.headers["x-request-id"] == "req_7"
    assert wrapped.response is raw
    assert issubclass(
        core.http_response.AsyncHttpResponse, core.http_response.HttpResponse
    )


def test_request_options_is_a_typed_dict(core: Any) -> None:
    options = core.request_options.RequestOptions
    assert options.__total__ is False
    assert set(options.__annotations__) == {
        "timeout_in_seconds",
        "max_retries",
        "additional_headers",
        "additional_query_parameters",
        "additional_body_parameters",
    }

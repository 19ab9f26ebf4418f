"""ApiError and friends: parsing error bodies and rendering them safely."""

from __future__ import annotations

import pickle
from typing import Any, Dict, Optional

import httpx
import pytest


def make_response(
    status: int,
    content: bytes = b"",
    headers: Optional[Dict[str, str]] = None,
) -> httpx.Response:
    request = httpx.Request("GET", "https://api.example.com/v1/batches/b_1")
    return httpx.Response(status, content=content, headers=headers, request=request)


def test_json_error_body(core: Any) -> None:
    response = make_response(
        404,
        b'{"message": "batch not found", "code": "not_found"}',
        {"Content-Type": "application/json", "X-Request-Id": "req_123"},
    )

    error = core.api_error.error_from_response(response, {})

    assert type(error) is core.api_error.ApiError
    assert error.status_code == 404
    assert error.body == {"message": "batch not found", "code": "not_found"}
    assert error.headers["x-request-id"] == "req_123"
    assert error.request_id == "req_123"
    assert error.message == "batch not found"
    assert str(error) == "404 Not Found: batch not found (request id: req_123)"
    assert repr(error) == (
        "ApiError(status_code=404, message='batch not found', request_id='req_123')"
    )


def test_documented_status_uses_the_generated_subclass(core: Any) -> None:
    ApiError = core.api_error.ApiError

    class NotFoundError(ApiError):  # the shape generated code uses
        def __init__(self, *, body: Any = None, headers: Any = None) -> None:
            super().__init__(status_code=404, body=body, headers=headers)

    response = make_response(404, b'{"error": {"message": "gone"}}')

    error = core.api_error.error_from_response(response, {404: NotFoundError})

    assert isinstance(error, NotFoundError)
    assert error.status_code == 404
    assert error.message == "gone"
    assert str(error) == "404 Not Found: gone"


def test_html_body_is_kept_as_text_but_not_shown(core: Any) -> None:
    html = b"<html>\n<body><h1>502 Bad Gateway</h1>\n</body></html>"
    response = make_response(502, html, {"Content-Type": "text/html"})

    error = core.api_error.error_from_response(response, {})

    assert error.body == html.decode()
    assert error.message is None
    assert str(error) == "502 Bad Gateway"


def test_text_body_becomes_a_one_line_message(core: Any) -> None:
    response = make_response(503, b"upstream exploded\n  badly\n")

    error = core.api_error.error_from_response(response, {})

    assert error.body == "upstream exploded\n  badly\n"
    assert str(error) == "503 Service Unavailable: upstream exploded badly"


def test_invalid_json_is_kept_as_text(core: Any) -> None:
    response = make_response(
        500, b'{"message": "trunc', {"Content-Type": "application/json"}
    )

    error = core.api_error.error_from_response(response, {})

    assert error.body == '{"message": "trunc'
    assert str(error).startswith("500 Internal Server Error")


def test_empty_body_is_none(core: Any) -> None:
    error = core.api_error.error_from_response(make_response(500, b"  "), {})

    assert error.body is None
    assert error.message is None
    assert str(error) == "500 Internal Server Error"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"message": "m"}, "m"),
        ({"error": "e"}, "e"),
        ({"error": {"message": "nested", "type": "x"}}, "nested"),
        ({"detail": "d"}, "d"),
        (
            {"detail": [{"loc": ["body", "x"], "msg": "field required"}]},
            "field required",
        ),
        ({"error": {"code": 3}}, None),
        ({"other": "x"}, None),
        ([1, 2], None),
        (42, None),
    ],
)
def test_message_shapes(core: Any, body: Any, message: Optional[str]) -> None:
    assert core.api_error.ApiError(status_code=400, body=body).message == message


def test_long_message_is_truncated_to_one_line(core: Any) -> None:
    long_message = "first line\n" + "x" * 1000
    error = core.api_error.ApiError(status_code=400, body={"message": long_message})

    text = str(error)

    assert "\n" not in text and "\n" not in repr(error)
    assert text.startswith("400 Bad Request: first line xxx")
    assert text.endswith("...")
    assert len(text) < 240
    assert error.message == long_message  # the attribute keeps everything


def test_sensitive_headers_never_rendered(core: Any) -> None:
    headers = {
        "Authorization": "Bearer sk-live-SECRET",
        "Set-Cookie": "session=COOKIESECRET",
        "x-api-key": "KEYSECRET",
        "X-Amzn-RequestId": "amz-1",
    }
    error = core.api_error.ApiError(status_code=401, headers=headers, body=None)

    for rendered in (str(error), repr(error)):
        for secret in ("SECRET", "Authorization", "Cookie"):
            assert secret not in rendered
    assert error.headers == headers  # stored as given
    assert error.request_id == "amz-1"  # found case-insensitively
    assert core.api_error.redact_headers(headers)["Authorization"] == "[redacted]"


def test_request_id_header_preference(core: Any) -> None:
    error = core.api_error.ApiError(
        status_code=500, headers={"cf-ray": "ray", "Request-Id": "rid"}
    )
    assert error.request_id == "rid"


def test_errors_without_status(core: Any) -> None:
    error = core.api_error.ApiError(body="boom")
    assert str(error) == "API error: boom"
    assert str(core.api_error.ApiError(status_code=599)) == "599"


def test_errors_survive_pickling(core: Any) -> None:
    errors = core.api_error
    api_error = errors.ApiError(
        status_code=404, headers={"x-request-id": "r"}, body={"message": "m"}
    )
    timeout = errors.ApiTimeoutError(method="get", url="http://h/x", reason="slow")

    for original in (api_error, timeout):
        copy = pickle.loads(pickle.dumps(original))
        assert type(copy) is type(original)
        assert str(copy) == str(original)


def test_transport_error_url_hides_query_and_credentials(core: Any) -> None:
    error = core.api_error.ApiConnectionError(
        method="post",
        url="https://user:pw@api.example.com/v1/x?api_key=SECRET#frag",
        reason="ConnectError: refused\nretry later",
    )

    assert str(error) == (
        "POST https://api.example.com/v1/x failed: ConnectError: refused retry later"
    )
    assert "SECRET" not in repr(error) and "pw" not in repr(error)


def test_all_errors_share_the_sdk_base(core: Any) -> None:
    errors = core.api_error
    for cls in (
        errors.ApiError,
        errors.ApiTimeoutError,
        errors.ApiConnectionError,
        errors.ResponseParseError,
        core.waiter.WaiterTimeoutError,
    ):
        assert issubclass(cls, errors.SdkError)
    assert issubclass(errors.ResponseParseError, errors.ApiError)


def test_error_from_a_real_server_response(
    core: Any, server: Any, harness: Any
) -> None:
    server.queue(
        server.Reply(
            422,
            {"detail": "limit must be positive"},
            headers={"x-request-id": "req_9", "Set-Cookie": "sid=SECRET"},
        )
    )
    response = harness.request("/v1/things", params={"limit": -1})

    error = core.api_error.error_from_response(response, {})

    assert str(error) == (
        "422 Unprocessable Entity: limit must be positive (request id: req_9)"
    )
    assert harness.secret_token not in str(error) + repr(error)
    assert "SECRET" not in str(error) + repr(error)

"""HttpClient / AsyncHttpClient against a real local HTTP server.

Every test using ``harness`` runs twice: once sync, once async.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import io
import json
import logging
import time
import uuid
from typing import Any

import httpx
import pytest

# --- retries and delays -----------------------------------------------------


def test_503_burst_is_retried_with_exponential_backoff(
    harness: Any, server: Any
) -> None:
    server.queue(server.Reply(503), server.Reply(503), server.Reply(200, {"ok": True}))

    response = harness.request("/things")

    assert response.status_code == 200
    assert response.json() == {"ok": True}
    assert len(server.requests) == 3
    assert harness.sleeps == [0.5, 1.0]


def test_last_response_is_returned_when_retries_run_out(
    harness: Any, server: Any
) -> None:
    server.queue(*[server.Reply(503, {"message": "busy"})] * 3)

    response = harness.request("/things")

    assert response.status_code == 503
    assert len(server.requests) == 3
    assert harness.sleeps == [0.5, 1.0]


def test_backoff_is_capped_at_eight_seconds(harness: Any, server: Any) -> None:
    server.queue(*[server.Reply(500)] * 7)

    harness.request("/x", request_options={"max_retries": 6})

    assert harness.sleeps == [0.5, 1.0, 2.0, 4.0, 8.0, 8.0]


def test_jitter_shortens_backoff_by_up_to_a_quarter(harness: Any, server: Any) -> None:
    server.queue(server.Reply(503), server.Reply(503), server.Reply(200))

    harness.request("/x", client_options={"jitter": lambda: 1.0})

    assert harness.sleeps == [0.375, 0.75]


@pytest.mark.parametrize("status", [408, 409, 429, 500, 502, 503, 504])
def test_retryable_statuses(harness: Any, server: Any, status: int) -> None:
    server.queue(server.Reply(status), server.Reply(200))

    assert harness.request("/x").status_code == 200
    assert len(server.requests) == 2


@pytest.mark.parametrize("status", [400, 401, 403, 404, 422])
def test_other_client_errors_are_not_retried(
    harness: Any, server: Any, status: int
) -> None:
    server.queue(server.Reply(status), server.Reply(200))

    assert harness.request("/x").status_code == status
    assert len(server.requests) == 1
    assert harness.sleeps == []


def test_429_honours_retry_after_ms(harness: Any, server: Any) -> None:
    server.queue(
        server.Reply(429, headers={"retry-after-ms": "1500", "Retry-After": "9"}),
        server.Reply(200),
    )

    assert harness.request("/x").status_code == 200
    assert harness.sleeps == [1.5]


def test_fractional_retry_after_seconds(harness: Any, server: Any) -> None:
    server.queue(server.Reply(503, headers={"Retry-After": "0.5"}), server.Reply(200))

    harness.request("/x")

    assert harness.sleeps == [0.5]


def test_retry_after_http_date(harness: Any, server: Any) -> None:
    when = email.utils.formatdate(time.time() + 5, usegmt=True)
    server.queue(server.Reply(503, headers={"Retry-After": when}), server.Reply(200))

    harness.request("/x")

    assert len(harness.sleeps) == 1
    assert 3.0 < harness.sleeps[0] <= 5.0


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ({"Retry-After": "3600"}, 60.0),  # capped
        ({"retry-after-ms": "120000"}, 60.0),  # capped
        ({"Retry-After": "-3"}, 0.5),  # negative: backoff
        ({"Retry-After": "soon"}, 0.5),  # unparseable: backoff
        ({"Retry-After": "nan"}, 0.5),
        ({"retry-after-ms": "abc", "Retry-After": "2"}, 2.0),
        ({"Retry-After": "Wed, 21 Oct 2015 07:28:00 GMT"}, 0.5),  # past date
    ],
)
def test_retry_after_edge_cases(
    harness: Any, server: Any, header: Any, expected: float
) -> None:
    server.queue(server.Reply(503, headers=header), server.Reply(200))

    harness.request("/x")

    assert harness.sleeps == [expected]


def test_x_should_retry_false_stops_a_503(harness: Any, server: Any) -> None:
    server.queue(
        server.Reply(503, headers={"x-should-retry": "false"}), server.Reply(200)
    )

    assert harness.request("/x").status_code == 503
    assert len(server.requests) == 1


def test_x_should_retry_true_retries_a_400(harness: Any, server: Any) -> None:
    server.queue(
        server.Reply(400, headers={"X-Should-Retry": "true"}), server.Reply(200)
    )

    assert harness.request("/x").status_code == 200
    assert len(server.requests) == 2
    assert harness.sleeps == [0.5]


def test_successful_responses_are_never_retried(harness: Any, server: Any) -> None:
    server.queue(
        server.Reply(200, headers={"x-should-retry": "true"}), server.Reply(200)
    )

    harness.request("/x")

    assert len(server.requests) == 1


def test_max_retries_per_client(harness: Any, server: Any) -> None:
    server.queue(server.Reply(503), server.Reply(200))

    response = harness.request("/x", client_options={"max_retries": 0})

    assert response.status_code == 503
    assert len(server.requests) == 1


def test_max_retries_per_request_overrides_client(harness: Any, server: Any) -> None:
    server.queue(*[server.Reply(503)] * 5)

    harness.request(
        "/x", client_options={"max_retries": 0}, request_options={"max_retries": 3}
    )

    assert len(server.requests) == 4


def test_max_retries_per_request_can_lower_client(harness: Any, server: Any) -> None:
    server.queue(*[server.Reply(503)] * 5)

    harness.request(
        "/x", client_options={"max_retries": 4}, request_options={"max_retries": 1}
    )

    assert len(server.requests) == 2


# --- transport failures -----------------------------------------------------


def test_dropped_connection_is_retried(harness: Any, server: Any) -> None:
    server.queue(server.Drop(), server.Reply(200, {"ok": 1}))

    response = harness.request("/x", method="POST", json={"a": 1})

    assert response.json() == {"ok": 1}
    assert len(server.requests) == 2
    assert harness.sleeps == [0.5]


def test_dropped_connection_every_time_raises_connection_error(
    harness: Any, server: Any
) -> None:
    server.queue(*[server.Drop()] * 3)
    errors = harness.core.api_error

    with pytest.raises(errors.ApiConnectionError) as info:
        harness.request("/v1/things", params={"api_key": "hush"})

    error = info.value
    assert isinstance(error, errors.SdkError)
    assert isinstance(error.__cause__, httpx.TransportError)
    assert len(server.requests) == 3
    assert harness.sleeps == [0.5, 1.0]
    text = str(error)
    assert text.startswith(f"GET {server.url}/v1/things failed: ")
    assert "after 3 attempts" in text
    assert "hush" not in text and "api_key" not in text
    assert "\n" not in text


def test_slow_response_past_request_timeout_raises_timeout_error(
    harness: Any, server: Any
) -> None:
    server.queue(server.Reply(200, delay=0.6), server.Reply(200, delay=0.6))
    errors = harness.core.api_error

    started = time.monotonic()
    with pytest.raises(errors.ApiTimeoutError) as info:
        harness.request(
            "/slow", request_options={"timeout_in_seconds": 0.2, "max_retries": 1}
        )

    assert time.monotonic() - started < 1.5
    assert isinstance(info.value.__cause__, httpx.TimeoutException)
    assert len(server.requests) == 2
    assert harness.sleeps == [0.5]
    assert str(info.value).startswith(f"GET {server.url}/slow timed out: ReadTimeout")


def test_client_timeout_applies(harness: Any, server: Any) -> None:
    server.queue(server.Reply(200, delay=0.6))
    errors = harness.core.api_error

    with pytest.raises(errors.ApiTimeoutError):
        harness.request("/slow", client_options={"timeout": 0.2, "max_retries": 0})


def test_without_timeout_the_httpx_clients_own_timeout_applies(
    harness: Any, server: Any
) -> None:
    server.queue(server.Reply(200, delay=0.6))
    errors = harness.core.api_error

    with pytest.raises(errors.ApiTimeoutError):
        harness.request(
            "/slow",
            client_options={"max_retries": 0},
            httpx_options={"timeout": 0.2},
        )


def test_request_timeout_overrides_a_short_httpx_timeout(
    harness: Any, server: Any
) -> None:
    server.queue(server.Reply(200, {"late": True}, delay=0.3))

    response = harness.request(
        "/slow",
        httpx_options={"timeout": 0.1},
        request_options={"timeout_in_seconds": 2},
    )

    assert response.json() == {"late": True}


def test_unsupported_scheme_is_a_connection_error_without_retry(
    harness: Any, core: Any
) -> None:
    with pytest.raises(core.api_error.ApiConnectionError) as info:
        harness.request("/x", client_options={"base_url": "ftp://example.invalid"})

    assert isinstance(info.value.__cause__, httpx.UnsupportedProtocol)
    assert harness.sleeps == []


# --- request building -------------------------------------------------------


def test_json_body_is_resent_byte_identical(
    harness: Any, server: Any, core: Any
) -> None:
    server.queue(server.Reply(503), server.Reply(502), server.Reply(201))
    body = {
        "name": "café",
        "when": dt.datetime(2024, 5, 6, 7, 8, 9, tzinfo=dt.timezone.utc),
        "id": uuid.UUID(int=1),
        "skip": core.serialization.OMIT,
        "tags": ("a", "b"),
    }

    harness.request("/things", method="POST", json=body)

    bodies = [recorded.body for recorded in server.requests]
    assert len(bodies) == 3 and len(set(bodies)) == 1
    assert json.loads(bodies[0]) == {
        "name": "café",
        "when": "2024-05-06T07:08:09+00:00",
        "id": "00000000-0000-0000-0000-000000000001",
        "tags": ["a", "b"],
    }
    for recorded in server.requests:
        assert recorded.method == "POST"
        assert recorded.path == "/things"
        assert recorded.headers["content-type"] == "application/json"
        assert recorded.headers["authorization"] == f"Bearer {harness.secret_token}"


def test_url_joining_keeps_encoded_segments(harness: Any, server: Any) -> None:
    server.queue(server.Reply(200))

    harness.request(
        "/batches/a%2Fb%20c", client_options={"base_url": server.url + "/v1/"}
    )

    assert server.requests[0].path == "/v1/batches/a%2Fb%20c"


def test_header_merging(harness: Any, server: Any, core: Any) -> None:
    server.queue(server.Reply(200))

    harness.request(
        "/x",
        client_options={
            "base_headers": lambda: {
                "Authorization": "Bearer base",
                "X-Trace": "base",
                "X-Base-Only": "1",
                "X-Version": "2024-01-01",
            }
        },
        headers={
            "x-trace": "call",
            "X-Count": 5,
            "X-Flag": True,
            "X-Version": core.serialization.OMIT,  # not given: keeps the base value
            "X-None": None,
        },
        request_options={"additional_headers": {"AUTHORIZATION": "Bearer extra"}},
    )

    recorded = server.requests[0]
    names = [name.lower() for name, _ in recorded.header_items]
    assert names.count("x-trace") == 1 and names.count("authorization") == 1
    assert recorded.headers["x-trace"] == "call"
    assert recorded.headers["authorization"] == "Bearer extra"
    assert recorded.headers["x-base-only"] == "1"
    assert recorded.headers["x-version"] == "2024-01-01"
    assert recorded.headers["x-count"] == "5"
    assert recorded.headers["x-flag"] == "true"
    assert "x-none" not in recorded.headers
    assert "content-type" not in recorded.headers  # no body, no content type


def test_base_headers_are_re_read_on_every_attempt(harness: Any, server: Any) -> None:
    server.queue(server.Reply(503), server.Reply(200))
    tokens = iter(["token-1", "token-2"])

    harness.request(
        "/x", client_options={"base_headers": lambda: {"Authorization": next(tokens)}}
    )

    assert [r.headers["authorization"] for r in server.requests] == [
        "token-1",
        "token-2",
    ]


@pytest.mark.parametrize("where", ["base", "call", "additional"])
@pytest.mark.parametrize("bad", ["a\r\nX-Injected: 1", "a\nb", "a\rb"])
def test_header_values_with_cr_or_lf_are_refused_before_sending(
    harness: Any, server: Any, where: str, bad: str
) -> None:
    kwargs: Any = {}
    if where == "base":
        kwargs["client_options"] = {"base_headers": lambda: {"X-Evil": bad}}
    elif where == "call":
        kwargs["headers"] = {"X-Evil": bad}
    else:
        kwargs["request_options"] = {"additional_headers": {"X-Evil": bad}}

    with pytest.raises(ValueError) as info:
        harness.request("/x", **kwargs)

    assert isinstance(info.value, harness.core.api_error.SdkError)
    assert "X-Evil" in str(info.value) and bad not in str(info.value)
    assert server.requests == []


@pytest.mark.parametrize(
    "name, value, reason",
    [
        ("X-Evil", "s3cr3t-é", "non-ASCII"),
        ("X-Evil", "s3cr3t-\u2028", "non-ASCII"),
        ("X-Evil", "s3cr3t-\x85", "non-ASCII"),
        ("X-Evil", "s3cr3t-\x01", "control character"),
        ("X-Evil", "s3cr3t-\x7f", "control character"),
        ("X Evil", "s3cr3t", "not a valid header name"),
        ("X-Évil", "s3cr3t", "not a valid header name"),
        ("", "s3cr3t", "not a valid header name"),
    ],
)
def test_headers_http_cannot_carry_are_refused_before_sending(
    harness: Any, server: Any, name: str, value: str, reason: str
) -> None:
    """httpx raises a bare UnicodeEncodeError on non-ASCII text and h11 sends
    other control characters as they are: a typed error instead, naming the
    header and never showing the value."""
    with pytest.raises(harness.core.api_error.InvalidHeaderError) as info:
        harness.request("/x", request_options={"additional_headers": {name: value}})
    assert reason in str(info.value)
    assert "s3cr3t" not in str(info.value) and "s3cr3t" not in repr(info.value)
    assert server.requests == []


def test_spaces_and_tabs_around_header_values_are_dropped(
    harness: Any, server: Any
) -> None:
    """h11 refuses such a value with an error that quotes it (a token, say)."""
    server.queue(server.Reply(200))
    harness.request(
        "/x",
        headers={"X-Padded": " \tv a\tl \t", "X-Tab": "a\tb"},
        client_options={"base_headers": lambda: {"Authorization": "Bearer tok "}},
    )
    received = server.requests[0].headers
    assert received["x-padded"] == "v a\tl"
    assert received["x-tab"] == "a\tb"
    assert received["authorization"] == "Bearer tok"


def test_query_parameter_encoding(harness: Any, server: Any, core: Any) -> None:
    server.queue(server.Reply(200))

    harness.request(
        "/search",
        params={
            "tag": ["a", "b c"],
            "flag": True,
            "off": False,
            "none": None,
            "omit": core.serialization.OMIT,
            "when": dt.datetime(2024, 1, 2, 3, 4, 5, tzinfo=dt.timezone.utc),
            "day": dt.date(2024, 1, 2),
            "limit": 3,
            "ids": (1, None, 2),
        },
        request_options={"additional_query_parameters": {"extra": "x", "limit": 4}},
    )

    assert server.requests[0].query == [
        ("tag", "a"),
        ("tag", "b c"),
        ("flag", "true"),
        ("off", "false"),
        ("when", "2024-01-02T03:04:05+00:00"),
        ("day", "2024-01-02"),
        ("limit", "4"),
        ("ids", "1"),
        ("ids", "2"),
        ("extra", "x"),
    ]


def test_additional_body_parameters_are_merged(harness: Any, server: Any) -> None:
    server.queue(server.Reply(200))

    harness.request(
        "/x",
        method="POST",
        json={"a": 1, "b": 1},
        request_options={"additional_body_parameters": {"b": 2, "c": [3]}},
    )

    assert json.loads(server.requests[0].body) == {"a": 1, "b": 2, "c": [3]}


def test_additional_body_parameters_alone_become_the_body(
    harness: Any, server: Any
) -> None:
    server.queue(server.Reply(200))

    harness.request(
        "/x", method="POST", request_options={"additional_body_parameters": {"b": 2}}
    )

    assert server.requests[0].body == b'{"b":2}'
    assert server.requests[0].headers["content-type"] == "application/json"


def test_no_json_means_no_body(harness: Any, server: Any) -> None:
    server.queue(server.Reply(200), server.Reply(200))

    harness.request("/x", method="POST")
    harness.request("/x", method="POST", json=None)

    for recorded in server.requests:
        assert recorded.body == b""
        assert "content-type" not in recorded.headers


def test_additional_body_parameters_need_an_object_body(
    harness: Any, server: Any
) -> None:
    with pytest.raises(ValueError):
        harness.request(
            "/x",
            method="POST",
            json=[1, 2],
            request_options={"additional_body_parameters": {"b": 2}},
        )
    assert server.requests == []


def test_form_and_raw_content_pass_through(harness: Any, server: Any) -> None:
    server.queue(server.Reply(200), server.Reply(200))

    harness.request(
        "/form",
        method="POST",
        data={"a": "1", "skip": None},
        request_options={"additional_body_parameters": {"b": "2"}},
    )
    harness.request(
        "/raw",
        method="PUT",
        content=b"\x00raw",
        headers={"Content-Type": "application/octet-stream"},
    )

    form, raw = server.requests
    assert form.body == b"a=1&b=2"
    assert form.headers["content-type"] == "application/x-www-form-urlencoded"
    assert raw.body == b"\x00raw"
    assert raw.headers["content-type"] == "application/octet-stream"


def test_multipart_file_is_resent_in_full_on_retry(harness: Any, server: Any) -> None:
    server.queue(server.Reply(503), server.Reply(200))

    harness.request(
        "/upload",
        method="POST",
        files={"file": ("a.txt", io.BytesIO(b"file-contents"), "text/plain")},
    )

    assert len(server.requests) == 2
    for recorded in server.requests:
        assert b"file-contents" in recorded.body


# --- logging ----------------------------------------------------------------


def test_debug_log_has_one_line_per_attempt_and_no_secrets(
    harness: Any, server: Any, core: Any, caplog: pytest.LogCaptureFixture
) -> None:
    server.queue(server.Reply(503), server.Drop(), server.Reply(200))
    caplog.set_level(logging.DEBUG, logger=core.package)

    harness.request(
        "/v1/things",
        method="POST",
        json={"password": "body-secret"},
        params={"api_key": "query-secret", "page": 2},
    )

    lines = [r.getMessage() for r in caplog.records if r.name == core.package]
    assert len(lines) == 3
    url = f"{server.url}/v1/things?api_key=REDACTED&page=2"
    assert lines[0].startswith(f"POST {url} -> 503 (attempt 1/3, ")
    assert lines[0].endswith("; retrying in 0.50 s")
    assert lines[1].startswith(f"POST {url} -> RemoteProtocolError (attempt 2/3, ")
    assert lines[2].startswith(f"POST {url} -> 200 (attempt 3/3, ")
    assert " ms)" in lines[2] and "retrying" not in lines[2]
    for secret in (harness.secret_token, "query-secret", "body-secret"):
        assert secret not in caplog.text


def test_logger_is_silent_by_default(core: Any) -> None:
    logger = logging.getLogger(core.package)
    assert any(isinstance(h, logging.NullHandler) for h in logger.handlers)
    assert core.http_client.logger is logger

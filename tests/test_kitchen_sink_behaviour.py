"""The kitchen-sink fixture SDK against a real local server: unions, form and
multipart bodies, binary and text payloads, query styles, cookies, recursion."""

from __future__ import annotations

import asyncio
import datetime
import importlib
import json
import sys
from email.parser import BytesParser
from email.policy import HTTP

import pytest

from tests.goldens import FIXTURE_GOLDENS
from tests.support.echo_server import EchoServer, Reply

GOLDEN = FIXTURE_GOLDENS / "kitchen_sink"


@pytest.fixture(scope="module")
def ks():
    sys.path.insert(0, str(GOLDEN))
    try:
        yield importlib.import_module("kitchen_sink")
    finally:
        sys.path.remove(str(GOLDEN))


@pytest.fixture
def server():
    echo = EchoServer()
    yield echo
    echo.close()


def client(ks, server):
    return ks.Client(base_url=server.base_url + "/api")


def test_union_response_is_parsed_into_the_right_variants(ks, server):
    server.routes[("GET", "/api/pets")] = Reply.json(
        [{"name": "tom", "pet_type": "cat", "lives": 7}, {"name": "rex", "pet_type": "dog", "good": True, "born": "2020-02-29"}]
    )
    with client(ks, server) as c:
        pets = c.pets.list_pets()
    assert [type(p).__name__ for p in pets] == ["Cat", "Dog"]
    assert pets[0].lives == 7 and pets[1].good is True
    assert pets[1].born == datetime.date(2020, 2, 29)


def test_unknown_discriminator_value_is_a_parse_error(ks, server):
    server.routes[("GET", "/api/pets")] = Reply.json([{"name": "tweety", "pet_type": "bird"}])
    with client(ks, server) as c, pytest.raises(ks.core.api_error.ResponseParseError):
        c.pets.list_pets()


def test_query_styles_header_and_cookie(ks, server):
    server.routes[("GET", "/api/pets")] = Reply.json([])
    with client(ks, server) as c:
        c.pets.list_pets(
            class_="mammal",
            start_time="a",
            start_time_2="b",
            start_time_3="c",
            tags=["x", "y"],
            ids=[1, 2],
            filter=ks.pets.ListPetsFilter(born_after="2020", owner="ann"),
            order="GMT+0",
            x_trace_id="trace-1",
            session="s3cret",
        )
    request = server.requests[0]
    assert request.query == [
        ("class", "mammal"),
        ("StartTime", "a"),
        ("StartTime<", "b"),
        ("StartTime>", "c"),
        ("tags", "x,y"),
        ("ids", "1"),
        ("ids", "2"),
        ("filter[born_after]", "2020"),
        ("filter[owner]", "ann"),
        ("order", "GMT+0"),
    ]
    assert request.header("X-Trace-Id") == "trace-1"
    assert request.header("Cookie") == "session=s3cret"


def test_union_request_body_is_sent_as_json(ks, server):
    server.routes[("POST", "/api/pets")] = Reply.json({"name": "tom", "pet_type": "cat"}, status=201)
    with client(ks, server) as c:
        created = c.pets.add_pet(request=ks.types.Cat(name="tom", pet_type="cat", lives=3))
    assert isinstance(created, ks.types.Cat)
    assert json.loads(server.requests[0].body) == {"name": "tom", "pet_type": "cat", "lives": 3}


def test_form_body_is_url_encoded_and_text_response_returned(ks, server):
    server.routes[("POST", "/api/login")] = Reply(200, b"token-123", "text/plain; charset=utf-8")
    with client(ks, server) as c:
        token = c.auth.login(username="ann", remember=True)
    assert token == "token-123"
    request = server.requests[0]
    assert request.header("Content-Type") == "application/x-www-form-urlencoded"
    assert request.body == b"username=ann&remember=true"


def test_file_uploaded_as_multipart(ks, server):
    server.routes[("PUT", "/api/pets/7/photo")] = Reply(204)
    with client(ks, server) as c:
        result = c.pets.upload_photo(7, photo=("cat.png", b"\x89PNG\x00data", "image/png"), caption="hi", extras=[b"one", b"two"])
    assert result is None
    request = server.requests[0]
    content_type = request.header("Content-Type")
    assert content_type.startswith("multipart/form-data; boundary=")
    message = BytesParser(policy=HTTP).parsebytes(b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + request.body)
    parts = [
        (p.get_param("name", header="content-disposition"), p.get_filename(), p.get_payload(decode=True))
        for p in message.iter_parts()
    ]
    assert ("photo", "cat.png", b"\x89PNG\x00data") in parts
    assert ("caption", None, b"hi") in parts
    assert sorted(body for name, _, body in parts if name == "extras") == [b"one", b"two"]
    assert len(parts) == 4


def test_binary_response_returned_as_bytes(ks, server):
    payload = bytes(range(256))
    server.routes[("GET", "/api/pets/p/1/photo")] = Reply(200, payload, "image/png")
    with client(ks, server) as c:
        raw = c.pets.with_raw_response.download_photo("p/1")
    assert raw.data == payload and raw.status_code == 200
    assert server.requests[0].raw_path == "/api/pets/p%2F1/photo"


def test_octet_stream_body_and_default_response(ks, server):
    server.routes[("POST", "/api/blobs")] = Reply.json({"id": "5d6c1f8e-0000-4000-8000-000000000000", "big": "9007199254740993", "class": "x", "unknown": 1})
    with client(ks, server) as c:
        record = c.blobs.post_blobs(request=b"\x00\x01\xff")
    request = server.requests[0]
    assert request.body == b"\x00\x01\xff"
    assert request.header("Content-Type") == "application/octet-stream"
    assert record.big == "9007199254740993" and record.class_ == "x"
    assert record.model_extra == {"unknown": 1}


def test_text_body_and_recursive_response(ks, server):
    tree = {"label": "root", "children": [{"label": "leaf", "owner": {"name": None, "trees": [{"label": "deep"}]}}]}
    server.routes[("POST", "/api/notes")] = Reply.json(tree)
    with client(ks, server) as c:
        node = c.blobs.add_note(request="hello \u2028 world")
    assert server.requests[0].body == "hello \u2028 world".encode()
    assert server.requests[0].header("Content-Type") == "text/plain"
    assert node.children[0].owner.trees[0].label == "deep"
    assert type(node.children[0].owner).__name__ == "Owner"


def test_async_client_does_the_same(ks, server):
    server.routes[("GET", "/api/pets")] = Reply.json([{"name": "tom", "pet_type": "cat"}])

    async def main():
        async with ks.AsyncClient(base_url=server.base_url + "/api") as c:
            return await c.pets.list_pets(tags=["a"])

    pets = asyncio.run(main())
    assert type(pets[0]).__name__ == "Cat"
    assert server.requests[0].query == [("tags", "a")]


SSE_CHAT = (
    b'data: {"type": "delta", "text": "Hel"}\n\n'
    b": keep-alive comment\n\n"
    b'event: message\ndata: {"type": "delta", "text": "lo"}\n\n'
    b'data: {"type": "end", "reason": "done"}\n\n'
    b"data: [DONE]\n\n"
    b'data: {"type": "delta", "text": "after the terminator"}\n\n'
)


def test_stream_variant_sends_the_flag_and_yields_typed_events(ks, server):
    server.routes[("POST", "/api/chat")] = Reply(200, SSE_CHAT, "text/event-stream")
    with client(ks, server) as c:
        events = list(c.chat.chat_stream(message="hi"))
    assert [type(e).__name__ for e in events] == ["ChatDelta", "ChatDelta", "ChatEnd"]
    assert "".join(e.text for e in events[:2]) == "Hello" and events[2].reason == "done"
    assert json.loads(server.requests[0].body) == {"message": "hi", "stream": True}


def test_plain_variant_sends_the_flag_false_and_parses_the_whole_response(ks, server):
    server.routes[("POST", "/api/chat")] = Reply.json({"text": "Hello"})
    with client(ks, server) as c:
        answer = c.chat.chat(message="hi")
    assert answer.text == "Hello"
    assert json.loads(server.requests[0].body) == {"message": "hi", "stream": False}


def test_event_stream_response_and_multiline_data(ks, server):
    server.routes[("GET", "/api/ticks")] = Reply(200, b'data: {"n": 1}\n\ndata: {"n":\ndata: 2}\n\n', "text/event-stream")

    async def main():
        async with ks.AsyncClient(base_url=server.base_url + "/api") as c:
            return [tick.n async for tick in c.chat.ticks()]

    assert asyncio.run(main()) == [1, 2]


def test_stream_error_status_raises_before_any_event(ks, server):
    server.routes[("POST", "/api/chat")] = Reply.json({"message": "nope"}, status=400)
    with client(ks, server) as c, pytest.raises(ks.errors.BadRequestError) as caught:
        list(c.chat.chat_stream(message="hi"))
    assert caught.value.body == {"message": "nope"}

"""A scripted HTTP server on 127.0.0.1 for fixture SDKs: records requests, answers
each (method, path) with what the test set up."""

from __future__ import annotations

import http.server
import json
import threading
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Tuple
from urllib.parse import parse_qsl, unquote, urlsplit


@dataclass
class Recorded:
    method: str
    raw_path: str
    path: str
    query: List[Tuple[str, str]]
    headers: Dict[str, str]
    body: bytes

    def header(self, name: str) -> Optional[str]:
        return next((v for k, v in self.headers.items() if k.lower() == name.lower()), None)


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    content_type: Optional[str] = None

    @classmethod
    def json(cls, value: Any, status: int = 200) -> "Reply":
        return cls(status, json.dumps(value).encode(), "application/json")


@dataclass
class EchoServer:
    routes: Dict[Tuple[str, str], Reply] = field(default_factory=dict)
    requests: List[Recorded] = field(default_factory=list)

    def __post_init__(self) -> None:
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:
                pass

            def _serve(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                parts = urlsplit(self.path)
                record = Recorded(
                    self.command, parts.path, unquote(parts.path), parse_qsl(parts.query, keep_blank_values=True),
                    dict(self.headers.items()), body,
                )
                server.requests.append(record)
                reply = server.routes.get((self.command, record.path), Reply(404, b'{"message": "no route"}', "application/json"))
                self.send_response(reply.status)
                if reply.content_type:
                    self.send_header("Content-Type", reply.content_type)
                self.send_header("Content-Length", str(len(reply.body)))
                self.end_headers()
                self.wfile.write(reply.body)

            do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _serve

        self._httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)
        self._thread.start()

    @property
    def base_url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    def close(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

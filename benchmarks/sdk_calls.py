"""Per-call overhead and import time of the generated Cohere SDK, cohere 7.3.1 and raw httpx.

Run by benchmarks/run.py with one interpreter that has httpx, pydantic and
(unless --no-cohere) cohere==7.3.1, so all three share the same httpx and
pydantic. Prints one JSON document. Stdlib + httpx + the SDKs only.

Each call is timed in blocks, interleaved between the clients so drift in the
machine's load hits all of them alike; a cell is the median block's time per call.
Overhead is an SDK's time per call minus raw httpx's (request + ``.json()``).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable, Dict, List

TOKEN = "bench-token"


def _batch(i: int) -> Dict[str, Any]:
    return {
        "id": f"b{i}",
        "name": f"nightly-{i}",
        "creator_id": "user-123",
        "org_id": "org-456",
        "status": "BATCH_STATUS_IN_PROGRESS",
        "created_at": "2024-05-01T12:00:00Z",
        "updated_at": "2024-05-01T12:05:00Z",
        "input_dataset_id": "ds-in-1",
        "output_dataset_id": "ds-out-1",
        "model": "command-r-08-2024",
        "input_tokens": "1200",
        "output_tokens": "340",
        "num_records": 10,
        "num_successful_records": 4,
        "num_failed_records": 1,
    }


RETRIEVE_BODY = json.dumps({"batch": _batch(1)}).encode()
LIST_BODY = json.dumps({"batches": [_batch(i) for i in range(20)], "next_page_token": "next"}).encode()


def _body_for(path: str) -> bytes:
    return LIST_BODY if path.split("?", 1)[0].rstrip("/").endswith("/v2/batches") else RETRIEVE_BODY


# --- transports ------------------------------------------------------------------------


def mock_transport() -> Any:
    import httpx

    headers = [("content-type", "application/json")]

    def handler(request: "httpx.Request") -> "httpx.Response":
        return httpx.Response(200, headers=headers, content=_body_for(request.url.path))

    return httpx.MockTransport(handler)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # else each response waits for a delayed ACK (~40 ms)

    def do_GET(self) -> None:  # noqa: N802
        body = _body_for(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


def serve() -> None:
    """Serve the canned responses on 127.0.0.1 until stdin closes (a child process)."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(server.server_address[1], flush=True)
    sys.stdin.read()
    server.shutdown()


# --- clients -----------------------------------------------------------------------------


def make_clients(base_url: str, transport: Any, with_cohere: bool) -> Dict[str, Dict[str, Callable[[], Any]]]:
    import httpx

    def new_httpx() -> "httpx.Client":
        return httpx.Client(transport=transport) if transport is not None else httpx.Client()

    raw = new_httpx()
    auth = {"Authorization": f"Bearer {TOKEN}"}
    clients: Dict[str, Dict[str, Callable[[], Any]]] = {
        "raw": {
            "retrieve": lambda: raw.get(f"{base_url}/v2/batches/b1", headers=auth).json(),
            "list (20 items)": lambda: raw.get(f"{base_url}/v2/batches", params={"page_size": 20}, headers=auth).json(),
        }
    }
    import cohere_sdk

    ours = cohere_sdk.Client(token=TOKEN, base_url=base_url, httpx_client=new_httpx())
    clients["ours"] = {
        "retrieve": lambda: ours.batches.retrieve("b1"),
        "list (20 items)": lambda: ours.batches.list(page_size=20),
    }
    if with_cohere:
        import cohere

        theirs = cohere.ClientV2(api_key=TOKEN, base_url=base_url, httpx_client=new_httpx())
        clients["cohere"] = {
            "retrieve": lambda: theirs.batches.retrieve("b1"),
            "list (20 items)": lambda: theirs.batches.list(page_size=20),
        }
    # Same answers from each (a wrong setup would time errors, not calls).
    for name, calls in clients.items():
        for call, fn in calls.items():
            value = fn()
            got = value if isinstance(value, dict) else value.model_dump(mode="json", by_alias=True)
            ok = got["batch"]["id"] == "b1" if call == "retrieve" else len(got["batches"]) == 20
            if not ok:
                raise SystemExit(f"{name} {call}: unexpected result {str(got)[:200]}")
    return clients


def time_calls(clients: Dict[str, Dict[str, Callable[[], Any]]], *, blocks: int, per_block: int) -> Dict[str, Dict[str, float]]:
    """{client: {call: µs per call}}: median block, blocks interleaved across clients."""
    samples: Dict[str, Dict[str, List[float]]] = {n: {c: [] for c in calls} for n, calls in clients.items()}
    for name, calls in clients.items():  # warm-up
        for fn in calls.values():
            for _ in range(per_block):
                fn()
    for _ in range(blocks):
        for name, calls in clients.items():
            for call, fn in calls.items():
                started = time.perf_counter()
                for _ in range(per_block):
                    fn()
                samples[name][call].append((time.perf_counter() - started) / per_block * 1e6)
    return {n: {c: statistics.median(v) for c, v in calls.items()} for n, calls in samples.items()}


def import_time(statement: str, sdk_path: str, runs: int) -> float:
    """Median seconds of ``statement`` in a fresh interpreter (start-up excluded)."""
    code = f"import time\nt = time.perf_counter()\n{statement}\nprint(time.perf_counter() - t)"
    env = dict(os.environ, PYTHONPATH=sdk_path)
    values = []
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
        values.append(float(out.stdout.strip()))
    return statistics.median(values)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sdk-path", required=True, help="directory holding the cohere_sdk package")
    parser.add_argument("--no-cohere", action="store_true")
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve()
        return 0
    sys.path.insert(0, args.sdk_path)
    with_cohere = not args.no_cohere
    blocks, per_block = (3, 20) if args.quick else (25, 200)
    import httpx
    import pydantic

    result: Dict[str, Any] = {
        "python": sys.version.split()[0],
        "httpx": httpx.__version__,
        "pydantic": pydantic.VERSION,
        "calls": blocks * per_block,
        "calls_table": [],
    }
    server = None
    transports: List[tuple] = [("in-process (httpx.MockTransport)", "http://bench.invalid", mock_transport())]
    if not args.quick:
        server = subprocess.Popen([sys.executable, __file__, "--sdk-path", args.sdk_path, "--serve"],
                                  stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        port = int(server.stdout.readline())
        transports.append(("local server (127.0.0.1, keep-alive)", f"http://127.0.0.1:{port}", None))
    try:
        for label, base_url, transport in transports:
            clients = make_clients(base_url, transport, with_cohere)
            timings = time_calls(clients, blocks=blocks, per_block=per_block)
            for call in timings["raw"]:
                row: Dict[str, Any] = {"transport": label, "call": call, "raw": timings["raw"][call]}
                for name in ("ours", "cohere"):
                    if name in timings:
                        row[name] = timings[name][call]
                        row[f"{name}_overhead"] = timings[name][call] - timings["raw"][call]
                result["calls_table"].append(row)
    finally:
        if server is not None:
            server.stdin.close()
            server.wait(timeout=10)
    runs = 3 if args.quick else 15
    imports = {"from cohere_sdk import Client": "from cohere_sdk import Client"}
    if with_cohere:
        imports["from cohere import ClientV2"] = "from cohere import ClientV2"
    imports["import httpx, pydantic (floor)"] = "import httpx, pydantic"
    imports["import httpx; from pydantic import BaseModel"] = "import httpx\nfrom pydantic import BaseModel"
    result["imports"] = {label: import_time(code, args.sdk_path, runs) for label, code in imports.items()}
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())

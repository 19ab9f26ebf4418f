"""Run every wire scenario with one SDK against the fake Cohere server.

As a script (used for Cohere's SDK, under its own venv)::

    python tests/wire/driver.py --module cohere --base-url http://127.0.0.1:PORT

prints one JSON document: ``{"outcomes": {label: outcome}}``. In-process (used
for ours): ``run_all(module, base_url)`` returns the same dict.

Before each scenario the driver POSTs ``/__fake__/mark`` so the server can
group the requests it records by scenario label. Stdlib + the SDK only.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import importlib
import inspect
import json
import sys
import traceback
import urllib.request
from types import ModuleType
from typing import Any, Dict

try:  # imported as part of the tests package
    from . import scenarios as sc
except ImportError:  # run as a script: this file's directory is on sys.path
    import scenarios as sc  # type: ignore[no-redef]


def post_mark(base_url: str, label: str) -> None:
    req = urllib.request.Request(
        base_url.rstrip("/") + "/__fake__/mark",
        data=json.dumps({"label": label}).encode(),
        method="POST",
        headers={"Content-Type": "application/json"},
    )
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(req, timeout=10) as resp:
        resp.read()


def normalise(value: Any) -> Any:
    """A JSON-able view of a returned value, independent of how each SDK dumps
    models: declared fields + extra fields, ``None`` dropped, datetimes ISO."""
    fields = getattr(type(value), "model_fields", None)
    if isinstance(fields, dict):
        out: Dict[str, Any] = {}
        names = list(fields) + list((getattr(value, "model_extra", None) or {}).keys())
        for name in names:
            v = normalise(getattr(value, name, None))
            if v is not None:
                out[name] = v
        return out
    if isinstance(value, dict):
        return {str(k): normalise(v) for k, v in value.items() if v is not None}
    if isinstance(value, (list, tuple)):
        return [normalise(v) for v in value]
    if isinstance(value, (dt.datetime, dt.date)):
        if isinstance(value, dt.datetime) and value.utcoffset() is not None:
            value = value.astimezone(dt.timezone.utc).replace(tzinfo=None)
        return value.isoformat()
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return repr(value)


def describe(result: Any) -> Dict[str, Any]:
    if hasattr(result, "status_code") and hasattr(result, "data") and hasattr(result, "headers"):
        return {
            "kind": "raw",
            "status_code": result.status_code,
            "data_type": type(result.data).__name__,
            "data": normalise(result.data),
        }
    return {"kind": "value", "type": type(result).__name__, "data": normalise(result)}


def describe_error(exc: BaseException, mod: ModuleType) -> Dict[str, Any]:
    api_error = importlib.import_module(f"{mod.__name__}.core.api_error").ApiError
    return {
        "kind": "error",
        "error": type(exc).__name__,
        "is_api_error": isinstance(exc, api_error),
        "status_code": getattr(exc, "status_code", None),
        "body": normalise(getattr(exc, "body", None)) if isinstance(exc, api_error) else str(exc)[:500],
    }


def run_one(mod: ModuleType, scenario: "sc.Scenario", mode: str, base_url: str) -> Dict[str, Any]:
    post_mark(base_url, sc.label(scenario.name, mode))
    try:
        with sc.env_for(scenario.client):
            if mode == "sync":
                client = sc.make_client(mod, scenario.client, base_url=base_url, asynchronous=False)
                try:
                    return describe(scenario.call(mod, client))
                finally:
                    _close_sync(client)

            async def main() -> Any:
                client = sc.make_client(mod, scenario.client, base_url=base_url, asynchronous=True)
                try:
                    result = scenario.call(mod, client)
                    if inspect.isawaitable(result):
                        result = await result
                    return describe(result)
                finally:
                    await _close_async(client)

            return asyncio.run(main())
    except Exception as exc:  # noqa: BLE001 - every failure is an outcome to compare
        out = describe_error(exc, mod)
        if not out["is_api_error"]:
            out["traceback"] = traceback.format_exc(limit=6)
        return out


def _close_sync(client: Any) -> None:
    close = getattr(client, "close", None)
    if callable(close):
        close()
        return
    inner = getattr(getattr(client, "_client_wrapper", None), "httpx_client", None)
    inner = getattr(inner, "httpx_client", None)
    if inner is not None:
        inner.close()


async def _close_async(client: Any) -> None:
    for name in ("close", "aclose"):
        close = getattr(client, name, None)
        if callable(close):
            res = close()
            if inspect.isawaitable(res):
                await res
            return
    inner = getattr(getattr(client, "_client_wrapper", None), "httpx_client", None)
    inner = getattr(inner, "httpx_client", None)
    if inner is not None:
        await inner.aclose()


def run_all(mod: ModuleType, base_url: str) -> Dict[str, Any]:
    outcomes: Dict[str, Any] = {}
    for scenario in sc.SCENARIOS:
        for mode in sc.MODES:
            outcomes[sc.label(scenario.name, mode)] = run_one(mod, scenario, mode, base_url)
    return {"module": mod.__name__, "outcomes": outcomes}


def main(argv: Any = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--module", default=sc.REFERENCE_MODULE)
    parser.add_argument("--base-url", required=True)
    args = parser.parse_args(argv)
    mod = importlib.import_module(args.module)
    result = run_all(mod, args.base_url)
    result["version"] = getattr(importlib.import_module(f"{args.module}.version"), "__version__", None) if args.module == sc.REFERENCE_MODULE else None
    json.dump(result, sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())

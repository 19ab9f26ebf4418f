"""Same calls through Cohere's SDK (reference venv, subprocess) and through the
generated ``cohere_sdk`` (in-process), against one fake server; the requests
each scenario produced must match.

Compared per request: method, path (as sent and decoded), query (multiset of
decoded pairs), body (parsed JSON, or raw text if not JSON), all
Authorization and X-Client-Name header values, and the body's media type.
A second test compares what each call returned or raised (type names, status
codes, parsed data).
"""

from __future__ import annotations

import difflib
import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, List

import pytest

from tests.support.cohere_server import FakeCohereServer, RecordedRequest
from tests.support.fixtures import _memoize_default_ssl_context

from . import driver, scenarios

DRIVER = Path(driver.__file__).resolve()
LABELS = [scenarios.label(name, mode) for name, mode in scenarios.labels()]


@dataclass
class WireRun:
    ref_outcomes: Dict[str, Any]
    ours_outcomes: Dict[str, Any]
    ref_requests: Dict[str, List[RecordedRequest]]
    ours_requests: Dict[str, List[RecordedRequest]]
    ref_version: str


def _subprocess_env() -> Dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("CO_API_KEY", "COHERE_API_KEY", "CO_API_URL", "PYTHONPATH")}
    env["NO_PROXY"] = env["no_proxy"] = "127.0.0.1,localhost"
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


@pytest.fixture(scope="module")
def wire_run(cohere_reference_python: Path, cohere_sdk_module: Any) -> WireRun:
    with FakeCohereServer() as server, pytest.MonkeyPatch.context() as mp:
        proc = subprocess.run(
            [str(cohere_reference_python), str(DRIVER), "--module", scenarios.REFERENCE_MODULE, "--base-url", server.base_url],
            capture_output=True,
            text=True,
            timeout=180,
            env=_subprocess_env(),
        )
        if proc.returncode != 0:
            pytest.fail(f"reference driver failed ({proc.returncode}):\n{proc.stderr[-4000:]}")
        ref = json.loads(proc.stdout.strip().splitlines()[-1])
        ref_requests = server.requests_by_label()

        server.reset()
        _memoize_default_ssl_context(mp)
        mp.setenv("NO_PROXY", "127.0.0.1,localhost")
        mp.setenv("no_proxy", "127.0.0.1,localhost")
        ours = driver.run_all(cohere_sdk_module, server.base_url)
        ours_requests = server.requests_by_label()
    return WireRun(ref["outcomes"], ours["outcomes"], ref_requests, ours_requests, ref.get("version") or "?")


def _values(r: RecordedRequest, name: str) -> List[str]:
    return [v for k, v in r.header_items if k.lower() == name]


def wire_view(r: RecordedRequest) -> Dict[str, Any]:
    view: Dict[str, Any] = {
        "method": r.method,
        "path": r.raw_path_only,
        "decoded_path": r.path,
        "query": sorted(r.query),
        "authorization": _values(r, "authorization"),
        "x-client-name": _values(r, "x-client-name"),
    }
    if r.body:
        if r.json_error is None:
            view["json_body"] = r.json
        else:
            view["raw_body"] = r.body.decode("utf-8", "replace")
        view["body_media_type"] = (r.header("content-type") or "").split(";")[0].strip().lower() or None
    else:
        view["json_body"] = None
    return view


def _dump(obj: Any) -> List[str]:
    return json.dumps(obj, indent=2, sort_keys=True, default=str).splitlines()


def readable_diff(label: str, ref: Any, ours: Any) -> str:
    diff = difflib.unified_diff(_dump(ref), _dump(ours), "cohere (reference)", "cohere_sdk (ours)", lineterm="", n=3)
    return f"{label}:\n" + "\n".join(diff)


def test_reference_sdk_exercised_every_scenario(wire_run: WireRun) -> None:
    """Sanity check of the scenarios themselves, using Cohere's SDK."""
    assert wire_run.ref_version == "7.3.1"
    problems = []
    local = {scenarios.label(s.name, m) for s in scenarios.SCENARIOS for m in scenarios.MODES if s.reference_rejects_locally}
    for label in LABELS:
        if label in local:
            outcome = wire_run.ref_outcomes.get(label, {})
            if wire_run.ref_requests.get(label) or outcome.get("kind") != "error":
                problems.append(f"{label}: expected Cohere's SDK to reject the call locally, got {outcome}")
            continue
        if not wire_run.ref_requests.get(label):
            problems.append(f"{label}: reference SDK sent no request")
        outcome = wire_run.ref_outcomes.get(label, {})
        if outcome.get("kind") == "error" and not outcome.get("is_api_error"):
            problems.append(f"{label}: reference SDK raised {outcome.get('error')}:\n{outcome.get('traceback')}")
    assert not problems, "\n".join(problems)


ENCODED_BY_DESIGN = {
    scenarios.label(s.name, m) for s in scenarios.SCENARIOS for m in scenarios.MODES if s.ours_encodes_path
}


@pytest.mark.parametrize("label", LABELS)
def test_wire_requests_match_reference(wire_run: WireRun, label: str) -> None:
    ref = [wire_view(r) for r in wire_run.ref_requests.get(label, [])]
    ours = [wire_view(r) for r in wire_run.ours_requests.get(label, [])]
    if label in ENCODED_BY_DESIGN:
        # Same request once decoded; only the raw path differs, by design.
        for view in ours:
            assert "%2F" in view["path"] or "%3A" in view["path"], view["path"]
        for view in ref + ours:
            view.pop("path")
    if ref != ours:
        extra = ""
        outcome = wire_run.ours_outcomes.get(label, {})
        if outcome.get("traceback"):
            extra = f"\n(ours raised {outcome.get('error')}:\n{outcome['traceback']})"
        pytest.fail("wire difference " + readable_diff(label, ref, ours) + extra, pytrace=False)


def _comparable(outcome: Dict[str, Any]) -> Dict[str, Any]:
    return {k: v for k, v in outcome.items() if k != "traceback"}


REJECTED_LOCALLY = {
    scenarios.label(s.name, m) for s in scenarios.SCENARIOS for m in scenarios.MODES if s.reference_rejects_locally
}


@pytest.mark.parametrize("label", LABELS)
def test_outcome_matches_reference(wire_run: WireRun, label: str) -> None:
    ref = _comparable(wire_run.ref_outcomes[label])
    ours_full = wire_run.ours_outcomes[label]
    ours = _comparable(ours_full)
    if label in ENCODED_BY_DESIGN or label in REJECTED_LOCALLY:
        # Same kind of outcome (error class, status); the message wording differs
        # (ours reached the right resource; local rejections word their reason).
        ref.pop("body", None)
        ours.pop("body", None)
    if ref != ours:
        tb = f"\n{ours_full['traceback']}" if ours_full.get("traceback") else ""
        pytest.fail("outcome difference " + readable_diff(label, ref, ours) + tb, pytrace=False)

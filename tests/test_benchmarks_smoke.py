"""The benchmark runs end to end (our side only, on a tiny spec): not a timed test."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_quick_benchmark_prints_and_writes_the_table(tmp_path):
    output = tmp_path / "results.md"
    env = dict(os.environ, SDKFORGE_CACHE_DIR=str(tmp_path / "cache"))
    proc = subprocess.run(
        [sys.executable, "-m", "benchmarks.run", "--quick", "--output", str(output)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    table = output.read_text(encoding="utf-8")
    assert table.strip() in proc.stdout
    for heading in ("## Generation, cold", "## Incremental", "## Generated SDK runtime"):
        assert heading in table
    row = next(line for line in table.splitlines() if line.startswith("| petstore_minimal.yaml") and "skipped" in line)
    assert re.search(r"\| \d+\.\d\d s \|", row), row  # sdkforge black, cold
    incremental = [line for line in table.splitlines() if line.startswith("| petstore_minimal.yaml")][1]
    assert len(re.findall(r"\d+\.\d\d s", incremental)) == 3, incremental  # cold, unchanged, one operation
    assert re.search(r"\| in-process \(httpx.MockTransport\) \| retrieve \| [\d.]+ µs \| [\d.]+ µs", table)
    assert re.search(r"\| `from cohere_sdk import Client` \| \d+ ms", table)

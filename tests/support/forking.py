"""Helpers for tests of work done in forked children."""

from __future__ import annotations

import os
import subprocess
import sys
import threading

import pytest

from tests.goldens import REPO_ROOT


def rerun_alone(request) -> bool:
    """Forking needs a process without other threads. When an earlier test left
    one running, run this test again in a fresh interpreter instead of skipping
    it (True: it ran there and passed; the caller returns)."""
    if threading.active_count() == 1:
        return False
    if os.environ.get("SDKFORGE_FORK_TEST_ALONE"):
        pytest.skip("another thread is running even in a fresh interpreter")
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", request.node.nodeid],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "SDKFORGE_FORK_TEST_ALONE": "1"},
    )
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
    assert " passed" in proc.stdout and "skipped" not in proc.stdout, proc.stdout[-2000:]
    return True


def reaped(pid: int) -> bool:
    try:
        os.waitpid(pid, os.WNOHANG)  # still ours: running, or exited and left unreaped
    except ChildProcessError:
        return True
    return False

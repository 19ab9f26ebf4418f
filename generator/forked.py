"""Work done in a forked child whose result comes back through a pipe.

The validator and the second renderer run this way: a fork shares the
parent's heap (the parsed spec, the IR) without copying or pickling it, and
the child leaves with ``os._exit``, so nothing of the parent's is cleaned up
twice. A child that fails gives ``None``; the caller then does the work itself.
"""

from __future__ import annotations

import os
import signal
import threading
from typing import Callable, Optional

Child = tuple[int, int]  # (pid, read end of the pipe)


def can_fork() -> bool:
    """Forking is safe only where it exists and no other thread runs (it would not be copied)."""
    return hasattr(os, "fork") and threading.active_count() == 1


def start(work: Callable[[], bytes]) -> Child:
    """Fork a child that runs ``work`` and sends what it returns."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # child: work, send, leave without cleanup
        status = 1
        try:
            os.close(read_end)
            payload = work()
            with os.fdopen(write_end, "wb") as pipe:
                pipe.write(payload)
            status = 0
        except BaseException:
            status = 1
        finally:
            os._exit(status)
    os.close(write_end)
    return pid, read_end


def result(child: Child) -> Optional[bytes]:
    """What the child sent, once it has exited cleanly; None if it failed."""
    pid, read_end = child
    with os.fdopen(read_end, "rb") as pipe:
        payload = pipe.read()
    _, status = os.waitpid(pid, 0)
    return payload if status == 0 else None


def cancel(child: Child) -> None:
    """Stop a child that is no longer wanted, and reap it."""
    pid, read_end = child
    try:
        os.kill(pid, signal.SIGKILL)
    except OSError:
        pass
    try:
        os.waitpid(pid, 0)
    except OSError:
        pass
    os.close(read_end)

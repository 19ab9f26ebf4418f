"""Polling helpers behind the generated ``wait_until_*`` methods."""

from __future__ import annotations

import time
from typing import Any, Awaitable, Callable, Optional, TypeVar

from .api_error import SdkError, one_line

T = TypeVar("T")


class WaiterTimeoutError(SdkError):
    """The awaited condition did not hold before the timeout.

    ``last`` is the most recently polled object (None if nothing was polled),
    so callers can inspect or report the state it was stuck in.
    """

    def __init__(self, *, last: Any, elapsed: float, timeout: Optional[float]) -> None:
        super().__init__()
        self.last = last
        self.elapsed = elapsed
        self.timeout = timeout

    def __str__(self) -> str:
        limit = f" (timeout {self.timeout:g} s)" if self.timeout is not None else ""
        return (
            f"gave up waiting after {self.elapsed:.1f} s{limit}; "
            f"last state: {one_line(repr(self.last), 120)}"
        )


def wait_until(
    poll: Callable[[], T],
    is_done: Callable[[T], bool],
    *,
    poll_interval: float,
    timeout: Optional[float],
    on_progress: Optional[Callable[[T], None]] = None,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
) -> T:
    """Poll until ``is_done`` holds and return that object.

    Raises WaiterTimeoutError as soon as the next sleep would end past the
    deadline, rather than sleeping through it; ``timeout=None`` waits forever.
    Errors raised by ``poll`` propagate unchanged.
    """
    _check_interval(poll_interval)
    started = clock()
    while True:
        current = poll()
        if on_progress is not None:
            on_progress(current)
        if is_done(current):
            return current
        _raise_if_out_of_time(current, started, clock(), poll_interval, timeout)
        sleep(poll_interval)


async def async_wait_until(
    poll: Callable[[], Awaitable[T]],
    is_done: Callable[[T], bool],
    *,
    poll_interval: float,
    timeout: Optional[float],
    on_progress: Optional[Callable[[T], None]] = None,
    sleep: Optional[Callable[[float], Awaitable[None]]] = None,
    clock: Callable[[], float] = time.monotonic,
) -> T:
    """Async twin of :func:`wait_until` (``sleep``: ``asyncio.sleep`` unless given)."""
    _check_interval(poll_interval)
    if sleep is None:
        import asyncio  # not at the top: sync-only programs need not pay its import

        sleep = asyncio.sleep
    started = clock()
    while True:
        current = await poll()
        if on_progress is not None:
            on_progress(current)
        if is_done(current):
            return current
        _raise_if_out_of_time(current, started, clock(), poll_interval, timeout)
        await sleep(poll_interval)


def _check_interval(poll_interval: float) -> None:
    if poll_interval < 0:
        raise ValueError("poll_interval must not be negative")


def _raise_if_out_of_time(
    last: Any,
    started: float,
    now: float,
    poll_interval: float,
    timeout: Optional[float],
) -> None:
    if timeout is not None and now + poll_interval - started > timeout:
        raise WaiterTimeoutError(last=last, elapsed=now - started, timeout=timeout)

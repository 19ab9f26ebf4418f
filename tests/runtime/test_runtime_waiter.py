"""wait_until / async_wait_until with a fake clock."""

from __future__ import annotations

import asyncio
from typing import Any, Callable, Iterator, List, Optional

import pytest


class FakeTime:
    """A clock that only moves when the waiter sleeps."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: List[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds

    async def async_sleep(self, seconds: float) -> None:
        self.sleep(seconds)


def poller(states: List[str]) -> Callable[[], str]:
    remaining: Iterator[str] = iter(states)
    return lambda: next(remaining)


def run_wait(
    core: Any, mode: str, states: List[str], timeout: Optional[float], fake: FakeTime
) -> Any:
    seen: List[str] = []
    poll = poller(states)
    options: Any = dict(
        poll_interval=2.0, timeout=timeout, on_progress=seen.append, clock=fake.clock
    )
    if mode == "sync":
        result = core.waiter.wait_until(
            poll, lambda s: s == "done", sleep=fake.sleep, **options
        )
    else:

        async def apoll() -> str:
            return poll()

        result = asyncio.run(
            core.waiter.async_wait_until(
                apoll, lambda s: s == "done", sleep=fake.async_sleep, **options
            )
        )
    return result, seen


MODES = pytest.mark.parametrize("mode", ["sync", "async"])


@MODES
def test_returns_the_first_done_object(core: Any, mode: str) -> None:
    fake = FakeTime()

    result, seen = run_wait(core, mode, ["queued", "running", "done", "x"], 60, fake)

    assert result == "done"
    assert seen == ["queued", "running", "done"]
    assert fake.sleeps == [2.0, 2.0]


@MODES
def test_times_out_before_sleeping_past_the_deadline(core: Any, mode: str) -> None:
    fake = FakeTime()

    with pytest.raises(core.waiter.WaiterTimeoutError) as info:
        run_wait(core, mode, ["running"] * 10, 5.0, fake)

    error = info.value
    assert isinstance(error, core.api_error.SdkError)
    assert error.last == "running"
    assert error.elapsed == 4.0  # polled at 0, 2, 4; sleeping to 6 would pass 5
    assert fake.sleeps == [2.0, 2.0]
    assert str(error) == (
        "gave up waiting after 4.0 s (timeout 5 s); last state: 'running'"
    )


@MODES
def test_no_timeout_waits_as_long_as_needed(core: Any, mode: str) -> None:
    fake = FakeTime()

    result, _ = run_wait(core, mode, ["running"] * 50 + ["done"], None, fake)

    assert result == "done"
    assert len(fake.sleeps) == 50


def test_poll_errors_propagate_and_bad_interval_is_refused(core: Any) -> None:
    def failing() -> str:
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        core.waiter.wait_until(failing, bool, poll_interval=1, timeout=1)
    with pytest.raises(ValueError):
        core.waiter.wait_until(lambda: 1, bool, poll_interval=-1, timeout=1)


def test_waiter_error_str_with_no_last(core: Any) -> None:
    error = core.waiter.WaiterTimeoutError(last=None, elapsed=0.0, timeout=None)
    assert str(error) == "gave up waiting after 0.0 s; last state: None"

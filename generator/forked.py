"""Work done in a forked child whose result comes back through a pipe.

The validator, the second renderer and black's early import run this way: a fork shares the
parent's heap (the parsed spec, the IR) without copying or pickling it, and
the child leaves with ``os._exit``, so nothing of the parent's is cleaned up
twice. A child that fails gives ``None``; the caller then does the work itself.
"""

from __future__ import annotations

import os
import signal
import threading
from typing import BinaryIO, Callable, Optional

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


def run_all(tasks: list[Callable[[], bytes]], at_once: int) -> list[Optional[bytes]]:
    """Each task's result (None where it failed), each run in a forked child, at most
    ``at_once`` at a time: the next starts as soon as one is done, so many small
    tasks keep every core busy even when some take longer than others."""
    import selectors

    results: list[Optional[bytes]] = [None] * len(tasks)
    pending = list(enumerate(tasks))
    pending.reverse()
    running: dict[int, tuple[int, int, list[bytes]]] = {}  # read end -> (index, pid, chunks read)
    with selectors.DefaultSelector() as selector:
        while pending or running:
            while pending and len(running) < max(1, at_once):
                index, task = pending.pop()
                pid, read_end = start(task)
                running[read_end] = (index, pid, [])
                selector.register(read_end, selectors.EVENT_READ)
            for key, _ in selector.select():
                read_end = key.fd
                index, pid, chunks = running[read_end]
                data = os.read(read_end, 1 << 20)
                if data:
                    chunks.append(data)
                    continue
                selector.unregister(read_end)
                os.close(read_end)
                del running[read_end]
                _, status = os.waitpid(pid, 0)
                results[index] = b"".join(chunks) if status == 0 else None
    return results


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


class Server:
    """A child forked early that gets ready (``prepare``, e.g. a slow import) while
    the parent goes on, then answers requests until the parent closes it.

    ``ask`` sends one request and waits for its answer; it gives ``None`` once
    the child has failed, and the caller then does the work itself. A request
    and its answer are each one length-prefixed message on a pipe of its own.
    """

    def __init__(self, pid: int, requests: int, answers: int) -> None:
        self._pid: Optional[int] = pid
        self._requests = os.fdopen(requests, "wb")
        self._answers = os.fdopen(answers, "rb")

    @classmethod
    def start(cls, prepare: Callable[[], None], answer: Callable[[bytes], bytes]) -> "Server":
        request_read, request_write = os.pipe()
        answer_read, answer_write = os.pipe()
        pid = os.fork()
        if pid == 0:  # child: prepare, then answer until the parent closes its end
            status = 1
            try:
                os.close(request_write)
                os.close(answer_read)
                prepare()
                with os.fdopen(request_read, "rb") as requests, os.fdopen(answer_write, "wb") as answers:
                    while (request := _receive(requests)) is not None:
                        _send(answers, answer(request))
                status = 0
            except BaseException:
                status = 1
            finally:
                os._exit(status)
        os.close(request_read)
        os.close(answer_write)
        return cls(pid, request_write, answer_read)

    def ask(self, request: bytes) -> Optional[bytes]:
        if self._pid is None:
            return None
        try:
            _send(self._requests, request)
            answer = _receive(self._answers)
        except OSError:
            answer = None
        if answer is None:
            self.close()
        return answer

    def close(self) -> None:
        """Let the child finish (it is stopped if it does not) and reap it."""
        if self._pid is None:
            return
        pid, self._pid = self._pid, None
        for pipe in (self._requests, self._answers):
            try:
                pipe.close()
            except OSError:
                pass
        try:
            os.kill(pid, signal.SIGKILL)  # idle or failed by now: nothing of its is left to finish
        except OSError:
            pass
        try:
            os.waitpid(pid, 0)
        except OSError:
            pass


_LENGTH_BYTES = 8


def _send(pipe: BinaryIO, payload: bytes) -> None:
    pipe.write(len(payload).to_bytes(_LENGTH_BYTES, "big"))
    pipe.write(payload)
    pipe.flush()


def _receive(pipe: BinaryIO) -> Optional[bytes]:
    """The next message, or None at the end of the stream (or a message cut short)."""
    header = pipe.read(_LENGTH_BYTES)
    if len(header) < _LENGTH_BYTES:
        return None
    size = int.from_bytes(header, "big")
    payload = pipe.read(size)
    return payload if len(payload) == size else None

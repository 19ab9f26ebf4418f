"""Black in a child forked at the very start of a run (see ``generator.formatting``).

Importing black takes 0.2 s, and on a small spec the run would wait for it: the
child imports it while the parent checks its caches, loads, parses and renders,
then formats what it is sent, on every core, through forked workers that
inherit the import. This module is kept light (the formatting code is imported
in the child, or when the child fails), because the parent starts the child
before it knows whether the run cache answers the run; such a run closes the
child unused.
"""

from __future__ import annotations

import marshal
import sys
from typing import TYPE_CHECKING, Optional

from . import forked

if TYPE_CHECKING:
    from .formatting import Job


class BlackChild:
    """``run`` has ``formatting._run_black``'s contract; when the child has failed it
    formats in this process instead, so the result never depends on the child."""

    # Only the first run of a process gets a child: a process that generates again
    # (a build script, the tests) imports black once itself instead of once a run.
    started_one = False

    def __init__(self, server: forked.Server) -> None:
        self._server = server

    @classmethod
    def start(cls) -> Optional[BlackChild]:
        """The child, or None where forking is unsafe, black is already imported here,
        or this process has started one before."""
        if cls.started_one or "black" in sys.modules or not forked.can_fork():
            return None
        cls.started_one = True
        return cls(forked.Server.start(_import_black, _answer_black))

    def run(self, jobs: list[Job], line_length: int) -> dict[str, str]:
        from .formatting import _checked, _run_black

        answer = self._server.ask(marshal.dumps((jobs, line_length)))
        if answer is not None:
            try:
                results = marshal.loads(answer)
            except (EOFError, ValueError, TypeError):
                results = None
            if isinstance(results, list) and {key for key, _, _ in results} == {key for key, _, _ in jobs}:
                return _checked(results)
        return _run_black(jobs, line_length)

    def close(self) -> None:
        self._server.close()


def _import_black() -> None:  # in the child, while the parent goes on
    import black  # noqa: F401

    from . import formatting  # noqa: F401  (what _answer_black uses, imported before the request)


def _answer_black(request: bytes) -> bytes:  # in the child: format, on every core
    from .formatting import _POOL_MIN_BYTES_FORK, _balanced_chunks, _black_chunk, _pool_workers

    jobs, line_length = marshal.loads(request)
    workers = _pool_workers(jobs, _POOL_MIN_BYTES_FORK)
    if workers < 2:
        return marshal.dumps(_black_chunk((jobs, line_length)))
    # Forked workers inherit the import; four chunks a core keep every core busy to the end.
    chunks = _balanced_chunks(jobs, workers * 4)
    tasks = [lambda chunk=chunk: marshal.dumps(_black_chunk((chunk, line_length))) for chunk in chunks]
    results: list[tuple[str, str, Optional[str]]] = []
    for chunk, answer in zip(chunks, forked.run_all(tasks, workers)):
        results.extend(marshal.loads(answer) if answer is not None else _black_chunk((chunk, line_length)))
    return marshal.dumps(results)

"""Format generated Python with black (default) or ruff, so output is stable and reviewable.

Formatting is the most expensive stage of a run (black needs about 0.25 ms a
line), so it is designed for speed:

* results are cached by content hash in a persistent directory (see
  ``generator.cache``), keyed by formatter, its version and the line length:
  a re-run, or a run where one operation changed, formats only the files whose
  rendered text is new;
* identical sources are formatted once, and the runtime core, copied verbatim
  and already in black's style (a test checks it), is not formatted at all;
* black takes a large module method by method (``generator.members``), each
  piece cached on its own, so an edit to one operation reformats only that
  operation's methods, and a method apart from its docstrings, so an edited
  description reformats only the docstring;
* black runs on every core through a process pool when there is enough
  uncached work to pay for starting one;
* black's import (0.2 s) is off the critical path: ``BlackChild.start()``
  (``generator.black_child``) forks a child at the very start of a run that
  imports it while the parent loads, parses and renders, then formats what it
  is sent (on every core, through forked workers that inherit the import);
* ``ruff`` (``ruff format``, black-compatible) formats everything through a
  temporary directory, in a few calls of its binary that overlap with writing
  the next call's files, in parallel inside ruff.
  The golden outputs are byte-identical under both (tests/test_formatting.py).
"""

from __future__ import annotations

import gc
import marshal
import os
import sys
import threading
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Optional, Sequence

from . import cache
from .config import DEFAULT_LINE_LENGTH
from .errors import SpecError
from .members import (
    Hollow,
    Split,
    assemble,
    docstring_stub,
    fill,
    hollow_docstrings,
    is_stub,
    resplit,
    spans,
    split_docstring_stub,
    split_members,
    unwrap,
)

if TYPE_CHECKING:
    from .black_child import BlackChild

FORMATTERS = ("black", "ruff", "none")
CORE_LINE_LENGTH = DEFAULT_LINE_LENGTH  # the runtime core is written in black's style at this length

# Below this much uncached source a pool costs more than it saves: forked
# workers start in milliseconds, spawned ones import black first (~0.3 s).
_POOL_MIN_BYTES_FORK = 40_000
_POOL_MIN_BYTES_SPAWN = 400_000
_RUFF_FILES_PER_CALL = 2_000  # keeps a call's command line well under the system's limit
_RUFF_CALLS = 4  # calls that overlap with writing the next call's files (_run_ruff)
_RUFF_MIN_FILES_PER_CALL = 200  # below this a call of its own is not worth starting
# A module this large is formatted method by method (generator/members.py), so an
# edit to one operation reformats that operation's methods, not the whole module.
_SPLIT_MIN_CHARS = 40_000
# Black leaves about 70 bytes of cyclic garbage per character of source: a pass
# of the collector every 200,000 characters keeps a worker's garbage near 15 MB.
_COLLECT_EVERY_CHARS = 200_000

Job = tuple[str, str, str]  # (cache key, path for messages, source)


def format_python(path: str, source: str, *, line_length: int = DEFAULT_LINE_LENGTH) -> str:
    """Black-formatted ``source``; a syntax error here is a generator bug."""
    key, formatted, error = _black_one(("", path, source), line_length)
    if error is not None:
        raise SpecError(error)
    return formatted


def format_files(
    files: dict[str, str],
    *,
    line_length: int = DEFAULT_LINE_LENGTH,
    formatter: str = "black",
    cache_dir: Optional[Path] = None,
    black_child: "Optional[BlackChild]" = None,
) -> dict[str, str]:
    """Every ``.py`` file formatted; other files unchanged.

    ``formatter`` is ``black`` (default), ``ruff`` or ``none``; ``cache_dir``
    overrides where formatted output is cached (see ``generator.cache``);
    ``black_child`` formats black's work when given (else this process does).
    """
    if formatter == "none":
        return dict(files)
    if formatter not in FORMATTERS:
        raise SpecError(f"unknown formatter {formatter!r} (known: {', '.join(FORMATTERS)})")
    verbatim = _known_formatted() if line_length == CORE_LINE_LENGTH else frozenset()
    root = cache.cache_root(cache_dir)
    directory = root / "format" / f"{formatter}-{_tool_version(formatter)}-{line_length}" if root else None

    store = cache.PackStore(directory) if directory is not None else None
    batch = _Batch(store.load() if store is not None else {}, formatter, line_length, black_child)
    last_splits = _LastSplits(directory)
    splits: dict[str, Split] = {}  # large modules formatted member by member (black only)
    split_paths: dict[str, str] = {}
    hollows: dict[str, Hollow] = {}  # members not cached, formatted apart from their docstrings
    for path, text in files.items():
        if not path.endswith(".py") or text in verbatim:
            continue
        split = None
        if formatter == "black" and len(text) >= _SPLIT_MIN_CHARS and batch.cached(text) is None:
            split = last_splits.split(path, text)
        if split is None:
            batch.want(text, path)
            continue
        splits[text] = split
        split_paths[text] = path
        for index in range(len(split.members)):
            wrapped = split.wrapped(index)
            hollow = hollow_docstrings(wrapped) if batch.cached(wrapped) is None else None
            if hollow is None:
                batch.want(wrapped, path)
            else:
                hollows[wrapped] = hollow
                batch.want(hollow.text, path)
                batch.want_docstrings(hollow, path)
    batch.want_docstring_stubs()
    batch.run()
    batch.split_docstring_stubs()

    for wrapped, hollow in hollows.items():
        filled = None
        docstrings = batch.docstrings(hollow)
        if docstrings is not None:
            filled = fill(hollow, batch.done[hollow.text], docstrings)
        if filled is None:  # not the shape expected: black on the whole member
            batch.want(wrapped, batch.paths[hollow.text])
        else:
            batch.remember(wrapped, filled)
    batch.run()

    skeletons: dict[str, tuple[str, tuple[str, ...]]] = {}  # module text -> (skeleton, members)
    for text, split in splits.items():
        path = split_paths[text]
        members = tuple(unwrap(batch.done[split.wrapped(i)]) for i in range(len(split.members)))
        if any(member is None for member in members):
            batch.want(text, path)
            continue
        skeleton = split.skeleton(tuple(is_stub(m) for m in members))  # type: ignore[arg-type]
        skeletons[text] = (skeleton, members)  # type: ignore[assignment]
        batch.want(skeleton, path)
    batch.run()

    for text, (skeleton, members) in skeletons.items():
        assembled = assemble(batch.done[skeleton], members)
        if assembled is None:  # not the shape expected: black on the whole module
            batch.want(text, batch.paths[skeleton])
        else:
            batch.remember(text, assembled)
    batch.run()

    result = dict(files)
    for path, text in files.items():
        if text in batch.done:
            result[path] = batch.done[text]
    if store is not None:
        store.add(batch.new, batch.used)
    last_splits.save()
    return result


class _LastSplits:
    """Where the methods of the large modules split in the last edit-sized run were,
    so the next run finds a module's methods from its earlier version
    (``members.resplit``: the edited method alone is parsed) instead of parsing
    300 kB of a client module with ``ast`` again (40-60 ms a module).

    One entry in the format cache directory; written only by a run that split a
    few modules (a cold run splits them all: nothing worth keeping). An entry
    from any earlier version is safe to use: ``resplit`` checks what it reuses.
    """

    KEPT = 4  # an edited operation changes its resource's two client modules
    _KEY = cache.digest("last-splits", "1")

    def __init__(self, directory: Optional[Path]) -> None:
        self._directory = directory
        self._previous: Optional[dict[str, tuple[str, tuple]]] = None  # read on first use
        self._new: dict[str, tuple[str, tuple]] = {}

    def split(self, path: str, text: str) -> Optional[Split]:
        previous = self._load().get(path)
        found = resplit(previous[0], previous[1], text) if previous is not None else None
        if found is None:
            found = split_members(text)
        if found is not None:
            self._new[path] = (text, spans(found))
        return found

    def save(self) -> None:
        if self._directory is None or not self._new or len(self._new) > self.KEPT:
            return
        kept = dict(self._new)
        for path, entry in self._load().items():
            if len(kept) >= self.KEPT:
                break
            kept.setdefault(path, entry)
        payload = marshal.dumps([(path, text, list(where)) for path, (text, where) in kept.items()])
        cache.write_entry(self._directory, self._KEY, cache.digest(payload).encode("ascii") + payload)

    def _load(self) -> dict[str, tuple[str, tuple]]:
        if self._previous is None:
            self._previous = {}
            raw = cache.read_entry(self._directory, self._KEY) if self._directory is not None else None
            if raw is not None and len(raw) > 40 and cache.digest(raw[40:]) == raw[:40].decode("ascii", "replace"):
                try:
                    for path, text, where in marshal.loads(raw[40:]):
                        self._previous[path] = (text, tuple((int(a), int(b), bool(d)) for a, b, d in where))
                except (ValueError, EOFError, TypeError):
                    self._previous = {}
        return self._previous


class _Batch:
    """Sources to format, looked up in the cache first and formatted once each."""

    def __init__(
        self, cached: dict[str, str], formatter: str, line_length: int, black_child: "Optional[BlackChild]"
    ) -> None:
        self._cached = cached
        self._run = _run_ruff if formatter == "ruff" else _run_black
        if formatter == "black" and black_child is not None:
            self._run = black_child.run
        self._line_length = line_length
        self._jobs: list[Job] = []
        self.paths: dict[str, str] = {}  # source -> path it came from (for messages)
        self.done: dict[str, str] = {}  # source -> formatted
        self.new: dict[str, str] = {}  # cache key -> formatted, formatted in this run
        self.used: set[str] = set()  # cache keys read in this run
        self._docstrings: dict[str, Optional[str]] = {}  # docstring key -> formatted (None: wanted)
        self._docstrings_wanted: dict[int, dict[str, str]] = {}  # depth -> literal -> a path it is in
        self._docstring_stubs: list[tuple[int, tuple[str, ...], str]] = []  # (depth, literals, stub) sent to black

    def cached(self, source: str) -> Optional[str]:
        key = cache.digest(source)
        hit = self._cached.get(key)
        if hit is not None:
            self.used.add(key)
        return hit

    def want(self, source: str, path: str) -> None:
        if source in self.done or source in self.paths:
            return
        self.paths[source] = path
        hit = self.cached(source)
        if hit is not None:
            self.done[source] = hit
        else:
            self._jobs.append((cache.digest(source), path, source))

    def remember(self, source: str, formatted: str) -> None:
        """A result obtained without formatting ``source`` itself (assembled from members)."""
        self.done[source] = formatted
        self.new[cache.digest(source)] = formatted

    # Docstrings are cached one by one (by depth and literal, apart from sources)
    # and the uncached ones of a depth formatted together, in stubs of about
    # _DOCSTRINGS_PER_STUB characters so they still spread over the cores.

    def want_docstrings(self, hollow: Hollow, path: str) -> None:
        for depth, literal in zip(hollow.depths, hollow.docstrings):
            key = _docstring_key(depth, literal)
            if key in self._docstrings:
                continue
            hit = self._cached.get(key)
            if hit is not None:
                self.used.add(key)
                self._docstrings[key] = hit
            else:
                self._docstrings[key] = None
                self._docstrings_wanted.setdefault(depth, {})[literal] = path

    def want_docstring_stubs(self) -> None:
        """Before ``run``: the stubs that format the wanted docstrings."""
        for depth, literals in self._docstrings_wanted.items():
            for group in _docstring_groups(tuple(literals)):
                stub = docstring_stub(depth, group)
                self._docstring_stubs.append((depth, group, stub))
                self.want(stub, literals[group[0]])
        self._docstrings_wanted = {}

    def split_docstring_stubs(self) -> None:
        """After ``run``: each wanted docstring's formatted text, from its stub."""
        for depth, group, stub in self._docstring_stubs:
            formatted = split_docstring_stub(depth, len(group), self.done[stub])
            self.new.pop(cache.digest(stub), None)  # a stub is never wanted again as such
            for literal, text in zip(group, formatted or ()):
                key = _docstring_key(depth, literal)
                self._docstrings[key] = self.new[key] = text
        self._docstring_stubs = []

    def docstrings(self, hollow: Hollow) -> Optional[tuple[str, ...]]:
        """The formatted docstrings of ``hollow`` (None if one could not be formatted apart)."""
        found = tuple(self._docstrings.get(_docstring_key(d, s)) for d, s in zip(hollow.depths, hollow.docstrings))
        return None if None in found else found  # type: ignore[return-value]

    def run(self) -> None:
        if not self._jobs:
            return
        jobs, self._jobs = self._jobs, []
        formatted = self._run(jobs, self._line_length)
        for key, _, source in jobs:
            self.done[source] = formatted[key]
            self.new[key] = formatted[key]


_DOCSTRINGS_PER_STUB = 40_000


def _docstring_key(depth: int, literal: str) -> str:
    return cache.digest("docstring", str(depth), literal)


def _docstring_groups(literals: tuple[str, ...]) -> Iterable[tuple[str, ...]]:
    group: list[str] = []
    size = 0
    for literal in literals:
        if group and size + len(literal) > _DOCSTRINGS_PER_STUB:
            yield tuple(group)
            group, size = [], 0
        group.append(literal)
        size += len(literal)
    if group:
        yield tuple(group)


# --- black ----------------------------------------------------------------------------


def _black_one(job: Job, line_length: int) -> tuple[str, str, Optional[str]]:
    """(key, formatted, error message or None) for one job."""
    import black

    key, path, source = job
    try:
        return key, black.format_str(source, mode=_black_mode(line_length)), None
    except black.InvalidInput as exc:
        return key, source, f"internal error: generated {path} is not valid Python ({exc})"


@lru_cache(maxsize=4)
def _black_mode(line_length: int):  # type: ignore[no-untyped-def]
    import black

    return black.Mode(line_length=line_length)


def _black_chunk(args: tuple[list[Job], int]) -> list[tuple[str, str, Optional[str]]]:
    """Each job through black, with the cyclic collector run by hand.

    Black builds a syntax tree with parent links (reference cycles) for every
    source, so its allocations keep triggering the collector, whose passes also
    walk everything the process inherited (in a forked worker, writing to each
    object's header copies its page): a sixth of a worker's time on two cores.
    Here the collector is off and only the young generation (what black made
    since the last pass) is collected every ``_COLLECT_EVERY_CHARS`` of source,
    which bounds the garbage to about 15 MB.
    """
    jobs, line_length = args
    enabled = gc.isenabled()
    gc.disable()
    try:
        results = []
        since_collected = 0
        for job in jobs:
            results.append(_black_one(job, line_length))
            since_collected += len(job[2])
            if since_collected >= _COLLECT_EVERY_CHARS:
                gc.collect(0)
                since_collected = 0
        return results
    finally:
        if enabled:
            gc.enable()


def _run_black(jobs: list[Job], line_length: int) -> dict[str, str]:
    import black  # noqa: F401  (imported before forking, so workers inherit it)

    method = _start_method()
    workers = _pool_workers(jobs, _POOL_MIN_BYTES_FORK if method == "fork" else _POOL_MIN_BYTES_SPAWN)
    if workers > 1:
        results = _black_pool(jobs, line_length, workers, method)
    else:
        results = _black_chunk((jobs, line_length))
    return _checked(results)


def _pool_workers(jobs: list[Job], min_bytes: int) -> int:
    """How many processes should format ``jobs``: every core, or 1 when there is
    too little uncached source to pay for starting more."""
    workers = min(_cores(), len(jobs))
    return workers if workers > 1 and sum(len(source) for _, _, source in jobs) >= min_bytes else 1


def _checked(results: Iterable[tuple[str, str, Optional[str]]]) -> dict[str, str]:
    """Formatted text by cache key; the first error (in a stable order) raised."""
    results = list(results)
    errors = sorted(error for _, _, error in results if error is not None)
    if errors:
        raise SpecError(errors[0])
    return {key: formatted for key, formatted, _ in results}


def _black_pool(jobs: list[Job], line_length: int, workers: int, method: str) -> list[tuple[str, str, Optional[str]]]:
    import multiprocessing

    chunks = _balanced_chunks(jobs, workers * 4)
    context = multiprocessing.get_context(method)
    results: list[tuple[str, str, Optional[str]]] = []
    with context.Pool(workers, initializer=_worker_init) as pool:
        for chunk_results in pool.imap_unordered(_black_chunk, [(chunk, line_length) for chunk in chunks]):
            results.extend(chunk_results)
    return results


def _worker_init() -> None:
    # A forked worker shares the parent's heap copy-on-write; keep its garbage
    # collector off those pages (they never become garbage in the worker).
    import gc

    gc.freeze()


def _balanced_chunks(jobs: Sequence[Job], count: int) -> list[list[Job]]:
    """Largest first into the lightest chunk: even work per chunk, big files first."""
    chunks: list[list[Job]] = [[] for _ in range(max(1, min(count, len(jobs))))]
    sizes = [0] * len(chunks)
    for job in sorted(jobs, key=lambda j: len(j[2]), reverse=True):
        lightest = sizes.index(min(sizes))
        chunks[lightest].append(job)
        sizes[lightest] += len(job[2])
    order = sorted(range(len(chunks)), key=lambda i: sizes[i], reverse=True)
    return [chunks[i] for i in order if chunks[i]]


def _cores() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def _start_method() -> str:
    """``fork`` where it is safe (POSIX, no other threads), else ``spawn``."""
    import multiprocessing

    if "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1:
        return "fork"
    return "spawn"


# --- ruff -----------------------------------------------------------------------------


def ruff_binary() -> str:
    """Path of the ``ruff`` executable, from the ruff package or PATH."""
    try:
        from ruff.__main__ import find_ruff_bin  # type: ignore[import-not-found]

        return os.fsdecode(find_ruff_bin())
    except (ImportError, FileNotFoundError):
        pass
    import shutil

    found = shutil.which("ruff")
    if found:
        return found
    raise SpecError("formatter 'ruff' needs ruff: pip install ruff (or use formatter black or none)")


def _run_ruff(jobs: list[Job], line_length: int) -> dict[str, str]:
    """Format through ``ruff format`` on a temporary directory, in a few calls that
    overlap: each call starts as soon as its files are written and formats while
    the next ones are written (OpenAI's 3,600 files: writing them takes about as
    long as ruff's formatting, which is parallel inside ruff)."""
    binary = ruff_binary()
    results: dict[str, str] = {}
    import tempfile  # here, like subprocess: only ruff needs them

    per_call = max(_RUFF_MIN_FILES_PER_CALL, min(_RUFF_FILES_PER_CALL, -(-len(jobs) // _RUFF_CALLS)))
    with tempfile.TemporaryDirectory(prefix="sdkforge-ruff-", dir=_fast_temp_dir()) as temp:
        names: dict[str, str] = {}
        calls: list[tuple[list[str], Any]] = []
        try:
            for start in range(0, len(jobs), per_call):
                batch = []
                for key, path, source in jobs[start : start + per_call]:
                    name = f"{key}.py"
                    names[name] = path
                    batch.append(name)
                    with open(os.path.join(temp, name), "w", encoding="utf-8", newline="") as handle:
                        handle.write(source)
                calls.append((batch, _start_ruff(binary, temp, batch, line_length)))
            for batch, proc in calls:  # a call's files are read while the later calls still run
                _ruff_finished(proc, {name: names[name] for name in batch})
                for name in batch:
                    with open(os.path.join(temp, name), encoding="utf-8", newline="") as handle:
                        results[name[:-3]] = handle.read()
        finally:
            for _, proc in calls:
                if proc.poll() is None:
                    proc.kill()
                    proc.communicate()
    return results


def _start_ruff(binary: str, cwd: str, names: list[str], line_length: int) -> Any:
    import subprocess

    command = [binary, "format", "--isolated", "--no-cache", "--line-length", str(line_length), *names]
    try:
        return subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    except OSError as exc:
        raise SpecError(f"cannot run ruff ({binary}): {exc}") from None


def _ruff_finished(proc: Any, paths: dict[str, str]) -> None:
    """Wait for one ``ruff format`` call; its failure as a SpecError naming the generated file."""
    stdout, stderr = proc.communicate()
    if proc.returncode != 0:
        message = stderr.strip() or stdout.strip() or f"exit code {proc.returncode}"
        for name, path in paths.items():
            if name in message:
                first = next(line for line in message.splitlines() if name in line)
                raise SpecError(f"internal error: generated {path} is not valid Python ({first.replace(name, path)})")
        raise SpecError(f"ruff format failed: {message.splitlines()[0]}")


def _fast_temp_dir() -> Optional[str]:
    """A RAM-backed directory for ruff's input when there is one (thousands of files)."""
    shm = "/dev/shm"
    if os.environ.get("TMPDIR") is None and os.path.isdir(shm) and os.access(shm, os.W_OK):
        return shm
    return None


# --- shared ---------------------------------------------------------------------------


@lru_cache(maxsize=4)
def _tool_version(formatter: str) -> str:
    version = cache.installed_version(formatter)
    if version is not None:
        return version
    if formatter == "ruff":
        import subprocess

        proc = subprocess.run([ruff_binary(), "--version"], capture_output=True, text=True)
        return proc.stdout.strip().rsplit(" ", 1)[-1] or "unknown"
    return "unknown"


@lru_cache(maxsize=1)
def _known_formatted() -> frozenset[str]:
    """Texts shipped already formatted: the runtime core, copied verbatim into every SDK."""
    from .render import CORE_DIR_NAME, TEMPLATES_DIR

    return frozenset(p.read_text(encoding="utf-8") for p in sorted((TEMPLATES_DIR / CORE_DIR_NAME).glob("*.py")))


def core_texts() -> Iterable[str]:
    """The runtime core files treated as already formatted (for tests)."""
    return _known_formatted()


if sys.platform == "win32":  # pragma: no cover - spawn is the only start method there
    _POOL_MIN_BYTES_FORK = _POOL_MIN_BYTES_SPAWN

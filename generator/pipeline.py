"""load → validate → IR → render → format: the whole generator as one call.

Speed, by design (benchmarks/README.md has the numbers):

* **Whole-run cache.** The result of a run — every output file and every
  warning — is a pure function of the spec's bytes, the options, the
  templates, the generator's own source and the installed libraries. All of
  those are hashed (milliseconds) and the result is kept in the cache
  directory (``generator.cache``), one entry per spec path and options, so a
  run on an unchanged spec skips loading, validating, parsing, rendering and
  formatting entirely, and imports none of yaml, jinja2, black or the
  validator. What is on disk is still compared file by file by the writer,
  so edited or deleted output files are restored exactly as before.
* **Validation off the critical path.** openapi-spec-validator runs in a
  forked child (``validate.start_validation(background=True)``) while this
  process parses, renders and formats; its result is joined before anything
  is returned, so its findings are honoured as before: ``--strict`` turns them
  into an error and nothing is written.
* **No cyclic GC while the IR and the files are built**: they create millions
  of objects and no garbage cycles worth collecting.
"""

from __future__ import annotations

import marshal
import os
import re
import sys
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Optional

from . import cache
from .config import DEFAULT_LINE_LENGTH
from .errors import SpecError

if TYPE_CHECKING:
    from . import ir
    from .errors import Location
    from .loader import Document
    from .black_child import BlackChild
    from .render import RenderCache
    from .validate import EarlyValidation

_RUN_CACHE_FORMAT = "1"
_RENDER_CACHE_FORMAT = "1"
_GENERATOR_DIR = Path(__file__).resolve().parent


class Generated:
    """Every output file and warning of one run; ``api`` (the IR) is built on demand
    when the result came from the whole-run cache."""

    __slots__ = ("files", "warnings", "_api", "_api_factory")

    def __init__(
        self,
        files: dict[str, str],
        warnings: tuple[str, ...],
        api: "Optional[ir.Api]" = None,
        api_factory: "Optional[Callable[[], ir.Api]]" = None,
    ) -> None:
        self.files = files
        self.warnings = warnings
        self._api = api
        self._api_factory = api_factory

    @property
    def api(self) -> "ir.Api":
        if self._api is None:
            assert self._api_factory is not None
            self._api = self._api_factory()
        return self._api

    def __repr__(self) -> str:
        return f"Generated({len(self.files)} files, {len(self.warnings)} warnings)"


def generate(
    spec_path: Path,
    package: str,
    *,
    strict: bool = False,
    template_dirs: tuple[Path, ...] = (),
    line_length: int = DEFAULT_LINE_LENGTH,
    formatter: str = "black",
    cache_dir: Optional[Path] = None,
) -> Generated:
    """Every output file for ``spec_path``, formatted, in memory.

    Validator findings are warnings unless ``strict``; problems the generator
    itself cannot get past raise ``SpecError`` either way.
    """
    template_dirs = tuple(template_dirs)
    options = (spec_path, package, strict, template_dirs, line_length, formatter)
    slot = _RunCache.slot(*options, cache_dir)  # None when caching is off
    seen_before = slot is not None and slot.exists()  # has a run with this cache generated this spec?
    # Black's import (0.2 s) happens in a child, while this process loads, parses and
    # renders. For a spec the cache has not seen it starts before anything else: on a
    # small spec the run waits for it (its first 0.1 s used one core). Otherwise the
    # run cache is asked first, since a run it answers needs no black.
    black_child = _start_black_child(formatter) if not seen_before else None
    try:
        run_cache = _RunCache.open(slot, *options) if slot is not None else None
        if run_cache is not None and seen_before:
            hit = run_cache.read()
            if hit is not None:
                files, warnings = hit
                return Generated(files, warnings, api_factory=lambda: _build_api_only(spec_path, package, cache_dir))
        if black_child is None:
            black_child = _start_black_child(formatter)

        from .validate import start_validation_early

        lap = _stage_timer()
        # The validator's child starts next, before this process imports the rest of
        # the generator: importing the validator takes longer than loading a small spec.
        early = start_validation_early(spec_path, cache_dir=cache_dir)
        result = _generate_uncached(
            spec_path, package, strict=strict, template_dirs=template_dirs, line_length=line_length,
            formatter=formatter, cache_dir=cache_dir, early=early, black_child=black_child, lap=lap,
            seen_before=seen_before,
        )
    finally:
        if black_child is not None:
            black_child.close()
    if run_cache is not None:
        run_cache.write(result.files, result.warnings)
    return result


def _start_black_child(formatter: str) -> "Optional[BlackChild]":
    if formatter != "black":
        return None
    from .black_child import BlackChild  # here: a run the run cache answers imports no more than it needs

    return BlackChild.start()


def _generate_uncached(
    spec_path: Path,
    package: str,
    *,
    strict: bool,
    template_dirs: tuple[Path, ...],
    line_length: int,
    formatter: str,
    cache_dir: Optional[Path],
    early: "Optional[EarlyValidation]",
    black_child: "Optional[BlackChild]",
    lap: Callable[[str], None],
    seen_before: bool = False,
) -> Generated:
    """``generate`` past the whole-run cache, with the children it started."""
    from .formatting import format_files
    from .loader import _gc_paused, load_document
    from .render import TEMPLATES_DIR, render
    from .validate import start_validation

    try:
        doc = load_document(spec_path, cache_dir=cache_dir)
    except BaseException:
        if early is not None:
            early.cancel()
        raise
    lap("load")
    validation = early.attach(doc) if early is not None else start_validation(doc, cache_dir=cache_dir, background=True)
    try:
        try:
            with _gc_paused():
                api = _build_api(doc, package, cache_dir, remember=seen_before)
            lap("parse")
        except SpecError as exc:
            problems = validation.result()
            _raise_if_strict(strict, problems)
            others = [f"{loc}: {msg}" for loc, msg in problems if f"{loc}: {msg}" != str(exc)]
            if others:
                exc.message = f"{exc.message}\n  the validator also reports: {'; '.join(others[:5])}"
            raise
        try:
            with _gc_paused():
                files = render(api, template_dirs + (TEMPLATES_DIR,), _render_cache(template_dirs, cache_dir))
            lap("render")
            formatted = format_files(
                files, line_length=line_length, formatter=formatter, cache_dir=cache_dir, black_child=black_child
            )
            lap("format")
        except SpecError:
            _raise_if_strict(strict, validation.result())
            raise
        problems = validation.result()
        lap("validation joined")
    finally:
        validation.cancel()  # only does something when an unexpected error got here first
    _raise_if_strict(strict, problems)
    validator_warnings = tuple(f"{location}: warning: {message}" for location, message in problems)
    return Generated(formatted, validator_warnings + api.warnings, api=api)


def _build_api(doc: "Document", package: str, cache_dir: Optional[Path], *, remember: bool) -> "ir.Api":
    """The IR, patched from the previous version's when an edit allows (``generator.last_api``)."""
    from . import last_api
    from .parser import build_api

    root = cache.cache_root(cache_dir)
    if root is None or len(doc.text) < last_api.MIN_CHARS:
        return build_api(doc, package)
    try:
        environment = cache.digest(_generator_digest(), _environment_digest())
    except OSError:
        return build_api(doc, package)
    return last_api.LastApi(root, doc, package, environment).build(remember=remember)


def _render_cache(template_dirs: tuple[Path, ...], cache_dir: Optional[Path]) -> "Optional[RenderCache]":
    """The render cache, for the built-in templates only (an overriding template may read anything)."""
    from .render import RenderCache

    root = cache.cache_root(cache_dir)
    if root is None or template_dirs:
        return None
    try:
        environment = cache.digest(
            _RENDER_CACHE_FORMAT, _generator_digest(), _environment_digest(), _templates_digest(())
        )
    except OSError:
        return None
    return RenderCache(root / "render", environment)


def _stage_timer() -> Callable[[str], None]:
    """``SDKFORGE_TIMINGS=1``: seconds per stage on stderr (for profiling; see benchmarks/README.md)."""
    if os.environ.get("SDKFORGE_TIMINGS", "").strip() in ("", "0"):
        return lambda stage: None
    import time

    last = [time.perf_counter()]

    def lap(stage: str) -> None:
        now = time.perf_counter()
        print(f"sdkforge: timing: {stage}: {now - last[0]:.2f} s", file=sys.stderr)
        last[0] = now

    return lap


def _raise_if_strict(strict: bool, problems: "list[tuple[Location, str]]") -> None:
    if strict and problems:
        location, message = problems[0]
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise SpecError(f"{message}{more}", location)


def _build_api_only(spec_path: Path, package: str, cache_dir: Optional[Path]) -> "ir.Api":
    from .loader import load_document
    from .parser import build_api

    return build_api(load_document(spec_path, cache_dir=cache_dir), package)


# --- the whole-run cache -------------------------------------------------------------------

# A reference to another document makes the output depend on more than the
# spec's bytes: whatever such a reference names (a relative path, read or not
# by the generator) is hashed into the key too; a URL turns the cache off.
_REF_VALUE = re.compile(rb"""\$ref["']?\s*:\s*["']?([^"'\s#,}\]]*)""")


def _referenced_files_digest(spec_path: Path, spec_bytes: bytes) -> Optional[str]:
    """Digest of every document the spec's ``$ref`` values name, and of those
    documents' own references, transitively; None when one names a URL."""
    parts: list[bytes] = []
    seen: set[Path] = set()
    pending: list[tuple[Path, bytes]] = [(spec_path, spec_bytes)]
    while pending:
        source, data = pending.pop()
        for target in sorted({m.group(1) for m in _REF_VALUE.finditer(data) if m.group(1)}):
            if b"://" in target:
                return None
            try:
                path = (source.parent / os.fsdecode(target)).resolve()
            except (OSError, ValueError, RuntimeError):
                return None
            if path in seen:
                continue
            seen.add(path)
            parts.append(os.fsencode(str(path)))
            try:
                content = path.read_bytes()
            except (OSError, ValueError):
                parts.append(b"\0missing")
                continue
            parts.append(content)
            pending.append((path, content))
    return cache.digest(*parts)


def _run_options(
    spec_path: Path, package: str, strict: bool, template_dirs: tuple[Path, ...], line_length: int, formatter: str
) -> str:
    return repr((str(spec_path), package, bool(strict), [str(d) for d in template_dirs], line_length, formatter))


class _RunCache:
    """One entry per (spec path, package, options): the latest run's files and warnings.

    The entry holds the full key (a digest of every input of the run) and is
    only used when that key matches; a digest of the payload guards against a
    torn or corrupt file. Keeping one entry per slot bounds the cache's size
    however often a spec is edited.
    """

    def __init__(self, path: Path, key: str) -> None:
        self.path = path
        self.key = key

    @classmethod
    def open(
        cls,
        path: Path,
        spec_path: Path,
        package: str,
        strict: bool,
        template_dirs: tuple[Path, ...],
        line_length: int,
        formatter: str,
    ) -> "Optional[_RunCache]":
        """The entry at ``path`` (its ``slot``) with the key of the run's inputs."""
        try:
            spec_bytes = spec_path.read_bytes()
        except OSError:
            return None  # the loader reports it
        referenced = _referenced_files_digest(spec_path, spec_bytes)
        if referenced is None:
            return None
        try:
            templates = _templates_digest(template_dirs)
        except OSError:
            return None
        key = cache.digest(
            _RUN_CACHE_FORMAT,
            _run_options(spec_path, package, strict, template_dirs, line_length, formatter),
            _generator_digest(),
            _environment_digest(),
            _formatter_digest(formatter),
            _relevant_environment(),
            templates,
            spec_bytes,
            referenced,
        )
        return cls(path, key)

    @staticmethod
    def slot(
        spec_path: Path,
        package: str,
        strict: bool,
        template_dirs: tuple[Path, ...],
        line_length: int,
        formatter: str,
        cache_dir: Optional[Path],
    ) -> Optional[Path]:
        """Where the entry of these options is kept (one per spec path and options;
        cheap: no digest of the inputs); None when caching is off."""
        root = cache.cache_root(cache_dir)
        if root is None:
            return None
        slot = cache.digest(_RUN_CACHE_FORMAT, _run_options(spec_path, package, strict, template_dirs, line_length, formatter))
        return root / "runs" / slot[:2] / slot[2:]

    def read(self) -> Optional[tuple[dict[str, str], tuple[str, ...]]]:
        try:
            raw = self.path.read_bytes()
        except OSError:
            return None
        if len(raw) < 80 or raw[:40].decode("ascii", "replace") != self.key:
            return None
        if cache.digest(raw[80:]) != raw[40:80].decode("ascii", "replace"):
            return None
        try:
            files, warnings = marshal.loads(raw[80:])
        except (ValueError, EOFError, TypeError):
            return None
        if not isinstance(files, dict) or not isinstance(warnings, tuple):
            return None
        return files, warnings

    def write(self, files: dict[str, str], warnings: tuple[str, ...]) -> None:
        try:
            payload = marshal.dumps((files, tuple(warnings)))
        except ValueError:
            return
        cache.write_entry(
            self.path.parent.parent,
            self.path.parent.name + self.path.name,
            self.key.encode("ascii") + cache.digest(payload).encode("ascii") + payload,
        )


def _tree_digest(directory: Path) -> str:
    """Names and contents of every file below ``directory`` (sorted, ``__pycache__`` skipped)."""
    parts: list[bytes] = []
    for current, dirs, names in os.walk(directory):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(names):
            full = os.path.join(current, name)
            parts.append(os.path.relpath(full, directory).encode("utf-8", "surrogateescape"))
            with open(full, "rb") as handle:
                parts.append(handle.read())
    return cache.digest(*parts)


def _templates_digest(template_dirs: tuple[Path, ...]) -> str:
    # render.TEMPLATES_DIR, without importing jinja2 on the cached path
    builtin = _GENERATOR_DIR / "templates" if (_GENERATOR_DIR / "templates").is_dir() else _GENERATOR_DIR.parent / "templates"
    return cache.digest(*(_tree_digest(d) for d in template_dirs + (builtin,)))


@lru_cache(maxsize=1)
def _generator_digest() -> str:
    """The generator's own source: any change to the code invalidates every run entry."""
    parts: list[bytes] = []
    for path in sorted(_GENERATOR_DIR.glob("*.py")):
        parts.append(path.name.encode("utf-8"))
        parts.append(path.read_bytes())
    return cache.digest(*parts)


@lru_cache(maxsize=1)
def _environment_digest() -> str:
    """The interpreter and every installed distribution with its version (the names
    of ``*.dist-info`` directories): a library upgrade invalidates every run entry."""
    names: list[str] = [sys.version]
    for entry in sys.path:
        try:
            listing = os.listdir(entry or ".")
        except OSError:
            continue
        names.append(entry)
        names.extend(sorted(n for n in listing if n.endswith((".dist-info", ".egg-info", ".egg-link", ".pth"))))
    return cache.digest(*names)


def _formatter_digest(formatter: str) -> str:
    """The ruff binary in use (ruff may come from PATH rather than a distribution)."""
    if formatter != "ruff":
        return formatter
    from .formatting import ruff_binary

    try:
        binary = ruff_binary()
        info = os.stat(binary)
    except (SpecError, OSError):
        return "ruff-missing"
    return f"ruff:{binary}:{info.st_size}:{info.st_mtime_ns}"


def _relevant_environment() -> str:
    """Environment variables that change what a run produces."""
    names = sorted(n for n in os.environ if n.startswith(("OPENAPI_SPEC_VALIDATOR_", "SDKFORGE_NATIVE")))
    return repr([(n, os.environ[n]) for n in names])

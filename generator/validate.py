"""Check a spec with openapi-spec-validator and locate each finding in the source.

Validation is one of the slowest stages (seconds on a large spec, plus about
0.5 s to import the validator), so its findings are cached by a hash of the
parsed document in the persistent cache directory (``generator.cache``): an
unchanged spec is not validated again, and the validator is not even imported.
``start_validation(..., background=True)`` validates in a forked child while
the caller goes on parsing and rendering.

While it runs, repeated crawls of the same ``referencing`` registry are
memoised (the validator re-crawls an unchanged registry for every
``$dynamicRef`` of the OpenAPI 3.1 meta-schema, a third of its time), and
schemas that passed the dialect meta-schema check in an earlier run are not
checked again (two thirds of a large 3.1 spec's validation), so a spec with one
operation changed re-checks only that operation's schemas.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import json
import os
import pickle
import threading
from pathlib import Path
from typing import Any, Iterator, Optional

from . import cache
from .errors import Location, PathPart
from .loader import Document

_CACHE_FORMAT = "1"
Finding = tuple[tuple[PathPart, ...], str]


def find_problems(doc: Document, *, cache_dir: Optional[Path] = None) -> list[tuple[Location, str]]:
    """Each validator finding with its file, line and JSON path."""
    return start_validation(doc, cache_dir=cache_dir).result()


class PendingValidation:
    """Validation that may still be running in a forked child: ``result()`` joins it.

    ``start_validation`` returns at once: with the cached findings, or with a
    child process validating while the caller parses, renders and formats
    (the validator is pure Python and single-threaded, so on a machine with
    two cores or more this hides its time). Where forking is unsafe or
    unavailable, ``result()`` validates in-process.
    """

    def __init__(self, doc: Document, root: Optional[Path], key: Optional[str], findings: Optional[list[Finding]]):
        self._doc = doc
        self._root = root
        self._key = key
        self._findings = findings
        self._child: Optional[tuple[int, int]] = None  # (pid, read end of the pipe)
        self._problems: Optional[list[tuple[Location, str]]] = None

    def _fork(self) -> None:
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # child: validate, send the findings as JSON, leave without cleanup
            status = 1
            try:
                os.close(read_end)
                gc.freeze()  # the parent's heap stays shared, not copied
                payload = json.dumps(_validate(self._doc.data, self._root)).encode("utf-8")
                with os.fdopen(write_end, "wb") as pipe:
                    pipe.write(payload)
                status = 0
            finally:
                os._exit(status)
        os.close(write_end)
        self._child = (pid, read_end)

    def _join(self) -> Optional[list[Finding]]:
        assert self._child is not None
        pid, read_end = self._child
        self._child = None
        with os.fdopen(read_end, "rb") as pipe:
            payload = pipe.read()
        _, status = os.waitpid(pid, 0)
        if status != 0:
            return None
        try:
            return [(tuple(path), str(message)) for path, message in json.loads(payload)]
        except (ValueError, TypeError):
            return None

    def result(self) -> list[tuple[Location, str]]:
        if self._problems is None:
            findings = self._findings
            if findings is None and self._child is not None:
                findings = self._join()
            if findings is None:
                findings = _validate(self._doc.data, self._root)
            if self._findings is None and self._root is not None and self._key is not None:
                cache.write_entry(self._root / "validate", self._key, json.dumps(findings).encode("utf-8"))
            self._findings = findings
            self._problems = [(self._doc.location(path), message) for path, message in findings]
        return self._problems


def start_validation(
    doc: Document, *, cache_dir: Optional[Path] = None, background: bool = False
) -> PendingValidation:
    """Begin validating ``doc``; ``background`` runs it in a forked child where safe."""
    version = str(doc.data.get("openapi", ""))
    if not (version.startswith("3.1") or version.startswith("3.0")):
        return PendingValidation(doc, None, None, [(("openapi",), "missing or unsupported 'openapi' version")])
    root = cache.cache_root(cache_dir)
    key = _cache_key(doc.data) if root is not None else None
    findings = _read_cached(root, key) if root is not None and key is not None else None
    pending = PendingValidation(doc, root, key, findings)
    if findings is None and background and _can_fork():
        pending._fork()
    return pending


def _can_fork() -> bool:
    return hasattr(os, "fork") and threading.active_count() == 1


def _validate(data: Any, root: Optional[Path] = None) -> list[Finding]:
    validator_class = _validator_class(data)
    findings: list[Finding] = []
    try:
        with _memoised_crawls(), _remembered_schema_checks(root):
            for error in validator_class(data).iter_errors():
                findings.append((tuple(getattr(error, "absolute_path", ()) or ()), _message(error)))
    except Exception as exc:  # the validator gives up on some documents (broken refs)
        findings.append(_validator_failure(data, exc))
    return findings


def _validator_failure(data: Any, exc: Exception) -> Finding:
    """Locate a reference the validator could not follow, else the document."""
    ref = getattr(exc, "ref", None)
    if isinstance(ref, str):
        target = ref if ref.startswith("#") else "#" + ref
        path = _find_ref(data, target)
        if path is not None:
            return path + ("$ref",), f"reference {target} does not resolve"
    return (), f"validation stopped: {_message(exc)}"


def _find_ref(node: Any, target: str, path: tuple = ()) -> Optional[tuple]:
    if isinstance(node, dict):
        if node.get("$ref") == target:
            return path
        children = node.items()
    elif isinstance(node, list):
        children = enumerate(node)
    else:
        return None
    for key, child in children:
        found = _find_ref(child, target, path + (key,))
        if found is not None:
            return found
    return None


def _validator_class(data: Any) -> Any:
    from openapi_spec_validator import OpenAPIV30SpecValidator, OpenAPIV31SpecValidator

    version = str(data.get("openapi", ""))
    if version.startswith("3.1"):
        return OpenAPIV31SpecValidator
    if version.startswith("3.0"):
        return OpenAPIV30SpecValidator
    return None


def _message(error: Any) -> str:
    message = str(getattr(error, "message", error))
    first_line = message.splitlines()[0] if message else "invalid"
    return first_line if len(first_line) <= 300 else first_line[:297] + "..."


# --- cache ----------------------------------------------------------------------------


def _cache_key(data: Any) -> Optional[str]:
    """Hash of the parsed document and of the validator's versions; None if unhashable."""
    blob = _canonical(data)
    return None if blob is None else cache.digest(_CACHE_FORMAT, _validator_versions(), blob)


def _canonical(value: Any) -> Optional[bytes]:
    """Bytes that only equal values give (pickle, unlike marshal, ignores refcounts and interning)."""
    try:
        return pickle.dumps(value, protocol=4)
    except Exception:
        return None


@functools.lru_cache(maxsize=1)
def _validator_versions() -> str:
    from importlib import metadata

    names = ("openapi-spec-validator", "openapi-schema-validator", "jsonschema", "jsonschema-path", "referencing")
    versions = []
    for name in names:
        try:
            versions.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{name}=?")
    return ";".join(versions)


def _read_cached(root: Path, key: str) -> Optional[list[Finding]]:
    raw = cache.read_entry(root / "validate", key)
    if raw is None:
        return None
    try:
        return [(tuple(path), str(message)) for path, message in json.loads(raw)]
    except (ValueError, TypeError):
        return None


# --- speed ----------------------------------------------------------------------------


@contextlib.contextmanager
def _memoised_crawls() -> Iterator[None]:
    """Crawl each ``referencing`` registry once while validating.

    ``Registry`` is immutable, so ``crawl()`` of the same registry always gives
    an equal result; the validator nonetheless calls it on the same uncrawled
    registry for every dynamic anchor it resolves. Without ``referencing`` (or
    with a version lacking these attributes) this does nothing.
    """
    try:
        from referencing import _core
    except ImportError:
        yield
        return
    registry_class = getattr(_core, "Registry", None)
    original = getattr(registry_class, "crawl", None)
    if original is None or "_uncrawled" not in getattr(registry_class, "__slots__", ()):
        yield
        return
    memo: dict[int, tuple[Any, Any]] = {}  # id -> (registry, crawled); lives for one run

    def crawl(self: Any) -> Any:
        if not self._uncrawled:
            return original(self)
        hit = memo.get(id(self))
        if hit is not None and hit[0] is self:
            return hit[1]
        result = original(self)
        memo[id(self)] = (self, result)
        return result

    registry_class.crawl = crawl
    try:
        yield
    finally:
        registry_class.crawl = original
        memo.clear()


@contextlib.contextmanager
def _remembered_schema_checks(root: Optional[Path]) -> Iterator[None]:
    """Remember, across runs, which schemas passed the dialect meta-schema check.

    The validator checks every schema object of the spec against the OpenAPI
    schema dialect: two thirds of the validation of a large 3.1 spec. The check
    is a pure function of the schema's content (and the libraries' versions),
    so a schema that passed once is not checked again: when one operation of a
    big spec changes, only its schemas are. Failures are never remembered.
    """
    try:
        from openapi_spec_validator.validation import keywords
    except ImportError:
        yield
        return
    schema_class = getattr(keywords, "SchemaValidator", None)
    original = getattr(schema_class, "_validate_schema_meta", None)
    if root is None or original is None:
        yield
        return
    store = cache.PackStore(root / "validate-schemas" / cache.digest(_CACHE_FORMAT, _validator_versions())[:16])
    passed = store.load()
    used: set[str] = set()
    new: dict[str, str] = {}

    def check(self: Any, schema: Any, schema_value: Any) -> Any:
        blob = _canonical(schema_value)
        if blob is None:
            return original(self, schema, schema_value)
        key = cache.digest(type(self).__name__, blob)
        if key in passed or key in new:
            used.add(key)
            return None
        error = original(self, schema, schema_value)
        if error is None:
            new[key] = ""
        return error

    schema_class._validate_schema_meta = check
    try:
        yield
    finally:
        schema_class._validate_schema_meta = original
        store.add(new, used)

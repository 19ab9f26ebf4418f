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
import marshal
import os
import pickle
from pathlib import Path
from typing import Any, Iterator, NamedTuple, Optional

from . import cache, edits, forked
from .errors import Location, PathPart
from .loader import Document

_CACHE_FORMAT = "3"  # 2: per-schema findings located in the document; 3: additionalProperties errors in instance order
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
        self._expect_text: Optional[str] = None  # digest of the text an early child must have validated
        self._resolved = False
        self._problems: Optional[list[tuple[Location, str]]] = None

    def _fork(self) -> None:
        def work() -> bytes:  # in the child
            gc.freeze()  # the parent's heap stays shared, not copied
            _lighter_validator_imports()
            return json.dumps(_validate(self._doc.data, self._root)).encode("utf-8")

        self._child = forked.start(work)

    def _join(self) -> Optional[list[Finding]]:
        assert self._child is not None
        payload = forked.result(self._child)
        self._child = None
        if payload is None:
            return None
        try:
            raw = json.loads(payload)
            if self._expect_text is not None:  # an early child read the spec itself: the same text?
                if raw.get("text") != self._expect_text:
                    return None
                raw = raw["findings"]
            return [(tuple(path), str(message)) for path, message in raw]
        except (ValueError, TypeError, AttributeError, KeyError):
            return None

    def cancel(self) -> None:
        """Stop a child still validating (the caller gave up); no-op otherwise."""
        if self._child is not None:
            child, self._child = self._child, None
            forked.cancel(child)

    def findings(self) -> list[Finding]:
        """The findings as (JSON path, message), not yet located in the source."""
        if not self._resolved:
            findings = self._findings
            if findings is None and self._child is not None:
                findings = self._join()
            if findings is None:
                findings = _validate(self._doc.data, self._root)
            if self._findings is None and self._root is not None and self._key is not None:
                cache.write_entry(self._root / "validate", self._key, json.dumps(findings).encode("utf-8"))
                _remember_last(self._root, self._doc, findings)
            self._findings = findings
            self._resolved = True
        return self._findings or []

    def result(self) -> list[tuple[Location, str]]:
        if self._problems is None:
            self._problems = [(self._doc.location(path), message) for path, message in self.findings()]
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
    if findings is None and background and forked.can_fork():
        pending._fork()
    return pending


class EarlyValidation:
    """A child forked before the spec is even loaded (``start_validation_early``).

    It imports openapi-spec-validator (half a second) while the caller loads
    and parses, reads and validates the spec itself, and reports its findings
    with a digest of the text it read; ``attach(doc)`` gives the caller's
    ``PendingValidation``, which falls back to validating in-process if the
    child failed or read a different text.
    """

    def __init__(self, pid: int, read_end: int, loaded: int) -> None:
        self._child: Optional[tuple[int, int]] = (pid, read_end)
        self._settled: Optional[CarriedOver] = None
        self._loaded: Optional[int] = loaded  # write end of the "loaded" pipe (see start_validation_early)

    def _release(self, *, loaded: bool) -> None:
        """Tell the child the spec is loaded (or close the pipe unsaid)."""
        if self._loaded is not None:
            try:
                if loaded:
                    os.write(self._loaded, b"L")
            finally:
                os.close(self._loaded)
                self._loaded = None

    @classmethod
    def settled(cls, carried: "CarriedOver") -> "EarlyValidation":
        """Findings known without validating (see ``_carried_over``)."""
        early = cls.__new__(cls)
        early._child, early._settled, early._loaded = None, carried, None
        return early

    def attach(self, doc: Document) -> PendingValidation:
        if self._settled is not None:
            carried = self._settled
            if cache.digest(doc.text) != carried.text_digest or not edits.holds(doc.data, carried.changed):
                # the file changed in between, or the edit was misread
                return start_validation(doc, cache_dir=carried.cache_dir, background=True)
            if carried.root is not None:
                _remember_last(carried.root, doc, carried.findings)  # the next edit is compared with this text
            return PendingValidation(doc, None, None, carried.findings)
        assert self._child is not None
        self._release(loaded=True)
        pending = PendingValidation(doc, None, None, None)
        pending._child, self._child = self._child, None
        pending._expect_text = cache.digest(doc.text)
        return pending

    def cancel(self) -> None:
        self._release(loaded=False)
        if self._child is not None:
            pending = PendingValidation(None, None, None, None)  # type: ignore[arg-type]
            pending._child, self._child = self._child, None
            pending.cancel()


def start_validation_early(spec_path: Path, *, cache_dir: Optional[Path] = None) -> Optional[EarlyValidation]:
    """Fork a child that validates ``spec_path`` on its own (None where forking is unsafe);
    no child when the findings of the file's previous version carry over (``generator.edits``)."""
    carried = _carried_over(spec_path, cache_dir)
    if carried is not None:
        return EarlyValidation.settled(carried)
    if not forked.can_fork():
        return None

    # The child loads the spec only once the parent has: the parent's load fills the
    # parse cache, so the child reads it back instead of parsing the YAML a second
    # time on the other core (OpenAI cold: 0.8 s of CPU the parent's render and
    # format then have). A parent that fails never says so and ends the child.
    loaded_read, loaded_write = os.pipe()

    def work() -> bytes:  # in the child: warm up, load, validate (cache included), send findings + text digest
        os.close(loaded_write)
        _lighter_validator_imports()
        _validator_class({"openapi": "3.1"})  # the import, while the parent loads the spec
        from .loader import load_document

        os.read(loaded_read, 1)
        doc = load_document(spec_path, cache_dir=cache_dir)
        findings = start_validation(doc, cache_dir=cache_dir).findings()  # cache read or validation + write
        return json.dumps({"text": cache.digest(doc.text), "findings": findings}).encode("utf-8")

    try:
        pid, read_end = forked.start(work)
    except BaseException:
        os.close(loaded_write)
        raise
    finally:
        os.close(loaded_read)
    return EarlyValidation(pid, read_end, loaded_write)


# --- the previous version's findings -----------------------------------------------------
#
# Per spec file, the text last validated and its findings; when the new text only
# rewrote documentation strings (``generator.edits``), the findings carry over and
# the validator is not even imported.


def _last_slot(root: Path, spec_path: Path) -> tuple[Path, str]:
    return root / "validate-last", cache.digest(_CACHE_FORMAT, _validator_versions(), str(spec_path.absolute()))


def _remember_last(root: Path, doc: Document, findings: list[Finding]) -> None:
    if doc is not None and not doc.origins:
        _remember_text(root, doc.path, doc.text, findings)


def _remember_text(root: Path, spec_path: Path, text: str, findings: list[Finding]) -> None:
    if len(text) < _CARRY_OVER_MIN_CHARS:
        return
    try:
        payload = marshal.dumps((text, [(list(path), message) for path, message in findings]))
    except ValueError:
        return
    cache.write_entry(*_last_slot(root, spec_path), cache.digest(payload).encode("ascii") + payload)


class CarriedOver(NamedTuple):
    """The findings of a spec's last validated version, which hold for its current text."""

    text_digest: str
    findings: list[Finding]
    changed: dict  # the edited strings by JSON path, for ``edits.holds``
    cache_dir: Optional[Path]
    root: Optional[Path]  # where the text is remembered once the parsed text confirms the edit


def _carried_over(spec_path: Path, cache_dir: Optional[Path]) -> Optional[CarriedOver]:
    """The last validated version's findings, when they hold for the spec's text."""
    root = cache.cache_root(cache_dir)
    if root is None:
        return None
    try:
        text = spec_path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    if len(text) < _CARRY_OVER_MIN_CHARS:
        return None
    raw = cache.read_entry(*_last_slot(root, spec_path))
    if raw is None or len(raw) < 40 or cache.digest(raw[40:]) != raw[:40].decode("ascii", "replace"):
        return None
    try:
        old_text, stored = marshal.loads(raw[40:])
        findings = [(tuple(path), str(message)) for path, message in stored]
    except (ValueError, EOFError, TypeError):
        return None
    # The slot only holds texts that bundled nothing from other files (``_remember_last``),
    # and a prose edit changes no ``$ref``: the new text bundles nothing either.
    changed = edits.findings_carry_over(old_text, text, findings)
    if changed is None:
        return None
    return CarriedOver(cache.digest(text), findings, changed, cache_dir, root if text != old_text else None)


_CARRY_OVER_MIN_CHARS = 100_000  # smaller specs validate in well under a second


def _lighter_validator_imports() -> None:
    """In a validation child only: what the validator imports but never uses here
    is left out (see the two functions below)."""
    _without_http_client()
    _settings_without_pydantic()


def _without_http_client() -> None:
    """In a validation child only: make ``import requests`` fail.

    jsonschema-path imports requests (a tenth of a second) for its http
    handler and falls back to urllib when it is missing; the validator here
    has every URL handler replaced by a refusal (``_offline``), so neither is
    ever used. A module already imported is left as it is.
    """
    import sys

    sys.modules.setdefault("requests", None)  # type: ignore[arg-type]


# The settings modules of openapi-spec-validator and openapi-schema-validator, as
# released in 0.9.0: the digest of each source file whose defaults the stand-ins
# below reproduce. A different file (another release) is imported as it is.
_KNOWN_SETTINGS_SOURCES = {
    "openapi_spec_validator.settings": "4dcf2cefa5240b47eacb82aeaef02750c89514a5d716ed0e818fb8db70dd0f4a",
    "openapi_schema_validator.settings": "73d226357441df93e0515524fd9d7b84a7c07ee8d096efd9ba95c73ae4f0dc78",
}
_SETTINGS_ENV_PREFIXES = ("OPENAPI_SPEC_VALIDATOR_", "OPENAPI_SCHEMA_VALIDATOR_")


class _SpecValidatorDefaults:
    """``OpenAPISpecValidatorSettings()`` with no variable set."""

    resolved_cache_maxsize = 128
    schema_validator_backend = "auto"


class _SchemaValidatorDefaults:
    """``OpenAPISchemaValidatorSettings()`` with no variable set."""

    compiled_validator_cache_max_size = 128


def _settings_without_pydantic() -> bool:
    """In a validation child only: give the validator its default settings without
    importing pydantic and pydantic-settings (0.2 s of the child's 0.45 s import).

    Both validators keep a few settings in a pydantic-settings class that reads
    ``OPENAPI_SPEC_VALIDATOR_*`` and ``OPENAPI_SCHEMA_VALIDATOR_*`` environment
    variables, and nothing else of theirs uses pydantic. When no such variable
    is set and each settings module is the release the stand-ins were written
    from, stand-in modules with the same names and defaults are installed;
    otherwise (a variable set, another release, a module already imported)
    nothing changes. True when the stand-ins were installed.
    """
    import sys
    import types

    if any(name.upper().startswith(_SETTINGS_ENV_PREFIXES) for name in os.environ):
        return False
    if any(name in sys.modules for name in _KNOWN_SETTINGS_SOURCES):
        return False
    if any(_module_source_digest(name) != digest for name, digest in _KNOWN_SETTINGS_SOURCES.items()):
        return False
    spec_settings = types.ModuleType("openapi_spec_validator.settings", "sdkforge stand-in: defaults only")
    spec_settings.OpenAPISpecValidatorSettings = _SpecValidatorDefaults  # type: ignore[attr-defined]
    spec_settings.get_resolved_cache_maxsize = lambda: _SpecValidatorDefaults.resolved_cache_maxsize  # type: ignore[attr-defined]
    spec_settings.get_schema_validator_backend = lambda: _SpecValidatorDefaults.schema_validator_backend  # type: ignore[attr-defined]
    schema_settings = types.ModuleType("openapi_schema_validator.settings", "sdkforge stand-in: defaults only")
    schema_settings.OpenAPISchemaValidatorSettings = _SchemaValidatorDefaults  # type: ignore[attr-defined]
    schema_settings.get_settings = _SchemaValidatorDefaults  # type: ignore[attr-defined]
    schema_settings.reset_settings_cache = lambda: None  # type: ignore[attr-defined]
    sys.modules[spec_settings.__name__] = spec_settings
    sys.modules[schema_settings.__name__] = schema_settings
    return True


def _module_source_digest(dotted: str) -> Optional[str]:
    """SHA-256 of a package's submodule source, found without importing the package."""
    import hashlib
    from importlib.machinery import PathFinder

    package, _, module = dotted.partition(".")
    spec = PathFinder.find_spec(package)
    for directory in (spec.submodule_search_locations or ()) if spec is not None else ():
        try:
            return hashlib.sha256((Path(directory) / f"{module}.py").read_bytes()).hexdigest()
        except OSError:
            continue
    return None


def _validate(data: Any, root: Optional[Path] = None) -> list[Finding]:
    validator_class = _prefiltered_class(_validator_class(data))
    findings: list[Finding] = []
    try:
        with _memoised_crawls(), _set_membership(), _fast_subscriptable_check(), _remembered_schema_checks(root), \
            _findings_located(), _extra_properties_in_order():
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
        return _offline(OpenAPIV31SpecValidator)
    if version.startswith("3.0"):
        return _offline(OpenAPIV30SpecValidator)
    return None


class RemoteReferenceRefused(Exception):
    """The validator tried to follow a ``$ref`` out of the document."""

    def __init__(self, uri: str) -> None:
        super().__init__(f"not following {uri}: references must stay inside the spec")
        self.ref = uri


def _refuse(uri: str) -> Any:
    raise RemoteReferenceRefused(uri)


@functools.lru_cache(maxsize=None)
def _offline(validator_class: Any) -> Any:
    """The validator with every way out of the document (http, https, file and
    any other URL scheme) replaced by a refusal, so validating never opens a
    connection or a file, whatever a ``$ref`` says; the parser reports such
    refs with their location."""
    refuse_all = {"<all_urls>": _refuse, "http": _refuse, "https": _refuse, "file": _refuse}
    return type(validator_class.__name__, (validator_class,), {"resolver_handlers": refuse_all})


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
    names = ("openapi-spec-validator", "openapi-schema-validator", "jsonschema", "jsonschema-path", "referencing")
    return ";".join(f"{name}={cache.installed_version(name) or '?'}" for name in names)


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
    """Check each schema against its dialect's meta-schema natively first, and
    remember, across runs, which schemas passed the Python check.

    The validator checks every schema object of the spec against the OpenAPI
    schema dialect: nine tenths of the validation of a large 3.1 spec in pure
    Python. jsonschema-rs answers "is it valid?" in microseconds (see
    ``_native_meta_validator``); only a schema it rejects goes through the
    Python check, whose error is the one reported, so findings and messages
    stay exactly those of openapi-spec-validator.

    The Python check is a pure function of the schema's content (and the
    libraries' versions), so a schema that passed it once is not checked again
    (that matters without jsonschema-rs, or where it is stricter than the
    Python check, e.g. on ``uri`` formats). Failures are never remembered.
    """
    try:
        from openapi_spec_validator.validation import keywords
    except ImportError:
        yield
        return
    schema_class = getattr(keywords, "SchemaValidator", None)
    original = getattr(schema_class, "_validate_schema_meta", None)
    if original is None:
        yield
        return
    store = None
    passed: dict[str, str] = {}
    if root is not None:
        store = cache.PackStore(root / "validate-schemas" / cache.digest(_CACHE_FORMAT, _validator_versions())[:16])
        passed = store.load()
    used: set[str] = set()
    new: dict[str, str] = {}

    def check(self: Any, schema: Any, schema_value: Any) -> Any:
        if _natively_valid(self, schema, schema_value):
            return None
        if store is None:
            return original(self, schema, schema_value)
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
        if store is not None:
            store.add(new, used)


# --- jsonschema-rs as a fast "is it valid?" ---------------------------------------------
#
# Python jsonschema stays the reference: it explains every failure, so messages
# and JSON paths are openapi-spec-validator's own. jsonschema-rs (optional, see
# pyproject.toml) only short-cuts the common case, a valid instance. Where the
# two could disagree it is made stricter, never looser: the formats the Python
# check verifies are verified by calling the very same Python format checker;
# formats it does not verify jsonschema-rs may still check (a false "invalid"
# only costs a Python check). Anything jsonschema-rs cannot take (values that
# are not JSON, a meta-schema it cannot compile) goes to the Python check.
# ``SDKFORGE_NATIVE_VALIDATION=0`` turns it off (tests compare both ways).

_native_validators: dict[Any, Any] = {}


def _native_enabled() -> bool:
    return os.environ.get("SDKFORGE_NATIVE_VALIDATION", "").strip() not in ("0", "false", "no")


def _native_registry() -> Any:
    import jsonschema_rs
    from openapi_schema_validator._specifications import REGISTRY

    key = ("registry",)
    if key not in _native_validators:
        _native_validators[key] = jsonschema_rs.Registry([(uri, REGISTRY.contents(uri)) for uri in REGISTRY])
    return _native_validators[key]


def _native_validator(schema: Any, format_checker: Any) -> Any:
    """A jsonschema-rs validator for ``schema`` (None when unavailable); cached per schema object."""
    key = (id(schema), id(format_checker))
    hit = _native_validators.get(key)
    if hit is not None and hit[0] is schema:
        return hit[1]
    validator = None
    try:
        import jsonschema_rs

        # Only the fixed meta-schemas are compiled, and every reference they make is
        # in the registry; anything else is refused rather than fetched.
        offline = {"registry": _native_registry(), "retriever": _refuse}
        if format_checker is None:
            validator = jsonschema_rs.validator_for(schema, validate_formats=False, **offline)
        else:
            formats: dict[str, Any] = {
                name: functools.partial(_conforms, format_checker, name) for name in format_checker.checkers
            }
            validator = jsonschema_rs.validator_for(schema, validate_formats=True, formats=formats, **offline)
    except Exception:  # not installed, or a schema it cannot compile: the Python check does all
        validator = None
    _native_validators[key] = (schema, validator)
    return validator


def _conforms(format_checker: Any, name: str, value: Any) -> bool:
    return bool(format_checker.conforms(value, name))


def _native_meta_validator(checker: Any) -> Any:
    """jsonschema-rs twin of ``check_openapi_schema`` bound as ``checker``, or None."""
    from openapi_schema_validator.validators import check_openapi_schema

    func = getattr(checker, "func", checker)
    cls = getattr(func, "__self__", None)
    if cls is None or getattr(func, "__func__", None) is not check_openapi_schema:
        return None
    keywords = getattr(checker, "keywords", None) or {}
    format_checker = keywords.get("format_checker", getattr(cls, "FORMAT_CHECKER", None))
    if getattr(checker, "args", ()):
        return None
    return _native_validator(cls.META_SCHEMA, format_checker)


def _natively_valid(self: Any, schema: Any, schema_value: Any) -> bool:
    """True only when jsonschema-rs says ``schema_value`` passes the meta-schema check."""
    if not _native_enabled():
        return False
    try:
        checker = self._get_schema_checker(schema, schema_value)
    except Exception:  # e.g. an unknown dialect: the Python path reports it
        return False
    validator = _native_meta_validator(checker)
    if validator is None:
        return False
    try:
        return bool(validator.is_valid(schema_value))
    except Exception:
        return False


class _PrefilteredSchemaValidator:
    """The whole-document pass of openapi-spec-validator: native "valid?" first."""

    def __init__(self, python: Any, native: Any) -> None:
        self.schema = python.schema
        self._python = python
        self._native = native

    def iter_errors(self, instance: Any) -> Iterator[Any]:
        if self._native is not None and _native_enabled():
            try:
                if self._native.is_valid(instance):
                    return iter(())
            except Exception:
                pass
        return self._python.iter_errors(instance)


_prefiltered_classes: dict[Any, Any] = {}


def _prefiltered_class(validator_class: Any) -> Any:
    """``validator_class`` whose document pass asks jsonschema-rs first.

    The Python pass is built here from the same schema with plain jsonschema
    (what openapi-spec-validator's ``jsonschema`` backend does) whatever
    ``OPENAPI_SPEC_VALIDATOR_SCHEMA_VALIDATOR_BACKEND`` says (its default,
    ``auto``, would switch to jsonschema-rs and its differently worded
    messages once jsonschema-rs is installed), so findings read the same with
    or without jsonschema-rs.
    """
    if validator_class is None:
        return None
    hit = _prefiltered_classes.get(validator_class)
    if hit is not None:
        return hit
    prefiltered = validator_class
    try:
        from jsonschema.validators import validator_for
        from openapi_spec_validator import schemas

        content = {"OpenAPIV30SpecValidator": "schema_v30", "OpenAPIV31SpecValidator": "schema_v31"}.get(
            validator_class.__name__
        )
        if content is not None:
            schema = dict(getattr(schemas, content))
            python = validator_for(schema)(schema)
            native = _native_validator(schema, None)
            prefiltered = type(
                validator_class.__name__,
                (validator_class,),
                {"schema_validator": _PrefilteredSchemaValidator(python, native)},
            )
    except Exception:
        prefiltered = validator_class
    _prefiltered_classes[validator_class] = prefiltered
    return prefiltered


class _IdList(list):  # type: ignore[type-arg]
    """A list whose ``in`` is a set look-up (openapi-spec-validator keeps seen ids in lists)."""

    def __init__(self) -> None:
        super().__init__()
        self._members: set[Any] = set()

    def append(self, item: Any) -> None:
        self._members.add(item)
        super().append(item)

    def __contains__(self, item: object) -> bool:
        return item in self._members


@contextlib.contextmanager
def _set_membership() -> Iterator[None]:
    """``SchemaValidator``'s seen-id lists made O(1) to search (quadratic on big specs)."""
    try:
        from openapi_spec_validator.validation import keywords
    except ImportError:
        yield
        return
    schema_class = getattr(keywords, "SchemaValidator", None)
    original = getattr(schema_class, "__init__", None)
    if original is None:
        yield
        return

    def init(self: Any, *args: Any, **kwargs: Any) -> None:
        original(self, *args, **kwargs)
        for name in ("visited_schema_ids", "meta_checked_schema_ids"):
            if type(getattr(self, name, None)) is list and not getattr(self, name):
                setattr(self, name, _IdList())

    setattr(schema_class, "__init__", init)
    try:
        yield
    finally:
        setattr(schema_class, "__init__", original)


_JSON_CONTAINERS = (dict, list, str)  # have __contains__, __getitem__ and __len__
_JSON_SCALARS = (int, float, bool, type(None))  # have none of them


class _SubscriptableCheckMeta(type):
    def __instancecheck__(cls, instance: Any) -> bool:
        kind = type(instance)
        if kind in _JSON_CONTAINERS:
            return True
        if kind in _JSON_SCALARS:
            return False
        return isinstance(instance, cls.protocol)  # type: ignore[attr-defined]


@contextlib.contextmanager
def _fast_subscriptable_check() -> Iterator[None]:
    """pathable's ``isinstance(node, Subscriptable)`` answered at once for JSON values.

    ``Subscriptable`` is a runtime-checkable ``typing.Protocol``, and on Python
    3.11 every such check collects the protocol's attributes anew: a quarter of
    the validation of a large spec. For the types a parsed document holds the
    answer is known (dict, list and str have the three methods, numbers, booleans
    and None none); anything else still asks the protocol.
    """
    try:
        from pathable import accessors
    except ImportError:
        yield
        return
    protocol = getattr(accessors, "Subscriptable", None)
    if protocol is None or not getattr(protocol, "_is_protocol", False):
        yield
        return
    accessors.Subscriptable = _SubscriptableCheckMeta("Subscriptable", (), {"protocol": protocol})
    try:
        yield
    finally:
        accessors.Subscriptable = protocol


@contextlib.contextmanager
def _findings_located() -> Iterator[None]:
    """Give the per-schema findings their place in the document.

    openapi-spec-validator checks each schema (against its dialect's
    meta-schema, for ``required`` names it does not define, for a ``default``
    that does not fit) and reports the finding with a path relative to the
    schema or to the default value: a user would read it as being at the top
    of the file. Each such finding is given the schema's own path in front
    (``SchemaPath.parts``: where the validator reached it, the ``$ref`` site
    when it came through one), plus ``default`` for a default's. Findings of
    the whole-document pass are already absolute and are left alone.
    """
    try:
        from openapi_spec_validator.validation import keywords
    except ImportError:
        yield
        return
    schema_class = getattr(keywords, "SchemaValidator", None)
    value_class = getattr(keywords, "ValueValidator", None)
    originals = {
        (cls, name): cls.__dict__.get(name)
        for cls, name in ((schema_class, "__call__"), (schema_class, "_validate_schema_meta"), (value_class, "__call__"))
        if cls is not None
    }
    if any(original is None for original in originals.values()):
        yield
        return
    check_call, meta_check, value_call = (
        originals[(schema_class, "__call__")],
        originals[(schema_class, "_validate_schema_meta")],
        originals[(value_class, "__call__")],
    )

    def schema_call(self: Any, schema: Any, *args: Any, **kwargs: Any) -> Iterator[Any]:
        for error in check_call(self, schema, *args, **kwargs):
            yield _located(error, schema)

    def schema_meta(self: Any, schema: Any, schema_value: Any) -> Any:
        error = meta_check(self, schema, schema_value)
        return None if error is None else _located(error, schema)

    def default_value(self: Any, schema: Any, value: Any) -> Iterator[Any]:
        for error in value_call(self, schema, value):
            yield _located(error, schema, ("default",))

    schema_class.__call__ = schema_call  # type: ignore[union-attr]
    schema_class._validate_schema_meta = schema_meta  # type: ignore[union-attr]
    value_class.__call__ = default_value  # type: ignore[union-attr]
    try:
        yield
    finally:
        for (cls, name), original in originals.items():
            setattr(cls, name, original)


@contextlib.contextmanager
def _extra_properties_in_order() -> Iterator[None]:
    """The errors of ``additionalProperties`` in the order of the instance's keys.

    jsonschema and openapi-schema-validator walk the names that
    ``additionalProperties`` applies to as a ``set``, so their errors came in
    an order set by the hash seed. A schema check reports only its first
    error: with two bad properties in one schema, which one a run reported
    (OpenAI's ``FineTuneDPOHyperparameters``: ``beta`` or
    ``learning_rate_multiplier``) changed from one run to the next. While
    validating, each validator class's keyword function is wrapped so that its
    errors are sorted by where their property sits in the instance (a stable
    sort: one property's errors keep their order).
    """
    patched: list[tuple[dict, Any]] = []
    for validators in _keyword_tables():
        original = validators.get("additionalProperties")
        if original is not None and not getattr(original, "_sdkforge_ordered", False):
            validators["additionalProperties"] = _errors_in_instance_order(original)
            patched.append((validators, original))
    try:
        yield
    finally:
        for validators, original in patched:
            validators["additionalProperties"] = original


def _keyword_tables() -> list[dict]:
    """The keyword tables (``VALIDATORS``) of the validator classes schema checks use:
    every dialect jsonschema knows and openapi-schema-validator's OpenAPI ones."""
    classes: list[Any] = []
    try:
        from jsonschema import validators as jsonschema_validators

        classes.extend(getattr(jsonschema_validators, "_META_SCHEMAS", {}).values())
    except ImportError:
        pass
    try:
        from openapi_schema_validator import validators as openapi_validators

        classes.extend(vars(openapi_validators).values())
    except ImportError:
        pass
    tables: dict[int, dict] = {}
    for cls in classes:
        table = getattr(cls, "VALIDATORS", None)
        if isinstance(table, dict):
            tables[id(table)] = table
    return list(tables.values())


def _errors_in_instance_order(keyword: Any) -> Any:
    def ordered(validator: Any, value: Any, instance: Any, schema: Any) -> Iterator[Any]:
        errors = list(keyword(validator, value, instance, schema))
        if len(errors) > 1 and isinstance(instance, dict):
            place = {name: index for index, name in enumerate(instance)}
            errors.sort(key=lambda error: place.get(error.path[0], -1) if error.path else -1)
        yield from errors

    ordered._sdkforge_ordered = True  # type: ignore[attr-defined]
    return ordered


def _located(error: Any, schema: Any, inner: tuple[PathPart, ...] = ()) -> Any:
    """``error`` with ``schema``'s path (and ``inner``) in front of its own, once."""
    if getattr(error, "_sdkforge_located", False):
        return error
    parts = getattr(schema, "parts", None)
    relative = getattr(error, "relative_path", None)
    if isinstance(parts, tuple) and hasattr(relative, "extendleft"):
        relative.extendleft(reversed(parts + inner))
    try:
        error._sdkforge_located = True
    except AttributeError:
        pass
    return error

"""The IR of a spec's previous version, patched rather than rebuilt after an edit
to an operation's prose.

Building the IR of a big spec is a good part of a run after an edit (OpenAI's
spec: 0.4-0.7 s of about 2 s), and the everyday edit is to prose. An
operation's ``summary`` and ``description`` reach the IR in one place each: the
``Operation`` built from that operation, through ``parser._text``. No name,
type, model or warning depends on them. So when a spec's text differs from the
text its remembered IR stands for only in such strings (``generator.edits``
finds them without parsing the whole text; the parsed document must then hold
them), the remembered IR with those fields replaced is the IR of the new text;
tests/test_last_api.py compares it with a fresh build for edits to the corpus
specs. Any other difference (another string, a key, a ``$ref`` to the
operation, a spec bundled from several files) builds the IR as before.

One cache entry per spec path and package: the IR as pickled when it was last
built (its warnings kept as JSON paths and located again in the current text),
the text of the spec's latest version, and the operation prose that version
changed since the build, so each edit is compared with the one before and the
pickle is never made again until the IR is rebuilt. A spec's first run with a
cache remembers nothing (pickling OpenAI's IR costs 0.06-0.1 s, for a second
run that may never come); every later run does.
"""

from __future__ import annotations

import dataclasses
import io
import marshal
import pickle
from pathlib import Path
from typing import Optional

from . import cache, edits, ir, parser
from .loader import Document
from .parser import HTTP_METHODS, _text, located_warnings

_FORMAT = "1"
_OPERATION_PROSE = ("summary", "description")
Patches = dict[tuple[str, str], dict[str, str]]  # (route, method) -> {"summary"/"description": raw text}
# Below this size a spec's IR builds in well under a tenth of a second: nothing is remembered.
MIN_CHARS = 100_000


class LastApi:
    """The cache entry of one spec path and package (see the module docstring)."""

    def __init__(self, root: Path, doc: Document, package: str, environment: str) -> None:
        self._directory = root / "last-api"
        self._key = cache.digest(_FORMAT, environment, str(doc.path.absolute()), package)
        self._doc = doc
        self._package = package

    def build(self, *, remember: bool) -> ir.Api:
        """The IR of the document: patched from the entry when its edit allows, else
        built (and remembered when ``remember``, or when the entry exists)."""
        stored = self._read()
        if stored is not None:
            latest_text, patches, blob = stored
            api = self._patched(latest_text, patches, blob)
            if api is not None:
                return api
        api, warnings = parser.build_api_and_warnings(self._doc, self._package)
        if (remember or stored is not None) and not self._doc.origins:
            self._write(self._doc.text, {}, pickle.dumps((dataclasses.replace(api, warnings=()), warnings), protocol=5))
        return api

    def _patched(self, latest_text: str, patches: Patches, blob: bytes) -> Optional[ir.Api]:
        doc = self._doc
        if doc.origins:
            return None
        changed = edits.prose_changes(latest_text, doc.text)
        if changed is None or not edits.holds(doc.data, changed):
            return None
        patches = {place: dict(prose) for place, prose in patches.items()}
        for path, value in changed.items():
            if not _is_operation_prose(doc, path):
                return None
            patches.setdefault((str(path[1]), str(path[2])), {})[str(path[3])] = value
        try:
            api, warnings = _IrUnpickler(io.BytesIO(blob)).load()
        except Exception:  # noqa: BLE001 - a torn or foreign entry: build afresh
            return None
        if not isinstance(api, ir.Api) or api.package != self._package:
            return None
        api = _with_operation_prose(api, patches)
        if api is None:
            return None
        if doc.text != latest_text:
            self._write(doc.text, patches, blob)
        return dataclasses.replace(api, warnings=located_warnings(doc, warnings))

    def _read(self) -> Optional[tuple[str, Patches, bytes]]:
        raw = cache.read_entry(self._directory, self._key)
        if raw is None or len(raw) < 40 or cache.digest(raw[40:]) != raw[:40].decode("ascii", "replace"):
            return None
        try:
            latest_text, patches, blob = marshal.loads(raw[40:])
        except (ValueError, EOFError, TypeError):
            return None
        if not isinstance(latest_text, str) or not isinstance(patches, dict) or not isinstance(blob, bytes):
            return None
        return latest_text, patches, blob

    def _write(self, latest_text: str, patches: Patches, blob: bytes) -> None:
        payload = marshal.dumps((latest_text, patches, blob))
        cache.write_entry(self._directory, self._key, cache.digest(payload).encode("ascii") + payload)


class _IrUnpickler(pickle.Unpickler):
    """Reads back an IR and nothing else: a pickle can name any callable, and the
    cache directory may be shared (a CI cache), so only the IR's own dataclasses
    may be named; anything else is refused and the IR built afresh."""

    def find_class(self, module: str, name: str) -> type:
        found = getattr(ir, name, None) if module == ir.__name__ else None
        if not (isinstance(found, type) and dataclasses.is_dataclass(found)):
            raise pickle.UnpicklingError(f"not part of the IR: {module}.{name}")
        return found


def _is_operation_prose(doc: Document, path: tuple) -> bool:
    """Is ``path`` the summary or description of an operation under ``paths``, in a
    path item that is no reference?"""
    if len(path) != 4 or path[0] != "paths" or path[2] not in HTTP_METHODS or path[3] not in _OPERATION_PROSE:
        return False
    item = (doc.data.get("paths") or {}).get(path[1])
    return isinstance(item, dict) and "$ref" not in item and isinstance(item.get(path[2]), dict)


def _with_operation_prose(api: ir.Api, patches: Patches) -> Optional[ir.Api]:
    """``api`` with each patched operation's summary and description; None when an
    operation is not found exactly once."""
    found = dict.fromkeys(patches, 0)
    resources = []
    for resource in api.resources:
        operations = []
        for operation in resource.operations:
            for (route, method), prose in patches.items():
                if operation.http_method == method.upper() and operation.path == route.lstrip("/"):
                    found[(route, method)] += 1
                    operation = dataclasses.replace(operation, **{key: _text(value) for key, value in prose.items()})
            operations.append(operation)
        resources.append(dataclasses.replace(resource, operations=tuple(operations)))
    if any(count != 1 for count in found.values()):
        return None
    return dataclasses.replace(api, resources=tuple(resources))

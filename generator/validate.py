"""Check a spec with openapi-spec-validator and locate each finding in the source."""

from __future__ import annotations

from typing import Any, Optional

from .errors import Location
from .loader import Document


def find_problems(doc: Document) -> list[tuple[Location, str]]:
    """Each validator finding with its file, line and JSON path."""
    validator_class = _validator_class(doc.data)
    if validator_class is None:
        return [(doc.location(("openapi",)), "missing or unsupported 'openapi' version")]
    problems = []
    try:
        for error in validator_class(doc.data).iter_errors():
            path = tuple(getattr(error, "absolute_path", ()) or ())
            problems.append((doc.location(path), _message(error)))
    except Exception as exc:  # the validator gives up on some documents (broken refs)
        problems.append(_validator_failure(doc, exc))
    return problems


def _validator_failure(doc: Document, exc: Exception) -> tuple[Location, str]:
    """Locate a reference the validator could not follow, else the document."""
    ref = getattr(exc, "ref", None)
    if isinstance(ref, str):
        target = ref if ref.startswith("#") else "#" + ref
        path = _find_ref(doc.data, target)
        if path is not None:
            return doc.location(path + ("$ref",)), f"reference {target} does not resolve"
    return doc.location(()), f"validation stopped: {_message(exc)}"


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

"""Check a spec with openapi-spec-validator and locate each finding in the source."""

from __future__ import annotations

from typing import Any

from .errors import Location
from .loader import Document


def find_problems(doc: Document) -> list[tuple[Location, str]]:
    """Each validator finding with its file, line and JSON path."""
    validator_class = _validator_class(doc.data)
    if validator_class is None:
        return [(doc.location(("openapi",)), "missing or unsupported 'openapi' version")]
    problems = []
    for error in validator_class(doc.data).iter_errors():
        path = tuple(getattr(error, "absolute_path", ()) or ())
        problems.append((doc.location(path), _message(error)))
    return problems


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

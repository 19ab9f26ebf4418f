"""Choosing between a whole-model request body and flattened keyword fields."""

from typing import Any, Dict, Optional, Sequence

from .serialization import OMIT


def choose_body(
    request: Optional[Any],
    fields: Dict[str, Any],
    *,
    required: Sequence[str],
    method: str,
) -> Any:
    """The body to send when a method accepts ``request=`` or keyword fields.

    Exactly one form must be used, so a call that mixes them, or that gives
    neither, fails before anything is sent rather than sending half a body.
    """
    given = sorted(name for name, value in fields.items() if value is not OMIT)
    if request is not None:
        if given:
            raise TypeError(
                f"{method}() takes either request= or keyword fields, not both"
                f" (got request= and {', '.join(given)})"
            )
        return request
    missing = [name for name in required if fields.get(name, OMIT) is OMIT]
    if missing:
        raise TypeError(
            f"{method}() is missing required keyword field(s): {', '.join(missing)}"
            " (or pass request=)"
        )
    return {name: value for name, value in fields.items() if value is not OMIT}

"""Base class of every generated model."""

from __future__ import annotations

import pydantic


class BaseModel(pydantic.BaseModel):
    """Pydantic model tuned for API payloads.

    ``extra="allow"`` keeps fields the server added after this SDK was
    generated (forward compatible, and they survive a round trip).
    ``populate_by_name`` lets callers use the Python field names as well as
    the wire aliases.  An empty ``protected_namespaces`` allows API fields
    such as ``model_id`` without warnings.
    """

    model_config = pydantic.ConfigDict(
        extra="allow", populate_by_name=True, protected_namespaces=()
    )

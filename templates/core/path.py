"""Building request paths from parameters."""

import datetime
import enum
from typing import Any
from urllib.parse import quote


def encode_path_param(value: Any) -> str:
    """Percent-encode ``value`` so it stays exactly one path segment.

    ``"a/b?c#d"`` must not add a segment, a query or a fragment; ``quote`` with
    no safe characters guarantees that. Empty, ``.`` and ``..`` values are
    refused before anything is sent, since they would address another URL.
    """
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, enum.Enum):
        text = str(value.value)
    elif isinstance(value, (datetime.datetime, datetime.date)):
        text = value.isoformat()
    else:
        text = str(value)
    if text in ("", ".", ".."):
        # Encoded or not, servers may normalise these away and hit another URL.
        raise ValueError(f"{text!r} is not a valid path parameter value")
    return quote(text, safe="")

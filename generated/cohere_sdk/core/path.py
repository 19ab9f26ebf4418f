"""Building request paths from parameters."""

import datetime
import enum
from typing import Any
from urllib.parse import quote


def encode_path_param(value: Any) -> str:
    """Percent-encode ``value`` so it stays exactly one path segment.

    ``"a/b?c#d"`` must not add a segment, a query or a fragment, and ``".."``
    must not climb the path; ``quote`` with no safe characters guarantees both.
    """
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, enum.Enum):
        text = str(value.value)
    elif isinstance(value, (datetime.datetime, datetime.date)):
        text = value.isoformat()
    else:
        text = str(value)
    if text in (".", ".."):
        return text.replace(".", "%2E")
    return quote(text, safe="")

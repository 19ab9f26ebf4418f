"""What a caller may pass where an operation uploads a file."""

from typing import IO, Any, List, Mapping, Tuple, Union

from .serialization import OMIT

FileContent = Union[bytes, IO[bytes]]

File = Union[
    FileContent,
    Tuple[str, FileContent],
    Tuple[str, FileContent, str],
]
"""Raw bytes or a binary file object, optionally as ``(filename, content)`` or
``(filename, content, content_type)``, as httpx accepts them."""


def upload_files(
    fields: Mapping[str, Any],
) -> List[Tuple[str, Any]]:
    """``{"name": file or [files]}`` as the ``(name, file)`` list httpx sends.

    Fields left out (OMIT) or None are dropped; a list becomes one part each.
    """
    parts: List[Tuple[str, Any]] = []
    for name, value in fields.items():
        if value is None or value is OMIT:
            continue
        items = value if isinstance(value, list) else [value]
        parts.extend((name, item) for item in items)
    return parts

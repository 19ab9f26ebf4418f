"""Format generated Python with black, so output is stable and reviewable."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import black

from .errors import SpecError

_MODE = black.Mode(line_length=88)


def format_python(path: str, source: str, *, line_length: int = 88) -> str:
    """Black-formatted ``source``; a syntax error here is a generator bug."""
    mode = _MODE if line_length == 88 else black.Mode(line_length=line_length)
    try:
        return black.format_str(source, mode=mode)
    except black.InvalidInput as exc:
        raise SpecError(f"internal error: generated {path} is not valid Python ({exc})") from None


def format_files(
    files: dict[str, str],
    *,
    line_length: int = 88,
    formatter: str = "black",
    cache_dir: Optional[Path] = None,
) -> dict[str, str]:
    """Every ``.py`` file formatted; other files unchanged.

    ``formatter`` is ``black`` (default), ``ruff`` or ``none``; ``cache_dir``
    holds formatted output by content hash (not implemented yet: see issue 6).
    """
    if formatter == "none":
        return dict(files)
    return {
        path: format_python(path, text, line_length=line_length) if path.endswith(".py") else text
        for path, text in files.items()
    }

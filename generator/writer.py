"""Write rendered files into the output directory: only what changed, atomically."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .errors import SpecError


@dataclass(frozen=True)
class WriteSummary:
    written: int
    unchanged: int


def safe_target(output_dir: Path, relative: str) -> Path:
    """``output_dir / relative``, refusing any path that would leave ``output_dir``."""
    parts = PurePosixPath(relative).parts
    if not parts or PurePosixPath(relative).is_absolute() or any(p in ("..", "") for p in parts):
        raise SpecError(f"internal error: refusing to write outside the output directory: {relative!r}")
    return output_dir.joinpath(*parts)


def write_files(output_dir: Path, files: dict[str, str]) -> WriteSummary:
    """Write each file whose content differs; each write is a rename of a temp file."""
    targets = {relative: safe_target(output_dir, relative) for relative in files}
    written = unchanged = 0
    for relative, text in files.items():
        target = targets[relative]
        data = text.encode("utf-8")
        try:
            if target.read_bytes() == data:
                unchanged += 1
                continue
        except FileNotFoundError:
            pass
        target.parent.mkdir(parents=True, exist_ok=True)
        _atomic_write(target, data)
        written += 1
    return WriteSummary(written=written, unchanged=unchanged)


def _atomic_write(target: Path, data: bytes) -> None:
    fd, temp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(temp_name, target)
    except BaseException:
        try:
            os.unlink(temp_name)
        except FileNotFoundError:
            pass
        raise

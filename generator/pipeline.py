"""load → validate → IR → render → format: the whole generator as one call."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from . import ir
from .errors import SpecError
from .formatting import format_files
from .loader import load_document
from .parser import build_api
from .render import TEMPLATES_DIR, render
from .validate import find_problems


@dataclass(frozen=True)
class Generated:
    api: ir.Api
    files: dict[str, str]
    warnings: tuple[str, ...]


def generate(
    spec_path: Path,
    package: str,
    *,
    strict: bool = False,
    template_dirs: tuple[Path, ...] = (),
    line_length: int = 88,
    formatter: str = "black",
    cache_dir: Optional[Path] = None,
) -> Generated:
    """Every output file for ``spec_path``, formatted, in memory.

    Validator findings are warnings unless ``strict``; problems the generator
    itself cannot get past raise ``SpecError`` either way.
    """
    doc = load_document(spec_path)
    problems = find_problems(doc)
    if strict and problems:
        location, message = problems[0]
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise SpecError(f"{message}{more}", location)
    validator_warnings = tuple(f"{location}: warning: {message}" for location, message in problems)
    try:
        api = build_api(doc, package)
    except SpecError as exc:
        others = [f"{loc}: {msg}" for loc, msg in problems if f"{loc}: {msg}" != str(exc)]
        if others:
            exc.message = f"{exc.message}\n  the validator also reports: {'; '.join(others[:5])}"
        raise
    files = render(api, tuple(template_dirs) + (TEMPLATES_DIR,))
    formatted = format_files(files, line_length=line_length, formatter=formatter, cache_dir=cache_dir)
    return Generated(api=api, files=formatted, warnings=validator_warnings + api.warnings)

"""Golden outputs: what the generator must produce, byte for byte.

Each fixture spec in ``tests/fixtures/specs/NAME.yaml`` has its expected output
in ``tests/fixtures/golden/NAME/``; ``specs/cohere.yaml`` has ``generated/``.
Refresh them all with ``python -m tests.goldens`` (never edit them by hand).
"""

from __future__ import annotations

import difflib
import sys
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
FIXTURE_SPECS = REPO_ROOT / "tests" / "fixtures" / "specs"
FIXTURE_GOLDENS = REPO_ROOT / "tests" / "fixtures" / "golden"
MAX_DIFF_LINES = 80


@dataclass(frozen=True)
class GoldenCase:
    name: str
    spec: Path
    output: Path
    package: str


def golden_cases() -> list[GoldenCase]:
    cases = [GoldenCase("cohere", REPO_ROOT / "specs" / "cohere.yaml", REPO_ROOT / "generated", "cohere_sdk")]
    for spec in sorted(FIXTURE_SPECS.glob("*.yaml")):
        cases.append(GoldenCase(spec.stem, spec, FIXTURE_GOLDENS / spec.stem, spec.stem))
    return cases


def files_on_disk(root: Path, relative_paths: set[str]) -> dict[str, str]:
    """Text of every file under ``root`` except caches, plus any expected path."""
    found = {}
    if root.is_dir():
        for path in sorted(root.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts and ".mypy_cache" not in path.parts and ".ruff_cache" not in path.parts:
                relative = path.relative_to(root).as_posix()
                if relative != ".sdkforge-manifest":  # the writer's record of what it owns
                    found[relative] = path.read_text(encoding="utf-8")
    return found


def golden_diff(expected: dict[str, str], actual: dict[str, str]) -> str:
    """A unified diff of two file trees, capped so a failure stays readable."""
    lines: list[str] = []
    for path in sorted(set(expected) | set(actual)):
        before = expected.get(path)
        after = actual.get(path)
        if before == after:
            continue
        lines += difflib.unified_diff(
            (before or "").splitlines(keepends=True),
            (after or "").splitlines(keepends=True),
            fromfile=f"golden/{path}" if before is not None else "/dev/null",
            tofile=f"generated/{path}" if after is not None else "/dev/null",
        )
    if len(lines) > MAX_DIFF_LINES:
        lines = lines[:MAX_DIFF_LINES] + [f"... {len(lines) - MAX_DIFF_LINES} more diff lines\n"]
    return "".join(lines)


def refresh() -> None:
    from generator.pipeline import generate
    from generator.writer import write_files

    for case in golden_cases():
        result = generate(case.spec, case.package)
        stale = set(files_on_disk(case.output, set())) - set(result.files)
        for relative in stale:
            (case.output / relative).unlink()
        summary = write_files(case.output, result.files)
        print(f"{case.name}: {summary.written} written, {summary.unchanged} unchanged, {len(stale)} removed")


if __name__ == "__main__":
    sys.path.insert(0, str(REPO_ROOT))
    refresh()

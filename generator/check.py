"""Generate a target in memory, then write it or compare it with the disk.

``generate_target`` is what ``sdkforge generate``, ``sdkforge check`` and the
hatch build hook share; ``check_target`` answers "would generating change
anything?" with a unified diff per file, without writing.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import NamedTuple, Optional

from .config import Target
from .pipeline import Generated, generate
from .writer import MANIFEST_NAME, Plan, WriteSummary, apply_plan, plan_writes

DEFAULT_DIFF_LINES = 60


def generate_target(target: Target) -> Generated:
    """Every file of ``target``'s SDK, in memory (raises ``SpecError``)."""
    return generate(
        target.spec,
        target.package,
        strict=target.strict,
        template_dirs=target.templates,
        line_length=target.line_length,
        formatter=target.formatter,
        cache_dir=target.cache_dir,
    )


def write_target(target: Target) -> tuple[Generated, WriteSummary]:
    result = generate_target(target)
    return result, apply_plan(plan_writes(target.output, result.files, known_files=True, cache_dir=target.cache_dir))


class CheckResult(NamedTuple):
    target: Target
    generated: Generated
    plan: Plan

    @property
    def up_to_date(self) -> bool:
        return self.plan.up_to_date

    def describe(self) -> str:
        """``3 differ: 1 changed, 1 missing, 1 stale (manifest out of date)``."""
        plan = self.plan
        counts = [
            (len(plan.update), "changed"),
            (len(plan.create), "missing"),
            (len(plan.remove), "stale"),
        ]
        parts = ", ".join(f"{n} {label}" for n, label in counts if n)
        total = len(plan.update) + len(plan.create) + len(plan.remove)
        text = f"{total} file{' differs' if total == 1 else 's differ'}" + (f" ({parts})" if parts else "")
        if plan.manifest_changes:
            text += f", {MANIFEST_NAME} out of date"
        return text

    def diff(self, max_lines_per_file: int = DEFAULT_DIFF_LINES) -> str:
        return plan_diff(self.plan, display_root=display_path(self.target.output), max_lines_per_file=max_lines_per_file)


def check_target(target: Target) -> CheckResult:
    result = generate_target(target)
    return CheckResult(target=target, generated=result, plan=plan_writes(target.output, result.files, known_files=True, cache_dir=target.cache_dir))


def display_path(path: Path) -> str:
    """``path`` relative to the working directory when it is below it."""
    if not path.is_absolute():
        return path.as_posix()
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return path.as_posix()
    return path.as_posix() if relative.startswith("..") else Path(relative).as_posix()


def plan_diff(plan: Plan, *, display_root: str, max_lines_per_file: int = DEFAULT_DIFF_LINES) -> str:
    """A unified diff from what is on disk to what generating would leave there.

    Each file's diff is capped at ``max_lines_per_file`` lines.
    """
    chunks: list[str] = []
    for relative in sorted(plan.create + plan.update + plan.remove):
        before = plan.current.get(relative)
        after = plan.files.get(relative)
        chunks.append(
            _file_diff(
                f"{display_root}/{relative}",
                _text(before),
                _text(after),
                before is None,
                after is None,
                max_lines_per_file,
            )
        )
    if plan.manifest_changes:
        chunks.append(
            _file_diff(
                f"{display_root}/{MANIFEST_NAME}",
                plan.manifest_before or "",
                plan.manifest_after,
                plan.manifest_before is None,
                False,
                max_lines_per_file,
            )
        )
    return "".join(chunks)


def _text(data: Optional[bytes]) -> str:
    return "" if data is None else data.decode("utf-8", errors="replace")


def _file_diff(name: str, before: str, after: str, created: bool, removed: bool, limit: int) -> str:
    import difflib  # here: only a stale SDK needs it

    lines = list(
        difflib.unified_diff(
            before.splitlines(keepends=True),
            after.splitlines(keepends=True),
            fromfile="/dev/null" if created else f"{name} (on disk)",
            tofile="/dev/null" if removed else f"{name} (generated)",
        )
    )
    if not lines:  # same lines, different bytes (e.g. a missing final newline or CRLF)
        lines = [f"--- {name} (on disk)\n", f"+++ {name} (generated)\n", "@@ line endings or final newline differ @@\n"]
    lines = [line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines]
    if len(lines) > limit:
        hidden = len(lines) - limit
        lines = lines[:limit] + [f"... {hidden} more diff line{'s' if hidden != 1 else ''} for {name}\n"]
    return "".join(lines)

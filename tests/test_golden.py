"""The generator reproduces every golden output byte for byte."""

from __future__ import annotations

import pytest

from generator.pipeline import generate
from tests.goldens import files_on_disk, golden_cases, golden_diff

CASES = golden_cases()


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_output_matches_golden(case):
    result = generate(case.spec, case.package)
    on_disk = files_on_disk(case.output, set(result.files))
    diff = golden_diff(on_disk, result.files)
    assert not diff, (
        f"output for {case.spec.name} differs from {case.output} "
        f"(refresh with `python -m tests.goldens` if the change is intended):\n{diff}"
    )


def test_golden_diff_reports_changed_added_and_removed_files():
    diff = golden_diff({"a.py": "x = 1\n", "gone.py": "y\n"}, {"a.py": "x = 2\n", "new.py": "z\n"})
    assert "-x = 1" in diff and "+x = 2" in diff
    assert "golden/gone.py" in diff and "generated/new.py" in diff


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_every_golden_sdk_carries_the_runtime_core_verbatim(case):
    from generator.render import TEMPLATES_DIR

    core_templates = {p.name: p.read_text() for p in (TEMPLATES_DIR / "core").glob("*.py")}
    shipped_dir = case.output / case.package.replace(".", "/") / "core"
    shipped = {p.name: p.read_text() for p in shipped_dir.glob("*.py")}
    assert shipped == core_templates

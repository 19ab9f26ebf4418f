"""The command line: summary line, config defaults, and clean failures."""

from __future__ import annotations

import shutil
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.goldens import REPO_ROOT

PETSTORE = REPO_ROOT / "tests" / "fixtures" / "specs" / "petstore_minimal.yaml"


def run_cli(*args: str, cwd: Path = REPO_ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(REPO_ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_generate_prints_one_summary_line_and_second_run_writes_nothing(tmp_path):
    out = tmp_path / "sdk"
    first = run_cli("generate", "--spec", str(PETSTORE), "--output", str(out), "--package", "pets_sdk")
    assert first.returncode == 0, first.stderr
    summary = first.stdout.strip().splitlines()
    assert len(summary) == 1
    assert "written" in summary[0] and "unchanged" in summary[0] and summary[0].endswith(" s")
    assert (out / "pets_sdk" / "__init__.py").is_file()
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}

    second = run_cli("generate", "--spec", str(PETSTORE), "--output", str(out), "--package", "pets_sdk")
    assert second.returncode == 0, second.stderr
    assert " 0 written" in second.stdout
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()} == before


def test_generate_without_arguments_uses_tool_sdkforge_config(tmp_path):
    project = tmp_path / "project"
    (project / "api").mkdir(parents=True)
    shutil.copy(PETSTORE, project / "api" / "pets.yaml")
    (project / "pyproject.toml").write_text(
        '[tool.sdkforge]\nspec = "api/pets.yaml"\noutput = "out"\npackage = "pets_client"\n'
    )
    result = run_cli("generate", cwd=project)
    assert result.returncode == 0, result.stderr
    assert (project / "out" / "pets_client" / "client.py").is_file()


def test_unknown_config_key_is_an_error_naming_the_key(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.sdkforge]\nspec = "a.yaml"\nouptut = "x"\n')
    result = run_cli("generate", cwd=tmp_path)
    assert result.returncode == 2
    assert "ouptut" in result.stderr
    assert "Traceback" not in result.stderr


BROKEN_REF = """\
openapi: 3.1.0
info: {title: Broken, version: "1"}
paths:
  /things:
    get:
      operationId: listThings
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/Missing"
"""


def test_invalid_spec_exits_2_naming_file_line_and_json_path(tmp_path):
    spec = tmp_path / "broken.yaml"
    spec.write_text(BROKEN_REF)
    out = tmp_path / "out"
    result = run_cli("generate", "--spec", str(spec), "--output", str(out), "--package", "broken")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert f"{spec}:13" in result.stderr  # the line of the $ref
    assert "#/paths/~1things/get/responses/200/content/application~1json/schema" in result.stderr
    assert "#/components/schemas/Missing" in result.stderr
    assert not out.exists(), "nothing may be written when generation fails"


def test_strict_turns_validator_findings_into_errors(tmp_path):
    spec = tmp_path / "odd.yaml"
    spec.write_text(
        PETSTORE.read_text().replace("in: header", "in: header\n          x-note: fine\n          deprecated: maybe")
    )
    lenient = run_cli("generate", "--spec", str(spec), "--output", str(tmp_path / "a"), "--package", "odd")
    assert lenient.returncode == 0, lenient.stderr
    assert "warning" in lenient.stderr and "deprecated" in lenient.stderr
    strict = run_cli("generate", "--strict", "--spec", str(spec), "--output", str(tmp_path / "b"), "--package", "odd")
    assert strict.returncode == 2
    assert f"{spec}:" in strict.stderr and "deprecated" in strict.stderr


def test_yaml_syntax_error_names_the_line(tmp_path):
    spec = tmp_path / "bad.yaml"
    spec.write_text("openapi: 3.1.0\ninfo:\n  title: [unclosed\n")
    result = run_cli("generate", "--spec", str(spec), "--output", str(tmp_path / "o"), "--package", "bad")
    assert result.returncode == 2
    assert f"{spec}:" in result.stderr and "invalid YAML" in result.stderr
    assert "Traceback" not in result.stderr


def test_missing_spec_file_is_a_clean_error(tmp_path):
    result = run_cli("generate", "--spec", str(tmp_path / "nope.yaml"), "--output", str(tmp_path / "o"), "--package", "x")
    assert result.returncode == 2
    assert "no such file" in result.stderr


@pytest.mark.parametrize("package", ["not-valid", "1abc"])
def test_invalid_package_name_is_refused(tmp_path, package):
    result = run_cli("generate", "--spec", str(PETSTORE), "--output", str(tmp_path / "o"), "--package", package)
    assert result.returncode == 2
    assert "package" in result.stderr


# --- validate, help, summary (sdkforge check/diff have their own test files) ---------------


def test_help_lists_every_command():
    from generator.cli import _argument_parser

    text = _argument_parser().format_help()
    for command in ("generate", "check", "validate", "diff"):
        assert command in text


def test_validate_a_clean_spec_exits_0(capsys):
    from generator.cli import main

    assert main(["validate", str(PETSTORE)]) == 0
    captured = capsys.readouterr()
    assert captured.out == "" and "valid" in captured.err


def test_validate_reports_each_finding_with_file_line_and_json_path(tmp_path, capsys):
    from generator.cli import main

    spec = tmp_path / "odd.yaml"
    spec.write_text(PETSTORE.read_text().replace("in: header", "in: header\n          deprecated: maybe"))
    assert main(["validate", str(spec)]) == 1
    (line,) = capsys.readouterr().out.splitlines()
    assert line.startswith(f"{spec}:") and ": #/paths/~1pets/get/parameters/" in line
    assert "warning:" in line and "maybe" in line
    assert not (tmp_path / "sdk").exists()


def test_validate_a_spec_that_cannot_be_generated_exits_2(tmp_path, capsys):
    from generator.cli import main

    spec = tmp_path / "broken.yaml"
    spec.write_text(BROKEN_REF)
    assert main(["validate", str(spec)]) == 2
    out = capsys.readouterr().out
    assert f"{spec}:13: #/paths/~1things/get/responses/200/content/application~1json/schema" in out


def test_validate_without_a_spec_checks_every_configured_target(tmp_path, monkeypatch, capsys):
    from generator.cli import main

    shutil.copy(PETSTORE, tmp_path / "a.yaml")
    (tmp_path / "b.yaml").write_text(BROKEN_REF)
    (tmp_path / "sdkforge.yaml").write_text(
        "targets:\n  a: {spec: a.yaml, output: oa, package: a}\n  b: {spec: b.yaml, output: ob, package: b}\n"
    )
    monkeypatch.chdir(tmp_path)
    assert main(["validate", "--target", "a"]) == 0
    assert main(["validate"]) == 2
    assert "b.yaml:13" in capsys.readouterr().out
    assert main(["validate", str(tmp_path / "missing.yaml")]) == 2
    assert "no such file" in capsys.readouterr().err


def test_summary_counts_removed_files(tmp_path, capsys):
    from generator.cli import main

    spec = tmp_path / "api.yaml"
    spec.write_text(PETSTORE.read_text())
    args = ["generate", "--spec", str(spec), "--output", str(tmp_path / "o"), "--package", "p", "--formatter", "none"]
    assert main(args) == 0
    spec.write_text(PETSTORE.read_text().replace("operationId: getInventory\n", "operationId: getInventory\n      tags: [pets]\n"))
    capsys.readouterr()
    assert main(args) == 0
    (line,) = capsys.readouterr().out.splitlines()
    assert " 3 removed" in line and not (tmp_path / "o" / "p" / "store").exists()

"""`sdkforge check`: 0 when the disk matches, 1 with a capped diff when not, 2 on a spec error."""

from __future__ import annotations

import pytest

from generator.cli import main
from generator.errors import SpecError
from generator.writer import IGNORE_NAME, MANIFEST_NAME
from tests.goldens import REPO_ROOT
from tests.test_cli import BROKEN_REF, run_cli

PETSTORE = REPO_ROOT / "tests" / "fixtures" / "specs" / "petstore_minimal.yaml"


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A project configured in pyproject.toml, generated once, as the working directory."""
    (tmp_path / "api.yaml").write_text(PETSTORE.read_text())
    (tmp_path / "pyproject.toml").write_text(
        '[tool.sdkforge]\nspec = "api.yaml"\noutput = "sdk"\npackage = "pets"\nformatter = "none"\n'
    )
    monkeypatch.chdir(tmp_path)
    assert main(["generate"]) == 0
    return tmp_path


def test_check_passes_when_output_is_up_to_date(project, capsys):
    capsys.readouterr()
    before = {p: p.stat().st_mtime_ns for p in (project / "sdk").rglob("*")}
    assert main(["check"]) == 0
    out = capsys.readouterr().out
    assert "up to date" in out and "---" not in out
    assert {p: p.stat().st_mtime_ns for p in (project / "sdk").rglob("*")} == before, "check writes nothing"


def test_check_fails_with_a_unified_diff_of_each_difference(project, capsys):
    client = project / "sdk" / "pets" / "client.py"
    client.write_text(client.read_text().replace("class Client", "class Klient", 1))
    (project / "sdk" / "README.md").unlink()
    (project / "sdk" / "pets" / "mine.py").write_text("hand-written, not in the manifest\n")
    capsys.readouterr()
    assert main(["check"]) == 1
    out = capsys.readouterr().out
    assert "--- sdk/pets/client.py (on disk)" in out and "+++ sdk/pets/client.py (generated)" in out
    assert "-class Klient" in out and "+class Client" in out
    assert "--- /dev/null\n+++ sdk/README.md (generated)" in out
    assert "mine.py" not in out, "files sdkforge does not own are not its business"
    assert "2 files differ (1 changed, 1 missing)" in out
    assert (project / "sdk" / "pets" / "mine.py").exists()


def test_check_reports_stale_files_and_an_outdated_manifest(project, capsys):
    spec = project / "api.yaml"
    spec.write_text(spec.read_text().replace("operationId: getInventory\n", "operationId: getInventory\n      tags: [pets]\n"))
    capsys.readouterr()
    assert main(["check"]) == 1
    out = capsys.readouterr().out
    assert "+++ /dev/null" in out and "sdk/pets/store/client.py (on disk)" in out
    assert "stale" in out and MANIFEST_NAME in out
    assert main(["generate"]) == 0
    assert main(["check"]) == 0


def test_check_caps_each_file_diff(project, capsys):
    client = project / "sdk" / "pets" / "client.py"
    client.write_text("".join(f"line {i}\n" for i in range(500)))
    capsys.readouterr()
    assert main(["check", "--diff-lines", "10"]) == 1
    out = capsys.readouterr().out
    diff_lines = [line for line in out.splitlines() if not line.startswith("sdkforge:")]
    assert len(diff_lines) <= 11
    assert "more diff lines for sdk/pets/client.py" in out


def test_check_respects_sdkforgeignore(project, capsys):
    client = project / "sdk" / "pets" / "client.py"
    client.write_text(client.read_text() + "# local patch\n")
    (project / "sdk" / IGNORE_NAME).write_text("pets/client.py\n")
    assert main(["check"]) == 0


def test_check_exits_2_on_a_spec_error_without_traceback(tmp_path):
    spec = tmp_path / "broken.yaml"
    spec.write_text(BROKEN_REF)
    result = run_cli("check", "--spec", str(spec), "--output", str(tmp_path / "o"), "--package", "broken")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and f"{spec}:13" in result.stderr
    with pytest.raises(SpecError):  # --debug lets the exception (and its traceback) through
        main(["check", "--debug", "--spec", str(spec), "--output", str(tmp_path / "o"), "--package", "broken"])


def test_check_from_the_command_line(tmp_path):
    out = tmp_path / "sdk"
    args = ["--spec", str(PETSTORE), "--output", str(out), "--package", "pets", "--formatter", "none"]
    missing = run_cli("check", *args)
    assert missing.returncode == 1 and "+++" in missing.stdout
    assert not out.exists(), "check never writes"
    assert main(["generate", *args]) == 0
    assert run_cli("check", *args).returncode == 0

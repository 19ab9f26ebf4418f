"""The hatchling build hook (building an SDK's wheel regenerates it) and the pre-commit hook."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest
import yaml

from generator.cli import main
from tests.goldens import REPO_ROOT

PETSTORE = REPO_ROOT / "tests" / "fixtures" / "specs" / "petstore_minimal.yaml"

SDK_PROJECT = """\
[build-system]
requires = ["hatchling", "sdkforge"]
build-backend = "hatchling.build"

[project]
name = "pets-sdk"
version = "1.0.0"

[tool.hatch.build.targets.wheel]
packages = ["sdk/pets_sdk"]

[tool.hatch.build.hooks.sdkforge]
{hook}
{sdkforge}
"""

TOOL_SDKFORGE = '[tool.sdkforge]\nspec = "api.yaml"\noutput = "sdk"\npackage = "pets_sdk"\nformatter = "none"\n'


@pytest.fixture
def plugin_path(tmp_path):
    """A directory that registers sdkforge's hatch entry point, as installing sdkforge does.

    (The checkout may be installed from before the entry point existed.)
    """
    site = tmp_path / "site"
    info = site / "sdkforge_hook_under_test-0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: sdkforge-hook-under-test\nVersion: 0\n")
    declared = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text())["project"]["entry-points"]["hatch"]
    (info / "entry_points.txt").write_text("[hatch]\n" + "".join(f"{k} = {v}\n" for k, v in declared.items()))
    return site


def build_wheel(project: Path, plugin_path: Path) -> subprocess.CompletedProcess[str]:
    """``pip wheel`` without isolation, the way a CI or a developer builds offline."""
    return subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index",
         "--disable-pip-version-check", "-q", "-w", "dist", "."],
        cwd=project,
        env={**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO_ROOT), str(plugin_path)])},
        capture_output=True,
        text=True,
        timeout=300,
    )


def wheel_files(project: Path) -> dict[str, str]:
    (wheel,) = (project / "dist").glob("*.whl")
    with zipfile.ZipFile(wheel) as archive:
        return {name: archive.read(name).decode() for name in archive.namelist()}


def test_entry_point_names_the_hook_module():
    from generator import hatch_hook

    declared = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text())["project"]["entry-points"]["hatch"]
    assert declared == {"sdkforge": "generator.hatch_hook"}
    assert hatch_hook.hatch_register_build_hook().PLUGIN_NAME == "sdkforge"


def test_building_the_wheel_regenerates_the_sdk_first(tmp_path, plugin_path, monkeypatch):
    project = tmp_path / "project"
    project.mkdir()
    spec = project / "api.yaml"
    spec.write_text(PETSTORE.read_text())
    (project / "pyproject.toml").write_text(SDK_PROJECT.format(hook="", sdkforge=TOOL_SDKFORGE))
    # An SDK generated from an older spec is on disk; the spec has moved on since.
    monkeypatch.chdir(project)
    assert main(["generate"]) == 0
    spec.write_text(spec.read_text().replace("operationId: getInventory", "operationId: countPets"))

    result = build_wheel(project, plugin_path)
    assert result.returncode == 0, result.stderr + result.stdout
    files = wheel_files(project)
    assert "pets_sdk/client.py" in files and "pets_sdk/core/http_client.py" in files
    store_client = files["pets_sdk/store/client.py"]
    assert "def count_pets(" in store_client and "def get_inventory(" not in store_client
    assert store_client == (project / "sdk" / "pets_sdk" / "store" / "client.py").read_text()


def hatchling_wheel(project: Path) -> Path:
    """Build in-process with hatchling's API, the hook registered as its entry point would."""
    from hatchling.builders.wheel import WheelBuilder
    from hatchling.plugin.manager import PluginManager

    from generator import hatch_hook

    plugins = PluginManager()
    plugins.manager.register(hatch_hook, name="sdkforge")
    builder = WheelBuilder(str(project), plugin_manager=plugins)
    (artifact,) = builder.build(directory=str(project / "dist"), versions=["standard"])
    return Path(artifact)


def test_hook_reads_its_own_table(tmp_path):
    project = tmp_path / "project"
    project.mkdir()
    (project / "api.yaml").write_text(PETSTORE.read_text())
    hook = 'spec = "api.yaml"\noutput = "sdk"\npackage = "pets_sdk"\nformatter = "none"\n'
    (project / "pyproject.toml").write_text(SDK_PROJECT.format(hook=hook, sdkforge=""))
    with zipfile.ZipFile(hatchling_wheel(project)) as archive:
        assert "pets_sdk/pets/client.py" in archive.namelist()


def test_a_spec_error_fails_the_build_and_writes_nothing(tmp_path):
    from generator.hatch_hook import SdkforgeBuildError

    project = tmp_path / "project"
    project.mkdir()
    (project / "api.yaml").write_text("openapi: 3.0.3\ninfo: {title: x, version: '1'}\npaths:\n  /x/{id}:\n    get:\n      responses: {}\n")
    (project / "pyproject.toml").write_text(SDK_PROJECT.format(hook="", sdkforge=TOOL_SDKFORGE))
    with pytest.raises(SdkforgeBuildError, match=r"api.yaml.*path parameter \{id\} is not declared"):
        hatchling_wheel(project)
    assert not (project / "sdk").exists()


def test_pre_commit_hook_runs_sdkforge_check(tmp_path, monkeypatch):
    hooks = yaml.safe_load((REPO_ROOT / ".pre-commit-hooks.yaml").read_text())
    (hook,) = [h for h in hooks if h["id"] == "sdkforge-check"]
    assert shlex.split(hook["entry"]) == ["sdkforge", "check"]
    assert hook["language"] == "python" and hook["pass_filenames"] is False
    scripts = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text())["project"]["scripts"]
    assert scripts["sdkforge"] == "generator.cli:run"

    # Run the hook's command the way pre-commit would, in a repository using sdkforge.
    (tmp_path / "api.yaml").write_text(PETSTORE.read_text())
    (tmp_path / "pyproject.toml").write_text(TOOL_SDKFORGE)
    command = [sys.executable, "-m", "generator", *shlex.split(hook["entry"])[1:]]
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    stale = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True)
    assert stale.returncode == 1 and "sdkforge generate" in stale.stdout
    monkeypatch.chdir(tmp_path)
    assert main(["generate"]) == 0
    assert main(shlex.split(hook["entry"])[1:]) == 0

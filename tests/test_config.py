"""Configuration: [tool.sdkforge] or sdkforge.yaml, several targets, flags override, unknown keys named."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.cli import main
from generator.config import ConfigError, Overrides, resolve_targets
from tests.goldens import REPO_ROOT

PETSTORE = REPO_ROOT / "tests" / "fixtures" / "specs" / "petstore_minimal.yaml"
DIFF_BASE = REPO_ROOT / "tests" / "fixtures" / "diff" / "base.yaml"

TWO_TARGETS = """\
[tool.sdkforge]
formatter = "none"          # shared by every target
line_length = 100

[tool.sdkforge.targets.pets]
spec = "specs/pets.yaml"
output = "sdks/pets"
package = "pets_sdk"

[tool.sdkforge.targets.shop]
spec = "specs/shop.yaml"
output = "sdks/shop"
package = "shop_sdk"
line_length = 120
strict = true
"""


@pytest.fixture
def project(tmp_path, monkeypatch):
    (tmp_path / "specs").mkdir()
    shutil.copy(PETSTORE, tmp_path / "specs" / "pets.yaml")
    shutil.copy(DIFF_BASE, tmp_path / "specs" / "shop.yaml")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_several_targets_in_pyproject_are_all_generated(project, capsys):
    (project / "pyproject.toml").write_text(TWO_TARGETS)
    assert main(["generate"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2 and "pets_sdk" in lines[0] and "shop_sdk" in lines[1]
    assert (project / "sdks" / "pets" / "pets_sdk" / "client.py").is_file()
    assert (project / "sdks" / "shop" / "shop_sdk" / "client.py").is_file()
    assert main(["check"]) == 0


def test_targets_inherit_shared_options_and_may_override_them(project):
    (project / "pyproject.toml").write_text(TWO_TARGETS)
    pets, shop = resolve_targets()
    assert (pets.name, pets.package, pets.formatter, pets.line_length, pets.strict) == ("pets", "pets_sdk", "none", 100, False)
    assert (shop.name, shop.line_length, shop.strict, shop.formatter) == ("shop", 120, True, "none")
    assert pets.spec == project / "specs" / "pets.yaml"
    assert shop.output == project / "sdks" / "shop"


def test_target_flag_selects_and_flags_override_config(project, capsys):
    (project / "pyproject.toml").write_text(TWO_TARGETS)
    assert main(["generate", "--target", "shop", "--output", "elsewhere", "--no-strict"]) == 0
    assert (project / "elsewhere" / "shop_sdk" / "client.py").is_file()
    assert not (project / "sdks").exists()
    (shop,) = resolve_targets(Overrides(targets=("shop",), line_length=79, strict=False))
    assert (shop.line_length, shop.strict) == (79, False)


def test_flags_naming_one_sdk_need_one_target(project, capsys):
    (project / "pyproject.toml").write_text(TWO_TARGETS)
    assert main(["generate", "--output", "x"]) == 2
    err = capsys.readouterr().err
    assert "--target" in err and "Traceback" not in err
    assert main(["generate", "--target", "nope"]) == 2
    assert "no target named 'nope'" in capsys.readouterr().err


def test_sdkforge_yaml_configures_targets_too(project, capsys):
    (project / "sdkforge.yaml").write_text(
        "formatter: none\n"
        "targets:\n"
        "  pets: {spec: specs/pets.yaml, output: out/pets, package: pets_sdk}\n"
        "  shop: {spec: specs/shop.yaml, output: out/shop, package: shop_sdk, templates: [tpl]}\n"
    )
    (project / "tpl").mkdir()
    pets, shop = resolve_targets()
    assert shop.templates == (project / "tpl",) and pets.templates == ()
    assert main(["generate", "--target", "pets"]) == 0
    assert (project / "out" / "pets" / "pets_sdk" / "__init__.py").is_file()


def test_config_paths_are_relative_to_the_config_file(project, monkeypatch):
    (project / "pyproject.toml").write_text(TWO_TARGETS)
    elsewhere = project / "specs"
    monkeypatch.chdir(elsewhere)
    assert main(["generate", "--config", "../pyproject.toml", "--target", "pets"]) == 0
    assert (project / "sdks" / "pets" / "pets_sdk").is_dir()


@pytest.mark.parametrize(
    "text, named",
    [
        ('[tool.sdkforge]\nspec = "a.yaml"\nouptut = "x"\n', "unknown key 'ouptut' (did you mean 'output'?"),
        ('[tool.sdkforge.targets.a]\nspec = "a.yaml"\nlinelength = 3\n', "[tool.sdkforge.targets.a]: unknown key 'linelength'"),
        ('[tool.sdkforge]\nline_length = "long"\n', "line_length must be an integer"),
        ('[tool.sdkforge]\nformatter = "yapf"\n', "formatter must be one of black, ruff, none"),
        ('[tool.sdkforge]\nstrict = "yes"\n', "strict must be true or false"),
        ('[tool.sdkforge]\ntargets = ["a"]\n', "'targets' must map target names to tables"),
        ('[tool.sdkforge\n', "invalid TOML"),
    ],
)
def test_configuration_errors_exit_2_and_name_the_problem(project, capsys, text, named):
    (project / "pyproject.toml").write_text(text)
    assert main(["generate"]) == 2
    err = capsys.readouterr().err
    assert named in err and "Traceback" not in err


def test_unknown_key_in_sdkforge_yaml_is_named(project, capsys):
    (project / "sdkforge.yaml").write_text("targets:\n  pets: {spec: a.yaml, output: o, pakage: p}\n")
    assert main(["check"]) == 2
    assert "targets.pets: unknown key 'pakage'" in capsys.readouterr().err


def test_two_configuration_files_are_ambiguous(project):
    (project / "pyproject.toml").write_text(TWO_TARGETS)
    (project / "sdkforge.yaml").write_text("spec: specs/pets.yaml\n")
    with pytest.raises(ConfigError, match="both"):
        resolve_targets()


def test_a_pyproject_without_the_table_is_not_configuration(project, capsys):
    (project / "pyproject.toml").write_text('[project]\nname = "x"\n')
    assert main(["generate"]) == 2
    assert "nothing to generate" in capsys.readouterr().err
    args = ["--spec", "specs/pets.yaml", "--output", "o", "--package", "pets", "--formatter", "none"]
    assert main(["generate", *args]) == 0


def test_targets_may_not_share_an_output_directory(project):
    (project / "pyproject.toml").write_text(TWO_TARGETS.replace("sdks/shop", "sdks/pets"))
    with pytest.raises(ConfigError, match="same output directory"):
        resolve_targets()


def test_missing_templates_directory_is_an_error(project):
    (project / "pyproject.toml").write_text(TWO_TARGETS + 'templates = "nowhere"\n')
    with pytest.raises(ConfigError, match="templates directory .*nowhere"):
        resolve_targets()


def test_spec_errors_in_any_target_leave_every_output_untouched(project, capsys):
    (project / "pyproject.toml").write_text(TWO_TARGETS)
    (project / "specs" / "shop.yaml").write_text("openapi: 3.0.3\ninfo: [\n")
    assert main(["generate"]) == 2
    assert not Path("sdks").exists()

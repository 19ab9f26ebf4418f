"""Template overrides: files in --templates DIR (or `templates` in the config) shadow built-ins."""

from __future__ import annotations

import shutil

from generator.cli import main
from generator.pipeline import generate
from generator.render import TEMPLATES_DIR
from tests.goldens import REPO_ROOT

PETSTORE = REPO_ROOT / "tests" / "fixtures" / "specs" / "petstore_minimal.yaml"


def make_overrides(directory):
    (directory / "project").mkdir(parents=True)
    (directory / "project" / "README.md.jinja").write_text(
        "# {{ api.title }} ({{ api.package }})\n\nHouse style: {{ api.resources | length }} resources.\n"
    )
    (directory / "core").mkdir()
    patched = (TEMPLATES_DIR / "core" / "path.py").read_text() + "\n# patched by our templates\n"
    (directory / "core" / "path.py").write_text(patched)
    return patched


def test_templates_flag_shadows_built_in_templates_of_the_same_name(tmp_path, capsys):
    patched = make_overrides(tmp_path / "tpl")
    out = tmp_path / "sdk"
    args = ["--spec", str(PETSTORE), "--output", str(out), "--package", "pets", "--formatter", "none"]
    assert main(["generate", *args, "--templates", str(tmp_path / "tpl")]) == 0
    assert (out / "README.md").read_text() == "# Minimal pet store (pets)\n\nHouse style: 2 resources.\n"
    assert (out / "pets" / "core" / "path.py").read_text() == patched
    default = generate(PETSTORE, "pets", formatter="none").files
    assert (out / "pets" / "client.py").read_text() == default["pets/client.py"], "other templates are the built-ins"
    # check compares against the output of the same templates
    assert main(["check", *args, "--templates", str(tmp_path / "tpl")]) == 0
    assert main(["check", *args]) == 1


def test_templates_from_the_configuration(tmp_path, monkeypatch):
    make_overrides(tmp_path / "house-templates")
    shutil.copy(PETSTORE, tmp_path / "api.yaml")
    (tmp_path / "pyproject.toml").write_text(
        '[tool.sdkforge]\nspec = "api.yaml"\noutput = "sdk"\npackage = "pets"\n'
        'formatter = "none"\ntemplates = ["house-templates"]\n'
    )
    monkeypatch.chdir(tmp_path)
    assert main(["generate"]) == 0
    assert (tmp_path / "sdk" / "README.md").read_text().startswith("# Minimal pet store (pets)")


def test_readme_lists_every_built_in_template():
    readme = (REPO_ROOT / "README.md").read_text()
    section = readme[readme.index("### Template overrides") :]
    for template in sorted(TEMPLATES_DIR.rglob("*.jinja")):
        name = template.relative_to(TEMPLATES_DIR).as_posix()
        assert f"`{name}`" in section, f"README does not document template {name}"
    assert "`core/*.py`" in section

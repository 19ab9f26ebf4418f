"""`sdkforge diff OLD NEW`: each SDK surface change, breaking or compatible, and the semver bump."""

from __future__ import annotations

import json

import pytest

from generator import ir, surface_diff
from generator.cli import main
from generator.surface_diff import compare_types, diff_specs
from tests.goldens import REPO_ROOT

FIXTURES = REPO_ROOT / "tests" / "fixtures" / "diff"
BASE = FIXTURES / "base.yaml"

# base.yaml → breaking.yaml: every kind of breaking change, plus three additions.
EXPECTED_BREAKING = {
    ("method_removed", "client.pets.delete_pet", True),
    ("resource_removed", "client.owners", True),
    ("model_removed", "Owner", True),
    ("model_removed", "Toy", True),
    ("field_removed", "Pet.toy", True),
    ("required_parameter_added", "client.pets.list_pets(shelter)", True),
    ("type_narrowed", "client.pets.list_pets(limit)", True),  # number → integer
    ("type_changed", "client.pets.create_pet(tag)", True),  # string → integer
    ("type_widened", "Pet.id", True),  # integer → number in a model callers read
    ("enum_value_removed", "PetKind['bird']", True),
    ("path_changed", "client.pets.show_pet_by_id", True),  # /pets/{id} → /animals/{id}
    ("method_added", "client.pets.update_pet", False),
    ("field_added", "Pet.nickname", False),
    ("enum_value_added", "PetKind['fish']", False),
}

# base.yaml → compatible.yaml: additions only.
EXPECTED_COMPATIBLE = {
    ("method_added", "client.pets.update_pet", False),
    ("resource_added", "client.vets", False),
    ("model_added", "Vet", False),
    ("parameter_added", "client.pets.list_pets(offset)", False),
    ("type_widened", "client.pets.list_pets(tag)", False),  # str → str | int, an argument
    ("field_added", "Pet.nickname", False),
    ("enum_value_added", "PetKind['fish']", False),
    ("method_deprecated", "client.pets.list_pets", False),
}


def kinds(result):
    return {(c.kind, c.subject, c.breaking) for c in result.changes}


def test_each_breaking_change_is_classified():
    result = diff_specs(BASE, FIXTURES / "breaking.yaml")
    assert kinds(result) == EXPECTED_BREAKING
    assert result.bump == "major"


def test_additions_are_compatible_and_imply_a_minor_bump():
    result = diff_specs(BASE, FIXTURES / "compatible.yaml")
    assert kinds(result) == EXPECTED_COMPATIBLE
    assert result.bump == "minor" and not result.breaking


def test_the_reverse_of_additions_is_breaking():
    result = diff_specs(FIXTURES / "compatible.yaml", BASE)
    assert {(c.kind, c.subject) for c in result.breaking} >= {
        ("method_removed", "client.pets.update_pet"),
        ("resource_removed", "client.vets"),
        ("model_removed", "Vet"),
        ("parameter_removed", "client.pets.list_pets(offset)"),
        ("type_narrowed", "client.pets.list_pets(tag)"),
        ("field_removed", "Pet.nickname"),
        ("enum_value_removed", "PetKind['fish']"),
    }


def test_documentation_changes_are_a_patch_and_identical_specs_need_no_bump():
    docs = diff_specs(BASE, FIXTURES / "docs_only.yaml")
    assert docs.changes == () and docs.bump == "patch"
    same = diff_specs(BASE, BASE)
    assert same.changes == () and same.bump == "none"


def test_diff_compares_the_two_irs_built_by_the_parser(monkeypatch):
    built = []
    real = surface_diff.build_api

    def spy(doc, package):
        built.append(doc.path)
        return real(doc, package)

    monkeypatch.setattr(surface_diff, "build_api", spy)
    diff_specs(BASE, FIXTURES / "docs_only.yaml")
    assert built == [BASE, FIXTURES / "docs_only.yaml"]


def test_cli_exits_1_on_breaking_changes_and_lists_them(capsys):
    assert main(["diff", str(BASE), str(FIXTURES / "breaking.yaml")]) == 1
    out = capsys.readouterr().out
    assert "breaking: client.pets.delete_pet: method removed (DELETE /pets/{pet_id})" in out
    assert "compatible: Pet.nickname: new optional field" in out
    assert out.rstrip().endswith("11 breaking, 3 compatible: major version bump")


def test_cli_exits_0_for_compatible_changes(capsys):
    assert main(["diff", str(BASE), str(FIXTURES / "compatible.yaml")]) == 0
    assert "minor version bump" in capsys.readouterr().out


def test_cli_json_report(capsys):
    assert main(["diff", "--json", str(BASE), str(FIXTURES / "breaking.yaml")]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["bump"] == "major"
    assert report["breaking"] == 11 and report["compatible"] == 3
    assert {(c["kind"], c["subject"], c["breaking"]) for c in report["changes"]} == EXPECTED_BREAKING
    assert all(set(c) == {"kind", "breaking", "subject", "detail"} for c in report["changes"])


def test_cli_spec_error_exits_2(tmp_path, capsys):
    broken = tmp_path / "broken.yaml"
    broken.write_text("openapi: 3.0.3\ninfo: {title: x, version: '1'}\npaths:\n  /x/{id}:\n    get:\n      responses: {}\n")
    assert main(["diff", str(BASE), str(broken)]) == 2
    err = capsys.readouterr().err
    assert "path parameter {id} is not declared" in err and "Traceback" not in err


S = ir.TypeRef("builtin", name="str")
I = ir.TypeRef("builtin", name="int")
F = ir.TypeRef("builtin", name="float")
DOG = ir.TypeRef("literal", values=("dog",))
DOG_CAT = ir.TypeRef("literal", values=("dog", "cat"))


@pytest.mark.parametrize(
    "old, new, verdict",
    [
        (S, S, "same"),
        (I, F, "widened"),
        (F, I, "narrowed"),
        (S, ir.optional(S), "widened"),
        (ir.optional(S), S, "narrowed"),
        (S, I, "changed"),
        (S, ir.ANY, "widened"),
        (ir.ANY, S, "narrowed"),
        (DOG, DOG_CAT, "widened"),
        (DOG_CAT, S, "widened"),
        (ir.TypeRef("union", args=(S, I)), ir.TypeRef("union", args=(I, S)), "same"),
        (ir.TypeRef("list", args=(I,)), ir.TypeRef("list", args=(F,)), "widened"),
        (ir.TypeRef("map", args=(S,)), ir.TypeRef("list", args=(S,)), "changed"),
        (ir.TypeRef("model", name="Pet"), ir.TypeRef("model", name="Animal"), "changed"),
        (ir.TypeRef("literal", values=(True,)), ir.TypeRef("literal", values=(1,)), "changed"),
    ],
)
def test_type_comparison(old, new, verdict):
    assert compare_types(old, new) == verdict

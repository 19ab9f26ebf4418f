"""The writer: incremental atomic writes, the manifest, .sdkforgeignore, interruptions."""

from __future__ import annotations

import os
import stat

import pytest

from generator import writer
from generator.errors import SpecError
from generator.writer import IGNORE_NAME, MANIFEST_NAME, IgnoreRules, plan_writes, write_files

V1 = {
    "pkg/__init__.py": "x = 1\n",
    "pkg/client.py": "client = 1\n",
    "pkg/old/__init__.py": "old = 1\n",
    "README.md": "# v1\n",
}


def tree(root):
    return {
        p.relative_to(root).as_posix(): p.read_text()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def mtimes(root):
    return {p: p.stat().st_mtime_ns for p in root.rglob("*") if p.is_file()}


def listed(root):
    return [line for line in (root / MANIFEST_NAME).read_text().splitlines() if not line.startswith("#")]


def test_first_write_creates_files_and_a_sorted_manifest(tmp_path):
    summary = write_files(tmp_path, V1)
    assert (summary.written, summary.unchanged, summary.removed) == (4, 0, 0)
    assert tree(tmp_path) == {**V1, MANIFEST_NAME: (tmp_path / MANIFEST_NAME).read_text()}
    assert listed(tmp_path) == sorted(V1)
    assert (tmp_path / MANIFEST_NAME).read_text().startswith("# ")


def test_second_write_writes_nothing_and_keeps_modification_times(tmp_path):
    write_files(tmp_path, V1)
    before = mtimes(tmp_path)
    summary = write_files(tmp_path, dict(reversed(list(V1.items()))))
    assert (summary.written, summary.unchanged, summary.removed) == (0, 4, 0)
    assert mtimes(tmp_path) == before


def test_only_changed_files_are_rewritten(tmp_path):
    write_files(tmp_path, V1)
    before = mtimes(tmp_path)
    summary = write_files(tmp_path, {**V1, "pkg/client.py": "client = 2\n"})
    assert summary.written_paths == ("pkg/client.py",)
    after = mtimes(tmp_path)
    changed = {p.relative_to(tmp_path).as_posix() for p in after if after[p] != before[p]}
    assert changed == {"pkg/client.py"}


def test_stale_generated_files_are_removed_and_unknown_files_kept(tmp_path):
    write_files(tmp_path, V1)
    (tmp_path / "pkg" / "helpers.py").write_text("# hand-written\n")
    (tmp_path / "notes.txt").write_text("mine\n")
    (tmp_path / "pkg" / "__pycache__").mkdir()
    (tmp_path / "pkg" / "__pycache__" / "x.pyc").write_bytes(b"\0")
    v2 = {k: v for k, v in V1.items() if not k.startswith("pkg/old/")}
    v2["pkg/new.py"] = "new = 1\n"
    summary = write_files(tmp_path, v2)
    assert summary.removed_paths == ("pkg/old/__init__.py",)
    assert not (tmp_path / "pkg" / "old").exists(), "an emptied directory is removed too"
    assert (tmp_path / "pkg" / "helpers.py").read_text() == "# hand-written\n"
    assert (tmp_path / "notes.txt").read_text() == "mine\n"
    assert (tmp_path / "pkg" / "__pycache__" / "x.pyc").exists()
    assert listed(tmp_path) == sorted(v2)


def test_without_a_manifest_nothing_is_removed(tmp_path):
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "legacy.py").write_text("legacy\n")
    write_files(tmp_path, V1)
    assert (tmp_path / "pkg" / "legacy.py").exists()


def test_directory_with_unknown_files_survives_removal_of_its_generated_files(tmp_path):
    write_files(tmp_path, V1)
    (tmp_path / "pkg" / "old" / "mine.py").write_text("keep\n")
    write_files(tmp_path, {k: v for k, v in V1.items() if not k.startswith("pkg/old/")})
    assert tree(tmp_path / "pkg" / "old") == {"mine.py": "keep\n"}


def test_sdkforgeignore_protects_hand_edited_generated_files(tmp_path):
    write_files(tmp_path, V1)
    (tmp_path / "pkg" / "client.py").write_text("client = 'edited by hand'\n")
    (tmp_path / "pkg" / "old" / "__init__.py").write_text("old = 'edited'\n")
    (tmp_path / IGNORE_NAME).write_text("# protected\npkg/client.py\nold/\n")
    v2 = {k: v + "# v2\n" for k, v in V1.items() if not k.startswith("pkg/old/")}
    summary = write_files(tmp_path, v2)
    assert (tmp_path / "pkg" / "client.py").read_text() == "client = 'edited by hand'\n"
    assert (tmp_path / "pkg" / "old" / "__init__.py").read_text() == "old = 'edited'\n", "ignored stale file kept"
    assert (tmp_path / "README.md").read_text() == "# v1\n# v2\n"
    assert summary.ignored == 1 and summary.removed == 0
    assert plan_writes(tmp_path, v2).up_to_date


def test_sdkforge_never_deletes_outside_the_output_directory(tmp_path):
    out = tmp_path / "out"
    write_files(out, V1)
    victim = tmp_path / "victim.py"
    victim.write_text("precious\n")
    (out / MANIFEST_NAME).write_text("../victim.py\n/etc/passwd\npkg/../../victim.py\nREADME.md\n")
    write_files(out, {"pkg/__init__.py": "x = 1\n"})
    assert victim.read_text() == "precious\n"
    assert not (out / "README.md").exists()


def test_paths_leaving_the_output_directory_are_refused(tmp_path):
    with pytest.raises(SpecError, match="outside the output directory"):
        write_files(tmp_path, {"../evil.py": ""})
    with pytest.raises(SpecError):
        write_files(tmp_path, {MANIFEST_NAME: ""})


def test_new_files_get_ordinary_permissions_and_replacements_keep_theirs(tmp_path):
    write_files(tmp_path, V1)
    umask = os.umask(0)
    os.umask(umask)
    mode = stat.S_IMODE((tmp_path / "README.md").stat().st_mode)
    assert mode == 0o666 & ~umask
    (tmp_path / "README.md").chmod(0o640)
    write_files(tmp_path, {**V1, "README.md": "# v2\n"})
    assert stat.S_IMODE((tmp_path / "README.md").stat().st_mode) == 0o640


def test_interrupted_run_leaves_usable_output_and_the_next_run_finishes_it(tmp_path, monkeypatch):
    write_files(tmp_path, V1)
    v2 = {k: v.replace("1", "2") for k, v in V1.items() if not k.startswith("pkg/old/")}
    v2["pkg/extra/__init__.py"] = "extra = 2\n"
    real_replace = os.replace
    calls = []

    def flaky_replace(src, dst, **kwargs):
        calls.append(dst)
        if len(calls) == 3:  # manifest, one file, then the "power cut"
            raise KeyboardInterrupt
        real_replace(src, dst, **kwargs)

    monkeypatch.setattr(writer.os, "replace", flaky_replace)
    with pytest.raises(KeyboardInterrupt):
        write_files(tmp_path, v2)
    monkeypatch.setattr(writer.os, "replace", real_replace)

    on_disk = tree(tmp_path)
    assert not [p for p in on_disk if p.endswith(".sdkforge-tmp")], "no temporary file is left behind"
    for path, text in on_disk.items():
        if path != MANIFEST_NAME:
            assert text in (V1.get(path), v2.get(path)), f"{path} is neither old nor new: {text!r}"
    # Every file the interrupted run might have created is already owned.
    assert set(listed(tmp_path)) >= set(V1) | set(v2)

    summary = write_files(tmp_path, v2)
    assert tree(tmp_path) == {**v2, MANIFEST_NAME: (tmp_path / MANIFEST_NAME).read_text()}
    assert summary.removed_paths == ("pkg/old/__init__.py",)


def test_temporary_files_of_a_killed_run_are_cleaned_up(tmp_path):
    write_files(tmp_path, V1)
    leftover = tmp_path / "pkg" / ".client.py.abc123.sdkforge-tmp"
    leftover.write_text("half")
    write_files(tmp_path, {**V1, "pkg/client.py": "client = 3\n"})
    assert not leftover.exists()


@pytest.mark.parametrize(
    "patterns, path, ignored",
    [
        (["client.py"], "pkg/client.py", True),
        (["/client.py"], "pkg/client.py", False),
        (["/pkg/client.py"], "pkg/client.py", True),
        (["*.md"], "docs/README.md", True),
        (["pkg/*.py"], "pkg/sub/x.py", False),
        (["pkg/**/x.py"], "pkg/a/b/x.py", True),
        (["**/core"], "pkg/core/http.py", True),
        (["core/"], "pkg/core/http.py", True),
        (["core/"], "pkg/core", False),  # a file named core is not a directory
        (["pkg/**"], "pkg/a/b.py", True),
        (["*.py", "!keep.py"], "pkg/keep.py", False),
        (["pkg/", "!pkg/keep.py"], "pkg/keep.py", True),  # git cannot re-include inside an ignored dir
        (["x?.py"], "xy.py", True),
        (["x[0-9].py"], "x5.py", True),
        (["x[!0-9].py"], "x5.py", False),
        (["# comment", "", "\\#hash.py"], "#hash.py", True),
    ],
)
def test_ignore_patterns_follow_gitignore(patterns, path, ignored):
    assert IgnoreRules(patterns).matches(path) is ignored


# --- file-system safety: symbolic links, long names, case ----------------------------------


def _snapshot(root):
    """Every path under ``root`` (links not followed) with its content or link target."""
    found = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            path = os.path.join(dirpath, name)
            if os.path.islink(path):
                found[path] = ("link", os.readlink(path))
            elif os.path.isfile(path):
                with open(path, "rb") as handle:
                    found[path] = ("file", handle.read())
            else:
                found[path] = ("dir", None)
    return found


def test_a_symlinked_directory_in_the_output_is_refused_before_anything_is_written(tmp_path):
    out, elsewhere = tmp_path / "out", tmp_path / "elsewhere"
    write_files(out, V1)
    elsewhere.mkdir()
    os.symlink(elsewhere, out / "pkg" / "sub")
    before = _snapshot(tmp_path)
    files = {**V1, "README.md": "# v2\n", "pkg/sub/evil.py": "x = 1\n"}
    with pytest.raises(SpecError, match="symbolic link"):
        write_files(out, files)
    assert _snapshot(tmp_path) == before, "something was written although the plan was refused"
    assert list(elsewhere.iterdir()) == []


def test_a_symlinked_directory_pointing_inside_the_output_is_refused_too(tmp_path):
    out = tmp_path / "out"
    (out / "real").mkdir(parents=True)
    os.symlink(out / "real", out / "pkg")
    with pytest.raises(SpecError, match="symbolic link"):
        write_files(out, {"pkg/a.py": "a = 1\n"})
    assert list((out / "real").iterdir()) == []


def test_a_link_swapped_in_after_planning_is_not_followed(tmp_path):
    """The plan saw a real directory; by the time of writing it is a link: the
    write is refused (O_NOFOLLOW on every directory), nothing lands outside."""
    out, elsewhere = tmp_path / "out", tmp_path / "elsewhere"
    (out / "pkg").mkdir(parents=True)
    elsewhere.mkdir()
    plan = plan_writes(out, {"pkg/a.py": "a = 1\n"})
    (out / "pkg").rmdir()
    os.symlink(elsewhere, out / "pkg")
    with pytest.raises(SpecError, match="symbolic link"):
        writer.apply_plan(plan)
    assert list(elsewhere.iterdir()) == []


def test_a_file_that_is_a_symlink_is_replaced_and_never_read_or_written_through(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    os.symlink(victim, out / "README.md")
    plan = plan_writes(out, {"README.md": "precious"})
    assert plan.create == ("README.md",), "the link's target was read as if it were the file"
    writer.apply_plan(plan)
    assert victim.read_text() == "precious"
    assert not (out / "README.md").is_symlink() and (out / "README.md").read_text() == "precious"


def test_stale_files_behind_a_symlinked_directory_are_not_removed(tmp_path):
    out, elsewhere = tmp_path / "out", tmp_path / "elsewhere"
    write_files(out, V1)
    elsewhere.mkdir()
    (elsewhere / "__init__.py").write_text("precious\n")
    for name in os.listdir(out / "pkg" / "old"):
        os.unlink(out / "pkg" / "old" / name)
    (out / "pkg" / "old").rmdir()
    os.symlink(elsewhere, out / "pkg" / "old")
    write_files(out, {k: v for k, v in V1.items() if not k.startswith("pkg/old/")})
    assert (elsewhere / "__init__.py").read_text() == "precious\n"


@pytest.mark.parametrize(
    "relative",
    ["pkg/" + "x" * 256 + ".py", "x" * (writer.MAX_NAME_BYTES + 1), "pkg/" + "é" * 101 + ".py", "/".join(["d" * 100] * 40) + "/a.py"],
    ids=["256-bytes", "over-limit", "multibyte", "deep-path"],
)
def test_paths_the_file_system_cannot_hold_are_refused_before_anything_is_written(tmp_path, relative):
    out = tmp_path / "out"
    with pytest.raises(SpecError, match="cannot write"):
        write_files(out, {"README.md": "# v1\n", "pkg/__init__.py": "", relative: "x = 1\n"})
    assert not out.exists()


def test_a_name_at_the_limit_is_written(tmp_path):
    name = "x" * (writer.MAX_NAME_BYTES - 3) + ".py"
    write_files(tmp_path, {name: "x = 1\n"})
    assert (tmp_path / name).read_text() == "x = 1\n"


def test_paths_that_differ_only_in_case_are_refused(tmp_path):
    with pytest.raises(SpecError, match="differ only in case"):
        write_files(tmp_path, {"pkg/types/foo.py": "", "pkg/types/Foo.py": ""})
    with pytest.raises(SpecError, match="differ only in case"):
        write_files(tmp_path, {"pkg/Types/a.py": "", "pkg/types/b.py": ""})
    assert list(tmp_path.iterdir()) == []


def test_a_file_where_a_directory_must_go_is_refused_before_writing(tmp_path):
    write_files(tmp_path, {"pkg": "not a directory\n"}, manifest=False)
    with pytest.raises(SpecError, match="not a directory"):
        write_files(tmp_path, {"README.md": "# v1\n", "pkg/a.py": ""})
    assert not (tmp_path / "README.md").exists()


def test_the_path_based_fallback_writes_and_refuses_links_too(tmp_path, monkeypatch):
    """Where directory descriptors are unavailable (Windows), paths are checked
    with lstat right before each write instead."""
    monkeypatch.setattr(writer, "_USE_DIR_FD", False)
    out, elsewhere = tmp_path / "out", tmp_path / "elsewhere"
    write_files(out, V1)
    assert tree(out) == {**V1, MANIFEST_NAME: (out / MANIFEST_NAME).read_text()}
    write_files(out, {**V1, "pkg/client.py": "client = 2\n"})
    assert (out / "pkg" / "client.py").read_text() == "client = 2\n"
    elsewhere.mkdir()
    plan = plan_writes(out, {**V1, "pkg/sub/a.py": "a = 1\n"})
    os.symlink(elsewhere, out / "pkg" / "sub")
    with pytest.raises(SpecError, match="symbolic link"):
        writer.apply_plan(plan)
    assert list(elsewhere.iterdir()) == []

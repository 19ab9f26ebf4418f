"""The writer: incremental atomic writes, the manifest, .sdkforgeignore, interruptions."""

from __future__ import annotations

import errno
import itertools
import os
import stat
import threading
import time
import types

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


UNNAMED_FILES_USABLE = writer._UnnamedFiles.usable  # at collection, before any test ran


@pytest.fixture(autouse=True)
def unnamed_files_as_found(monkeypatch):
    """A failure a test injects (here or in another file) turns unnamed files off
    for the process: each test here starts as the platform allows."""
    monkeypatch.setattr(writer._UnnamedFiles, "usable", UNNAMED_FILES_USABLE)


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
    calls = []

    def power_cut_on_the_third(dst):
        calls.append(dst)
        if len(calls) == 3:  # manifest, one file, then the "power cut"
            raise KeyboardInterrupt

    undo = intercept_naming(monkeypatch, power_cut_on_the_third)
    with pytest.raises(KeyboardInterrupt):
        write_files(tmp_path, v2)
    undo()

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


# --- many files: parallel writes, cached directory descriptors ------------------------------

needs_dir_fd = pytest.mark.skipif(not writer._USE_DIR_FD, reason="directory descriptors unavailable")


@pytest.fixture
def slow_disk(monkeypatch):
    """Every batch counts as slow: files after the first batch go to the threads."""
    monkeypatch.setattr(writer, "SLOW_WRITE_SECONDS", 0.0)


@pytest.fixture
def fast_disk(monkeypatch):
    monkeypatch.setattr(writer, "SLOW_WRITE_SECONDS", float("inf"))


def many_path(i, directories=12):
    """Every directory holds files and a subdirectory ``a`` (opened first, on the way)."""
    return f"pkg/d{i % directories}/m{i}.py" if i // directories % 2 else f"pkg/d{i % directories}/a/m{i}.py"


def many_files(count=120, directories=12, version=1):
    """More files than PARALLEL_WRITE_THRESHOLD (32), spread over nested directories."""
    return {many_path(i, directories): f"v = {version}  # {i}\n" * (i % 7 + 1) for i in range(count)}


def modes_and_bytes(root):
    """Every path under ``root`` with its permission bits and (for files) its bytes."""
    found = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            path = os.path.join(dirpath, name)
            mode = os.lstat(path).st_mode
            content = None
            if stat.S_ISREG(mode):
                with open(path, "rb") as handle:
                    content = handle.read()
            found[os.path.relpath(path, root)] = (stat.S_IFMT(mode), stat.S_IMODE(mode), content)
    return found


def temporaries(root):
    return [p for p in root.rglob("*") if p.name.endswith(".sdkforge-tmp")]


def intercept_naming(monkeypatch, hook):
    """Call ``hook(name)`` right before a complete file gets its name: ``os.link``
    for a new file written unnamed, ``os.replace`` for a temporary renamed over
    an old one (or everywhere unnamed files are unavailable). Returns the undo."""
    reals = {name: getattr(os, name) for name in ("replace", "link")}

    def wrapped(real):
        def naming(src, dst, **kwargs):
            hook(dst)
            return real(src, dst, **kwargs)

        return naming

    for name, real in reals.items():
        monkeypatch.setattr(writer.os, name, wrapped(real))

    def undo():
        for name, real in reals.items():
            monkeypatch.setattr(writer.os, name, real)

    return undo


def write_threads(monkeypatch):
    """Record the thread of every planned file write."""
    threads = []
    real = writer._atomic_write_at

    def recording(dir_fd, name, data):
        threads.append(threading.current_thread().name)
        real(dir_fd, name, data)

    monkeypatch.setattr(writer, "_atomic_write_at", recording)
    return threads


def open_descriptors():
    return len(os.listdir("/proc/self/fd")) if os.path.isdir("/proc/self/fd") else None


@needs_dir_fd
def test_when_writing_is_slow_the_files_after_the_first_batch_go_to_worker_threads(tmp_path, monkeypatch, slow_disk):
    threads = write_threads(monkeypatch)
    write_files(tmp_path / "many", many_files())
    main = threading.current_thread().name
    batch = writer.PARALLEL_WRITE_THRESHOLD
    assert len(threads) == 1 + 120 + 1  # the widened manifest, the files, the final manifest
    assert set(threads[: 1 + batch]) == {main} and threads[-1] == main
    assert all(name.startswith("sdkforge-write") for name in threads[1 + batch : -1])
    assert len(set(threads[1 + batch : -1])) > 1, "the writes were not spread over several threads"
    assert not [t for t in threading.enumerate() if t.name.startswith("sdkforge-write")], "a worker outlived the run"
    threads.clear()
    write_files(tmp_path / "few", {**V1, **dict(list(many_files().items())[:60])})
    assert len(threads) == 64 + 2 and set(threads) == {main}, "the rest was too small to be worth threads"


@needs_dir_fd
def test_when_writing_is_fast_every_file_is_written_by_the_caller(tmp_path, monkeypatch, fast_disk):
    threads = write_threads(monkeypatch)
    write_files(tmp_path, many_files())
    assert len(threads) == 122 and set(threads) == {threading.current_thread().name}


@needs_dir_fd
def test_the_first_slow_batch_switches_to_threads(tmp_path, monkeypatch):
    """Writing is timed batch by batch; a slow batch later in the run still switches."""
    threads = write_threads(monkeypatch)
    clock = itertools.chain([0.0, 0.0, 0.0, 1.0], itertools.repeat(1.0))  # batch 1 takes no time, batch 2 a second
    monkeypatch.setattr(writer, "time", types.SimpleNamespace(perf_counter=lambda: next(clock)))
    write_files(tmp_path, many_files(), manifest=False)
    assert len(threads) == 120
    assert set(threads[:64]) == {threading.current_thread().name}
    assert all(name.startswith("sdkforge-write") for name in threads[64:])


@needs_dir_fd
def test_parallel_writes_give_the_same_bytes_and_modes_as_writing_one_by_one(tmp_path, monkeypatch):
    umask = os.umask(0o027)  # an unusual umask shows any file created with the wrong mode
    try:
        monkeypatch.setattr(writer, "_UMASK", None)  # read again, before the threads start
        results = {}
        for label, seconds in (("parallel", 0.0), ("serial", float("inf"))):
            monkeypatch.setattr(writer, "SLOW_WRITE_SECONDS", seconds)
            out = tmp_path / label
            write_files(out, many_files())
            (out / many_path(3)).chmod(0o640)  # an update keeps the file's own mode
            (out / many_path(13)).chmod(0o600)
            summary = write_files(out, many_files(version=2))
            assert summary.written == 120
            results[label] = modes_and_bytes(out)
        assert os.umask(0o027) == 0o027, "the process umask was changed"
    finally:
        os.umask(umask)
    assert results["parallel"] == results["serial"]
    files = results["parallel"]
    kept_640, kept_600 = os.path.normpath(many_path(3)), os.path.normpath(many_path(13))
    assert files[kept_640][1:] == (0o640, b"v = 2  # 3\n" * 4)
    assert files[kept_600][1] == 0o600
    new_modes = {
        mode for path, (kind, mode, _) in files.items() if stat.S_ISREG(kind) and path not in (kept_640, kept_600)
    }
    assert new_modes == {0o666 & ~0o027}
    assert sum(content is not None for _, _, content in files.values()) == 121


@needs_dir_fd
def test_a_link_swapped_in_among_many_files_raises_the_clear_error_and_leaves_no_temporaries(tmp_path, monkeypatch):
    messages = {}
    for label, seconds in (("parallel", 0.0), ("serial", float("inf"))):
        monkeypatch.setattr(writer, "SLOW_WRITE_SECONDS", seconds)
        out, elsewhere = tmp_path / label / "out", tmp_path / label / "elsewhere"
        files = many_files()
        write_files(out, files)
        elsewhere.mkdir()
        plan = plan_writes(out, many_files(version=2))
        os.rename(out / "pkg" / "d7", tmp_path / label / "d7-moved")
        os.symlink(elsewhere, out / "pkg" / "d7")
        with pytest.raises(SpecError, match="symbolic link") as raised:
            writer.apply_plan(plan)
        messages[label] = str(raised.value).replace(label, "<label>")
        assert list(elsewhere.iterdir()) == [], "a file was written through the link"
        assert not temporaries(tmp_path / label)
        for relative, text in files.items():
            if not relative.startswith("pkg/d7/"):
                assert (out / relative).read_text() in (text, many_files(version=2)[relative])
        assert not [t for t in threading.enumerate() if t.name.startswith("sdkforge-write")]
    assert messages["parallel"] == messages["serial"]
    assert "pkg/d7: is a symbolic link" in messages["parallel"]


@needs_dir_fd
def test_a_failing_write_on_a_worker_raises_unchanged_and_stops_every_worker(tmp_path, monkeypatch, slow_disk):
    out = tmp_path / "out"
    before = open_descriptors()
    failed_on = []

    def full_disk(dst):
        if dst == "m50.py":
            failed_on.append(threading.current_thread().name)
            raise OSError(28, "No space left on device")

    undo = intercept_naming(monkeypatch, full_disk)
    with pytest.raises(OSError) as raised:
        write_files(out, many_files())
    undo()
    assert failed_on[0].startswith("sdkforge-write")
    assert type(raised.value) is OSError
    assert (raised.value.errno, raised.value.strerror) == (28, "No space left on device")
    assert not [t for t in threading.enumerate() if t.name.startswith("sdkforge-write")], "a worker outlived the run"
    assert not temporaries(out)
    assert not (out / many_path(50)).exists()
    assert open_descriptors() == before, "a directory descriptor was left open"
    # Every file it may have created is owned, and the next run finishes the job.
    assert set(listed(out)) == set(many_files())
    write_files(out, many_files())
    assert tree(out) == {**many_files(), MANIFEST_NAME: (out / MANIFEST_NAME).read_text()}


@needs_dir_fd
def test_an_interrupt_on_a_worker_leaves_every_file_old_or_new(tmp_path, monkeypatch, slow_disk):
    out = tmp_path / "out"
    v1, v2 = many_files(), many_files(version=2)
    write_files(out, v1)
    calls = itertools.count()  # next() is atomic; a list's len() would race

    def interrupt_on_the_fortieth(dst):
        call = next(calls)
        if call == 39:
            time.sleep(0.3)  # by now every write is queued or running
            raise KeyboardInterrupt
        if call > 39:
            time.sleep(0.2)  # writes still running when the interrupt arrives

    undo = intercept_naming(monkeypatch, interrupt_on_the_fortieth)
    with pytest.raises(KeyboardInterrupt):
        write_files(out, v2)
    undo()
    assert not temporaries(out)
    on_disk = tree(out)
    assert all(on_disk[p] in (v1[p], v2[p]) for p in v2)
    # The writes already running finished; those still queued never started.
    assert 39 <= sum(on_disk[p] == v2[p] for p in v2) < 40 + 3 * writer.MAX_WRITE_THREADS
    assert not [t for t in threading.enumerate() if t.name.startswith("sdkforge-write")]


@needs_dir_fd
def test_stale_temporaries_are_removed_once_per_directory_before_the_parallel_writes(tmp_path, monkeypatch, slow_disk):
    out = tmp_path / "out"
    write_files(out, many_files())
    leftovers = [
        out / "pkg" / "d3" / ".m15.py.0badf00d.sdkforge-tmp",
        out / "pkg" / "d4" / "a" / ".m4.py.12345678.sdkforge-tmp",
    ]
    for leftover in leftovers:
        leftover.write_text("half")
    kept = out / "pkg" / "d3" / "notes.sdkforge-tmp"  # not a name sdkforge uses: left alone
    kept.write_text("mine")
    seen = []
    real_remove = writer._remove_stale_temporaries

    def recording(directory):
        names = os.listdir(directory)
        seen.append((os.stat(directory).st_ino, [n for n in names if n.endswith(".sdkforge-tmp")]))
        real_remove(directory)

    monkeypatch.setattr(writer, "_remove_stale_temporaries", recording)
    write_files(out, many_files(version=2), manifest=False)
    assert not [p for p in leftovers if p.exists()]
    assert kept.read_text() == "mine"
    assert temporaries(out) == [kept]
    written_into = {(out / relative).parent.stat().st_ino for relative in many_files()}
    assert sorted(inode for inode, _ in seen) == sorted(written_into), "not exactly once per directory written into"
    # Cleaned before any write there: the only temporaries seen are the planted ones.
    planted = sorted([kept.name] + [leftover.name for leftover in leftovers])
    assert sorted(name for _, names in seen for name in names) == planted


@needs_dir_fd
@pytest.mark.parametrize("seconds", [0.0, float("inf")], ids=["threads", "one-by-one"])
def test_directory_descriptors_are_capped_and_all_closed(tmp_path, monkeypatch, seconds):
    monkeypatch.setattr(writer, "SLOW_WRITE_SECONDS", seconds)
    monkeypatch.setattr(writer, "_MAX_OPEN_DIRECTORIES", 3)
    opened, most_open = [], []
    real_open = writer._open_child

    def counting(output_dir, parent_fd, parts):
        opened.append(parts)
        most_open.append(open_descriptors())
        return real_open(output_dir, parent_fd, parts)

    monkeypatch.setattr(writer, "_open_child", counting)
    before = open_descriptors()
    files = many_files(count=200, directories=30)
    write_files(tmp_path, files)
    assert tree(tmp_path) == {**files, MANIFEST_NAME: (tmp_path / MANIFEST_NAME).read_text()}
    assert open_descriptors() == before
    # The kept directories (3, and 1 past the limit), one on the way, each thread's file.
    assert max(most_open) <= before + 3 + 1 + 1 + writer.MAX_WRITE_THREADS
    assert len(opened) > len(set(opened)), "directories were never opened again after the cap"
    monkeypatch.setattr(writer, "_MAX_OPEN_DIRECTORIES", 128)
    opened.clear()
    write_files(tmp_path / "again", files)
    leaves = {relative.rpartition("/")[0] for relative in files}
    written_into = [parts for parts in opened if "/".join(parts) in leaves]
    assert len(written_into) == len(leaves), "a directory was opened twice although its descriptor was kept"


@pytest.mark.parametrize(
    "relative", ["pkg/./a.py", "pkg//a.py", "pkg/", "./a.py", "/a.py", "pkg/../a.py", "", "a\\b.py"]
)
def test_only_the_plain_form_of_a_path_is_accepted(tmp_path, relative):
    """Two spellings of one file (``pkg/a.py`` and ``pkg/./a.py``) written in
    parallel would race; every spelling but the plain one is refused."""
    with pytest.raises(SpecError, match="outside the output directory"):
        write_files(tmp_path, {"pkg/a.py": "a = 1\n", relative: "a = 2\n"})
    assert list(tmp_path.iterdir()) == []


def test_the_path_based_fallback_writes_many_files_one_by_one(tmp_path, monkeypatch):
    monkeypatch.setattr(writer, "_USE_DIR_FD", False)
    threads = []
    real = writer._atomic_write

    def recording(target, data):
        threads.append(threading.current_thread().name)
        real(target, data)

    monkeypatch.setattr(writer, "_atomic_write", recording)
    write_files(tmp_path, many_files())
    assert tree(tmp_path) == {**many_files(), MANIFEST_NAME: (tmp_path / MANIFEST_NAME).read_text()}
    assert set(threads) == {threading.current_thread().name}


@needs_dir_fd
def test_the_process_wide_umask_is_only_read_before_the_workers_start(tmp_path, monkeypatch, slow_disk):
    """Reading the umask means setting it for a moment; a worker doing that while
    another creates a file would give that file the wrong mode."""
    monkeypatch.setattr(writer, "_UMASK", None)
    callers = []
    real_umask = os.umask

    def recording_umask(mask):
        callers.append(threading.current_thread().name)
        return real_umask(mask)

    monkeypatch.setattr(writer.os, "umask", recording_umask)
    write_files(tmp_path, many_files(), manifest=False)  # no manifest written first
    assert callers and set(callers) == {threading.current_thread().name}


@needs_dir_fd
def test_after_a_failing_write_no_further_directory_is_created(tmp_path, monkeypatch, slow_disk):
    real_open_child = writer._open_child

    def failing(dst):
        if dst == "m2.py":  # the first file of d2, the first directory written by the threads
            raise OSError(28, "No space left on device")

    def slow_open_child(output_dir, parent_fd, parts):
        time.sleep(0.05)  # the failure is seen long before every directory is made
        return real_open_child(output_dir, parent_fd, parts)

    intercept_naming(monkeypatch, failing)
    monkeypatch.setattr(writer, "_open_child", slow_open_child)
    files = many_files()
    with pytest.raises(OSError, match="No space left"):
        write_files(tmp_path, files, manifest=False)
    made = {relative.rpartition("/")[0] for relative in files if (tmp_path / relative).parent.is_dir()}
    assert 8 < len(made) < 16, sorted(made)  # of 24


# --- new files written unnamed, then linked (Linux) ----------------------------------------

needs_unnamed_files = pytest.mark.skipif(not UNNAMED_FILES_USABLE, reason="O_TMPFILE or /proc unavailable")


@needs_unnamed_files
def test_a_new_file_is_linked_under_its_name_and_never_renamed(tmp_path, monkeypatch):
    real_replace = os.replace

    def no_rename(src, dst, **kwargs):
        if dst != MANIFEST_NAME:  # written twice: widened first, then final (an old file by then)
            raise AssertionError(f"renamed {src} to {dst}")
        real_replace(src, dst, **kwargs)

    monkeypatch.setattr(writer.os, "replace", no_rename)
    write_files(tmp_path, V1)
    assert tree(tmp_path) == {**V1, MANIFEST_NAME: (tmp_path / MANIFEST_NAME).read_text()}
    umask = os.umask(0)
    os.umask(umask)
    assert {stat.S_IMODE(p.stat().st_mode) for p in tmp_path.rglob("*") if p.is_file()} == {0o666 & ~umask}


@needs_unnamed_files
def test_an_interrupted_new_file_leaves_no_name_and_no_temporary(tmp_path, monkeypatch):
    write_files(tmp_path, V1)
    before = sorted(p.name for p in (tmp_path / "pkg").iterdir())

    def interrupt(dst):
        if dst == "new.py":
            raise KeyboardInterrupt

    undo = intercept_naming(monkeypatch, interrupt)
    with pytest.raises(KeyboardInterrupt):
        write_files(tmp_path, {**V1, "pkg/new.py": "new = 1\n"})
    undo()
    assert sorted(p.name for p in (tmp_path / "pkg").iterdir()) == before


@needs_unnamed_files
def test_a_name_taken_while_the_file_was_written_is_replaced_like_an_old_file(tmp_path, monkeypatch):
    real_link = os.link
    taken = []

    def someone_else_first(src, dst, **kwargs):
        if not taken:
            taken.append(dst)
            os.close(os.open(dst, os.O_WRONLY | os.O_CREAT, 0o600, dir_fd=kwargs["dst_dir_fd"]))
        return real_link(src, dst, **kwargs)

    monkeypatch.setattr(writer.os, "link", someone_else_first)
    write_files(tmp_path, V1)
    assert taken
    assert tree(tmp_path) == {**V1, MANIFEST_NAME: (tmp_path / MANIFEST_NAME).read_text()}
    assert not temporaries(tmp_path)


@needs_dir_fd
@pytest.mark.parametrize("missing", ["O_TMPFILE", "/proc", "linking"])
def test_without_unnamed_files_new_files_are_renamed_into_place(tmp_path, monkeypatch, missing):
    real_open, real_link = os.open, os.link
    if missing == "linking":  # a sandbox that refuses linking an open file, say

        def refused(src, dst, **kwargs):
            if str(src).startswith(writer._PROC_FD):
                raise PermissionError(errno.EPERM, "Operation not permitted", src)
            return real_link(src, dst, **kwargs)

        monkeypatch.setattr(writer.os, "link", refused)
    elif missing == "O_TMPFILE":
        def file_system_without(path, flags, *args, **kwargs):
            if flags & writer._O_TMPFILE == writer._O_TMPFILE and writer._O_TMPFILE:
                raise OSError(errno.EOPNOTSUPP, "Operation not supported")
            return real_open(path, flags, *args, **kwargs)

        monkeypatch.setattr(writer.os, "open", file_system_without)
    else:
        def no_proc(src, dst, **kwargs):
            if str(src).startswith(writer._PROC_FD):
                raise FileNotFoundError(errno.ENOENT, "No such file or directory", src)
            return real_link(src, dst, **kwargs)

        monkeypatch.setattr(writer.os, "link", no_proc)
        monkeypatch.setattr(writer, "_PROC_FD", str(tmp_path / "no-proc"))
    monkeypatch.setattr(writer._UnnamedFiles, "usable", True)
    renamed = []
    intercept_naming(monkeypatch, renamed.append)
    write_files(tmp_path / "out", V1)
    out = tmp_path / "out"
    assert tree(out) == {**V1, MANIFEST_NAME: (out / MANIFEST_NAME).read_text()}
    assert set(renamed) == {MANIFEST_NAME, *(path.rpartition("/")[2] for path in V1)}
    assert writer._UnnamedFiles.usable is False, "the first failure turns unnamed files off for the process"


# --- files known unchanged without reading them ----------------------------------------------


def _run_later(tmp_path, monkeypatch, files, seconds_later: float) -> tuple[writer.Plan, list[str]]:
    """Plan and apply ``files`` into tmp_path/out as a run ``seconds_later`` than now
    would (only the writer's wall clock moves); the files it read."""
    real_ns = time.time_ns
    monkeypatch.setattr(writer, "time", types.SimpleNamespace(
        time_ns=lambda: real_ns() + int(seconds_later * 1e9), perf_counter=time.perf_counter))
    read: list[str] = []
    real_read = writer._read_file
    monkeypatch.setattr(writer, "_read_file", lambda out, relative: read.append(relative) or real_read(out, relative))
    plan = plan_writes(tmp_path / "out", files, known_files=True, cache_dir=tmp_path / "cache")
    writer.apply_plan(plan)
    monkeypatch.undo()
    return plan, read


def test_files_a_run_found_unchanged_are_not_read_again(tmp_path, monkeypatch):
    _, read = _run_later(tmp_path, monkeypatch, V1, 0)
    assert sorted(read) == sorted(V1)  # nothing known yet: every path looked up
    _, read = _run_later(tmp_path, monkeypatch, V1, 10)
    assert sorted(read) == sorted(V1)  # written by the last run, too recently to trust
    plan, read = _run_later(tmp_path, monkeypatch, V1, 20)
    assert read == [] and sorted(plan.unchanged) == sorted(V1)
    v2 = {**V1, "pkg/client.py": "client = 2\n"}
    plan, read = _run_later(tmp_path, monkeypatch, v2, 30)
    assert read == ["pkg/client.py"] and plan.update == ("pkg/client.py",)
    assert tree(tmp_path / "out") == {**v2, MANIFEST_NAME: (tmp_path / "out" / MANIFEST_NAME).read_text()}


@pytest.mark.parametrize("how", ["same size", "new inode", "touched", "removed"])
def test_a_file_changed_by_hand_is_read_and_restored(tmp_path, monkeypatch, how):
    for later in (0, 10, 20):
        _run_later(tmp_path, monkeypatch, V1, later)
    target = tmp_path / "out" / "pkg" / "client.py"
    time.sleep(0.05)  # past the file system's clock tick, as any edit by hand is
    if how == "same size":
        target.write_text("client = 7\n")
    elif how == "new inode":
        replacement = target.with_name("client.tmp")
        replacement.write_text("client = 7\n")
        os.replace(replacement, target)
    elif how == "touched":
        os.utime(target, ns=(target.stat().st_atime_ns, target.stat().st_mtime_ns))  # mtime kept, ctime moves
    else:
        target.unlink()
    plan, read = _run_later(tmp_path, monkeypatch, V1, 30)
    assert read == ["pkg/client.py"]
    assert target.read_text() == V1["pkg/client.py"]
    assert (plan.update or plan.create or plan.unchanged) and "pkg/client.py" in plan.update + plan.create + plan.unchanged


def test_without_known_files_or_cache_every_file_is_read(tmp_path, monkeypatch):
    for later in (0, 10):
        _run_later(tmp_path, monkeypatch, V1, later)
    monkeypatch.setenv("SDKFORGE_NO_CACHE", "1")
    _, read = _run_later(tmp_path, monkeypatch, V1, 20)
    assert sorted(read) == sorted(V1)

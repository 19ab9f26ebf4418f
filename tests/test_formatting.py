"""Formatting: black and ruff agree, results are cached by content, the pool changes nothing."""

from __future__ import annotations

import difflib
import gc
import shutil
import sys
from pathlib import Path

import black
import pytest

from generator import cache, formatting
from generator.black_child import BlackChild
from generator.errors import SpecError
from generator.formatting import format_files
from generator.pipeline import generate
from tests.goldens import golden_cases
from tests.support.forking import reaped, rerun_alone

UGLY = "import os\ndef f(a,b):\n  return {'a':a,'b':b}\n"
PRETTY = 'import os\n\n\ndef f(a, b):\n    return {"a": a, "b": b}\n'


def _has_ruff() -> bool:
    try:
        formatting.ruff_binary()
    except SpecError:
        return False
    return True


needs_ruff = pytest.mark.skipif(not _has_ruff(), reason="ruff is not installed (pip install -e '.[dev]')")

# --- behaviour -------------------------------------------------------------------------


def test_none_returns_the_files_untouched(tmp_path):
    files = {"a.py": UGLY, "README.md": "x"}
    assert format_files(files, formatter="none", cache_dir=tmp_path) == files


def test_black_formats_python_only_and_caches_by_content(tmp_path, monkeypatch):
    files = {"a.py": UGLY, "b.py": UGLY, "README.md": "  keep  me\n"}
    calls = []
    real = formatting._run_black
    monkeypatch.setattr(formatting, "_run_black", lambda jobs, n: calls.append(len(jobs)) or real(jobs, n))
    out = format_files(files, formatter="black", cache_dir=tmp_path)
    assert out == {"a.py": PRETTY, "b.py": PRETTY, "README.md": "  keep  me\n"}
    assert calls == [1]  # identical sources are formatted once
    [namespace] = (tmp_path / "format").iterdir()
    assert namespace.name == f"black-{black.__version__}-88"
    assert list(cache.PackStore(namespace).load().values()) == [PRETTY]

    assert format_files(files, formatter="black", cache_dir=tmp_path) == out
    assert calls == [1]  # second run: everything from the cache
    format_files(files, formatter="black", cache_dir=tmp_path, line_length=100)
    assert calls == [1, 1]  # another line length is another key


def test_packs_are_merged_and_trimmed(tmp_path):
    store = cache.PackStore(tmp_path, max_packs=3)
    for i in range(5):
        store = cache.PackStore(tmp_path, max_packs=3)
        store.load()
        store.add({f"k{i}": f"v{i}"}, used=set())
    packs = list(tmp_path.glob("*.pack"))
    assert 1 <= len(packs) <= 3
    assert cache.PackStore(tmp_path).load() == {f"k{i}": f"v{i}" for i in range(5)}
    small = cache.PackStore(tmp_path, max_bytes=1)
    small.load()
    small.add({"new": "n"}, used={"k1"})
    assert cache.PackStore(tmp_path).load() == {"k1": "v1", "new": "n"}


def test_corrupt_pack_is_ignored(tmp_path):
    store = cache.PackStore(tmp_path)
    store.load()
    store.add({"a": "1"}, used=set())
    [pack] = tmp_path.glob("*.pack")
    pack.write_bytes(pack.read_bytes()[:-1] + b"!")
    assert cache.PackStore(tmp_path).load() == {}
    assert format_files({"a.py": UGLY}, cache_dir=tmp_path) == {"a.py": PRETTY}


def test_cache_can_be_turned_off(tmp_path, monkeypatch):
    monkeypatch.setenv("SDKFORGE_NO_CACHE", "1")
    assert format_files({"a.py": UGLY}, cache_dir=tmp_path) == {"a.py": PRETTY}
    assert not (tmp_path / "format").exists()


def test_default_cache_location_follows_environment(tmp_path, monkeypatch):
    monkeypatch.delenv("SDKFORGE_NO_CACHE", raising=False)
    monkeypatch.delenv("SDKFORGE_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache.cache_root() == tmp_path / "xdg" / "sdkforge"
    monkeypatch.setenv("SDKFORGE_CACHE_DIR", str(tmp_path / "mine"))
    assert cache.cache_root() == tmp_path / "mine"
    assert cache.cache_root(tmp_path / "explicit") == tmp_path / "explicit"


def test_unwritable_cache_only_costs_speed(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    assert format_files({"a.py": UGLY}, cache_dir=blocker) == {"a.py": PRETTY}


def test_pool_gives_the_same_output_as_one_process(tmp_path, monkeypatch):
    files = {f"m{i}.py": UGLY.replace("f(", f"f{i}(") for i in range(12)}
    serial = {p: black.format_str(t, mode=black.Mode()) for p, t in files.items()}
    monkeypatch.setattr(formatting, "_POOL_MIN_BYTES_FORK", 0)
    monkeypatch.setattr(formatting, "_POOL_MIN_BYTES_SPAWN", 0)
    monkeypatch.setattr(formatting, "_cores", lambda: 2)
    used = []
    real = formatting._black_pool
    monkeypatch.setattr(formatting, "_black_pool", lambda *a: used.append(a[2]) or real(*a))
    assert format_files(files, formatter="black", cache_dir=tmp_path) == serial
    assert used == [2]


def _golden_sources() -> dict[str, str]:
    """Every rendered (unformatted) module of the kitchen-sink fixture, plus UGLY."""
    from generator.loader import load_document
    from generator.parser import build_api
    from generator.render import render

    spec = Path(__file__).parent / "fixtures" / "specs" / "kitchen_sink.yaml"
    files = render(build_api(load_document(spec), "sink"))
    return {path: text for path, text in files.items() if path.endswith(".py")} | {"ugly.py": UGLY}


def _start_black_child() -> BlackChild:
    """A child as a fresh process starts it (this one has imported black already)."""
    import unittest.mock

    with unittest.mock.patch.dict(sys.modules), unittest.mock.patch.object(BlackChild, "started_one", False):
        del sys.modules["black"]
        child = BlackChild.start()
    assert child is not None
    return child


def test_no_black_child_where_black_is_imported_already(monkeypatch):
    monkeypatch.setattr(BlackChild, "started_one", False)  # as in a process's first run
    assert "black" in sys.modules  # imported by this module
    assert BlackChild.start() is None  # it would only import black again


def test_black_child_formats_as_this_process_does(tmp_path, monkeypatch, request):
    if rerun_alone(request):
        return
    files = _golden_sources()
    expected = format_files(files, formatter="black", cache_dir=None)
    monkeypatch.setattr(formatting, "_POOL_MIN_BYTES_FORK", 0)  # the child's forked workers too
    monkeypatch.setattr(formatting, "_cores", lambda: 2)
    monkeypatch.setattr(formatting, "_run_black", lambda *a: pytest.fail("formatted in this process"))
    child = _start_black_child()
    pid = child._server._pid
    try:
        assert format_files(files, formatter="black", cache_dir=tmp_path, black_child=child) == expected
    finally:
        child.close()
    assert reaped(pid)


def test_black_child_reports_invalid_python_as_this_process_does(request):
    if rerun_alone(request):
        return
    child = _start_black_child()
    try:
        with pytest.raises(SpecError, match=r"internal error: generated pkg/bad\.py is not valid Python"):
            format_files({"pkg/bad.py": "def (:\n", "ok.py": UGLY}, cache_dir=None, black_child=child)
    finally:
        child.close()


def test_a_dead_black_child_costs_only_time(tmp_path, request):
    import os
    import signal

    if rerun_alone(request):
        return
    child = _start_black_child()
    pid = child._server._pid
    os.kill(pid, signal.SIGKILL)
    assert format_files({"a.py": UGLY}, cache_dir=tmp_path / "1", black_child=child) == {"a.py": PRETTY}
    assert reaped(pid)  # reaped as soon as it was found dead
    assert format_files({"b.py": UGLY}, cache_dir=tmp_path / "2", black_child=child) == {"b.py": PRETTY}
    child.close()


def test_a_run_stops_its_black_child(tmp_path, request):
    if rerun_alone(request):
        return
    started = []
    real = BlackChild.start

    def recording():
        BlackChild.started_one = False  # each run here stands for a fresh process
        child = real()
        started.append(child._server._pid)
        return child

    import unittest.mock

    with unittest.mock.patch.object(BlackChild, "start", recording), unittest.mock.patch.dict(sys.modules), \
            unittest.mock.patch.object(BlackChild, "started_one", False):
        del sys.modules["black"]  # as in a fresh process, where a run starts the child
        spec = Path(__file__).parent / "fixtures" / "specs" / "petstore_minimal.yaml"
        generate(spec, "pets", cache_dir=tmp_path / "cache")
        with pytest.raises(SpecError):
            generate(tmp_path / "missing.yaml", "pets", cache_dir=tmp_path / "cache")
    assert len(started) == 2 and all(reaped(pid) for pid in started)


def test_only_the_first_run_of_a_process_starts_a_black_child(request):
    import unittest.mock

    if rerun_alone(request):
        return
    with unittest.mock.patch.dict(sys.modules), unittest.mock.patch.object(BlackChild, "started_one", False):
        del sys.modules["black"]
        first = BlackChild.start()
        assert first is not None
        first.close()
        assert BlackChild.start() is None  # the next run imports black here, once


def test_balanced_chunks_cover_every_job_once():
    jobs = [(str(i), f"p{i}", "x" * (i * 7 % 13 + 1)) for i in range(40)]
    chunks = formatting._balanced_chunks(jobs, 8)
    assert sorted(j for c in chunks for j in c) == sorted(jobs)
    sizes = [sum(len(j[2]) for j in c) for c in chunks]
    assert max(sizes) - min(sizes) <= 13


def _collections_while(work) -> list[int]:
    """The generations the cyclic collector collected while ``work()`` ran."""
    collected: list[int] = []

    def note(phase, info):
        if phase == "start":
            collected.append(info["generation"])

    gc.callbacks.append(note)
    try:
        work()
    finally:
        gc.callbacks.remove(note)
    return collected


def test_black_runs_without_the_collector_and_collects_young_garbage_by_hand(monkeypatch):
    source = "".join(f"def f{i}(a, b):\n    return [a, b, {{'k': a}}]\n\n\n" for i in range(300))
    jobs = [(str(i), f"m{i}.py", source) for i in range(3)]
    expected = black.format_str(source, mode=black.Mode())
    assert gc.isenabled()

    monkeypatch.setattr(formatting, "_COLLECT_EVERY_CHARS", 10**9)
    results = []
    assert _collections_while(lambda: results.extend(formatting._black_chunk((jobs, 88)))) == []
    assert [formatted for _, formatted, _ in results] == [expected] * 3
    assert gc.isenabled()  # as it was found

    monkeypatch.setattr(formatting, "_COLLECT_EVERY_CHARS", len(source))
    assert _collections_while(lambda: formatting._black_chunk((jobs, 88))) == [0, 0, 0]  # one per job, young only

    gc.disable()
    try:
        formatting._black_chunk((jobs[:1], 88))
        assert not gc.isenabled()  # as it was found
    finally:
        gc.enable()


def test_invalid_python_is_reported_as_a_generator_bug(tmp_path):
    with pytest.raises(SpecError, match=r"internal error: generated pkg/bad\.py is not valid Python"):
        format_files({"pkg/bad.py": "def (:\n"}, formatter="black", cache_dir=tmp_path)


@needs_ruff
def test_ruff_reports_invalid_python_with_the_real_path(tmp_path):
    with pytest.raises(SpecError, match=r"internal error: generated pkg/bad\.py is not valid Python \(.*pkg/bad\.py"):
        format_files({"pkg/bad.py": "def (:\n", "ok.py": UGLY}, formatter="ruff", cache_dir=tmp_path)


@needs_ruff
def test_ruff_in_overlapping_calls_formats_every_file_and_names_a_bad_one(tmp_path):
    count = 3 * formatting._RUFF_MIN_FILES_PER_CALL + 7  # several calls of ruff
    files = {f"pkg/m{i}.py": UGLY.replace("def f", f"def f{i}") for i in range(count)}
    formatted = format_files(files, formatter="ruff", cache_dir=tmp_path / "a")
    assert formatted == {path: PRETTY.replace("def f", f"def f{path[5:-3]}") for path in files}
    broken = dict(files, **{f"pkg/m{count - 3}.py": "def (:\n"})  # in the last call
    with pytest.raises(SpecError, match=rf"internal error: generated pkg/m{count - 3}\.py is not valid Python"):
        format_files(broken, formatter="ruff", cache_dir=tmp_path / "b")


def test_unknown_formatter_is_refused(tmp_path):
    with pytest.raises(SpecError, match="unknown formatter 'yapf'"):
        format_files({"a.py": UGLY}, formatter="yapf", cache_dir=tmp_path)


def test_missing_ruff_says_how_to_get_it(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "ruff.__main__", None)  # import fails
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(SpecError, match=r"formatter 'ruff' needs ruff: pip install ruff"):
        format_files({"a.py": UGLY}, formatter="ruff", cache_dir=tmp_path)


@needs_ruff
def test_ruff_and_black_agree_on_plain_code(tmp_path):
    assert format_files({"a.py": UGLY}, formatter="ruff", cache_dir=tmp_path) == {"a.py": PRETTY}


# --- the runtime core ships formatted ----------------------------------------------------


def test_runtime_core_is_already_formatted():
    """Core files are copied verbatim and never formatted: they must be black's fixed points.

    (With ruff too they are left as they are, which keeps ruff's output black's.)
    """
    texts = sorted(formatting.core_texts())
    assert texts
    jobs = [(cache.digest(t), f"core{i}.py", t) for i, t in enumerate(texts)]
    out = formatting._run_black(jobs, formatting.CORE_LINE_LENGTH)
    changed = [p for key, p, t in jobs if out[key] != t]
    assert not changed, f"black changes runtime core files {changed}: format templates/core/ with black"


# --- golden outputs: byte-identical under black and ruff ---------------------------------


CASES = [c for c in golden_cases() if c.output.is_dir()]


@needs_ruff
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_golden_outputs_are_identical_under_ruff(case, tmp_path):
    """The rendering of every golden spec formats to the same bytes with ruff as with black."""
    raw = generate(case.spec, case.package, formatter="none").files
    ruffed = format_files(raw, formatter="ruff", cache_dir=tmp_path)
    blacked = format_files(raw, formatter="black", cache_dir=tmp_path)
    differing = [p for p in sorted(raw) if ruffed[p] != blacked[p]]
    diff = "".join(
        line
        for p in differing[:3]
        for line in difflib.unified_diff(
            blacked[p].splitlines(True), ruffed[p].splitlines(True), f"black/{p}", f"ruff/{p}"
        )
    )
    assert not differing, f"ruff and black disagree on {differing}: make the template emit code both agree on\n{diff}"


@needs_ruff
def test_ruff_leaves_the_runtime_core_as_it_is(tmp_path):
    """The core is copied verbatim (never formatted), so it must already be ruff's output too."""
    texts = sorted(formatting.core_texts())
    jobs = [(cache.digest(t), f"core{i}.py", t) for i, t in enumerate(texts)]
    out = formatting._run_ruff(jobs, formatting.CORE_LINE_LENGTH)
    changed = [p for key, p, t in jobs if out[key] != t]
    assert not changed, f"ruff format changes runtime core files {changed}"

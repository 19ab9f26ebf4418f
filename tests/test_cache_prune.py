"""The cache directory does not only grow: files unused for a month go, once a day."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator import cache
from tests.goldens import REPO_ROOT
from tests.test_cli import PETSTORE, run_cli

DAY = 24 * 3600


def _file(path: Path, *, used_days_ago: float, now: float, read_days_ago: float | None = None) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"entry")
    written = now - used_days_ago * DAY
    read = written if read_days_ago is None else now - read_days_ago * DAY
    os.utime(path, (read, written))
    return path


def test_files_unused_for_a_month_are_removed_with_the_directories_they_leave_empty(tmp_path):
    now = time.time()
    old_namespace = _file(tmp_path / "format" / "black-24.1.0-88" / "a.pack", used_days_ago=90, now=now)
    old_entry = _file(tmp_path / "runs" / "ab" / "cdef", used_days_ago=31, now=now)
    fresh_entry = _file(tmp_path / "runs" / "ab" / "0123", used_days_ago=29, now=now)
    read_lately = _file(tmp_path / "parsed" / "chunks", used_days_ago=60, read_days_ago=2, now=now)
    outside = _file(tmp_path.parent / f"{tmp_path.name}-outside" / "keep", used_days_ago=90, now=now)
    (tmp_path / "render" / "link").parent.mkdir()
    (tmp_path / "render" / "link").symlink_to(outside.parent, target_is_directory=True)
    not_ours = [_file(tmp_path / "notes.txt", used_days_ago=90, now=now),
                _file(tmp_path / "project" / "old.py", used_days_ago=90, now=now)]

    assert cache.prune_if_due(tmp_path, now=now) == 2

    assert not old_namespace.exists() and not old_namespace.parent.exists()  # black 24's namespace is gone
    assert not old_entry.exists()
    assert fresh_entry.exists() and read_lately.exists()
    assert outside.exists()  # a link is not followed
    assert all(path.exists() for path in not_ours)  # only the generator's own directories are entered
    assert abs((tmp_path / cache.PRUNED_MARKER).stat().st_mtime - now) < 0.01


def test_a_prune_happens_at_most_once_a_day(tmp_path):
    now = time.time()
    _file(tmp_path / "validate" / "ab" / "x", used_days_ago=40, now=now)
    assert cache.prune_if_due(tmp_path, now=now) == 1

    later = _file(tmp_path / "validate" / "ab" / "y", used_days_ago=40, now=now)
    assert cache.prune_if_due(tmp_path, now=now + DAY - 60) == 0
    assert later.exists()
    assert cache.prune_if_due(tmp_path, now=now + DAY + 60) == 1
    assert not later.exists()


def test_nothing_to_prune_without_a_cache(tmp_path):
    assert cache.prune_if_due(None) == 0
    assert cache.prune_if_due(tmp_path / "never-created") == 0
    assert not (tmp_path / "never-created").exists()


def test_generate_prunes_its_cache_directory(tmp_path):
    cache_dir = tmp_path / "cache"
    now = time.time()
    stale = _file(cache_dir / "format" / "black-23.1.0-88" / "old.pack", used_days_ago=45, now=now)

    result = run_cli("generate", "--spec", str(PETSTORE), "--output", str(tmp_path / "sdk"), "--package", "pets_sdk",
                     "--cache-dir", str(cache_dir))

    assert result.returncode == 0, result.stderr
    assert not stale.exists()
    assert (cache_dir / cache.PRUNED_MARKER).is_file()
    assert any((cache_dir / "runs").rglob("*"))  # what this run cached stays


SHARED_COHERE = REPO_ROOT.parent / "shared" / "specs" / "cohere-openapi.yaml"


@pytest.mark.parametrize(
    "spec_source, edit, formatters",
    [
        (PETSTORE, "summary: List all pets", ("black", "black", "black", "ruff")),
        # a big spec also caches parsed chunks, the IR and the validator's findings per path
        (SHARED_COHERE, "age and streams it down, token by token.", ("ruff", "ruff", "ruff")),
    ],
    ids=["petstore", "cohere-openapi"],
)
def test_runs_keep_their_cache_in_the_namespaces_a_prune_knows(tmp_path, spec_source, edit, formatters):
    if not spec_source.exists():
        pytest.skip("../shared is absent")
    cache_dir = tmp_path / "cache"
    spec = tmp_path / "spec.yaml"
    spec.write_text(spec_source.read_text(encoding="utf-8"), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT), "SDKFORGE_CACHE_DIR": str(cache_dir)}
    env.pop("SDKFORGE_NO_CACHE", None)

    for run, formatter in enumerate(formatters):
        if run == 2:  # after a cold run and an unchanged one: one operation's text changed
            text = spec.read_text(encoding="utf-8")
            spec.write_text(text.replace(edit, edit + " (edited)", 1), encoding="utf-8")
        command = [sys.executable, "-m", "generator", "generate", "--spec", str(spec), "--output",
                   str(tmp_path / "sdk"), "--package", "pets_sdk", "--cache-dir", str(cache_dir),
                   "--formatter", formatter]
        result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, result.stderr

    assert {"format", "runs"} <= set(os.listdir(cache_dir)), os.listdir(cache_dir)
    assert set(os.listdir(cache_dir)) <= set(cache.NAMESPACES) | {cache.PRUNED_MARKER}

"""The persistent cache directory: formatted files and validator findings by content hash.

Everything stored here is a pure function of its key (tool, tool version,
options and a hash of the input), so entries never go stale and a missing or
unwritable directory only costs speed. Entries are written atomically. The one
exception is ``written/``: what the writer last wrote into each output
directory, trusted only while each file's ``stat`` is unchanged
(``generator.writer.KnownFiles``).

Location, first match wins: the ``cache_dir`` option, ``$SDKFORGE_CACHE_DIR``,
``$XDG_CACHE_HOME/sdkforge``, ``~/.cache/sdkforge``. ``SDKFORGE_NO_CACHE=1``
turns the cache off.

Keys name spec paths, tool versions and contents, so old entries are never
overwritten, only left behind: ``sdkforge generate`` removes files unused for
``UNUSED_DAYS``, at most once a day (``prune_if_due``).
"""

from __future__ import annotations

import functools
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Optional

try:  # hashlib's own BLAKE2, without the OpenSSL binding ``import hashlib`` loads (3 ms of every start)
    from _blake2 import blake2b
except ImportError:  # an interpreter without the module
    from hashlib import blake2b


UNUSED_DAYS = 30  # a cache file neither written nor read for this long is removed
_PRUNE_EVERY_SECONDS = 24 * 3600
PRUNED_MARKER = ".last-pruned"  # its mtime: when the directory was last pruned
# The directories the generator keeps in the cache root, the only ones a prune
# enters: a --cache-dir pointed at a directory holding anything else loses
# nothing else (tests/test_cache_prune.py checks that runs create no others).
NAMESPACES = (
    "format", "jinja", "last-api", "parsed", "render", "runs",
    "validate", "validate-last", "validate-schemas", "written",
)


def cache_root(cache_dir: Optional[Path] = None) -> Optional[Path]:
    """The cache directory to use, or ``None`` when caching is off."""
    if os.environ.get("SDKFORGE_NO_CACHE", "").strip() not in ("", "0"):
        return None
    if cache_dir is not None:
        return Path(cache_dir)
    configured = os.environ.get("SDKFORGE_CACHE_DIR", "").strip()
    if configured:
        return Path(configured)
    xdg = os.environ.get("XDG_CACHE_HOME", "").strip()
    base = Path(xdg) if xdg else Path.home() / ".cache"
    return base / "sdkforge"


@functools.lru_cache(maxsize=1)
def _installed() -> dict[str, str]:
    """Version of every distribution on ``sys.path``, from its ``NAME-VERSION.dist-info``
    directory name (the first one on the path wins, as for imports)."""
    found: dict[str, str] = {}
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        for name in names:
            if name.endswith(".dist-info"):
                project, _, version = name[: -len(".dist-info")].partition("-")
                found.setdefault(_normalized(project), version)
    return found


def _normalized(project: str) -> str:
    return project.lower().replace("-", "_").replace(".", "_")


def installed_version(project: str) -> Optional[str]:
    """The installed version of ``project``, or None; a directory listing per path entry,
    where ``importlib.metadata.version`` reads every distribution's metadata (~20 ms a call)."""
    version = _installed().get(_normalized(project))
    if version:
        return version
    from importlib import metadata

    try:
        return metadata.version(project)
    except metadata.PackageNotFoundError:
        return None


def digest(*parts: str | bytes) -> str:
    """Hex digest of ``parts`` (each length-prefixed, so the split is unambiguous)."""
    h = blake2b(digest_size=20)
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


def entry_path(directory: Path, key: str) -> Path:
    return directory / key[:2] / key[2:]


def read_entry(directory: Path, key: str) -> Optional[bytes]:
    try:
        return entry_path(directory, key).read_bytes()
    except OSError:
        return None


def write_entry(directory: Path, key: str, data: bytes) -> None:
    """Store ``data`` under ``key``; any failure is ignored (the cache is optional)."""
    target = entry_path(directory, key)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, temp_name = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(temp_name, target)
        except BaseException:
            try:
                os.unlink(temp_name)
            except OSError:
                pass
            raise
    except OSError:
        pass


class PackStore:
    """Many small entries of one namespace, kept in a few pack files.

    Creating a file per entry costs a millisecond or more on a busy disk, and
    a large SDK has thousands of files; so a run reads every pack of its
    namespace at once (``marshal``, milliseconds for megabytes) and adds what
    it produced as one new pack. Past ``max_packs`` packs they are merged into
    one; past ``max_bytes`` only the entries the current run used are kept.
    Concurrent runs can only lose entries (a cache miss), never corrupt one:
    each pack carries a digest of its payload, checked on reading.
    """

    suffix = ".pack"

    def __init__(self, directory: Path, *, max_packs: int = 8, max_bytes: int = 256 * 1024 * 1024) -> None:
        self.directory = directory
        self.max_packs = max_packs
        self.max_bytes = max_bytes
        self._packs: list[Path] = []
        self._bytes = 0
        self._entries: dict[str, str] = {}

    def load(self) -> dict[str, str]:
        import marshal

        try:
            packs = sorted(self.directory.glob("*" + self.suffix))
        except OSError:
            packs = []
        for pack in packs:
            try:
                raw = pack.read_bytes()
            except OSError:
                continue
            if len(raw) < 40 or digest(raw[40:]) != raw[:40].decode("ascii", "replace"):
                continue
            try:
                entries = marshal.loads(raw[40:])
            except (ValueError, EOFError, TypeError):
                continue
            if isinstance(entries, dict):
                self._entries.update(entries)
                self._packs.append(pack)
                self._bytes += len(raw)
        return self._entries

    def add(self, new: dict[str, str], used: set[str]) -> None:
        """Store ``new`` entries; ``used`` are the keys this run read (kept on compaction)."""
        compact = len(self._packs) + (1 if new else 0) > self.max_packs or self._bytes > self.max_bytes
        if not new and not compact:
            return
        if compact:
            kept = self._entries if self._bytes <= self.max_bytes else {k: self._entries[k] for k in used if k in self._entries}
            entries = {**kept, **new}
        else:
            entries = new
        if not self._write(entries):
            return
        if compact:
            for pack in self._packs:
                try:
                    pack.unlink()
                except OSError:
                    pass

    def _write(self, entries: dict[str, str]) -> bool:
        import marshal

        payload = marshal.dumps(entries)
        name = digest(payload, str(os.getpid())) + self.suffix
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            fd, temp_name = tempfile.mkstemp(dir=self.directory, prefix=".tmp-")
            with os.fdopen(fd, "wb") as handle:
                handle.write(digest(payload).encode("ascii") + payload)
            os.replace(temp_name, self.directory / name)
        except OSError:
            return False
        return True


def prune_if_due(root: Optional[Path], *, now: Optional[float] = None) -> int:
    """Remove the files under ``root`` unused for ``UNUSED_DAYS``, unless that was
    done less than a day ago; the number of files removed.

    Without this the directory only grows (1.4 GB on the machine this was
    written on, after a few hundred runs on temporary specs and several black
    releases). A file counts as used when it was written or read: its access
    time, which relatime file systems (the default) update at most once a day.
    Only the generator's own ``NAMESPACES`` are entered. Every entry is
    optional, so a run racing a prune at worst misses one, and any error just
    ends the prune.
    """
    if root is None:
        return 0
    now = time.time() if now is None else now
    marker = root / PRUNED_MARKER
    try:
        if now - marker.stat().st_mtime < _PRUNE_EVERY_SECONDS:
            return 0
    except FileNotFoundError:
        pass
    except OSError:
        return 0
    try:
        if not root.is_dir():
            return 0
        marker.touch()
        os.utime(marker, (now, now))  # claimed first: runs at the same time do not prune again
    except OSError:
        return 0
    cutoff = now - UNUSED_DAYS * 24 * 3600
    return sum(_remove_unused(os.path.join(root, name), cutoff) for name in NAMESPACES)


def _remove_unused(directory: str, cutoff: float) -> int:
    """Remove regular files last used before ``cutoff`` below ``directory``, then the
    directories left empty (never ``directory`` itself); symbolic links are not followed."""
    removed = 0
    try:
        entries = list(os.scandir(directory))
    except OSError:
        return 0
    for entry in entries:
        try:
            if entry.is_dir(follow_symlinks=False):
                removed += _remove_unused(entry.path, cutoff)
                try:
                    os.rmdir(entry.path)  # only succeeds when nothing is left in it
                except OSError:
                    pass
                continue
            info = entry.stat(follow_symlinks=False)
            if entry.is_file(follow_symlinks=False) and max(info.st_atime, info.st_mtime) < cutoff:
                os.unlink(entry.path)
                removed += 1
        except OSError:
            continue
    return removed

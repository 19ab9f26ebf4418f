"""Write rendered files into the output directory: only what changed, atomically.

The output directory may hold files sdkforge does not own (hand-written helpers,
caches, a ``.git``). A manifest, ``.sdkforge-manifest``, lists every file the
last run generated; only those are ever removed, and only once the generator
stops making them. Files matching a pattern in ``.sdkforgeignore`` (gitignore
syntax) are never written or removed, so a generated file edited by hand keeps
its edits.

Each file is replaced by renaming a complete temporary file over it (a new
file on Linux is written unnamed and then linked under its name), so a run
that is interrupted leaves every file either as it was or as it should be, and
the manifest is widened before any new file appears, so nothing a run creates
is ever left unowned.

Nothing is ever written outside the output directory: planned paths are
relative and free of ``..``; a symbolic link to a directory inside the output
directory is refused before anything is written (and, where the platform
allows, every directory is opened with ``O_NOFOLLOW`` while writing and files
are created through those descriptors, so a link that appears during the run is
refused or bypassed, never followed); a symbolic link where a file goes
is replaced, never followed. Every planned path is checked (file-name length,
names that differ only in case, a file where a directory must go) before the
first write, so a path that cannot be written leaves the directory untouched.

Many files are written by a few threads at once (creating files is slow on some
file systems); the result is the same as writing them one by one.
"""

from __future__ import annotations

import errno
import marshal
import os
import re
import stat
import time
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, NamedTuple, Optional

from . import cache
from .errors import SpecError

if TYPE_CHECKING:
    from concurrent.futures import Future

MANIFEST_NAME = ".sdkforge-manifest"
IGNORE_NAME = ".sdkforgeignore"
MANIFEST_HEADER = (
    "# Files sdkforge generated in this directory, one per line. sdkforge removes a\n"
    "# listed file once it no longer generates it and never touches unlisted files.\n"
    "# Rewritten on every run that changes the set of files; do not edit.\n"
)
_TEMP_SUFFIX = ".sdkforge-tmp"
# A file name (one path component) may take at most this many bytes: file
# systems allow 255, and the temporary file beside it adds about 25.
MAX_NAME_BYTES = 200
# A whole path under the output directory, in bytes (PATH_MAX is 4096 on Linux).
MAX_PATH_BYTES = 3072
_O_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_O_DIRECTORY = getattr(os, "O_DIRECTORY", 0)
_O_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_O_BINARY = getattr(os, "O_BINARY", 0)
# Linux: an unnamed file in a directory, given its name by linkat once complete.
_O_TMPFILE = getattr(os, "O_TMPFILE", 0)
_PROC_FD = "/proc/self/fd"
# Directory file descriptors let every step refuse symbolic links atomically.
_USE_DIR_FD = bool(_O_NOFOLLOW and _O_DIRECTORY) and {os.open, os.mkdir, os.unlink, os.rename, os.stat} <= os.supports_dir_fd  # os.replace shares rename's


class WriteSummary(NamedTuple):
    written: int
    unchanged: int
    removed: int = 0
    ignored: int = 0  # generated files left alone because .sdkforgeignore protects them
    written_paths: tuple[str, ...] = ()
    removed_paths: tuple[str, ...] = ()


class Plan(NamedTuple):
    """What writing ``files`` into ``output_dir`` would change, decided before any write.

    ``current`` holds the bytes on disk of every path in ``create``, ``update``
    and ``remove`` (``None`` when absent), which is what a diff needs.
    """

    output_dir: Path
    files: dict[str, bytes]
    create: tuple[str, ...]
    update: tuple[str, ...]
    unchanged: tuple[str, ...]
    remove: tuple[str, ...]
    ignored: tuple[str, ...]
    manifest_before: Optional[str]
    manifest_after: str
    owned_before: frozenset[str]
    current: dict[str, Optional[bytes]]
    known: "Optional[KnownFiles]" = None  # what the last run wrote, to record this one's

    @property
    def write(self) -> tuple[str, ...]:
        return tuple(sorted(self.create + self.update))

    @property
    def manifest_changes(self) -> bool:
        return self.manifest_before != self.manifest_after

    @property
    def up_to_date(self) -> bool:
        return not (self.create or self.update or self.remove or self.manifest_changes)


def safe_target(output_dir: Path, relative: str) -> Path:
    """``output_dir / relative``, refusing any path that would leave ``output_dir``."""
    return output_dir.joinpath(*_relative_parts(relative))


def _relative_parts(relative: str) -> tuple[str, ...]:
    """The components of ``relative``, refusing any path that would leave the
    output directory or that is not written in its one plain form.

    Plain string operations, not pathlib: this runs several times for each of
    thousands of files. Only the plain form (no ``.``, no empty component, no
    trailing ``/``) is accepted, so two different planned paths never name one
    file, which files written in parallel rely on.
    """
    parts = tuple(relative.split("/"))
    if "\\" in relative or any(part in ("", ".", "..") for part in parts):
        raise SpecError(f"internal error: refusing to write outside the output directory: {relative!r}")
    return parts


def _is_safe_relative(relative: str) -> bool:
    try:
        _relative_parts(relative)
    except SpecError:
        return False
    return True


class _UnsafeDirectory(SpecError):
    """A directory on the way to a target is a symbolic link or not a directory."""


def check_paths(output_dir: Path, relatives: Iterable[str]) -> None:
    """Refuse, before anything is written, every planned path that cannot be
    written safely: a file name too long for the file system, two names that
    differ only in case (one would overwrite the other on macOS and Windows),
    a file where a directory must go, or a directory inside ``output_dir`` that
    is a symbolic link (writing through it could land anywhere)."""
    by_folded: dict[str, str] = {}
    checked_dirs: set[tuple[str, ...]] = set()
    for relative in sorted(relatives):
        parts = _relative_parts(relative)
        for part in parts:
            size = len(part.encode("utf-8"))
            if size > MAX_NAME_BYTES:
                raise SpecError(
                    f"cannot write {_shorten(relative)!r}: a file or directory name is {size} bytes long"
                    f" (at most {MAX_NAME_BYTES})"
                )
        if len(relative.encode("utf-8")) > MAX_PATH_BYTES:
            raise SpecError(f"cannot write {_shorten(relative)!r}: the path is longer than {MAX_PATH_BYTES} bytes")
        for depth in range(1, len(parts) + 1):
            if depth < len(parts) and parts[:depth] in checked_dirs:
                continue  # a directory of an earlier path, checked with it
            prefix = "/".join(parts[:depth])
            folded = prefix.casefold()
            if by_folded.setdefault(folded, prefix) != prefix:
                raise SpecError(
                    f"internal error: {_shorten(by_folded[folded])!r} and {_shorten(prefix)!r} differ only in case;"
                    " on a case-insensitive file system one would overwrite the other"
                )
        for depth in range(1, len(parts)):
            directory = parts[:depth]
            if directory in checked_dirs:
                continue
            checked_dirs.add(directory)
            _check_directory(output_dir, directory)


def _check_directory(output_dir: Path, parts: tuple[str, ...]) -> None:
    path = output_dir.joinpath(*parts)
    try:
        mode = path.lstat().st_mode
    except (FileNotFoundError, NotADirectoryError):
        return  # created later (a missing parent was checked already)
    if stat.S_ISLNK(mode):
        raise _UnsafeDirectory(
            f"{path}: is a symbolic link; sdkforge never writes through symbolic links inside the output"
            " directory (remove the link, or point --output at the real directory)"
        )
    if not stat.S_ISDIR(mode):
        raise _UnsafeDirectory(f"{path}: is not a directory; sdkforge needs to create files inside it")


def _shorten(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


# --- manifest ---------------------------------------------------------------------


def manifest_text(paths: Iterable[str]) -> str:
    """The manifest for ``paths``: a fixed header, then sorted POSIX paths."""
    return MANIFEST_HEADER + "".join(f"{p}\n" for p in sorted(set(paths)))


def read_manifest(output_dir: Path) -> tuple[Optional[str], frozenset[str]]:
    """The manifest's text (``None`` when absent) and the safe paths it lists."""
    try:
        text = (output_dir / MANIFEST_NAME).read_text(encoding="utf-8")
    except FileNotFoundError:
        return None, frozenset()
    except (OSError, UnicodeDecodeError):
        return "", frozenset()
    owned = {
        line.strip()
        for line in text.splitlines()
        if line.strip() and not line.startswith("#") and _is_safe_relative(line.strip())
    }
    owned.discard(MANIFEST_NAME)
    return text, frozenset(owned)


# --- .sdkforgeignore -----------------------------------------------------------------


class _Rule(NamedTuple):
    regex: re.Pattern[str]
    negated: bool
    directory_only: bool


class IgnoreRules:
    """Patterns in gitignore syntax: ``*``, ``?``, ``[...]``, ``**``, ``!``, a
    leading ``/`` (anchored), a trailing ``/`` (directories only), ``#`` comments.

    As in git, the last matching pattern decides, and a file inside an ignored
    directory stays ignored whatever later patterns say about the file.
    """

    def __init__(self, lines: Iterable[str] = ()) -> None:
        self.rules = tuple(rule for rule in (_parse_rule(line) for line in lines) if rule is not None)

    @classmethod
    def load(cls, output_dir: Path) -> "IgnoreRules":
        try:
            text = (output_dir / IGNORE_NAME).read_text(encoding="utf-8")
        except (FileNotFoundError, NotADirectoryError):
            return cls()
        except (OSError, UnicodeDecodeError) as exc:
            raise SpecError(f"{output_dir / IGNORE_NAME}: cannot read: {exc}") from None
        return cls(text.splitlines())

    def __bool__(self) -> bool:
        return bool(self.rules)

    def matches(self, relative: str) -> bool:
        if not self.rules:
            return False
        parts = relative.split("/")
        for depth in range(1, len(parts)):
            if self._decide("/".join(parts[:depth]), is_dir=True):
                return True
        return self._decide(relative, is_dir=False)

    def _decide(self, path: str, *, is_dir: bool) -> bool:
        ignored = False
        for rule in self.rules:
            if rule.directory_only and not is_dir:
                continue
            if rule.regex.match(path):
                ignored = not rule.negated
        return ignored


def _parse_rule(line: str) -> Optional[_Rule]:
    line = line.rstrip("\n").rstrip("\r")
    if not line.strip() or line.startswith("#"):
        return None
    # Trailing spaces are dropped unless escaped with a backslash.
    stripped = line.rstrip(" ")
    if stripped.endswith("\\") and len(stripped) < len(line):
        stripped += " "
    line = stripped
    negated = line.startswith("!")
    if negated:
        line = line[1:]
    elif line.startswith("\\!") or line.startswith("\\#"):
        line = line[1:]
    directory_only = line.endswith("/")
    line = line.rstrip("/")
    if not line:
        return None
    anchored = "/" in line
    line = line.lstrip("/")
    body = _translate(line)
    prefix = "" if anchored else "(?:.*/)?"
    return _Rule(re.compile(f"^{prefix}{body}$", re.DOTALL), negated, directory_only)


def _translate(pattern: str) -> str:
    out: list[str] = []
    i, n = 0, len(pattern)
    while i < n:
        c = pattern[i]
        if c == "*":
            if pattern.startswith("**", i) and (i == 0 or pattern[i - 1] == "/") and (i + 2 == n or pattern[i + 2] == "/"):
                if i + 2 == n:
                    out.append(".*")
                    i += 2
                else:
                    out.append("(?:.*/)?")
                    i += 3
                continue
            while i < n and pattern[i] == "*":
                i += 1
            out.append("[^/]*")
            continue
        if c == "?":
            out.append("[^/]")
        elif c == "[":
            end = pattern.find("]", i + 2 if pattern[i + 1 : i + 2] in ("!", "^", "]") else i + 1)
            if end == -1:
                out.append(re.escape(c))
            else:
                inner = pattern[i + 1 : end]
                if inner[:1] in ("!", "^"):
                    inner = "^" + inner[1:].replace("\\", "\\\\")
                else:
                    inner = inner.replace("\\", "\\\\")
                out.append(f"(?!/)[{inner}]")
                i = end
        elif c == "\\" and i + 1 < n:
            i += 1
            out.append(re.escape(pattern[i]))
        else:
            out.append(re.escape(c))
        i += 1
    return "".join(out)


# --- planning and writing ---------------------------------------------------------------


def plan_writes(
    output_dir: Path, files: dict[str, str], *, known_files: bool = False, cache_dir: Optional[Path] = None
) -> Plan:
    """Compare ``files`` with ``output_dir`` without writing anything.

    ``known_files``: a file an earlier run wrote or compared and that nobody
    changed since (by its ``stat``; see ``KnownFiles``, kept in the cache
    directory ``cache_dir`` names, see ``generator.cache``) is compared by
    digest instead of being read.
    """
    encoded = {relative: text.encode("utf-8") for relative, text in files.items()}
    for relative in encoded:
        _relative_parts(relative)
        if relative in (MANIFEST_NAME, IGNORE_NAME):
            raise SpecError(f"internal error: the generator may not produce {relative!r}")
    check_paths(output_dir, encoded)
    ignore = IgnoreRules.load(output_dir)
    manifest_before, owned_before = read_manifest(output_dir)
    known = KnownFiles.open(output_dir, cache_dir) if known_files else None
    create: list[str] = []
    update: list[str] = []
    unchanged: list[str] = []
    ignored: list[str] = []
    current: dict[str, Optional[bytes]] = {}
    for relative in sorted(encoded):
        if ignore.matches(relative):
            ignored.append(relative)
            continue
        if known is not None and known.holds(relative, encoded[relative]):
            unchanged.append(relative)
            continue
        on_disk = _read_file(output_dir, relative)
        if on_disk == encoded[relative]:
            unchanged.append(relative)
            if known is not None:
                known.found_unchanged(relative)
            continue
        current[relative] = on_disk
        (create if on_disk is None else update).append(relative)
    remove: list[str] = []
    for relative in sorted(owned_before - set(encoded)):
        if ignore.matches(relative) or not _removable(output_dir, relative):
            continue
        remove.append(relative)
        current[relative] = _read_file(output_dir, relative)
    return Plan(
        output_dir=output_dir,
        files=encoded,
        create=tuple(create),
        update=tuple(update),
        unchanged=tuple(unchanged),
        remove=tuple(remove),
        ignored=tuple(ignored),
        manifest_before=manifest_before,
        manifest_after=manifest_text(encoded),
        owned_before=owned_before,
        current=current,
        known=known,
    )


def write_files(output_dir: Path, files: dict[str, str], *, manifest: bool = True) -> WriteSummary:
    """Bring ``output_dir`` in line with ``files``; touch nothing that already is.

    Writes each file whose content differs (atomically), removes files the
    manifest lists that are no longer generated, and updates the manifest.
    ``manifest=False`` only writes (no manifest, nothing removed).
    """
    plan = plan_writes(output_dir, files)
    if not manifest:
        plan = plan._replace(remove=())
    return apply_plan(plan, manifest=manifest)


def apply_plan(plan: Plan, *, manifest: bool = True) -> WriteSummary:
    output_dir = plan.output_dir
    new_paths = set(plan.files) - plan.owned_before
    if manifest and plan.manifest_changes and new_paths:
        # Own every file this run may create before creating any, so an interrupted
        # run never leaves a generated file that a later run would not clean up.
        widened = manifest_text(plan.owned_before | set(plan.files))
        if widened != plan.manifest_before:
            output_dir.mkdir(parents=True, exist_ok=True)
            _write_file(output_dir, MANIFEST_NAME, widened.encode("utf-8"))
    to_write = plan.write
    _write_planned(output_dir, to_write, plan.files)
    for relative in plan.remove:
        target = safe_target(output_dir, relative)
        if not _removable(output_dir, relative):
            continue
        try:
            target.unlink()
        except FileNotFoundError:
            pass
        _prune_empty_directories(target.parent, output_dir)
    if manifest and plan.manifest_changes:
        output_dir.mkdir(parents=True, exist_ok=True)
        _write_file(output_dir, MANIFEST_NAME, plan.manifest_after.encode("utf-8"))
    if plan.known is not None:
        plan.known.record(plan.files)
    return WriteSummary(
        written=len(to_write),
        unchanged=len(plan.unchanged),
        removed=len(plan.remove),
        ignored=len(plan.ignored),
        written_paths=to_write,
        removed_paths=plan.remove,
    )


def _read_file(output_dir: Path, relative: str) -> Optional[bytes]:
    """The bytes of a regular file at ``relative`` (``None`` when absent).

    A symbolic link counts as absent: it is replaced by the file, never read
    or written through.
    """
    parts = _relative_parts(relative)
    target = os.path.join(output_dir, *parts)  # cheaper than a Path for each of thousands of files
    try:
        mode = os.lstat(target).st_mode
    except (FileNotFoundError, NotADirectoryError):
        return None
    if stat.S_ISDIR(mode):
        raise SpecError(f"{output_dir.joinpath(*parts)}: is a directory; sdkforge needs to write a file there")
    if not stat.S_ISREG(mode):
        return None
    try:
        fd = os.open(target, os.O_RDONLY | _O_NOFOLLOW | _O_CLOEXEC | _O_BINARY)
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return None
        raise
    with os.fdopen(fd, "rb") as handle:
        return handle.read()


# --- files known unchanged without reading them ----------------------------------------------


class KnownFiles:
    """What the last run wrote into one output directory, to skip reading it again.

    Comparing a big SDK with the disk means reading every file (OpenAI's spec:
    3,600 files, 20 MB, a tenth of a second), though after an edit nearly all
    are as the last run left them. For each file the last run wrote or found
    unchanged, this keeps its ``stat`` (device, inode, size, modification and
    status-change times in nanoseconds) and a digest of the bytes it held; a file
    whose ``stat`` is still the same is taken to hold them still. Any change to a
    file (an edit, a ``touch``, a copy over it) sets its status-change time to
    the current time, which no program can set back, so a changed file is always
    read. The one blind spot would be a file changed in the same clock tick as
    it was recorded: an entry is trusted only when the file's status-change time
    is some seconds older than the run that recorded it, so a file written by a
    run is read once more by the next and trusted after that.

    Kept in the cache directory, one entry per output directory; without a
    cache every file is read, as before. This is the cache's one entry that is
    not a pure function of its key, hence the checks.
    """

    _FORMAT = b"sdkforge-known-files-1\n"
    _SETTLED_NS = 3_000_000_000  # status-change times this much older than the planning are trusted

    def __init__(self, directory: Path, key: str, output_dir: str, entries: dict) -> None:
        self._directory = directory
        self._key = key
        self._output_dir = output_dir
        self._entries = entries  # relative -> (stat key, digest)
        self._trusted: dict[str, tuple[tuple, bytes]] = {}  # entries that held this run
        self._read_unchanged: list[str] = []  # files read this run and found as they should be
        self._since = time.time_ns()  # before anything was read or written

    @classmethod
    def open(cls, output_dir: Path, cache_dir: Optional[Path]) -> "Optional[KnownFiles]":
        root = cache.cache_root(cache_dir)
        if root is None:
            return None
        try:
            resolved = str(output_dir.resolve())
        except (OSError, RuntimeError):
            return None
        key = cache.digest("known-files", resolved)
        entries: dict = {}
        raw = cache.read_entry(root / "written", key)
        if raw is not None and raw.startswith(cls._FORMAT):
            try:
                stored_dir, stored = marshal.loads(raw[len(cls._FORMAT) :])
            except (EOFError, ValueError, TypeError):
                stored_dir, stored = None, None
            if stored_dir == resolved and isinstance(stored, dict):
                entries = stored
        return cls(root / "written", key, resolved, entries)

    def holds(self, relative: str, data: bytes) -> bool:
        """Does ``relative`` hold ``data``, going by its recorded ``stat`` and digest?"""
        entry = self._entries.get(relative)
        if entry is None:
            return False
        recorded, digest = entry
        if recorded != self._stat_key(relative, len(data)) or _file_digest(data) != digest:
            return False
        self._trusted[relative] = entry
        return True

    def found_unchanged(self, relative: str) -> None:
        """``relative`` was read and holds what it should: record it (``record``)."""
        self._read_unchanged.append(relative)

    def record(self, files: dict[str, bytes]) -> None:
        """Remember, for the next run, the files this run found unchanged.

        Files it wrote are left out (their status changed a moment ago): the
        next run reads them, and records them then. A file read this run is
        recorded only when its status changed ``_SETTLED_NS`` before this run
        began; anything that changes it later gives it a newer status-change
        time, so nothing recorded here can hide a change.
        """
        settled_before = self._since - self._SETTLED_NS
        entries = dict(self._trusted)
        for relative in self._read_unchanged:
            data = files[relative]
            recorded = self._stat_key(relative, len(data))
            if recorded is not None and recorded[4] < settled_before:
                entries[relative] = (recorded, _file_digest(data))
        if entries or self._entries:
            payload = self._FORMAT + marshal.dumps((self._output_dir, entries))
            cache.write_entry(self._directory, self._key, payload)

    def _stat_key(self, relative: str, size: int) -> Optional[tuple]:
        """(device, inode, size, mtime, ctime) of a regular file of ``size`` bytes, else None."""
        try:  # ``relative`` was checked by plan_writes: plain, "/"-separated, inside
            info = os.lstat(self._output_dir + os.sep + relative.replace("/", os.sep))
        except OSError:
            return None
        if not stat.S_ISREG(info.st_mode) or info.st_size != size:
            return None
        return (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)


def _file_digest(data: bytes) -> bytes:
    return cache.blake2b(data, digest_size=20).digest()


def _removable(output_dir: Path, relative: str) -> bool:
    """A regular file (or link) inside ``output_dir``, reached through real
    directories only (never through a symbolic link)."""
    target = safe_target(output_dir, relative)
    parts = _relative_parts(relative)
    try:
        for depth in range(1, len(parts)):
            _check_directory(output_dir, parts[:depth])
    except _UnsafeDirectory:
        return False
    try:
        mode = target.lstat().st_mode
    except (FileNotFoundError, NotADirectoryError):
        return False
    if stat.S_ISDIR(mode):
        return False
    try:
        target.parent.resolve().relative_to(output_dir.resolve())
    except ValueError:
        return False
    return True


def _prune_empty_directories(directory: Path, output_dir: Path) -> None:
    stop = output_dir.resolve()
    while directory.resolve() != stop and stop in directory.resolve().parents:
        try:
            directory.rmdir()
        except OSError:
            return
        directory = directory.parent


def _remove_stale_temporaries(directory: "Path | int") -> None:
    """Temporary files a killed run left behind (never anything else).

    ``directory`` is a path or an open directory descriptor.
    """
    try:
        names = os.listdir(directory)
    except OSError:
        return
    for name in names:
        if name.startswith(".") and name.endswith(_TEMP_SUFFIX):
            try:
                if isinstance(directory, int):
                    os.unlink(name, dir_fd=directory)
                else:
                    os.unlink(directory / name)
            except OSError:
                pass


_UMASK: Optional[int] = None


def _new_file_mode() -> int:
    global _UMASK
    if _UMASK is None:
        _UMASK = os.umask(0o022)
        os.umask(_UMASK)
    return 0o666 & ~_UMASK


# Planned files are written one by one in batches of PARALLEL_WRITE_THRESHOLD, and
# the rest by up to MAX_WRITE_THREADS threads once a batch took more than
# SLOW_WRITE_SECONDS per file. Creating a file is a system call that releases the
# GIL; usually it is cheap (a whole write about 0.05-0.1 ms), and threads then
# made writing 2.5-4x slower (each system call hands the GIL to another thread).
# But it can cost about a millisecond of kernel time: ext4 without a journal
# skips, for every new inode, each inode freed in the last minute (Linux 6), so a
# cold run right after deleting the previous output is slow; there, 8 threads cut
# writing 3,600 files from about 4.5 s to 3.4-3.9 s on 2 busy CPUs.
MAX_WRITE_THREADS = 8
PARALLEL_WRITE_THRESHOLD = 32
SLOW_WRITE_SECONDS = 0.0003
# Directory descriptors kept open at once while writing (far below the usual limit
# of 1,024 open files); past it, the writes in flight finish and all are closed.
_MAX_OPEN_DIRECTORIES = 128


def _write_file(output_dir: Path, relative: str, data: bytes) -> None:
    """Write one file (the manifest) atomically, creating directories, never
    following a symbolic link below ``output_dir``."""
    parts = _relative_parts(relative)
    if not _USE_DIR_FD:
        _write_by_path(output_dir, parts, data, clean=True)
        return
    with _OpenDirectories(output_dir) as directories:
        _atomic_write_at(directories.open(parts[:-1]), parts[-1], data)


def _write_planned(output_dir: Path, relatives: tuple[str, ...], files: dict[str, bytes]) -> None:
    """Write ``files[relative]`` for every path in ``relatives`` (sorted), each atomically.

    Every path is checked again right before it is written. Where writing turns
    out to be slow, the remaining files are written by a small pool of threads;
    the result on disk is the same as writing them one by one, because no two
    paths name the same file and each write is a rename of a complete file. The
    first failure is raised unchanged once no write is running any more.
    """
    if not relatives:
        return
    if not _USE_DIR_FD:
        cleaned: set[tuple[str, ...]] = set()
        for relative in relatives:
            parts = _relative_parts(relative)
            _write_by_path(output_dir, parts, files[relative], clean=parts[:-1] not in cleaned)
            cleaned.add(parts[:-1])
        return
    # The umask is read by briefly setting it, which is process-wide: do it here,
    # once, before any thread could create a file in between.
    _new_file_mode()
    with _OpenDirectories(output_dir) as directories:
        done = 0
        while done < len(relatives):
            batch = relatives[done : done + PARALLEL_WRITE_THRESHOLD]
            started = time.perf_counter()
            for relative in batch:
                parts = _relative_parts(relative)
                if directories.needs_room(parts[:-1]):
                    directories.close()  # no other thread is writing yet
                _atomic_write_at(directories.open(parts[:-1]), parts[-1], files[relative])
            done += len(batch)
            slow = time.perf_counter() - started > len(batch) * SLOW_WRITE_SECONDS
            if slow and len(relatives) - done > PARALLEL_WRITE_THRESHOLD:
                rest = relatives[done:]
                _write_in_parallel(directories, rest, files, min(MAX_WRITE_THREADS, len(rest)))
                return


def _write_in_parallel(
    directories: _OpenDirectories, relatives: tuple[str, ...], files: dict[str, bytes], threads: int
) -> None:
    """Write the files with ``threads`` worker threads.

    Only this thread checks paths, opens directories (which also removes stale
    temporaries in each, before any file is written there) and decides what
    runs; workers only write a file into an open directory. After a failure no
    new write starts, and this function returns or raises only once every
    worker has stopped, so no descriptor is closed while a worker still uses it.
    """
    import threading  # here: a run that writes few files (the usual one) never needs them
    from concurrent.futures import ThreadPoolExecutor

    failed = threading.Event()

    def note_failure(future: Future[None]) -> None:
        if not future.cancelled() and future.exception() is not None:
            failed.set()

    pool = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="sdkforge-write")
    try:
        in_flight: list[Future[None]] = []
        for relative in relatives:
            if failed.is_set():
                break
            parts = _relative_parts(relative)
            directory = parts[:-1]
            if directories.needs_room(directory):
                _wait_for(in_flight)  # nothing may still write into a directory about to be closed
                in_flight = []
                directories.close()
            future = pool.submit(_atomic_write_at, directories.open(directory), parts[-1], files[relative])
            future.add_done_callback(note_failure)
            in_flight.append(future)
        _wait_for(in_flight)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _wait_for(futures: list[Future[None]]) -> None:
    """Wait until every write in ``futures`` is done or one has failed, then raise
    the failure as it was raised (the earliest in plan order if several failed)."""
    from concurrent.futures import FIRST_EXCEPTION, wait

    wait(futures, return_when=FIRST_EXCEPTION)
    for future in futures:
        if future.done() and future.exception() is not None:
            future.result()


class _OpenDirectories:
    """Descriptors of the directories files are written into, each opened once.

    Opening every component of the path again for every file cost a sizeable
    part of writing thousands of files; a descriptor is opened once per
    directory instead and kept until :meth:`close`. Every component is still
    created when missing and opened with ``O_NOFOLLOW`` (a symbolic link on
    the way is refused with the clear error of ``_check_directory``), starting
    from the nearest directory already open. An open descriptor keeps naming
    the directory it was opened as, so a link put in its place during the run
    is never written through. The first time a directory is opened, temporary
    files a killed run left in it are removed, before anything is written there.

    Used by one thread only; worker threads are handed plain descriptors.
    """

    def __init__(self, output_dir: Path) -> None:
        self.output_dir = output_dir
        self._open: dict[tuple[str, ...], int] = {}
        self._cleaned: set[tuple[str, ...]] = set()

    def __enter__(self) -> _OpenDirectories:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def needs_room(self, parts: tuple[str, ...]) -> bool:
        """Whether opening ``parts`` would pass the limit of open descriptors
        (the caller then closes them all, once no write uses them)."""
        return parts not in self._open and self._full()

    def _full(self) -> bool:
        return len(self._open) >= _MAX_OPEN_DIRECTORIES

    def open(self, parts: tuple[str, ...]) -> int:
        """A descriptor of ``output_dir/parts``, valid until :meth:`close`."""
        fd = self._open.get(parts)
        if fd is None:
            fd = self._walk_to(parts)
            self._open[parts] = fd
        if parts not in self._cleaned:  # it may have been opened on the way to another
            self._cleaned.add(parts)
            _remove_stale_temporaries(fd)
        return fd

    def close(self) -> None:
        """Close every descriptor (directories already cleaned stay cleaned)."""
        while self._open:
            os.close(self._open.popitem()[1])

    def _walk_to(self, parts: tuple[str, ...]) -> int:
        """Open ``parts`` from its nearest open ancestor, keeping the directories
        passed on the way open too while there is room (a deep path never
        holds more than two descriptors beyond the limit)."""
        depth = len(parts) - 1
        while depth >= 0 and parts[:depth] not in self._open:
            depth -= 1
        if depth >= 0:
            fd, owned = self._open[parts[:depth]], False
        else:
            fd, owned = os.open(self.output_dir, os.O_RDONLY | _O_DIRECTORY | _O_CLOEXEC), True
            if parts and not self._full():
                self._open[()], owned = fd, False
            depth = 0
        try:
            for end in range(depth + 1, len(parts) + 1):
                child = _open_child(self.output_dir, fd, parts[:end])
                if owned:
                    os.close(fd)
                fd, owned = child, True
                if end < len(parts) and not self._full():
                    self._open[parts[:end]], owned = fd, False
        except BaseException:
            if owned:
                os.close(fd)
            raise
        return fd


def _open_child(output_dir: Path, parent_fd: int, parts: tuple[str, ...]) -> int:
    """A descriptor of ``output_dir/parts`` opened in ``parent_fd`` (its parent),
    created when missing; a symbolic link or a file there is refused."""
    name = parts[-1]
    try:
        os.mkdir(name, 0o777, dir_fd=parent_fd)
    except FileExistsError:
        pass
    try:
        return os.open(name, os.O_RDONLY | _O_DIRECTORY | _O_NOFOLLOW | _O_CLOEXEC, dir_fd=parent_fd)
    except OSError as exc:
        if exc.errno in (errno.ELOOP, errno.ENOTDIR):
            _check_directory(output_dir, parts)  # raises the clear error
        raise


def _write_by_path(output_dir: Path, parts: tuple[str, ...], data: bytes, *, clean: bool) -> None:
    """Write one file with paths only, where directory descriptors are unavailable
    (Windows): every directory on the way is checked with ``lstat`` right before."""
    for depth in range(1, len(parts)):
        _check_directory(output_dir, parts[:depth])
    target = output_dir.joinpath(*parts)
    target.parent.mkdir(parents=True, exist_ok=True)
    for depth in range(1, len(parts)):  # again: nothing may have been swapped in
        _check_directory(output_dir, parts[:depth])
    if clean:
        _remove_stale_temporaries(target.parent)
    _atomic_write(target, data)


def _atomic_write_at(dir_fd: int, name: str, data: bytes) -> None:
    """Write ``data`` to a temporary file in ``dir_fd``, then rename it over ``name``
    (a new file, where the platform allows, is written unnamed and then linked).

    The rename makes the write atomic for every other process: an interrupted
    run leaves the old file or the new one, never half of one. There is no
    fsync: output can always be regenerated, and syncing each of thousands of
    files cost about 40 % of a cold run on a big spec (the same choice as black
    and ruff, which rewrite files in place).
    """
    try:
        existing = os.stat(name, dir_fd=dir_fd, follow_symlinks=False)
    except FileNotFoundError:
        existing = None
    if existing is None and _link_new_file(dir_fd, name, data):
        return
    mode = stat.S_IMODE(existing.st_mode) if existing is not None and stat.S_ISREG(existing.st_mode) else _new_file_mode()
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _O_NOFOLLOW | _O_CLOEXEC | _O_BINARY
    for _ in range(100):
        temp_name = f".{name}.{os.urandom(4).hex()}{_TEMP_SUFFIX}"
        try:
            fd = os.open(temp_name, flags, 0o600, dir_fd=dir_fd)
            break
        except FileExistsError:
            continue
    else:  # pragma: no cover - 100 collisions of 32 random bits
        raise FileExistsError(errno.EEXIST, "no free temporary file name", name)
    try:
        try:
            _write_all(fd, data)
            os.fchmod(fd, mode)
        finally:
            os.close(fd)
        os.replace(temp_name, name, src_dir_fd=dir_fd, dst_dir_fd=dir_fd)
    except BaseException:
        try:
            os.unlink(temp_name, dir_fd=dir_fd)
        except FileNotFoundError:
            pass
        raise


class _UnnamedFiles:
    """Whether new files can be written unnamed (``O_TMPFILE``) and then linked.

    A new file needs no temporary name: the kernel makes an inode with no name
    in the directory, and once it is complete ``linkat`` gives it its name, or
    fails if that name was taken meanwhile; an interrupted run leaves nothing,
    not even a temporary file. That is one directory change instead of a
    temporary's create and rename: writing 3,600 new files took 0.17-0.24 s
    instead of 0.36-0.40 s here. Turned off for the process at the first sign
    that the file system or platform lacks it (no ``O_TMPFILE``, no ``/proc``).
    """

    usable = bool(_O_TMPFILE) and _USE_DIR_FD and os.path.isdir(_PROC_FD)


def _link_new_file(dir_fd: int, name: str, data: bytes) -> bool:
    """Write ``data`` as an unnamed file in ``dir_fd`` and link it as ``name``;
    False (nothing written) where that is unavailable or ``name`` now exists."""
    if not _UnnamedFiles.usable:
        return False
    try:
        fd = os.open(".", os.O_WRONLY | _O_TMPFILE | _O_CLOEXEC, 0o600, dir_fd=dir_fd)
    except OSError:
        # This file system cannot, or the directory refuses any new file: the
        # temporary-and-rename path then writes it, or raises the error itself.
        _UnnamedFiles.usable = False
        return False
    try:
        _write_all(fd, data)
        os.fchmod(fd, _new_file_mode())
        os.link(f"{_PROC_FD}/{fd}", name, dst_dir_fd=dir_fd, follow_symlinks=True)
    except FileExistsError:
        return False  # made meanwhile: replaced by a rename like any existing file
    except OSError:
        _UnnamedFiles.usable = False  # no /proc, a sandbox refusing the link, a full disk: as above
        return False
    finally:
        os.close(fd)
    return True


def _write_all(fd: int, data: bytes) -> None:
    """``os.write`` until all of ``data`` is written (a file object per file
    costs more than the write itself)."""
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def _atomic_write(target: Path, data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``target``, then rename it over
    (the path-based fallback where directory descriptors are unavailable)."""
    try:
        existing = target.lstat()
    except FileNotFoundError:
        existing = None
    mode = stat.S_IMODE(existing.st_mode) if existing is not None and stat.S_ISREG(existing.st_mode) else _new_file_mode()
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _O_NOFOLLOW | _O_CLOEXEC | _O_BINARY
    for _ in range(100):
        temp_name = target.parent / f".{target.name}.{os.urandom(4).hex()}{_TEMP_SUFFIX}"
        try:
            fd = os.open(temp_name, flags, 0o600)
            break
        except FileExistsError:
            continue
    else:  # pragma: no cover
        raise FileExistsError(errno.EEXIST, "no free temporary file name", str(target))
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(temp_name, mode)
        os.replace(temp_name, target)
    except BaseException:
        try:
            os.unlink(temp_name)
        except FileNotFoundError:
            pass
        raise

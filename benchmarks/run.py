"""sdkforge against its peers, in one run, on one machine: prints a markdown table.

    python -m benchmarks.run                 # everything (about 10 minutes on 2 cores)
    python -m benchmarks.run --quick         # tiny spec, our side only (seconds)

Sections (see benchmarks/README.md for what each number means):

1. generation, whole process, median of --repeat runs (three times as many
   cold runs for a spec under 0.5 MB, where noise weighs more): sdkforge cold (empty
   cache) with black and with ruff, against openapi-python-client (its own
   venv, .cache/bench/opc-venv); peak RSS of the largest process of each run;
2. incremental: sdkforge re-run with nothing changed, and with one operation's
   text changed, against openapi-python-client's full run;
3. per-call overhead of the generated Cohere SDK against cohere 7.3.1 (its own
   venv), on an in-process transport and on a local server, above raw httpx;
4. import time of ``from cohere_sdk import Client`` against ``from cohere import ClientV2``.

The peer venvs are created on first run. Nothing here needs the network but
that first ``pip install``. Results are written to --output (default
benchmarks/results.md) as well as printed.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Optional, Sequence

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "specs"
BENCH_CACHE = REPO / ".cache" / "bench"
OPC_VENV = BENCH_CACHE / "opc-venv"
OURS_VENV = BENCH_CACHE / "sdkforge-venv"
# What sdkforge's runs import from the environment: its dependencies and ruff.
OURS_DISTRIBUTIONS = ("jinja2", "pyyaml", "openapi-spec-validator", "jsonschema-rs", "black", "ruff")
COHERE_VERSION = "7.3.1"
COHERE_VENVS = (REPO / ".cache" / f"cohere-{COHERE_VERSION}", BENCH_CACHE / "cohere-venv")
DEFAULT_SPECS = (
    REPO / "specs" / "cohere.yaml",
    SHARED / "cohere-openapi.yaml",
    SHARED / "corpus" / "openai-2026-3.1.yaml",
    SHARED / "corpus" / "stripe-2023-09.yaml",
)
QUICK_SPEC = REPO / "tests" / "fixtures" / "specs" / "petstore_minimal.yaml"
HERE = Path(__file__).resolve().parent


# --- running a process and measuring it ------------------------------------------------


@dataclass
class Run:
    seconds: float
    peak_mb: float
    ok: bool
    detail: str = ""


def timed_process(command: Sequence[str], *, cwd: Path, env: Optional[dict] = None, timeout: float = 900) -> Run:
    """Wall time and peak RSS (largest process of the tree) of one command."""
    started = time.perf_counter()
    with tempfile.TemporaryFile() as out:
        proc = subprocess.Popen(list(command), cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        deadline = started + timeout
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                proc.kill()
                pid, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.002)
        elapsed = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        text = out.read().decode("utf-8", "replace")
    peak_mb = usage.ru_maxrss / 1024  # KiB on Linux
    ok = proc.returncode == 0
    detail = "" if ok else _last_error_line(text, proc.returncode)
    return Run(elapsed, peak_mb, ok, detail)


def _last_error_line(text: str, code: int) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    for line in reversed(lines):
        if "error" in line.lower() or "Error" in line:
            return f"exit {code}: {line[:160]}"
    return f"exit {code}: {lines[-1][:160] if lines else 'no output'}"


@dataclass
class Series:
    runs: list[Run] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return bool(self.runs) and all(r.ok for r in self.runs)

    @property
    def seconds(self) -> Optional[float]:
        return statistics.median(r.seconds for r in self.runs) if self.ok else None

    @property
    def peak_mb(self) -> Optional[float]:
        return max(r.peak_mb for r in self.runs) if self.ok else None

    @property
    def failure(self) -> str:
        bad = [r for r in self.runs if not r.ok]
        return bad[0].detail if bad else ("not run" if not self.runs else "")


# --- the generators ---------------------------------------------------------------------


def ours_command(
    spec: Path, output: Path, *, formatter: str, cache_dir: Path, python: str = sys.executable
) -> tuple[list[str], dict]:
    command = [python, "-m", "generator", "generate", "--spec", str(spec), "--output", str(output),
               "--package", "bench_sdk", "--formatter", formatter, "--cache-dir", str(cache_dir)]
    env = dict(os.environ, PYTHONPATH=str(REPO), SDKFORGE_CACHE_DIR=str(cache_dir))
    env.pop("SDKFORGE_NO_CACHE", None)
    return command, env


def opc_command(spec: Path, output: Path) -> list[str]:
    return [str(OPC_VENV / "bin" / "openapi-python-client"), "generate", "--path", str(spec),
            "--output-path", str(output), "--overwrite"]


def ensure_venv(venv: Path, requirements: Sequence[str], probe: str, log: Callable[[str], None]) -> Optional[Path]:
    """``venv``'s python with ``requirements`` installed (created on first use), or None."""
    python = venv / "bin" / "python"
    if python.exists() and subprocess.run([str(python), "-c", probe], capture_output=True).returncode == 0:
        return python
    log(f"creating {venv.relative_to(REPO) if venv.is_relative_to(REPO) else venv} ({' '.join(requirements)}) ...")
    shutil.rmtree(venv, ignore_errors=True)
    venv.parent.mkdir(parents=True, exist_ok=True)
    steps = [[sys.executable, "-m", "venv", str(venv)],
             [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", *requirements]]
    for step in steps:
        proc = subprocess.run(step, capture_output=True, text=True)
        if proc.returncode != 0:
            log(f"  failed: {(proc.stderr or proc.stdout).strip().splitlines()[-1:]}")
            return None
    return python if subprocess.run([str(python), "-c", probe], capture_output=True).returncode == 0 else None


def cohere_python(log: Callable[[str], None]) -> Optional[Path]:
    probe = f"import cohere.version as v; assert v.__version__ == {COHERE_VERSION!r}"
    configured = os.environ.get("SDKFORGE_COHERE_PYTHON")
    if configured:
        return Path(configured)
    for venv in COHERE_VENVS:
        python = venv / "bin" / "python"
        if python.exists() and subprocess.run([str(python), "-c", probe], capture_output=True).returncode == 0:
            return python
    return ensure_venv(COHERE_VENVS[-1], [f"cohere=={COHERE_VERSION}"], probe, log)


def opc_version() -> str:
    proc = subprocess.run([str(OPC_VENV / "bin" / "python"), "-c",
                           "import importlib.metadata as m; print(m.version('openapi-python-client'))"],
                          capture_output=True, text=True)
    return proc.stdout.strip() or "?"


def ours_python(log: Callable[[str], None]) -> tuple[str, str]:
    """The interpreter sdkforge's runs use, and how it was chosen.

    openapi-python-client runs from a venv of its own, so it starts without
    whatever this interpreter's site-packages run at start-up (here a sandbox
    ``.pth`` imports certifi in every process: 46 ms against a venv's 13 ms for
    ``python -c pass``). sdkforge gets the same: a venv with the very versions
    of its dependencies (and ruff) that this interpreter has, the generator
    itself taken from the checkout (``PYTHONPATH``). Without it (no registry to
    install from), this interpreter, as the report says.
    """
    from importlib import metadata

    pins = []
    for name in OURS_DISTRIBUTIONS:
        try:
            pins.append(f"{name}=={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            pins.append(name)
    probe = ("import importlib.metadata as m, sys\n"
             f"pins = {pins!r}\n"
             "for pin in pins:\n"
             "    name, _, version = pin.partition('==')\n"
             "    assert not version or m.version(name) == version, pin\n"
             "import black, jinja2, yaml, openapi_spec_validator\n"
             "from ruff.__main__ import find_ruff_bin\n"
             "find_ruff_bin()\n")
    python = ensure_venv(OURS_VENV, pins, probe, log)
    if python is None:
        return sys.executable, "this interpreter (its venv could not be made)"
    return str(python), f"its own venv ({OURS_VENV.relative_to(REPO)}, the same versions as this interpreter)"


def prepare_ours(log: Callable[[str], None], python: str = sys.executable) -> None:
    """Leave sdkforge as installing it does: the generator byte-compiled (pip compiles
    an installed package's modules; an editable install under PYTHONDONTWRITEBYTECODE
    would otherwise recompile every module in every run) and the templates compiled
    (they are cached beside them like ``__pycache__``, on first use). The peers'
    venvs are byte-compiled by pip in the same way. Cold runs still start from an
    empty cache directory: no formatted file, validation or parse is reused."""
    env = dict(os.environ, PYTHONPATH=str(REPO))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    log("byte-compiling the generator and compiling its templates")
    subprocess.run([python, "-m", "compileall", "-q", str(REPO / "generator")], env=env, check=False)
    warm = ("from generator.render import environment\n"
            "env = environment()\n"
            "for name in env.list_templates():\n"
            "    if name.endswith('.jinja'):\n"
            "        env.get_template(name)\n")
    subprocess.run([python, "-c", warm], cwd=REPO, env=env, check=False)


def default_work_root() -> Optional[Path]:
    """A memory file system (``/dev/shm``) where there is one, else None (the temp dir).

    Every run's output and cache go there. On this machine's disk (ext4 without
    a journal) creating a file costs 0.04 ms normally but up to 1 ms for minutes
    after many files were deleted, since each new inode skips the recently freed
    ones: writing OpenAI's 3,638 files took sdkforge 0.75-1.3 s in /tmp after
    earlier runs' clean-ups, and 0.12 s in /dev/shm. Both tools write the same
    files in the same place, but that state of the disk, left by whatever ran
    before, would set the result; a memory file system keeps no such state.
    """
    shm = Path("/dev/shm")
    return shm if shm.is_dir() and os.access(shm, os.W_OK | os.X_OK) else None


# --- one edited operation ---------------------------------------------------------------


def edit_plan(text: str) -> Optional[str]:
    """A snippet of one operation's summary or description that occurs once in ``text``."""
    from generator.loader import _SafeLoader  # the same YAML reading as the generator

    import yaml

    data = json.loads(text) if text.lstrip().startswith("{") else yaml.load(text, Loader=_SafeLoader)
    for item in (data.get("paths") or {}).values():
        if not isinstance(item, dict):
            continue
        for operation in item.values():
            if not isinstance(operation, dict):
                continue
            for key in ("summary", "description"):
                value = operation.get(key)
                if not isinstance(value, str):
                    continue
                for match in re.finditer(r"[A-Za-z0-9][A-Za-z0-9 ,.]{6,38}[A-Za-z0-9.]", value):
                    snippet = match.group(0)
                    if text.count(snippet) == 1:
                        return snippet
    return None


def edited(text: str, snippet: str, n: int) -> str:
    return text.replace(snippet, f"{snippet} (edit {n})", 1)


# --- sections -----------------------------------------------------------------------------


@dataclass
class SpecResult:
    spec: Path
    size_mb: float
    opc: Series = field(default_factory=Series)
    black: Series = field(default_factory=Series)
    ruff: Series = field(default_factory=Series)
    unchanged: Series = field(default_factory=Series)
    one_op: Series = field(default_factory=Series)
    one_op_note: str = ""


# A small spec's cold run lasts about a second, so machine noise moves it by a larger
# share than a big spec's; its cold runs are repeated more (they are cheap) so the
# median settles. Both tools get the same number of runs, interleaved.
SMALL_SPEC_MB = 0.5
SMALL_SPEC_REPEAT_FACTOR = 3


def cold_repeats(size_mb: float, repeat: int, *, quick: bool = False) -> int:
    return repeat * SMALL_SPEC_REPEAT_FACTOR if size_mb < SMALL_SPEC_MB and not quick else repeat


def bench_generation(
    specs: Sequence[Path], *, repeat: int, peers: bool, work: Path, log: Callable[[str], None], quick: bool = False,
    python: str = sys.executable,
) -> list[SpecResult]:
    """Every run writes into a directory of its own, and none is removed before
    the whole benchmark ends: on ext4 without a journal (this machine's disk) a
    new inode skips each one freed in the last minute, so deleting a run's
    thousands of files made the next run's writes cost up to 1 ms a file, which
    fell on whichever tool ran next."""
    results = []
    for spec in specs:
        result = SpecResult(spec, spec.stat().st_size / 1e6)
        results.append(result)
        copy = work / f"spec-{len(results)}{spec.suffix}"
        shutil.copyfile(spec, copy)  # outside the repo, where edits may happen
        runs = cold_repeats(result.size_mb, repeat, quick=quick)
        log(f"{spec.name}: cold runs x{runs}")
        for r in range(runs):
            if peers:
                out = work / f"opc-{len(results)}-{r}"
                out.mkdir()
                result.opc.runs.append(timed_process(opc_command(copy, out / "client"), cwd=out))
                if not result.opc.runs[-1].ok:
                    log(f"  openapi-python-client: {result.opc.runs[-1].detail}")
            for formatter, series in (("black", result.black), ("ruff", result.ruff)):
                cache_dir = Path(tempfile.mkdtemp(dir=work, prefix="cache-"))
                out = Path(tempfile.mkdtemp(dir=work, prefix="out-"))
                command, env = ours_command(copy, out, formatter=formatter, cache_dir=cache_dir, python=python)
                series.runs.append(timed_process(command, cwd=work, env=env))
                if not series.runs[-1].ok:
                    log(f"  sdkforge ({formatter}): {series.runs[-1].detail}")
            if not result.black.ok and not result.ruff.ok and not (peers and result.opc.ok):
                break
        log(f"{spec.name}: incremental runs x{repeat}")
        cache_dir = Path(tempfile.mkdtemp(dir=work, prefix="cache-"))
        out = Path(tempfile.mkdtemp(dir=work, prefix="out-"))
        command, env = ours_command(copy, out, formatter="black", cache_dir=cache_dir, python=python)
        warm = timed_process(command, cwd=work, env=env)
        if not warm.ok:
            result.unchanged.runs.append(warm)
            result.one_op.runs.append(warm)
            continue
        for _ in range(repeat):
            result.unchanged.runs.append(timed_process(command, cwd=work, env=env))
        original = copy.read_text(encoding="utf-8")
        snippet = edit_plan(original)
        if snippet is None:
            result.one_op_note = "no operation text to edit"
            continue
        result.one_op_note = f"summary/description of one operation: {snippet[:30]!r}"
        for n in range(1, repeat + 1):
            copy.write_text(edited(original, snippet, n), encoding="utf-8")
            result.one_op.runs.append(timed_process(command, cwd=work, env=env))
        copy.write_text(original, encoding="utf-8")
    return results


def bench_sdk(python: Optional[Path], *, quick: bool, work: Path, log: Callable[[str], None]) -> dict[str, Any]:
    """Per-call overhead and import times, measured by benchmarks/sdk_calls.py in ``python``."""
    package_dir = work / "sdk-site"
    shutil.copytree(REPO / "generated" / "cohere_sdk", package_dir / "cohere_sdk")
    interpreter = str(python or sys.executable)
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # both SDKs import from compiled bytecode
    subprocess.run([interpreter, "-m", "compileall", "-q", str(package_dir)], env=env, check=False)
    command = [interpreter, str(HERE / "sdk_calls.py"), "--sdk-path", str(package_dir)]
    if python is None:
        command.append("--no-cohere")
    if quick:
        command.append("--quick")
    log("SDK per-call overhead and import time" + (" (ours only)" if python is None else ""))
    proc = subprocess.run(command, capture_output=True, text=True, env=env, timeout=1800)
    if proc.returncode != 0:
        return {"error": proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else f"exit {proc.returncode}"}
    return json.loads(proc.stdout)


# --- the report ---------------------------------------------------------------------------


def _s(value: Optional[float]) -> str:
    return "fails" if value is None else f"{value:.2f} s"


def _mb(value: Optional[float]) -> str:
    return "–" if value is None else f"{value:.0f} MB"


def _ratio(peer: Optional[float], ours: Optional[float]) -> str:
    if peer is None or ours is None or ours <= 0:
        return "n/a"
    return f"{peer / ours:.1f}×"


def _us(value: Optional[float]) -> str:
    return "n/a" if value is None else f"{value:.1f} µs"


def _ms(value: Optional[float]) -> str:
    return "n/a" if value is None else f"{value * 1000:.0f} ms"


def report(results: list[SpecResult], sdk: dict[str, Any], *, meta: dict[str, str], peers: bool) -> str:
    lines = ["# sdkforge benchmark", ""]
    lines.append(" · ".join(f"{k}: {v}" for k, v in meta.items()))
    lines.append("")
    lines.append("Ratios are peer ÷ sdkforge (higher is better for sdkforge); times are medians of whole processes; "
                 "peak is the largest RSS of any process of a run.")
    lines.append("")
    lines.append("## Generation, cold (empty cache)")
    lines.append("")
    lines.append("| spec | size | openapi-python-client | sdkforge black | ratio | sdkforge ruff | ratio | peak opc / black / ruff |")
    lines.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    notes = []
    for r in results:
        opc = r.opc.seconds if peers else None
        opc_cell = _s(opc) if peers else "skipped"
        lines.append(
            f"| {r.spec.name} | {r.size_mb:.2f} MB | {opc_cell} | {_s(r.black.seconds)} | {_ratio(opc, r.black.seconds)} "
            f"| {_s(r.ruff.seconds)} | {_ratio(opc, r.ruff.seconds)} "
            f"| {_mb(r.opc.peak_mb) if peers else '–'} / {_mb(r.black.peak_mb)} / {_mb(r.ruff.peak_mb)} |"
        )
        for who, series in (("openapi-python-client", r.opc), ("sdkforge black", r.black), ("sdkforge ruff", r.ruff)):
            if series.runs and not series.ok:
                notes.append(f"- {r.spec.name}, {who}: {series.failure}")
    lines.append("")
    lines.append("## Incremental (default formatter black, warm cache, same output directory)")
    lines.append("")
    lines.append("| spec | cold black | nothing changed | ratio vs opc full | one operation changed | ratio vs opc full |")
    lines.append("| --- | ---: | ---: | ---: | ---: | ---: |")
    for r in results:
        opc = r.opc.seconds if peers else None
        lines.append(
            f"| {r.spec.name} | {_s(r.black.seconds)} | {_s(r.unchanged.seconds)} | {_ratio(opc, r.unchanged.seconds)} "
            f"| {_s(r.one_op.seconds) if r.one_op.runs else 'n/a'} | {_ratio(opc, r.one_op.seconds)} |"
        )
        if r.one_op_note:
            notes.append(f"- {r.spec.name}, edit: {r.one_op_note}")
        for who, series in (("unchanged", r.unchanged), ("one operation", r.one_op)):
            if series.runs and not series.ok:
                notes.append(f"- {r.spec.name}, {who}: {series.failure}")
    lines.append("")
    lines.append("## Generated SDK runtime (same interpreter, same httpx and pydantic)")
    lines.append("")
    if "error" in sdk:
        lines.append(f"not measured: {sdk['error']}")
    else:
        lines.append(f"Interpreter: {sdk.get('python', '?')}; httpx {sdk.get('httpx', '?')}, pydantic {sdk.get('pydantic', '?')}; "
                     f"{sdk.get('calls', '?')} calls per cell. Overhead = SDK time per call − raw httpx time per call "
                     "(request + `response.json()`) on the same transport.")
        lines.append("")
        lines.append("| transport | call | raw httpx | cohere_sdk | overhead | cohere 7.3.1 | overhead | ratio |")
        lines.append("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |")
        for row in sdk.get("calls_table", []):
            ours_over = row.get("ours_overhead")
            theirs_over = row.get("cohere_overhead")
            lines.append(
                f"| {row['transport']} | {row['call']} | {_us(row.get('raw'))} | {_us(row.get('ours'))} | {_us(ours_over)} "
                f"| {_us(row.get('cohere'))} | {_us(theirs_over)} | {_ratio(theirs_over, ours_over)} |"
            )
        lines.append("")
        imports = sdk.get("imports", {})
        lines.append("| import (fresh process, median) | time | ratio |")
        lines.append("| --- | ---: | ---: |")
        ours = imports.get("from cohere_sdk import Client")
        for label, value in imports.items():
            ratio = _ratio(value, ours) if label == "from cohere import ClientV2" else ""
            lines.append(f"| `{label}` | {_ms(value)} | {ratio} |")
    if notes:
        lines.append("")
        lines.append("Notes:")
        lines.extend(notes)
    lines.append("")
    return "\n".join(lines)


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="tiny spec, our side only, one run each (the smoke test)")
    parser.add_argument("--repeat", type=int, default=None, help="runs per cell, median taken (default 3; 1 with --quick)")
    parser.add_argument("--spec", action="append", type=Path, help="spec to benchmark (repeatable; default the four of the issue)")
    parser.add_argument("--no-peers", action="store_true", help="skip openapi-python-client and cohere 7.3.1")
    parser.add_argument("--no-sdk", action="store_true", help="skip the generated SDK's per-call and import measurements")
    parser.add_argument("--output", type=Path, default=HERE / "results.md", help="markdown file to write")
    parser.add_argument("--work-dir", type=Path, default=None,
                        help="where spec copies, outputs and caches go (default /dev/shm where it exists, else the temp dir)")
    args = parser.parse_args(argv)
    peers = not (args.quick or args.no_peers)
    repeat = args.repeat or (1 if args.quick else 3)
    specs = args.spec or ([QUICK_SPEC] if args.quick else [s for s in DEFAULT_SPECS if s.exists()])

    def log(message: str) -> None:
        print(f"[bench] {message}", file=sys.stderr, flush=True)

    cohere = None
    opc = "skipped"
    if peers:
        if ensure_venv(OPC_VENV, ["openapi-python-client"], "import openapi_python_client", log) is None:
            log("openapi-python-client unavailable: its cells show 'fails'")
        else:
            opc = opc_version()
        cohere = None if args.no_sdk else cohere_python(log)  # the SDK part alone needs cohere 7.3.1
    meta = {
        "date": time.strftime("%Y-%m-%d %H:%M"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, load {os.getloadavg()[0]:.2f} at start",
        "python": platform.python_version(),
        "openapi-python-client": opc,
        "runs per cell": str(repeat) if args.quick else f"{repeat} ({cold_repeats(0, repeat)} for the cold runs of specs under {SMALL_SPEC_MB} MB)",
    }
    python, meta["sdkforge ran in"] = (sys.executable, "this interpreter") if args.quick else ours_python(log)
    work_root = args.work_dir or default_work_root()
    meta["work dir"] = str(work_root or tempfile.gettempdir())
    with tempfile.TemporaryDirectory(prefix="sdkforge-bench-", dir=work_root) as temp:
        work = Path(temp)
        prepare_ours(log, python)
        results = bench_generation(specs, repeat=repeat, peers=peers, work=work, log=log, quick=args.quick, python=python)
        sdk = {"error": "skipped (--no-sdk)"} if args.no_sdk else bench_sdk(cohere, quick=args.quick, work=work, log=log)
    meta["load at end"] = f"{os.getloadavg()[0]:.2f}"
    text = report(results, sdk, meta=meta, peers=peers)
    print(text)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text, encoding="utf-8")
    log(f"written to {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

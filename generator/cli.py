"""The ``sdkforge`` command line."""

from __future__ import annotations

import argparse
import sys
import time
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Optional, Sequence

from .errors import SpecError
from .pipeline import generate
from .writer import write_files

EXIT_SPEC_ERROR = 2
_CONFIG_KEYS = {"spec", "output", "package", "templates", "line_length", "strict"}


@dataclass(frozen=True)
class Target:
    spec: Path
    output: Path
    package: str
    templates: tuple[Path, ...] = ()
    line_length: int = 88
    strict: bool = False


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = _argument_parser()
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except SpecError as exc:
        if getattr(args, "debug", False):
            raise
        print(f"sdkforge: error: {exc}", file=sys.stderr)
        return EXIT_SPEC_ERROR
    except Exception as exc:  # a bug of ours: say so briefly, traceback on request
        if getattr(args, "debug", False):
            raise
        print(
            f"sdkforge: internal error: {type(exc).__name__}: {exc} (rerun with --debug for the traceback)",
            file=sys.stderr,
        )
        return EXIT_SPEC_ERROR


def _argument_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="sdkforge", description="Generate a typed Python SDK from an OpenAPI 3.0/3.1 definition.")
    commands = parser.add_subparsers(dest="command", required=True)
    gen = commands.add_parser("generate", help="generate an SDK (defaults from [tool.sdkforge] in pyproject.toml)")
    gen.add_argument("--spec", type=Path, help="OpenAPI document (YAML or JSON)")
    gen.add_argument("--output", type=Path, help="directory to write the SDK project into")
    gen.add_argument("--package", help="Python package name of the SDK")
    gen.add_argument("--config", type=Path, default=Path("pyproject.toml"), help="pyproject.toml holding [tool.sdkforge]")
    gen.add_argument("--strict", action="store_true", default=None, help="treat validator findings as errors")
    gen.add_argument("--debug", action="store_true", help="show tracebacks")
    gen.set_defaults(run=_run_generate)
    return parser


def _run_generate(args: argparse.Namespace) -> int:
    target = _resolve_target(args)
    started = time.perf_counter()
    result = generate(
        target.spec,
        target.package,
        strict=target.strict,
        template_dirs=target.templates,
        line_length=target.line_length,
    )
    for warning in result.warnings:
        print(f"sdkforge: {warning}", file=sys.stderr)
    summary = write_files(target.output, result.files)
    elapsed = time.perf_counter() - started
    print(
        f"sdkforge: {target.package} from {target.spec}: {summary.written} written,"
        f" {summary.unchanged} unchanged, {len(result.warnings)} warnings in {elapsed:.2f} s"
    )
    return 0


def _resolve_target(args: argparse.Namespace) -> Target:
    """Flags win over [tool.sdkforge]; config paths are relative to its file."""
    config = _read_config(args.config) if not (args.spec and args.output and args.package) else {}
    base = args.config.resolve().parent
    spec = args.spec or _config_path(config, "spec", base)
    output = args.output or _config_path(config, "output", base)
    package = args.package or config.get("package")
    if spec is None or output is None or not package:
        raise SpecError("nothing to generate: pass --spec, --output and --package, or set them in [tool.sdkforge] of pyproject.toml")
    if not str(package).replace(".", "_").isidentifier():
        raise SpecError(f"--package {package!r} is not a valid Python package name")
    templates = tuple(base / t for t in config.get("templates", ()))
    strict = args.strict if args.strict is not None else bool(config.get("strict", False))
    return Target(spec=spec, output=output, package=str(package), templates=templates, line_length=int(config.get("line_length", 88)), strict=strict)


def _config_path(config: dict, key: str, base: Path) -> Optional[Path]:
    value = config.get(key)
    return base / value if value else None


def _read_config(path: Path) -> dict:
    if not path.is_file():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise SpecError(f"{path}: invalid TOML: {exc}") from None
    config = data.get("tool", {}).get("sdkforge", {})
    unknown = sorted(set(config) - _CONFIG_KEYS)
    if unknown:
        raise SpecError(f"{path}: [tool.sdkforge]: unknown key {unknown[0]!r} (known: {', '.join(sorted(_CONFIG_KEYS))})")
    return config

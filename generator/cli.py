"""The ``sdkforge`` command line.

Commands: ``generate``, ``check``, ``validate``, ``diff``. Exit codes: 0 all
good; 1 ``check`` found differences, ``validate`` found problems, ``diff``
found breaking changes; 2 a spec or configuration error (no traceback unless
``--debug``).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path
from typing import Optional, Sequence

from .config import FORMATTERS, ConfigError, Overrides, Target, configured_specs, resolve_targets
from .errors import SpecError

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_SPEC_ERROR = 2


def run() -> None:
    """Entry point of ``sdkforge`` and ``python -m generator``: ``main``, then exit
    without tearing the interpreter down. Every file is written and closed, every
    child and thread joined by then; freeing a big spec's IR (millions of objects)
    one by one only made the user wait another tenth of a second."""
    code = main()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    finally:
        os._exit(code)


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = _argument_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.run(args))
    except SpecError as exc:
        if getattr(args, "debug", False):
            raise
        print(f"sdkforge: error: {exc}", file=sys.stderr)
        return EXIT_SPEC_ERROR
    except OSError as exc:
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


# --- arguments -----------------------------------------------------------------------------


def _argument_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sdkforge", description="Generate a typed Python SDK from an OpenAPI 3.0/3.1 definition."
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    gen = commands.add_parser(
        "generate",
        help="generate SDKs (targets from [tool.sdkforge] or sdkforge.yaml; flags override)",
        description="Generate each configured target, writing only files whose content changed.",
    )
    _target_arguments(gen)
    gen.set_defaults(run=_run_generate)

    check = commands.add_parser(
        "check",
        help="exit 1 with a diff when the SDK on disk is not what generate would write",
        description="Generate in memory and compare with the disk: 0 identical, 1 different (diff shown), 2 spec error.",
    )
    _target_arguments(check)
    check.add_argument(
        "--diff-lines", type=int, default=60, metavar="N", help="show at most N diff lines per file (default 60)"
    )
    check.set_defaults(run=_run_check)

    validate = commands.add_parser(
        "validate",
        help="report the validator's and the generator's findings for a spec",
        description="Each finding with file, line and JSON path. 0 none, 1 findings, 2 the spec cannot be generated.",
    )
    validate.add_argument("spec", nargs="?", type=Path, help="OpenAPI document (default: every configured target's spec)")
    validate.add_argument("--config", type=Path, help="configuration file (default: sdkforge.yaml or pyproject.toml here)")
    validate.add_argument("--target", action="append", default=[], help="configured target to validate (repeatable)")
    validate.add_argument("--debug", action="store_true", help="show tracebacks")
    validate.set_defaults(run=_run_validate)

    diff = commands.add_parser(
        "diff",
        help="classify the SDK surface changes between two specs (exit 1 when any breaks callers)",
        description="Compare the SDKs two specs produce: breaking and compatible changes and the semver bump.",
    )
    diff.add_argument("old_spec", type=Path, metavar="OLD_SPEC")
    diff.add_argument("new_spec", type=Path, metavar="NEW_SPEC")
    diff.add_argument("--json", action="store_true", help="print a JSON report")
    diff.add_argument("--debug", action="store_true", help="show tracebacks")
    diff.set_defaults(run=_run_diff)
    return parser


def _target_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--spec", type=Path, help="OpenAPI document (YAML or JSON)")
    parser.add_argument("--output", type=Path, help="directory to write the SDK project into")
    parser.add_argument("--package", help="Python package name of the SDK")
    parser.add_argument("--config", type=Path, help="configuration file (default: sdkforge.yaml or pyproject.toml here)")
    parser.add_argument("--target", action="append", default=[], help="configured target to build (repeatable; default all)")
    parser.add_argument(
        "--templates", action="append", type=Path, default=[], metavar="DIR",
        help="directory whose templates shadow the built-in ones of the same name (repeatable)",
    )
    parser.add_argument("--line-length", type=int, help="line length of the formatted code (default 88)")
    parser.add_argument("--formatter", choices=FORMATTERS, help="code formatter (default black)")
    parser.add_argument("--cache-dir", type=Path, help="cache of formatted output")
    strict = parser.add_mutually_exclusive_group()
    strict.add_argument("--strict", dest="strict", action="store_true", default=None, help="treat validator findings as errors")
    strict.add_argument("--no-strict", dest="strict", action="store_false", help="validator findings are warnings")
    parser.add_argument("--debug", action="store_true", help="show tracebacks")


def _targets(args: argparse.Namespace) -> list[Target]:
    overrides = Overrides(
        spec=args.spec,
        output=args.output,
        package=args.package,
        templates=tuple(args.templates),
        line_length=args.line_length,
        strict=args.strict,
        formatter=args.formatter,
        cache_dir=args.cache_dir,
        targets=tuple(args.target),
    )
    return resolve_targets(overrides, config_path=args.config)


def _warn(warnings: Sequence[str]) -> None:
    for warning in warnings:
        print(f"sdkforge: {warning}", file=sys.stderr)


# --- commands -------------------------------------------------------------------------------


def _run_generate(args: argparse.Namespace) -> int:
    from . import cache
    from .check import generate_target
    from .writer import apply_plan, plan_writes

    targets = _targets(args)
    # Generate every target before writing any, so a spec error leaves all output as it was.
    results = []
    for target in targets:
        started = time.perf_counter()
        result = generate_target(target)
        results.append((target, result, started))
    for target, result, started in results:
        _warn(result.warnings)
        summary = apply_plan(plan_writes(target.output, result.files, known_files=True, cache_dir=target.cache_dir))
        elapsed = time.perf_counter() - started
        extra = f", {summary.ignored} kept by .sdkforgeignore" if summary.ignored else ""
        print(
            f"sdkforge: {target.package} from {target.spec}: {summary.written} written,"
            f" {summary.unchanged} unchanged, {summary.removed} removed{extra},"
            f" {len(result.warnings)} warnings in {elapsed:.2f} s"
        )
    for root in {cache.cache_root(target.cache_dir) for target in targets}:
        cache.prune_if_due(root)
    return EXIT_OK


def _run_check(args: argparse.Namespace) -> int:
    from .check import check_target, display_path

    if args.diff_lines < 1:
        raise ConfigError("--diff-lines must be at least 1")
    stale = 0
    for target in _targets(args):
        result = check_target(target)
        _warn(result.generated.warnings)
        where = display_path(target.output)
        if result.up_to_date:
            print(f"sdkforge: {target.package}: {where} is up to date ({len(result.plan.files)} files)")
            continue
        stale += 1
        sys.stdout.write(result.diff(args.diff_lines))
        print(f"sdkforge: {target.package}: {where} is out of date: {result.describe()}; run `sdkforge generate`")
    return EXIT_FINDINGS if stale else EXIT_OK


def _run_validate(args: argparse.Namespace) -> int:
    from .loader import load_document
    from .parser import build_api
    from .validate import find_problems

    if args.spec is not None:
        specs = [args.spec]
    else:
        specs = configured_specs(config_path=args.config, names=tuple(args.target))
    exit_code = EXIT_OK
    for spec in specs:
        doc = load_document(spec)
        problems = [f"{location}: warning: {message}" for location, message in find_problems(doc)]
        try:
            generator_findings = [str(w) for w in build_api(doc, "sdk").warnings]
            fatal = None
        except SpecError as exc:
            generator_findings = []
            fatal = f"{exc.location}: error: {exc.message}" if exc.location else f"{spec}: error: {exc.message}"
        report = problems + generator_findings + ([fatal] if fatal else [])
        for line in report:
            print(line)
        if fatal:
            print(f"sdkforge: {spec}: {len(report)} findings; it cannot be generated", file=sys.stderr)
            exit_code = EXIT_SPEC_ERROR
        elif report:
            print(f"sdkforge: {spec}: {len(report)} finding{'s' if len(report) != 1 else ''}", file=sys.stderr)
            exit_code = max(exit_code, EXIT_FINDINGS)
        else:
            print(f"sdkforge: {spec}: valid, no findings", file=sys.stderr)
    return exit_code


def _run_diff(args: argparse.Namespace) -> int:
    from .surface_diff import diff_specs

    result = diff_specs(args.old_spec, args.new_spec)
    if args.json:
        sys.stdout.write(json.dumps(result.to_json(), indent=2) + "\n")
    else:
        sys.stdout.write(result.report())
    return EXIT_FINDINGS if result.breaking else EXIT_OK

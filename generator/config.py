"""Configuration: ``[tool.sdkforge]`` in pyproject.toml or ``sdkforge.yaml``.

One target (``spec``, ``output``, ``package`` at the top) or several under
``targets.NAME``; options at the top apply to every target unless a target sets
its own. Paths are relative to the configuration file. Command-line flags win
over both. Every unknown key is an error that names the key.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Mapping, NamedTuple, Optional, Sequence


from . import naming
from .errors import SpecError

PYPROJECT = "pyproject.toml"
YAML_NAMES = ("sdkforge.yaml", "sdkforge.yml")
FORMATTERS = ("black", "ruff", "none")
DEFAULT_LINE_LENGTH = 88
DEFAULT_TARGET = "default"

TARGET_KEYS = ("spec", "output", "package")
OPTION_KEYS = ("templates", "line_length", "strict", "formatter", "cache_dir")
ALL_TARGET_KEYS = TARGET_KEYS + OPTION_KEYS
TOP_LEVEL_KEYS = ALL_TARGET_KEYS + ("targets",)


class ConfigError(SpecError):
    """A configuration the generator cannot use (exit code 2, like a spec error)."""


class Target(NamedTuple):
    """Everything needed to generate one SDK."""

    name: str
    spec: Path
    output: Path
    package: str
    templates: tuple[Path, ...] = ()
    line_length: int = DEFAULT_LINE_LENGTH
    strict: bool = False
    formatter: str = "black"
    cache_dir: Optional[Path] = None


class Overrides(NamedTuple):
    """Command-line flags; ``None`` (or empty) means "not given"."""

    spec: Optional[Path] = None
    output: Optional[Path] = None
    package: Optional[str] = None
    templates: tuple[Path, ...] = ()
    line_length: Optional[int] = None
    strict: Optional[bool] = None
    formatter: Optional[str] = None
    cache_dir: Optional[Path] = None
    targets: tuple[str, ...] = ()  # names to select; empty: all

    @property
    def complete(self) -> bool:
        return bool(self.spec and self.output and self.package)


class Config(NamedTuple):
    path: Optional[Path]  # None: nothing configured
    targets: tuple[Target, ...]
    # Raw (partial) targets: spec/output/package may be missing until flags fill them in.
    partial: tuple[Mapping[str, Any], ...] = ()


def find_config(directory: Path) -> Optional[Path]:
    """The configuration file in ``directory``: sdkforge.yaml, else pyproject.toml
    with a ``[tool.sdkforge]`` table; both configuring sdkforge is an error."""
    found = [directory / name for name in YAML_NAMES if (directory / name).is_file()]
    pyproject = directory / PYPROJECT
    if pyproject.is_file() and _pyproject_table(pyproject) is not None:
        found.append(pyproject)
    if len(found) > 1:
        raise ConfigError(
            f"{directory}: sdkforge is configured in both {found[0].name} and {found[1].name}; keep one"
        )
    return found[0] if found else None


def load_raw(path: Path) -> Optional[Mapping[str, Any]]:
    """The sdkforge table of ``path`` (``None`` when a pyproject.toml has none)."""
    if not path.is_file():
        raise ConfigError(f"{path}: no such configuration file")
    if path.suffix.lower() in (".yaml", ".yml"):
        import yaml  # here, not at the top: a run on an unchanged spec never needs it

        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.MarkedYAMLError as exc:
            line = exc.problem_mark.line + 1 if exc.problem_mark else "?"
            raise ConfigError(f"{path}:{line}: invalid YAML: {exc.problem}") from None
        except (yaml.YAMLError, OSError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{path}: cannot read: {exc}") from None
        if data is None:
            return {}
        if not isinstance(data, Mapping):
            raise ConfigError(f"{path}: the configuration must be a mapping")
        return data
    return _pyproject_table(path)


def _pyproject_table(path: Path) -> Optional[Mapping[str, Any]]:
    import tomllib  # here, not at the top: most runs read no pyproject.toml

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read: {exc}") from None
    table = data.get("tool", {}).get("sdkforge")
    if table is None:
        return None
    if not isinstance(table, Mapping):
        raise ConfigError(f"{path}: [tool.sdkforge] must be a table")
    return table


def _section(path: Path, name: Optional[str], section: Optional[str] = None) -> str:
    if section is None and path.suffix.lower() != ".toml":
        return "top level" if name is None else f"targets.{name}"
    section = section or "tool.sdkforge"
    return f"[{section}]" if name is None else f"[{section}.targets.{name}]"


def _check_keys(
    path: Path, table: Mapping[str, Any], allowed: Sequence[str], name: Optional[str], section: Optional[str] = None
) -> None:
    for key in table:
        if key not in allowed:
            import difflib

            close = difflib.get_close_matches(str(key), allowed, n=1)
            hint = f"did you mean {close[0]!r}? " if close else ""
            raise ConfigError(
                f"{path}: {_section(path, name, section)}: unknown key {str(key)!r} ({hint}known keys: {', '.join(allowed)})"
            )


def parse_config(path: Path, table: Mapping[str, Any], *, section: Optional[str] = None) -> tuple[Mapping[str, Any], ...]:
    """Validated, merged (still partial) target tables, each with a ``name``."""
    _check_keys(path, table, TOP_LEVEL_KEYS, None, section)
    shared = {key: value for key, value in table.items() if key != "targets"}
    _check_values(path, shared, None, section)
    targets = table.get("targets")
    if targets is None:
        return ({**shared, "name": DEFAULT_TARGET},)
    if not isinstance(targets, Mapping) or not targets:
        raise ConfigError(
            f"{path}: {_section(path, None, section)}: 'targets' must map target names to tables"
            f" (e.g. [tool.sdkforge.targets.public])"
        )
    merged = []
    for name, own in targets.items():
        if not isinstance(own, Mapping):
            raise ConfigError(f"{path}: {_section(path, str(name), section)}: a target must be a table of keys")
        _check_keys(path, own, ALL_TARGET_KEYS, str(name), section)
        _check_values(path, own, str(name), section)
        merged.append({**shared, **own, "name": str(name)})
    return tuple(merged)


def _check_values(path: Path, table: Mapping[str, Any], name: Optional[str], section: Optional[str] = None) -> None:
    where = f"{path}: {_section(path, name, section)}"
    for key in ("spec", "output", "package", "cache_dir"):
        if key in table and (not isinstance(table[key], str) or not table[key].strip()):
            raise ConfigError(f"{where}: {key} must be a non-empty string, not {table[key]!r}")
    if "templates" in table:
        value = table["templates"]
        values = [value] if isinstance(value, str) else value
        if not isinstance(values, list) or not all(isinstance(v, str) and v for v in values):
            raise ConfigError(f"{where}: templates must be a directory or a list of directories, not {value!r}")
    if "line_length" in table:
        value = table["line_length"]
        if isinstance(value, bool) or not isinstance(value, int) or value < 20:
            raise ConfigError(f"{where}: line_length must be an integer of at least 20, not {value!r}")
    if "strict" in table and not isinstance(table["strict"], bool):
        raise ConfigError(f"{where}: strict must be true or false, not {table['strict']!r}")
    if "formatter" in table and table["formatter"] not in FORMATTERS:
        raise ConfigError(f"{where}: formatter must be one of {', '.join(FORMATTERS)}, not {table['formatter']!r}")


def _as_paths(value: Any, base: Path) -> tuple[Path, ...]:
    values = [value] if isinstance(value, str) else list(value or ())
    return tuple(base / v for v in values)


def _target_from(partial: Mapping[str, Any], base: Path, overrides: Overrides, *, single: bool) -> Target:
    def path_of(key: str) -> Optional[Path]:
        flag = getattr(overrides, key) if single else None
        if flag is not None:
            return flag
        return base / partial[key] if partial.get(key) else None

    spec = path_of("spec")
    output = path_of("output")
    package = (overrides.package if single else None) or partial.get("package")
    name = str(partial.get("name", DEFAULT_TARGET))
    missing = [key for key, value in (("spec", spec), ("output", output), ("package", package)) if not value]
    if missing:
        label = "" if name == DEFAULT_TARGET else f"target {name!r}: "
        raise ConfigError(
            f"nothing to generate: {label}no {', '.join(missing)}; pass --spec, --output and --package,"
            f" or set them in [tool.sdkforge] of pyproject.toml (or in sdkforge.yaml)"
        )
    package = str(package)
    problem = naming.package_name_problem(package)
    if problem is not None:
        shown = package if len(package) <= 60 else package[:57] + "..."
        raise ConfigError(
            f"package {shown!r} is not a valid Python package name: {problem}"
            + ("" if name == DEFAULT_TARGET else f" (target {name!r})")
        )
    templates = overrides.templates or _as_paths(partial.get("templates"), base)
    for directory in templates:
        if not directory.is_dir():
            raise ConfigError(f"templates directory {directory} does not exist")
    assert spec is not None and output is not None
    return Target(
        name=name,
        spec=spec,
        output=output,
        package=package,
        templates=templates,
        line_length=overrides.line_length if overrides.line_length is not None else int(partial.get("line_length", DEFAULT_LINE_LENGTH)),
        strict=overrides.strict if overrides.strict is not None else bool(partial.get("strict", False)),
        formatter=overrides.formatter or str(partial.get("formatter", "black")),
        cache_dir=overrides.cache_dir or (base / partial["cache_dir"] if partial.get("cache_dir") else None),
    )


def resolve_targets(
    overrides: Overrides = Overrides(),
    *,
    config_path: Optional[Path] = None,
    directory: Optional[Path] = None,
) -> list[Target]:
    """The targets to build: configuration merged with flags.

    With ``--spec``, ``--output`` and ``--package`` all given and no explicit
    ``config_path``, no configuration is read. Otherwise the configuration file
    (``config_path``, or the one found in ``directory``) supplies the targets,
    selected by ``overrides.targets``; flags naming one SDK (spec, output,
    package) need exactly one selected target.
    """
    if overrides.line_length is not None and overrides.line_length < 20:
        raise ConfigError(f"--line-length must be at least 20, not {overrides.line_length}")
    if overrides.formatter is not None and overrides.formatter not in FORMATTERS:
        raise ConfigError(f"--formatter must be one of {', '.join(FORMATTERS)}")
    if config_path is None and overrides.complete and not overrides.targets:
        return [_target_from({"name": DEFAULT_TARGET}, Path.cwd(), overrides, single=True)]
    path = config_path if config_path is not None else find_config(directory or Path.cwd())
    partials: tuple[Mapping[str, Any], ...] = ()
    base = Path.cwd()
    if path is not None:
        table = load_raw(path)
        if table is None:
            if config_path is not None and not overrides.complete:
                raise ConfigError(f"{path}: no [tool.sdkforge] table")
            table = {}
        partials = parse_config(path, table) if table else ()
        base = path.resolve().parent
    if not partials:
        partials = ({"name": DEFAULT_TARGET},)
    if overrides.targets:
        known = {str(p["name"]) for p in partials}
        for name in overrides.targets:
            if name not in known:
                raise ConfigError(f"no target named {name!r} (configured: {', '.join(sorted(known))})")
        partials = tuple(p for p in partials if p["name"] in overrides.targets)
    names_one_sdk = [flag for flag in ("spec", "output", "package") if getattr(overrides, flag)]
    if names_one_sdk and len(partials) > 1:
        raise ConfigError(
            f"--{names_one_sdk[0]} names one SDK but {len(partials)} targets are configured;"
            f" choose one with --target ({', '.join(str(p['name']) for p in partials)})"
        )
    targets = [_target_from(p, base, overrides, single=len(partials) == 1) for p in partials]
    _check_distinct_outputs(targets)
    return targets


def configured_specs(*, config_path: Optional[Path] = None, names: Sequence[str] = (), directory: Optional[Path] = None) -> list[Path]:
    """The spec of each configured target (selected by ``names``), for ``validate``."""
    path = config_path if config_path is not None else find_config(directory or Path.cwd())
    table = load_raw(path) if path is not None else None
    if path is None or not table:
        raise ConfigError("no spec to validate: pass SPEC, or configure targets in [tool.sdkforge] of pyproject.toml (or in sdkforge.yaml)")
    partials = parse_config(path, table)
    known = [str(p["name"]) for p in partials]
    for name in names:
        if name not in known:
            raise ConfigError(f"no target named {name!r} (configured: {', '.join(sorted(known))})")
    base = path.resolve().parent
    specs = []
    for partial in partials:
        if names and partial["name"] not in names:
            continue
        if not partial.get("spec"):
            raise ConfigError(f"{path}: target {partial['name']!r} has no spec")
        specs.append(base / partial["spec"])
    return list(dict.fromkeys(specs))


def _check_distinct_outputs(targets: Sequence[Target]) -> None:
    seen: dict[Path, str] = {}
    for target in targets:
        key = target.output.resolve()
        if key in seen:
            raise ConfigError(f"targets {seen[key]!r} and {target.name!r} write to the same output directory {target.output}")
        seen[key] = target.name


def targets_from_table(table: Mapping[str, Any], base: Path, *, source: Path, section: Optional[str]) -> list[Target]:
    """Targets from an sdkforge table found elsewhere (e.g. a hatch hook's own table)."""
    partials = parse_config(source, table, section=section)
    targets = [_target_from(p, base, Overrides(), single=False) for p in partials]
    _check_distinct_outputs(targets)
    return targets

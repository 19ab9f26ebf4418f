"""A hatchling build hook: building an SDK's wheel (or sdist) regenerates it first.

In the SDK project's pyproject.toml::

    [build-system]
    requires = ["hatchling", "sdkforge"]
    build-backend = "hatchling.build"

    [tool.hatch.build.hooks.sdkforge]
    # empty: generate the targets of [tool.sdkforge] (or sdkforge.yaml);
    # or the same keys as [tool.sdkforge] (spec, output, package, targets, ...)

Paths are relative to the project root. A spec error fails the build with the
same message ``sdkforge generate`` prints.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface
from hatchling.plugin import hookimpl

from .config import ConfigError, Target, find_config, load_raw, targets_from_table
from .errors import SpecError

# Options hatchling itself reads from every build hook's table.
_HATCH_OPTIONS = frozenset({"dependencies", "require-runtime-dependencies", "require-runtime-features", "enable-by-default"})


class SdkforgeBuildError(Exception):
    """A spec or configuration error, raised so that the build fails."""


class SdkforgeBuildHook(BuildHookInterface):  # type: ignore[type-arg]
    PLUGIN_NAME = "sdkforge"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        from .check import generate_target
        from .writer import apply_plan, plan_writes

        root = Path(self.root)
        try:
            targets = _targets(root, self.config)
            results = [(target, generate_target(target)) for target in targets]
        except SpecError as exc:
            raise SdkforgeBuildError(f"sdkforge: error: {exc}") from None
        for target, result in results:
            for warning in result.warnings:
                self.app.display_warning(f"sdkforge: {warning}")
            summary = apply_plan(plan_writes(target.output, result.files, known_files=True, cache_dir=target.cache_dir))
            self.app.display_info(
                f"sdkforge: {target.package} from {target.spec.name}: {summary.written} written,"
                f" {summary.unchanged} unchanged, {summary.removed} removed"
            )


def _targets(root: Path, hook_config: dict[str, Any]) -> list[Target]:
    own = {key: value for key, value in hook_config.items() if key not in _HATCH_OPTIONS}
    pyproject = root / "pyproject.toml"
    if own:
        return targets_from_table(own, root, source=pyproject, section="tool.hatch.build.hooks.sdkforge")
    path = find_config(root)
    table = load_raw(path) if path is not None else None
    if not table:
        raise ConfigError(
            f"{pyproject}: the sdkforge build hook needs targets: set [tool.sdkforge]"
            " (or sdkforge.yaml), or spec/output/package in [tool.hatch.build.hooks.sdkforge]"
        )
    assert path is not None
    return targets_from_table(table, path.resolve().parent, source=path, section=None if path.suffix != ".toml" else "tool.sdkforge")


@hookimpl
def hatch_register_build_hook() -> type[BuildHookInterface]:  # type: ignore[type-arg]
    return SdkforgeBuildHook

"""Names a package exports, loaded on first use (PEP 562)."""

import importlib
import typing

GetAttr = typing.Callable[[str], typing.Any]
Dir = typing.Callable[[], typing.List[str]]


def lazy_exports(
    package: str,
    namespace: typing.Dict[str, typing.Any],
    exports: typing.Dict[str, str],
) -> typing.Tuple[GetAttr, Dir]:
    """``__getattr__`` and ``__dir__`` for ``package``, whose globals are ``namespace``.

    ``exports`` maps each exported name to the module defining it, relative to
    the package; a name equal to its module's last part is that module. A name
    is imported the first time it is read and then kept in ``namespace``, so
    importing the package itself imports none of them.
    """

    def __getattr__(name: str) -> typing.Any:
        module_name = exports.get(name)
        if module_name is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        module = importlib.import_module(module_name, package)
        value = module if module_name == "." + name else getattr(module, name)
        namespace[name] = value
        return value

    def __dir__() -> typing.List[str]:
        return sorted(set(namespace) | set(exports))

    return __getattr__, __dir__

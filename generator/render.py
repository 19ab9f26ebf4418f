"""Render the IR into source files: ``{relative path: text}``, nothing written yet.

Templates see only IR objects plus the filters defined here, and the filters
are where escaping happens: every string that came from a spec reaches the
output through ``pystr`` (a Python literal), ``docstring`` (a safe docstring
body) or an identifier the IR already validated.
"""

from __future__ import annotations

import dataclasses
import functools
import io
import marshal
import os
import pickle
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable, Iterator, Optional

import jinja2

from . import cache, forked, ir, naming
from .examples import ExampleWriter
from .layout import fit
from .literals import docstring, pyliteral, pystr

def _templates_dir() -> Path:
    """Templates sit beside the package in a wheel, at the repo top in a checkout."""
    here = Path(__file__).resolve().parent
    packaged = here / "templates"
    return packaged if packaged.is_dir() else here.parent / "templates"


TEMPLATES_DIR = _templates_dir()
CORE_DIR_NAME = "core"

def relative_import(from_module: str, to_module: str) -> str:
    """The relative module path used in ``from X import`` inside ``from_module``."""
    from_package = from_module.split(".")[:-1]
    target = to_module.split(".")
    common = 0
    while common < min(len(from_package), len(target) - 1) and from_package[common] == target[common]:
        common += 1
    dots = "." * (len(from_package) - common + 1)
    return dots + ".".join(target[common:])


@dataclass(frozen=True)
class Export:
    """A name a package ``__init__`` re-exports lazily, and where it lives."""

    name: str
    module: str  # relative to the exporting package, e.g. ".types.batch"


def _bytecode_cache() -> Optional[jinja2.BytecodeCache]:
    """Compiled templates, kept like ``__pycache__``: compiling them costs more than
    rendering a small SDK. Entries are keyed by template file and checked against
    a hash of its source and the Python version (jinja2 does both), so an edited
    or overriding template is compiled afresh. Beside the templates when that is
    writable, else in the cache directory; none when caching is off."""
    if cache.cache_root() is None:
        return None
    for directory in (TEMPLATES_DIR / "__pycache__", cache.cache_root() / "jinja"):  # type: ignore[operator]
        try:
            directory.mkdir(parents=True, exist_ok=True)
        except OSError:
            continue
        if os.access(directory, os.W_OK):
            return jinja2.FileSystemBytecodeCache(str(directory), pattern="__sdkforge_%s.jinjac")
    return None


def _environment(template_dirs: tuple[Path, ...]) -> jinja2.Environment:
    env = jinja2.Environment(
        bytecode_cache=_bytecode_cache(),
        loader=jinja2.FileSystemLoader([str(d) for d in template_dirs]),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,
        extensions=["jinja2.ext.do"],
    )
    env.filters["pystr"] = pystr
    env.filters["pyliteral"] = pyliteral
    env.filters["docstring"] = docstring
    env.filters["fit"] = fit
    env.filters["relimport"] = relative_import
    env.tests["uses_module"] = lambda type_ref, module: type_ref.uses_module(module)
    env.tests["discriminated"] = lambda type_ref: type_ref.has_kind("discriminated")
    return env


@lru_cache(maxsize=8)
def environment(template_dirs: tuple[Path, ...] = (TEMPLATES_DIR,)) -> jinja2.Environment:
    """One compiled environment per template search path, built once."""
    return _environment(template_dirs)


class RenderCache:
    """Rendered model and resource modules, kept by a digest of everything they are made from.

    With the built-in templates a model's module is a function of the model, its
    module name and the map of models to modules (its imports), and a resource's
    two client modules of the resource and of the rest of the API (models, errors,
    auth, package: the docstring examples read them), never of another resource.
    So an edited operation re-renders its resource's two modules, not the whole
    SDK. ``environment`` must stand for the templates, the generator's code and
    the installed libraries; the caller opens no cache for overriding templates,
    which may read anything.
    """

    def __init__(self, directory: Path, environment: str) -> None:
        self._store = cache.PackStore(directory / environment[:32])
        self._environment = environment.encode("ascii")
        self._texts = self._store.load()
        self._new: dict[str, str] = {}
        self._used: set[str] = set()
        self._buffer = io.BytesIO()
        self._pickler = pickle.Pickler(self._buffer, protocol=5)
        self._pickler.fast = True  # no memo: equal IR values give equal bytes, whatever they share (the IR is acyclic)

    def key(self, *parts: bytes) -> str:
        return cache.digest(self._environment, *parts)

    def canonical(self, value: object) -> bytes:
        """The same bytes for equal IR values, whatever they share (one pickler for every
        value: making one costs more than a model).

        Without pickle's memo, so sharing cannot show: with it (twice as fast) a
        model unpickled by ``generator.last_api`` gave other bytes than the same
        model freshly built, since CPython hands out one object for every
        one-character string read back, where a build may hold several.
        """
        self._buffer.seek(0)
        self._buffer.truncate()
        self._pickler.dump(value)
        return self._buffer.getvalue()

    def get(self, key: str) -> Optional[str]:
        text = self._texts.get(key)
        if text is not None:
            self._used.add(key)
        return text

    def put(self, key: str, text: str) -> None:
        self._new[key] = text

    def save(self) -> None:
        self._store.add(self._new, self._used)


class Renderer:
    def __init__(
        self,
        api: ir.Api,
        template_dirs: tuple[Path, ...] = (TEMPLATES_DIR,),
        render_cache: Optional[RenderCache] = None,
    ) -> None:
        self.api = api
        self.env = environment(template_dirs)
        self.model_modules = {m.name: m.module for m in api.models}
        self.package_dir = api.package.replace(".", "/")
        self.examples = ExampleWriter(api)
        self._templates: dict[str, jinja2.Template] = {}
        self._cache = render_cache
        self._to_remember: dict[str, str] = {}  # path -> cache key, for files rendered in this run
        self._context_digests: dict[str, bytes] = {}
        self._subject_pickles: dict[int, bytes] = {}  # by id: every subject lives as long as the API

    def render(self) -> dict[str, str]:
        """Every generated file by its path under the output directory.

        Two files at one path (or at paths that differ only in case, which
        are one file on macOS and Windows) would silently lose one of them;
        naming keeps every module name unique, and this guards that promise.
        """
        files: dict[str, str] = {}
        seen: dict[str, str] = {}
        tasks = list(self._tasks())
        if _worth_forking(tasks):  # compile each template once, before a fork
            for name in _TEMPLATE_NAMES:
                self._template_named(name)
        for path, text in _render_tasks(tasks):
            earlier = seen.setdefault(path.casefold(), path)
            if earlier != path or path in files:
                raise RuntimeError(f"internal error: two generated files at {earlier!r} and {path!r}")
            files[path] = text
        if self._cache is not None:
            for path, key in self._to_remember.items():
                self._cache.put(key, files[path])
        return dict(sorted(files.items()))

    def _tasks(self) -> Iterator[tuple[str, Callable[[], str]]]:
        """(path, how to render it) for every file, in a fixed order."""
        pkg = self.package_dir
        for path, text in self._core_files():
            yield path, _Ready(text)
        yield f"{pkg}/py.typed", _Ready("")
        yield self._lazy_init_task("", self.api.description, self._root_exports())
        yield f"{pkg}/client.py", functools.partial(self._template, "root_client.py.jinja", module="client")
        yield from self._error_files()
        yield from self._model_files()
        for resource in self.api.resources:
            yield from self._resource_files(resource)
        yield "pyproject.toml", functools.partial(self._template, "project/pyproject.toml.jinja", module="")
        yield "README.md", functools.partial(self._template, "project/README.md.jinja", module="")

    def _template_named(self, name: str) -> jinja2.Template:
        template = self._templates.get(name)
        if template is None:  # get_template checks the file's mtime at every call
            template = self._templates[name] = self.env.get_template(name)
        return template

    def _template(self, name: str, *, module: str, **context: object) -> str:
        return self._template_named(name).render(
            api=self.api,
            module=module,
            model_modules=self.model_modules,
            imports_for=self.imports_for,
            examples=self.examples,
            **context,
        )

    def _cached(
        self, path: str, task: Callable[[], str], context: str, template: str, module: str, subject: object
    ) -> Callable[[], str]:
        """``task``, or its text from the render cache: ``subject`` (a model or a
        resource) is what the template renders, ``context`` what else it reads."""
        if self._cache is None:
            return task
        key = self._cache.key(self._context_digest(context), template.encode(), module.encode(), self._pickled(subject))
        return self._remembered(path, key, task)

    def _remembered(self, path: str, key: str, task: Callable[[], str]) -> Callable[[], str]:
        """The text the render cache holds for ``key``, or ``task``, whose text it will hold."""
        assert self._cache is not None
        text = self._cache.get(key)
        if text is not None:
            return _Ready(text)
        self._to_remember[path] = key
        return task

    def _context_digest(self, context: str) -> bytes:
        """``models``: the model → module map; ``api``: everything but the resources."""
        digest = self._context_digests.get(context)
        if digest is None:
            assert self._cache is not None
            if context == "models":
                parts = [self._cache.canonical(sorted(self.model_modules.items()))]
            else:  # each model is pickled once, for its own key and for this one
                others = [(f.name, getattr(self.api, f.name)) for f in dataclasses.fields(self.api) if f.name not in ("resources", "models")]
                parts = [self._cache.canonical(others)] + [self._pickled(model) for model in self.api.models]
            digest = self._context_digests[context] = self._cache.key(context.encode(), *parts).encode()
        return digest

    def _pickled(self, subject: object) -> bytes:
        """A model's or resource's canonical pickle, made once per object."""
        assert self._cache is not None
        pickled = self._subject_pickles.get(id(subject))
        if pickled is None:
            pickled = self._subject_pickles[id(subject)] = self._cache.canonical(subject)
        return pickled

    def imports_for(self, module: str, type_refs: Iterable[ir.TypeRef]) -> list[tuple[str, str]]:
        """``(relative module, model name)`` pairs that ``module`` must import."""
        names: set[str] = set()
        for type_ref in type_refs:
            if type_ref is not None:
                names |= type_ref.model_names()
        pairs = {
            (relative_import(module, self.model_modules[name]), name)
            for name in names
            if self.model_modules.get(name) != module
        }
        return sorted(pairs)

    def _core_files(self) -> Iterator[tuple[str, str]]:
        """The runtime core, copied verbatim (an override directory may shadow a file)."""
        for source in sorted((TEMPLATES_DIR / CORE_DIR_NAME).glob("*.py")):
            text, _, _ = self.env.loader.get_source(self.env, f"{CORE_DIR_NAME}/{source.name}")  # type: ignore[union-attr]
            yield f"{self.package_dir}/core/{source.name}", text

    def _lazy_init_task(self, package: str, doc: Optional[str], exports: list[Export]) -> tuple[str, Callable[[], str]]:
        """The path of ``package``'s ``__init__`` (dotted, "" for the root) and how to
        render it, exporting ``exports`` lazily; from the render cache when it holds
        it (the root's lists every model: on a large API the largest module there is)."""
        path = "/".join(filter(None, (self.package_dir, package.replace(".", "/"), "__init__.py")))
        depth = package.count(".") + 1 if package else 0
        core = "." * (depth + 1) + CORE_DIR_NAME
        task = functools.partial(self._template, "lazy_init.py.jinja", module="", doc=doc, exports=exports, core=core)
        if self._cache is None:
            return path, task
        # The template reads nothing but these arguments.
        listing = "\n".join(f"{export.name} {export.module}" for export in exports)
        key = self._cache.key(b"lazy_init", core.encode(), pickle.dumps(doc), listing.encode())
        return path, self._remembered(path, key, task)

    def _root_exports(self) -> list[Export]:
        exports = [Export("Client", ".client"), Export("AsyncClient", ".client")]
        exports += [Export(e.class_name, ".errors") for e in self.api.errors]
        exports += [Export(name, ".errors") for name in ("ApiError", "SdkError", "ApiTimeoutError", "ApiConnectionError", "WaiterTimeoutError")]
        exports += [Export("RequestOptions", ".core.request_options")]
        for model in self.api.models:
            exports.append(Export(model.name, "." + model.module))
        exports += [Export(r.module, f".{r.module}") for r in self.api.resources]
        exports += [Export("errors", ".errors")]
        if self.api.models_in("types"):
            exports.append(Export("types", ".types"))
        return _dedupe(exports)

    def _error_files(self) -> Iterator[tuple[str, str]]:
        pkg = self.package_dir
        for error in self.api.errors:
            module = f"errors.{_snake(error.class_name)}"
            yield f"{pkg}/{module.replace('.', '/')}.py", functools.partial(
                self._template, "error.py.jinja", module=module, error=error
            )
        yield f"{pkg}/errors/__init__.py", functools.partial(
            self._template, "errors_init.py.jinja", module="errors.__init__", snake=_snake
        )

    def _model_files(self) -> Iterator[tuple[str, str]]:
        pkg = self.package_dir
        packages: dict[str, list[ir.Model]] = {}
        for model in self.api.models:
            packages.setdefault(model.module.rsplit(".", 1)[0], []).append(model)
            template = {"enum": "enum.py.jinja", "alias": "alias.py.jinja"}.get(model.kind, "model.py.jinja")
            path = f"{pkg}/{model.module.replace('.', '/')}.py"
            task = functools.partial(self._template, template, module=model.module, model=model)
            yield path, self._cached(path, task, "models", template, model.module, model)
        for package, models in packages.items():
            exports = [Export(m.name, "." + m.module.rsplit(".", 1)[1]) for m in models]
            yield self._lazy_init_task(package, None, exports)

    def _resource_files(self, resource: ir.Resource) -> Iterator[tuple[str, str]]:
        pkg = self.package_dir
        base = f"{pkg}/{resource.module.replace('.', '/')}"
        for name in ("raw_client", "client"):
            module = f"{resource.module}.{name}"
            task = functools.partial(self._template, f"{name}.py.jinja", module=module, resource=resource)
            yield f"{base}/{name}.py", self._cached(f"{base}/{name}.py", task, "api", name, module, resource)
        prefix = resource.class_prefix
        exports = [
            Export(f"{prefix}Client", ".client"),
            Export(f"Async{prefix}Client", ".client"),
            Export(f"Raw{prefix}Client", ".raw_client"),
            Export(f"AsyncRaw{prefix}Client", ".raw_client"),
        ]
        types_package = f"{resource.module}.types"
        for model in self.api.models_in(types_package):
            exports.append(Export(model.name, ".types." + model.module.rsplit(".", 1)[1]))
        if self.api.models_in(types_package):
            exports.append(Export("types", ".types"))
        yield self._lazy_init_task(resource.module, resource.description, _dedupe(exports))


def _dedupe(exports: list[Export]) -> list[Export]:
    seen: set[str] = set()
    unique = []
    for export in exports:
        if export.name not in seen:
            seen.add(export.name)
            unique.append(export)
    return unique


def _snake(class_name: str) -> str:
    return naming.snake_case(class_name)


def render(
    api: ir.Api, template_dirs: tuple[Path, ...] = (TEMPLATES_DIR,), render_cache: Optional[RenderCache] = None
) -> dict[str, str]:
    files = Renderer(api, template_dirs, render_cache).render()
    if render_cache is not None:
        render_cache.save()
    return files


# --- rendering on two cores ---------------------------------------------------------------

_TEMPLATE_NAMES = (
    "lazy_init.py.jinja",
    "root_client.py.jinja",
    "error.py.jinja",
    "errors_init.py.jinja",
    "model.py.jinja",
    "enum.py.jinja",
    "alias.py.jinja",
    "raw_client.py.jinja",
    "client.py.jinja",
    "project/pyproject.toml.jinja",
    "project/README.md.jinja",
)

# Below this many files to render a second process costs more than it saves
# (OpenAI's spec renders 3,600 files in about 1.2 s; a fork of the parser's heap
# takes ~20 ms, and the texts come back through a pipe).
_PARALLEL_MIN_FILES = 600


class _Ready:
    """A task whose text is already known (the runtime core, a render-cache hit):
    calling it costs nothing, so it is never sent to the forked renderer."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text

    def __call__(self) -> str:
        return self.text


def _worth_forking(tasks: list[tuple[str, Callable[[], str]]]) -> bool:
    work = sum(1 for _, task in tasks if not isinstance(task, _Ready))
    return work >= _PARALLEL_MIN_FILES and _can_fork()


def _render_tasks(tasks: list[tuple[str, Callable[[], str]]]) -> Iterator[tuple[str, str]]:
    """Each task's (path, text), in order; when many files must really be rendered a
    forked child renders every other one of them meanwhile (templates are pure
    functions of the IR, which the child shares copy-on-write). If the child
    fails, its share is rendered here, so an error surfaces exactly as in one
    process."""
    if not _worth_forking(tasks):
        for path, task in tasks:
            yield path, task()
        return
    units: list[list[int]] = []  # a resource's two client modules go to one process: they share layouts
    for index, (path, task) in enumerate(tasks):
        if isinstance(task, _Ready):
            continue
        if units and path.endswith("/client.py") and tasks[units[-1][-1]][0] == path[: -len("client.py")] + "raw_client.py":
            units[-1].append(index)
        else:
            units.append([index])
    theirs = [index for unit in units[1::2] for index in unit]
    child = _fork_renderer([tasks[index] for index in theirs])
    texts: dict[int, str] = {index: tasks[index][1]() for unit in units[0::2] for index in unit}
    joined = _join_renderer(child, len(theirs))
    if joined is None:
        joined = [tasks[index][1]() for index in theirs]
    texts.update(zip(theirs, joined))
    for index, (path, task) in enumerate(tasks):
        yield path, texts[index] if index in texts else task()


def _can_fork() -> bool:
    return forked.can_fork() and (os.cpu_count() or 1) > 1


def _fork_renderer(tasks: list[tuple[str, Callable[[], str]]]) -> forked.Child:
    return forked.start(lambda: marshal.dumps([task() for _, task in tasks]))


def _join_renderer(child: forked.Child, count: int) -> Optional[list[str]]:
    payload = forked.result(child)
    if payload is None:
        return None
    try:
        texts = marshal.loads(payload)
    except (EOFError, ValueError, TypeError):
        return None
    if not isinstance(texts, list) or len(texts) != count or not all(isinstance(t, str) for t in texts):
        return None
    return texts

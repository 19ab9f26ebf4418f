"""The intermediate representation: what templates see instead of raw OpenAPI.

Every value here is already decided: Python names are valid identifiers, types
are resolved, models know their module. Templates only lay the IR out as text,
so any rule about *what* to generate is tested here and in ``parser``, not in
Jinja.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Collection, Optional, Union

from .literals import pyliteral, pystr

JsonScalar = Union[str, int, float, bool, None]
_NO_NAMES: frozenset[str] = frozenset()


@dataclass(frozen=True)
class TypeRef:
    """A Python type annotation, as a small tree.

    ``kind`` is one of: ``builtin`` (``name`` is e.g. ``str`` or
    ``datetime.datetime``), ``model`` (``name`` is a model class), ``list``,
    ``map`` (str keys), ``literal`` (``values``), ``union`` (``args``),
    ``optional`` (one arg) and ``any``.
    """

    kind: str
    name: str = ""
    args: tuple["TypeRef", ...] = ()
    values: tuple[JsonScalar, ...] = ()
    # ``discriminated`` unions: ``name`` is the property, ``mapping`` pairs each
    # property value with the variant model it selects.
    mapping: tuple[tuple[str, str], ...] = ()

    @property
    def annotation(self) -> str:
        if self.kind in ("builtin", "model"):
            return self.name
        if self.kind == "any":
            return "typing.Any"
        if self.kind == "list":
            return f"typing.List[{self.args[0].annotation}]"
        if self.kind == "map":
            return f"typing.Dict[str, {self.args[0].annotation}]"
        if self.kind == "optional":
            return f"typing.Optional[{self.args[0].annotation}]"
        if self.kind == "literal":
            return f"typing.Literal[{', '.join(pyliteral(v) for v in self.values)}]"
        if self.kind == "union":
            return f"typing.Union[{', '.join(a.annotation for a in self.args)}]"
        if self.kind == "discriminated":
            return self._discriminated(())
        raise ValueError(f"unknown type kind {self.kind!r}")

    def _discriminated(self, quoted: Collection[str]) -> str:
        """``Annotated[Union[Annotated[A, Tag("A")], ...], Discriminator(...)]``.

        The callable discriminator reads the property from raw data, so the
        variants need not declare it as a literal (real specs rarely do).
        """
        variants = ", ".join(
            f"typing.Annotated[{arg.annotation_quoting(quoted)}, pydantic.Tag({pystr(arg.name)})]"
            for arg in self.args
        )
        mapping = ", ".join(f"{pystr(value)}: {pystr(variant)}" for value, variant in self.mapping)
        return (
            f"typing.Annotated[typing.Union[{variants}], "
            f"pydantic.Discriminator(discriminate({pystr(self.name)}, {{{mapping}}}))]"
        )

    def annotation_quoting(self, names: Collection[str]) -> str:
        """The annotation with the models in ``names`` as forward references.

        Models in an import cycle (or referring to themselves) are not bound
        yet when a class body is evaluated, so they are written as strings.
        """
        if not names or self.model_names().isdisjoint(names):
            return self.annotation
        if self.kind == "model":
            return f'"{self.name}"'
        if self.kind == "discriminated":
            return self._discriminated(names)
        quoted = [arg.annotation_quoting(names) for arg in self.args]
        if self.kind == "list":
            return f"typing.List[{quoted[0]}]"
        if self.kind == "map":
            return f"typing.Dict[str, {quoted[0]}]"
        if self.kind == "optional":
            return f"typing.Optional[{quoted[0]}]"
        return f"typing.Union[{', '.join(quoted)}]"

    @property
    def input_annotation(self) -> str:
        """The annotation for arguments: read-only containers accept more."""
        if self.kind == "list" and not self.args[0].mentions("File"):
            # A list of uploads stays a list: a tuple is one (name, content) upload.
            return f"typing.Sequence[{self.args[0].input_annotation}]"
        if self.kind == "optional":
            return f"typing.Optional[{self.args[0].input_annotation}]"
        return self.annotation

    def model_names(self) -> frozenset[str]:
        if not self.args:  # most calls: a leaf
            return frozenset((self.name,)) if self.kind == "model" else _NO_NAMES
        names = {self.name} if self.kind == "model" else set()
        for arg in self.args:
            names |= arg.model_names()
        return frozenset(names)

    def mentions(self, name: str) -> bool:
        """True when the builtin or model ``name`` appears anywhere in the type."""
        if self.kind in ("builtin", "model") and self.name == name:
            return True
        return any(arg.mentions(name) for arg in self.args)

    def has_kind(self, kind: str) -> bool:
        return self.kind == kind or any(arg.has_kind(kind) for arg in self.args)

    def replace_models(self, expansions: "dict[str, TypeRef]") -> "TypeRef":
        """This type with references to the models in ``expansions`` replaced."""
        if self.kind == "model" and self.name in expansions:
            return expansions[self.name]
        if not self.args:
            return self
        return TypeRef(self.kind, self.name, tuple(a.replace_models(expansions) for a in self.args), self.values, self.mapping)

    def uses_module(self, module: str) -> bool:
        """True when the annotation mentions ``module.`` (``datetime``, ``uuid``)."""
        if self.kind == "builtin" and self.name.startswith(module + "."):
            return True
        return any(arg.uses_module(module) for arg in self.args)


ANY = TypeRef("any")


def optional(type_ref: TypeRef) -> TypeRef:
    if type_ref.kind in ("optional", "any"):
        return type_ref
    return TypeRef("optional", args=(type_ref,))


@dataclass(frozen=True)
class Field:
    """One property of a model, or one flattened keyword of a request body."""

    name: str
    wire_name: str
    type: TypeRef
    required: bool
    description: Optional[str] = None
    read_only: bool = False
    # The server's default when the field is left out (documentation only:
    # unset fields are not sent, so the server applies it).
    default: Optional[JsonScalar] = None

    @property
    def needs_alias(self) -> bool:
        return self.name != self.wire_name


@dataclass(frozen=True)
class Model:
    """A named type with a module of its own.

    ``kind`` is ``object`` (a Pydantic model with ``fields``), ``enum`` (an open
    set of ``enum_values``) or ``alias`` (``alias_of`` names another type).
    """

    name: str
    module: str  # dotted, relative to the package: "batches.types.batch"
    kind: str
    json_pointer: str
    description: Optional[str] = None
    fields: tuple[Field, ...] = ()
    enum_values: tuple[JsonScalar, ...] = ()
    alias_of: Optional[TypeRef] = None
    # Models in the same import cycle as this one (itself included when it
    # refers to itself), sorted: quoted in annotations, imported after the class.
    cycle: tuple[str, ...] = ()

    @property
    def enum_base(self) -> str:
        """The Python type of an enum's values: ``str`` unless all are numbers."""
        values = self.enum_values
        if values and all(isinstance(v, int) and not isinstance(v, bool) for v in values):
            return "int"
        if values and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values):
            return "float"
        return "str"

    @property
    def field_types(self) -> tuple[TypeRef, ...]:
        return tuple(fld.type for fld in self.fields)

    @property
    def has_discriminated_union(self) -> bool:
        return any(fld.type.has_kind("discriminated") for fld in self.fields)

    @property
    def needs_pydantic(self) -> bool:
        """Its module imports pydantic: a field with an alias or a discriminated union."""
        return any(fld.needs_alias for fld in self.fields) or self.has_discriminated_union

    def uses_module(self, module: str) -> bool:
        """A field's annotation mentions ``module.`` (``datetime``)."""
        return any(fld.type.uses_module(module) for fld in self.fields)

    @property
    def referenced_models(self) -> frozenset[str]:
        names: set[str] = set()
        for fld in self.fields:
            names |= fld.type.model_names()
        if self.alias_of is not None:
            names |= self.alias_of.model_names()
        names.discard(self.name)
        return frozenset(names)


@dataclass(frozen=True)
class Parameter:
    name: str
    wire_name: str
    location: str  # path | query | header | cookie
    type: TypeRef
    required: bool
    description: Optional[str] = None
    style: str = "form"
    explode: bool = True
    is_object: bool = False  # the value is an object (not a scalar or list)

    @property
    def needs_styling(self) -> bool:
        """A query parameter the client cannot encode as plain ``name=value`` pairs."""
        if self.location != "query":
            return False
        return self.style != "form" or not self.explode or self.is_object


@dataclass(frozen=True)
class RequestBody:
    """A JSON request body.

    ``model`` is set when callers may pass a whole model as ``request=``;
    ``fields`` are the keywords callers may pass instead (flattened form).
    Both are set when both forms are offered; then exactly one must be used.
    """

    content_type: str
    required: bool
    fields: tuple[Field, ...] = ()
    model: Optional[TypeRef] = None
    description: Optional[str] = None
    encoding: str = "json"  # json | form | multipart | binary | text

    @property
    def offers_both_forms(self) -> bool:
        return self.model is not None and bool(self.fields)


@dataclass(frozen=True)
class Pagination:
    """Cursor pagination: which argument carries the cursor, where items are."""

    cursor_parameter: str
    next_cursor_field: str
    items_field: str
    item_type: TypeRef
    method_name: str = "list_all"


@dataclass(frozen=True)
class Waiter:
    """Poll an operation until a status field reaches a terminal value."""

    method_name: str
    status_field: str
    terminal_values: tuple[JsonScalar, ...]
    result_field: Optional[str]  # None: the whole response is the result
    result_type: TypeRef


@dataclass(frozen=True)
class Streaming:
    """An operation whose response is a stream of events.

    ``condition_field`` names the boolean body field that switches the server
    to streaming (Fern's ``stream-condition``); the SDK then has two methods:
    the plain one (flag false) and ``method_name`` (flag true). Without one,
    the operation always streams and ``method_name`` is the operation's own.
    """

    method_name: str
    event_type: TypeRef
    format: str  # sse | jsonl
    terminator: Optional[str] = None
    condition_field: Optional[str] = None
    description: Optional[str] = None


@dataclass(frozen=True)
class ErrorResponse:
    status: int
    class_name: str
    description: Optional[str] = None


@dataclass(frozen=True)
class Operation:
    name: str
    http_method: str
    path: str  # without leading slash, with {python_name} placeholders
    path_segments: tuple[tuple[str, bool], ...]  # (text, is_parameter)
    parameters: tuple[Parameter, ...]
    body: Optional[RequestBody]
    response: Optional[TypeRef]  # None: no body expected
    response_description: Optional[str]
    response_encoding: Optional[str]  # json | bytes | text | None
    errors: tuple[ErrorResponse, ...]
    summary: Optional[str] = None
    description: Optional[str] = None
    deprecated: bool = False
    pagination: Optional[Pagination] = None
    waiter: Optional[Waiter] = None
    streaming: Optional[Streaming] = None

    @property
    def path_parameters(self) -> tuple[Parameter, ...]:
        return tuple(p for p in self.parameters if p.location == "path")

    @property
    def keyword_parameters(self) -> tuple[Parameter, ...]:
        return tuple(p for p in self.parameters if p.location != "path")

    def parameters_in(self, location: str) -> tuple[Parameter, ...]:
        return tuple(p for p in self.parameters if p.location == location)


@dataclass(frozen=True)
class Resource:
    """A group of operations: one sub-package with raw and wrapper clients."""

    name: str  # attribute on the root client: "embed_jobs"
    module: str  # dotted module: "embed_jobs"
    class_prefix: str  # "EmbedJobs" → EmbedJobsClient, RawEmbedJobsClient
    operations: tuple[Operation, ...]
    description: Optional[str] = None


@dataclass(frozen=True)
class GlobalHeader:
    """A header set once on the client (``client_name`` → ``X-Client-Name``)."""

    name: str
    wire_name: str
    required: bool
    description: Optional[str] = None


@dataclass(frozen=True)
class Auth:
    """Bearer-token authentication; ``env`` is read when the client is made."""

    env: Optional[str]
    header: str = "Authorization"
    prefix: str = "Bearer "


@dataclass(frozen=True)
class Api:
    package: str
    title: str
    version: str
    description: Optional[str]
    base_url: Optional[str]
    auth: Optional[Auth]
    global_headers: tuple[GlobalHeader, ...]
    resources: tuple[Resource, ...]
    models: tuple[Model, ...]
    errors: tuple[ErrorResponse, ...]  # every error class the SDK defines
    sdk_version: str = "0.1.0"
    warnings: tuple[str, ...] = field(default=(), compare=False)

    def models_in(self, package_module: str) -> tuple[Model, ...]:
        """Models whose module sits directly in ``package_module`` (``types``…)."""
        index = self.__dict__.get("_models_by_package")
        if index is None:  # built once: every resource asks, a scan each was quadratic
            grouped: dict[str, list[Model]] = {}
            for m in self.models:
                if "." in m.module:
                    grouped.setdefault(m.module.rsplit(".", 1)[0], []).append(m)
            index = {package: tuple(models) for package, models in grouped.items()}
            object.__setattr__(self, "_models_by_package", index)
        return index.get(package_module, ())

"""Every rule that turns a name from a spec into a Python name lives here.

Spec names are arbitrary strings (``create-embed-job``, ``StartTime<``, ``class``);
generated code needs identifiers that are valid, readable and shadow nothing the
generated modules use themselves. Keeping all of it in one module means one place
to fix when a real-world spec finds a new corner.
"""

from __future__ import annotations

import builtins
import functools
import keyword
import re
from typing import Iterable, Optional

# --- reserved words, one set per namespace ------------------------------------------
#
# Every identifier drawn from a spec is made in one of the namespaces below; a
# name that is reserved there gets a trailing underscore (``class`` → ``class_``,
# a header named ``timeout`` → ``timeout_``), and ``unique`` then adds ``_2``,
# ``_3``… against the names already taken in the same scope. The Python name
# and the wire name are kept apart (aliases, wire-keyed dicts), so renaming
# never changes a request.

# Names generated modules bind at module level or inside methods; no identifier
# from a spec takes one of them, whatever its namespace.
_RESERVED_BY_GENERATED_CODE = frozenset(
    {
        "self",
        "cls",
        "typing",
        "pydantic",
        "datetime",
        "uuid",
        "httpx",
        "request",
        "request_options",
        "OMIT",
        "model_config",
        "model_fields",
        "model_extra",
        "model_dump",
        "model_validate",
        "model_construct",
        "model_copy",
        "model_json_schema",
        "model_fields_set",
        "model_post_init",
        "model_computed_fields",
        "model_rebuild",
        "model_parametrized_name",
        "model_dump_json",
        "model_validate_json",
        "model_validate_strings",
        "schema",
        "json",
        "dict",
        "copy",
        "parse_obj",
        "construct",
        "validate",
        "fields",
        # module-level helpers the generated method bodies call
        "contextlib",
        "base_model",
        "encode_path_param",
        "styled_query",
        "cookie_header",
        "upload_files",
        "choose_body",
        "with_flag",
        "iter_events",
        "aiter_events",
        "parse_response",
        "error_from_response",
        "wait_until",
        "async_wait_until",
        "iterate_cursor_pages",
        "aiterate_cursor_pages",
        "discriminate",
    }
)

# Builtins that generated annotations name (``str``, ``int``…: evaluated in class
# bodies and, for ``parse_response(typing.Dict[str, X], ...)``, inside methods).
_ANNOTATION_BUILTINS = frozenset({"str", "int", "float", "bool", "bytes"})

# Every public attribute of ``pydantic.BaseModel`` (v2, including the deprecated
# v1 methods): a field with one of these names would shadow it.
PYDANTIC_MODEL_ATTRIBUTES = frozenset(
    {
        "construct",
        "copy",
        "dict",
        "from_orm",
        "json",
        "model_computed_fields",
        "model_config",
        "model_construct",
        "model_copy",
        "model_dump",
        "model_dump_json",
        "model_extra",
        "model_fields",
        "model_fields_set",
        "model_json_schema",
        "model_parametrized_name",
        "model_post_init",
        "model_rebuild",
        "model_validate",
        "model_validate_json",
        "model_validate_strings",
        "parse_file",
        "parse_obj",
        "parse_raw",
        "schema",
        "schema_json",
        "update_forward_refs",
        "validate",
        "fields",
    }
)

# Arguments of the root client's constructors (``Client(...)``, ``_ClientBase``).
ROOT_CLIENT_ARGUMENTS = frozenset(
    {"self", "token", "api_key", "base_url", "headers", "timeout", "max_retries", "httpx_client"}
)
# Attributes and methods of the root client: a resource is stored as
# ``self._{name}`` and exposed as the property ``{name}``.
ROOT_CLIENT_ATTRIBUTES = frozenset(
    {
        "token",
        "api_key",
        "base_url",
        "headers",
        "fixed_headers",
        "http_client",
        "httpx_client",
        "owns_httpx_client",
        "timeout",
        "max_retries",
        "close",
        "aclose",
    }
)
# Files and packages of the SDK's own beside the resource packages.
PACKAGE_MODULES = frozenset({"core", "errors", "types", "client"})
# Arguments and locals of a waiter (``wait(id, *, poll_interval, timeout, on_progress)``).
WAITER_ARGUMENTS = frozenset(
    {"poll_interval", "timeout", "on_progress", "request_options", "_poll", "_result", "_response"}
)
# Locals and builtins that generated method bodies use by bare name (``super()``
# in the root client's ``__init__``, ``callable`` in its ``_headers``).
_METHOD_LOCALS = frozenset(
    {"_response", "_data", "_body", "_fetch", "_cursor", "_poll", "_result", "callable", "super"}
)
# Names class bodies use after the generated methods and properties are bound
# (``@property``, ``*exc_info: object``) and the resource clients' own attribute.
_CLASS_BODY_NAMES = frozenset({"property", "staticmethod", "classmethod", "object", "with_raw_response"})

# File names Windows refuses whatever the extension.
_WINDOWS_DEVICE_NAMES = frozenset(
    {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}
)

NAMESPACES: dict[str, frozenset[str]] = {
    # a field of a generated model (a class attribute of a pydantic model)
    "field": _RESERVED_BY_GENERATED_CODE | PYDANTIC_MODEL_ATTRIBUTES | _ANNOTATION_BUILTINS,
    # an argument of a generated method (path/query/header/cookie parameter, body keyword)
    "parameter": _RESERVED_BY_GENERATED_CODE | _ANNOTATION_BUILTINS | _METHOD_LOCALS,
    # a method of a resource client class
    "method": _RESERVED_BY_GENERATED_CODE | _ANNOTATION_BUILTINS | _CLASS_BODY_NAMES,
    # a resource: a package of the SDK and an attribute of the root client
    "resource": _RESERVED_BY_GENERATED_CODE
    | _ANNOTATION_BUILTINS
    | _CLASS_BODY_NAMES
    | ROOT_CLIENT_ATTRIBUTES
    | PACKAGE_MODULES
    | _WINDOWS_DEVICE_NAMES,
    # a global header: a keyword argument of the root client's constructors
    "global_header": _RESERVED_BY_GENERATED_CODE | _ANNOTATION_BUILTINS | _METHOD_LOCALS | ROOT_CLIENT_ARGUMENTS,
    # a module file inside a ``types`` package
    "module": _RESERVED_BY_GENERATED_CODE | _WINDOWS_DEVICE_NAMES,
}

_BUILTIN_NAMES = frozenset(dir(builtins))
# Python 3.11's soft keywords, fixed here so names do not change with the Python
# running the generator (3.12 made ``type`` one, and ``type`` must stay usable).
_SOFT_KEYWORDS = frozenset({"_", "case", "match"})

# Identifiers and module names longer than this are cut, with a hash of the
# full name appended so different long names stay different.
MAX_NAME_LENGTH = 96
_HASH_LENGTH = 8

_WORD_BOUNDARY = re.compile(
    r"[A-Z]+(?=[A-Z][a-z0-9])|[A-Z]?[a-z]+[0-9]*|[A-Z]+[0-9]*|[0-9]+[a-z]*"
)


def _ascii_fold(text: str) -> str:
    """Map accented letters to ASCII so names stay typeable (``café`` → ``cafe``)."""
    if text.isascii():
        return text
    import unicodedata  # here: most specs name everything in ASCII

    normalized = unicodedata.normalize("NFKD", text)
    return normalized.encode("ascii", "ignore").decode("ascii")


def split_words(text: str) -> list[str]:
    """Split any spelling (camel, Pascal, snake, kebab, spaced) into lower-case words."""
    return [word.lower() for word in _WORD_BOUNDARY.findall(_ascii_fold(text))]


@functools.lru_cache(maxsize=65536)  # the same wire names recur thousands of times in a big spec
def snake_case(text: str) -> str:
    """``ListBatches`` → ``list_batches``; ``create-embed-job`` → ``create_embed_job``."""
    return "_".join(split_words(text))


@functools.lru_cache(maxsize=65536)
def pascal_case(text: str) -> str:
    """``embed-jobs`` → ``EmbedJobs``; keeps existing capitals inside words."""
    words = _WORD_BOUNDARY.findall(_ascii_fold(text))
    return "".join(word[:1].upper() + word[1:] for word in words)


def shorten(name: str, limit: int = MAX_NAME_LENGTH) -> str:
    """``name`` if it fits in ``limit`` characters, else its start, ``_`` and a
    short stable hash of the whole name (so two long names stay distinct)."""
    if len(name) <= limit:
        return name
    import hashlib

    digest = hashlib.sha256(name.encode("utf-8")).hexdigest()[:_HASH_LENGTH]
    return f"{name[: limit - _HASH_LENGTH - 1].rstrip('_')}_{digest}"


def _make_identifier(candidate: str, fallback: str) -> str:
    if not candidate:
        candidate = fallback
    if candidate[0].isdigit():
        candidate = f"{fallback}_{candidate}"
    return shorten(candidate)


def identifier(text: str, namespace: str, *, fallback: str = "field", also: Iterable[str] = ()) -> str:
    """A snake_case identifier for ``text`` that is free in ``namespace``.

    Keywords (hard and soft) and the namespace's reserved words (see
    ``NAMESPACES``; ``also`` adds more) get a trailing underscore.
    """
    reserved = NAMESPACES[namespace]
    extra = frozenset(also)
    name = _make_identifier(snake_case(text), fallback)
    while keyword.iskeyword(name) or name in _SOFT_KEYWORDS or name in reserved or name in extra:
        name += "_"
    return name


def attribute_name(text: str, *, fallback: str = "field") -> str:
    """A snake_case identifier reserved nowhere the generated code binds names
    (the rules every namespace shares; see ``identifier`` for the others)."""
    name = _make_identifier(snake_case(text), fallback)
    while keyword.iskeyword(name) or name in _SOFT_KEYWORDS or name in _RESERVED_BY_GENERATED_CODE:
        name += "_"
    return name


def field_name(text: str) -> str:
    """A model field: never a pydantic ``BaseModel`` attribute or an annotation builtin."""
    return identifier(text, "field", fallback="field")


def parameter_name(text: str, *, waiter: bool = False) -> str:
    """A method argument: a path, query, header or cookie parameter or a body keyword.

    Builtins are allowed (Cohere's API uses ``id`` and ``type``) except those the
    generated method bodies use (``str`` in ``parse_response(typing.Dict[str, X])``).
    With ``waiter``, the operation has a waiter whose signature repeats its
    parameters next to ``poll_interval``, ``timeout`` and ``on_progress``.
    """
    return identifier(text, "parameter", fallback="param", also=WAITER_ARGUMENTS if waiter else ())


def method_name(text: str) -> str:
    """A method of a resource client (operation, pagination, streaming or waiter)."""
    return identifier(text, "method", fallback="call")


def resource_name(text: str) -> str:
    """A resource: its package (``batches/``) and its attribute on the root client."""
    return identifier(text, "resource", fallback="default")


def global_header_name(text: str) -> str:
    """A header sent on every request: a keyword argument of ``Client(...)``."""
    return identifier(text, "global_header", fallback="header")


def method_arguments_taken(*, waiter: bool = False) -> set[str]:
    """The names a generated method's signature binds before any spec parameter."""
    return {"self", "request", "request_options"} | (set(WAITER_ARGUMENTS) if waiter else set())


def class_name(text: str, *, fallback: str = "Model") -> str:
    """A PascalCase class name; never a keyword, builtin or generated-code name."""
    name = _make_identifier(pascal_case(text), fallback)
    if keyword.iskeyword(name) or name in _BUILTIN_NAMES or name in {"Any", "Optional"}:
        name += "_"
    return name


def module_name(text: str) -> str:
    """A file-safe module name: a lower-case snake_case identifier of at most
    ``MAX_NAME_LENGTH`` characters, never a keyword or a Windows device name.

    Lower case makes names that differ only in case (``Foo``, ``FOO``) equal, so
    ``unique`` keeps them apart on case-insensitive file systems too.
    """
    return identifier(text, "module", fallback="module").lower()


def package_name_problem(package: str) -> Optional[str]:
    """Why ``package`` cannot name a generated SDK (``None`` when it can).

    A dotted name of ASCII identifiers, none a keyword (``import class`` is a
    syntax error), each part short enough to be a directory name.
    """
    if not package:
        return "it is empty"
    for part in package.split("."):
        if not part:
            return "it has an empty part"
        if not part.isascii() or not part.isidentifier():
            return f"{part[:40]!r} is not an ASCII Python identifier"
        if keyword.iskeyword(part):
            return f"{part!r} is a Python keyword"
        if len(part) > MAX_NAME_LENGTH:
            return f"a part is {len(part)} characters long (at most {MAX_NAME_LENGTH})"
    return None


def enum_member_name(value: object) -> str:
    """An UPPER_SNAKE constant name for an enum value (``GMT+0`` → ``GMT_0``)."""
    words = split_words(str(value))
    name = "_".join(words).upper() or "EMPTY"
    return shorten(name if name[0].isalpha() else f"VALUE_{name}")


def unique(name: str, taken: set[str]) -> str:
    """``name`` if it is free, else ``name_2``, ``name_3``…; records the result."""
    candidate, counter = name, 2
    while candidate in taken:
        candidate = f"{name}_{counter}"
        counter += 1
    taken.add(candidate)
    return candidate


def unique_module(name: str, taken: set[str]) -> str:
    """``unique`` for file names: compared case-insensitively, ``taken`` holds
    the case-folded names already used in the same directory."""
    candidate, counter = name, 2
    while candidate.casefold() in taken:
        candidate = f"{name}_{counter}"
        counter += 1
    taken.add(candidate.casefold())
    return candidate


# Runtime names the generated client modules use unqualified; a model with one
# of these names would shadow it.
RUNTIME_CLASS_NAMES = frozenset(
    {
        "HttpClient",
        "AsyncHttpClient",
        "HttpResponse",
        "AsyncHttpResponse",
        "RequestOptions",
        "Client",
        "AsyncClient",
    }
)

# Class names for error statuses; the names match Cohere's (Fern's) SDK so callers
# can switch SDKs without touching their ``except`` clauses.
ERROR_CLASS_BY_STATUS: dict[int, str] = {
    400: "BadRequestError",
    401: "UnauthorizedError",
    402: "PaymentRequiredError",
    403: "ForbiddenError",
    404: "NotFoundError",
    405: "MethodNotAllowedError",
    406: "NotAcceptableError",
    408: "RequestTimeoutError",
    409: "ConflictError",
    410: "GoneError",
    412: "PreconditionFailedError",
    413: "ContentTooLargeError",
    415: "UnsupportedMediaTypeError",
    422: "UnprocessableEntityError",
    423: "LockedError",
    424: "FailedDependencyError",
    428: "PreconditionRequiredError",
    429: "TooManyRequestsError",
    498: "InvalidTokenError",
    499: "ClientClosedRequestError",
    500: "InternalServerError",
    501: "NotImplementedError",
    502: "BadGatewayError",
    503: "ServiceUnavailableError",
    504: "GatewayTimeoutError",
}

# Statuses every SDK knows, whether or not its spec declares them.
STANDARD_ERROR_STATUSES = (400, 401, 403, 404, 409, 422, 429, 500, 502, 503, 504)


def error_class_name(status: int) -> str:
    return ERROR_CLASS_BY_STATUS.get(status, f"Status{status}Error")

"""Every rule that turns a name from a spec into a Python name lives here.

Spec names are arbitrary strings (``create-embed-job``, ``StartTime<``, ``class``);
generated code needs identifiers that are valid, readable and shadow nothing the
generated modules use themselves. Keeping all of it in one module means one place
to fix when a real-world spec finds a new corner.
"""

from __future__ import annotations

import builtins
import keyword
import re
import unicodedata

# Names generated modules bind at module level or inside methods; a parameter or
# field with one of these names would shadow them.
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
_BUILTIN_NAMES = frozenset(dir(builtins))

_WORD_BOUNDARY = re.compile(
    r"[A-Z]+(?=[A-Z][a-z0-9])|[A-Z]?[a-z]+[0-9]*|[A-Z]+[0-9]*|[0-9]+[a-z]*"
)


def _ascii_fold(text: str) -> str:
    """Map accented letters to ASCII so names stay typeable (``café`` → ``cafe``)."""
    normalized = unicodedata.normalize("NFKD", text)
    return normalized.encode("ascii", "ignore").decode("ascii")


def split_words(text: str) -> list[str]:
    """Split any spelling (camel, Pascal, snake, kebab, spaced) into lower-case words."""
    return [word.lower() for word in _WORD_BOUNDARY.findall(_ascii_fold(text))]


def snake_case(text: str) -> str:
    """``ListBatches`` → ``list_batches``; ``create-embed-job`` → ``create_embed_job``."""
    return "_".join(split_words(text))


def pascal_case(text: str) -> str:
    """``embed-jobs`` → ``EmbedJobs``; keeps existing capitals inside words."""
    words = _WORD_BOUNDARY.findall(_ascii_fold(text))
    return "".join(word[:1].upper() + word[1:] for word in words)


def _make_identifier(candidate: str, fallback: str) -> str:
    if not candidate:
        candidate = fallback
    if candidate[0].isdigit():
        candidate = f"{fallback}_{candidate}"
    return candidate


def attribute_name(text: str, *, fallback: str = "field") -> str:
    """A snake_case identifier for a field, parameter or method.

    Keywords, builtins and names the generated code binds itself get a trailing
    underscore, so ``class`` → ``class_`` and ``id`` stays ``id`` only where
    shadowing the builtin is harmless (see ``parameter_name``).
    """
    name = _make_identifier(snake_case(text), fallback)
    if keyword.iskeyword(name) or keyword.issoftkeyword(name):
        name += "_"
    if name in _RESERVED_BY_GENERATED_CODE:
        name += "_"
    return name


def parameter_name(text: str) -> str:
    """Like ``attribute_name``; builtins are allowed because Cohere's API uses ``id``.

    A parameter named after a builtin only shadows it inside one method body, and
    the generated method bodies call no builtins by bare name except through
    module-level helpers, so ``id`` and ``type`` stay as users expect them.
    """
    return attribute_name(text, fallback="param")


def class_name(text: str, *, fallback: str = "Model") -> str:
    """A PascalCase class name; never a keyword, builtin or generated-code name."""
    name = _make_identifier(pascal_case(text), fallback)
    if keyword.iskeyword(name) or name in _BUILTIN_NAMES or name in {"Any", "Optional"}:
        name += "_"
    return name


def module_name(text: str) -> str:
    """A file-safe module name (snake_case identifier)."""
    return attribute_name(text, fallback="module")


def enum_member_name(value: object) -> str:
    """An UPPER_SNAKE constant name for an enum value (``GMT+0`` → ``GMT_0``)."""
    words = split_words(str(value))
    name = "_".join(words).upper() or "EMPTY"
    return name if name[0].isalpha() else f"VALUE_{name}"


def unique(name: str, taken: set[str]) -> str:
    """``name`` if it is free, else ``name_2``, ``name_3``…; records the result."""
    candidate, counter = name, 2
    while candidate in taken:
        candidate = f"{name}_{counter}"
        counter += 1
    taken.add(candidate)
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

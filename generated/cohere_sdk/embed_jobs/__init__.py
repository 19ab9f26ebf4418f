# Names load on first use, so importing the package stays cheap.

import importlib
import typing

if typing.TYPE_CHECKING:
    from .client import EmbedJobsClient as EmbedJobsClient
    from .client import AsyncEmbedJobsClient as AsyncEmbedJobsClient
    from .raw_client import RawEmbedJobsClient as RawEmbedJobsClient
    from .raw_client import AsyncRawEmbedJobsClient as AsyncRawEmbedJobsClient
    from .types.create_embed_job_request_truncate import (
        CreateEmbedJobRequestTruncate as CreateEmbedJobRequestTruncate,
    )
    from . import types as types

_EXPORTS: typing.Dict[str, str] = {
    "EmbedJobsClient": ".client",
    "AsyncEmbedJobsClient": ".client",
    "RawEmbedJobsClient": ".raw_client",
    "AsyncRawEmbedJobsClient": ".raw_client",
    "CreateEmbedJobRequestTruncate": ".types.create_embed_job_request_truncate",
    "types": ".types",
}


def __getattr__(name: str) -> typing.Any:
    module_name = _EXPORTS.get(name)
    if module_name is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    module = importlib.import_module(module_name, __name__)
    value = module if module_name == "." + name else getattr(module, name)
    globals()[name] = value
    return value


def __dir__() -> typing.List[str]:
    return sorted(set(globals()) | set(_EXPORTS))


__all__ = [
    "EmbedJobsClient",
    "AsyncEmbedJobsClient",
    "RawEmbedJobsClient",
    "AsyncRawEmbedJobsClient",
    "CreateEmbedJobRequestTruncate",
    "types",
]

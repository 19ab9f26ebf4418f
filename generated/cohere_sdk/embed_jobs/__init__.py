# Names load on first use, so importing the package stays cheap.

import typing

from ..core.lazy import lazy_exports as _lazy_exports

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

__getattr__, __dir__ = _lazy_exports(__name__, globals(), _EXPORTS)

__all__ = [
    "EmbedJobsClient",
    "AsyncEmbedJobsClient",
    "RawEmbedJobsClient",
    "AsyncRawEmbedJobsClient",
    "CreateEmbedJobRequestTruncate",
    "types",
]
